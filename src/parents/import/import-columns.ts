import { createHash } from 'node:crypto';
import { CONSENT_PURPOSES } from '../parent.types';

/**
 * The column layout of a parent import (documented in docs/parent-import.md).
 * Lists inside a cell are separated by "|"; parts of an item by ":".
 */
export const IMPORT_COLUMNS = [
  'external_id',
  'given_name',
  'family_name',
  'household',
  'role',
  'capacity',
  'languages',
  'dutch_level',
  'message_language',
  'prefers_spoken',
  'form_of_address',
  'children',
  'situations',
  'skills',
  'interests',
  'availability',
  'postcode_area',
  'channels',
  'email',
  'phone',
  'consent_matching',
  'consent_share_contact',
  'consent_messages_email',
  'consent_messages_sms',
  'consent_activities',
  'consent_method',
  'at_school_since',
  'note',
] as const;
export const REQUIRED_COLUMNS = [
  'external_id',
  'given_name',
  'role',
  'languages',
  'dutch_level',
  'message_language',
  'channels',
  'consent_matching',
];

type Row = Record<string, string>;

const list = (v: string | undefined): string[] =>
  (v ?? '')
    .split('|')
    .map((s) => s.trim())
    .filter(Boolean);
const YES = /^(y|yes|j|ja|true|1|x)$/i;
/** How the parent wants to be addressed, in Dutch or English; anything else is refused by the intake rules. */
const FORM_OF_ADDRESS: Record<string, string> = {
  vrouw: 'feminine',
  feminine: 'feminine',
  woman: 'feminine',
  man: 'masculine',
  masculine: 'masculine',
  neutraal: 'neutral',
  neutral: 'neutral',
};
const NO = /^(n|no|nee|false|0|)$/i;

function bool(v: string | undefined, column: string, problems: string[]): boolean | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  if (YES.test(v.trim())) return true;
  if (NO.test(v.trim())) return false;
  problems.push(`${column} must be yes or no`);
  return undefined;
}

function int(v: string | undefined, column: string, problems: string[]): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  if (!/^\d+$/.test(v.trim())) {
    problems.push(`${column} must be a whole number`);
    return undefined;
  }
  return Number(v.trim());
}

/** A household key from the file becomes a stable id per school, so re-imports keep it. */
export function householdIdFor(schoolId: string, key: string): string {
  const h = createHash('sha256')
    .update(`${schoolId}:household:${key.trim().toLowerCase()}`)
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Turns one CSV row into the plain object the intake DTO validates; collects format problems. */
export function rowToPlain(row: Row): { plain: Record<string, unknown>; problems: string[] } {
  const problems: string[] = [];
  const consentMethod = row.consent_method?.trim() || 'paper_form';
  const consents = CONSENT_PURPOSES.flatMap((purpose) => {
    const granted = bool(row[`consent_${purpose}`], `consent_${purpose}`, problems);
    return granted === undefined ? [] : [{ purpose, granted, method: consentMethod }];
  });
  const plain: Record<string, unknown> = {
    givenName: row.given_name?.trim(),
    ...(row.family_name?.trim() ? { familyName: row.family_name.trim() } : {}),
    role: row.role?.trim(),
    ...(row.capacity?.trim() ? { capacity: int(row.capacity, 'capacity', problems) } : {}),
    languages: list(row.languages).map((item) => {
      const [code, level = 'native'] = item.split(':').map((s) => s.trim());
      return { code: code?.toLowerCase(), level };
    }),
    dutchLevel: row.dutch_level?.trim(),
    messageLanguage: row.message_language?.trim().toLowerCase(),
    ...(bool(row.prefers_spoken, 'prefers_spoken', problems) !== undefined
      ? { prefersSpoken: YES.test(row.prefers_spoken.trim()) }
      : {}),
    ...(row.form_of_address?.trim()
      ? {
          formOfAddress:
            FORM_OF_ADDRESS[row.form_of_address.trim().toLowerCase()] ?? row.form_of_address.trim(),
        }
      : {}),
    children: list(row.children).map((item) => {
      const [schoolYear, firstName, className] = item.split(':').map((s) => s.trim());
      return {
        schoolYear,
        ...(firstName ? { firstName } : {}),
        ...(className ? { className } : {}),
      };
    }),
    situations: list(row.situations).map((item) => {
      const [code, stance, shared] = item.split(':').map((s) => s.trim());
      return { code, stance, shareWithBuddy: shared === 'shared' };
    }),
    skills: list(row.skills),
    interests: list(row.interests),
    availability: list(row.availability),
    ...(row.postcode_area?.trim() ? { postcodeArea: row.postcode_area.trim() } : {}),
    channels: list(row.channels),
    ...(row.email?.trim() ? { email: row.email.trim() } : {}),
    ...(row.phone?.trim() ? { phone: row.phone.trim() } : {}),
    consents,
    ...(row.at_school_since?.trim()
      ? { atSchoolSince: int(row.at_school_since, 'at_school_since', problems) }
      : {}),
    ...(row.note?.trim() ? { intakeNote: row.note.trim() } : {}),
  };
  return { plain, problems };
}
