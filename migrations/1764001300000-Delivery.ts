import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery once: a claimed outbox row carries the claim's token (fencing: only the claim that
 * holds the row may write its outcome) and the worker that claimed it; each worker process
 * keeps a heartbeat row, so a row claimed by a worker that stopped beating is claimed again
 * at once instead of after the lease, and health checks can see that a worker is alive.
 */
export class Delivery1764001300000 implements MigrationInterface {
  name = 'Delivery1764001300000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification ADD COLUMN claim_token uuid`);
    await q.query(`ALTER TABLE notification ADD COLUMN claimed_by uuid`);
    await q.query(`
      CREATE TABLE worker_heartbeat (
        id uuid PRIMARY KEY,
        host text NOT NULL,
        pid int NOT NULL,
        role text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        beat_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX worker_heartbeat_host_idx ON worker_heartbeat (host, beat_at DESC)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE worker_heartbeat`);
    await q.query(`ALTER TABLE notification DROP COLUMN claimed_by`);
    await q.query(`ALTER TABLE notification DROP COLUMN claim_token`);
  }
}
