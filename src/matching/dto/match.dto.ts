import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { PageQueryDto } from '../../common/http/page-query.dto';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { SHIPPED_LANGUAGES } from '../../i18n/languages';
import { MATCH_STATUSES } from '../match.entity';
import { MATCHING_RUN_PHASES, MATCHING_RUN_STATUSES } from '../matching-run.entity';

export class PersonRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() givenName!: string;
  @ApiProperty({ nullable: true, type: String }) familyName!: string | null;
}

export class ReasonDto {
  @ApiProperty({ example: 'shared_language' }) code!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { language: 'ar' } })
  params!: Record<string, string | number>;
  @ApiProperty({ example: 10 }) points!: number;
  @ApiProperty({ description: 'Staff only: never shown to a parent' }) staffOnly!: boolean;
  @ApiProperty({ example: 'Both speak Arabic.', description: 'In the reader’s language' })
  text!: string;
}

export class MatchDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MATCH_STATUSES, enumName: 'MatchStatus' }) status!: string;
  @ApiProperty() score!: number;
  @ApiProperty() pinned!: boolean;
  @ApiProperty({ type: PersonRefDto }) seeker!: PersonRefDto;
  @ApiProperty({ type: PersonRefDto }) buddy!: PersonRefDto;
  @ApiProperty({ type: [ReasonDto] }) reasons!: ReasonDto[];
  @ApiProperty({ nullable: true, enum: ['accepted', 'declined'], enumName: 'MatchResponse' })
  seekerResponse!: string | null;
  @ApiProperty({ nullable: true, enum: ['accepted', 'declined'], enumName: 'MatchResponse' })
  buddyResponse!: string | null;
  @ApiProperty({ nullable: true, type: String }) declineReason!: string | null;
  @ApiProperty({ nullable: true, type: Date }) approvedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) activatedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) endedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String }) endReason!: string | null;
  @ApiProperty({ nullable: true, enum: ['good', 'neutral', 'bad'], enumName: 'MatchEndOutcome' })
  endOutcome!: string | null;
  @ApiProperty({ description: 'No answer in time, or a check-in that needs a look' })
  needsAttention!: boolean;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) checkIns!: unknown[];
  @ApiProperty({ nullable: true, type: String }) runId!: string | null;
  @ApiProperty() createdAt!: Date;
}

export class UnmatchedDto {
  @ApiProperty({ type: PersonRefDto }) parent!: PersonRefDto;
  @ApiProperty({
    enum: [
      'no_shared_language',
      'no_experience',
      'all_full',
      'taken_by_others',
      'no_eligible_buddy',
    ],
    enumName: 'UnmatchedReason',
  })
  reason!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ description: 'Buddies that passed every hard rule' }) candidates!: number;
}

export class RunStatsDto {
  @ApiProperty() seekers!: number;
  @ApiProperty() buddies!: number;
  @ApiProperty() candidatePairs!: number;
  @ApiProperty() matched!: number;
  @ApiProperty() totalScore!: number;
}

export class SkippedPinDto {
  @ApiProperty({ format: 'uuid' }) seekerId!: string;
  @ApiProperty({ format: 'uuid' }) buddyId!: string;
  @ApiProperty({
    enum: [
      'paused',
      'left',
      'gone',
      'has_buddy',
      'not_seeking',
      'not_offering',
      'no_consent',
      'buddy_full',
    ],
    enumName: 'SkippedPinReason',
    description: 'Why the pin could no longer hold',
  })
  reason!: string;
  @ApiProperty({ description: 'The parent the reason is about' }) parentId!: string;
}

export class RunErrorDto {
  @ApiProperty({ example: 'matching.run_failed' }) code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  details?: Record<string, unknown>;
}

/** A run's state: what a poll of `GET …/matching/runs/{runId}` shows while it computes. */
export class MatchingRunStatusDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MATCHING_RUN_STATUSES, enumName: 'MatchingRunStatus' }) status!: string;
  @ApiProperty({ minimum: 0, maximum: 100, description: 'Percent done' }) progress!: number;
  @ApiProperty({
    enum: MATCHING_RUN_PHASES,
    enumName: 'MatchingRunPhase',
    nullable: true,
    description: 'What a running run is doing',
  })
  phase!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) startedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) finishedAt!: Date | null;
  @ApiProperty({ description: 'Milliseconds from queued to done (0 until done)' })
  durationMs!: number;
  @ApiProperty({ type: RunErrorDto, nullable: true, description: 'Why a failed run failed' })
  error!: RunErrorDto | null;
}

export class MatchingRunDto extends MatchingRunStatusDto {
  @ApiProperty({ type: RunStatsDto, nullable: true, description: 'Null until the run is done' })
  stats!: RunStatsDto | null;
  @ApiProperty({ type: [MatchDto], description: 'One page of the proposals (by seeker)' })
  proposals!: MatchDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ description: 'How many proposals the run made' }) proposalsTotal!: number;
  @ApiProperty({ type: [UnmatchedDto] }) unmatched!: UnmatchedDto[];
  @ApiProperty({
    type: [SkippedPinDto],
    description: 'Pins that could no longer hold (a parent paused, left or found a buddy): skipped',
  })
  skippedPins!: SkippedPinDto[];
}

export class LangQueryDto {
  @ApiPropertyOptional({
    enum: SHIPPED_LANGUAGES,
    enumName: 'ShippedLanguage',
    description: 'Language of reason texts; default: your interface language',
  })
  @IsOptional()
  @IsIn(SHIPPED_LANGUAGES)
  lang?: string;
}

export class MatchQueryDto extends LangQueryDto {
  @ApiPropertyOptional({
    enum: MATCH_STATUSES,
    enumName: 'MatchStatus',
    isArray: true,
    description: 'One or more, comma-separated',
  })
  @IsOptional()
  @IsIn(MATCH_STATUSES, {
    each: true,
    message: `status must be one or more of ${MATCH_STATUSES.join(', ')}`,
  })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',') : value,
  )
  status?: string[];
  @ApiPropertyOptional() @IsOptional() @IsUUID() parentId?: string;
  @ApiPropertyOptional({
    type: Boolean,
    description: 'Only pairs that need a look (no answer in time, a worrying check-in)',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'needsAttention must be true or false' })
  needsAttention?: boolean;
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;
  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

export class MatchPageDto {
  @ApiProperty({ type: [MatchDto] }) items!: MatchDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}

export class ApproveManyDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'Proposals of this run to approve; all when omitted',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  matchIds?: string[];
}

export class RejectDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class ResponseDto {
  @ApiProperty({ description: 'The seeker or the buddy of this match' })
  @IsUUID()
  parentId!: string;
  @ApiProperty({ enum: ['accept', 'decline'], enumName: 'ResponseChoice' })
  @IsIn(['accept', 'decline'])
  response!: 'accept' | 'decline';
  @ApiPropertyOptional({
    enum: ['no_time', 'not_now', 'someone_else', 'other'],
    enumName: 'DeclineReason',
  })
  @IsOptional()
  @IsIn(['no_time', 'not_now', 'someone_else', 'other'])
  reason?: 'no_time' | 'not_now' | 'someone_else' | 'other';
}

export class EndDto {
  @ApiProperty({
    enum: ['completed', 'no_contact', 'not_a_fit', 'moved', 'other'],
    enumName: 'MatchEndReason',
  })
  @IsIn(['completed', 'no_contact', 'not_a_fit', 'moved', 'other'])
  reason!: string;
  @ApiProperty({
    enum: ['good', 'neutral', 'bad'],
    enumName: 'MatchEndOutcome',
    description: '"bad" keeps the pair from being proposed again',
  })
  @IsIn(['good', 'neutral', 'bad'])
  outcome!: 'good' | 'neutral' | 'bad';
  @ApiPropertyOptional({
    default: false,
    description: 'Put the seeker back in the pool for a new buddy',
  })
  @IsOptional()
  @IsBoolean()
  rematch?: boolean;
}

export class CheckInDto {
  @ApiProperty() @IsUUID() parentId!: string;
  @ApiProperty({ enum: ['good', 'could_be_better', 'stopped'], enumName: 'CheckInAnswer' })
  @IsIn(['good', 'could_be_better', 'stopped'])
  answer!: 'good' | 'could_be_better' | 'stopped';
}

export class MatchRuleInputDto {
  @ApiProperty({ format: 'uuid', example: '3f1c2a9e-5b7d-4c8e-9a10-2b3c4d5e6f70' })
  @IsUUID()
  seekerId!: string;
  @ApiProperty({ format: 'uuid', example: '8a2d4e6f-1b3c-4d5e-8f90-a1b2c3d4e5f6' })
  @IsUUID()
  buddyId!: string;
  @ApiProperty({
    enum: ['pin', 'forbid'],
    enumName: 'MatchRuleKind',
    example: 'pin',
    description: 'pin: always propose this pair; forbid: never',
  })
  @IsIn(['pin', 'forbid'])
  kind!: 'pin' | 'forbid';
}

export class MatchRuleDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) seekerId!: string;
  @ApiProperty({ format: 'uuid' }) buddyId!: string;
  @ApiProperty({ enum: ['pin', 'forbid'], enumName: 'PairRuleKind' }) kind!: string;
  @ApiProperty() createdAt!: Date;
}

function trueOrFalse({ value }: { value: unknown }): unknown {
  return value === 'true' ? true : value === 'false' ? false : value;
}

export class RunStartQueryDto extends LangQueryDto {
  @ApiPropertyOptional({
    description:
      'true: answer when the run is done (201 with the first page of proposals; at most 2 minutes, then 202) instead of at once (202)',
  })
  @IsOptional()
  @Transform(trueOrFalse)
  @IsBoolean({ message: 'wait must be true or false' })
  wait?: boolean;
}

/** A run's proposals page by page, with the reasons in a language of choice. */
export class RunQueryDto extends IntersectionType(PageQueryDto, LangQueryDto) {}
