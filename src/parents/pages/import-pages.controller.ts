import {
  ArgumentsHost,
  Body,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  Injectable,
  PayloadTooLargeException,
  Post,
  Req,
  Res,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiOperation, ApiProduces } from '@nestjs/swagger';
import type { Response } from 'express';
import type { WorkspaceRequest } from '../../common/auth/access.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { IdParam, SchoolIdParam } from '../../common/http/id.pipe';
import { TaxonomyService } from '../../taxonomy/taxonomy.service';
import { field, type FormBody } from '../../workspace/forms';
import type { PageContext } from '../../workspace/page-context';
import { sendPage } from '../../workspace/workspace.controller';
import { WorkspacePage } from '../../workspace/workspace-page.decorator';
import { WorkspaceService } from '../../workspace/workspace.service';
import { encodeCsv, writeCsv } from '../import/csv';
import {
  type ImportFile,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  ParentImportService,
  readImportFile,
} from '../import/parent-import.service';
import { IMPORT_JOB_ROWS, ImportJobService } from '../import/import-job.service';
import { rejectedFile } from './import-problems';
import {
  EXAMPLE_ROWS,
  importFormView,
  importJobView,
  importPreviewView,
  importReportView,
} from './views/import.view';

/** What multer hands over for the uploaded file (kept in memory, never written to disk). */
interface UploadedCsv {
  originalname: string;
  size: number;
  buffer: Buffer;
}

const MAX_MB = MAX_IMPORT_BYTES / (1024 * 1024);
/** How often the page of a running import reloads itself (seconds). */
const IMPORT_REFRESH_SECONDS = 2;
/** Rows shown in the preview as the import reads them. */
const SAMPLE_ROWS = 10;

/** A file name to show and to name the rejected rows after (no path, no odd characters). */
function cleanName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f"<>]/g, '').slice(0, 120);
  return clean || 'ouders.csv';
}

/** Names as written in the file, by line (for the preview and the report). */
function namesByLine(file: ImportFile): Map<number, string> {
  const given = file.header.indexOf('given_name');
  const family = file.header.indexOf('family_name');
  return new Map(
    file.rows.map((r) => [
      r.line,
      [r.cells[given], family >= 0 ? r.cells[family] : '']
        .map((x) => (x ?? '').trim())
        .filter(Boolean)
        .join(' '),
    ]),
  );
}

/** A problem with the whole file, in the staff member's words (with each wrong column). */
function fileProblem(ctx: PageContext, err: DomainError): { error: string; details?: string[] } {
  const t = ctx.tr('ws-intake');
  if (err.code === 'import.bad_header')
    return {
      error: t('import.problem.badHeader'),
      details: (err.fields ?? []).map((f) =>
        t(
          f.messages[0]?.endsWith('is required')
            ? 'import.problem.missingColumn'
            : 'import.problem.unknownColumn',
          { column: f.field },
        ),
      ),
    };
  return {
    error: t(`import.problem.file.${err.code.replace(/^import\./, '')}`, {
      max: MAX_IMPORT_ROWS,
      defaultValue: t('import.problem.file.other'),
    }),
  };
}

/**
 * A file over the limit: the import page again with a clear sentence (413), not the
 * generic error page. Multer stops reading at the limit; nothing of the file is kept.
 */
@Catch(PayloadTooLargeException)
@Injectable()
export class ImportTooLargeFilter implements ExceptionFilter {
  constructor(private readonly workspace: WorkspaceService) {}

  async catch(_err: PayloadTooLargeException, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<WorkspaceRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    try {
      const ctx = await this.workspace.context(req, String(req.params.schoolId), 'ws-intake');
      const t = ctx.tr('ws-intake');
      sendPage(
        res,
        importFormView(ctx, {
          error: t('import.problem.tooLarge', { max: MAX_MB }),
          maxMb: MAX_MB,
        }),
        413,
      );
    } catch {
      if (!res.headersSent) res.status(413).type('text/plain').send('File too large');
    }
  }
}

/**
 * Importing the school's parent list: upload, a preview of what the import would do
 * (nothing stored), the import itself, and a report per line with the rejected rows as a
 * file to correct. The same ParentImportService as the API.
 */
@Controller('schools/:schoolId/parents/import')
@WorkspacePage()
export class ImportPagesController {
  constructor(
    private readonly workspace: WorkspaceService,
    private readonly imports: ParentImportService,
    private readonly jobs: ImportJobService,
    private readonly taxonomy: TaxonomyService,
  ) {}

  @Get()
  @ApiOperation({ summary: "Import the school's parent list (CSV): choose the file" })
  async form(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-intake');
    sendPage(res, importFormView(ctx, { maxMb: MAX_MB }));
  }

  @Get('example.csv')
  @ApiOperation({ summary: 'An example file with every column (Dutch Excel layout: ";")' })
  @ApiProduces('text/csv')
  async example(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-intake');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${ctx.tr('ws-intake')('import.exampleFile')}"`,
    );
    res.type('text/csv; charset=utf-8').send(encodeCsv(writeCsv(EXAMPLE_ROWS, ';'), 'utf-8'));
  }

  @Get('jobs/:jobId')
  @ApiOperation({
    summary: 'A large import: its progress (the page refreshes itself), then its report',
  })
  async job(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('jobId', 'Import job') jobId: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-intake');
    const t = ctx.tr('ws-intake');
    const job = await this.jobs.get(schoolId, jobId);
    const filename = job.filename ?? 'ouders.csv';
    if (job.status === 'running') {
      res.setHeader('Refresh', String(IMPORT_REFRESH_SECONDS));
      return sendPage(
        res,
        importJobView(ctx, {
          filename,
          done: job.done,
          total: job.total,
          refreshSeconds: IMPORT_REFRESH_SECONDS,
          href: `/schools/${schoolId}/parents/import/jobs/${jobId}`,
        }),
      );
    }
    if (job.status === 'failed' || !job.report)
      return sendPage(res, importFormView(ctx, { error: t('import.job.failed'), maxMb: MAX_MB }));
    const base = filename.replace(/\.(csv|txt)$/i, '');
    sendPage(
      res,
      importReportView(ctx, {
        filename,
        report: job.report,
        names: new Map(Object.entries(job.names ?? {}).map(([line, n]) => [Number(line), n])),
        rejectedFile: job.rejectedFile
          ? {
              name: t('import.report.rejectedFile', { name: base }),
              href: `data:text/csv;charset=${job.rejectedEncoding ?? 'utf-8'};base64,${job.rejectedFile.toString('base64')}`,
            }
          : undefined,
      }),
    );
  }

  @Post()
  @ApiOperation({
    summary:
      'Upload the file (preview, nothing stored), or import it (step=import): multipart, CSRF token in the address',
  })
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(
    FileInterceptor('file', {
      limits: {
        fileSize: MAX_IMPORT_BYTES,
        files: 1,
        fields: 10,
        // The file comes back from the preview as base64 in a field.
        fieldSize: Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 1024,
      },
    }),
  )
  @UseFilters(ImportTooLargeFilter)
  async upload(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @UploadedFile() file: UploadedCsv | undefined,
    @Body() body: FormBody,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-intake');
    const t = ctx.tr('ws-intake');
    const again = (status: number, problem: { error: string; details?: string[] }): void =>
      sendPage(res, importFormView(ctx, { ...problem, maxMb: MAX_MB }), status);

    if (field(body, 'step') === 'import') {
      const content = Buffer.from(field(body, 'content'), 'base64');
      const filename = cleanName(field(body, 'filename'));
      if (!content.length) return again(422, { error: t('import.problem.lost') });
      let parsed: ImportFile;
      try {
        parsed = readImportFile(content);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        return again(422, fileProblem(ctx, err));
      }
      const base = filename.replace(/\.(csv|txt)$/i, '');
      if (parsed.rows.length > IMPORT_JOB_ROWS) {
        // A large file is imported as a job; its page shows the progress, then the report.
        const job = await this.jobs.start(ctx.actor, schoolId, parsed, {
          filename,
          names: namesByLine(parsed),
          rejectedFile: (report) => {
            const rejected = report.rows.filter((r) => r.result === 'rejected');
            return rejected.length
              ? { body: rejectedFile(t, parsed, rejected), encoding: parsed.encoding }
              : undefined;
          },
        });
        return res.redirect(303, `/schools/${schoolId}/parents/import/jobs/${job.id}`);
      }
      const report = await this.imports.importFile(ctx.actor, schoolId, parsed);
      const rejected = report.rows.filter((r) => r.result === 'rejected');
      return sendPage(
        res,
        importReportView(ctx, {
          filename,
          report,
          names: namesByLine(parsed),
          rejectedFile: rejected.length
            ? {
                name: t('import.report.rejectedFile', { name: base }),
                href: `data:text/csv;charset=${parsed.encoding};base64,${rejectedFile(t, parsed, rejected).toString('base64')}`,
              }
            : undefined,
        }),
      );
    }

    if (!file || !file.size) return again(422, { error: t('import.problem.noFile') });
    let preview;
    try {
      preview = await this.imports.preview(ctx.actor, schoolId, file.buffer);
    } catch (err) {
      if (!(err instanceof DomainError) || err.kind !== 'invalid') throw err;
      return again(422, fileProblem(ctx, err));
    }
    sendPage(
      res,
      importPreviewView(ctx, {
        filename: cleanName(file.originalname),
        content: file.buffer.toString('base64'),
        preview,
        names: namesByLine(readImportFile(file.buffer)),
        tax: this.taxonomy.forLanguage(ctx.lang),
        sample: SAMPLE_ROWS,
      }),
    );
  }
}
