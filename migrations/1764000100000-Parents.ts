import { MigrationInterface, QueryRunner } from 'typeorm';

export class Parents1764000100000 implements MigrationInterface {
  name = 'Parents1764000100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE parent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL REFERENCES school(id) ON DELETE CASCADE,
        household_id uuid NOT NULL DEFAULT gen_random_uuid(),
        external_ref text,
        given_name text NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
        family_name text CHECK (family_name IS NULL OR length(family_name) <= 100),
        children jsonb NOT NULL DEFAULT '[]',
        languages jsonb NOT NULL,
        dutch_level text NOT NULL CHECK (dutch_level IN ('none', 'basic', 'conversational', 'fluent', 'native')),
        message_language text NOT NULL,
        requested_language text,
        prefers_spoken boolean NOT NULL DEFAULT false,
        role text NOT NULL CHECK (role IN ('seeker', 'buddy', 'both')),
        capacity int NOT NULL,
        situations jsonb NOT NULL DEFAULT '[]',
        skills text[] NOT NULL DEFAULT '{}',
        interests text[] NOT NULL DEFAULT '{}',
        availability text[] NOT NULL DEFAULT '{}',
        postcode_area text CHECK (postcode_area IS NULL OR postcode_area ~ '^[1-9][0-9]{3}$'),
        channels text[] NOT NULL DEFAULT '{}',
        email text,
        phone text CHECK (phone IS NULL OR phone ~ '^\\+[1-9][0-9]{6,14}$'),
        consents jsonb NOT NULL DEFAULT '{}',
        intake_note text CHECK (intake_note IS NULL OR length(intake_note) <= 2000),
        status text NOT NULL CHECK (status IN ('enrolled', 'waiting', 'matched', 'paused', 'left')),
        at_school_since int NOT NULL,
        waiting_since timestamptz,
        stopped_topics text[] NOT NULL DEFAULT '{}',
        messages_stopped boolean NOT NULL DEFAULT false,
        erased_at timestamptz,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((role = 'seeker' AND capacity = 0) OR (role IN ('buddy', 'both') AND capacity BETWEEN 1 AND 3))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX parent_school_external_ref_key ON parent (school_id, external_ref) WHERE external_ref IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX parent_school_name_idx ON parent (school_id, given_name, family_name, id)`,
    );
    await q.query(`CREATE INDEX parent_school_status_idx ON parent (school_id, status)`);
    await q.query(`CREATE INDEX parent_household_idx ON parent (household_id)`);
    await q.query(
      `CREATE INDEX parent_languages_idx ON parent USING gin (languages jsonb_path_ops)`,
    );
    await q.query(
      `CREATE INDEX parent_situations_idx ON parent USING gin (situations jsonb_path_ops)`,
    );
    await q.query(`CREATE INDEX parent_availability_idx ON parent USING gin (availability)`);
    await q.query(
      `CREATE INDEX parent_name_trgm_idx ON parent USING gin ((lower(given_name || ' ' || coalesce(family_name, ''))) gin_trgm_ops)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE parent`);
  }
}
