import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A large CSV import runs as a job: its progress and, once finished, its report. For the
 * workspace also the names by line and the rejected rows as a file (so the report page can
 * be shown again); a job is deleted a day after it was started.
 */
export class ImportJobs1764001800000 implements MigrationInterface {
  name = 'ImportJobs1764001800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE import_job (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL REFERENCES school(id) ON DELETE CASCADE,
        created_by uuid REFERENCES staff(id) ON DELETE SET NULL,
        status text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
        total int NOT NULL DEFAULT 0,
        done int NOT NULL DEFAULT 0,
        filename text,
        report jsonb,
        names jsonb,
        rejected_file bytea,
        rejected_encoding text,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX import_job_school_idx ON import_job (school_id, created_at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE import_job`);
  }
}
