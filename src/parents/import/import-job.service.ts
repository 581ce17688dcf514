import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor } from '../../common/auth/actor';
import { NotFoundError } from '../../common/errors/domain-error';
import { ImportFile, ImportReport, ParentImportService } from './parent-import.service';

/** Files with more rows than this are imported as a job (202 and a status to poll). */
export const IMPORT_JOB_ROWS = 500;
/** A running job whose progress did not move for this long was interrupted (a crash). */
const STALE_MINUTES = 10;

export type ImportJobStatus = 'running' | 'done' | 'failed';

export interface ImportJob {
  id: string;
  schoolId: string;
  status: ImportJobStatus;
  /** Rows to write (new and known parents; rejected rows are not written). */
  total: number;
  done: number;
  filename: string | null;
  report: ImportReport | null;
  /** For the workspace: names by line, and the rejected rows as a file. */
  names: Record<string, string> | null;
  rejectedFile: Buffer | null;
  rejectedEncoding: string | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** What the workspace keeps with a job besides the report, computed when the import ended. */
export interface ImportJobExtras {
  filename?: string;
  names?: Map<number, string>;
  rejectedFile?: (report: ImportReport) => { body: Buffer; encoding: string } | undefined;
}

/**
 * Large imports as jobs in this process: the request gets the job at once (202), the
 * import runs on (validated rows written in batches, see ParentImportService.importFile)
 * and records its progress in `import_job`; the status is polled by API or workspace page.
 * A clean shutdown waits for running jobs; a job left running by a crash reads as failed.
 * Jobs (and the names and rejected rows they keep for the report) are deleted a day after
 * they started.
 */
@Injectable()
export class ImportJobService implements OnApplicationShutdown {
  private readonly logger = new Logger(ImportJobService.name);
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly imports: ParentImportService,
  ) {}

  async start(
    actor: Actor,
    schoolId: string,
    file: ImportFile,
    extras: ImportJobExtras = {},
  ): Promise<ImportJob> {
    await this.dataSource.query(
      `DELETE FROM import_job WHERE created_at < now() - interval '1 day'`,
    );
    const [{ id, created_at }] = await this.dataSource.query<{ id: string; created_at: Date }[]>(
      `INSERT INTO import_job (school_id, created_by, status, total, filename)
       VALUES ($1, $2, 'running', $3, $4) RETURNING id, created_at`,
      [schoolId, actor.staffId, file.rows.length, extras.filename ?? null],
    );
    const work = this.run(actor, schoolId, id, file, extras).finally(() =>
      this.running.delete(work),
    );
    this.running.add(work);
    return {
      id,
      schoolId,
      status: 'running',
      total: file.rows.length,
      done: 0,
      filename: extras.filename ?? null,
      report: null,
      names: null,
      rejectedFile: null,
      rejectedEncoding: null,
      error: null,
      createdAt: created_at,
      finishedAt: null,
    };
  }

  async get(schoolId: string, id: string): Promise<ImportJob> {
    const job = await this.find(schoolId, id);
    if (!job) throw new NotFoundError('Import job');
    return job;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async run(
    actor: Actor,
    schoolId: string,
    id: string,
    file: ImportFile,
    extras: ImportJobExtras,
  ): Promise<void> {
    // Let the request that started the job be answered first.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      const report = await this.imports.importFile(actor, schoolId, file, async (done, total) => {
        await this.dataSource.query(
          `UPDATE import_job SET done = $2, total = $3, updated_at = now() WHERE id = $1`,
          [id, done, total],
        );
      });
      const rejected = extras.rejectedFile?.(report);
      await this.dataSource.query(
        `UPDATE import_job SET status = 'done', report = $2, names = $3, rejected_file = $4,
                rejected_encoding = $5, updated_at = now(), finished_at = now() WHERE id = $1`,
        [
          id,
          JSON.stringify(report),
          extras.names ? JSON.stringify(Object.fromEntries(extras.names)) : null,
          rejected?.body ?? null,
          rejected?.encoding ?? null,
        ],
      );
    } catch (err) {
      this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      await this.dataSource
        .query(
          `UPDATE import_job SET status = 'failed', error = 'internal', updated_at = now(), finished_at = now() WHERE id = $1`,
          [id],
        )
        .catch(() => undefined);
    }
  }

  private async find(schoolId: string, id: string): Promise<ImportJob | null> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT id, school_id, total, done, filename, report, names, rejected_file, rejected_encoding,
              error, created_at, finished_at,
              CASE WHEN status = 'running' AND updated_at < now() - make_interval(mins => $3)
                   THEN 'failed' ELSE status END AS status,
              (status = 'running' AND updated_at < now() - make_interval(mins => $3)) AS stale
         FROM import_job WHERE id = $1 AND school_id = $2`,
      [id, schoolId, STALE_MINUTES],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id as string,
      schoolId: r.school_id as string,
      status: r.status as ImportJobStatus,
      total: Number(r.total),
      done: Number(r.done),
      filename: (r.filename as string | null) ?? null,
      report: (r.report as ImportReport | null) ?? null,
      names: (r.names as Record<string, string> | null) ?? null,
      rejectedFile: (r.rejected_file as Buffer | null) ?? null,
      rejectedEncoding: (r.rejected_encoding as string | null) ?? null,
      error: r.stale ? 'interrupted' : ((r.error as string | null) ?? null),
      createdAt: r.created_at as Date,
      finishedAt: (r.finished_at as Date | null) ?? null,
    };
  }
}
