import fc from 'fast-check';
import {
  buildRuleContext,
  buildScoringContext,
  candidateLists,
  DEFAULT_WEIGHTS,
  DutchLevel,
  eligibility,
  EngineParent,
  LanguageLevel,
  MatchingInput,
  ParentStatus,
  proposeMatches,
  resolveWeights,
  scorePair,
  scorePoints,
  solveReference,
  Stance,
} from '../../../src/matching/engine';
import { PairKernel } from '../../../src/matching/engine/pair-kernel';
import { canOffer, canSeek } from '../../../src/matching/engine/rules';
import { priorityReasons, slotPenaltyTable } from '../../../src/matching/engine/scoring';
import { aBuddy, aMatchingInput, aSeeker } from '../../factories/engine-parent.factory';

/*
 * Candidate generation goes through indexes (language, situation, school) instead of
 * checking every seeker against every buddy, and the solver gets points without reasons.
 * These properties prove that nothing changes by it: the same pairs, the same points, and
 * an optimum equal to an independent exact solver's over every allowed pair.
 */

const LANGUAGES = ['nl', 'ar', 'en', 'tr'];
const LEVELS: LanguageLevel[] = ['native', 'fluent', 'conversational', 'basic'];
const DUTCH: DutchLevel[] = ['none', 'basic', 'conversational', 'fluent', 'native'];
const SITUATIONS = ['dyslexia', 'divorce', 'new_to_school', 'new_to_nl'];
const STANCES: Stance[] = ['seeking', 'experienced'];
const STATUSES: ParentStatus[] = ['enrolled', 'waiting', 'matched', 'waiting', 'paused', 'left'];

function parentArbitrary(id: string): fc.Arbitrary<EngineParent> {
  return fc
    .record({
      schoolId: fc.constantFrom('s1', 's1', 's2'),
      householdId: fc.constantFrom<(string | null)[]>(null, null, 'h1', 'h2'),
      seeksNow: fc.boolean(),
      offers: fc.boolean(),
      capacity: fc.integer({ min: 0, max: 3 }),
      currentLoad: fc.constantFrom(0, 0, 1, 2),
      status: fc.constantFrom(...STATUSES),
      consentToMatch: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
      languages: fc.uniqueArray(
        fc.record({ code: fc.constantFrom(...LANGUAGES), level: fc.constantFrom(...LEVELS) }),
        { selector: (l) => l.code, maxLength: 3 },
      ),
      dutchLevel: fc.constantFrom(...DUTCH),
      situations: fc.uniqueArray(
        fc.record({ code: fc.constantFrom(...SITUATIONS), stance: fc.constantFrom(...STANCES) }),
        { selector: (s) => s.code, maxLength: 3 },
      ),
      childYears: fc.subarray(['groep-1', 'groep-3']),
      childClasses: fc.subarray(['1A', '3B']),
      postcodeArea: fc.constantFrom<(string | null)[]>(null, '1055', '1056'),
      availability: fc.subarray(['mon-am', 'tue-pm', 'sat-am']),
      interests: fc.subarray(['cooking', 'music', 'sport']),
      yearsAtSchool: fc.integer({ min: 0, max: 4 }),
      waitingDays: fc.integer({ min: 0, max: 120 }),
      shareableSituations: fc.subarray(SITUATIONS),
    })
    .map((fields) => ({ id, ...fields }));
}

const instances: fc.Arbitrary<MatchingInput> = fc
  .integer({ min: 2, max: 16 })
  .chain((n) => {
    const ids = Array.from({ length: n }, (_, i) => `p${String(i).padStart(2, '0')}`);
    return fc.record({
      parents: fc.tuple(...ids.map(parentArbitrary)),
      excludedPairs: fc.array(
        fc.record({ seekerId: fc.constantFrom(...ids), buddyId: fc.constantFrom(...ids) }),
        { maxLength: 4 },
      ),
      allowCrossSchool: fc.boolean(),
      weights: fc.record({
        firstLanguageBonus: fc.integer({ min: 0, max: 30 }),
        situation: fc.integer({ min: 0, max: 40 }),
        sameClass: fc.integer({ min: 0, max: 10 }),
        availabilitySlot: fc.integer({ min: 0, max: 5 }),
      }),
    });
  })
  .map((fields) => aMatchingInput({ ...fields, sensitiveSituations: ['dyslexia'] }));

/** Every pair that passes the hard rules, by checking every seeker against every buddy. */
function bruteForcePairs(input: MatchingInput): Map<string, string[]> {
  const ctx = buildRuleContext({ ...input, experiencedYears: DEFAULT_WEIGHTS.experiencedYears });
  const parents = [...input.parents].sort((a, b) => (a.id < b.id ? -1 : 1));
  const buddies = parents.filter(canOffer);
  return new Map(
    parents
      .filter(canSeek)
      .map((s) => [s.id, buddies.filter((b) => eligibility(s, b, ctx).ok).map((b) => b.id)]),
  );
}

describe('candidate generation through indexes', () => {
  it('finds exactly the pairs that pass every hard rule, in id order (none dropped, none extra)', () => {
    fc.assert(
      fc.property(instances, (input) => {
        const ctx = buildRuleContext({
          ...input,
          experiencedYears: DEFAULT_WEIGHTS.experiencedYears,
        });
        const parents = [...input.parents].sort((a, b) => (a.id < b.id ? -1 : 1));
        const lists = candidateLists(parents.filter(canSeek), parents.filter(canOffer), ctx);
        const found = new Map([...lists].map(([id, list]) => [id, list.map((b) => b.id)]));
        expect(found).toEqual(bruteForcePairs(input));
      }),
      { numRuns: 1000 },
    );
  });

  it('gives every allowed pair the points its reasons add up to, without building them', () => {
    fc.assert(
      fc.property(instances, (input) => {
        const w = resolveWeights(input.weights);
        const ctx = buildScoringContext(input.sensitiveSituations);
        for (const s of input.parents)
          for (const b of input.parents)
            expect(scorePoints(s, b, w, ctx)).toBe(scorePair(s, b, w, ctx).points);
      }),
      { numRuns: 200 },
    );
  });

  it('checks and scores a pair through the per-run kernel exactly as eligibility() and scorePair() do', () => {
    fc.assert(
      fc.property(instances, (input) => {
        const w = resolveWeights(input.weights);
        const ctx = buildRuleContext({ ...input, experiencedYears: w.experiencedYears });
        const scoring = buildScoringContext(input.sensitiveSituations, ctx.profiles);
        const kernel = new PairKernel(input.parents, ctx);
        input.parents.forEach((s, i) =>
          input.parents.forEach((b, j) => {
            expect(kernel.points(i, j, w)).toBe(scorePair(s, b, w, scoring).points);
            if (canSeek(s) && canOffer(b) && b.capacity > b.currentLoad)
              expect(kernel.eligible(i, j)).toBe(eligibility(s, b, ctx).ok);
          }),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('reaches the optimum of an independent exact solver over every allowed pair', () => {
    fc.assert(
      fc.property(instances, (input) => {
        const w = resolveWeights(input.weights);
        const pairs = bruteForcePairs(input);
        const byId = new Map(input.parents.map((p) => [p.id, p]));
        const seekers = [...pairs.keys()];
        const buddies = [...new Set([...pairs.values()].flat())].sort();
        const index = new Map(buddies.map((id, i) => [id, i]));
        const ctx = buildScoringContext(input.sensitiveSituations);
        const edgeSeeker: number[] = [];
        const edgeBuddy: number[] = [];
        const edgeWeight: number[] = [];
        seekers.forEach((sid, s) => {
          const seeker = byId.get(sid)!;
          const list = pairs.get(sid)!;
          const priority = priorityReasons(seeker, list.length, w).reduce(
            (n, r) => n + r.points,
            0,
          );
          for (const bid of list) {
            edgeSeeker.push(s);
            edgeBuddy.push(index.get(bid)!);
            edgeWeight.push(scorePair(seeker, byId.get(bid)!, w, ctx).points + priority);
          }
        });
        const offsets = buddies.map((id) => byId.get(id)!.currentLoad);
        const capacities = buddies.map((id) => byId.get(id)!.capacity - byId.get(id)!.currentLoad);
        const reference = solveReference({
          seekers: seekers.length,
          buddies: buddies.length,
          capacities,
          edgeSeeker,
          edgeBuddy,
          edgeWeight,
          slotPenalty: slotPenaltyTable(6, w),
          slotOffset: offsets,
          objective: 'cardinality-then-weight',
        });
        const result = proposeMatches(input);
        expect(result.stats.matched).toBe(reference.matched);
        expect(result.stats.totalScore).toBe(reference.total);
      }),
      { numRuns: 500 },
    );
  });

  it('counts shared interests beyond 32 distinct ones (more than one word of bits)', () => {
    const many = Array.from({ length: 40 }, (_, i) => `interest-${i}`);
    const seeker = aSeeker({ interests: many.slice(0, 36) });
    const buddy = aBuddy({ interests: ['interest-33', 'interest-35', 'interest-39'] });
    const w = resolveWeights({ sharedInterest: 2, interestCap: 10 });
    const ctx = buildRuleContext({ allowCrossSchool: false, experiencedYears: w.experiencedYears });
    const kernel = new PairKernel([seeker, buddy], ctx);
    expect(kernel.points(0, 1, w)).toBe(
      scorePair(seeker, buddy, w, buildScoringContext([])).points,
    );
    expect(kernel.points(0, 1, w)).toBe(w.sharedLanguage + 4);
    expect(kernel.eligible(0, 1)).toBe(true);
  });
});
