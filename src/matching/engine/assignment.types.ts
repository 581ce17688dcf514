/**
 * The assignment problem the matching engine solves: a weighted bipartite b-matching.
 * Each seeker gets at most one buddy; buddy b takes at most capacities[b] seekers.
 * Plain data in, plain data out; no framework or I/O.
 */
export interface BMatchingProblem {
  seekers: number;
  buddies: number;
  /** Free slots per buddy (length = buddies). */
  capacities: ArrayLike<number>;
  /** Edge list: seeker index, buddy index, integer weight >= 0. A pair occurs at most once. */
  edgeSeeker: ArrayLike<number>;
  edgeBuddy: ArrayLike<number>;
  edgeWeight: ArrayLike<number>;
  /**
   * Optional concave load spreading: using the k-th free slot (0-based) of buddy b costs
   * slotPenalty[(slotOffset?.[b] ?? 0) + k]. Must be non-decreasing and >= 0.
   */
  slotPenalty?: ArrayLike<number>;
  /** Slots a buddy already uses (existing active pairs), shifting its penalties. */
  slotOffset?: ArrayLike<number>;
  /**
   * 'weight': maximise the total weight (minus penalties) only.
   * 'cardinality-then-weight': first as many matched seekers as possible, then the
   * best total among those (lexicographic; the same solver on shifted weights).
   */
  objective: 'weight' | 'cardinality-then-weight';
}

export interface BMatchingSolution {
  /** For each seeker the buddy index, or -1. */
  seekerToBuddy: Int32Array;
  /** Sum of the chosen edges' weights minus the slot penalties used. */
  total: number;
  matched: number;
}
