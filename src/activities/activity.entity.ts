import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { ActivityKind } from './core/host-skills';

export const ACTIVITY_STATUSES = ['scheduled', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** A low-threshold activity a school organises (coffee morning, language café, workshop...). */
@Entity('activity')
export class Activity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') schoolId!: string;
  @Column('text') kind!: ActivityKind;
  /** In the school's language; the kind's label when no title was given. */
  @Column('text') title!: string;
  /** The title is the kind's default: translations come from locales/<lang>/taxonomy.json. */
  @Column('boolean') titleFromKind!: boolean;
  /** Translations of the title per language code. */
  @Column('jsonb') titles!: Record<string, string>;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('jsonb') descriptions!: Record<string, string>;
  @Column('timestamptz') startsAt!: Date;
  @Column('timestamptz') endsAt!: Date;
  @Column('text') location!: string;
  /** Languages spoken at the activity. */
  @Column('text', { array: true }) languages!: string[];
  @Column('boolean') interpreter!: boolean;
  @Column('boolean') childcare!: boolean;
  /** Euro cents; null or 0 is free. */
  @Column('int', { nullable: true }) costCents!: number | null;
  /** Places; null is unlimited. */
  @Column('int', { nullable: true }) capacity!: number | null;
  /** Confirmed sign-ups, kept by a database trigger (never written by the application). */
  @Column({ type: 'int', update: false, insert: false }) confirmedCount!: number;
  @Column('text') status!: ActivityStatus;
  @Column('timestamptz', { nullable: true }) cancelledAt!: Date | null;
  @Column('int') changeCount!: number;
  @Column('timestamptz', { nullable: true }) remindersSentAt!: Date | null;
  @Column('uuid', { nullable: true }) createdBy!: string | null;
  @Column('int') version!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

/** What a parent is shown of an activity (its page, its messages): no bookkeeping columns. */
export const ACTIVITY_SHOWN_FIELDS = [
  'id',
  'schoolId',
  'kind',
  'title',
  'titleFromKind',
  'titles',
  'description',
  'descriptions',
  'startsAt',
  'endsAt',
  'location',
  'languages',
  'interpreter',
  'childcare',
  'costCents',
  'capacity',
  'confirmedCount',
  'status',
  'version',
] as const satisfies readonly (keyof Activity)[];
export type ActivityShown = Pick<Activity, (typeof ACTIVITY_SHOWN_FIELDS)[number]>;
