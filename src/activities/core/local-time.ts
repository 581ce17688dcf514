/**
 * Local wall-clock time in Europe/Amsterdam and back, with the ICU data of the runtime (no
 * fixed offsets: summer and winter time differ). Plain functions, no framework imports.
 */
export const SCHOOL_TIME_ZONE = 'Europe/Amsterdam';

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The same few instants (an activity's start and end) are shown to many parents: the latest
 * ones are kept, as formatting is the costly step.
 */
const RECENT = new Map<string, LocalParts>();
const MAX_RECENT = 1000;

/** The wall-clock fields of an instant in a time zone. */
export function localParts(instant: Date, timeZone = SCHOOL_TIME_ZONE): LocalParts {
  const key = `${timeZone}|${instant.getTime()}`;
  const known = RECENT.get(key);
  if (known) return { ...known };
  const computed = computeLocalParts(instant, timeZone);
  if (RECENT.size >= MAX_RECENT) RECENT.delete(RECENT.keys().next().value as string);
  RECENT.set(key, computed);
  return { ...computed };
}

function computeLocalParts(instant: Date, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour % 24,
    minute: parts.minute,
    second: parts.second,
  };
}

/** The local calendar date of an instant, as YYYY-MM-DD. */
export function localDate(instant: Date, timeZone = SCHOOL_TIME_ZONE): string {
  const p = localParts(instant, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** The local date-time of an instant, as YYYY-MM-DDTHH:mm (for forms and the parent page). */
export function localDateTime(instant: Date, timeZone = SCHOOL_TIME_ZONE): string {
  const p = localParts(instant, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** The day after a YYYY-MM-DD date. */
export function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return next.toISOString().slice(0, 10);
}

function offsetMs(instant: number, timeZone: string): number {
  const p = localParts(new Date(instant), timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

export type ParsedTime =
  { ok: true; instant: Date } | { ok: false; reason: 'format' | 'needs_zone' | 'nonexistent' };

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * An ISO 8601 time with an offset (2025-06-12T09:30:00+02:00, ...Z), or a local time without
 * one (2025-06-12T09:30) read in the given time zone. In the autumn hour that occurs twice the
 * first is taken; a time in the spring-forward gap does not exist and is refused.
 */
export function parseTime(text: string, timeZone: string | undefined): ParsedTime {
  const m = ISO.exec(text);
  if (!m) return { ok: false, reason: 'format' };
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(
    Number,
  );
  const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
    return { ok: false, reason: 'format' };
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(wall);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1)
    return { ok: false, reason: 'format' };
  const offset = m[8];
  if (offset) {
    if (offset === 'Z') return { ok: true, instant: new Date(wall) };
    const sign = offset.startsWith('-') ? -1 : 1;
    const [oh, om] = offset.slice(1).split(':').map(Number);
    if (oh > 14 || om > 59) return { ok: false, reason: 'format' };
    return { ok: true, instant: new Date(wall - sign * (oh * 60 + om) * 60_000) };
  }
  if (!timeZone) return { ok: false, reason: 'needs_zone' };
  const candidates = [
    offsetMs(wall - 12 * 3600_000, timeZone),
    offsetMs(wall + 12 * 3600_000, timeZone),
  ]
    .map((o) => wall - o)
    .filter((utc) => {
      const p = localParts(new Date(utc), timeZone);
      return (
        p.year === year &&
        p.month === month &&
        p.day === day &&
        p.hour === hour &&
        p.minute === minute
      );
    })
    .sort((a, b) => a - b);
  if (!candidates.length) return { ok: false, reason: 'nonexistent' };
  return { ok: true, instant: new Date(candidates[0]) };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
