import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Matching runs are computed off the request thread: a run is queued, then running (with a
 * progress in percent and the phase it is in), then done or failed. Figures and unmatched
 * seekers are known only when it is done. A run still computing refreshes heartbeat_at; one
 * whose heartbeat stopped (the process died) is marked failed by the next look at it.
 *
 * At most one run per school is queued or running at a time: a partial unique index is the
 * guard, whatever process asks.
 */
export class MatchingRunStatus1764001700000 implements MigrationInterface {
  name = 'MatchingRunStatus1764001700000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE matching_run
        ADD COLUMN status text NOT NULL DEFAULT 'done'
          CHECK (status IN ('queued', 'running', 'done', 'failed')),
        ADD COLUMN progress int NOT NULL DEFAULT 100 CHECK (progress BETWEEN 0 AND 100),
        ADD COLUMN phase text,
        ADD COLUMN error jsonb,
        ADD COLUMN started_at timestamptz,
        ADD COLUMN finished_at timestamptz,
        ADD COLUMN heartbeat_at timestamptz`);
    await q.query(`UPDATE matching_run SET finished_at = created_at`);
    await q.query(`ALTER TABLE matching_run ALTER COLUMN stats DROP NOT NULL`);
    await q.query(`ALTER TABLE matching_run ALTER COLUMN unmatched SET DEFAULT '[]'`);
    await q.query(`ALTER TABLE matching_run ALTER COLUMN duration_ms SET DEFAULT 0`);
    await q.query(
      `CREATE UNIQUE INDEX matching_run_one_active_idx ON matching_run (school_id)
        WHERE status IN ('queued', 'running')`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX matching_run_one_active_idx`);
    await q.query(`DELETE FROM matching_run WHERE status <> 'done'`);
    await q.query(`ALTER TABLE matching_run ALTER COLUMN duration_ms DROP DEFAULT`);
    await q.query(`ALTER TABLE matching_run ALTER COLUMN unmatched DROP DEFAULT`);
    await q.query(`ALTER TABLE matching_run ALTER COLUMN stats SET NOT NULL`);
    await q.query(`
      ALTER TABLE matching_run
        DROP COLUMN heartbeat_at, DROP COLUMN finished_at, DROP COLUMN started_at,
        DROP COLUMN error, DROP COLUMN phase, DROP COLUMN progress, DROP COLUMN status`);
  }
}
