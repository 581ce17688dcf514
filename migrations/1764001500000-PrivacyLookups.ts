import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for answering access and erasure requests quickly, however long the school has
 * used the service:
 * - other parents' messages about a parent: by the parent named in the payload
 *   (otherParentId, buddyParentId) and by the pair they are about (subject_id);
 * - the messages that carry a link (erasure deletes the links; the foreign key then clears
 *   link_id on each message);
 * - every audit entry that names a parent only in its details (a list of ids, a task's
 *   parentId): audit_detail_ids() lists the ids a details document contains.
 * And one fact: an activity once invited by a sensitive situation (activity.sensitive_audience)
 * never invites buddies along afterwards, whatever the audience of a later round.
 */
export class PrivacyLookups1764001500000 implements MigrationInterface {
  name = 'PrivacyLookups1764001500000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE activity ADD COLUMN sensitive_audience boolean NOT NULL DEFAULT false`,
    );
    await q.query(
      `CREATE INDEX notification_other_parent_idx ON notification ((payload->>'otherParentId'))
        WHERE payload ? 'otherParentId'`,
    );
    await q.query(
      `CREATE INDEX notification_buddy_parent_idx ON notification ((payload->>'buddyParentId'))
        WHERE payload ? 'buddyParentId'`,
    );
    await q.query(
      `CREATE INDEX notification_subject_idx ON notification (subject_id) WHERE subject_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX notification_link_idx ON notification (link_id) WHERE link_id IS NOT NULL`,
    );
    await q.query(`
      CREATE FUNCTION audit_detail_ids(details jsonb) RETURNS text[]
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
          SELECT coalesce(array_agg(DISTINCT m[1]), '{}')
            FROM regexp_matches(details::text,
                   '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})', 'gi') AS m
        $$`);
    await q.query(
      `CREATE INDEX audit_log_detail_ids_idx ON audit_log USING gin (audit_detail_ids(details))
        WHERE details IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_log_detail_ids_idx`);
    await q.query(`DROP FUNCTION audit_detail_ids(jsonb)`);
    await q.query(`DROP INDEX notification_link_idx`);
    await q.query(`DROP INDEX notification_subject_idx`);
    await q.query(`DROP INDEX notification_buddy_parent_idx`);
    await q.query(`DROP INDEX notification_other_parent_idx`);
    await q.query(`ALTER TABLE activity DROP COLUMN sensitive_audience`);
  }
}
