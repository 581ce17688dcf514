/**
 * The buddy overview's figures for one school and for a board, and whether a school's
 * figures get slower as OTHER schools grow. Calls the real services on a real PostgreSQL.
 *
 *   npm run bench:dashboard                      2,000-parent school; board of 50 schools, 100,000 parents
 *   npm run bench:dashboard -- --runs 30 --school 2000 --schools 50 --total 100000
 *   npm run bench:dashboard -- --no-vacuum     (statistics only, no visibility map yet)
 *
 * Prints p50/p95 of the school's overview in a small database (the school and 4 others) and
 * in the large one, the board's overview (every school's figures in a few queries grouped by
 * school), the same school's overview as a viewer sees it (with the small-numbers rule), and the school's overview without the indexes of
 * migration 1764001100000 (to show what they are for).
 */
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import type { Actor } from '../src/common/auth/actor';
import {
  DashboardService,
  OVERVIEW_SQL,
  parsePeriod,
  WAITING_TARGET_DAYS,
} from '../src/dashboard/dashboard.service';
import { dataSourceOptions } from '../src/database/data-source-options';
import { BoardOverviewService } from '../src/schools/board-overview.service';
import { DEFAULT_SCHOOL_SETTINGS } from '../src/schools/school-settings';
import { benchDatabase, numberArg } from './bench-database';

/** Adds `count` schools of `parents` parents each, with pairs, activities and attendance. */
async function addSchools(
  db: DataSource,
  boardId: string,
  first: number,
  count: number,
  parents: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = first; i < first + count; i++) {
    const brin = `${String(Math.floor(i / 100)).padStart(2, '0')}ZZ${String(i % 100).padStart(2, '0')}`;
    const [{ id }] = await db.query(
      `INSERT INTO school (board_id, name, brin, city, kind, default_language, settings)
       VALUES ($1, $2, $3, 'Utrecht', 'primary', 'nl', $4) RETURNING id`,
      [boardId, `School ${String(i).padStart(3, '0')}`, brin, DEFAULT_SCHOOL_SETTINGS],
    );
    ids.push(id);
    await db.query(
      `INSERT INTO parent (school_id, given_name, languages, dutch_level, message_language, role, capacity,
                           status, at_school_since, waiting_since, situations, created_at)
       SELECT $1, 'P' || g,
              jsonb_build_array(jsonb_build_object('code', (ARRAY['nl','ar','tr','pl','uk','so'])[1 + g % 6], 'level', 'native')),
              (ARRAY['none','basic','conversational','fluent','native'])[1 + g % 5],
              (ARRAY['nl','ar','tr','pl','uk','so'])[1 + g % 6],
              CASE WHEN g % 3 = 0 THEN 'buddy' ELSE 'seeker' END,
              CASE WHEN g % 3 = 0 THEN 2 ELSE 0 END,
              CASE WHEN g % 3 = 0 THEN 'enrolled' WHEN g % 4 = 0 THEN 'matched' ELSE 'waiting' END,
              2015 + g % 12, now() - (g % 90) * interval '1 day',
              CASE WHEN g % 7 = 0 THEN '[{"code":"new_to_nl","stance":"seeking"}]'::jsonb ELSE '[]'::jsonb END,
              now() - (g % 300) * interval '1 day'
         FROM generate_series(1, $2) g`,
      [id, parents],
    );
    // Every matched seeker with a buddy of the school (at most 2 per buddy).
    await db.query(
      `WITH s AS (SELECT id, row_number() OVER (ORDER BY id) AS r FROM parent WHERE school_id = $1 AND status = 'matched'),
            b AS (SELECT id, row_number() OVER (ORDER BY id) AS r, count(*) OVER () AS n FROM parent WHERE school_id = $1 AND role = 'buddy')
       INSERT INTO match (school_id, seeker_id, buddy_id, status, score, reasons, created_at, approved_at, activated_at)
       SELECT $1, s.id, b.id, 'active', 50, '[]', now() - interval '60 days', now() - interval '58 days', now() - interval '55 days'
         FROM s JOIN b ON b.r = 1 + (s.r - 1) % b.n WHERE s.r <= 2 * b.n`,
      [id],
    );
    await db.query(
      `INSERT INTO activity (school_id, kind, title, starts_at, ends_at, location, capacity)
       SELECT $1, 'coffee_morning', 'Koffie', now() - g * interval '20 days', now() - g * interval '20 days' + interval '2 hours', 'Aula', 40
         FROM generate_series(1, 10) g`,
      [id],
    );
    await db.query(
      `INSERT INTO activity_attendance (activity_id, parent_id, school_id)
       SELECT (SELECT id FROM activity WHERE school_id = $1 ORDER BY starts_at OFFSET (abs(hashtext(p.id::text)) % 10) LIMIT 1), p.id, $1
         FROM parent p WHERE p.school_id = $1 AND abs(hashtext(p.id::text)) % 10 < 3`,
      [id],
    );
  }
  // What autovacuum does to a table after such inserts: statistics and the visibility map
  // (which lets the overview read parents from parent_overview_idx alone). --no-vacuum skips
  // the VACUUM, as right after a bulk load before autovacuum has run.
  await db.query(process.argv.includes('--no-vacuum') ? 'ANALYZE' : 'VACUUM ANALYZE');
  return ids;
}

async function time(
  runs: number,
  f: () => Promise<unknown>,
): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i++) await f(); // warm up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await f();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number): number =>
    Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] * 10) / 10;
  return { p50: at(0.5), p95: at(0.95) };
}

const INDEXES = {
  activity_attendance_parent_idx: 'activity_attendance (parent_id, activity_id)',
  match_school_seeker_idx: 'match (school_id, seeker_id, status)',
  match_school_buddy_idx: 'match (school_id, buddy_id, status)',
};

async function main(): Promise<void> {
  const runs = numberArg('runs', 30);
  const schoolParents = numberArg('school', 2000);
  const schools = numberArg('schools', 50);
  const total = numberArg('total', 100_000);
  const perOther = Math.round((total - schoolParents) / (schools - 1));
  const database = await benchDatabase('overview');
  // --slow N: print every query slower than N ms (to see which part of the overview costs).
  const slow = numberArg('slow', 0);
  const db = new DataSource({
    ...dataSourceOptions(database.url, 8),
    ...(slow ? { maxQueryExecutionTime: slow, logging: ['warn'], logger: 'simple-console' } : {}),
  });
  await db.initialize();
  try {
    const dashboards = new DashboardService(db);
    const boards = new BoardOverviewService(db, dashboards);
    const actor = { isPlatformAdmin: true, adminOfBoards: [] } as unknown as Actor;
    const period = parsePeriod({});
    const [{ id: boardId }] = await db.query(
      `INSERT INTO board (name) VALUES ('Bench board') RETURNING id`,
    );
    const [school] = await addSchools(db, boardId, 0, 1, schoolParents);
    await addSchools(db, boardId, 1, 4, perOther);
    const overview = () =>
      dashboards.forSchool(school, { withPeople: true, suppressSmall: false, period });
    const count = async (): Promise<number> =>
      Number((await db.query(`SELECT count(*) AS n FROM parent`))[0].n);

    if (process.argv.includes('--explain')) {
      const plan: { 'QUERY PLAN': string }[] = await db.query(
        `EXPLAIN (ANALYZE, BUFFERS) ${OVERVIEW_SQL}`,
        [[school], period.from, period.to, WAITING_TARGET_DAYS],
      );
      console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
    }
    console.log(`one school of ${schoolParents} parents; ${runs} runs each (p50 / p95, ms)\n`);
    const small = await time(runs, overview);
    console.log(
      `school overview, database of ${await count()} parents:   ${small.p50} / ${small.p95}`,
    );

    await addSchools(db, boardId, 5, schools - 5, perOther);
    const large = await time(runs, overview);
    console.log(
      `school overview, database of ${await count()} parents:  ${large.p50} / ${large.p95}`,
    );
    const viewer = await time(runs, () =>
      dashboards.forSchool(school, { withPeople: false, suppressSmall: true, period }),
    );
    console.log(
      `school overview as a viewer (small-numbers rule):       ${viewer.p50} / ${viewer.p95}`,
    );
    if (process.argv.includes('--explain-board')) {
      const ids = (await db.query(`SELECT id FROM school WHERE board_id = $1`, [boardId])).map(
        (r: { id: string }) => r.id,
      );
      const plan: { 'QUERY PLAN': string }[] = await db.query(
        `EXPLAIN (ANALYZE, BUFFERS) ${OVERVIEW_SQL}`,
        [ids, period.from, period.to, WAITING_TARGET_DAYS],
      );
      console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
    }
    const board = await time(Math.max(5, Math.round(runs / 3)), () =>
      boards.forBoard(actor, boardId, period),
    );
    console.log(
      `board overview, ${schools} schools side by side:        ${board.p50} / ${board.p95}`,
    );
    // The same figures the way the board was computed before: an overview per school, four
    // at a time (measured right after, under the same load, to compare).
    const ids: string[] = (
      await db.query(`SELECT id FROM school WHERE board_id = $1 ORDER BY name`, [boardId])
    ).map((r: { id: string }) => r.id);
    const perSchool = await time(Math.max(5, Math.round(runs / 3)), async () => {
      for (let i = 0; i < ids.length; i += 4)
        await Promise.all(
          ids.slice(i, i + 4).map((id) =>
            dashboards.forSchool(id, {
              withPeople: false,
              suppressSmall: false,
              period,
              withoutTrends: true,
            }),
          ),
        );
    });
    console.log(
      `board the old way, an overview per school (to compare): ${perSchool.p50} / ${perSchool.p95}`,
    );

    for (const name of Object.keys(INDEXES)) await db.query(`DROP INDEX ${name}`);
    await db.query('ANALYZE');
    const without = await time(runs, overview);
    console.log(
      `school overview, large database, without the overview indexes: ${without.p50} / ${without.p95}`,
    );
    for (const [name, def] of Object.entries(INDEXES))
      await db.query(`CREATE INDEX ${name} ON ${def}`);
  } finally {
    await db.destroy();
    await database.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
