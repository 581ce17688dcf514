import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A school's secret calendar address (subscribed to without logging in). Only the hash of
 * the secret and the nonce it is derived from (with the server's key) are stored.
 */
@Entity('activity_calendar_feed')
export class CalendarFeed {
  @PrimaryColumn('uuid') schoolId!: string;
  @Column('bytea') tokenHash!: Buffer;
  @Column('bytea') nonce!: Buffer;
  @Column('uuid', { nullable: true }) createdBy!: string | null;
  @Column('timestamptz') createdAt!: Date;
}
