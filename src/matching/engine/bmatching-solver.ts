import { BMatchingProblem, BMatchingSolution } from './assignment.types';

/**
 * Exact weighted bipartite b-matching by successive shortest paths (see docs/matching-solver.md).
 *
 * Flow network: every seeker has one unit that goes to the sink T either through a buddy
 * (arc seeker -> buddy, cost -w) and one of the buddy's slots (arc buddy -> T, cost = slot
 * penalty), or directly ("unmatched", cost 0). The only potentials stored are buddy prices;
 * a seeker's potential is its profit max(0, max over its edges of w - price), which is never
 * needed explicitly. The state is optimal for the part of the problem inserted so far when
 *   - every matched seeker holds a buddy of maximum value w - price, and that value is >= 0,
 *   - every unmatched seeker has no edge of positive value,
 *   - penalty(load - 1) <= price[b] for a buddy with a seeker, price[b] <= penalty(load) for a
 *     buddy with a free slot.
 * (These are the reduced-cost >= 0 conditions of the flow network, i.e. LP complementary
 * slackness.) The problem grows one unit at a time, and each unit is placed with one Dijkstra
 * over reduced costs that stops at the first (cheapest) way to close the path:
 * - seeker side: all slots exist, seekers are inserted one by one; a seeker's search ends at a
 *   free slot, at a matched seeker that gives up its buddy, or with the seeker unmatched.
 * - slot side: all seekers exist (unmatched), slots are opened one by one; a slot's search
 *   ends at an unmatched seeker, at a buddy giving up a slot, or with the slot left empty.
 * Searches are short when the inserted side is the scarce one (free slots or unmatched seekers
 * abound), so the scarce side is inserted; most insertions need no search at all. In a balanced
 * market the slot side is faster: its adjacency lists are sorted heaviest first, so a search
 * stops reading a buddy's list as soon as the remaining seekers cannot beat the best end.
 */
export function solveBMatching(
  p: BMatchingProblem,
  options: SolverOptions = {},
): BMatchingSolution {
  const prepared = prepare(p);
  const { S, B, slotStart } = prepared;
  const seekerSide = (options.insert ?? (slotStart[B] <= S ? 'slots' : 'seekers')) === 'seekers';
  const state = new SolverState(prepared, p, seekerSide);
  if (seekerSide) {
    state.openAllSlots();
    for (let s = 0; s < S; s++) state.insertSeeker(s);
  } else {
    state.openAllSeekers();
    let maxCapacity = 0;
    for (let b = 0; b < B; b++)
      maxCapacity = Math.max(maxCapacity, slotStart[b + 1] - slotStart[b]);
    // Round by round (every buddy's first slot, then every second slot, ...), like the
    // seeker side fills buddies before stacking more seekers on one.
    for (let k = 0; k < maxCapacity; k++)
      for (let b = 0; b < B; b++) if (k < slotStart[b + 1] - slotStart[b]) state.openSlot(b);
  }
  return state.solution(p);
}

export interface SolverOptions {
  /**
   * Which side to insert unit by unit. Default: the scarce one ('slots' when there are no more
   * slots than seekers). Both give the same optimum; tests use this to exercise both.
   */
  insert?: 'seekers' | 'slots';
}

/** Validated problem with both objectives reduced to "maximise sum(w') - sum(penalty')". */
interface Prepared {
  S: number;
  B: number;
  /** slots of buddy b: slotStart[b] .. slotStart[b+1]-1 (as many as its capacity) */
  slotStart: Int32Array;
  /** transformed penalty of each slot, non-decreasing within a buddy */
  slotPenalty: Float64Array;
  /** transformed weight w' = w * scale + bonus */
  scale: number;
  bonus: number;
  maxWeight: number;
}

function prepare(p: BMatchingProblem): Prepared {
  const S = p.seekers;
  const B = p.buddies;
  const E = p.edgeSeeker.length;
  if (!(Number.isInteger(S) && S >= 0 && Number.isInteger(B) && B >= 0))
    throw new Error('seekers and buddies must be non-negative integers');
  if (p.capacities.length !== B) throw new Error('capacities must have one entry per buddy');
  if (p.edgeBuddy.length !== E || p.edgeWeight.length !== E)
    throw new Error('edge arrays differ in length');

  const slotStart = new Int32Array(B + 1);
  for (let b = 0; b < B; b++) {
    const c = p.capacities[b];
    if (!(Number.isInteger(c) && c >= 0))
      throw new Error(`capacity of buddy ${b} must be a non-negative integer`);
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

  let maxWeight = 0;
  for (let e = 0; e < E; e++) {
    const s = p.edgeSeeker[e];
    const b = p.edgeBuddy[e];
    const w = p.edgeWeight[e];
    if (!(Number.isInteger(s) && s >= 0 && s < S && Number.isInteger(b) && b >= 0 && b < B))
      throw new Error(`edge ${e} has an endpoint out of range`);
    if (!(Number.isInteger(w) && w >= 0))
      throw new Error(`edge ${e} must have an integer weight >= 0`);
    if (w > maxWeight) maxWeight = w;
  }

  // Both objectives become "maximise sum(scale * w + bonus) - sum(scale * penalty)":
  // - 'weight': scale = S + 1, bonus = 1. The bonus sum (= matched <= S) never outweighs one
  //   unit of real weight, so among the maximum-total solutions one matching the most seekers
  //   wins; this makes the matched count well defined when zero-gain pairs exist.
  // - 'cardinality-then-weight': scale = 1, bonus larger than any difference in weight minus
  //   penalties (at most S * (maxWeight + maxPenalty)), so one more matched seeker always wins.
  const cardinality = p.objective === 'cardinality-then-weight';
  const scale = cardinality ? 1 : S + 1;
  const bonus = cardinality ? S * (maxWeight + maxPenalty) + 1 : 1;
  // Potentials and distances stay within a few multiples of the largest transformed weight.
  if (8 * (scale * (maxWeight + maxPenalty) + bonus) > Number.MAX_SAFE_INTEGER)
    throw new Error('weights too large for exact arithmetic');
  if (scale !== 1) for (let i = 0; i < slotPenalty.length; i++) slotPenalty[i] *= scale;
  return { S, B, slotStart, slotPenalty, scale, bonus, maxWeight };
}

/** Compressed adjacency: neighbours of node x are other[start[x] .. start[x+1]-1]. */
interface Adjacency {
  start: Int32Array;
  other: Int32Array;
  /** transformed weight of each entry */
  weight: Float64Array;
}

function adjacency(
  nodes: number,
  from: ArrayLike<number>,
  to: ArrayLike<number>,
  p: BMatchingProblem,
  g: Prepared,
  order: Uint32Array | null,
): Adjacency {
  const E = from.length;
  const start = new Int32Array(nodes + 1);
  for (let e = 0; e < E; e++) start[from[e] + 1]++;
  for (let x = 0; x < nodes; x++) start[x + 1] += start[x];
  const fill = start.slice(0, nodes);
  const other = new Int32Array(E);
  const weight = new Float64Array(E);
  for (let n = 0; n < E; n++) {
    const e = order ? order[n] : n;
    const i = fill[from[e]]++;
    other[i] = to[e];
    weight[i] = p.edgeWeight[e] * g.scale + g.bonus;
  }
  return { start, other, weight };
}

/** Edge indices by descending weight, stable: LSD radix sort of maxWeight - w, 16 bits a pass. */
function heaviestFirst(weights: ArrayLike<number>, maxWeight: number): Uint32Array {
  const E = weights.length;
  let order = new Uint32Array(E);
  let next = new Uint32Array(E);
  const key = new Float64Array(E);
  for (let e = 0; e < E; e++) {
    order[e] = e;
    key[e] = maxWeight - weights[e];
  }
  const count = new Uint32Array(65537);
  for (let shift = 1; shift <= maxWeight; shift *= 65536) {
    count.fill(0);
    for (let e = 0; e < E; e++) count[(Math.floor(key[e] / shift) % 65536) + 1]++;
    for (let k = 0; k < 65536; k++) count[k + 1] += count[k];
    for (let n = 0; n < E; n++) {
      const e = order[n];
      next[count[Math.floor(key[e] / shift) % 65536]++] = e;
    }
    [order, next] = [next, order];
  }
  return order;
}

/** Binary min-heap of node indices keyed by key[node], with decrease-key. */
class IndexedMinHeap {
  readonly key: Float64Array;
  private readonly heap: Int32Array;
  private readonly pos: Int32Array;
  size = 0;

  constructor(n: number) {
    this.key = new Float64Array(n);
    this.heap = new Int32Array(n);
    this.pos = new Int32Array(n);
  }

  push(x: number, k: number): void {
    this.key[x] = k;
    const i = this.size++;
    this.heap[i] = x;
    this.pos[x] = i;
    this.siftUp(i);
  }

  decrease(x: number, k: number): void {
    this.key[x] = k;
    this.siftUp(this.pos[x]);
  }

  top(): number {
    return this.heap[0];
  }

  pop(): void {
    const last = this.heap[--this.size];
    if (this.size > 0) {
      this.heap[0] = last;
      this.pos[last] = 0;
      this.siftDown(0);
    }
  }

  private siftUp(i: number): void {
    const { heap, pos, key } = this;
    const x = heap[i];
    const k = key[x];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const px = heap[parent];
      if (key[px] <= k) break;
      heap[i] = px;
      pos[px] = i;
      i = parent;
    }
    heap[i] = x;
    pos[x] = i;
  }

  private siftDown(i: number): void {
    const { heap, pos, key } = this;
    const n = this.size;
    const x = heap[i];
    const k = key[x];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && key[heap[c + 1]] < key[heap[c]]) c++;
      if (key[heap[c]] >= k) break;
      heap[i] = heap[c];
      pos[heap[i]] = i;
      i = c;
    }
    heap[i] = x;
    pos[x] = i;
  }
}

const UNTOUCHED = 0;
const LABELLED = 1;
const SETTLED = 2;

class SolverState {
  private readonly S: number;
  private readonly B: number;
  private readonly slotStart: Int32Array;
  private readonly slotPenalty: Float64Array;
  /** adjacency by seeker (seeker side) or by buddy (slot side) */
  private readonly adj: Adjacency;

  /** buddy potentials, see the file comment */
  private readonly price: Float64Array;
  /** matched buddy per seeker (-1 = none) and the transformed weight of that edge */
  private readonly mate: Int32Array;
  private readonly mateWeight: Float64Array;
  /** seekers held by buddy b: slotSeeker[slotStart[b] .. slotStart[b] + load[b] - 1] */
  private readonly load: Int32Array;
  private readonly slotSeeker: Int32Array;
  /** slots of buddy b that exist so far (the first opened[b] of its capacity) */
  private readonly opened: Int32Array;

  // Search workspace, reset through the touched lists.
  private readonly buddyHeap: IndexedMinHeap;
  private readonly buddyMark: Uint8Array;
  /** seeker through which a buddy was reached, and the adjacency entry used (seeker side) */
  private readonly buddyVia: Int32Array;
  private readonly buddyEntry: Int32Array;
  private readonly touchedBuddies: Int32Array;
  /** slot side: seeker labels, the buddy a seeker was reached from and the entry used */
  private readonly seekerDist: Float64Array;
  private readonly seekerMark: Uint8Array;
  private readonly seekerFrom: Int32Array;
  private readonly seekerEntry: Int32Array;
  private readonly touchedSeekers: Int32Array;

  constructor(g: Prepared, p: BMatchingProblem, seekerSide: boolean) {
    const { S, B } = g;
    this.S = S;
    this.B = B;
    this.slotStart = g.slotStart;
    this.slotPenalty = g.slotPenalty;
    this.price = new Float64Array(B);
    this.mate = new Int32Array(S).fill(-1);
    this.mateWeight = new Float64Array(S);
    this.load = new Int32Array(B);
    this.slotSeeker = new Int32Array(g.slotStart[B]);
    this.opened = new Int32Array(B);
    this.buddyHeap = new IndexedMinHeap(B);
    this.buddyMark = new Uint8Array(B);
    this.buddyVia = new Int32Array(B);
    this.buddyEntry = new Int32Array(B);
    this.touchedBuddies = new Int32Array(B);
    this.seekerDist = new Float64Array(S);
    this.seekerMark = new Uint8Array(S);
    this.seekerFrom = new Int32Array(S);
    this.seekerEntry = new Int32Array(S);
    this.touchedSeekers = new Int32Array(S);
    this.adj = seekerSide
      ? adjacency(S, p.edgeSeeker, p.edgeBuddy, p, g, null)
      : adjacency(B, p.edgeBuddy, p.edgeSeeker, p, g, heaviestFirst(p.edgeWeight, g.maxWeight));
  }

  /** Seeker side start: every slot exists, no seeker yet; empty buddies priced at their first penalty. */
  openAllSlots(): void {
    for (let b = 0; b < this.B; b++) {
      this.opened[b] = this.slotStart[b + 1] - this.slotStart[b];
      if (this.opened[b] > 0) this.price[b] = this.slotPenalty[this.slotStart[b]];
    }
  }

  /** Slot side start: every seeker exists, unmatched; no slot yet, so prices only need to make every edge worth <= 0. */
  openAllSeekers(): void {
    const adj = this.adj;
    for (let b = 0; b < this.B; b++) {
      let top = 0;
      for (let j = adj.start[b]; j < adj.start[b + 1]; j++)
        if (adj.weight[j] > top) top = adj.weight[j];
      this.price[b] = top;
    }
  }

  /** Seeker side: adds seeker k to the optimal solution of the seekers before it. */
  insertSeeker(k: number): void {
    const { start, other, weight } = this.adj;
    const { slotStart, slotPenalty, price, load, opened } = this;
    // k's profit: the value of its best edge (or 0, unmatched).
    let best = -1;
    let bestValue = 0;
    for (let i = start[k]; i < start[k + 1]; i++) {
      const b = other[i];
      if (opened[b] === 0) continue;
      const v = weight[i] - price[b];
      if (v > bestValue) {
        bestValue = v;
        best = i;
      }
    }
    if (best < 0) return; // nothing worth having: stays unmatched
    const b = other[best];
    const l = load[b];
    if (l < opened[b] && slotPenalty[slotStart[b] + l] === price[b]) {
      // Tight edge into a free slot that is tight to the sink: a path of length 0.
      this.place(k, b, weight[best], -1);
      return;
    }
    this.searchFromSeeker(k, bestValue);
  }

  /**
   * Dijkstra over buddies from the new seeker k with profit uk (seeker side). Distances are
   * reduced path lengths; a matched seeker's own profit cancels out of every path through it.
   */
  private searchFromSeeker(k: number, uk: number): void {
    const { start, other, weight } = this.adj;
    const { slotStart, slotPenalty, price, load, opened, slotSeeker, mateWeight } = this;
    const heap = this.buddyHeap;
    const dist = heap.key;
    const mark = this.buddyMark;
    const via = this.buddyVia;
    const entry = this.buddyEntry;
    const touched = this.touchedBuddies;
    let touchedCount = 0;

    // Cheapest way found so far to close the path: k unmatched (length uk), a free slot of
    // endBuddy, or the matched seeker endSeeker becoming unmatched.
    let bestEnd = uk;
    let endBuddy = -1;
    let endSeeker = -1;

    for (let i = start[k]; i < start[k + 1]; i++) {
      const b = other[i];
      const nd = uk + price[b] - weight[i];
      if (nd >= bestEnd) continue;
      if (mark[b] === UNTOUCHED) {
        mark[b] = LABELLED;
        touched[touchedCount++] = b;
        via[b] = k;
        entry[b] = i;
        heap.push(b, nd);
      } else if (nd < dist[b]) {
        via[b] = k;
        entry[b] = i;
        heap.decrease(b, nd);
      }
    }

    while (heap.size > 0) {
      const b = heap.top();
      const d = dist[b];
      if (d >= bestEnd) break;
      heap.pop();
      mark[b] = SETTLED;
      const base = slotStart[b];
      const l = load[b];
      if (l < opened[b]) {
        const viaSlot = d + slotPenalty[base + l] - price[b];
        if (viaSlot < bestEnd) {
          bestEnd = viaSlot;
          endBuddy = b;
          endSeeker = -1;
        }
      }
      for (let j = base; j < base + l; j++) {
        const s = slotSeeker[j];
        // s leaves b: it can end the path by staying unmatched, or move on along an edge.
        const leave = d + mateWeight[s] - price[b];
        if (leave < bestEnd) {
          bestEnd = leave;
          endBuddy = -1;
          endSeeker = s;
        }
        for (let i = start[s]; i < start[s + 1]; i++) {
          const b2 = other[i];
          const m = mark[b2];
          if (m === SETTLED) continue;
          const nd = leave + price[b2] - weight[i];
          if (nd >= bestEnd) continue;
          if (m === UNTOUCHED) {
            mark[b2] = LABELLED;
            touched[touchedCount++] = b2;
            via[b2] = s;
            entry[b2] = i;
            heap.push(b2, nd);
          } else if (nd < dist[b2]) {
            via[b2] = s;
            entry[b2] = i;
            heap.decrease(b2, nd);
          }
        }
      }
    }
    heap.size = 0;

    // Potentials: every buddy at distance d < D gets D - d dearer; this keeps all reduced
    // costs >= 0 and makes the path tight.
    const D = bestEnd;
    for (let t = 0; t < touchedCount; t++) {
      const b = touched[t];
      if (mark[b] === SETTLED) price[b] += D - dist[b];
    }
    for (let t = 0; t < touchedCount; t++) mark[touched[t]] = UNTOUCHED;

    // Augment: walk back from the end, each seeker moving to the buddy it reached.
    let b = endBuddy;
    let slot = -1; // where the arriving seeker goes at b; -1 = a new slot
    if (endSeeker >= 0) {
      b = this.mate[endSeeker];
      slot = this.unplace(endSeeker);
    }
    while (b >= 0) {
      const s = via[b];
      const from = this.mate[s];
      const freed = s === k ? -1 : this.unplace(s);
      this.place(s, b, weight[entry[b]], slot);
      if (s === k) break;
      slot = freed;
      b = from;
    }
  }

  /** Slot side: opens the next slot of buddy b0 and re-optimises. */
  openSlot(b0: number): void {
    const l0 = this.load[b0];
    const wasFree = l0 < this.opened[b0]++;
    const pen0 = this.slotPenalty[this.slotStart[b0] + l0];
    // With a free slot already (or a price the new slot accepts) all reduced costs stay >= 0.
    if (wasFree || this.price[b0] <= pen0) return;
    this.searchFromSlot(b0, pen0);
  }

  /**
   * Dijkstra backwards from buddy b0, whose new slot (penalty pen0) has reduced cost
   * pen0 - price[b0] < 0: finds the cheapest way to fill it (a chain of seekers moving towards
   * b0, starting from an unmatched seeker or from a buddy that gives up a slot); if none is
   * cheaper than leaving the slot empty, b0's price just drops to pen0.
   */
  private searchFromSlot(b0: number, pen0: number): void {
    const { start, other, weight } = this.adj;
    const { slotStart, slotPenalty, price, load, mate, mateWeight } = this;
    const heap = this.buddyHeap;
    const dist = heap.key;
    const mark = this.buddyMark;
    const via = this.buddyVia;
    const touched = this.touchedBuddies;
    const sDist = this.seekerDist;
    const sMark = this.seekerMark;
    const sFrom = this.seekerFrom;
    const sEntry = this.seekerEntry;
    const sTouched = this.touchedSeekers;
    let touchedCount = 0;
    let sTouchedCount = 0;

    let bestEnd = price[b0] - pen0; // leave the new slot empty
    let endSeeker = -1; // an unmatched seeker starts the chain
    let endBuddy = -1; // a buddy gives up a slot to start the chain

    mark[b0] = SETTLED;
    touched[touchedCount++] = b0;
    dist[b0] = 0;
    let b = b0;
    let d = 0;
    for (;;) {
      // Seekers that could move into b (not already there). A seeker's label leaves out its
      // own profit: that is 0 for an unmatched seeker and cancels on the way to its buddy.
      const pb = price[b];
      for (let j = start[b]; j < start[b + 1]; j++) {
        const s = other[j];
        const m = mate[s];
        if (m === b) continue;
        const ds = d + pb - weight[j];
        if (ds >= bestEnd) break; // heaviest first: the rest are no better
        if (sMark[s] === UNTOUCHED) {
          sMark[s] = LABELLED;
          sTouched[sTouchedCount++] = s;
        } else if (ds >= sDist[s]) continue;
        sDist[s] = ds;
        sFrom[s] = b;
        sEntry[s] = j;
        if (m < 0) {
          bestEnd = ds;
          endSeeker = s;
          endBuddy = -1;
          continue;
        }
        // s leaves its buddy m, which is then reached through s.
        if (mark[m] === SETTLED) continue;
        const dm = ds + mateWeight[s] - price[m];
        if (dm >= bestEnd) continue;
        if (mark[m] === UNTOUCHED) {
          mark[m] = LABELLED;
          touched[touchedCount++] = m;
          via[m] = s;
          heap.push(m, dm);
        } else if (dm < dist[m]) {
          via[m] = s;
          heap.decrease(m, dm);
        }
      }
      if (heap.size === 0) break;
      b = heap.top();
      d = dist[b];
      if (d >= bestEnd) break;
      heap.pop();
      mark[b] = SETTLED;
      // b may simply give up the seeker it loses (one slot fewer in use).
      const release = d + price[b] - slotPenalty[slotStart[b] + load[b] - 1];
      if (release < bestEnd) {
        bestEnd = release;
        endBuddy = b;
        endSeeker = -1;
      }
    }
    heap.size = 0;

    // Potentials: buddies at backward distance d < D get D - d cheaper (b0 by D).
    const D = bestEnd;
    for (let t = 0; t < touchedCount; t++) {
      const x = touched[t];
      if (mark[x] === SETTLED) price[x] -= D - dist[x];
      mark[x] = UNTOUCHED;
    }
    for (let t = 0; t < sTouchedCount; t++) sMark[sTouched[t]] = UNTOUCHED;

    // Augment: the chain runs from its start towards b0, each seeker moving to sFrom[seeker]
    // and taking the slot of the seeker that leaves there.
    let s = endSeeker;
    if (endBuddy >= 0) {
      s = via[endBuddy];
      this.remove(s);
    }
    if (s < 0) return; // the slot stays empty
    for (;;) {
      const target = sFrom[s];
      const w = weight[sEntry[s]];
      if (target === b0) {
        this.place(s, b0, w, -1);
        return;
      }
      const next = via[target];
      this.place(s, target, w, this.unplace(next));
      s = next;
    }
  }

  private slotIndex(b: number, s: number): number {
    const base = this.slotStart[b];
    for (let j = base; j < base + this.load[b]; j++) if (this.slotSeeker[j] === s) return j;
    throw new Error('internal: seeker not held by its buddy');
  }

  /** Puts s at buddy b in slot `slot`, or in a new slot when slot < 0. */
  private place(s: number, b: number, w: number, slot: number): void {
    if (slot < 0) slot = this.slotStart[b] + this.load[b]++;
    this.slotSeeker[slot] = s;
    this.mate[s] = b;
    this.mateWeight[s] = w;
  }

  /** Takes s away from its buddy for good: the buddy's last seeker fills the gap. */
  private remove(s: number): void {
    const b = this.mate[s];
    const slot = this.slotIndex(b, s);
    const last = this.slotStart[b] + --this.load[b];
    this.slotSeeker[slot] = this.slotSeeker[last];
    this.mate[s] = -1;
  }

  /** Takes s away from its buddy and returns the slot it leaves, for another seeker to fill. */
  private unplace(s: number): number {
    const slot = this.slotIndex(this.mate[s], s);
    this.mate[s] = -1;
    return slot;
  }

  solution(p: BMatchingProblem): BMatchingSolution {
    const seekerToBuddy = this.mate.slice();
    let matched = 0;
    let total = 0;
    for (let s = 0; s < this.S; s++) if (seekerToBuddy[s] >= 0) matched++;
    for (let e = 0; e < p.edgeSeeker.length; e++)
      if (seekerToBuddy[p.edgeSeeker[e]] === p.edgeBuddy[e]) total += p.edgeWeight[e];
    if (p.slotPenalty)
      for (let b = 0; b < this.B; b++) {
        const offset = p.slotOffset?.[b] ?? 0;
        for (let k = 0; k < this.load[b]; k++) total -= p.slotPenalty[offset + k] ?? 0;
      }
    return { seekerToBuddy, total, matched };
  }
}
