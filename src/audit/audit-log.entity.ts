import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AuditDetails = Record<string, string | number | boolean | null | string[]>;

/** Append-only record of who read or changed which personal record (a trigger forbids edits). */
@Entity('audit_log')
export class AuditLogEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @CreateDateColumn({ type: 'timestamptz' }) at!: Date;
  @Column('uuid', { nullable: true }) schoolId!: string | null;
  /** 'staff', 'parent' (through a link) or 'system'. */
  @Column('text') actorType!: string;
  @Column('text', { nullable: true }) actorId!: string | null;
  /** e.g. parent.read, parent.update, parent.export, match.approve, login.failed. */
  @Column('text') action!: string;
  @Column('text', { nullable: true }) entityType!: string | null;
  @Column('text', { nullable: true }) entityId!: string | null;
  @Column('text', { nullable: true }) ip!: string | null;
  @Column('text', { nullable: true }) requestId!: string | null;
  /** What changed (field names, never the sensitive values themselves). */
  @Column('jsonb', { nullable: true }) details!: AuditDetails | null;
}
