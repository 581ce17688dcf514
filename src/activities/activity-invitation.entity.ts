import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A parent was invited (once per activity). Why they were in the audience is not stored. */
@Entity('activity_invitation')
export class ActivityInvitation {
  @PrimaryColumn('uuid') activityId!: string;
  @PrimaryColumn('uuid') parentId!: string;
  @Column('uuid') schoolId!: string;
  @Column('uuid', { nullable: true }) withBuddyId!: string | null;
  @Column('uuid', { nullable: true }) invitedBy!: string | null;
  @Column('timestamptz') invitedAt!: Date;
}
