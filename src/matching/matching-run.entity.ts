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

/** One run of the engine for a school: its weights, figures and who stayed unmatched and why. */
@Entity('matching_run')
export class MatchingRun {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') schoolId!: string;
  @Column('uuid', { nullable: true }) createdBy!: string | null;
  @Column('jsonb') weights!: MatchingWeights;
  @Column('jsonb') stats!: MatchingResult['stats'];
  @Column('jsonb') unmatched!: UnmatchedSeeker[];
  /** Pins that could no longer hold and were skipped (the rest of the run went on). */
  @Column('jsonb', { default: () => "'[]'" }) skippedPins!: SkippedPin[];
  @Column('int') durationMs!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
