import { Column, Entity, PrimaryColumn } from 'typeorm';

export type PasswordLinkPurpose = 'reset' | 'invite';

/** A one-time link to set a password: after "forgot my password", or for a new staff member. */
@Entity('password_link')
export class PasswordLink {
  @PrimaryColumn('bytea') tokenHash!: Buffer;
  @Column('uuid') staffId!: string;
  @Column('text') purpose!: PasswordLinkPurpose;
  @Column('timestamptz') expiresAt!: Date;
  @Column('timestamptz', { nullable: true }) usedAt!: Date | null;
  @Column('timestamptz') createdAt!: Date;
}
