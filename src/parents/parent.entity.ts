import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import {
  Channel,
  Child,
  Consents,
  MessageTopic,
  ParentRole,
  ParentSituation,
  ParentStatus,
  SpokenLanguage,
} from './parent.types';

/** One parent (or carer) enrolled at one school. */
@Entity('parent')
export class Parent {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') schoolId!: string;
  /** Members of one household share this id and are never paired with each other. */
  @Column('uuid') householdId!: string;
  /** Set by a CSV import: the school's own id for the parent, for idempotent re-imports. */
  @Column('text', { nullable: true }) externalRef!: string | null;
  @Column('text') givenName!: string;
  @Column('text', { nullable: true }) familyName!: string | null;
  @Column('jsonb') children!: Child[];
  @Column('jsonb') languages!: SpokenLanguage[];
  @Column('text') dutchLevel!: string;
  /** The shipped language messages are written in. */
  @Column('text') messageLanguage!: string;
  /** The language asked for at intake when we do not ship it (messageLanguage is then the fallback). */
  @Column('text', { nullable: true }) requestedLanguage!: string | null;
  @Column('boolean') prefersSpoken!: boolean;
  @Column('text') role!: ParentRole;
  @Column('int') capacity!: number;
  @Column('jsonb') situations!: ParentSituation[];
  @Column('text', { array: true }) skills!: string[];
  @Column('text', { array: true }) interests!: string[];
  @Column('text', { array: true }) availability!: string[];
  @Column('text', { nullable: true }) postcodeArea!: string | null;
  @Column('text', { array: true }) channels!: Channel[];
  @Column('text', { nullable: true }) email!: string | null;
  @Column('text', { nullable: true }) phone!: string | null;
  @Column('jsonb') consents!: Consents;
  @Column('text', { nullable: true }) intakeNote!: string | null;
  @Column('text') status!: ParentStatus;
  /** School year the family started at the school (e.g. 2021 for 2021/22). */
  @Column('int') atSchoolSince!: number;
  @Column('timestamptz', { nullable: true }) waitingSince!: Date | null;
  /** Topics the parent stopped from their page. */
  @Column('text', { array: true }) stoppedTopics!: MessageTopic[];
  @Column('boolean') messagesStopped!: boolean;
  @Column('timestamptz', { nullable: true }) erasedAt!: Date | null;
  @VersionColumn() version!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
