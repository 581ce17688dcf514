import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags, ApiOperation } from '@nestjs/swagger';
import { SchoolAccess } from '../common/auth/access.decorators';
import { API_V1 } from '../common/http/api';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { SchoolIdParam } from '../common/http/id.pipe';
import { AuditService } from './audit.service';
import { AuditQueryDto } from './dto/audit-query.dto';

class AuditEntryDto {
  @ApiProperty() id!: string;
  @ApiProperty() at!: Date;
  @ApiProperty({ enum: ['staff', 'parent', 'system', 'anonymous'], enumName: 'AuditActorType' })
  actorType!: string;
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
  @ApiOperation({ summary: "The school's audit log, newest first, paged (school admin)" })
  @SchoolAccess('admin')
  @ApiOkResponse({ type: AuditPageDto, description: 'Who read or changed what, newest first.' })
  @ApiProblems(401, 403, 404, 400, 422)
  async list(
    @SchoolIdParam() schoolId: string,
    @Query() query: AuditQueryDto,
  ): Promise<AuditPageDto> {
    const { limit, cursor, ...filter } = query;
    return this.audit.pageForSchool(schoolId, limit ?? 50, cursor, filter);
  }
}
