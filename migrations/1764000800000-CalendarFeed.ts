import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The secret address at which calendar programs subscribe to a school's activities without
 * logging in. One address per school; renewing it replaces the secret, revoking deletes the
 * row, and either way the old address answers 404 at once.
 *
 * Stored: the SHA-256 of the secret (to find the school from an address) and a random nonce.
 * The secret itself is HMAC(LINK_SECRET, school id + nonce): the server can show the address
 * again to staff, but the database alone does not give it away.
 */
export class CalendarFeed1764000800000 implements MigrationInterface {
  name = 'CalendarFeed1764000800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE activity_calendar_feed (
        school_id uuid PRIMARY KEY REFERENCES school(id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
        nonce bytea NOT NULL CHECK (length(nonce) = 16),
        created_by uuid REFERENCES staff(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE activity_calendar_feed`);
  }
}
