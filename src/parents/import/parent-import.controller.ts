import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/access.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { API_V1 } from '../../common/http/api';
import { ApiProblems } from '../../common/http/api-problems.decorator';
import { SchoolIdParam } from '../../common/http/id.pipe';
import { ImportReport, ParentImportService } from './parent-import.service';

class ImportRowDto {
  @ApiProperty() line!: number;
  @ApiProperty({ nullable: true, type: String }) externalId!: string | null;
  @ApiProperty({ enum: ['created', 'updated', 'unchanged', 'rejected'] }) result!: string;
  @ApiPropertyOptional() parentId?: string;
  @ApiPropertyOptional({ type: 'array', items: { $ref: '#/components/schemas/FieldProblemDto' } })
  errors?: unknown[];
}

class ImportReportDto {
  @ApiProperty({ type: [ImportRowDto] }) rows!: ImportRowDto[];
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty() rejected!: number;
}

@ApiTags('parents')
@ApiBearerAuth()
@Controller(`${API_V1}/schools/:schoolId/parents/import`)
export class ParentImportController {
  constructor(private readonly imports: ParentImportService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Bulk intake from CSV (layout in docs/parent-import.md); per-row report, idempotent by external_id',
  })
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: {
      type: 'string',
      example:
        'external_id,given_name,role,capacity,languages,dutch_level,message_language,channels,email,consent_matching\nA1,Fatima,seeker,,ar:native|nl:basic,basic,ar,email,f@example.org,yes',
    },
  })
  @ApiOkResponse({ type: ImportReportDto })
  @ApiProblems(401, 403, 404, 413, 415, 422)
  async import(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @Body() body: unknown,
    @Req() req: Request,
  ): Promise<ImportReport> {
    if (!req.is('text/csv') || typeof body !== 'string')
      throw new DomainError(
        'invalid',
        'import.content_type',
        'Send the file as the request body with Content-Type: text/csv.',
      );
    return this.imports.import(actor, schoolId, body);
  }
}
