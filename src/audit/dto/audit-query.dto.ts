import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsISO8601,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Paging and filters of a school's audit log (the API and the audit log page). */
export class AuditQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ description: 'Only entries about this record' })
  @IsOptional()
  @IsUUID()
  entityId?: string;

  @ApiPropertyOptional({
    description: 'Only this action, e.g. parent.read',
    example: 'parent.read',
  })
  @IsOptional()
  @MaxLength(60)
  @Matches(/^[a-z][a-z_]*(\.[a-z_]+)*$/, {
    message: 'action must be an action code such as parent.read',
  })
  action?: string;

  @ApiPropertyOptional({ description: 'Only what this staff member did' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({
    description: 'From this day (YYYY-MM-DD, the school’s time zone), inclusive',
    example: '2026-01-31',
  })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a date such as 2026-01-31' })
  @IsISO8601({ strict: true }, { message: 'from must be an existing date' })
  from?: string;

  @ApiPropertyOptional({
    description: 'Up to and including this day (YYYY-MM-DD, the school’s time zone)',
    example: '2026-02-28',
  })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a date such as 2026-02-28' })
  @IsISO8601({ strict: true }, { message: 'to must be an existing date' })
  to?: string;
}
