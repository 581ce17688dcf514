import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsUUID,
} from 'class-validator';
import { SCHOOL_YEARS, SITUATION_CODES } from '../../taxonomy/taxonomy';
import { LANGUAGE_CODES } from './activity-input.dto';

export const AUDIENCES = [
  'all',
  'new_parents',
  'school_year',
  'language',
  'situation',
  'buddy_pairs',
  'parents',
] as const;
export type AudienceKind = (typeof AUDIENCES)[number];

export class InviteDto {
  @ApiProperty({
    enum: AUDIENCES,
    enumName: 'Audience',
    description:
      'all: every parent; new_parents: started at the school this or last school year; school_year: with a child in schoolYears; ' +
      'language: speaking one of languages; situation: with one of situations (never revealed); buddy_pairs: both parents of every active buddy pair; ' +
      'parents: the hand-picked parentIds',
  })
  @IsIn(AUDIENCES, { message: `$property must be one of ${AUDIENCES.join(', ')}` })
  audience!: AudienceKind;

  @ApiPropertyOptional({
    type: [String],
    example: ['groep-8'],
    description: 'For audience school_year',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(SCHOOL_YEARS, {
    each: true,
    message: '$property must contain school years (early-years, groep-1..groep-8, vo-1..vo-6)',
  })
  schoolYears?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['ar', 'tr'],
    description: 'For audience language',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(LANGUAGE_CODES, { each: true, message: '$property must contain ISO 639 language codes' })
  languages?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['secondary_transition'],
    description: 'For audience situation',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(SITUATION_CODES, {
    each: true,
    message: '$property must contain situations from GET /api/v1/taxonomy',
  })
  situations?: string[];

  @ApiPropertyOptional({ type: [String], description: 'For audience parents' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: '$property must contain parent ids' })
  parentIds?: string[];

  @ApiPropertyOptional({
    default: false,
    description: 'Also invite the buddy of each invitee, and tell both they can come together',
  })
  @IsOptional()
  @IsBoolean()
  withBuddies?: boolean;
}

export class InvitationResultDto {
  @ApiProperty({ description: 'Invitations queued now' }) invited!: number;
  @ApiProperty({
    description: 'In the audience but invited to this activity before (not sent again)',
  })
  alreadyInvited!: number;
  @ApiProperty({
    description:
      'In the audience but not invited: noConsent (no consent for activity invitations), messagesStopped (stopped activity messages)',
    example: { noConsent: 2, messagesStopped: 1 },
  })
  skipped!: { noConsent: number; messagesStopped: number };
  @ApiProperty({
    description: 'Invitations queued now per message language',
    example: { ar: 3, nl: 5 },
  })
  byLanguage!: Record<string, number>;
  @ApiProperty({
    description: "Invitations queued now per parent's first channel",
    example: { email: 6, sms: 1, letter: 1 },
  })
  byChannel!: Record<string, number>;
  @ApiProperty({ description: 'Invitations that say the buddy is invited too' }) withBuddy!: number;
}
