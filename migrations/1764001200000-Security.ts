import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API access tokens that were logged out before they expired (POST /api/v1/auth/logout).
 * The guard refuses a token whose id is here; a row is useless once its token expired and
 * is pruned then.
 *
 * And whether an account's password was chosen by its owner: through a link e-mailed to the
 * address, or by the operator for a platform administrator. Before this, the API let school
 * administrators choose passwords for others; such a password is never reused when the
 * account is added somewhere else (StaffService voids it and e-mails its owner a link).
 */
export class Security1764001200000 implements MigrationInterface {
  name = 'Security1764001200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE revoked_token (
        jti uuid PRIMARY KEY,
        staff_id uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX revoked_token_expires_idx ON revoked_token (expires_at)`);
    await q.query(
      `ALTER TABLE staff ADD COLUMN password_set_by_owner boolean NOT NULL DEFAULT false`,
    );
    await q.query(`
      UPDATE staff s SET password_set_by_owner = true
       WHERE s.is_platform_admin OR EXISTS (
         SELECT 1 FROM audit_log a
          WHERE a.entity_type = 'staff' AND a.entity_id = s.id::text
            AND a.action = 'staff.password_set_by_link')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff DROP COLUMN password_set_by_owner`);
    await q.query(`DROP TABLE revoked_token`);
  }
}
