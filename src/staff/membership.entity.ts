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
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
