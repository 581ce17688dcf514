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
  GENERIC_SITUATIONS,
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
import { PairKernel } from './pair-kernel';
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
  /** Per-parent rule and score data of the run (positions = parents' positions). */
  kernel: PairKernel;
  /** Eligible buddies per seeker id (hard rules passed, before pins), as kernel positions by id. */
  candidates: Map<string, Int32Array>;
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
export function proposeMatches(input: MatchingInput, options: ProposeOptions = {}): MatchingResult {
  const progress = options.onProgress;
  const run = prepareRun(input, progress);
  const pins = fixPins(input.pinnedPairs, run);
  const solved = solveOpenSeekers(run, pins, progress);
  progress?.('reasons', 0, 1);
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

/** What a long run reports while it works (for a progress bar); called synchronously. */
export type ProgressPhase = 'candidates' | 'solving' | 'reasons';
export interface ProposeOptions {
  onProgress?: (phase: ProgressPhase, done: number, total: number) => void;
}

function prepareRun(input: MatchingInput, progress?: ProposeOptions['onProgress']): Run {
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
  const kernel = new PairKernel(parents, ruleCtx);
  const candidates = candidateIndexLists(
    seekers,
    buddies,
    ruleCtx,
    kernel,
    progress && ((done, total) => progress('candidates', done, total)),
  );
  return { weights, parents, ruleCtx, scoreCtx, seekers, buddies, kernel, candidates };
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

/**
 * Eligible buddies per seeker, in id order, found through indexes rather than by checking
 * every seeker against every buddy. A pair is eligible only when both speak a language at
 * conversational level or better (no_shared_language), of the same school unless cross-school
 * matching is on (other_school), and, when the seeker seeks support in a specific situation,
 * the buddy went through one of them (no_experience). So the buddies worth checking are those
 * in the index entry (school, language) of one of the seeker's languages and, for a seeker
 * with specific situations, also in an entry (school, situation) of one of them: the smaller
 * of the two unions is read and every hard rule checked on it. No eligible pair is missed
 * (the unit tests compare with checking every pair).
 */
export function candidateLists(
  seekers: readonly EngineParent[],
  buddies: readonly EngineParent[],
  ctx: RuleContext,
  progress?: (done: number, total: number) => void,
): Map<string, EngineParent[]> {
  const kernel = new PairKernel(sortedById([...new Set([...seekers, ...buddies])]), ctx);
  const lists = candidateIndexLists(seekers, buddies, ctx, kernel, progress);
  return new Map([...lists].map(([id, list]) => [id, Array.from(list, (i) => kernel.parents[i])]));
}

/** candidateLists() as positions in the kernel's parents (sorted by id). */
function candidateIndexLists(
  seekers: readonly EngineParent[],
  buddies: readonly EngineParent[],
  ctx: RuleContext,
  kernel: PairKernel,
  progress?: (done: number, total: number) => void,
): Map<string, Int32Array> {
  const scope = (p: EngineParent): string => (ctx.allowCrossSchool ? '' : p.schoolId);
  const byLanguage = new Map<string, number[]>();
  const bySituation = new Map<string, number[]>();
  const add = (index: Map<string, number[]>, key: string, b: number): void => {
    const list = index.get(key);
    if (list) list.push(b);
    else index.set(key, [b]);
  };
  // Buddies in id order, so every list is sorted and free of repeats.
  for (const b of sortedById(buddies)) {
    if (!canOffer(b) || freeSlots(b) <= 0) continue; // buddy_full (or not taking part)
    const i = kernel.index.get(b)!;
    for (const code of conversationalLanguages(b, ctx))
      add(byLanguage, `${scope(b)}\u0000${code}`, i);
    for (const code of profileOf(b, ctx.profiles).experienced)
      add(bySituation, `${scope(b)}\u0000${code}`, i);
  }
  const seen = new Uint32Array(kernel.parents.length);
  const found = new Int32Array(kernel.parents.length);
  let mark = 0;
  const result = new Map<string, Int32Array>();
  seekers.forEach((s, n) => {
    if (progress && n % 256 === 0) progress(n, seekers.length);
    const si = kernel.index.get(s)!;
    const key = scope(s);
    const languages = conversationalLanguages(s, ctx).map((c) =>
      byLanguage.get(`${key}\u0000${c}`),
    );
    const specific = profileOf(s, ctx.profiles).seeking.filter((c) => !GENERIC_SITUATIONS.has(c));
    let lists = languages;
    if (specific.length > 0) {
      const situations = specific.map((c) => bySituation.get(`${key}\u0000${c}`));
      const size = (ls: (number[] | undefined)[]): number =>
        ls.reduce((sum, l) => sum + (l?.length ?? 0), 0);
      if (size(situations) < size(languages)) lists = situations;
    }
    let count = 0;
    mark++;
    for (const list of lists) {
      if (!list) continue;
      for (let i = 0; i < list.length; i++) {
        const b = list[i];
        if (seen[b] === mark) continue;
        seen[b] = mark;
        if (kernel.eligible(si, b)) found[count++] = b;
      }
    }
    const eligible = found.slice(0, count);
    if (lists.length > 1) eligible.sort();
    result.set(s.id, eligible);
  });
  progress?.(seekers.length, seekers.length);
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
function solveOpenSeekers(
  run: Run,
  pins: readonly Pin[],
  progress?: ProposeOptions['onProgress'],
): Assignment[] {
  const pinnedSeekers = new Set(pins.map((p) => p.seeker.id));
  const pinsOn = new Map<string, number>();
  for (const p of pins) pinsOn.set(p.buddy.id, (pinsOn.get(p.buddy.id) ?? 0) + 1);
  const seekers = run.seekers.filter((s) => !pinnedSeekers.has(s.id));
  const buddies = run.buddies.filter((b) => freeSlots(b) - (pinsOn.get(b.id) ?? 0) > 0);
  // Kernel position -> position among the solver's buddies (-1: not open).
  const buddyIndex = new Int32Array(run.parents.length).fill(-1);
  buddies.forEach((b, i) => (buddyIndex[run.kernel.index.get(b)!] = i));

  const slotOffset = buddies.map((b) => b.currentLoad + (pinsOn.get(b.id) ?? 0));
  const capacities = buddies.map((b, i) => Math.max(0, b.capacity - slotOffset[i]));
  const slots = slotOffset.reduce((max, offset, i) => Math.max(max, offset + capacities[i]), 0);
  const penalties = slotPenaltyTable(slots, run.weights);

  // Only the weights are kept per edge, in typed arrays; the reasons are built for the chosen
  // pairs only (scorePair), which keeps memory flat for large runs.
  //
  // A seeker needs at most as many edges as there are seekers (S): keep its S best buddies by
  // value for a first seeker (pair weight minus the penalty of the buddy's next slot; ties by
  // id) and drop the rest. Exact: in an optimal assignment that gives the seeker a dropped
  // buddy b, the other S - 1 seekers leave one of the kept buddies b' without a seeker, and
  // moving the seeker to b' matches as many and loses nothing (its value there is at least the
  // smallest kept one, which is at least the value of b's last slot). So an optimum over the
  // kept edges is an optimum over every allowed pair (tests compare with an exact solver).
  const keep = seekers.length;
  let edges = 0;
  for (const seeker of seekers) edges += Math.min(keep, run.candidates.get(seeker.id)?.length ?? 0);
  const edgeSeeker = new Int32Array(edges);
  const edgeBuddy = new Int32Array(edges);
  const edgeWeight = new Float64Array(edges);
  let e = 0;
  let most = 0;
  for (const list of run.candidates.values()) most = Math.max(most, list.length);
  const pairBuddy = new Int32Array(most);
  const pairWeight = new Float64Array(most);
  const pairValue = new Float64Array(most);
  const priorities = seekers.map((seeker, s) => {
    const candidates = run.candidates.get(seeker.id) ?? new Int32Array(0);
    const priority = priorityReasons(seeker, candidates.length, run.weights);
    const priorityPoints = priority.reduce((sum, r) => sum + r.points, 0);
    const si = run.kernel.index.get(seeker)!;
    let n = 0;
    for (let c = 0; c < candidates.length; c++) {
      const k = candidates[c];
      const b = buddyIndex[k];
      if (b < 0) continue; // its slots went to pins
      pairBuddy[n] = b;
      pairWeight[n] = run.kernel.points(si, k, run.weights) + priorityPoints;
      pairValue[n] = pairWeight[n] - penalties[slotOffset[b]];
      n++;
    }
    const threshold = n > keep ? keptThreshold(pairValue.subarray(0, n), keep) : null;
    let tied = threshold ? keep - threshold.above : 0;
    for (let i = 0; i < n; i++) {
      if (threshold) {
        const v = pairValue[i];
        if (v < threshold.value) continue;
        if (v === threshold.value) {
          if (tied === 0) continue;
          tied--; // ties in id order (candidates come by id)
        }
      }
      edgeSeeker[e] = s;
      edgeBuddy[e] = pairBuddy[i];
      edgeWeight[e] = pairWeight[i];
      e++;
    }
    return priority;
  });
  progress?.('solving', 0, 1);

  const solution = solve({
    seekers: seekers.length,
    buddies: buddies.length,
    capacities,
    edgeSeeker: edgeSeeker.subarray(0, e),
    edgeBuddy: edgeBuddy.subarray(0, e),
    edgeWeight: edgeWeight.subarray(0, e),
    slotPenalty: penalties,
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
 * The keep-th largest of the values, and how many values are larger: the values above it are
 * kept, and of those equal to it the first (keep - above). Values are whole points, so few
 * distinct ones: counted per value.
 */
function keptThreshold(values: Float64Array, keep: number): { value: number; above: number } {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const distinct = [...counts.keys()].sort((a, b) => b - a);
  let above = 0;
  for (const v of distinct) {
    const c = counts.get(v)!;
    if (above + c >= keep) return { value: v, above };
    above += c;
  }
  return { value: -Infinity, above };
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
