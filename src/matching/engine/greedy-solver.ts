import { BMatchingProblem, BMatchingSolution } from './assignment.types';

/**
 * Greedy b-matching, for comparison only: edges by descending weight (ties by seeker, then
 * buddy index); an edge is taken when its seeker is still free and its buddy has a free slot.
 * With the 'weight' objective an edge is skipped when the next slot's penalty exceeds its
 * weight. Not optimal: an early heavy edge can take the only buddy another seeker had.
 */
export function solveGreedy(p: BMatchingProblem): BMatchingSolution {
  const S = p.seekers;
  const E = p.edgeSeeker.length;
  const order = edgeOrder(p);
  const seekerToBuddy = new Int32Array(S).fill(-1);
  const load = new Int32Array(p.buddies);
  const penalty = (b: number, k: number): number =>
    p.slotPenalty?.[(p.slotOffset?.[b] ?? 0) + k] ?? 0;
  let total = 0;
  let matched = 0;
  for (let i = 0; i < E; i++) {
    const e = order[i];
    const s = p.edgeSeeker[e];
    const b = p.edgeBuddy[e];
    if (seekerToBuddy[s] >= 0 || load[b] >= p.capacities[b]) continue;
    const gain = p.edgeWeight[e] - penalty(b, load[b]);
    if (gain < 0 && p.objective === 'weight') continue;
    seekerToBuddy[s] = b;
    load[b]++;
    total += gain;
    matched++;
  }
  return { seekerToBuddy, total, matched };
}

/**
 * Edge indices by descending weight, then seeker, then buddy. Counting sorts (buddy, then
 * seeker, then weight, each stable) when weights are small integers; a comparison sort otherwise.
 */
function edgeOrder(p: BMatchingProblem): Uint32Array {
  const E = p.edgeSeeker.length;
  let maxWeight = 0;
  for (let e = 0; e < E; e++) maxWeight = Math.max(maxWeight, p.edgeWeight[e]);
  if (maxWeight > 4 * E + 65536) {
    const order = Uint32Array.from({ length: E }, (_, e) => e);
    return order.sort(
      (x, y) =>
        p.edgeWeight[y] - p.edgeWeight[x] ||
        p.edgeSeeker[x] - p.edgeSeeker[y] ||
        p.edgeBuddy[x] - p.edgeBuddy[y],
    );
  }
  let order: Uint32Array = Uint32Array.from({ length: E }, (_, e) => e);
  order = countingSort(order, p.buddies, (e) => p.edgeBuddy[e]);
  order = countingSort(order, p.seekers, (e) => p.edgeSeeker[e]);
  return countingSort(order, maxWeight + 1, (e) => maxWeight - p.edgeWeight[e]);
}

/** Stable counting sort of `items` by key(item) in 0 .. keys-1. */
function countingSort(
  items: Uint32Array,
  keys: number,
  key: (item: number) => number,
): Uint32Array {
  const start = new Uint32Array(keys + 1);
  for (let i = 0; i < items.length; i++) start[key(items[i]) + 1]++;
  for (let k = 0; k < keys; k++) start[k + 1] += start[k];
  const sorted = new Uint32Array(items.length);
  for (let i = 0; i < items.length; i++) sorted[start[key(items[i])]++] = items[i];
  return sorted;
}
