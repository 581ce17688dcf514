import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { MatchingResult, MatchingWeights, UnmatchedSeeker } from './engine';

/** One run of the engine for a school: its weights, figures and who stayed unmatched and why. */
@Entity('matching_run')
export class MatchingRun {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') schoolId!: string;
  @Column('uuid', { nullable: true }) createdBy!: string | null;
  @Column('jsonb') weights!: MatchingWeights;
  @Column('jsonb') stats!: MatchingResult['stats'];
  @Column('jsonb') unmatched!: UnmatchedSeeker[];
  @Column('int') durationMs!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
