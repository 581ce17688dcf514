import { ApiProperty } from '@nestjs/swagger';
import { Parent } from '../parent.entity';
import type { ParentListItem } from '../parents.repository';
import { FORMS_OF_ADDRESS, FormOfAddress } from '../parent.types';
import { ChildDto, SituationDto, SpokenLanguageDto } from './parent-input.dto';

export class ConsentRecordDto {
  @ApiProperty() granted!: boolean;
  @ApiProperty({ description: 'When it was given or withdrawn' }) at!: string;
  @ApiProperty({
    enum: ['in_person', 'paper_form', 'phone', 'interpreter', 'parent_link', 'import'],
    enumName: 'ConsentMethod',
  })
  method!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Staff id; null when the parent did it through their link',
  })
  recordedBy!: string | null;
}

export class ParentSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() givenName!: string;
  @ApiProperty({ nullable: true, type: String }) familyName!: string | null;
  @ApiProperty({ enum: ['seeker', 'buddy', 'both'], enumName: 'ParentRole' }) role!: string;
  @ApiProperty({
    enum: ['enrolled', 'waiting', 'matched', 'paused', 'left'],
    enumName: 'ParentStatus',
  })
  status!: string;
  @ApiProperty({ type: [SpokenLanguageDto] }) languages!: SpokenLanguageDto[];
  @ApiProperty() dutchLevel!: string;
  @ApiProperty() messageLanguage!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty({ type: [String], description: 'Situation codes (stance in the full record)' })
  situationCodes!: string[];
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) waitingSince!: Date | null;
}

export class ParentDto extends ParentSummaryDto {
  @ApiProperty({ format: 'uuid' }) schoolId!: string;
  @ApiProperty({ format: 'uuid' }) householdId!: string;
  @ApiProperty({ nullable: true, type: String }) externalRef!: string | null;
  @ApiProperty({ type: [ChildDto] }) children!: ChildDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Asked-for language we do not ship; messageLanguage is the fallback used',
  })
  requestedLanguage!: string | null;
  @ApiProperty() prefersSpoken!: boolean;
  @ApiProperty({ enum: FORMS_OF_ADDRESS, enumName: 'FormOfAddress', nullable: true })
  formOfAddress!: FormOfAddress | null;
  @ApiProperty({ type: [SituationDto] }) situations!: SituationDto[];
  @ApiProperty({ type: [String] }) skills!: string[];
  @ApiProperty({ type: [String] }) interests!: string[];
  @ApiProperty({ type: [String] }) availability!: string[];
  @ApiProperty({ nullable: true, type: String }) postcodeArea!: string | null;
  @ApiProperty({ type: [String] }) channels!: string[];
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'E.164' }) phone!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/ConsentRecordDto' },
  })
  consents!: Record<string, ConsentRecordDto>;
  @ApiProperty({ nullable: true, type: String }) intakeNote!: string | null;
  @ApiProperty() atSchoolSince!: number;
  @ApiProperty({ type: [String] }) stoppedTopics!: string[];
  @ApiProperty() messagesStopped!: boolean;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class ParentPageDto {
  @ApiProperty({ type: [ParentSummaryDto] }) items!: ParentSummaryDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}

export function toSummary(p: ParentListItem): ParentSummaryDto {
  return {
    id: p.id,
    givenName: p.givenName,
    familyName: p.familyName,
    role: p.role,
    status: p.status,
    languages: p.languages,
    dutchLevel: p.dutchLevel,
    messageLanguage: p.messageLanguage,
    capacity: p.capacity,
    situationCodes: [...new Set(p.situations.map((s) => s.code))],
    waitingSince: p.waitingSince,
  };
}

export function toParentDto(p: Parent): ParentDto {
  return {
    ...toSummary(p),
    schoolId: p.schoolId,
    householdId: p.householdId,
    externalRef: p.externalRef,
    children: p.children,
    requestedLanguage: p.requestedLanguage,
    prefersSpoken: p.prefersSpoken,
    formOfAddress: p.formOfAddress ?? null,
    situations: p.situations,
    skills: p.skills,
    interests: p.interests,
    availability: p.availability,
    postcodeArea: p.postcodeArea,
    channels: p.channels,
    email: p.email,
    phone: p.phone,
    consents: p.consents,
    intakeNote: p.intakeNote,
    atSchoolSince: p.atSchoolSince,
    stoppedTopics: p.stoppedTopics,
    messagesStopped: p.messagesStopped,
    version: p.version,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
