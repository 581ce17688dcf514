import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How a parent wants to be addressed (and spoken of) in languages whose sentences about a
 * person must choose a grammatical gender (Arabic, Tigrinya, Pashto, French, Polish, ...):
 * chosen by the parent at intake, never guessed from a name. NULL (not asked) and 'neutral'
 * use the gender-neutral wording.
 */
export class FormOfAddress1764002000000 implements MigrationInterface {
  name = 'FormOfAddress1764002000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE parent ADD COLUMN form_of_address text
         CHECK (form_of_address IN ('feminine', 'masculine', 'neutral'))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE parent DROP COLUMN form_of_address`);
  }
}
