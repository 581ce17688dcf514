import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the buddy overview, so a school's figures do not get slower as other schools
 * grow: attendance looked up per parent (the reach per group and per language), and pairs
 * looked up per school and seeker or buddy (who has had a buddy in the period).
 */
export class OverviewIndexes1764001100000 implements MigrationInterface {
  name = 'OverviewIndexes1764001100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX activity_attendance_parent_idx ON activity_attendance (parent_id, activity_id)`,
    );
    await q.query(`CREATE INDEX match_school_seeker_idx ON match (school_id, seeker_id, status)`);
    await q.query(`CREATE INDEX match_school_buddy_idx ON match (school_id, buddy_id, status)`);
    await q.query(
      `CREATE INDEX activity_rsvp_waitlisted_idx ON activity_rsvp (activity_id) WHERE status = 'waitlisted'`,
    );
    await q.query(
      `CREATE INDEX notification_dead_idx ON notification (school_id) WHERE status = 'dead'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_dead_idx`);
    await q.query(`DROP INDEX activity_rsvp_waitlisted_idx`);
    await q.query(`DROP INDEX match_school_buddy_idx`);
    await q.query(`DROP INDEX match_school_seeker_idx`);
    await q.query(`DROP INDEX activity_attendance_parent_idx`);
  }
}
