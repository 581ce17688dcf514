import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An account that existed already, added to another school or board, accepts first: the
 * membership is pending (accepted_at NULL, no access) until its owner follows the one-time
 * link in the e-mail. The link's token is kept only as a SHA-256 hash, with its expiry, on
 * the membership; it is spent when the invitation is accepted or declined. Memberships made
 * before this migration count as accepted when they were made; a new row is accepted unless
 * the invitation says otherwise (the default now()).
 */
export class MembershipAcceptance1764001400000 implements MigrationInterface {
  name = 'MembershipAcceptance1764001400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE membership ADD COLUMN accepted_at timestamptz DEFAULT now()`);
    await q.query(`UPDATE membership SET accepted_at = created_at`);
    await q.query(`ALTER TABLE membership ADD COLUMN accept_token_hash bytea`);
    await q.query(`ALTER TABLE membership ADD COLUMN accept_expires_at timestamptz`);
    await q.query(
      `CREATE UNIQUE INDEX membership_accept_token_idx ON membership (accept_token_hash)
        WHERE accept_token_hash IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX membership_accept_token_idx`);
    await q.query(`ALTER TABLE membership DROP COLUMN accept_expires_at`);
    await q.query(`ALTER TABLE membership DROP COLUMN accept_token_hash`);
    await q.query(`ALTER TABLE membership DROP COLUMN accepted_at`);
  }
}
