import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The parents list in its own order (given name, family name with "no family name" first, id)
 * over the parents not erased: a page reads this index in order and stops after its rows,
 * instead of reading and sorting every parent of the school.
 */
export class ParentListIndex1764002200000 implements MigrationInterface {
  name = 'ParentListIndex1764002200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX parent_school_name_live_idx
         ON parent (school_id, given_name, family_name NULLS FIRST, id) WHERE erased_at IS NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX parent_school_name_live_idx`);
  }
}
