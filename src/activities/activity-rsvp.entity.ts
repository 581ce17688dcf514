import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const RSVP_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type RsvpStatus = (typeof RSVP_STATUSES)[number];

/**
 * A parent's sign-up for an activity: one row per (activity, parent). `position` comes from a
 * sequence on every (re-)sign-up, so the waitlist order is the order of sign-up.
 */
@Entity('activity_rsvp')
export class ActivityRsvp {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') activityId!: string;
  @Column('uuid') schoolId!: string;
  @Column('uuid') parentId!: string;
  @Column('text') status!: RsvpStatus;
  /** bigint: returned as a string by the driver. */
  @Column('bigint') position!: string;
  @Column('timestamptz') signedUpAt!: Date;
  @Column('timestamptz', { nullable: true }) confirmedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) promotedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) cancelledAt!: Date | null;
  @Column('text') actorType!: 'staff' | 'parent' | 'system';
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
