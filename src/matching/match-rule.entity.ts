import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A consultant's pin (propose this pair) or forbid (never propose it), applied in runs. */
@Entity('match_rule')
export class MatchRule {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') schoolId!: string;
  @Column('uuid') seekerId!: string;
  @Column('uuid') buddyId!: string;
  @Column('text') kind!: 'pin' | 'forbid';
  @Column('uuid', { nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
