import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every page of the parents list counts the school's parents that match (not erased). This
 * index holds just the school of each such parent, so the count reads the smallest index
 * there can be (an index-only scan) instead of the wider name index the page itself reads.
 */
export class ParentCountIndex1764002600000 implements MigrationInterface {
  name = 'ParentCountIndex1764002600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX parent_school_live_idx ON parent (school_id) WHERE erased_at IS NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX parent_school_live_idx`);
  }
}
