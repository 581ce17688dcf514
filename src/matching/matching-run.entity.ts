import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { MatchingResult, MatchingWeights, UnmatchedSeeker } from './engine';

/**
 * Why a staff pin could not hold in a run (it was skipped, the run went on):
 * - paused, left: a parent of the pair is paused or has left (or was erased);
 * - gone: a parent is no longer part of the school's pool;
 * - has_buddy: the seeker already has a buddy (approved or active);
 * - not_seeking: the seeker no longer looks for a buddy;
 * - not_offering: the buddy no longer offers to be one;
 * - no_consent: a parent withdrew consent to be matched;
 * - buddy_full: the buddy has no free place any more.
 */
export type SkippedPinReason =
  | 'paused'
  | 'left'
  | 'gone'
  | 'has_buddy'
  | 'not_seeking'
  | 'not_offering'
  | 'no_consent'
  | 'buddy_full';

export interface SkippedPin {
  seekerId: string;
  buddyId: string;
  reason: SkippedPinReason;
  /** The parent the reason is about. */
  parentId: string;
}

export const MATCHING_RUN_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type MatchingRunStatus = (typeof MATCHING_RUN_STATUSES)[number];
/** What a running run is doing, in order. */
export const MATCHING_RUN_PHASES = [
  'loading',
  'candidates',
  'solving',
  'reasons',
  'saving',
] as const;
export type MatchingRunPhase = (typeof MATCHING_RUN_PHASES)[number];

/** Why a run failed, as stored (a domain error's code and details, or 'matching.run_failed'). */
export interface MatchingRunError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
  /** The engine refused the input (a pin against the rules, invalid weights): a 422. */
  invalid?: boolean;
}

/**
 * One run of the engine for a school: its weights, figures and who stayed unmatched and why.
 * A run is queued, then running (progress 0-100), then done or failed; figures, unmatched
 * seekers and proposals exist only once it is done (written in one transaction).
 */
@Entity('matching_run')
export class MatchingRun {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') schoolId!: string;
  @Column('uuid', { nullable: true }) createdBy!: string | null;
  @Column('jsonb') weights!: MatchingWeights;
  @Column('text') status!: MatchingRunStatus;
  /** Percent done (100 when done). */
  @Column('int') progress!: number;
  @Column('text', { nullable: true }) phase!: MatchingRunPhase | null;
  @Column('jsonb', { nullable: true }) error!: MatchingRunError | null;
  @Column('timestamptz', { nullable: true }) startedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) finishedAt!: Date | null;
  /** Refreshed while the run computes; a stale one means the process died. */
  @Column('timestamptz', { nullable: true }) heartbeatAt!: Date | null;
  /** Null until the run is done. */
  @Column('jsonb', { nullable: true }) stats!: MatchingResult['stats'] | null;
  @Column('jsonb') unmatched!: UnmatchedSeeker[];
  /** Pins that could no longer hold and were skipped (the rest of the run went on). */
  @Column('jsonb', { default: () => "'[]'" }) skippedPins!: SkippedPin[];
  @Column('int') durationMs!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
