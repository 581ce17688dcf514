import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { SchoolSettings } from './school-settings';

export const SCHOOL_KINDS = ['primary', 'secondary', 'other'] as const;
export type SchoolKind = (typeof SCHOOL_KINDS)[number];

@Entity('school')
export class School {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { nullable: true }) boardId!: string | null;
  @Column('text') name!: string;
  /** BRIN code: 4 characters, 2 digits + 2 letters (e.g. 12AB), optionally a 2-digit branch. */
  @Column('text') brin!: string;
  @Column('text') city!: string;
  @Column('text') kind!: SchoolKind;
  @Column('text') defaultLanguage!: string;
  @Column('jsonb') settings!: SchoolSettings;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
