import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A parent who hosts (co-organises) an activity with what they know. */
@Entity('activity_host')
export class ActivityHost {
  @PrimaryColumn('uuid') activityId!: string;
  @PrimaryColumn('uuid') parentId!: string;
  @Column('timestamptz') createdAt!: Date;
}
