import { EngineParent, MatchingWeights, Reason } from './matching.types';
import { CONVERSATIONAL_RANK, LEVEL_RANK, ProfileCache, profileOf, sharedLanguages } from './rules';

/**
 * Soft criteria: how well an eligible pair fits. Each criterion is a small function that
 * returns its reasons; a reason carries the points it adds and the params an app needs to
 * render a sentence in any language ({ language }, { situation }, { count }, ...). Where a
 * sentence has a plural, the number that picks the form is always called `count`.
 *
 * A reason with 0 points (the school switched the criterion off) is left out, except
 * shared_language: it always tells which language the pair can speak.
 */

export interface ScoringContext {
  /** Situation codes that are sensitive (health, origin, family life). */
  sensitiveSituations: ReadonlySet<string>;
  profiles?: ProfileCache;
}

export interface PairScore {
  points: number;
  reasons: Reason[];
}

export function buildScoringContext(
  sensitiveSituations: readonly string[],
  profiles?: ProfileCache,
): ScoringContext {
  return { sensitiveSituations: new Set(sensitiveSituations), profiles };
}

function reason(
  code: Reason['code'],
  points: number,
  params: Reason['params'] = {},
  staffOnly = false,
): Reason {
  return { code, params, points, staffOnly };
}

function sumPoints(reasons: readonly Reason[]): number {
  return reasons.reduce((sum, r) => sum + r.points, 0);
}

function capped(count: number, perUnit: number, cap: number): number {
  return Math.min(count * perUnit, cap);
}

/** Values in both lists, unique and sorted. The lists are short (a few items), so no Set. */
function intersect(a: readonly string[], b: readonly string[]): string[] {
  const shared: string[] = [];
  for (const x of a) if (b.includes(x) && !shared.includes(x)) shared.push(x);
  return shared.length > 1 ? shared.sort() : shared;
}

/** The seeker's Dutch is too weak for a conversation in Dutch. */
export function hasWeakDutch(p: EngineParent): boolean {
  return p.dutchLevel === 'none' || p.dutchLevel === 'basic';
}

/**
 * A situation may be shown to the two parents only when BOTH agreed to share it with their
 * buddy; otherwise a reason that names it is for staff only. A sensitive situation (health,
 * origin, family life) follows the same rule: when both chose to share it (a child's dyslexia
 * is often the very reason for the pair), the introduction says so. Only the explanation
 * changes with this flag, never the points.
 */
export function isStaffOnlySituation(
  situation: string,
  seeker: EngineParent,
  buddy: EngineParent,
): boolean {
  return (
    !seeker.shareableSituations.includes(situation) ||
    !buddy.shareableSituations.includes(situation)
  );
}

/**
 * The language the pair will speak. For a seeker with weak Dutch, a language the seeker
 * speaks natively (other than Dutch) comes first: that is the point of a bilingual buddy.
 * Then the highest level both reach, then the highest combined level, then Dutch (the school's
 * language), then the code, so the choice never depends on input order.
 */
export function bestSharedLanguage(
  seeker: EngineParent,
  buddy: EngineParent,
  cache?: ProfileCache,
): string | null {
  const ls = profileOf(seeker, cache).languages;
  const lb = profileOf(buddy, cache).languages;
  const weakDutch = hasWeakDutch(seeker);
  const key = (code: string): number[] => {
    const s = ls.get(code) ?? 0;
    const b = lb.get(code) ?? 0;
    const ownLanguage = weakDutch && code !== 'nl' && s === LEVEL_RANK.native ? 1 : 0;
    return [ownLanguage, Math.min(s, b), s + b, code === 'nl' ? 1 : 0];
  };
  let best: string | null = null;
  let bestKey: number[] = [];
  for (const code of sharedLanguages(seeker, buddy, cache)) {
    const k = key(code);
    // Codes arrive sorted, so on a full tie the alphabetically first one stays.
    if (best === null || compareDesc(k, bestKey) < 0) {
      best = code;
      bestKey = k;
    }
  }
  return best;
}

/** Negative when a ranks before b (larger numbers first). */
function compareDesc(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i] - a[i];
  return 0;
}

export function languageReasons(
  seeker: EngineParent,
  buddy: EngineParent,
  w: MatchingWeights,
  cache?: ProfileCache,
): Reason[] {
  const language = bestSharedLanguage(seeker, buddy, cache);
  if (language === null) return [];
  const reasons = [reason('shared_language', w.sharedLanguage, { language })];
  const seekerLevel = profileOf(seeker, cache).languages.get(language);
  if (
    hasWeakDutch(seeker) &&
    language !== 'nl' &&
    seekerLevel === LEVEL_RANK.native &&
    w.firstLanguageBonus > 0
  ) {
    reasons.push(reason('first_language', w.firstLanguageBonus, { language }));
  }
  return reasons;
}

/** One reason per situation the seeker seeks support in and the buddy went through. */
export function situationReasons(
  seeker: EngineParent,
  buddy: EngineParent,
  w: MatchingWeights,
  ctx: ScoringContext,
): Reason[] {
  if (w.situation <= 0) return [];
  const experienced = profileOf(buddy, ctx.profiles).experienced;
  return profileOf(seeker, ctx.profiles)
    .seeking.filter((situation) => experienced.has(situation))
    .map((situation) =>
      reason(
        'situation_experience',
        w.situation,
        { situation },
        isStaffOnlySituation(situation, seeker, buddy),
      ),
    );
}

/**
 * A seeker new to the school or the country (who asked for help with that) with a buddy who
 * has been at the school for experiencedYears or more. Names the situation, so it follows the
 * same sharing rule as situation reasons (new_to_nl may reveal origin).
 */
export function newcomerReasons(
  seeker: EngineParent,
  buddy: EngineParent,
  w: MatchingWeights,
  ctx: ScoringContext,
): Reason[] {
  if (w.newcomerWithExperienced <= 0 || buddy.yearsAtSchool < w.experiencedYears) return [];
  const seeking = profileOf(seeker, ctx.profiles).seeking;
  // new_to_school before new_to_nl: the less revealing one when both apply.
  const situation = ['new_to_school', 'new_to_nl'].find((code) => seeking.includes(code));
  if (situation === undefined) return [];
  return [
    reason(
      'newcomer_with_experienced',
      w.newcomerWithExperienced,
      // count: the buddy's whole years at the school (i18next picks the plural form by count)
      { situation, count: buddy.yearsAtSchool },
      isStaffOnlySituation(situation, seeker, buddy),
    ),
  ];
}

export function schoolYearReasons(
  seeker: EngineParent,
  buddy: EngineParent,
  w: MatchingWeights,
): Reason[] {
  const shared = intersect(seeker.childYears, buddy.childYears);
  if (shared.length === 0 || w.sameSchoolYear <= 0) return [];
  return [reason('same_school_year', w.sameSchoolYear, { year: shared[0], count: shared.length })];
}

/** Class names only mean the same class within one school ('3B' exists everywhere). */
export function classReasons(
  seeker: EngineParent,
  buddy: EngineParent,
  w: MatchingWeights,
): Reason[] {
  if (seeker.schoolId !== buddy.schoolId || w.sameClass <= 0) return [];
  const shared = intersect(seeker.childClasses, buddy.childClasses);
  if (shared.length === 0) return [];
  return [reason('same_class', w.sameClass, { class: shared[0], count: shared.length })];
}

export function neighbourhoodReasons(
  seeker: EngineParent,
  buddy: EngineParent,
  w: MatchingWeights,
): Reason[] {
  const area = seeker.postcodeArea;
  if (area === null || area !== buddy.postcodeArea || w.sameNeighbourhood <= 0) return [];
  return [reason('same_neighbourhood', w.sameNeighbourhood, { postcode: area })];
}

export function availabilityReasons(
  seeker: EngineParent,
  buddy: EngineParent,
  w: MatchingWeights,
): Reason[] {
  const count = intersect(seeker.availability, buddy.availability).length;
  const points = capped(count, w.availabilitySlot, w.availabilityCap);
  return points > 0 ? [reason('availability_overlap', points, { count })] : [];
}

export function interestReasons(
  seeker: EngineParent,
  buddy: EngineParent,
  w: MatchingWeights,
): Reason[] {
  const count = intersect(seeker.interests, buddy.interests).length;
  const points = capped(count, w.sharedInterest, w.interestCap);
  return points > 0 ? [reason('shared_interests', points, { count })] : [];
}

/**
 * The fit of an eligible pair (call it after the hard rules passed). Priority and load
 * reasons are not part of it: they depend on the whole run, see below.
 */
export function scorePair(
  seeker: EngineParent,
  buddy: EngineParent,
  weights: MatchingWeights,
  ctx: ScoringContext,
): PairScore {
  const reasons = [
    ...languageReasons(seeker, buddy, weights, ctx.profiles),
    ...situationReasons(seeker, buddy, weights, ctx),
    ...newcomerReasons(seeker, buddy, weights, ctx),
    ...schoolYearReasons(seeker, buddy, weights),
    ...classReasons(seeker, buddy, weights),
    ...neighbourhoodReasons(seeker, buddy, weights),
    ...availabilityReasons(seeker, buddy, weights),
    ...interestReasons(seeker, buddy, weights),
  ];
  return { points: sumPoints(reasons), reasons };
}

/** How many distinct values of a are in b (what intersect(a, b).length would be). */
function overlap(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (b.includes(x) && a.indexOf(x) === i) n++;
  }
  return n;
}

/**
 * scorePair(...).points without building a reason: the number the solver needs for every
 * candidate pair. The reasons are built (by scorePair) only for the pairs that are proposed.
 * Each term mirrors one criterion above, including when a criterion adds nothing.
 */
export function scorePoints(
  seeker: EngineParent,
  buddy: EngineParent,
  w: MatchingWeights,
  ctx: ScoringContext,
): number {
  const seekerProfile = profileOf(seeker, ctx.profiles);
  const buddyProfile = profileOf(buddy, ctx.profiles);
  // Language: the shared one always counts; the first-language bonus when the best shared
  // language is a non-Dutch one the seeker speaks natively (which bestSharedLanguage puts
  // first for a seeker with weak Dutch whenever there is one).
  let shared = false;
  let ownLanguage = false;
  const weakDutch = hasWeakDutch(seeker);
  for (const [code, rank] of seekerProfile.languages) {
    if (rank < CONVERSATIONAL_RANK || (buddyProfile.languages.get(code) ?? 0) < CONVERSATIONAL_RANK)
      continue;
    shared = true;
    if (weakDutch && code !== 'nl' && rank === LEVEL_RANK.native) ownLanguage = true;
  }
  if (!shared) return pointsWithoutLanguage(seeker, buddy, w, ctx);
  let points = w.sharedLanguage;
  if (ownLanguage && w.firstLanguageBonus > 0) points += w.firstLanguageBonus;
  return points + pointsWithoutLanguage(seeker, buddy, w, ctx);
}

function pointsWithoutLanguage(
  seeker: EngineParent,
  buddy: EngineParent,
  w: MatchingWeights,
  ctx: ScoringContext,
): number {
  let points = 0;
  const seeking = profileOf(seeker, ctx.profiles).seeking;
  if (w.situation > 0 && seeking.length > 0) {
    const experienced = profileOf(buddy, ctx.profiles).experienced;
    for (const code of seeking) if (experienced.has(code)) points += w.situation;
  }
  if (
    w.newcomerWithExperienced > 0 &&
    buddy.yearsAtSchool >= w.experiencedYears &&
    (seeking.includes('new_to_school') || seeking.includes('new_to_nl'))
  )
    points += w.newcomerWithExperienced;
  if (w.sameSchoolYear > 0 && overlap(seeker.childYears, buddy.childYears) > 0)
    points += w.sameSchoolYear;
  if (
    w.sameClass > 0 &&
    seeker.schoolId === buddy.schoolId &&
    overlap(seeker.childClasses, buddy.childClasses) > 0
  )
    points += w.sameClass;
  if (
    w.sameNeighbourhood > 0 &&
    seeker.postcodeArea !== null &&
    seeker.postcodeArea === buddy.postcodeArea
  )
    points += w.sameNeighbourhood;
  const slots = capped(
    overlap(seeker.availability, buddy.availability),
    w.availabilitySlot,
    w.availabilityCap,
  );
  if (slots > 0) points += slots;
  const interests = capped(
    overlap(seeker.interests, buddy.interests),
    w.sharedInterest,
    w.interestCap,
  );
  if (interests > 0) points += interests;
  return points;
}

// ---- per seeker: priority (staff only) ----

/** Per full week waiting, capped; nothing in the first week. */
export function waitingReason(seeker: EngineParent, w: MatchingWeights): Reason | null {
  const weeks = Math.floor(Math.max(0, seeker.waitingDays) / 7);
  const points = capped(weeks, w.waitingPerWeek, w.waitingCap);
  return points > 0
    ? reason('waiting_priority', points, { count: weeks, days: seeker.waitingDays }, true)
    : null;
}

/** A seeker with only a few possible buddies (but at least one) goes first for them. */
export function scarcityReason(candidates: number, w: MatchingWeights): Reason | null {
  if (candidates < 1 || candidates > w.scarceCandidates || w.scarcityBonus <= 0) return null;
  return reason('scarce_candidates', w.scarcityBonus, { count: candidates }, true);
}

/**
 * Priority reasons of a seeker; their points go on every edge of that seeker, so they only
 * decide who gets a buddy that several seekers want (all edges of a seeker shift equally).
 */
export function priorityReasons(
  seeker: EngineParent,
  candidates: number,
  w: MatchingWeights,
): Reason[] {
  return [waitingReason(seeker, w), scarcityReason(candidates, w)].filter(
    (r): r is Reason => r !== null,
  );
}

// ---- per buddy: load spreading ----

/**
 * Cost of a buddy's slot, 0-based and counting the seekers the buddy already has:
 * slot 0 (first seeker) is free, slot 1 costs secondSeekerPenalty, slot 2 and later
 * thirdSeekerPenalty. Non-decreasing (resolveWeights checks it), as the solver requires.
 */
export function slotPenalty(slot: number, w: MatchingWeights): number {
  if (slot <= 0) return 0;
  return slot === 1 ? w.secondSeekerPenalty : w.thirdSeekerPenalty;
}

/** The solver's slotPenalty table for slots 0..slots-1. */
export function slotPenaltyTable(slots: number, w: MatchingWeights): number[] {
  return Array.from({ length: Math.max(slots, 1) }, (_, k) => slotPenalty(k, w));
}

export function loadReason(slot: number, w: MatchingWeights): Reason | null {
  const penalty = slotPenalty(slot, w);
  return penalty > 0 ? reason('load_penalty', -penalty, { seekerNumber: slot + 1 }, true) : null;
}

export function pinnedReason(): Reason {
  return reason('pinned', 0, {}, true);
}

/** Points descending, then code, then params: a stable order whatever the input order. */
export function sortReasons(reasons: readonly Reason[]): Reason[] {
  return [...reasons].sort(
    (a, b) =>
      b.points - a.points ||
      compareStrings(a.code, b.code) ||
      compareStrings(JSON.stringify(a.params), JSON.stringify(b.params)),
  );
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
