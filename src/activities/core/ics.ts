/**
 * iCalendar (RFC 5545) for activities: one event per activity, or a feed of a school's
 * activities. Times in UTC; text escaped and lines folded at 75 octets; CRLF line ends.
 *
 * The ONE calendar writer: the file attached to an e-mail, the file a parent downloads from
 * their page and the feeds all come from here, so an activity is the same calendar entry
 * everywhere (activityUid), a change replaces it (SEQUENCE from the activity's version) and a
 * cancellation removes it (STATUS:CANCELLED).
 */
export interface CalendarEvent {
  uid: string;
  sequence: number;
  stamp: Date;
  start: Date;
  end: Date;
  summary: string;
  description?: string | null;
  location?: string | null;
  cancelled: boolean;
  url?: string;
}

/** The activity's UID in every calendar file (attachment, page download, feeds). */
export function activityUid(activityId: string): string {
  return `activity-${activityId}@oudermaatje`;
}

/** SEQUENCE of an activity's entry: 0 when created, one more with every saved change. */
export function activitySequence(version: number | null | undefined): number {
  return typeof version === 'number' && version > 0 ? version - 1 : 0;
}

export function buildCalendar(
  events: CalendarEvent[],
  options: { name?: string; method?: 'PUBLISH' } = {},
): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//oudermaatje//activities//NL',
    'CALSCALE:GREGORIAN',
    `METHOD:${options.method ?? 'PUBLISH'}`,
  ];
  if (options.name)
    lines.push(`X-WR-CALNAME:${escapeText(options.name)}`, 'X-WR-TIMEZONE:Europe/Amsterdam');
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(e.uid)}`,
      `SEQUENCE:${e.sequence}`,
      `DTSTAMP:${utc(e.stamp)}`,
      `DTSTART:${utc(e.start)}`,
      `DTEND:${utc(e.end)}`,
      `SUMMARY:${escapeText(e.summary)}`,
    );
    if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    if (e.url) lines.push(`URL:${uri(e.url)}`);
    lines.push(`STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`, 'TRANSP:OPAQUE', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** A URI value: no line breaks or other control characters (never split a content line). */
function uri(s: string): string {
  return dropControls(s.replace(/[\r\n\t\u2028\u2029]/g, ''));
}

/** Without the control characters a content line may not hold (all but tab; RFC 5545, 3.1). */
function dropControls(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) continue;
    out += ch;
  }
  return out;
}

export function utc(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * A TEXT value (RFC 5545, 3.3.11): backslash, semicolon and comma escaped; every line break
 * (CRLF, a lone LF or a lone CR, and the Unicode line and paragraph separators) becomes `\n`;
 * other control characters, which a content line may not hold, are dropped.
 */
export function escapeText(s: string): string {
  return dropControls(
    s
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|[\r\n\u2028\u2029]/g, '\\n'),
  );
}

/** Folds a content line at 75 octets without splitting a UTF-8 character. */
export function fold(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= 75) return line;
  const out: string[] = [];
  let current = '';
  let size = 0;
  const limit = () => (out.length === 0 ? 75 : 74); // continuation lines start with a space
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (size + n > limit()) {
      out.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += n;
  }
  out.push(current);
  return out.join('\r\n ');
}
