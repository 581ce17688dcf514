import { BMatchingProblem, BMatchingSolution } from './assignment.types';
import { MatchingError } from './matching.error';
import {
  EngineParent,
  MatchingInput,
  MatchingResult,
  MatchingWeights,
  PairRef,
  Proposal,
  Reason,
  UnmatchedReason,
  UnmatchedSeeker,
} from './matching.types';
import { solveBMatching } from './bmatching-solver';
import {
  CONVERSATIONAL_RANK,
  RuleContext,
  buildRuleContext,
  profileOf,
  canOffer,
  canSeek,
  eligibility,
  failingRules,
  freeSlots,
} from './rules';
import {
  PairScore,
  ScoringContext,
  buildScoringContext,
  compareStrings,
  loadReason,
  pinnedReason,
  priorityReasons,
  scorePair,
  slotPenaltyTable,
  sortReasons,
} from './scoring';
import { resolveWeights } from './weights';

/** The exact b-matching solver used for the optimum (solveReference is its slow twin). */
const solve: (p: BMatchingProblem) => BMatchingSolution = solveBMatching;

interface Run {
  weights: MatchingWeights;
  parents: EngineParent[];
  ruleCtx: RuleContext;
  scoreCtx: ScoringContext;
  /** Seekers of this run, by id. */
  seekers: EngineParent[];
  /** Parents who offer and may be matched (possibly full), by id. */
  buddies: EngineParent[];
  /** Eligible buddies per seeker id (hard rules passed, before pins), by id. */
  candidates: Map<string, EngineParent[]>;
}

interface Pin {
  seeker: EngineParent;
  buddy: EngineParent;
}

interface Assignment {
  seeker: EngineParent;
  buddy: EngineParent;
  score: PairScore;
  /** Reasons that belong to the seeker or the pin rather than to the pair. */
  extra: Reason[];
  pinned: boolean;
}

/**
 * Proposes buddies for the seekers of one run.
 *
 * 1. Parents are sorted by id, so the result does not depend on input order.
 * 2. Candidate pairs are the pairs that pass every hard rule (see rules.ts).
 * 3. Pinned pairs are checked against the hard rules and fixed first.
 * 4. The rest is an exact weighted b-matching: first as many seekers matched as possible,
 *    then the highest total of pair score + seeker priority - buddy load penalties.
 * 5. Every seeker left without a buddy gets the reason why.
 */
export function proposeMatches(input: MatchingInput): MatchingResult {
  const run = prepareRun(input);
  const pins = fixPins(input.pinnedPairs, run);
  const solved = solveOpenSeekers(run, pins);
  const proposals = buildProposals(run, [...pinAssignments(run, pins), ...solved]);
  const matchedIds = new Set(proposals.map((p) => p.seekerId));
  const unmatched = run.seekers
    .filter((s) => !matchedIds.has(s.id))
    .map((s) => unmatchedSeeker(s, run));
  return {
    proposals,
    unmatched,
    stats: {
      seekers: run.seekers.length,
      buddies: run.buddies.filter((b) => freeSlots(b) > 0).length,
      candidatePairs: [...run.candidates.values()].reduce((n, list) => n + list.length, 0),
      matched: proposals.length,
      totalScore: proposals.reduce((sum, p) => sum + p.score, 0),
    },
  };
}

function prepareRun(input: MatchingInput): Run {
  const weights = resolveWeights(input.weights);
  const parents = sortedById(input.parents);
  const ruleCtx = buildRuleContext({
    allowCrossSchool: input.allowCrossSchool,
    experiencedYears: weights.experiencedYears,
    excludedPairs: input.excludedPairs,
  });
  const scoreCtx = buildScoringContext(input.sensitiveSituations, ruleCtx.profiles);
  const seekers = parents.filter(canSeek);
  const buddies = parents.filter(canOffer);
  const candidates = candidateLists(seekers, buddies, ruleCtx);
  return { weights, parents, ruleCtx, scoreCtx, seekers, buddies, candidates };
}

function sortedById(parents: readonly EngineParent[]): EngineParent[] {
  const sorted = [...parents].sort((a, b) => compareStrings(a.id, b.id));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].id === sorted[i - 1].id) {
      throw new MatchingError('matching.duplicate_parent', `Parent ${sorted[i].id} occurs twice`, {
        parentId: sorted[i].id,
      });
    }
  }
  return sorted;
}

/** Eligible buddies per seeker. Without cross-school matching only the own school is searched. */
function candidateLists(
  seekers: readonly EngineParent[],
  buddies: readonly EngineParent[],
  ctx: RuleContext,
): Map<string, EngineParent[]> {
  const bySchool = new Map<string, EngineParent[]>();
  for (const b of buddies) {
    const list = bySchool.get(b.schoolId);
    if (list) list.push(b);
    else bySchool.set(b.schoolId, [b]);
  }
  // Most pairs fail on language: index buddies by the languages they speak at
  // conversational level or better, and check the full rules only for those who share one.
  const byLanguage = new Map<string, Set<EngineParent>>();
  for (const b of buddies) {
    for (const code of conversationalLanguages(b, ctx)) {
      const set = byLanguage.get(code);
      if (set) set.add(b);
      else byLanguage.set(code, new Set([b]));
    }
  }
  const result = new Map<string, EngineParent[]>();
  for (const s of seekers) {
    const reachable = new Set<EngineParent>();
    for (const code of conversationalLanguages(s, ctx))
      for (const b of byLanguage.get(code) ?? []) reachable.add(b);
    const pool = ctx.allowCrossSchool ? buddies : (bySchool.get(s.schoolId) ?? []);
    result.set(
      s.id,
      pool.filter((b) => reachable.has(b) && eligibility(s, b, ctx).ok),
    );
  }
  return result;
}

function conversationalLanguages(p: EngineParent, ctx: RuleContext): string[] {
  const codes: string[] = [];
  for (const [code, rank] of profileOf(p, ctx.profiles).languages)
    if (rank >= CONVERSATIONAL_RANK) codes.push(code);
  return codes;
}

function pinInvalid(pin: PairRef, rule: string, message: string): MatchingError {
  return new MatchingError(
    'matching.pin_invalid',
    `Pinned pair ${pin.seekerId} -> ${pin.buddyId}: ${message}`,
    {
      seekerId: pin.seekerId,
      buddyId: pin.buddyId,
      rule,
    },
  );
}

/**
 * Validates the pins in a fixed order (seeker id, buddy id) and returns them. A pin must pass
 * every hard rule, staff exclusions included (a pinned and forbidden pair is a contradiction
 * staff must resolve); a seeker can be pinned once, and pins may not exceed a buddy's free
 * slots. The same pin given twice counts once.
 */
function fixPins(pinnedPairs: readonly PairRef[], run: Run): Pin[] {
  const byId = new Map(run.parents.map((p) => [p.id, p]));
  const sorted = [...pinnedPairs].sort(
    (a, b) => compareStrings(a.seekerId, b.seekerId) || compareStrings(a.buddyId, b.buddyId),
  );
  const pins: Pin[] = [];
  const pinsPerBuddy = new Map<string, number>();
  for (const ref of sorted) {
    const seeker = byId.get(ref.seekerId);
    const buddy = byId.get(ref.buddyId);
    if (!seeker || !buddy)
      throw pinInvalid(ref, 'unknown_parent', 'a parent is not part of this run');
    const previous = pins.find((p) => p.seeker.id === seeker.id);
    if (previous?.buddy.id === buddy.id) continue;
    if (previous)
      throw pinInvalid(ref, 'seeker_pinned_twice', 'the seeker is pinned to two buddies');
    const check = eligibility(seeker, buddy, run.ruleCtx);
    if (!check.ok) throw pinInvalid(ref, check.rule, `breaks the hard rule ${check.rule}`);
    const used = pinsPerBuddy.get(buddy.id) ?? 0;
    if (used >= freeSlots(buddy)) throw pinInvalid(ref, 'buddy_full', 'more pins than free slots');
    pinsPerBuddy.set(buddy.id, used + 1);
    pins.push({ seeker, buddy });
  }
  return pins;
}

function pinAssignments(run: Run, pins: readonly Pin[]): Assignment[] {
  return pins.map(({ seeker, buddy }) => ({
    seeker,
    buddy,
    score: scorePair(seeker, buddy, run.weights, run.scoreCtx),
    // Priority did not decide a pin, so the pin is the only extra reason.
    extra: [pinnedReason()],
    pinned: true,
  }));
}

/**
 * Builds the b-matching over the seekers and buddy slots that pins left open and solves it.
 * Edge weight = pair score + the seeker's priority points. The buddy's load is shifted by
 * its current load and its pins (slotOffset), so a 2nd or 3rd seeker costs what it should.
 */
function solveOpenSeekers(run: Run, pins: readonly Pin[]): Assignment[] {
  const pinnedSeekers = new Set(pins.map((p) => p.seeker.id));
  const pinsOn = new Map<string, number>();
  for (const p of pins) pinsOn.set(p.buddy.id, (pinsOn.get(p.buddy.id) ?? 0) + 1);
  const seekers = run.seekers.filter((s) => !pinnedSeekers.has(s.id));
  const buddies = run.buddies.filter((b) => freeSlots(b) - (pinsOn.get(b.id) ?? 0) > 0);
  const buddyIndex = new Map(buddies.map((b, i) => [b.id, i]));

  // Only the weights are kept per edge; the reasons are rebuilt for the chosen pairs (the
  // same pure scorePair), which keeps memory flat for large runs.
  const edgeSeeker: number[] = [];
  const edgeBuddy: number[] = [];
  const edgeWeight: number[] = [];
  const priorities = seekers.map((seeker, s) => {
    const candidates = run.candidates.get(seeker.id) ?? [];
    const priority = priorityReasons(seeker, candidates.length, run.weights);
    const priorityPoints = priority.reduce((sum, r) => sum + r.points, 0);
    for (const buddy of candidates) {
      const b = buddyIndex.get(buddy.id);
      if (b === undefined) continue; // its slots went to pins
      edgeSeeker.push(s);
      edgeBuddy.push(b);
      edgeWeight.push(scorePair(seeker, buddy, run.weights, run.scoreCtx).points + priorityPoints);
    }
    return priority;
  });

  const slotOffset = buddies.map((b) => b.currentLoad + (pinsOn.get(b.id) ?? 0));
  const capacities = buddies.map((b, i) => Math.max(0, b.capacity - slotOffset[i]));
  const slots = slotOffset.reduce((max, offset, i) => Math.max(max, offset + capacities[i]), 0);
  const solution = solve({
    seekers: seekers.length,
    buddies: buddies.length,
    capacities,
    edgeSeeker,
    edgeBuddy,
    edgeWeight,
    slotPenalty: slotPenaltyTable(slots, run.weights),
    slotOffset,
    objective: 'cardinality-then-weight',
  });

  const assignments: Assignment[] = [];
  seekers.forEach((seeker, s) => {
    const b = solution.seekerToBuddy[s];
    if (b < 0) return;
    const buddy = buddies[b];
    const score = scorePair(seeker, buddy, run.weights, run.scoreCtx);
    assignments.push({ seeker, buddy, score, extra: priorities[s], pinned: false });
  });
  return assignments;
}

/**
 * Turns assignments into proposals. Load penalties are attributed per buddy in a fixed
 * order (pins first, then seekers by id): the k-th new seeker of a buddy with currentLoad L
 * uses slot L + k, exactly as the solver counted it.
 */
function buildProposals(run: Run, assignments: readonly Assignment[]): Proposal[] {
  const used = new Map<string, number>();
  const proposals = assignments.map((a) => {
    const slot = used.get(a.buddy.id) ?? a.buddy.currentLoad;
    used.set(a.buddy.id, slot + 1);
    const load = loadReason(slot, run.weights);
    const reasons = sortReasons([...a.score.reasons, ...a.extra, ...(load ? [load] : [])]);
    return {
      seekerId: a.seeker.id,
      buddyId: a.buddy.id,
      score: reasons.reduce((sum, r) => sum + r.points, 0),
      reasons,
      pinned: a.pinned,
    };
  });
  return proposals.sort((a, b) => compareStrings(a.seekerId, b.seekerId));
}

function unmatchedSeeker(seeker: EngineParent, run: Run): UnmatchedSeeker {
  const candidates = run.candidates.get(seeker.id)?.length ?? 0;
  const reason = candidates > 0 ? 'taken_by_others' : whyNoCandidate(seeker, run);
  return { seekerId: seeker.id, reason, candidates };
}

/**
 * Why nobody passed the hard rules, looking at every parent who offers (also paused ones,
 * other schools, or without consent), from the most to the least fundamental gap:
 * - all_full: someone breaks no rule but capacity;
 * - no_shared_language: nobody shares a language at conversational level;
 * - no_experience: language partners exist, none covers what the seeker seeks;
 * - no_eligible_buddy: someone would fit, but is excluded, of the same household, of another
 *   school, paused or left, or did not consent.
 */
function whyNoCandidate(seeker: EngineParent, run: Run): UnmatchedReason {
  let languagePartner = false;
  let topicPartner = false;
  for (const buddy of run.parents) {
    if (!buddy.offers || buddy.id === seeker.id) continue;
    const failing = failingRules(seeker, buddy, run.ruleCtx);
    if (failing.length === 1 && failing[0] === 'buddy_full') return 'all_full';
    if (failing.includes('no_shared_language')) continue;
    languagePartner = true;
    if (!failing.includes('no_experience')) topicPartner = true;
  }
  if (!languagePartner) return 'no_shared_language';
  if (!topicPartner) return 'no_experience';
  return 'no_eligible_buddy';
}
