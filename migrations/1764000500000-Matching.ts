import { MigrationInterface, QueryRunner } from 'typeorm';

export class Matching1764000500000 implements MigrationInterface {
  name = 'Matching1764000500000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE matching_run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL REFERENCES school(id) ON DELETE CASCADE,
        created_by uuid REFERENCES staff(id) ON DELETE SET NULL,
        weights jsonb NOT NULL,
        stats jsonb NOT NULL,
        unmatched jsonb NOT NULL,
        duration_ms int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX matching_run_school_idx ON matching_run (school_id, created_at DESC)`,
    );
    await q.query(`
      CREATE TABLE match (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL REFERENCES school(id) ON DELETE CASCADE,
        run_id uuid REFERENCES matching_run(id) ON DELETE SET NULL,
        seeker_id uuid NOT NULL REFERENCES parent(id) ON DELETE CASCADE,
        buddy_id uuid NOT NULL REFERENCES parent(id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('proposed', 'superseded', 'rejected', 'approved', 'declined', 'active', 'ended')),
        score int NOT NULL,
        reasons jsonb NOT NULL,
        pinned boolean NOT NULL DEFAULT false,
        seeker_response text CHECK (seeker_response IN ('accepted', 'declined')),
        buddy_response text CHECK (buddy_response IN ('accepted', 'declined')),
        seeker_responded_at timestamptz,
        buddy_responded_at timestamptz,
        decline_reason text,
        approved_at timestamptz,
        approved_by uuid REFERENCES staff(id) ON DELETE SET NULL,
        activated_at timestamptz,
        ended_at timestamptz,
        end_reason text,
        end_outcome text CHECK (end_outcome IN ('good', 'neutral', 'bad')),
        reminders_sent int NOT NULL DEFAULT 0,
        needs_attention boolean NOT NULL DEFAULT false,
        check_ins jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (seeker_id <> buddy_id)
      )`);
    await q.query(
      `CREATE INDEX match_school_status_idx ON match (school_id, status, created_at DESC)`,
    );
    await q.query(`CREATE INDEX match_buddy_idx ON match (buddy_id, status)`);
    await q.query(`CREATE INDEX match_seeker_idx ON match (seeker_id, status)`);
    // A seeker has at most one buddy at a time (approved or active).
    await q.query(
      `CREATE UNIQUE INDEX match_one_open_per_seeker ON match (seeker_id) WHERE status IN ('approved', 'active')`,
    );
    // A pair is open at most once.
    await q.query(
      `CREATE UNIQUE INDEX match_one_open_per_pair ON match (seeker_id, buddy_id) WHERE status IN ('proposed', 'approved', 'active')`,
    );
    // A buddy never exceeds their capacity, also under concurrent approvals: the trigger
    // locks the buddy's parent row, so approvals of one buddy are serialised.
    await q.query(`
      CREATE FUNCTION match_buddy_capacity() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        cap int;
        load int;
      BEGIN
        IF NEW.status IN ('approved', 'active') AND (TG_OP = 'INSERT' OR OLD.status NOT IN ('approved', 'active')) THEN
          SELECT capacity INTO cap FROM parent WHERE id = NEW.buddy_id FOR UPDATE;
          SELECT count(*) INTO load FROM match
           WHERE buddy_id = NEW.buddy_id AND status IN ('approved', 'active') AND id <> NEW.id;
          IF load >= cap THEN
            RAISE EXCEPTION 'buddy % is at capacity (%)', NEW.buddy_id, cap
              USING ERRCODE = 'check_violation', CONSTRAINT = 'match_buddy_capacity';
          END IF;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER match_buddy_capacity BEFORE INSERT OR UPDATE OF status ON match
      FOR EACH ROW EXECUTE FUNCTION match_buddy_capacity()`);
    await q.query(`
      CREATE TABLE match_rule (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL REFERENCES school(id) ON DELETE CASCADE,
        seeker_id uuid NOT NULL REFERENCES parent(id) ON DELETE CASCADE,
        buddy_id uuid NOT NULL REFERENCES parent(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('pin', 'forbid')),
        created_by uuid REFERENCES staff(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (seeker_id <> buddy_id)
      )`);
    await q.query(`CREATE UNIQUE INDEX match_rule_pair_key ON match_rule (seeker_id, buddy_id)`);
    await q.query(`CREATE INDEX match_rule_school_idx ON match_rule (school_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE match_rule`);
    await q.query(`DROP TABLE match`);
    await q.query(`DROP FUNCTION match_buddy_capacity`);
    await q.query(`DROP TABLE matching_run`);
  }
}
