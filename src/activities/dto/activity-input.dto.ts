import { PageQueryDto } from '../../common/http/page-query.dto';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
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
  ValidateBy,
  ValidationOptions,
} from 'class-validator';
import { ISO_639_1, ISO_639_3_EXTRA } from '../../taxonomy/iso-639';
import { ACTIVITY_KINDS } from '../../taxonomy/taxonomy';
import { SCHOOL_TIME_ZONE } from '../core/local-time';

export const LANGUAGE_CODES: readonly string[] = [...ISO_639_1, ...ISO_639_3_EXTRA];
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;
const timeMessage = {
  message:
    '$property must be ISO 8601 with an offset (2025-06-12T09:30:00+02:00) or a local time (2025-06-12T09:30) with timeZone',
};

/** An object {languageCode: text} with known language codes and texts of 1..max characters. */
function IsTextPerLanguage(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTextPerLanguage',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= 30 &&
          Object.entries(value).every(
            ([k, v]) =>
              LANGUAGE_CODES.includes(k) &&
              typeof v === 'string' &&
              v.trim().length >= 1 &&
              v.length <= max,
          ),
        defaultMessage: () =>
          `$property must be an object of ISO 639 language code to text (1 to ${max} characters), e.g. {"ar": "..."}`,
      },
    },
    options,
  );
}

export class ActivityFieldsDto {
  @ApiProperty({ enum: ACTIVITY_KINDS, enumName: 'ActivityKind', example: 'coffee_morning' })
  @IsIn(ACTIVITY_KINDS, {
    message: '$property must be one of the activity kinds of GET /api/v1/taxonomy',
  })
  kind!: (typeof ACTIVITY_KINDS)[number];

  @ApiPropertyOptional({
    example: 'Koffieochtend groep 1-2',
    description: "In the school's language; defaults to the kind's label",
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({
    example: { ar: 'صباح القهوة', en: 'Coffee morning' },
    description: 'Translations of the title per language code',
  })
  @IsOptional()
  @IsTextPerLanguage(200)
  titles?: Record<string, string>;

  @ApiPropertyOptional({ example: 'We drink coffee and talk about the new school year.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiPropertyOptional({
    example: { ar: '...' },
    description: 'Translations of the description per language code',
  })
  @IsOptional()
  @IsTextPerLanguage(4000)
  descriptions?: Record<string, string>;

  @ApiProperty({
    example: '2025-06-12T09:30:00+02:00',
    description:
      'ISO 8601 with an offset (stored as that instant in UTC), or a local time without offset together with timeZone',
  })
  @Matches(TIME, timeMessage)
  startsAt!: string;

  @ApiProperty({
    example: '2025-06-12T11:00:00+02:00',
    description: 'As startsAt; must be after it',
  })
  @Matches(TIME, timeMessage)
  endsAt!: string;

  @ApiPropertyOptional({
    enum: [SCHOOL_TIME_ZONE],
    enumName: 'SchoolTimeZone',
    description: 'Reads startsAt/endsAt without offset as local time in this zone',
  })
  @IsOptional()
  @IsIn([SCHOOL_TIME_ZONE], { message: `$property must be ${SCHOOL_TIME_ZONE}` })
  timeZone?: string;

  @ApiProperty({ example: 'Ouderkamer, Kerkstraat 1' })
  @IsString()
  @Length(1, 300)
  location!: string;

  @ApiPropertyOptional({ example: ['nl', 'ar'], description: 'Languages spoken at the activity' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsIn(LANGUAGE_CODES, {
    each: true,
    message: '$property must contain ISO 639 language codes (e.g. ar, tr, ti)',
  })
  languages?: string[];

  @ApiPropertyOptional({ default: false, description: 'An interpreter is present' })
  @IsOptional()
  @IsBoolean()
  interpreter?: boolean;
  @ApiPropertyOptional({ default: false, description: 'Childcare is offered' })
  @IsOptional()
  @IsBoolean()
  childcare?: boolean;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    example: 0,
    description: 'Euro cents; null or 0 is free',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  costCents?: number | null;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    example: 12,
    description: 'Places; null or absent is unlimited',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  capacity?: number | null;

  @ApiPropertyOptional({
    type: [String],
    description: 'Parents of this school who host the activity',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: '$property must contain parent ids' })
  hostParentIds?: string[];
}

export class CreateActivityDto extends ActivityFieldsDto {}

export class UpdateActivityDto extends PartialType(ActivityFieldsDto) {
  @ApiPropertyOptional({
    description: 'The version you read (or If-Match); a stale one is refused with 412',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ActivityQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ['upcoming', 'past'],
    enumName: 'ActivityPeriod',
    description: 'upcoming: not yet ended (soonest first); past: ended (latest first)',
  })
  @IsOptional()
  @IsIn(['upcoming', 'past'])
  when?: 'upcoming' | 'past';

  @ApiPropertyOptional({ enum: ACTIVITY_KINDS, enumName: 'ActivityKind' })
  @IsOptional()
  @IsIn(ACTIVITY_KINDS)
  kind?: (typeof ACTIVITY_KINDS)[number];

  @ApiPropertyOptional({ enum: ['scheduled', 'cancelled'], enumName: 'ActivityStatus' })
  @IsOptional()
  @IsIn(['scheduled', 'cancelled'])
  status?: 'scheduled' | 'cancelled';
}
