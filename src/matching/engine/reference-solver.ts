import { BMatchingProblem, BMatchingSolution } from './assignment.types';

/**
 * A small, obviously correct solver: successive shortest paths with Bellman-Ford on the
 * flow network source -> seeker -> buddy -> (one arc per slot) -> sink, stopping when no
 * augmenting path improves the objective. Quadratic and slow: for tests and tiny inputs.
 */
export function solveReference(p: BMatchingProblem): BMatchingSolution {
  const S = p.seekers;
  const B = p.buddies;
  const source = S + B;
  const sink = source + 1;
  const n = sink + 1;
  let maxW = 0;
  for (let e = 0; e < p.edgeWeight.length; e++) maxW = Math.max(maxW, p.edgeWeight[e]);
  const shift = p.objective === 'cardinality-then-weight' ? S * (maxW + maxPenalty(p)) + 1 : 0;
  const to: number[] = [];
  const cap: number[] = [];
  const cost: number[] = [];
  const head: number[][] = Array.from({ length: n }, () => []);
  const add = (u: number, v: number, c: number, w: number): number => {
    head[u].push(to.length);
    to.push(v);
    cap.push(c);
    cost.push(w);
    head[v].push(to.length);
    to.push(u);
    cap.push(0);
    cost.push(-w);
    return to.length - 2;
  };
  for (let s = 0; s < S; s++) add(source, s, 1, 0);
  const edgeArc: number[] = [];
  for (let e = 0; e < p.edgeSeeker.length; e++)
    edgeArc.push(add(p.edgeSeeker[e], S + p.edgeBuddy[e], 1, -(p.edgeWeight[e] + shift)));
  for (let b = 0; b < B; b++) {
    const offset = p.slotOffset?.[b] ?? 0;
    for (let k = 0; k < p.capacities[b]; k++) add(S + b, sink, 1, p.slotPenalty?.[offset + k] ?? 0);
  }
  for (;;) {
    const dist = new Array<number>(n).fill(Infinity);
    const prev = new Array<number>(n).fill(-1);
    dist[source] = 0;
    for (let round = 0; round < n; round++) {
      let changed = false;
      for (let u = 0; u < n; u++) {
        if (dist[u] === Infinity) continue;
        for (const a of head[u]) {
          if (cap[a] > 0 && dist[u] + cost[a] < dist[to[a]]) {
            dist[to[a]] = dist[u] + cost[a];
            prev[to[a]] = a;
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
    if (!(dist[sink] < 0)) break;
    for (let v = sink; v !== source; v = to[prev[v] ^ 1]) {
      cap[prev[v]] -= 1;
      cap[prev[v] ^ 1] += 1;
    }
  }
  const seekerToBuddy = new Int32Array(S).fill(-1);
  let total = 0;
  let matched = 0;
  for (let e = 0; e < edgeArc.length; e++) {
    if (cap[edgeArc[e]] === 0) {
      seekerToBuddy[p.edgeSeeker[e]] = p.edgeBuddy[e];
      total += p.edgeWeight[e];
      matched++;
    }
  }
  const used = new Array<number>(B).fill(0);
  for (let s = 0; s < S; s++) if (seekerToBuddy[s] >= 0) used[seekerToBuddy[s]]++;
  for (let b = 0; b < B; b++) {
    const offset = p.slotOffset?.[b] ?? 0;
    for (let k = 0; k < used[b]; k++) total -= p.slotPenalty?.[offset + k] ?? 0;
  }
  return { seekerToBuddy, total, matched };
}

function maxPenalty(p: BMatchingProblem): number {
  let m = 0;
  if (p.slotPenalty)
    for (let i = 0; i < p.slotPenalty.length; i++) m = Math.max(m, p.slotPenalty[i]);
  return m;
}
