import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  AVAILABILITY_SLOTS,
  DUTCH_LEVELS,
  INTERESTS,
  LANGUAGE_LEVELS,
  SCHOOL_YEARS,
  SITUATION_CODES,
  SKILLS,
} from '../../taxonomy/taxonomy';
import { ISO_639_1, ISO_639_3_EXTRA } from '../../taxonomy/iso-639';
import {
  CHANNELS,
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  FORMS_OF_ADDRESS,
  FormOfAddress,
  PARENT_ROLES,
} from '../parent.types';

const LANGUAGE_CODES = [...ISO_639_1, ...ISO_639_3_EXTRA];
const language = { message: '$property must be an ISO 639 language code (e.g. ar, tr, ti, ber)' };

export class ChildDto {
  @ApiProperty({ enum: SCHOOL_YEARS, enumName: 'SchoolYear', example: 'groep-3' })
  @IsIn(SCHOOL_YEARS, {
    message: `$property must be one of early-years, groep-1..groep-8, vo-1..vo-6`,
  })
  schoolYear!: string;

  @ApiPropertyOptional({ example: 'Amira' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  firstName?: string;

  @ApiPropertyOptional({ example: '3B' })
  @IsOptional()
  @Matches(/^[0-9A-Za-z][0-9A-Za-z /-]{0,9}$/, {
    message: '$property must be a class name such as 3B',
  })
  className?: string;
}

export class SpokenLanguageDto {
  @ApiProperty({ example: 'ar' }) @IsIn(LANGUAGE_CODES, language) code!: string;
  @ApiProperty({ enum: LANGUAGE_LEVELS, enumName: 'LanguageLevel' })
  @IsIn(LANGUAGE_LEVELS)
  level!: (typeof LANGUAGE_LEVELS)[number];
}

export class SituationDto {
  @ApiProperty({ enum: SITUATION_CODES, enumName: 'SituationCode', example: 'dyslexia' })
  @IsIn(SITUATION_CODES, { message: '$property must be a situation from GET /api/v1/taxonomy' })
  code!: string;
  @ApiProperty({ enum: ['seeking', 'experienced'], enumName: 'SituationStance' })
  @IsIn(['seeking', 'experienced'])
  stance!: 'seeking' | 'experienced';
  @ApiPropertyOptional({
    default: false,
    description: 'The parent agrees a buddy may be told about this',
  })
  @IsOptional()
  @IsBoolean()
  shareWithBuddy?: boolean;
}

export class ConsentInputDto {
  @ApiProperty({ enum: CONSENT_PURPOSES, enumName: 'ConsentPurpose' })
  @IsIn(CONSENT_PURPOSES)
  purpose!: (typeof CONSENT_PURPOSES)[number];
  @ApiProperty() @IsBoolean() granted!: boolean;
  @ApiProperty({
    enum: CONSENT_METHODS,
    enumName: 'ConsentMethod',
    description: 'How the answer was given',
  })
  @IsIn(CONSENT_METHODS)
  method!: (typeof CONSENT_METHODS)[number];
}

/** The fields of an intake, shared by create and change. */
export class ParentFieldsDto {
  @ApiProperty({ example: 'Fatima' }) @IsString() @Length(1, 100) givenName!: string;
  @ApiPropertyOptional({ example: 'El Amrani' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  familyName?: string;

  @ApiPropertyOptional({ type: [ChildDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  @Type(() => ChildDto)
  children?: ChildDto[];

  @ApiProperty({ type: [SpokenLanguageDto], description: 'Languages spoken, with level' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => SpokenLanguageDto)
  languages!: SpokenLanguageDto[];

  @ApiProperty({ enum: DUTCH_LEVELS, enumName: 'DutchLevel' })
  @IsIn(DUTCH_LEVELS)
  dutchLevel!: (typeof DUTCH_LEVELS)[number];

  @ApiProperty({
    example: 'ar',
    description:
      'Language for messages; when not shipped, the closest shipped one is used and recorded',
  })
  @IsIn(LANGUAGE_CODES, language)
  messageLanguage!: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Reads with difficulty: messages go through the consultant',
  })
  @IsOptional()
  @IsBoolean()
  prefersSpoken?: boolean;

  @ApiPropertyOptional({
    enum: FORMS_OF_ADDRESS,
    enumName: 'FormOfAddress',
    nullable: true,
    description:
      'How the parent wants to be addressed where a language must choose a gender (Arabic, French, Polish, ...); chosen by the parent, never guessed from a name. Not given or null: gender-neutral wording',
  })
  @IsOptional()
  @IsIn(FORMS_OF_ADDRESS)
  formOfAddress?: FormOfAddress | null;

  @ApiProperty({ enum: PARENT_ROLES, enumName: 'ParentRole' })
  @IsIn(PARENT_ROLES)
  role!: (typeof PARENT_ROLES)[number];

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 3,
    description: 'How many parents a buddy takes on (buddy or both)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3)
  capacity?: number;

  @ApiPropertyOptional({ type: [SituationDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SituationDto)
  situations?: SituationDto[];

  @ApiPropertyOptional({ enum: SKILLS, enumName: 'Skill', isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SKILLS, { each: true, message: '$property must contain skills from GET /api/v1/taxonomy' })
  skills?: string[];

  @ApiPropertyOptional({ enum: INTERESTS, enumName: 'Interest', isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(INTERESTS, {
    each: true,
    message: '$property must contain interests from GET /api/v1/taxonomy',
  })
  interests?: string[];

  @ApiPropertyOptional({
    example: ['mon-morning', 'wed-afternoon'],
    description: 'weekday-daypart',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(AVAILABILITY_SLOTS, {
    each: true,
    message: '$property must contain slots like mon-morning, wed-evening',
  })
  availability?: string[];

  @ApiPropertyOptional({ example: '3035', description: 'The 4-digit postcode area' })
  @IsOptional()
  @Matches(/^[1-9][0-9]{3}$/, { message: '$property must be the 4 digits of a Dutch postcode' })
  postcodeArea?: string;

  @ApiProperty({
    enum: ['email', 'sms', 'letter', 'in_person'],
    enumName: 'Channel',
    isArray: true,
    description: 'Channels in order of preference',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(CHANNELS, { each: true, message: '$property must contain email, sms, letter or in_person' })
  channels!: (typeof CHANNELS)[number][];

  @ApiPropertyOptional({ example: 'fatima@example.org' })
  @IsOptional()
  @IsEmail({}, { message: '$property must be an e-mail address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({
    example: '06 12345678',
    description: 'E.164, or a Dutch number as people write it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  phone?: string;

  @ApiProperty({
    type: [ConsentInputDto],
    description: 'Consent per purpose; matching consent is required to take part',
  })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ConsentInputDto)
  consents!: ConsentInputDto[];

  @ApiPropertyOptional({ description: 'Short note, visible to coordinators only' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  intakeNote?: string;

  @ApiPropertyOptional({
    example: 2022,
    description: 'School year the family started at the school',
  })
  @IsOptional()
  @IsInt()
  @Min(1990)
  @Max(2100)
  atSchoolSince?: number;
}

export class CreateParentDto extends ParentFieldsDto {
  @ApiPropertyOptional({
    description: 'Id of a parent of the same household (never paired with each other)',
  })
  @IsOptional()
  @IsUUID()
  sameHouseholdAs?: string;
}
