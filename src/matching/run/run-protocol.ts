import type { MatchingResult, MatchingWeights, ProgressPhase } from '../engine';

/** What the main thread asks the matching worker thread. */
export interface WorkerJob {
  id: number;
  /**
   * A matching run (default), or the recruitment advice for the school's last run: which
   * kinds of new buddy would let the most waiting seekers be matched (the engine re-run).
   */
  kind?: 'run' | 'recruitment';
  databaseUrl: string;
  schoolId: string;
  /** The run's "now" (ISO), for waiting days and years at the school. */
  now: string;
  /** For tests: the thread ends (as a crash would) after reading the input. */
  crash?: boolean;
}

export interface WorkerProgress {
  id: number;
  type: 'progress';
  phase: 'loading' | ProgressPhase;
  done: number;
  total: number;
}

export interface WorkerDone {
  id: number;
  type: 'done';
  weights: MatchingWeights;
  stats: MatchingResult['stats'];
  proposals: number;
  unmatched: number;
  /** Rows for jsonb_to_recordset: seeker_id, buddy_id, score, reasons, pinned. */
  proposalsJson: string;
  unmatchedJson: string;
  skippedPinsJson: string;
}

export interface WorkerFailure {
  code: string;
  message: string;
  details?: Record<string, unknown>;
  /** The engine refused the input (a pin against the rules, invalid weights): a 422. */
  invalid?: boolean;
}

export interface WorkerFailed {
  id: number;
  type: 'failed';
  error: WorkerFailure;
}

/** The recruitment advice (RecruitmentOption[]) as JSON text, for a jsonb column. */
export interface WorkerRecruitment {
  id: number;
  type: 'recruitment';
  optionsJson: string;
}

export type WorkerAnswer = WorkerDone | WorkerFailed | WorkerRecruitment;
export type WorkerMessage = WorkerProgress | WorkerAnswer;
