import { DutchLevel, EngineParent, LanguageLevel, PairRef } from './matching.types';

/**
 * The hard rules: a pair that breaks one is never proposed, whatever its score.
 * Each rule is a small named predicate; `eligibility()` runs them in a fixed order and
 * returns the first that fails, so the answer is stable and explainable.
 */

export type RuleCode =
  /** Seeker and buddy are the same parent. */
  | 'same_parent'
  /** The seeker does not want a buddy now. */
  | 'seeker_not_seeking'
  /** The buddy does not offer to be a buddy. */
  | 'buddy_not_offering'
  /** One of the two is paused or has left. */
  | 'inactive_status'
  /** One of the two did not consent to be matched. */
  | 'no_consent'
  /** Both belong to the same household. */
  | 'same_household'
  /** Different schools while cross-school matching is off. */
  | 'other_school'
  /** Declined before, ended badly, or forbidden by staff. */
  | 'excluded_pair'
  /** No language both speak at conversational level or better. */
  | 'no_shared_language'
  /** The buddy has no experience with what the seeker seeks support in. */
  | 'no_experience'
  /** The buddy has no free slot (capacity - currentLoad <= 0). */
  | 'buddy_full';

export type Eligibility = { ok: true } | { ok: false; rule: RuleCode };

/** Per-parent data derived once per run (languages, situations), cached by object identity. */
export interface ParentProfile {
  /** Language code -> rank (1 basic .. 4 native), Dutch from `dutchLevel` merged in as 'nl'. */
  languages: ReadonlyMap<string, number>;
  /** Situation codes the parent seeks support in, sorted, unique. */
  seeking: readonly string[];
  /** Situation codes the parent has experience with. */
  experienced: ReadonlySet<string>;
}

export type ProfileCache = WeakMap<EngineParent, ParentProfile>;

export interface RuleContext {
  allowCrossSchool: boolean;
  /** Years at the school from which a buddy counts as experienced (see weights). */
  experiencedYears: number;
  /** Excluded pairs as `pairKey()`s; an exclusion holds in both directions. */
  excluded: ReadonlySet<string>;
  /** Derived per-parent data; a fresh cache per run (build a new context after changing parents). */
  profiles: ProfileCache;
}

/** Situations that any parent who knows the school can help with. */
export const GENERIC_SITUATIONS: ReadonlySet<string> = new Set(['new_to_school', 'new_to_nl']);

export const LEVEL_RANK: Readonly<Record<LanguageLevel, number>> = {
  basic: 1,
  conversational: 2,
  fluent: 3,
  native: 4,
};

const DUTCH_RANK: Readonly<Record<DutchLevel, number>> = {
  none: 0,
  basic: 1,
  conversational: 2,
  fluent: 3,
  native: 4,
};

/** The lowest level at which two parents can hold a conversation in a language. */
export const CONVERSATIONAL_RANK = LEVEL_RANK.conversational;

/**
 * Key of an unordered pair. Exclusions are symmetric: when A declined B as a buddy, B is
 * not proposed as A's buddy either (the same two people would meet).
 */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

export function buildRuleContext(options: {
  allowCrossSchool: boolean;
  experiencedYears: number;
  excludedPairs?: readonly PairRef[];
}): RuleContext {
  const excluded = new Set(
    (options.excludedPairs ?? []).map((p) => pairKey(p.seekerId, p.buddyId)),
  );
  return {
    allowCrossSchool: options.allowCrossSchool,
    experiencedYears: options.experiencedYears,
    excluded,
    profiles: new WeakMap(),
  };
}

function buildProfile(p: EngineParent): ParentProfile {
  const languages = new Map<string, number>();
  for (const { code, level } of p.languages) {
    languages.set(code, Math.max(languages.get(code) ?? 0, LEVEL_RANK[level]));
  }
  // Dutch is recorded separately at intake; it counts as a language like any other.
  const dutch = DUTCH_RANK[p.dutchLevel];
  if (dutch > 0) languages.set('nl', Math.max(languages.get('nl') ?? 0, dutch));
  const seeking = [
    ...new Set(p.situations.filter((s) => s.stance === 'seeking').map((s) => s.code)),
  ];
  const experienced = new Set(
    p.situations.filter((s) => s.stance === 'experienced').map((s) => s.code),
  );
  return { languages, seeking: seeking.sort(), experienced };
}

export function profileOf(p: EngineParent, cache?: ProfileCache): ParentProfile {
  const cached = cache?.get(p);
  if (cached) return cached;
  const profile = buildProfile(p);
  cache?.set(p, profile);
  return profile;
}

/** Languages both speak at conversational level or better, sorted by code. */
export function sharedLanguages(a: EngineParent, b: EngineParent, cache?: ProfileCache): string[] {
  const la = profileOf(a, cache).languages;
  const lb = profileOf(b, cache).languages;
  const shared: string[] = [];
  for (const [code, rank] of la) {
    if (rank >= CONVERSATIONAL_RANK && (lb.get(code) ?? 0) >= CONVERSATIONAL_RANK)
      shared.push(code);
  }
  return shared.sort();
}

// ---- the rules, one predicate each ----

export function differentParents(seeker: EngineParent, buddy: EngineParent): boolean {
  return seeker.id !== buddy.id;
}

export function seekerSeeksNow(seeker: EngineParent): boolean {
  return seeker.seeksNow;
}

export function buddyOffers(buddy: EngineParent): boolean {
  return buddy.offers;
}

export function isActive(p: EngineParent): boolean {
  return p.status !== 'paused' && p.status !== 'left';
}

export function bothActive(seeker: EngineParent, buddy: EngineParent): boolean {
  return isActive(seeker) && isActive(buddy);
}

export function bothConsent(seeker: EngineParent, buddy: EngineParent): boolean {
  return seeker.consentToMatch && buddy.consentToMatch;
}

/** Parents without a household (null) never share one. */
export function differentHouseholds(seeker: EngineParent, buddy: EngineParent): boolean {
  return seeker.householdId === null || seeker.householdId !== buddy.householdId;
}

export function sameSchoolOrAllowed(
  seeker: EngineParent,
  buddy: EngineParent,
  allowCrossSchool: boolean,
): boolean {
  return allowCrossSchool || seeker.schoolId === buddy.schoolId;
}

export function notExcluded(
  seeker: EngineParent,
  buddy: EngineParent,
  excluded: ReadonlySet<string>,
): boolean {
  return excluded.size === 0 || !excluded.has(pairKey(seeker.id, buddy.id));
}

export function shareLanguage(
  seeker: EngineParent,
  buddy: EngineParent,
  cache?: ProfileCache,
): boolean {
  const lb = profileOf(buddy, cache).languages;
  for (const [code, rank] of profileOf(seeker, cache).languages) {
    if (rank >= CONVERSATIONAL_RANK && (lb.get(code) ?? 0) >= CONVERSATIONAL_RANK) return true;
  }
  return false;
}

/**
 * Topic coverage.
 * - A seeker who seeks nothing can be paired with any language partner.
 * - Specific situations (dyslexia, divorce, ...): the buddy must have experience with at
 *   least one of them; being new to the school or the country does not count then, since
 *   the seeker asked for someone who went through the specific thing.
 * - Only the generic ones (new to the school / the Netherlands): a buddy who has been at
 *   the school for experiencedYears or more, or who went through it, covers it.
 */
export function coversTopic(
  seeker: EngineParent,
  buddy: EngineParent,
  experiencedYears: number,
  cache?: ProfileCache,
): boolean {
  const seeking = profileOf(seeker, cache).seeking;
  if (seeking.length === 0) return true;
  const experienced = profileOf(buddy, cache).experienced;
  const specific = seeking.filter((code) => !GENERIC_SITUATIONS.has(code));
  if (specific.length > 0) return specific.some((code) => experienced.has(code));
  return buddy.yearsAtSchool >= experiencedYears || seeking.some((code) => experienced.has(code));
}

export function freeSlots(buddy: EngineParent): number {
  return Math.max(0, buddy.capacity - buddy.currentLoad);
}

export function hasFreeCapacity(buddy: EngineParent): boolean {
  return freeSlots(buddy) > 0;
}

type RuleCheck = (seeker: EngineParent, buddy: EngineParent, ctx: RuleContext) => boolean;

/**
 * The order decides which rule `eligibility()` names. Capacity comes last on purpose: a pair
 * that fails only on capacity is a "would fit, but the buddy is full" case.
 */
export const HARD_RULES: readonly { code: RuleCode; passes: RuleCheck }[] = [
  { code: 'same_parent', passes: (s, b) => differentParents(s, b) },
  { code: 'seeker_not_seeking', passes: (s) => seekerSeeksNow(s) },
  { code: 'buddy_not_offering', passes: (_s, b) => buddyOffers(b) },
  { code: 'inactive_status', passes: (s, b) => bothActive(s, b) },
  { code: 'no_consent', passes: (s, b) => bothConsent(s, b) },
  { code: 'same_household', passes: (s, b) => differentHouseholds(s, b) },
  { code: 'other_school', passes: (s, b, ctx) => sameSchoolOrAllowed(s, b, ctx.allowCrossSchool) },
  { code: 'excluded_pair', passes: (s, b, ctx) => notExcluded(s, b, ctx.excluded) },
  { code: 'no_shared_language', passes: (s, b, ctx) => shareLanguage(s, b, ctx.profiles) },
  {
    code: 'no_experience',
    passes: (s, b, ctx) => coversTopic(s, b, ctx.experiencedYears, ctx.profiles),
  },
  { code: 'buddy_full', passes: (_s, b) => hasFreeCapacity(b) },
];

/** Whether `buddy` may be proposed as `seeker`'s buddy; otherwise the first rule it breaks. */
export function eligibility(
  seeker: EngineParent,
  buddy: EngineParent,
  ctx: RuleContext,
): Eligibility {
  for (const rule of HARD_RULES) {
    if (!rule.passes(seeker, buddy, ctx)) return { ok: false, rule: rule.code };
  }
  return { ok: true };
}

/** Every rule the pair breaks, in rule order (empty when eligible). */
export function failingRules(
  seeker: EngineParent,
  buddy: EngineParent,
  ctx: RuleContext,
): RuleCode[] {
  return HARD_RULES.filter((rule) => !rule.passes(seeker, buddy, ctx)).map((rule) => rule.code);
}

/** A parent who takes part in this run as a seeker. */
export function canSeek(p: EngineParent): boolean {
  return p.seeksNow && isActive(p) && p.consentToMatch;
}

/** A parent who takes part in this run as a buddy (possibly full already). */
export function canOffer(p: EngineParent): boolean {
  return p.offers && isActive(p) && p.consentToMatch;
}
