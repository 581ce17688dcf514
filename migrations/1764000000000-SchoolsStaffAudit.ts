import { MigrationInterface, QueryRunner } from 'typeorm';

export class SchoolsStaffAudit1764000000000 implements MigrationInterface {
  name = 'SchoolsStaffAudit1764000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE board (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE school (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        board_id uuid REFERENCES board(id) ON DELETE SET NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        brin text NOT NULL CHECK (brin ~ '^[0-9]{2}[A-Z]{2}([0-9]{2})?$'),
        city text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('primary', 'secondary', 'other')),
        default_language text NOT NULL,
        settings jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX school_brin_key ON school (brin)`);
    await q.query(`CREATE INDEX school_board_idx ON school (board_id)`);
    await q.query(`
      CREATE TABLE staff (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email)),
        name text NOT NULL,
        interface_language text NOT NULL,
        password_hash text NOT NULL,
        is_platform_admin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX staff_email_key ON staff (email)`);
    await q.query(`
      CREATE TABLE membership (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        school_id uuid REFERENCES school(id) ON DELETE CASCADE,
        board_id uuid REFERENCES board(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('coordinator', 'viewer', 'school_admin', 'board_admin')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((school_id IS NOT NULL AND board_id IS NULL AND role <> 'board_admin')
            OR (school_id IS NULL AND board_id IS NOT NULL AND role = 'board_admin'))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX membership_staff_school_key ON membership (staff_id, school_id) WHERE school_id IS NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX membership_staff_board_key ON membership (staff_id, board_id) WHERE board_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX membership_school_idx ON membership (school_id)`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        school_id uuid,
        actor_type text NOT NULL CHECK (actor_type IN ('staff', 'parent', 'system', 'anonymous')),
        actor_id text,
        action text NOT NULL,
        entity_type text,
        entity_id text,
        ip text,
        request_id text,
        details jsonb
      )`);
    await q.query(
      `CREATE INDEX audit_log_school_at_idx ON audit_log (school_id, at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id)`);
    // Append-only: the application may insert, never change or remove history.
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`
      CREATE TABLE login_throttle (
        key text PRIMARY KEY,
        failures int NOT NULL,
        window_started_at timestamptz NOT NULL,
        locked_until timestamptz
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_throttle`);
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only`);
    await q.query(`DROP TABLE membership`);
    await q.query(`DROP TABLE staff`);
    await q.query(`DROP TABLE school`);
    await q.query(`DROP TABLE board`);
  }
}
