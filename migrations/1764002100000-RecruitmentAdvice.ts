import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The recruitment advice of a matching run (which kinds of new buddy would let the most
 * waiting seekers be matched), computed by the engine in the background after the run and
 * read by the overview, instead of being computed while the overview is asked for.
 */
export class RecruitmentAdvice1764002100000 implements MigrationInterface {
  name = 'RecruitmentAdvice1764002100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE matching_run ADD COLUMN recruitment jsonb`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE matching_run DROP COLUMN recruitment`);
  }
}
