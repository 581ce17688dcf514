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
  FormOfAddress,
} from './parent.types';
import { encryptedText } from '../privacy/encryption/field-encryption';

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
  /** Chosen by the parent at intake (never guessed); null: gender-neutral wording. */
  @Column('text', { nullable: true }) formOfAddress!: FormOfAddress | null;
  @Column('text') role!: ParentRole;
  @Column('int') capacity!: number;
  @Column('jsonb') situations!: ParentSituation[];
  @Column('text', { array: true }) skills!: string[];
  @Column('text', { array: true }) interests!: string[];
  @Column('text', { array: true }) availability!: string[];
  @Column('text', { nullable: true }) postcodeArea!: string | null;
  @Column('text', { array: true }) channels!: Channel[];
  /** Encrypted at rest (see PRIVACY.md); look up by emailHash, never by this column. */
  @Column('text', { nullable: true, transformer: encryptedText }) email!: string | null;
  /** E.164; encrypted at rest; look up by phoneHash. */
  @Column('text', { nullable: true, transformer: encryptedText }) phone!: string | null;
  /** Keyed hash of the normalised e-mail (set by ParentContactSubscriber on every write). */
  @Column('text', { nullable: true, select: false }) emailHash!: string | null;
  /** Keyed hash of the E.164 phone. */
  @Column('text', { nullable: true, select: false }) phoneHash!: string | null;
  @Column('jsonb') consents!: Consents;
  /** Encrypted at rest. */
  @Column('text', { nullable: true, transformer: encryptedText }) intakeNote!: string | null;
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
