import { BMatchingProblem, BMatchingSolution } from './assignment.types';

/**
 * Exact weighted bipartite b-matching (see docs/matching-solver.md).
 *
 * Successive shortest paths on the flow network seeker -> buddy -> sink, one seeker at a time
 * (each seeker is a unit of supply; it may also go straight to the sink, "unmatched", at cost 0).
 * Dual variables: profit[s] >= 0 per seeker, price[b] per buddy, with
 *   profit[s] + price[b] >= w(s, b)  for every edge, equality on matched edges,
 *   pen(b, load-1) <= price[b] <= pen(b, load)  (only the bound that exists),
 *   profit[s] = 0 for a seeker left unmatched.
 * These are the complementary slackness conditions of the LP, so they prove optimality.
 * Each new seeker is placed by a Dijkstra over reduced costs (all >= 0) that stops at the first
 * way to end the path (a free slot, or a matched seeker giving up its buddy); most seekers are
 * placed directly on a tight edge to a free slot without a search.
 */
export function solveBMatching(p: BMatchingProblem): BMatchingSolution {
  const g = buildGraph(p);
  const state = new SolverState(g);
  for (let s = 0; s < g.S; s++) state.insertSeeker(s);
  return state.solution(p);
}

/** CSR graph with slot-expanded penalties; weights and penalties already transformed for the objective. */
interface Graph {
  S: number;
  B: number;
  /** adjacency of seeker s: indices adjStart[s] .. adjStart[s+1]-1 */
  adjStart: Int32Array;
  adjBuddy: Int32Array;
  adjWeight: Float64Array;
  /** slots of buddy b: slotStart[b] .. slotStart[b+1]-1 (length = capacity) */
  slotStart: Int32Array;
  /** penalty of each slot, non-decreasing within a buddy */
  slotPenalty: Float64Array;
}

function buildGraph(p: BMatchingProblem): Graph {
  const S = p.seekers;
  const B = p.buddies;
  const E = p.edgeSeeker.length;
  if (!(Number.isInteger(S) && S >= 0 && Number.isInteger(B) && B >= 0))
    throw new Error('seekers and buddies must be non-negative integers');
  if (p.capacities.length !== B) throw new Error('capacities must have one entry per buddy');
  if (p.edgeBuddy.length !== E || p.edgeWeight.length !== E) throw new Error('edge arrays differ in length');

  const slotStart = new Int32Array(B + 1);
  for (let b = 0; b < B; b++) {
    const c = p.capacities[b];
    if (!(Number.isInteger(c) && c >= 0)) throw new Error(`capacity of buddy ${b} must be a non-negative integer`);
    slotStart[b + 1] = slotStart[b] + c;
  }
  const slotPenalty = new Float64Array(slotStart[B]);
  let maxPenalty = 0;
  if (p.slotPenalty) {
    for (let b = 0; b < B; b++) {
      const offset = p.slotOffset?.[b] ?? 0;
      let previous = 0;
      for (let i = slotStart[b]; i < slotStart[b + 1]; i++) {
        const pen = p.slotPenalty[offset + i - slotStart[b]] ?? 0;
        if (!(Number.isFinite(pen) && pen >= previous))
          throw new Error(`slot penalties of buddy ${b} must be finite, >= 0 and non-decreasing`);
        slotPenalty[i] = previous = pen;
        if (pen > maxPenalty) maxPenalty = pen;
      }
    }
  }

  const adjStart = new Int32Array(S + 1);
  let maxWeight = 0;
  for (let e = 0; e < E; e++) {
    const s = p.edgeSeeker[e];
    const b = p.edgeBuddy[e];
    const w = p.edgeWeight[e];
    if (!(Number.isInteger(s) && s >= 0 && s < S && Number.isInteger(b) && b >= 0 && b < B))
      throw new Error(`edge ${e} has an endpoint out of range`);
    if (!(Number.isInteger(w) && w >= 0)) throw new Error(`edge ${e} must have an integer weight >= 0`);
    if (w > maxWeight) maxWeight = w;
    adjStart[s + 1]++;
  }
  for (let s = 0; s < S; s++) adjStart[s + 1] += adjStart[s];

  // Both objectives become "maximise sum(scale * w + bonus) - sum(scale * penalty)":
  // - 'weight': scale = S + 1, bonus = 1. The bonus sum (= matched <= S) never outweighs one
  //   unit of real weight, so among the maximum-total solutions the one matching the most
  //   seekers wins; this makes the matched count well defined when zero-gain pairs exist.
  // - 'cardinality-then-weight': scale = 1, bonus larger than any difference in
  //   weight minus penalties (at most S * (maxWeight + maxPenalty)), so one more matched
  //   seeker always wins.
  const cardinality = p.objective === 'cardinality-then-weight';
  const scale = cardinality ? 1 : S + 1;
  const bonus = cardinality ? S * (maxWeight + maxPenalty) + 1 : 1;
  // Every potential and distance stays within a few multiples of the largest scaled weight.
  if (8 * (scale * maxWeight + bonus) > Number.MAX_SAFE_INTEGER) throw new Error('weights too large for exact arithmetic');
  if (scale !== 1) for (let i = 0; i < slotPenalty.length; i++) slotPenalty[i] *= scale;
  const fill = adjStart.slice(0, S);
  const adjBuddy = new Int32Array(E);
  const adjWeight = new Float64Array(E);
  for (let e = 0; e < E; e++) {
    const i = fill[p.edgeSeeker[e]]++;
    adjBuddy[i] = p.edgeBuddy[e];
    adjWeight[i] = p.edgeWeight[e] * scale + bonus;
  }
  return { S, B, adjStart, adjBuddy, adjWeight, slotStart, slotPenalty };
}

class SolverState {
  /** dual: seeker profit and buddy price */
  private readonly profit: Float64Array;
  private readonly price: Float64Array;
  /** matched buddy per seeker (-1 = none) */
  private readonly mate: Int32Array;
  /** seekers held by buddy b: slotSeeker[slotStart[b] .. slotStart[b] + load[b] - 1] */
  private readonly load: Int32Array;
  private readonly slotSeeker: Int32Array;

  // Dijkstra workspace over buddies, reset through the `touched` list.
  private readonly dist: Float64Array;
  /** seeker whose edge gave the buddy its label */
  private readonly pred: Int32Array;
  /** 0 = untouched, 1 = in heap, 2 = settled */
  private readonly mark: Uint8Array;
  private readonly heap: Int32Array;
  private readonly heapPos: Int32Array;
  private heapSize = 0;
  private readonly touched: Int32Array;
  private touchedCount = 0;

  constructor(private readonly g: Graph) {
    const { S, B } = g;
    this.profit = new Float64Array(S);
    this.price = new Float64Array(B);
    this.mate = new Int32Array(S).fill(-1);
    this.load = new Int32Array(B);
    this.slotSeeker = new Int32Array(g.slotStart[B]);
    this.dist = new Float64Array(B);
    this.pred = new Int32Array(B);
    this.mark = new Uint8Array(B);
    this.heap = new Int32Array(B);
    this.heapPos = new Int32Array(B);
    this.touched = new Int32Array(B);
    // Prices start at the penalty of the first slot: every (empty) buddy is then tight to the sink.
    for (let b = 0; b < B; b++) if (g.slotStart[b + 1] > g.slotStart[b]) this.price[b] = g.slotPenalty[g.slotStart[b]];
  }

  /** Adds seeker k to the optimal solution of the seekers before it. */
  insertSeeker(k: number): void {
    const { adjStart, adjBuddy, adjWeight, slotStart, slotPenalty } = this.g;
    const price = this.price;
    const load = this.load;
    // Best edge by reduced weight; the seeker's profit makes all its edges' reduced costs >= 0.
    let best = -1;
    let bestValue = 0;
    for (let i = adjStart[k]; i < adjStart[k + 1]; i++) {
      const b = adjBuddy[i];
      if (slotStart[b + 1] === slotStart[b]) continue;
      const v = adjWeight[i] - price[b];
      if (v > bestValue || (v === bestValue && best < 0)) {
        bestValue = v;
        best = i;
      }
    }
    this.profit[k] = bestValue;
    if (best < 0) return; // nothing worth having: stays unmatched with profit 0
    const b = adjBuddy[best];
    const l = load[b];
    if (l < slotStart[b + 1] - slotStart[b] && slotPenalty[slotStart[b] + l] === price[b]) {
      // Tight edge into a free slot whose penalty equals the price: a zero-length path.
      this.mate[k] = b;
      this.slotSeeker[slotStart[b] + l] = k;
      load[b] = l + 1;
      return;
    }
    this.search(k);
  }

  /** Dijkstra over buddies from seeker k; ends at the first free slot or unmatched option. */
  private search(k: number): void {
    const { adjStart, adjBuddy, adjWeight, slotStart, slotPenalty } = this.g;
    const { profit, price, dist, pred, mark, load, slotSeeker, mate } = this;
    this.touchedCount = 0;
    this.heapSize = 0;

    // Ways to end the path: k stays unmatched (length = profit[k]), a free slot of endBuddy,
    // or matched seeker endSeeker becomes unmatched.
    let bestEnd = profit[k];
    let endBuddy = -1;
    let endSeeker = -1;

    const uk = profit[k];
    for (let i = adjStart[k]; i < adjStart[k + 1]; i++) {
      const b = adjBuddy[i];
      this.relax(b, uk + price[b] - adjWeight[i], k);
    }

    while (this.heapSize > 0) {
      const b = this.heap[0];
      const d = dist[b];
      if (d >= bestEnd) break;
      this.popMin();
      mark[b] = 2;
      const base = slotStart[b];
      const l = load[b];
      if (l < slotStart[b + 1] - base) {
        const viaSlot = d + slotPenalty[base + l] - price[b];
        if (viaSlot < bestEnd) {
          bestEnd = viaSlot;
          endBuddy = b;
          endSeeker = -1;
        }
      }
      for (let j = base; j < base + l; j++) {
        const s = slotSeeker[j];
        // matched edges are tight, so s is at distance d
        const us = profit[s];
        if (d + us < bestEnd) {
          bestEnd = d + us;
          endBuddy = -1;
          endSeeker = s;
        }
        const ds = d + us;
        for (let i = adjStart[s]; i < adjStart[s + 1]; i++) {
          const b2 = adjBuddy[i];
          if (mark[b2] === 2) continue;
          this.relax(b2, ds + price[b2] - adjWeight[i], s);
        }
      }
    }

    // Potential update: settled nodes move by (D - d) so that the path becomes tight.
    const D = bestEnd;
    profit[k] = uk - D;
    for (let t = 0; t < this.touchedCount; t++) {
      const b = this.touched[t];
      if (mark[b] === 2) {
        const delta = D - dist[b];
        price[b] += delta;
        for (let j = slotStart[b]; j < slotStart[b] + load[b]; j++) profit[slotSeeker[j]] -= delta;
      }
    }

    // Augment: walk back from the end, moving each seeker to the buddy it reached.
    let b: number;
    let vacated: number; // slot index freed at the current buddy, or -1 for a new slot
    if (endBuddy >= 0) {
      b = endBuddy;
      vacated = -1;
    } else if (endSeeker >= 0) {
      b = mate[endSeeker];
      vacated = this.slotOf(b, endSeeker);
      mate[endSeeker] = -1;
      profit[endSeeker] = 0;
    } else {
      b = -1;
      vacated = -1;
    }
    while (b >= 0) {
      const s = pred[b];
      const from = mate[s];
      if (vacated < 0) {
        slotSeeker[slotStart[b] + load[b]] = s;
        load[b]++;
      } else {
        slotSeeker[vacated] = s;
      }
      mate[s] = b;
      if (s === k) break;
      vacated = this.slotOf(from, s);
      b = from;
    }

    for (let t = 0; t < this.touchedCount; t++) mark[this.touched[t]] = 0;
  }

  private slotOf(b: number, s: number): number {
    const base = this.g.slotStart[b];
    for (let j = base; j < base + this.load[b]; j++) if (this.slotSeeker[j] === s) return j;
    throw new Error('internal: seeker not held by its buddy');
  }

  private relax(b: number, nd: number, from: number): void {
    const m = this.mark[b];
    if (m === 0) {
      this.mark[b] = 1;
      this.touched[this.touchedCount++] = b;
      this.dist[b] = nd;
      this.pred[b] = from;
      this.heapPush(b);
    } else if (m === 1 && nd < this.dist[b]) {
      this.dist[b] = nd;
      this.pred[b] = from;
      this.siftUp(this.heapPos[b]);
    }
  }

  private heapPush(b: number): void {
    const i = this.heapSize++;
    this.heap[i] = b;
    this.heapPos[b] = i;
    this.siftUp(i);
  }

  private popMin(): void {
    const last = this.heap[--this.heapSize];
    if (this.heapSize > 0) {
      this.heap[0] = last;
      this.heapPos[last] = 0;
      this.siftDown(0);
    }
  }

  private siftUp(i: number): void {
    const { heap, heapPos, dist } = this;
    const b = heap[i];
    const d = dist[b];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pb = heap[parent];
      if (dist[pb] <= d) break;
      heap[i] = pb;
      heapPos[pb] = i;
      i = parent;
    }
    heap[i] = b;
    heapPos[b] = i;
  }

  private siftDown(i: number): void {
    const { heap, heapPos, dist } = this;
    const n = this.heapSize;
    const b = heap[i];
    const d = dist[b];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && dist[heap[c + 1]] < dist[heap[c]]) c++;
      if (dist[heap[c]] >= d) break;
      heap[i] = heap[c];
      heapPos[heap[i]] = i;
      i = c;
    }
    heap[i] = b;
    heapPos[b] = i;
  }

  solution(p: BMatchingProblem): BMatchingSolution {
    const seekerToBuddy = this.mate.slice();
    let matched = 0;
    let total = 0;
    for (let s = 0; s < this.g.S; s++) if (seekerToBuddy[s] >= 0) matched++;
    for (let e = 0; e < p.edgeSeeker.length; e++)
      if (seekerToBuddy[p.edgeSeeker[e]] === p.edgeBuddy[e]) total += p.edgeWeight[e];
    if (p.slotPenalty)
      for (let b = 0; b < this.g.B; b++) {
        const offset = p.slotOffset?.[b] ?? 0;
        for (let k = 0; k < this.load[b]; k++) total -= p.slotPenalty[offset + k] ?? 0;
      }
    return { seekerToBuddy, total, matched };
  }
}
