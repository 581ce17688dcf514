import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Reason } from './engine';

export const MATCH_STATUSES = [
  'proposed',
  'superseded',
  'rejected',
  'approved',
  'declined',
  'active',
  'ended',
] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];
/** Statuses in which a buddy's place is taken. */
export const OPEN_STATUSES: MatchStatus[] = ['approved', 'active'];

export interface CheckInRecord {
  parentId: string;
  answer: 'good' | 'could_be_better' | 'stopped';
  at: string;
}

/**
 * A pair from proposal to its end: proposed → approved (introductions sent) → each
 * accepts or declines → active → check-ins → ended. Rejected, declined and superseded
 * are final.
 */
@Entity('match')
export class Match {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') schoolId!: string;
  @Column('uuid', { nullable: true }) runId!: string | null;
  @Column('uuid') seekerId!: string;
  @Column('uuid') buddyId!: string;
  @Column('text') status!: MatchStatus;
  @Column('int') score!: number;
  /** All reasons (staff view); parents see those with staffOnly false. */
  @Column('jsonb') reasons!: Reason[];
  @Column('boolean') pinned!: boolean;
  @Column('text', { nullable: true }) seekerResponse!: 'accepted' | 'declined' | null;
  @Column('text', { nullable: true }) buddyResponse!: 'accepted' | 'declined' | null;
  @Column('timestamptz', { nullable: true }) seekerRespondedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) buddyRespondedAt!: Date | null;
  @Column('text', { nullable: true }) declineReason!: string | null;
  @Column('timestamptz', { nullable: true }) approvedAt!: Date | null;
  @Column('uuid', { nullable: true }) approvedBy!: string | null;
  @Column('timestamptz', { nullable: true }) activatedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) endedAt!: Date | null;
  @Column('text', { nullable: true }) endReason!: string | null;
  @Column('text', { nullable: true }) endOutcome!: 'good' | 'neutral' | 'bad' | null;
  @Column('int') remindersSent!: number;
  @Column('boolean') needsAttention!: boolean;
  @Column('jsonb') checkIns!: CheckInRecord[];
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
