import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A parent came to an activity (used by the dashboard for reach). */
@Entity('activity_attendance')
export class ActivityAttendance {
  @PrimaryColumn('uuid') activityId!: string;
  @PrimaryColumn('uuid') parentId!: string;
  @Column('uuid') schoolId!: string;
  @Column('uuid', { nullable: true }) recordedBy!: string | null;
  @Column('timestamptz') recordedAt!: Date;
}
