import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The groups a school watches in the reach section of its overview (issue 18): little Dutch,
 * new to the Netherlands, new to the school, and home languages: `languages` (every home
 * language other than Dutch) or single ones (`language:ar`). Schools keep what they saw
 * before: all of them.
 */
export class WatchedGroups1764001900000 implements MigrationInterface {
  name = 'WatchedGroups1764001900000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE school ADD COLUMN watched_groups text[] NOT NULL
         DEFAULT '{little_dutch,new_to_nl,new_to_school,languages}'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE school DROP COLUMN watched_groups`);
  }
}
