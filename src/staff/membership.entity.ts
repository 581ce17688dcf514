import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { SchoolRole } from '../common/auth/actor';

/** A staff member's role in one school, or as admin of a board (schoolId null, boardId set). */
@Entity('membership')
export class Membership {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') staffId!: string;
  @Column('uuid', { nullable: true }) schoolId!: string | null;
  @Column('uuid', { nullable: true }) boardId!: string | null;
  @Column('text') role!: SchoolRole | 'board_admin';
  /** Set when the membership came from an invitation by e-mail (the staff page). */
  @Column('timestamptz', { nullable: true }) invitedAt!: Date | null;
  @Column('uuid', { nullable: true }) invitedBy!: string | null;
  /** The name the inviting administrator typed (shown until the person logs in). */
  @Column('text', { nullable: true }) invitedName!: string | null;
  /** The invitation created the account (so a re-sent invitation carries a password link). */
  @Column('boolean', { default: false }) createdAccount!: boolean;
  /**
   * When the person accepted: at once for a membership made with a new account (or by the
   * operator), through the e-mailed link for an account that existed. NULL: pending, no access.
   */
  @Column('timestamptz', { nullable: true, default: () => 'now()' }) acceptedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
