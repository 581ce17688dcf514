import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { MessageKind } from './message-kinds';
import type { TaskOutcome } from './task-outcome';
import { encryptedRecipient } from '../privacy/encryption/field-encryption';

export const NOTIFICATION_STATUSES = [
  'pending',
  'sending',
  'sent',
  'task',
  'failed',
  'dead',
  'skipped',
] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
export type DeliveryChannel = 'email' | 'sms' | 'task';

/**
 * The transactional outbox: one row per message to one parent, written in the same
 * transaction as the event that causes it, delivered later by a worker.
 */
@Entity('notification')
export class Notification {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') schoolId!: string;
  @Column('uuid', { nullable: true }) parentId!: string | null;
  @Column('text') kind!: MessageKind;
  /** (parent, kind, subject): a repeated event sends nothing twice. */
  @Column('text') idempotencyKey!: string;
  @Column('text', { nullable: true }) subjectType!: string | null;
  @Column('uuid', { nullable: true }) subjectId!: string | null;
  /** Data for rendering (names, titles, reason codes); no sensitive fact unless shared on purpose. */
  @Column('jsonb') payload!: Record<string, unknown>;
  @Column('uuid', { nullable: true }) linkId!: string | null;
  @Column('text') status!: NotificationStatus;
  @Column('text', { nullable: true }) channel!: DeliveryChannel | null;
  /** The language actually used (after the fallback chain). */
  @Column('text', { nullable: true }) language!: string | null;
  /** The address or number (encrypted at rest), or a task's reason ("task: letter"). */
  @Column('text', { nullable: true, transformer: encryptedRecipient }) recipient!: string | null;
  @Column('text', { nullable: true }) subject!: string | null;
  @Column('text', { nullable: true }) bodyText!: string | null;
  @Column('text', { nullable: true }) bodyHtml!: string | null;
  @Column('text', { nullable: true }) messageId!: string | null;
  @Column('int') attempts!: number;
  @Column('timestamptz') nextAttemptAt!: Date;
  @Column('timestamptz', { nullable: true }) lockedUntil!: Date | null;
  @Column('text', { nullable: true }) lastError!: string | null;
  @Column('timestamptz', { nullable: true }) sentAt!: Date | null;
  @Column('timestamptz', { nullable: true }) taskDoneAt!: Date | null;
  /** How the consultant's task ended (see task-outcome.ts); null while open or when unknown. */
  @Column('text', { nullable: true }) taskOutcome!: TaskOutcome | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
