import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The buddy overview reads every enrolled parent of its schools once (OVERVIEW_SQL in
 * src/dashboard/dashboard.service.ts). This index holds exactly the columns it reads, for the
 * parents it counts (not erased, not left), so that read is an index-only scan of small index
 * rows instead of a visit to every parent's whole row (which carries contact details, notes,
 * children). It gives the same rows: PostgreSQL still checks every row it cannot see as
 * visible to all in the visibility map, so the figures stay exact.
 */
export class OverviewParentIndex1764002500000 implements MigrationInterface {
  name = 'OverviewParentIndex1764002500000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX parent_overview_idx ON parent (school_id)
         INCLUDE (id, languages, message_language, role, status, capacity, waiting_since, created_at,
                  dutch_level, situations, at_school_since)
         WHERE erased_at IS NULL AND status <> 'left'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX parent_overview_idx`);
  }
}
