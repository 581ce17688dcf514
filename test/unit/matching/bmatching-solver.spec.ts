import fc from 'fast-check';
import { BMatchingProblem, BMatchingSolution } from '../../../src/matching/engine/assignment.types';
import { SolverOptions, solveBMatching } from '../../../src/matching/engine/bmatching-solver';
import { solveGreedy } from '../../../src/matching/engine/greedy-solver';
import { solveReference } from '../../../src/matching/engine/reference-solver';

type Objective = BMatchingProblem['objective'];

const SIDES: SolverOptions[] = [{}, { insert: 'seekers' }, { insert: 'slots' }];

function penaltyOf(p: BMatchingProblem, b: number, k: number): number {
  return p.slotPenalty?.[(p.slotOffset?.[b] ?? 0) + k] ?? 0;
}

/** Total weight minus penalties and matched count of an assignment (no feasibility check). */
function evaluate(
  p: BMatchingProblem,
  seekerToBuddy: ArrayLike<number>,
): { total: number; matched: number } {
  const load = new Array<number>(p.buddies).fill(0);
  let total = 0;
  let matched = 0;
  for (let e = 0; e < p.edgeSeeker.length; e++) {
    if (seekerToBuddy[p.edgeSeeker[e]] === p.edgeBuddy[e]) {
      total += p.edgeWeight[e];
      matched++;
      total -= penaltyOf(p, p.edgeBuddy[e], load[p.edgeBuddy[e]]++);
    }
  }
  return { total, matched };
}

/** Throws unless the solution is feasible and its reported figures are right. */
function expectFeasible(p: BMatchingProblem, solution: BMatchingSolution): void {
  expect(solution.seekerToBuddy).toHaveLength(p.seekers);
  const edges = new Set<string>();
  for (let e = 0; e < p.edgeSeeker.length; e++) edges.add(`${p.edgeSeeker[e]}:${p.edgeBuddy[e]}`);
  const load = new Array<number>(p.buddies).fill(0);
  for (let s = 0; s < p.seekers; s++) {
    const b = solution.seekerToBuddy[s];
    if (b < 0) continue;
    expect(edges.has(`${s}:${b}`)).toBe(true);
    load[b]++;
  }
  for (let b = 0; b < p.buddies; b++) expect(load[b]).toBeLessThanOrEqual(p.capacities[b]);
  expect(evaluate(p, solution.seekerToBuddy)).toEqual({
    total: solution.total,
    matched: solution.matched,
  });
}

/**
 * Exhaustive search over every assignment (each seeker: unmatched or one of its edges).
 * 'weight': the largest total, then the most matched; 'cardinality-then-weight': the most
 * matched, then the largest total.
 */
function bruteForce(p: BMatchingProblem): { total: number; matched: number } {
  const edgesOf: number[][] = Array.from({ length: p.seekers }, () => []);
  for (let e = 0; e < p.edgeSeeker.length; e++) edgesOf[p.edgeSeeker[e]].push(e);
  const load = new Array<number>(p.buddies).fill(0);
  let best = { total: -Infinity, matched: -1 };
  const better = (total: number, matched: number): boolean =>
    p.objective === 'weight'
      ? total > best.total || (total === best.total && matched > best.matched)
      : matched > best.matched || (matched === best.matched && total > best.total);
  const visit = (s: number, total: number, matched: number): void => {
    if (s === p.seekers) {
      if (better(total, matched)) best = { total, matched };
      return;
    }
    visit(s + 1, total, matched);
    for (const e of edgesOf[s]) {
      const b = p.edgeBuddy[e];
      if (load[b] >= p.capacities[b]) continue;
      const gain = p.edgeWeight[e] - penaltyOf(p, b, load[b]);
      load[b]++;
      visit(s + 1, total + gain, matched + 1);
      load[b]--;
    }
  };
  visit(0, 0, 0);
  return best;
}

interface InstanceShape {
  maxSeekers: number;
  maxBuddies: number;
  maxWeight: number;
}

/** Random problems: sparse edges, capacities 0..3, optional non-decreasing penalties and offsets. */
function problems({
  maxSeekers,
  maxBuddies,
  maxWeight,
}: InstanceShape): fc.Arbitrary<BMatchingProblem> {
  return fc
    .record({
      seekers: fc.integer({ min: 0, max: maxSeekers }),
      buddies: fc.integer({ min: 0, max: maxBuddies }),
      density: fc.double({ min: 0, max: 1, noNaN: true }),
      objective: fc.constantFrom<Objective>('weight', 'cardinality-then-weight'),
      penaltySteps: fc.option(
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 7, maxLength: 7 }),
      ),
      withOffsets: fc.boolean(),
      seed: fc.integer(),
    })
    .chain(({ seekers, buddies, density, objective, penaltySteps, withOffsets }) =>
      fc
        .record({
          capacities: fc.array(fc.integer({ min: 0, max: 3 }), {
            minLength: buddies,
            maxLength: buddies,
          }),
          present: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
            minLength: seekers * buddies,
            maxLength: seekers * buddies,
          }),
          weights: fc.array(fc.integer({ min: 0, max: maxWeight }), {
            minLength: seekers * buddies,
            maxLength: seekers * buddies,
          }),
          offsets: fc.array(fc.integer({ min: 0, max: 3 }), {
            minLength: buddies,
            maxLength: buddies,
          }),
        })
        .map(({ capacities, present, weights, offsets }) => {
          const edgeSeeker: number[] = [];
          const edgeBuddy: number[] = [];
          const edgeWeight: number[] = [];
          for (let s = 0; s < seekers; s++)
            for (let b = 0; b < buddies; b++)
              if (present[s * buddies + b] < density) {
                edgeSeeker.push(s);
                edgeBuddy.push(b);
                edgeWeight.push(weights[s * buddies + b]);
              }
          const problem: BMatchingProblem = {
            seekers,
            buddies,
            capacities,
            edgeSeeker,
            edgeBuddy,
            edgeWeight,
            objective,
          };
          if (penaltySteps) {
            // Cumulative steps give a non-decreasing penalty per slot, long enough for offset + capacity.
            let sum = 0;
            problem.slotPenalty = penaltySteps.map((step) => (sum += step));
            if (withOffsets) problem.slotOffset = offsets;
          }
          return problem;
        }),
    );
}

describe('solveBMatching', () => {
  it('equals an exhaustive search on thousands of small random instances, inserting either side', () => {
    fc.assert(
      fc.property(problems({ maxSeekers: 7, maxBuddies: 5, maxWeight: 20 }), (p) => {
        const expected = bruteForce(p);
        for (const options of SIDES) {
          const solution = solveBMatching(p, options);
          expectFeasible(p, solution);
          expect({ total: solution.total, matched: solution.matched }).toEqual(expected);
        }
      }),
      { numRuns: 6000, seed: 20240601 },
    );
  });

  it('equals an exhaustive search when weights are large (beyond one radix digit)', () => {
    fc.assert(
      fc.property(problems({ maxSeekers: 6, maxBuddies: 4, maxWeight: 5_000_000 }), (p) => {
        const expected = bruteForce(p);
        for (const options of SIDES) {
          const solution = solveBMatching(p, options);
          expectFeasible(p, solution);
          expect({ total: solution.total, matched: solution.matched }).toEqual(expected);
        }
      }),
      { numRuns: 500, seed: 99 },
    );
  });

  it('equals the reference solver in total on medium random instances', () => {
    fc.assert(
      fc.property(problems({ maxSeekers: 60, maxBuddies: 30, maxWeight: 300 }), (p) => {
        const reference = solveReference(p);
        for (const options of SIDES) {
          const solution = solveBMatching(p, options);
          expectFeasible(p, solution);
          expect(solution.total).toBe(reference.total);
          // The reference may leave zero-gain pairs out; 'weight' matches as many as it can.
          if (p.objective === 'cardinality-then-weight')
            expect(solution.matched).toBe(reference.matched);
          else expect(solution.matched).toBeGreaterThanOrEqual(reference.matched);
        }
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('gives the same assignment for the same input, as arrays or typed arrays', () => {
    const p = fc.sample(problems({ maxSeekers: 60, maxBuddies: 30, maxWeight: 300 }), {
      numRuns: 1,
      seed: 3,
    })[0];
    const first = solveBMatching(p);
    expect(solveBMatching(p).seekerToBuddy).toEqual(first.seekerToBuddy);
    const typed: BMatchingProblem = {
      ...p,
      capacities: Int32Array.from(p.capacities),
      edgeSeeker: Int32Array.from(p.edgeSeeker),
      edgeBuddy: Int32Array.from(p.edgeBuddy),
      edgeWeight: Float64Array.from(p.edgeWeight),
    };
    expect(solveBMatching(typed).seekerToBuddy).toEqual(first.seekerToBuddy);
  });

  it('handles empty problems', () => {
    const empty = (seekers: number, buddies: number): BMatchingProblem => ({
      seekers,
      buddies,
      capacities: new Array<number>(buddies).fill(2),
      edgeSeeker: [],
      edgeBuddy: [],
      edgeWeight: [],
      objective: 'cardinality-then-weight',
    });
    expect(solveBMatching(empty(0, 0))).toEqual({
      seekerToBuddy: new Int32Array(0),
      total: 0,
      matched: 0,
    });
    expect(solveBMatching(empty(3, 0))).toEqual({
      seekerToBuddy: Int32Array.from([-1, -1, -1]),
      total: 0,
      matched: 0,
    });
    expect(solveBMatching(empty(0, 4))).toEqual({
      seekerToBuddy: new Int32Array(0),
      total: 0,
      matched: 0,
    });
    expect(solveBMatching(empty(3, 4)).matched).toBe(0);
  });

  it('never uses a buddy with capacity 0', () => {
    const p: BMatchingProblem = {
      seekers: 2,
      buddies: 2,
      capacities: [0, 1],
      edgeSeeker: [0, 1, 1],
      edgeBuddy: [0, 0, 1],
      edgeWeight: [50, 50, 1],
      objective: 'weight',
    };
    for (const options of SIDES) {
      const solution = solveBMatching(p, options);
      expect(Array.from(solution.seekerToBuddy)).toEqual([-1, 1]);
      expect(solution.total).toBe(1);
    }
  });

  it("matches pairs of weight 0 with the 'weight' objective, since they cost nothing", () => {
    const p: BMatchingProblem = {
      seekers: 3,
      buddies: 1,
      capacities: [3],
      edgeSeeker: [0, 1, 2],
      edgeBuddy: [0, 0, 0],
      edgeWeight: [0, 0, 5],
      objective: 'weight',
    };
    for (const options of SIDES)
      expect(solveBMatching(p, options)).toMatchObject({ total: 5, matched: 3 });
    // ...but not when the slot they would take has a penalty.
    const penalised = { ...p, slotPenalty: [0, 1, 1] };
    for (const options of SIDES)
      expect(solveBMatching(penalised, options)).toMatchObject({ total: 5, matched: 1 });
  });

  it('matches every seeker where greedy, taking the heaviest edge first, leaves one out', () => {
    // Seeker 0 likes buddy 0 best (10) but can also take buddy 1 (9); seeker 1 only has buddy 0.
    const p: BMatchingProblem = {
      seekers: 2,
      buddies: 2,
      capacities: [1, 1],
      edgeSeeker: [0, 0, 1],
      edgeBuddy: [0, 1, 0],
      edgeWeight: [10, 9, 9],
      objective: 'weight',
    };
    const greedy = solveGreedy(p);
    expect(greedy).toMatchObject({ matched: 1, total: 10 });
    for (const options of SIDES) {
      const exact = solveBMatching(p, options);
      expect(Array.from(exact.seekerToBuddy)).toEqual([1, 0]);
      expect(exact).toMatchObject({ matched: 2, total: 18 });
    }
  });

  it('prefers more matched seekers over a higher total with the cardinality objective', () => {
    // One buddy with two slots; the second slot's penalty (30) exceeds what seeker 1 brings (20).
    const p: BMatchingProblem = {
      seekers: 2,
      buddies: 1,
      capacities: [2],
      edgeSeeker: [0, 1],
      edgeBuddy: [0, 0],
      edgeWeight: [40, 20],
      slotPenalty: [0, 30],
      objective: 'weight',
    };
    for (const options of SIDES) {
      expect(solveBMatching(p, options)).toMatchObject({ matched: 1, total: 40 });
      expect(solveBMatching({ ...p, objective: 'cardinality-then-weight' }, options)).toMatchObject(
        { matched: 2, total: 30 },
      );
    }
  });

  it('spreads seekers over buddies when slot penalties make stacking expensive', () => {
    // Both seekers prefer buddy 0 (60 vs 45), but its second slot costs 20 after an offset of 1.
    const p: BMatchingProblem = {
      seekers: 2,
      buddies: 2,
      capacities: [2, 1],
      edgeSeeker: [0, 0, 1, 1],
      edgeBuddy: [0, 1, 0, 1],
      edgeWeight: [60, 45, 60, 45],
      slotPenalty: [0, 0, 20],
      slotOffset: [1, 0],
      objective: 'weight',
    };
    for (const options of SIDES) {
      const solution = solveBMatching(p, options);
      expect(solution.total).toBe(105);
      expect([...solution.seekerToBuddy].sort()).toEqual([0, 1]);
    }
  });

  it('rejects malformed problems', () => {
    const base: BMatchingProblem = {
      seekers: 1,
      buddies: 1,
      capacities: [1],
      edgeSeeker: [0],
      edgeBuddy: [0],
      edgeWeight: [3],
      objective: 'weight',
    };
    expect(() => solveBMatching({ ...base, edgeBuddy: [1] })).toThrow(/out of range/);
    expect(() => solveBMatching({ ...base, edgeWeight: [-1] })).toThrow(/weight/);
    expect(() => solveBMatching({ ...base, edgeWeight: [1.5] })).toThrow(/weight/);
    expect(() => solveBMatching({ ...base, capacities: [-1] })).toThrow(/capacity/);
    expect(() => solveBMatching({ ...base, capacities: [] })).toThrow(/capacities/);
    expect(() => solveBMatching({ ...base, capacities: [2], slotPenalty: [5, 1] })).toThrow(
      /non-decreasing/,
    );
  });
});

describe('solveGreedy', () => {
  it('returns feasible solutions no better than the exact optimum', () => {
    fc.assert(
      fc.property(problems({ maxSeekers: 7, maxBuddies: 5, maxWeight: 20 }), (p) => {
        const greedy = solveGreedy(p);
        expectFeasible(p, greedy);
        const exact = solveBMatching(p);
        if (p.objective === 'weight') expect(greedy.total).toBeLessThanOrEqual(exact.total);
        else expect(greedy.matched).toBeLessThanOrEqual(exact.matched);
      }),
      { numRuns: 500, seed: 11 },
    );
  });
});
