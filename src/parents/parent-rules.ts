import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { FieldProblem, ValidationError } from '../common/errors/domain-error';
import { CLOSEST_SHIPPED, isShipped, ShippedLanguage } from '../i18n/languages';
import {
  Channel,
  ConsentPurpose,
  Consents,
  ParentRole,
  ParentSituation,
  SpokenLanguage,
} from './parent.types';

/** Rules of a parent record that span several fields. Pure functions; no I/O. */

/**
 * The status a parent starts with, and returns to when they take part again after a pause
 * or after leaving: a parent who seeks support waits for a buddy; a buddy is enrolled.
 */
export function startingStatus(role: ParentRole): 'waiting' | 'enrolled' {
  return role === 'buddy' ? 'enrolled' : 'waiting';
}

/** E.164, accepting Dutch numbers as people write them ("06-12 34 56 78", "0031 6 …"). */
export function normalizePhone(raw: string): string | null {
  const cleaned = raw.trim().replace(/^00/, '+');
  const parsed = parsePhoneNumberFromString(cleaned, 'NL');
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

/**
 * The language messages are written in: the requested one when we ship it; else the
 * closest shipped language; else a shipped language the parent speaks well; else Dutch.
 */
export function resolveMessageLanguage(
  requested: string,
  spoken: SpokenLanguage[],
): { messageLanguage: ShippedLanguage; requestedLanguage: string | null } {
  if (isShipped(requested)) return { messageLanguage: requested, requestedLanguage: null };
  const closest = CLOSEST_SHIPPED[requested];
  if (closest) return { messageLanguage: closest, requestedLanguage: requested };
  const order = ['native', 'fluent', 'conversational', 'basic'];
  const readable = [...spoken]
    .filter((l) => isShipped(l.code))
    .sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level))[0];
  return {
    messageLanguage: (readable?.code as ShippedLanguage | undefined) ?? 'nl',
    requestedLanguage: requested,
  };
}

export interface CombinedFields {
  role: ParentRole;
  capacity: number | undefined;
  languages: SpokenLanguage[];
  situations: ParentSituation[];
  channels: Channel[];
  email: string | null;
  phone: string | null;
  consents: Consents;
}

/**
 * The sentences checkCombination() gives per field (the API shows them as they are; the
 * staff workspace recognises them to show its own translated sentence next to the field).
 */
export const RULE_MESSAGES = {
  capacityOnlyForBuddies:
    'capacity is only for parents who offer to be a buddy (role buddy or both)',
  capacityRequired: 'capacity must be 1, 2 or 3 for a parent who offers to be a buddy',
  languageTwice: 'languages must not list the same language twice',
  situationTwice: 'situations must not list the same situation and stance twice',
  buddyCannotSeek: 'a parent who only offers to be a buddy cannot seek support; use role both',
  emailRequired: 'email is required when e-mail is a channel',
  phoneRequired: 'phone is required when SMS/phone is a channel',
  matchingConsentSeeker: 'consent to be matched is required to look for a buddy',
  matchingConsentBuddy: 'a buddy needs consent to be matched',
} as const;
export type RuleMessageKey = keyof typeof RULE_MESSAGES;

/** The key of one of checkCombination()'s sentences, or undefined for another message. */
export function ruleOf(message: string): RuleMessageKey | undefined {
  return (Object.keys(RULE_MESSAGES) as RuleMessageKey[]).find((k) => RULE_MESSAGES[k] === message);
}

/**
 * Checks the whole record after a create or a change; throws one error listing every field.
 * Consent to be matched is needed to enroll; a parent may withdraw it later at any time
 * (`matchingConsentRequired: false` for a change), which takes them out of matching.
 */
export function checkCombination(
  f: CombinedFields,
  options: { matchingConsentRequired?: boolean } = {},
): void {
  const problems: FieldProblem[] = [];
  const add = (field: string, rule: RuleMessageKey): void => {
    problems.push({ field, messages: [RULE_MESSAGES[rule]] });
  };
  if (f.role === 'seeker' && f.capacity !== undefined && f.capacity !== 0)
    add('capacity', 'capacityOnlyForBuddies');
  if (f.role !== 'seeker' && (f.capacity === undefined || f.capacity < 1 || f.capacity > 3))
    add('capacity', 'capacityRequired');
  const codes = f.languages.map((l) => l.code);
  if (new Set(codes).size !== codes.length) add('languages', 'languageTwice');
  const situationKeys = f.situations.map((s) => `${s.code}:${s.stance}`);
  if (new Set(situationKeys).size !== situationKeys.length) add('situations', 'situationTwice');
  if (f.role === 'buddy' && f.situations.some((s) => s.stance === 'seeking'))
    add('situations', 'buddyCannotSeek');
  if (f.channels.includes('email') && !f.email) add('email', 'emailRequired');
  if (f.channels.includes('sms') && !f.phone) add('phone', 'phoneRequired');
  if (options.matchingConsentRequired !== false && !f.consents.matching?.granted)
    add('consents', f.role === 'seeker' ? 'matchingConsentSeeker' : 'matchingConsentBuddy');
  if (problems.length) throw new ValidationError('parent.invalid', describe(problems), problems);
}

function describe(problems: FieldProblem[]): string {
  return problems.map((p) => p.messages[0]).join('; ') + '.';
}

export const REQUIRED_CONSENT: ConsentPurpose = 'matching';
