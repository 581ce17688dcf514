import type { EngineParent, PairRef } from '../engine';
import { EngineSource, ParentLoad, toEngineParent } from '../engine-input.mapper';

/** Anything that runs a parameterised query: a pg Client, a pool, a TypeORM manager. */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/** Who a stale pin names, read for the pins whose parents left the pool. */
export interface AbsentParent {
  id: string;
  status: string;
  erased: boolean;
}

/** Everything a run computes from, as plain data (it crosses to the worker thread). */
export interface RunInput {
  schoolId: string;
  /** The school's own weights (over the defaults). */
  weights: Record<string, number>;
  /** Schools whose parents take part (the school itself, or its board's). */
  pool: string[];
  parents: EngineParent[];
  /** Parents that already have an approved or active buddy, for skipped-pin reasons. */
  hasBuddy: string[];
  excludedPairs: PairRef[];
  pinnedPairs: PairRef[];
  /** Parents named by a pin who are not in the pool any more. */
  absent: AbsentParent[];
}

const ACTIVE = `('enrolled', 'waiting', 'matched')`;

/**
 * Reads a run's input with a handful of set-based queries (no per-parent query), mapping rows
 * straight to the engine's plain parents. Runs in the worker thread on its own connection.
 */
export async function loadRunInput(
  db: Queryable,
  schoolId: string,
  now: Date,
): Promise<RunInput | null> {
  const schools = (
    await db.query<{
      board_id: string | null;
      scope: string | null;
      weights: Record<string, number> | null;
    }>(
      `SELECT board_id, settings->'matching'->>'scope' AS scope, settings->'matching'->'weights' AS weights
         FROM school WHERE id = $1`,
      [schoolId],
    )
  ).rows;
  if (!schools.length) return null;
  const [school] = schools;
  const pool =
    school.scope === 'board' && school.board_id
      ? (
          await db.query<{ id: string }>(
            `SELECT id FROM school WHERE board_id = $1 AND (id = $2 OR settings->'matching'->>'scope' = 'board') ORDER BY id`,
            [school.board_id, schoolId],
          )
        ).rows.map((r) => r.id)
      : [schoolId];
  const rows = (
    await db.query<EngineSource>(
      `SELECT id, school_id AS "schoolId", household_id AS "householdId", role, status, capacity,
              jsonb_build_object('matching', consents->'matching') AS consents,
              languages, dutch_level AS "dutchLevel", situations,
              COALESCE((SELECT jsonb_agg(jsonb_build_object('schoolYear', c->'schoolYear', 'className', c->'className'))
                          FROM jsonb_array_elements(children) c), '[]'::jsonb) AS children,
              postcode_area AS "postcodeArea", availability, interests,
              at_school_since AS "atSchoolSince", waiting_since AS "waitingSince"
         FROM parent
        WHERE school_id = ANY($1) AND status IN ${ACTIVE} AND erased_at IS NULL`,
      [pool],
    )
  ).rows;
  const loadRows = (
    await db.query<{ parent_id: string; as_buddy: number; has_buddy: boolean }>(
      `SELECT parent_id, sum(as_buddy)::int AS as_buddy, bool_or(has_buddy) AS has_buddy FROM (
         SELECT buddy_id AS parent_id, 1 AS as_buddy, false AS has_buddy FROM match WHERE school_id = ANY($1) AND status IN ('approved', 'active')
         UNION ALL
         SELECT seeker_id, 0, true FROM match WHERE school_id = ANY($1) AND status IN ('approved', 'active')
       ) x GROUP BY parent_id`,
      [pool],
    )
  ).rows;
  const excludedPairs = (
    await db.query<PairRef>(
      `SELECT seeker_id AS "seekerId", buddy_id AS "buddyId" FROM match WHERE school_id = ANY($1)
          AND (status IN ('declined', 'rejected') OR (status = 'ended' AND end_outcome = 'bad'))
       UNION
       SELECT seeker_id, buddy_id FROM match_rule WHERE school_id = ANY($1) AND kind = 'forbid'`,
      [pool],
    )
  ).rows;
  const pinnedPairs = (
    await db.query<PairRef>(
      `SELECT seeker_id AS "seekerId", buddy_id AS "buddyId" FROM match_rule
        WHERE school_id = $1 AND kind = 'pin' ORDER BY created_at, id`,
      [schoolId],
    )
  ).rows;
  const loads = new Map<string, ParentLoad>(
    loadRows.map((r) => [r.parent_id, { asBuddy: r.as_buddy, hasBuddy: r.has_buddy }]),
  );
  const none: ParentLoad = { asBuddy: 0, hasBuddy: false };
  const parents = rows.map((p) => {
    const ep = toEngineParent(p, loads.get(p.id) ?? none, now);
    // Parents of other schools in the board take part as buddies only.
    return p.schoolId === schoolId ? ep : { ...ep, seeksNow: false };
  });
  const inPool = new Set(parents.map((p) => p.id));
  const missing = [
    ...new Set(pinnedPairs.flatMap((p) => [p.seekerId, p.buddyId]).filter((id) => !inPool.has(id))),
  ];
  const absent = missing.length
    ? (
        await db.query<AbsentParent>(
          `SELECT id, status, erased_at IS NOT NULL AS erased FROM parent WHERE id = ANY($1)`,
          [missing],
        )
      ).rows
    : [];
  return {
    schoolId,
    weights: school.weights ?? {},
    pool,
    parents,
    hasBuddy: loadRows.filter((r) => r.has_buddy).map((r) => r.parent_id),
    excludedPairs,
    pinnedPairs,
    absent,
  };
}
