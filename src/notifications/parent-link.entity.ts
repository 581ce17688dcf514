import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const LINK_PURPOSES = ['match', 'activity', 'check_in', 'preferences'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

/**
 * A parent's link /p/{token}: for one parent and one purpose, with an expiry. Only a hash
 * of the token is stored; the token itself is derived from the row id with a server secret.
 */
@Entity('parent_link')
export class ParentLink {
  @PrimaryColumn('uuid') id!: string;
  @Column('bytea') tokenHash!: Buffer;
  @Column('uuid') schoolId!: string;
  @Column('uuid') parentId!: string;
  @Column('text') purpose!: LinkPurpose;
  @Column('uuid', { nullable: true }) subjectId!: string | null;
  @Column('timestamptz') expiresAt!: Date;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
