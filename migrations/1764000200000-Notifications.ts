import { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1764000200000 implements MigrationInterface {
  name = 'Notifications1764000200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE parent_link (
        id uuid PRIMARY KEY,
        token_hash bytea NOT NULL,
        school_id uuid NOT NULL REFERENCES school(id) ON DELETE CASCADE,
        parent_id uuid NOT NULL REFERENCES parent(id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('match', 'activity', 'check_in', 'preferences')),
        subject_id uuid,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX parent_link_token_hash_key ON parent_link (token_hash)`);
    await q.query(`CREATE INDEX parent_link_parent_idx ON parent_link (parent_id)`);
    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL REFERENCES school(id) ON DELETE CASCADE,
        parent_id uuid REFERENCES parent(id) ON DELETE SET NULL,
        kind text NOT NULL,
        idempotency_key text NOT NULL,
        subject_type text,
        subject_id uuid,
        payload jsonb NOT NULL DEFAULT '{}',
        link_id uuid REFERENCES parent_link(id) ON DELETE SET NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'task', 'failed', 'dead', 'skipped')),
        channel text CHECK (channel IN ('email', 'sms', 'task')),
        language text,
        recipient text,
        subject text,
        body_text text,
        body_html text,
        message_id text,
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        last_error text,
        sent_at timestamptz,
        task_done_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX notification_idempotency_key ON notification (idempotency_key)`,
    );
    await q.query(
      `CREATE INDEX notification_due_idx ON notification (next_attempt_at) WHERE status IN ('pending', 'failed', 'sending')`,
    );
    await q.query(
      `CREATE INDEX notification_school_idx ON notification (school_id, created_at DESC, id)`,
    );
    await q.query(`CREATE INDEX notification_parent_idx ON notification (parent_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification`);
    await q.query(`DROP TABLE parent_link`);
  }
}
