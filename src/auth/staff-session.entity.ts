import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A staff member logged in to the workspace. The cookie holds a secret; only its hash is kept. */
@Entity('staff_session')
export class StaffSession {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('bytea') tokenHash!: Buffer;
  @Column('uuid') staffId!: string;
  /** The synchronizer token every form of this session carries. */
  @Column('text') csrfToken!: string;
  /** The school the staff member chose last (several schools or a board). */
  @Column('uuid', { nullable: true }) schoolId!: string | null;
  @Column('timestamptz') createdAt!: Date;
  @Column('timestamptz') lastSeenAt!: Date;
  /** The absolute end; inactivity ends a session earlier. */
  @Column('timestamptz') expiresAt!: Date;
}
