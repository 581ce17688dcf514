import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Encryption at rest and retention (issue 15).
 *
 * - A parent's e-mail, phone and intake note, and the address a message went to, are now
 *   stored encrypted by the application (`v1:<keyId>:<iv>:<tag>:<data>`). The checks on the
 *   clear value move to the application (the DTOs already hold them); lookups by e-mail or
 *   phone use keyed hashes in email_hash / phone_hash.
 * - Rows written before this migration are still in clear text: a migration cannot read the
 *   key, so the worker's task "encrypt-personal-data" (also `npm run cli -- rotate-key`)
 *   encrypts them and fills the hashes, in batches, right after start. Reading works in the
 *   meantime (clear text is read as it is).
 * - The audit log stays append-only, except that retention may clear the IP address of an
 *   old entry (and nothing else).
 */
export class EncryptionAtRest1764001600000 implements MigrationInterface {
  name = 'EncryptionAtRest1764001600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE parent DROP CONSTRAINT IF EXISTS parent_phone_check`);
    await q.query(`ALTER TABLE parent DROP CONSTRAINT IF EXISTS parent_intake_note_check`);
    await q.query(`ALTER TABLE parent ADD COLUMN email_hash text, ADD COLUMN phone_hash text`);
    await q.query(
      `CREATE INDEX parent_school_email_hash_idx ON parent (school_id, email_hash) WHERE email_hash IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX parent_school_phone_hash_idx ON parent (school_id, phone_hash) WHERE phone_hash IS NOT NULL`,
    );
    await q.query(`DROP TRIGGER audit_log_no_update_delete ON audit_log`);
    await q.query(`
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      FOR EACH ROW
      WHEN (NOT (NEW.ip IS NULL
                 AND NEW.id = OLD.id AND NEW.at = OLD.at
                 AND NEW.school_id IS NOT DISTINCT FROM OLD.school_id
                 AND NEW.actor_type = OLD.actor_type
                 AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
                 AND NEW.action = OLD.action
                 AND NEW.entity_type IS NOT DISTINCT FROM OLD.entity_type
                 AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id
                 AND NEW.request_id IS NOT DISTINCT FROM OLD.request_id
                 AND NEW.details IS NOT DISTINCT FROM OLD.details))
      EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`CREATE INDEX audit_log_ip_at_idx ON audit_log (at) WHERE ip IS NOT NULL`);
    await q.query(
      `CREATE INDEX notification_body_at_idx ON notification (created_at) WHERE body_text IS NOT NULL OR body_html IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_body_at_idx`);
    await q.query(`DROP INDEX audit_log_ip_at_idx`);
    await q.query(`DROP TRIGGER audit_log_no_update ON audit_log`);
    await q.query(`DROP TRIGGER audit_log_no_delete ON audit_log`);
    await q.query(`
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`DROP INDEX parent_school_phone_hash_idx`);
    await q.query(`DROP INDEX parent_school_email_hash_idx`);
    await q.query(`ALTER TABLE parent DROP COLUMN phone_hash, DROP COLUMN email_hash`);
  }
}
