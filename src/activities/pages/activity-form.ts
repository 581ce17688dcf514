import type { TFunction } from 'i18next';
import { checked, field, fields, type FormBody } from '../../workspace/forms';
import type { FieldError } from '../../workspace/views/components';
import type { Activity } from '../activity.entity';
import { localDateTime, SCHOOL_TIME_ZONE } from '../core/local-time';
import { LANGUAGE_CODES } from '../dto/activity-input.dto';

/**
 * The scheduling form as typed (strings), and its mapping to the API's activity DTOs:
 * a date and two times in the school's time zone, the cost in euro, a main title and
 * description with optional translations (fields title_<code>, description_<code>).
 */
export interface ActivityFormState {
  kind: string;
  title: string;
  description: string;
  date: string;
  startTime: string;
  endTime: string;
  location: string;
  capacity: string;
  cost: string;
  languages: string[];
  interpreter: boolean;
  childcare: boolean;
  hostParentIds: string[];
  translations: Record<string, { title: string; description: string }>;
  version?: string;
}

/** The form of a new activity of a kind. */
export function emptyState(kind: string): ActivityFormState {
  return {
    kind,
    title: '',
    description: '',
    date: '',
    startTime: '',
    endTime: '',
    location: '',
    capacity: '',
    cost: '',
    languages: ['nl'],
    interpreter: false,
    childcare: false,
    hostParentIds: [],
    translations: {},
  };
}

/** The form of an existing activity, with its times in the school's time zone. */
export function stateOf(a: Activity, hostIds: string[]): ActivityFormState {
  const start = localDateTime(a.startsAt);
  const end = localDateTime(a.endsAt);
  const translations: ActivityFormState['translations'] = {};
  for (const code of new Set([...Object.keys(a.titles), ...Object.keys(a.descriptions)]))
    translations[code] = { title: a.titles[code] ?? '', description: a.descriptions[code] ?? '' };
  return {
    kind: a.kind,
    title: a.titleFromKind ? '' : a.title,
    description: a.description ?? '',
    date: start.slice(0, 10),
    startTime: start.slice(11),
    // An activity that ends on a later day keeps its end when only the form's times are shown.
    endTime: end.slice(11),
    location: a.location,
    capacity: a.capacity === null ? '' : String(a.capacity),
    cost: a.costCents ? euro(a.costCents) : '',
    languages: a.languages,
    interpreter: a.interpreter,
    childcare: a.childcare,
    hostParentIds: hostIds,
    translations,
    version: String(a.version),
  };
}

/** What was typed, read from a posted form. */
export function stateFromBody(body: FormBody): ActivityFormState {
  const translations: ActivityFormState['translations'] = {};
  for (const key of Object.keys(body ?? {})) {
    const m = /^(title|description)_([a-z]{2,3})$/.exec(key);
    if (!m || !LANGUAGE_CODES.includes(m[2])) continue;
    const entry = (translations[m[2]] ??= { title: '', description: '' });
    entry[m[1] as 'title' | 'description'] = field(body, key);
  }
  return {
    kind: field(body, 'kind'),
    title: field(body, 'title'),
    description: field(body, 'description'),
    date: field(body, 'date'),
    startTime: field(body, 'startTime'),
    endTime: field(body, 'endTime'),
    location: field(body, 'location'),
    capacity: field(body, 'capacity'),
    cost: field(body, 'cost'),
    languages: fields(body, 'languages'),
    interpreter: checked(body, 'interpreter'),
    childcare: checked(body, 'childcare'),
    hostParentIds: fields(body, 'hostParentIds'),
    translations,
    version: field(body, 'version') || undefined,
  };
}

/** 250 → "2,50". */
function euro(cents: number): string {
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
}

/** "2,50", "2.5", "3" → cents; '' → null; anything else NaN (the DTO names it). */
function cents(text: string): number | null {
  if (text === '') return null;
  const m = /^(\d{1,6})(?:[.,](\d{1,2}))?$/.exec(text.replace(/^€\s*/, ''));
  if (!m) return Number.NaN;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

function whole(text: string): number | null {
  if (text === '') return null;
  return /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
}

/**
 * What the form itself can tell before the DTO: a missing date or time (the DTO would only
 * see a malformed timestamp).
 */
export function missingParts(s: ActivityFormState, t: TFunction): FieldError[] {
  const out: FieldError[] = [];
  if (!s.date) out.push({ field: 'date', message: t('form.errors.dateMissing') });
  if (!s.startTime) out.push({ field: 'startTime', message: t('form.errors.startMissing') });
  if (!s.endTime) out.push({ field: 'endTime', message: t('form.errors.endMissing') });
  return out;
}

function texts(s: ActivityFormState, key: 'title' | 'description'): Record<string, string> {
  return Object.fromEntries(
    Object.entries(s.translations)
      .filter(([, v]) => v[key] !== '')
      .map(([code, v]) => [code, v[key]]),
  );
}

/** The plain object for CreateActivityDto. */
export function toCreateDto(s: ActivityFormState): Record<string, unknown> {
  const titles = texts(s, 'title');
  const descriptions = texts(s, 'description');
  return {
    kind: s.kind,
    ...(s.title ? { title: s.title } : {}),
    ...(Object.keys(titles).length ? { titles } : {}),
    ...(s.description ? { description: s.description } : {}),
    ...(Object.keys(descriptions).length ? { descriptions } : {}),
    startsAt: `${s.date}T${s.startTime}`,
    endsAt: `${s.date}T${s.endTime}`,
    timeZone: SCHOOL_TIME_ZONE,
    location: s.location,
    languages: s.languages,
    interpreter: s.interpreter,
    childcare: s.childcare,
    ...(s.cost !== '' ? { costCents: cents(s.cost) } : {}),
    ...(s.capacity !== '' ? { capacity: whole(s.capacity) } : {}),
    hostParentIds: s.hostParentIds,
  };
}

/**
 * The plain object for UpdateActivityDto: every field of the form, so a cleared field is
 * cleared; times only when they differ from the stored ones at the form's precision (so an
 * unchanged form tells nobody). An empty title keeps the current one.
 */
export function toUpdateDto(s: ActivityFormState, current: Activity): Record<string, unknown> {
  const start = `${s.date}T${s.startTime}`;
  const end = `${s.date}T${s.endTime}`;
  const version = whole(s.version ?? '');
  const cost = cents(s.cost);
  // An empty cost field means free, as 0 or null already does: no change to tell anyone.
  const costChanged = !(cost === null && !current.costCents);
  return {
    kind: s.kind,
    ...(s.title ? { title: s.title } : {}),
    titles: texts(s, 'title'),
    description: s.description,
    descriptions: texts(s, 'description'),
    ...(start !== localDateTime(current.startsAt) ? { startsAt: start } : {}),
    ...(end !== localDateTime(current.endsAt) ? { endsAt: end } : {}),
    timeZone: SCHOOL_TIME_ZONE,
    location: s.location,
    languages: s.languages,
    interpreter: s.interpreter,
    childcare: s.childcare,
    ...(costChanged ? { costCents: cost } : {}),
    capacity: whole(s.capacity),
    hostParentIds: s.hostParentIds,
    ...(version !== null ? { version } : {}),
  };
}
