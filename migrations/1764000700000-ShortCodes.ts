import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Short codes for parents' links on printed letters (typed at /c instead of the 43-character
 * link), and the outcome a consultant records when she closes a task. A code is a bearer
 * secret like the link's token: only an HMAC of it is stored (with the server's link secret),
 * so a copy of the database does not give away the codes; the code itself is derived again
 * from the link id when a letter is printed a second time.
 */
export class ShortCodes1764000700000 implements MigrationInterface {
  name = 'ShortCodes1764000700000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE parent_link_code (
        code_hash bytea PRIMARY KEY,
        link_id uuid NOT NULL UNIQUE REFERENCES parent_link(id) ON DELETE CASCADE,
        seq smallint NOT NULL DEFAULT 0 CHECK (seq >= 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE notification ADD COLUMN task_outcome text`);
    await q.query(
      `CREATE INDEX notification_open_task_idx ON notification (school_id, created_at, id) WHERE status = 'task' AND task_done_at IS NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_open_task_idx`);
    await q.query(`ALTER TABLE notification DROP COLUMN task_outcome`);
    await q.query(`DROP TABLE parent_link_code`);
  }
}
