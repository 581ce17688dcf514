import type { TFunction } from 'i18next';
import { DomainError } from '../../common/errors/domain-error';
import { CHANNEL_CONSENT } from '../../notifications/channel-choice';
import { SCHOOL_YEARS } from '../../taxonomy/taxonomy';
import type { SchoolKind } from '../../schools/school.entity';
import { field, fields, formErrorsFrom, type FormBody } from '../../workspace/forms';
import type { FieldError } from '../../workspace/views/components';
import type { CreateParentDto } from '../dto/parent-input.dto';
import { ruleOf } from '../parent-rules';
import type { Parent } from '../parent.entity';
import { CHANNELS, CONSENT_PURPOSES, type Channel, type ConsentPurpose } from '../parent.types';

/**
 * The intake form as the consultant sees it (strings, as typed), and its translation to
 * the API's intake DTO and back. Repeated groups (children, languages, situations) are rows
 * numbered in the form; empty rows are left out of the DTO, and an error on the DTO's n-th
 * item is shown at the form row it came from.
 */

export const GROUPS = ['children', 'languages', 'situations'] as const;
export type Group = (typeof GROUPS)[number];
/** Rows shown even when fewer are filled in (one conversation rarely needs more). */
export const MIN_ROWS: Record<Group, number> = { children: 3, languages: 3, situations: 3 };
/** Rows read from a post at most (the DTO allows 12 children, 10 languages, 20 situations). */
const MAX_FORM_ROWS = 25;

export const CONSENT_METHODS_IN_FORM = ['in_person', 'interpreter', 'phone', 'paper_form'] as const;

export interface ChildRow {
  schoolYear: string;
  firstName: string;
  className: string;
}
export interface LanguageRow {
  code: string;
  level: string;
}
export interface SituationRow {
  code: string;
  stance: string;
  share: boolean;
}

export interface ParentForm {
  givenName: string;
  familyName: string;
  /** Id of a parent of the same household (intake only). */
  sameHouseholdAs: string;
  householdQuery: string;
  children: ChildRow[];
  languages: LanguageRow[];
  situations: SituationRow[];
  dutchLevel: string;
  messageLanguage: string;
  prefersSpoken: boolean;
  /** feminine, masculine, neutral, or '' (not asked). */
  formOfAddress: string;
  role: string;
  capacity: string;
  skills: string[];
  interests: string[];
  availability: string[];
  postcode: string;
  channels: string[];
  /** The channel to try first ('' = the order of the list). */
  channelFirst: string;
  email: string;
  phone: string;
  consents: Partial<Record<ConsentPurpose, 'yes' | 'no'>>;
  consentMethod: string;
  intakeNote: string;
  atSchoolSince: string;
  /** The version the form was read at (editing only). */
  version: string;
}

export function emptyForm(): ParentForm {
  return {
    givenName: '',
    familyName: '',
    sameHouseholdAs: '',
    householdQuery: '',
    children: [],
    languages: [],
    situations: [],
    dutchLevel: '',
    messageLanguage: '',
    prefersSpoken: false,
    formOfAddress: '',
    role: '',
    capacity: '',
    skills: [],
    interests: [],
    availability: [],
    postcode: '',
    channels: [],
    channelFirst: '',
    email: '',
    phone: '',
    consents: {},
    consentMethod: 'in_person',
    intakeNote: '',
    atSchoolSince: '',
    version: '',
  };
}

/** How many rows of a group the post holds (the highest row number sent, plus one). */
function rowsPosted(body: FormBody, group: Group): number {
  let n = 0;
  const re = new RegExp(`^${group}\\.(\\d+)\\.`);
  for (const key of Object.keys(body ?? {})) {
    const m = re.exec(key);
    if (m) n = Math.max(n, Math.min(Number(m[1]) + 1, MAX_FORM_ROWS));
  }
  return n;
}

function rows<T>(body: FormBody, group: Group, read: (prefix: string) => T): T[] {
  return Array.from({ length: rowsPosted(body, group) }, (_, i) => read(`${group}.${i}.`));
}

/** The form as posted: every value as typed (trimmed), nothing dropped. */
export function readForm(body: FormBody): ParentForm {
  const consents: ParentForm['consents'] = {};
  for (const purpose of CONSENT_PURPOSES) {
    const v = field(body, `consents.${purpose}`);
    if (v === 'yes' || v === 'no') consents[purpose] = v;
  }
  return {
    givenName: field(body, 'givenName'),
    familyName: field(body, 'familyName'),
    sameHouseholdAs: field(body, 'sameHouseholdAs'),
    householdQuery: field(body, 'householdQuery'),
    children: rows(body, 'children', (p) => ({
      schoolYear: field(body, `${p}schoolYear`),
      firstName: field(body, `${p}firstName`),
      className: field(body, `${p}className`),
    })),
    languages: rows(body, 'languages', (p) => ({
      code: field(body, `${p}code`),
      level: field(body, `${p}level`),
    })),
    situations: rows(body, 'situations', (p) => ({
      code: field(body, `${p}code`),
      stance: field(body, `${p}stance`),
      share: field(body, `${p}share`) !== '',
    })),
    dutchLevel: field(body, 'dutchLevel'),
    messageLanguage: field(body, 'messageLanguage'),
    prefersSpoken: field(body, 'prefersSpoken') !== '',
    formOfAddress: field(body, 'formOfAddress'),
    role: field(body, 'role'),
    capacity: field(body, 'capacity'),
    skills: fields(body, 'skills'),
    interests: fields(body, 'interests'),
    availability: fields(body, 'availability'),
    postcode: field(body, 'postcode'),
    channels: fields(body, 'channels'),
    channelFirst: field(body, 'channelFirst'),
    email: field(body, 'email'),
    phone: field(body, 'phone'),
    consents,
    consentMethod: field(body, 'consentMethod'),
    intakeNote: field(body, 'intakeNote'),
    atSchoolSince: field(body, 'atSchoolSince'),
    version: field(body, 'version'),
  };
}

/** A stored parent as the form shows it for a change. */
export function formOf(p: Parent): ParentForm {
  const consents: ParentForm['consents'] = {};
  for (const purpose of CONSENT_PURPOSES) {
    const c = p.consents[purpose];
    if (c) consents[purpose] = c.granted ? 'yes' : 'no';
  }
  return {
    ...emptyForm(),
    givenName: p.givenName,
    familyName: p.familyName ?? '',
    children: p.children.map((c) => ({
      schoolYear: c.schoolYear,
      firstName: c.firstName ?? '',
      className: c.className ?? '',
    })),
    languages: p.languages.map((l) => ({ code: l.code, level: l.level })),
    situations: p.situations.map((s) => ({
      code: s.code,
      stance: s.stance,
      share: s.shareWithBuddy,
    })),
    dutchLevel: p.dutchLevel,
    messageLanguage: p.requestedLanguage ?? p.messageLanguage,
    prefersSpoken: p.prefersSpoken,
    formOfAddress: p.formOfAddress ?? '',
    role: p.role,
    capacity: p.role === 'seeker' ? '' : String(p.capacity),
    skills: [...p.skills],
    interests: [...p.interests],
    availability: [...p.availability],
    postcode: p.postcodeArea ?? '',
    channels: [...p.channels],
    channelFirst: p.channels.length > 1 ? p.channels[0] : '',
    email: p.email ?? '',
    phone: p.phone ?? '',
    consents,
    atSchoolSince: String(p.atSchoolSince),
    version: String(p.version),
  };
}

/** Rows to show: those posted or stored, and at least MIN_ROWS (plus `extra` empty ones). */
export function withRows(form: ParentForm, extra: Partial<Record<Group, number>> = {}): ParentForm {
  const pad = <T>(list: T[], group: Group, empty: () => T): T[] => {
    const out = [...list];
    const want = Math.max(MIN_ROWS[group], list.length) + (extra[group] ?? 0);
    while (out.length < Math.min(want, MAX_FORM_ROWS)) out.push(empty());
    return out;
  };
  return {
    ...form,
    children: pad(form.children, 'children', () => ({
      schoolYear: '',
      firstName: '',
      className: '',
    })),
    languages: pad(form.languages, 'languages', () => ({ code: '', level: '' })),
    situations: pad(form.situations, 'situations', () => ({ code: '', stance: '', share: false })),
  };
}

const isEmptyChild = (c: ChildRow): boolean => !c.schoolYear && !c.firstName && !c.className;
const isEmptyLanguage = (l: LanguageRow): boolean => !l.code && !l.level;
const isEmptySituation = (s: SituationRow): boolean => !s.code && !s.stance && !s.share;

/**
 * "3035 AB", "3035ab" or "3035" → "3035": the four digits the intake stores. Anything
 * else is passed on as typed, for the DTO's check to name.
 */
export function postcodeArea(typed: string): string {
  const m = /^([1-9][0-9]{3})\s*(?:[A-Za-z]{2})?$/.exec(typed.replace(/\s+/g, ' ').trim());
  return m ? m[1] : typed;
}

/** Channels in order of preference: the one to try first, then the others as listed. */
export function orderedChannels(form: Pick<ParentForm, 'channels' | 'channelFirst'>): string[] {
  const chosen = [...new Set(form.channels)];
  const first = form.channelFirst;
  if (!first) return chosen;
  return [first, ...chosen.filter((c) => c !== first)];
}

/** Where each item of the DTO's lists came from in the form. */
export interface RowMap {
  children: number[];
  languages: number[];
  situations: number[];
  consents: ConsentPurpose[];
}

/**
 * The plain intake the DTO validates. On a change (`edit`), an emptied optional field is
 * sent as null so the stored value is cleared (the API's PATCH semantics).
 */
export function toIntake(
  form: ParentForm,
  mode: 'create' | 'edit',
): { plain: Record<string, unknown>; map: RowMap } {
  const cleared = mode === 'edit' ? null : undefined;
  const opt = (v: string): string | null | undefined => (v === '' ? cleared : v);
  const int = (v: string): number | undefined =>
    v === '' ? undefined : /^-?\d+$/.test(v) ? Number(v) : Number.NaN;
  const map: RowMap = { children: [], languages: [], situations: [], consents: [] };
  const children = form.children.flatMap((c, i) => {
    if (isEmptyChild(c)) return [];
    map.children.push(i);
    return [
      {
        schoolYear: c.schoolYear,
        ...(c.firstName ? { firstName: c.firstName } : {}),
        ...(c.className ? { className: c.className } : {}),
      },
    ];
  });
  const languages = form.languages.flatMap((l, i) => {
    if (isEmptyLanguage(l)) return [];
    map.languages.push(i);
    return [{ code: l.code, level: l.level }];
  });
  const situations = form.situations.flatMap((s, i) => {
    if (isEmptySituation(s)) return [];
    map.situations.push(i);
    return [{ code: s.code, stance: s.stance, shareWithBuddy: s.share }];
  });
  const method = form.consentMethod || 'in_person';
  const consents = CONSENT_PURPOSES.flatMap((purpose) => {
    const answer = form.consents[purpose];
    if (!answer) return [];
    map.consents.push(purpose);
    return [{ purpose, granted: answer === 'yes', method }];
  });
  const plain: Record<string, unknown> = {
    givenName: form.givenName,
    familyName: opt(form.familyName),
    ...(mode === 'create' && form.sameHouseholdAs ? { sameHouseholdAs: form.sameHouseholdAs } : {}),
    children,
    languages,
    dutchLevel: form.dutchLevel,
    messageLanguage: form.messageLanguage,
    prefersSpoken: form.prefersSpoken,
    // Not asked stays null (neutral wording); an edit can set it back to not asked.
    formOfAddress: form.formOfAddress === '' ? null : form.formOfAddress,
    role: form.role,
    // The number of parents applies to a buddy only; a seeker's form ignores it.
    capacity: form.role === 'seeker' ? undefined : int(form.capacity),
    situations,
    skills: [...new Set(form.skills)],
    interests: [...new Set(form.interests)],
    availability: [...new Set(form.availability)],
    postcodeArea: opt(postcodeArea(form.postcode)),
    channels: orderedChannels(form),
    email: opt(form.email),
    phone: opt(form.phone),
    consents,
    intakeNote: opt(form.intakeNote),
    atSchoolSince: int(form.atSchoolSince),
    ...(mode === 'edit' ? { version: int(form.version) } : {}),
  };
  for (const k of Object.keys(plain)) if (plain[k] === undefined) delete plain[k];
  return { plain, map };
}

/** A DTO field path as the form's field path (`children.1.schoolYear` → the form row it came from). */
export function formField(path: string, map: RowMap): string {
  const row = /^(children|languages|situations)\.(\d+)(\..*)?$/.exec(path);
  if (row) {
    const at = map[row[1] as Group][Number(row[2])];
    return at === undefined ? row[1] : `${row[1]}.${at}${row[3] ?? ''}`;
  }
  const consent = /^consents\.(\d+)(\..*)?$/.exec(path);
  if (consent) {
    if (consent[2] === '.method') return 'consentMethod';
    const purpose = map.consents[Number(consent[1])];
    return purpose ? `consents.${purpose}` : 'consents';
  }
  if (path === 'consents') return 'consents.matching';
  if (path === 'postcodeArea') return 'postcode';
  return path;
}

/** Field paths (patterns) in the order of the form, for the error summary. */
const FIELD_ORDER = [
  '_form',
  'version',
  'givenName',
  'familyName',
  'sameHouseholdAs',
  'householdQuery',
  'children',
  'languages',
  'dutchLevel',
  'messageLanguage',
  'prefersSpoken',
  'formOfAddress',
  'role',
  'capacity',
  'situations',
  'skills',
  'interests',
  'availability',
  'postcode',
  'channels',
  'email',
  'phone',
  'consents',
  'consentMethod',
  'intakeNote',
  'atSchoolSince',
];

function orderOf(path: string): number[] {
  const top = path.split('.')[0];
  const i = FIELD_ORDER.indexOf(top);
  const row = /^\w+\.(\d+)/.exec(path);
  const consent = /^consents\.(\w+)/.exec(path);
  return [
    i === -1 ? FIELD_ORDER.length : i,
    row ? Number(row[1]) : consent ? CONSENT_PURPOSES.indexOf(consent[1] as ConsentPurpose) : -1,
  ];
}

/** The message key (errors.field.<key>) of a form field, shared by every row of a group. */
const FIELD_KEYS: [RegExp, string][] = [
  [/^givenName$/, 'givenName'],
  [/^familyName$/, 'familyName'],
  [/^sameHouseholdAs$/, 'household'],
  [/^children$/, 'children'],
  [/^children\.\d+\.schoolYear$/, 'childSchoolYear'],
  [/^children\.\d+\.firstName$/, 'childFirstName'],
  [/^children\.\d+\.className$/, 'childClassName'],
  [/^languages$/, 'languages'],
  [/^languages\.\d+\.code$/, 'languageCode'],
  [/^languages\.\d+\.level$/, 'languageLevel'],
  [/^dutchLevel$/, 'dutchLevel'],
  [/^messageLanguage$/, 'messageLanguage'],
  [/^role$/, 'role'],
  [/^capacity$/, 'capacity'],
  [/^situations$/, 'situations'],
  [/^situations\.\d+\.code$/, 'situationCode'],
  [/^situations\.\d+\.stance$/, 'situationStance'],
  [/^(skills|interests|availability)$/, 'choices'],
  [/^postcode$/, 'postcode'],
  [/^channels$/, 'channels'],
  [/^email$/, 'email'],
  [/^phone$/, 'phone'],
  [/^consents\.\w+(\.granted)?$/, 'consent'],
  [/^consentMethod$/, 'consentMethod'],
  [/^intakeNote$/, 'intakeNote'],
  [/^atSchoolSince$/, 'atSchoolSince'],
  [/^version$/, 'version'],
];

function fieldMessage(t: TFunction, path: string, fallback: string): string {
  const key = FIELD_KEYS.find(([re]) => re.test(path))?.[1];
  return key ? t(`errors.field.${key}`) : fallback;
}

function sorted(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors
    .filter((e) => {
      const k = `${e.field}|${e.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .map((e, i) => ({ e, i, o: orderOf(e.field) }))
    .sort((a, b) => a.o[0] - b.o[0] || a.o[1] - b.o[1] || a.i - b.i)
    .map((x) => x.e);
}

/** The DTO's validation errors at the form's fields, each a plain sentence about that field. */
export function formErrors(t: TFunction, errors: FieldError[], map: RowMap): FieldError[] {
  return sorted(
    errors.map((e) => {
      const at = formField(e.field, map);
      return { field: at, message: fieldMessage(t, at, e.message) };
    }),
  );
}

/**
 * A service error at the form's fields: the intake rules across fields (capacity, channels,
 * consent) each with its own sentence; undefined for errors a form cannot show.
 */
export function serviceErrors(t: TFunction, err: unknown, map: RowMap): FieldError[] | undefined {
  if (err instanceof DomainError && err.code === 'parent.invalid' && err.fields?.length)
    return sorted(
      err.fields.map((f) => {
        const rule = ruleOf(f.messages[0] ?? '');
        const at = formField(f.field, map);
        return {
          field: at,
          message: rule ? t(`errors.rule.${rule}`) : fieldMessage(t, at, f.messages[0] ?? ''),
        };
      }),
    );
  if (err instanceof DomainError && err.code === 'parent.invalid_phone')
    return [{ field: 'phone', message: t('errors.field.phoneInvalid') }];
  if (err instanceof DomainError && err.code === 'parent.unknown_household')
    return [{ field: 'sameHouseholdAs', message: t('errors.field.household') }];
  const errors = formErrorsFrom(err, t);
  return errors && sorted(errors.map((e) => ({ ...e, field: formField(e.field, map) })));
}

/**
 * Written channels chosen without the parent's consent to use them: nothing is sent through
 * such a channel (each message becomes a task for the consultant), so the form warns first.
 */
export function channelsWithoutConsent(
  dto: Pick<CreateParentDto, 'channels' | 'consents'>,
): Channel[] {
  return dto.channels.filter((c): c is Channel => {
    const purpose = (CHANNEL_CONSENT as Partial<Record<Channel, ConsentPurpose>>)[c];
    return !!purpose && !dto.consents.some((x) => x.purpose === purpose && x.granted);
  });
}

/** The school years a school offers in its forms, by the kind of school. */
export function schoolYearsFor(kind: SchoolKind): string[] {
  if (kind === 'primary') return SCHOOL_YEARS.filter((y) => !y.startsWith('vo-'));
  if (kind === 'secondary') return SCHOOL_YEARS.filter((y) => y.startsWith('vo-'));
  return [...SCHOOL_YEARS];
}

/** A school year the way schools say it: "groep 3", "brugklas", "klas 2". */
export function schoolYearLabel(t: TFunction, code: string): string {
  const groep = /^groep-(\d)$/.exec(code);
  if (groep) return t('schoolYear.groep', { n: Number(groep[1]) });
  const vo = /^vo-(\d)$/.exec(code);
  if (vo)
    return vo[1] === '1' ? t('schoolYear.brugklas') : t('schoolYear.klas', { n: Number(vo[1]) });
  if (code === 'early-years') return t('schoolYear.earlyYears');
  return code;
}

export const CHANNEL_LIST: readonly Channel[] = CHANNELS;
