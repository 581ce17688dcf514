import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff pages for school administrators.
 * - A membership remembers that it came from an invitation by e-mail: when, by whom, under
 *   which name, and whether the invitation created the account. Until the invited person logs
 *   in, the staff page shows the invitation as open (the same for a new and an existing
 *   account, so an administrator never learns whether an address had an account elsewhere).
 * - The audit log page filters a school's log by action, by staff member and by record;
 *   these indexes keep each filter an index range scan, newest first.
 */
export class SettingsPages1764000900000 implements MigrationInterface {
  name = 'SettingsPages1764000900000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE membership
        ADD COLUMN invited_at timestamptz,
        ADD COLUMN invited_by uuid REFERENCES staff(id) ON DELETE SET NULL,
        ADD COLUMN invited_name text,
        ADD COLUMN created_account boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX audit_log_school_id_idx ON audit_log (school_id, id DESC)`);
    await q.query(
      `CREATE INDEX audit_log_school_action_idx ON audit_log (school_id, action, id DESC)`,
    );
    await q.query(
      `CREATE INDEX audit_log_school_actor_idx ON audit_log (school_id, actor_id, id DESC)`,
    );
    await q.query(
      `CREATE INDEX audit_log_school_entity_idx ON audit_log (school_id, entity_id, id DESC)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_log_school_entity_idx`);
    await q.query(`DROP INDEX audit_log_school_actor_idx`);
    await q.query(`DROP INDEX audit_log_school_action_idx`);
    await q.query(`DROP INDEX audit_log_school_id_idx`);
    await q.query(`
      ALTER TABLE membership
        DROP COLUMN created_account,
        DROP COLUMN invited_name,
        DROP COLUMN invited_by,
        DROP COLUMN invited_at`);
  }
}
