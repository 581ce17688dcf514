import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Matching pages: a run remembers the pins it had to skip because they could no longer hold
 * (a parent paused, left, or already has a buddy), so the page can show them with the reason;
 * and an index to read a run's proposals a page at a time.
 */
export class MatchingPages1764001000000 implements MigrationInterface {
  name = 'MatchingPages1764001000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE matching_run ADD COLUMN skipped_pins jsonb NOT NULL DEFAULT '[]'`);
    // The matching page reads a run's proposals a page at a time.
    await q.query(`CREATE INDEX match_run_idx ON match (run_id, seeker_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX match_run_idx`);
    await q.query(`ALTER TABLE matching_run DROP COLUMN skipped_pins`);
  }
}
