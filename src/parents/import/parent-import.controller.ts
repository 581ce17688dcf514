import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/access.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { API_V1 } from '../../common/http/api';
import { ApiProblems } from '../../common/http/api-problems.decorator';
import { IdParam, SchoolIdParam } from '../../common/http/id.pipe';
import { IMPORT_JOB_ROWS, ImportJob, ImportJobService } from './import-job.service';
import { ImportReport, ParentImportService, readImportFile } from './parent-import.service';

class ImportRowDto {
  @ApiProperty() line!: number;
  @ApiProperty({ nullable: true, type: String }) externalId!: string | null;
  @ApiProperty({
    enum: ['created', 'updated', 'unchanged', 'rejected'],
    enumName: 'ImportRowResult',
  })
  result!: string;
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

class ImportJobDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: ['running', 'done', 'failed'],
    enumName: 'ImportJobStatus',
    description: 'failed: the job stopped (error says why: internal, or interrupted by a restart)',
  })
  status!: string;
  @ApiProperty({
    description: 'Rows to write (new and known parents; rejected rows are not written)',
  })
  total!: number;
  @ApiProperty({ description: 'Rows written so far' }) done!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ description: 'This job, to poll' }) statusUrl!: string;
  @ApiPropertyOptional({ enum: ['internal', 'interrupted'], enumName: 'ImportJobError' })
  error?: string;
  @ApiPropertyOptional({ type: ImportReportDto, description: 'Once done' }) report?: ImportReport;
}

@ApiTags('parents')
@ApiBearerAuth()
@Controller(`${API_V1}/schools/:schoolId/parents/import`)
export class ParentImportController {
  constructor(
    private readonly imports: ParentImportService,
    private readonly jobs: ImportJobService,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: `Bulk intake from CSV (layout in docs/parent-import.md); per-row report, idempotent by external_id. A file of more than ${IMPORT_JOB_ROWS} rows is imported as a job (202 and its Location)`,
  })
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: {
      type: 'string',
      example:
        'external_id,given_name,role,capacity,languages,dutch_level,message_language,channels,email,consent_matching\nA1,Fatima,seeker,,ar:native|nl:basic,basic,ar,email,f@example.org,yes',
    },
  })
  @ApiOkResponse({ type: ImportReportDto, description: `A file of up to ${IMPORT_JOB_ROWS} rows` })
  @ApiAcceptedResponse({
    type: ImportJobDto,
    description: `A file of more than ${IMPORT_JOB_ROWS} rows: imported as a job; poll the Location (the job) until done`,
  })
  @ApiProblems(401, 403, 404, 413, 415, 422)
  async import(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @Body() body: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (!req.is('text/csv') || typeof body !== 'string')
      throw new DomainError(
        'invalid',
        'import.content_type',
        'Send the file as the request body with Content-Type: text/csv.',
      );
    const file = readImportFile(body);
    if (file.rows.length <= IMPORT_JOB_ROWS) {
      res.status(200).json(await this.imports.importFile(actor, schoolId, file));
      return;
    }
    const job = await this.jobs.start(actor, schoolId, file);
    res.status(202).setHeader('Location', jobPath(schoolId, job.id));
    res.json(toJobDto(job));
  }

  @Get('jobs/:jobId')
  @ApiOperation({
    summary: 'A large import (a job): its progress, and its report once done',
  })
  @ApiOkResponse({ type: ImportJobDto })
  @ApiProblems(401, 403, 404)
  async job(
    @SchoolIdParam() schoolId: string,
    @IdParam('jobId', 'Import job') jobId: string,
  ): Promise<ImportJobDto> {
    return toJobDto(await this.jobs.get(schoolId, jobId));
  }
}

function jobPath(schoolId: string, jobId: string): string {
  return `/${API_V1}/schools/${schoolId}/parents/import/jobs/${jobId}`;
}

function toJobDto(job: ImportJob): ImportJobDto {
  return {
    id: job.id,
    status: job.status,
    total: job.total,
    done: job.done,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    statusUrl: jobPath(job.schoolId, job.id),
    ...(job.error ? { error: job.error } : {}),
    ...(job.report ? { report: job.report } : {}),
  };
}
