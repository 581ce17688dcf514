import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { SchoolAccess } from '../common/auth/access.decorators';
import { API_V1 } from '../common/http/api';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { SchoolIdParam } from '../common/http/id.pipe';
import { AuditService } from './audit.service';

class AuditQueryDto {
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
}

class AuditEntryDto {
  @ApiProperty() id!: string;
  @ApiProperty() at!: Date;
  @ApiProperty({ enum: ['staff', 'parent', 'system', 'anonymous'] }) actorType!: string;
  @ApiProperty({ nullable: true, type: String }) actorId!: string | null;
  @ApiProperty({ example: 'parent.read' }) action!: string;
  @ApiProperty({ nullable: true, type: String }) entityType!: string | null;
  @ApiProperty({ nullable: true, type: String }) entityId!: string | null;
  @ApiProperty({ nullable: true, type: String }) ip!: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId!: string | null;
  @ApiProperty({ nullable: true, type: Object }) details!: Record<string, unknown> | null;
}

class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller(`${API_V1}/schools/:schoolId/audit-log`)
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @SchoolAccess('admin')
  @ApiOkResponse({ type: AuditPageDto, description: 'Who read or changed what, newest first.' })
  @ApiProblems(401, 403, 404, 400)
  async list(
    @SchoolIdParam() schoolId: string,
    @Query() query: AuditQueryDto,
  ): Promise<AuditPageDto> {
    return this.audit.pageForSchool(schoolId, query.limit ?? 50, query.cursor, query.entityId);
  }
}
