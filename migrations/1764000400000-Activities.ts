import { MigrationInterface, QueryRunner } from 'typeorm';

export class Activities1764000400000 implements MigrationInterface {
  name = 'Activities1764000400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE activity (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL REFERENCES school(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('coffee_morning', 'language_cafe', 'workshop_digital', 'workshop_budget', 'workshop_yoga',
          'cooking_together', 'cultural_outing', 'information_evening', 'parent_hosted', 'other')),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        title_from_kind boolean NOT NULL DEFAULT false,
        titles jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(titles) = 'object'),
        description text CHECK (description IS NULL OR length(description) <= 4000),
        descriptions jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(descriptions) = 'object'),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        location text NOT NULL CHECK (length(location) BETWEEN 1 AND 300),
        languages text[] NOT NULL DEFAULT '{}',
        interpreter boolean NOT NULL DEFAULT false,
        childcare boolean NOT NULL DEFAULT false,
        cost_cents int CHECK (cost_cents IS NULL OR cost_cents BETWEEN 0 AND 100000),
        capacity int CHECK (capacity IS NULL OR capacity BETWEEN 1 AND 10000),
        -- Maintained by the trigger on activity_rsvp; the CHECK below is the capacity guard.
        confirmed_count int NOT NULL DEFAULT 0 CHECK (confirmed_count >= 0),
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
        cancelled_at timestamptz,
        -- Increases with every change parents are told about (repeat key of activity_changed).
        change_count int NOT NULL DEFAULT 0,
        reminders_sent_at timestamptz,
        created_by uuid REFERENCES staff(id) ON DELETE SET NULL,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT activity_ends_after_start CHECK (ends_at > starts_at),
        CONSTRAINT activity_capacity_not_exceeded CHECK (capacity IS NULL OR confirmed_count <= capacity),
        CONSTRAINT activity_cancelled_at CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX activity_school_start_idx ON activity (school_id, starts_at, id)`);
    await q.query(
      `CREATE INDEX activity_reminder_due_idx ON activity (starts_at) WHERE status = 'scheduled' AND reminders_sent_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE activity_host (
        activity_id uuid NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
        parent_id uuid NOT NULL REFERENCES parent(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (activity_id, parent_id)
      )`);
    await q.query(`CREATE INDEX activity_host_parent_idx ON activity_host (parent_id)`);

    await q.query(`
      CREATE TABLE activity_invitation (
        activity_id uuid NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
        parent_id uuid NOT NULL REFERENCES parent(id) ON DELETE CASCADE,
        school_id uuid NOT NULL REFERENCES school(id) ON DELETE CASCADE,
        with_buddy_id uuid REFERENCES parent(id) ON DELETE SET NULL,
        invited_by uuid REFERENCES staff(id) ON DELETE SET NULL,
        invited_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (activity_id, parent_id)
      )`);
    await q.query(`CREATE INDEX activity_invitation_parent_idx ON activity_invitation (parent_id)`);

    // One row per (activity, parent); position is the sign-up order (a new one on every sign-up).
    await q.query(`CREATE SEQUENCE activity_rsvp_position_seq AS bigint`);
    await q.query(`
      CREATE TABLE activity_rsvp (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        activity_id uuid NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
        school_id uuid NOT NULL REFERENCES school(id) ON DELETE CASCADE,
        parent_id uuid NOT NULL REFERENCES parent(id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
        position bigint NOT NULL DEFAULT nextval('activity_rsvp_position_seq'),
        signed_up_at timestamptz NOT NULL DEFAULT now(),
        confirmed_at timestamptz,
        promoted_at timestamptz,
        cancelled_at timestamptz,
        actor_type text NOT NULL CHECK (actor_type IN ('staff', 'parent', 'system')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT activity_rsvp_one_per_parent UNIQUE (activity_id, parent_id),
        CONSTRAINT activity_rsvp_confirmed_at CHECK (status <> 'confirmed' OR confirmed_at IS NOT NULL)
      )`);
    await q.query(`ALTER SEQUENCE activity_rsvp_position_seq OWNED BY activity_rsvp.position`);
    await q.query(
      `CREATE INDEX activity_rsvp_queue_idx ON activity_rsvp (activity_id, status, position)`,
    );
    await q.query(`CREATE INDEX activity_rsvp_parent_idx ON activity_rsvp (parent_id)`);
    // Keeps activity.confirmed_count equal to the confirmed sign-ups. Updating the activity
    // row takes its row lock, so concurrent confirmations of one activity are serialised, and
    // the CHECK activity_capacity_not_exceeded refuses any that would pass the capacity.
    await q.query(`
      CREATE FUNCTION activity_rsvp_count() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        delta int := 0;
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'confirmed' THEN delta := delta - 1; END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'confirmed' THEN delta := delta + 1; END IF;
        IF TG_OP = 'UPDATE' AND OLD.activity_id <> NEW.activity_id THEN
          RAISE EXCEPTION 'a sign-up cannot move to another activity' USING ERRCODE = 'check_violation';
        END IF;
        IF delta <> 0 THEN
          UPDATE activity SET confirmed_count = confirmed_count + delta
           WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.activity_id ELSE NEW.activity_id END;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER activity_rsvp_count AFTER INSERT OR UPDATE OF status, activity_id OR DELETE ON activity_rsvp
      FOR EACH ROW EXECUTE FUNCTION activity_rsvp_count()`);

    await q.query(`
      CREATE TABLE activity_attendance (
        activity_id uuid NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
        parent_id uuid NOT NULL REFERENCES parent(id) ON DELETE CASCADE,
        school_id uuid NOT NULL REFERENCES school(id) ON DELETE CASCADE,
        recorded_by uuid REFERENCES staff(id) ON DELETE SET NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (activity_id, parent_id)
      )`);
    await q.query(
      `CREATE INDEX activity_attendance_school_parent_idx ON activity_attendance (school_id, parent_id, recorded_at)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE activity_attendance`);
    await q.query(`DROP TABLE activity_rsvp`);
    await q.query(`DROP FUNCTION activity_rsvp_count`);
    await q.query(`DROP TABLE activity_invitation`);
    await q.query(`DROP TABLE activity_host`);
    await q.query(`DROP TABLE activity`);
  }
}
