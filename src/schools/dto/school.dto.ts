import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
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
import { SHIPPED_LANGUAGES } from '../../i18n/languages';
import { SCHOOL_KINDS } from '../school.entity';

export const BRIN_PATTERN = /^[0-9]{2}[A-Z]{2}([0-9]{2})?$/;

export class MatchingSettingsDto {
  @ApiPropertyOptional({ enum: ['school', 'board'], enumName: 'SchoolOrBoard' })
  @IsOptional()
  @IsIn(['school', 'board'])
  scope?: 'school' | 'board';

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Weights over the defaults, see docs/matching.md',
  })
  @IsOptional()
  @IsObject()
  weights?: Record<string, number>;

  @ApiPropertyOptional({ minimum: 1, maximum: 30 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  responseDays?: number;
}

export class MessageSettingsDto {
  @ApiPropertyOptional({ description: "Parent's language first, Dutch beneath" })
  @IsOptional()
  @IsBoolean()
  bilingual?: boolean;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 23,
    description: 'Local hour (Europe/Amsterdam) for reminders',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(23)
  reminderHour?: number;
}

export class SchoolSettingsDto {
  @ApiPropertyOptional({ type: MatchingSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MatchingSettingsDto)
  matching?: MatchingSettingsDto;

  @ApiPropertyOptional({ type: MessageSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MessageSettingsDto)
  messages?: MessageSettingsDto;
}

export class FirstAdminDto {
  @ApiProperty()
  @IsEmail({}, { message: 'firstAdmin.email must be an e-mail address' })
  @MaxLength(254)
  email!: string;
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional({ enum: SHIPPED_LANGUAGES, enumName: 'ShippedLanguage', default: 'nl' })
  @IsOptional()
  @IsIn(SHIPPED_LANGUAGES)
  interfaceLanguage?: string;
}

export class CreateSchoolDto {
  @ApiProperty({ example: 'Basisschool De Regenboog' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({
    example: '12AB',
    description: 'BRIN code: 2 digits, 2 capital letters, optional 2-digit branch',
  })
  @IsString()
  @Matches(BRIN_PATTERN, { message: 'brin must be a BRIN code such as 12AB or 12AB01' })
  brin!: string;
  @ApiProperty({ example: 'Rotterdam' }) @IsString() @Length(1, 100) city!: string;
  @ApiProperty({ enum: SCHOOL_KINDS, enumName: 'SchoolKind' })
  @IsIn(SCHOOL_KINDS)
  kind!: (typeof SCHOOL_KINDS)[number];
  @ApiPropertyOptional({ enum: SHIPPED_LANGUAGES, enumName: 'ShippedLanguage', default: 'nl' })
  @IsOptional()
  @IsIn(SHIPPED_LANGUAGES)
  defaultLanguage?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() boardId?: string;
  @ApiPropertyOptional({ type: SchoolSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SchoolSettingsDto)
  settings?: SchoolSettingsDto;
  @ApiPropertyOptional({
    type: FirstAdminDto,
    description:
      'Invites the school administrator by e-mail: a new address gets a one-time link to choose ' +
      'a password, an existing account a link to accept (no access until it does). No password ' +
      'can be given.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => FirstAdminDto)
  firstAdmin?: FirstAdminDto;
}

export class UpdateSchoolDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) city?: string;
  @ApiPropertyOptional({ enum: SCHOOL_KINDS, enumName: 'SchoolKind' })
  @IsOptional()
  @IsIn(SCHOOL_KINDS)
  kind?: (typeof SCHOOL_KINDS)[number];
  @ApiPropertyOptional({ enum: SHIPPED_LANGUAGES, enumName: 'ShippedLanguage' })
  @IsOptional()
  @IsIn(SHIPPED_LANGUAGES)
  defaultLanguage?: string;
  @ApiPropertyOptional({ type: SchoolSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SchoolSettingsDto)
  settings?: SchoolSettingsDto;
}

export class CreateBoardDto {
  @ApiProperty({ example: 'Stichting Kansrijk Onderwijs' })
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class BoardDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class SchoolDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) boardId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty() brin!: string;
  @ApiProperty() city!: string;
  @ApiProperty({ enum: SCHOOL_KINDS, enumName: 'SchoolKind' }) kind!: string;
  @ApiProperty() defaultLanguage!: string;
  @ApiProperty({ type: Object }) settings!: object;
  @ApiProperty() createdAt!: Date;
}

export class InvitedAdminDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
}

export class CreatedSchoolDto extends SchoolDto {
  @ApiPropertyOptional({
    type: InvitedAdminDto,
    description: 'The invited first administrator: their id and the address the e-mail went to',
  })
  firstAdmin?: InvitedAdminDto;
}

export class BoardAdminDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ format: 'uuid' }) boardId!: string;
}

export class BoardSchoolFiguresDto {
  @ApiProperty({ format: 'uuid' }) schoolId!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty() city!: string;
  @ApiProperty({
    type: Object,
    description: 'As in the school dashboard: enrolled, seekers, buddies, waiting, ...',
  })
  figures!: object;
  @ApiProperty({ type: Object, description: 'As in the school dashboard' }) reach!: object;
  @ApiProperty({ nullable: true, type: String }) lastRunAt!: string | null;
}

export class BoardDashboardDto {
  @ApiProperty({ format: 'uuid' }) boardId!: string;
  @ApiProperty() boardName!: string;
  @ApiProperty() generatedAt!: string;
  @ApiProperty({ type: [BoardSchoolFiguresDto] }) schools!: BoardSchoolFiguresDto[];
  @ApiProperty({
    type: Object,
    description: 'The sum over the schools (figures and reach); medianDaysToProposal is null',
  })
  total!: object;
}
