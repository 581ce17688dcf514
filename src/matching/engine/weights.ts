import { MatchingError } from './matching.error';
import { MatchingWeights } from './matching.types';

/**
 * Default weights, in whole points. A proposal's score is the sum of the points of its
 * reasons; the engine first matches as many seekers as possible and then maximises the total.
 * The relative sizes are what matters:
 * - a shared experience (situation, 30) outweighs everything else: it is why buddies exist;
 * - speaking the seeker's own language when their Dutch is weak (10 + 20) comes next;
 * - a newcomer with a parent who knows the school (15);
 * - the practical fit (same year 8, class 4, neighbourhood 6, availability up to 10,
 *   interests up to 6) breaks ties between otherwise equal buddies;
 * - a buddy's 2nd and 3rd seeker cost 8 and 16, so seekers spread over buddies unless one
 *   buddy is clearly better;
 * - priority: 2 per full week waiting (up to 12) and 10 for a seeker with at most 2 possible
 *   buddies, so a contested buddy goes to the parent who waited longest or has no alternative.
 */
export const DEFAULT_WEIGHTS: Readonly<MatchingWeights> = Object.freeze({
  sharedLanguage: 10,
  firstLanguageBonus: 20,
  situation: 30,
  newcomerWithExperienced: 15,
  experiencedYears: 2,
  sameSchoolYear: 8,
  sameClass: 4,
  sameNeighbourhood: 6,
  availabilitySlot: 2,
  availabilityCap: 10,
  sharedInterest: 2,
  interestCap: 6,
  secondSeekerPenalty: 8,
  thirdSeekerPenalty: 16,
  waitingPerWeek: 2,
  waitingCap: 12,
  scarcityBonus: 10,
  scarceCandidates: 2,
});

/**
 * Upper bound for any single weight. Keeps the solver's integer arithmetic far from the
 * float limit (the cardinality-first objective multiplies weights by the number of seekers).
 */
export const MAX_WEIGHT = 1000;

const WEIGHT_KEYS = Object.keys(DEFAULT_WEIGHTS) as (keyof MatchingWeights)[];

/** Caps next to the per-unit weight they limit. */
const CAPS: [cap: keyof MatchingWeights, step: keyof MatchingWeights][] = [
  ['availabilityCap', 'availabilitySlot'],
  ['interestCap', 'sharedInterest'],
  ['waitingCap', 'waitingPerWeek'],
];

function invalid(key: string, message: string, value?: unknown): MatchingError {
  return new MatchingError('matching.invalid_weights', `Weight ${key}: ${message}`, {
    key,
    value,
  });
}

function isWeightKey(key: string): key is keyof MatchingWeights {
  return (WEIGHT_KEYS as string[]).includes(key);
}

function checkValue(key: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalid(key, 'must be a finite number', value);
  }
  if (!Number.isInteger(value)) throw invalid(key, 'must be a whole number', value);
  if (value < 0) throw invalid(key, 'must be 0 or more', value);
  if (value > MAX_WEIGHT) throw invalid(key, `must be at most ${MAX_WEIGHT}`, value);
}

/**
 * Checks the relations between weights after merging:
 * - load penalties must not decrease (the solver needs convex slot costs, and a 3rd seeker
 *   should never be cheaper than a 2nd);
 * - a cap below its per-unit weight (but above 0) would cut even the first unit, almost
 *   certainly a typo; a cap of 0 switches the criterion off and is allowed.
 */
function checkRelations(w: MatchingWeights): void {
  if (w.thirdSeekerPenalty < w.secondSeekerPenalty) {
    throw invalid(
      'thirdSeekerPenalty',
      'must be at least secondSeekerPenalty (a third seeker may not cost less than a second)',
      w.thirdSeekerPenalty,
    );
  }
  for (const [cap, step] of CAPS) {
    if (w[cap] > 0 && w[cap] < w[step]) {
      throw invalid(cap, `must be 0 or at least ${step} (${w[step]})`, w[cap]);
    }
  }
}

/**
 * The school's weights over the defaults. Keys that are absent or undefined keep their
 * default; an unknown key, or a value that is not a whole number in 0..MAX_WEIGHT, is a
 * `matching.invalid_weights` error naming the key.
 */
export function resolveWeights(partial?: Partial<MatchingWeights> | null): MatchingWeights {
  const merged: MatchingWeights = { ...DEFAULT_WEIGHTS };
  for (const [key, value] of Object.entries(partial ?? {})) {
    if (!isWeightKey(key)) throw invalid(key, 'is not a known weight', value);
    if (value === undefined) continue;
    checkValue(key, value);
    merged[key] = value;
  }
  checkRelations(merged);
  return merged;
}
