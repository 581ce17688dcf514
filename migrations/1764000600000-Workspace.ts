import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staff workspace: server-side sessions (so logging out ends them at once and
 * inactivity expires them) and one-time links to set a password (forgotten password,
 * invitation of a new staff member). Only hashes of the secrets are stored.
 */
export class Workspace1764000600000 implements MigrationInterface {
  name = 'Workspace1764000600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE staff_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash bytea NOT NULL UNIQUE,
        staff_id uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        school_id uuid REFERENCES school(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX staff_session_staff_idx ON staff_session (staff_id)`);
    await q.query(`CREATE INDEX staff_session_expires_idx ON staff_session (expires_at)`);
    await q.query(`
      CREATE TABLE password_link (
        token_hash bytea PRIMARY KEY,
        staff_id uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('reset', 'invite')),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX password_link_staff_idx ON password_link (staff_id)`);
    await q.query(
      `ALTER TABLE staff ADD COLUMN password_changed_at timestamptz NOT NULL DEFAULT now()`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff DROP COLUMN password_changed_at`);
    await q.query(`DROP TABLE password_link`);
    await q.query(`DROP TABLE staff_session`);
  }
}
