import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError, ValidationError } from '../common/errors/domain-error';
import type { UnmatchedSeeker } from '../matching/engine';
import type { RecruitmentOption } from '../matching/engine';
import { hideSmallNumbers, type HiddenReason, SMALL_COUNT } from './small-numbers';

export { SMALL_COUNT };

/** The groups a school may watch in the reach section (besides single languages, `language:xx`). */
export const WATCHABLE_GROUPS = [
  'little_dutch',
  'new_to_nl',
  'new_to_school',
  'languages',
] as const;
/** What a school watches until it chooses (the default of `school.watched_groups`). */
export const DEFAULT_WATCHED_GROUPS: readonly string[] = WATCHABLE_GROUPS;
const LANGUAGE_GROUP = /^language:[a-z]{2,3}$/;

/** Days a seeker may wait for a buddy before the overview asks staff to look. */
export const WAITING_TARGET_DAYS = 28;
/** Every figure describes "now", except the ones under `reach` and `trends` (the period). */
export interface RawFigures {
  enrolled: number;
  seekers: number;
  buddies: number;
  waiting: number;
  proposed: number;
  awaitingAnswer: number;
  activePairs: number;
  endedPairs: number;
  needsAttention: number;
  freeCapacity: number;
  medianDaysToProposal: number | null;
  /** Of `waiting`: those with an open proposal that staff have not reviewed yet. */
  waitingWithProposal: number;
  /** Of `waiting`: those without any open proposal (waiting = withProposal + withoutProposal). */
  waitingWithoutProposal: number;
  /** Of `waiting`: those waiting longer than WAITING_TARGET_DAYS. */
  waitingLong: number;
  /** Whole days the longest-waiting seeker has waited (null when nobody waits). */
  longestWaitDays: number | null;
  /** Active pairs, active for more than 14 days, without any check-in answer. */
  pairsWithoutCheckIn: number;
  /** Tasks for staff (a call, a letter) not yet done. */
  openTasks: number;
  /** Messages to parents that could not be delivered (given up). */
  failedMessages: number;
  /** Activities still to come with parents on the waitlist. */
  activitiesWithWaitlist: number;
}

/**
 * A count, or null for a reader without personal-data access when it is about fewer than
 * SMALL_COUNT parents or would let such a number be worked out (`Dashboard.hidden` says which).
 */
export type SmallCount = number | null;

/** The figures as shown: each count may be hidden (null) by the small-numbers rule. */
export type DashboardFigures = { [K in keyof RawFigures]: RawFigures[K] | null };

export interface ReachGroup {
  /** `all`, `little_dutch`, `new_to_nl`, `new_to_school` or `language:<code>`. */
  group: string;
  parents: SmallCount;
  withBuddy: SmallCount;
  cameToActivity: SmallCount;
  takingPart: SmallCount;
  /** takingPart / parents in whole percent (null when suppressed or no parents). */
  percent: number | null;
}

export interface DashboardReach {
  /** Activities that took place in the period (scheduled, not cancelled, ended). */
  activitiesHeld: number;
  /** Enrolled parents who came to at least one activity in the period. */
  parentsReached: SmallCount;
  /** Enrolled parents whose very first activity fell in the period. */
  firstTimers: SmallCount;
  /** Enrolled parents who had a buddy (introduced, active or ended) in the period or came to an activity. */
  takingPart: SmallCount;
  /** Parents with little Dutch (none/basic) who take part, of all such parents. */
  weakDutchParents: SmallCount;
  weakDutchTakingPart: SmallCount;
  byLanguage: { language: string; parents: SmallCount; reached: SmallCount }[];
  /** The groups the overview watches, each against all parents. */
  groups: ReachGroup[];
}

export interface DashboardAdvice {
  reason: string;
  count: number;
  languages: string[];
  situations: string[];
}

export interface DashboardPair {
  matchId: string;
  status: string;
  seeker: string;
  buddy: string;
  since: string;
  needsAttention: boolean;
}

export interface DashboardAction {
  key:
    | 'proposals'
    | 'waitingLong'
    | 'needsAttention'
    | 'noCheckIn'
    | 'failedMessages'
    | 'openTasks'
    | 'waitlists'
    | 'runMatching';
  count: SmallCount;
  /** The workspace page where it is done. */
  href: string;
}

export interface TrendMonth {
  /** YYYY-MM */
  month: string;
  enrolled: SmallCount;
  proposed: SmallCount;
  introduced: SmallCount;
  active: SmallCount;
  ended: SmallCount;
  /** Seekers whose first proposal was made this month (the waiting times are theirs). */
  firstProposals: SmallCount;
  /** Median and longest days from enrolment to the first proposal, for first proposals this month. */
  medianDaysToProposal: number | null;
  longestDaysToProposal: number | null;
  /** Places of the activities this month (not about parents: never hidden). */
  places: number;
  signedUp: SmallCount;
  attended: SmallCount;
}

export interface DashboardTrends {
  months: TrendMonth[];
  /** Check-in answers ("how is it going") given in the period. */
  checkIns: { good: SmallCount; couldBeBetter: SmallCount; stopped: SmallCount };
  /** Pairs that ended in the period, by the outcome staff recorded. */
  endings: { good: SmallCount; neutral: SmallCount; bad: SmallCount; unknown: SmallCount };
}

export interface DashboardPeriod {
  kind: 'year' | '3m' | 'custom';
  /** First day, inclusive (YYYY-MM-DD). */
  from: string;
  /** Last day, inclusive (YYYY-MM-DD). */
  to: string;
}

export interface Dashboard {
  schoolId: string;
  schoolName: string;
  generatedAt: string;
  period: DashboardPeriod;
  figures: DashboardFigures;
  languages: { language: string; enrolled: SmallCount; waiting: SmallCount }[];
  reach: DashboardReach;
  advice: DashboardAdvice[];
  /**
   * Which kinds of new buddy would let the most waiting seekers be matched, computed by
   * running the matching engine with one such buddy added (computed after each run, in the
   * background: MatchingRunService.adviseRecruitment);
   * empty before a matching run or when nobody is left waiting.
   */
  recruitment: RecruitmentOption[];
  /** What to do next, most urgent first; only actions with a count above zero. */
  actions: DashboardAction[];
  trends: DashboardTrends;
  lastRunAt: string | null;
  /** Only for staff who may see personal data: the pairs with first names. */
  pairs?: DashboardPair[];
  /**
   * Only for staff without personal-data access: the figures not shown (null) and why,
   * by path (`figures.waiting`, `reach.groups.little_dutch.takingPart`, …): `small` (about
   * fewer than SMALL_COUNT parents) or `difference` (it would let a small one be worked out).
   */
  hidden?: Record<string, HiddenReason>;
}

export interface OverviewOptions {
  /** Names of pairs (coordinators, school admins). */
  withPeople: boolean;
  /** Apply the small-numbers rule (viewers): see `small-numbers.ts`. */
  suppressSmall: boolean;
  period?: DashboardPeriod;
  /** Leave out the trends (the board view compares current figures and reach only). */
  withoutTrends?: boolean;
}

const n = (v: unknown): number => Number(v ?? 0);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * The period from the query string: `year` (the school year from 1 August, the default), `3m`
 * (the last three months up to today) or `custom` with `from` and `to` (at most 3 years).
 */
export function parsePeriod(q: Record<string, unknown>, today = new Date()): DashboardPeriod {
  const kind = q.period === undefined || q.period === '' ? 'year' : q.period;
  const end = isoDay(today);
  if (kind === 'year') {
    const y = today.getUTCMonth() >= 7 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
    return { kind, from: `${y}-08-01`, to: end };
  }
  if (kind === '3m') {
    const start = new Date(
      Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 3, today.getUTCDate()),
    );
    return { kind, from: isoDay(start), to: end };
  }
  if (kind === 'custom') {
    const from = typeof q.from === 'string' ? q.from : '';
    const to = typeof q.to === 'string' ? q.to : '';
    const valid = (s: string): boolean =>
      DAY.test(s) &&
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
      isoDay(new Date(`${s}T00:00:00Z`)) === s;
    if (!valid(from) || !valid(to))
      throw new ValidationError(
        'dashboard.period_invalid',
        'from and to must be dates (YYYY-MM-DD)',
        [
          ...(valid(from) ? [] : [{ field: 'from', messages: ['must be a date (YYYY-MM-DD)'] }]),
          ...(valid(to) ? [] : [{ field: 'to', messages: ['must be a date (YYYY-MM-DD)'] }]),
        ],
      );
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (days < 0 || days > 366 * 3)
      throw new ValidationError(
        'dashboard.period_invalid',
        'from must be before to, at most 3 years apart',
        [{ field: 'to', messages: ['must be on or after from, at most 3 years later'] }],
      );
    return { kind, from, to };
  }
  throw new ValidationError('dashboard.period_invalid', 'period must be year, 3m or custom', [
    { field: 'period', messages: ['must be year, 3m or custom'] },
  ]);
}

export type FiguresRow = Record<string, string | null>;

/** A reach group of a school (`all`, `little_dutch`, `language:ar`, `message:ar`, …) as counted. */
interface ReachRow {
  grp: string;
  parents: number;
  with_buddy: number;
  came: number;
  taking_part: number;
  first_timers: number;
}

/**
 * What OVERVIEW_SQL knows about each parent, as bits of one integer (`mask`), so that the
 * parents can be counted once per combination instead of once per figure.
 */
const BIT = {
  seeker: 1,
  buddy: 2,
  /** A seeker waiting (status waiting) without an approved or active buddy. */
  waits: 4,
  hasProposal: 8,
  /** Waits, since longer than WAITING_TARGET_DAYS. */
  waitingLong: 16,
  /** A buddy in the period (introduced, active or ended, overlapping it). */
  withBuddy: 32,
  /** Came to an activity in the period. */
  came: 64,
  /** The very first activity fell in the period. */
  firstTimer: 128,
  littleDutch: 256,
  newToNl: 512,
  newToSchool: 1024,
} as const;

/** In `per`: a seeker with an approved or active pair (does not wait); not one of the counted bits. */
const PAIRED = 2048;
/** The counted bits `per` works out. */
const PER_BITS = BIT.hasProposal | BIT.withBuddy | BIT.came | BIT.firstTimer;

/**
 * The bits of one parent row of OVERVIEW_SQL (`p` the parent, `per` its pairs and its
 * attendance, with the bits they know already); the moment before which a wait is
 * long (now minus WAITING_TARGET_DAYS) is worked out once, not per parent.
 */
const MASK_SQL = `CASE p.role WHEN 'seeker' THEN ${BIT.seeker} WHEN 'buddy' THEN ${BIT.buddy} WHEN 'both' THEN ${BIT.seeker | BIT.buddy} ELSE 0 END
                          + CASE WHEN p.status = 'waiting' AND p.role IN ('seeker', 'both') AND coalesce(per.bits & ${PAIRED}, 0) = 0
                                 THEN CASE WHEN coalesce(p.waiting_since, p.created_at) < (SELECT now() - make_interval(days => $4))
                                           THEN ${BIT.waits | BIT.waitingLong} ELSE ${BIT.waits} END
                                 ELSE 0 END
                          + coalesce(per.bits & ${PER_BITS}, 0)
                          + CASE WHEN p.dutch_level IN ('none', 'basic') THEN ${BIT.littleDutch} ELSE 0 END
                          + CASE WHEN p.situations @> '[{"code":"new_to_nl"}]' THEN ${BIT.newToNl} ELSE 0 END
                          + CASE WHEN p.at_school_since >= extract(year FROM $2::date)::int OR p.situations @> '[{"code":"new_to_school"}]'
                                 THEN ${BIT.newToSchool} ELSE 0 END`;

/** The fixed reach groups: each a test on the bits. */
const FIXED_GROUPS = [
  ['all', 'true'],
  ['little_dutch', `mask & ${BIT.littleDutch} <> 0`],
  ['new_to_nl', `mask & ${BIT.newToNl} <> 0`],
  ['new_to_school', `mask & ${BIT.newToSchool} <> 0`],
] as const;

/**
 * The figures of today and the reach of the period, one row per school: $1 the schools
 * (uuid[]), $2 and $3 the period's first and last day, $4 WAITING_TARGET_DAYS (exported for
 * the bench). Every part is filtered on the schools and grouped by school, so a school's
 * overview (one id) and a board's (all its schools at once) are the same query, and one
 * school's figures do not get slower as other schools grow.
 *
 * The schools' parents are read once (an index-only scan of `parent_overview_idx`): each
 * parent joined to what their pairs and their activities say about them (`per`, one pass over
 * both), which becomes a few bits of one integer per parent (BIT); the parents are counted
 * once per school, home languages, language of message, bits and days to a first proposal
 * (few combinations, `bits`), and every figure and reach group adds up the combinations whose
 * bits it asks for, so no group can be larger than the whole; the median days to a first
 * proposal is taken over those days, each as many times as its combination counts parents. The figures of today do not depend on the period.
 */
export const OVERVIEW_SQL = `WITH m AS (SELECT school_id, seeker_id, buddy_id, status, created_at, activated_at, needs_attention,
                         jsonb_array_length(check_ins) = 0 AS no_check_ins,
                         -- a buddy in the period: introduced, active or ended, overlapping it
                         status IN ('approved', 'active', 'ended') AND coalesce(approved_at, created_at) < $3::date + 1
                           AND (ended_at IS NULL OR ended_at >= $2::date) AS in_period
                    FROM match WHERE school_id = ANY($1::uuid[])),
            -- Per parent in a pair or at an activity, in one pass over the pairs and the
            -- attendance: as a buddy, the load (approved or active); as a seeker, the first
            -- proposal; the bits for an open proposal, a buddy in the period, came to an activity
            -- in the period, the very first activity in the period, and (PAIRED, not counted) a
            -- seeker's approved or active pair.
            per AS (SELECT id, sum(load) AS load, min(first_at) AS first_at,
                           bit_or(bits) | CASE WHEN min(first_came) >= $2::date AND min(first_came) < $3::date + 1
                                               THEN ${BIT.firstTimer} ELSE 0 END AS bits
                      FROM (SELECT buddy_id AS id, (status IN ('approved', 'active'))::int AS load, NULL::timestamptz AS first_at,
                                   CASE WHEN in_period THEN ${BIT.withBuddy} ELSE 0 END AS bits, NULL::timestamptz AS first_came
                              FROM m
                            UNION ALL
                            SELECT seeker_id, 0, created_at,
                                   CASE status WHEN 'proposed' THEN ${BIT.hasProposal} WHEN 'approved' THEN ${PAIRED}
                                               WHEN 'active' THEN ${PAIRED} ELSE 0 END
                                     + CASE WHEN in_period THEN ${BIT.withBuddy} ELSE 0 END, NULL
                              FROM m
                            UNION ALL
                            SELECT a.parent_id, 0, NULL,
                                   CASE WHEN act.starts_at >= $2::date AND act.starts_at < $3::date + 1 THEN ${BIT.came} ELSE 0 END,
                                   act.starts_at
                              FROM activity_attendance a JOIN activity act ON act.id = a.activity_id
                             WHERE a.school_id = ANY($1::uuid[])) x
                     GROUP BY id),
            -- One row per parent (OFFSET 0 keeps it a row of its own: each flag is worked out
            -- once per parent): what the figures count about them as bits of one small integer
            -- (MASK), the buddy places left, since when they wait, the days from enrolment to
            -- their first proposal.
            pp AS (SELECT p.school_id, p.languages, p.message_language,
                          ${MASK_SQL} AS mask,
                          CASE WHEN p.role IN ('buddy', 'both') AND p.status <> 'paused'
                               THEN greatest(p.capacity - coalesce(per.load, 0), 0) END AS free,
                          coalesce(p.waiting_since, p.created_at) AS since,
                          EXTRACT(EPOCH FROM (per.first_at - p.created_at)) / 86400 AS days
                     FROM parent p LEFT JOIN per ON per.id = p.id
                    WHERE p.school_id = ANY($1::uuid[]) AND p.erased_at IS NULL AND p.status <> 'left' OFFSET 0),
            -- The parents counted per school, home languages, language of message, bits and days
            -- to a first proposal: a single count per combination (a few thousand for a board),
            -- then every figure adds up the combinations whose bits it asks for.
            bits AS (SELECT school_id, languages, message_language, mask, days, count(*) AS n, sum(free) AS free,
                            min(since) FILTER (WHERE mask & ${BIT.waits} <> 0) AS waiting_since
                       FROM pp GROUP BY school_id, languages, message_language, mask, days),
            cube AS (SELECT school_id, languages, message_language,
                            coalesce(sum(n) FILTER (WHERE mask & ${BIT.seeker} <> 0), 0) AS seekers,
                            coalesce(sum(n) FILTER (WHERE mask & ${BIT.buddy} <> 0), 0) AS buddies,
                            sum(free) AS free_capacity,
                            coalesce(sum(n) FILTER (WHERE mask & ${BIT.waits} <> 0), 0) AS waiting,
                            coalesce(sum(n) FILTER (WHERE mask & ${BIT.waits | BIT.hasProposal} = ${BIT.waits | BIT.hasProposal}), 0) AS waiting_with_proposal,
                            coalesce(sum(n) FILTER (WHERE mask & ${BIT.waits | BIT.waitingLong} = ${BIT.waits | BIT.waitingLong}), 0) AS waiting_long,
                            min(waiting_since) AS waiting_since,
                            ${FIXED_GROUPS.map(
                              ([, g], i) => `coalesce(sum(n) FILTER (WHERE ${g}), 0) AS p${i},
                            coalesce(sum(n) FILTER (WHERE ${g} AND mask & ${BIT.withBuddy} <> 0), 0) AS b${i},
                            coalesce(sum(n) FILTER (WHERE ${g} AND mask & ${BIT.came} <> 0), 0) AS c${i},
                            coalesce(sum(n) FILTER (WHERE ${g} AND mask & ${BIT.withBuddy | BIT.came} <> 0), 0) AS t${i},
                            coalesce(sum(n) FILTER (WHERE ${g} AND mask & ${BIT.firstTimer} <> 0), 0) AS f${i}`,
                            ).join(',\n                            ')}
                       FROM bits GROUP BY school_id, languages, message_language),
            pa AS (SELECT school_id, sum(p0) AS enrolled, sum(seekers) AS seekers, sum(buddies) AS buddies,
                          coalesce(sum(free_capacity), 0) AS free_capacity, sum(waiting) AS waiting,
                          sum(waiting_with_proposal) AS waiting_with_proposal, sum(waiting_long) AS waiting_long,
                          floor(EXTRACT(EPOCH FROM (now() - min(waiting_since))) / 86400) AS longest_wait,
                          ${FIXED_GROUPS.map((_, i) => ['p', 'b', 'c', 't', 'f'].map((k) => `sum(${k}${i}) AS ${k}${i}`).join(', ')).join(',\n                          ')}
                     FROM cube GROUP BY school_id),
            -- The median days to a first proposal, over the parents with one: each combination
            -- above holds one such number of days (or none), n times.
            fa AS (SELECT school_id, count(*) AS first_proposals,
                          percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median_days
                     FROM bits CROSS JOIN generate_series(1, bits.n) WHERE days IS NOT NULL GROUP BY school_id),
            ma AS (SELECT school_id, count(*) FILTER (WHERE status = 'proposed') AS proposed,
                          count(*) FILTER (WHERE status = 'approved') AS awaiting_answer,
                          count(*) FILTER (WHERE status = 'active') AS active_pairs,
                          count(*) FILTER (WHERE status = 'ended') AS ended_pairs,
                          count(*) FILTER (WHERE needs_attention AND status IN ('approved', 'active')) AS needs_attention,
                          count(*) FILTER (WHERE status = 'active' AND no_check_ins
                                             AND coalesce(activated_at, created_at) < now() - interval '14 days') AS no_check_in
                     FROM m GROUP BY school_id),
            na AS (SELECT school_id, count(*) FILTER (WHERE status = 'task' AND task_done_at IS NULL) AS open_tasks,
                          count(*) FILTER (WHERE status = 'dead') AS failed_messages
                     FROM notification WHERE school_id = ANY($1::uuid[]) AND status IN ('task', 'dead') GROUP BY school_id),
            aa AS (SELECT a.school_id, count(*) AS waitlists FROM activity a
                    WHERE a.school_id = ANY($1::uuid[]) AND a.status = 'scheduled' AND a.starts_at > now()
                      AND EXISTS (SELECT 1 FROM activity_rsvp r WHERE r.activity_id = a.id AND r.status = 'waitlisted')
                    GROUP BY a.school_id),
            -- The reach: the fixed groups, each home language (other than Dutch; a parent who
            -- lists one twice counts once) and each language of message (one per parent).
            fixed AS (SELECT pa.school_id, v.* FROM pa CROSS JOIN LATERAL (VALUES
                        ${FIXED_GROUPS.map(([grp], i) => `('${grp}', p${i}, b${i}, c${i}, t${i}, f${i})`).join(', ')})
                        AS v(grp, parents, with_buddy, came, taking_part, first_timers)
                       WHERE v.parents > 0),
            langs AS (SELECT cube.school_id, 'language:' || l.code AS grp, sum(p0) AS parents, sum(b0) AS with_buddy,
                             sum(c0) AS came, sum(t0) AS taking_part, sum(f0) AS first_timers
                        FROM cube CROSS JOIN LATERAL (SELECT DISTINCT e->>'code' AS code
                                                        FROM jsonb_array_elements(cube.languages) e
                                                       WHERE e->>'code' <> 'nl') l
                       GROUP BY 1, 2),
            written AS (SELECT school_id, 'message:' || message_language AS grp, sum(p0) AS parents, 0 AS with_buddy,
                               sum(c0) AS came, 0 AS taking_part, 0 AS first_timers
                          FROM cube GROUP BY 1, 2),
            reach AS (SELECT school_id,
                             json_agg(json_build_object('grp', grp, 'parents', parents, 'with_buddy', with_buddy, 'came', came,
                                                        'taking_part', taking_part, 'first_timers', first_timers)
                                      ORDER BY (grp = 'all') DESC, grp LIKE 'language:%', parents DESC, grp) AS reach
                        FROM (SELECT * FROM fixed UNION ALL SELECT * FROM langs UNION ALL SELECT * FROM written) g
                       GROUP BY school_id)
       SELECT s.id AS school_id, pa.enrolled, pa.seekers, pa.buddies, pa.free_capacity,
              pa.waiting, pa.waiting_with_proposal, pa.waiting_long, pa.longest_wait,
              ma.proposed, ma.awaiting_answer, ma.active_pairs, ma.ended_pairs, ma.needs_attention, ma.no_check_in,
              fa.median_days, fa.first_proposals, na.open_tasks, na.failed_messages, aa.waitlists, reach.reach
         FROM unnest($1::uuid[]) AS s(id)
         LEFT JOIN pa ON pa.school_id = s.id LEFT JOIN ma ON ma.school_id = s.id
         LEFT JOIN fa ON fa.school_id = s.id LEFT JOIN na ON na.school_id = s.id
         LEFT JOIN aa ON aa.school_id = s.id LEFT JOIN reach ON reach.school_id = s.id`;

/** The figures of today and the reach rows of the period of each school, in one query. */
export async function overviewRows(
  db: DataSource,
  schoolIds: string[],
  period: DashboardPeriod,
): Promise<Map<string, { figures: FiguresRow; reach: ReachRow[] }>> {
  const rows: (FiguresRow & { reach: ReachRow[] | null })[] = await db.query(OVERVIEW_SQL, [
    schoolIds,
    period.from,
    period.to,
    WAITING_TARGET_DAYS,
  ]);
  return new Map(
    rows.map(({ reach, ...figures }) => [
      String(figures.school_id),
      { figures, reach: reach ?? [] },
    ]),
  );
}

async function figuresRow(db: DataSource, schoolId: string): Promise<FiguresRow> {
  return (await overviewRows(db, [schoolId], parsePeriod({}))).get(schoolId)!.figures;
}

export function toFigures(f: FiguresRow): RawFigures {
  const waiting = n(f.waiting);
  const waitingWithProposal = n(f.waiting_with_proposal);
  return {
    enrolled: n(f.enrolled),
    seekers: n(f.seekers),
    buddies: n(f.buddies),
    waiting,
    proposed: n(f.proposed),
    awaitingAnswer: n(f.awaiting_answer),
    activePairs: n(f.active_pairs),
    endedPairs: n(f.ended_pairs),
    needsAttention: n(f.needs_attention),
    freeCapacity: n(f.free_capacity),
    medianDaysToProposal:
      f.median_days === null ? null : Math.round(Number(f.median_days) * 10) / 10,
    waitingWithProposal,
    waitingWithoutProposal: waiting - waitingWithProposal,
    waitingLong: n(f.waiting_long),
    longestWaitDays: f.longest_wait === null ? null : n(f.longest_wait),
    pairsWithoutCheckIn: n(f.no_check_in),
    openTasks: n(f.open_tasks),
    failedMessages: n(f.failed_messages),
    activitiesWithWaitlist: n(f.waitlists),
  };
}

/**
 * What to do next for a school, for its home page: the same figures and rule as the
 * overview, without the rest of it.
 */
export async function nextActions(
  db: DataSource,
  schoolId: string,
  suppressSmall = false,
): Promise<DashboardAction[]> {
  const [run] = await db.query(
    `SELECT created_at FROM matching_run WHERE school_id = $1 AND status = 'done' ORDER BY created_at DESC LIMIT 1`,
    [schoolId],
  );
  const row = await figuresRow(db, schoolId);
  const figures = toFigures(row);
  const actions = actionsFor(schoolId, figures, run ? new Date(run.created_at) : null);
  return suppressSmall
    ? hideSmallNumbers({ figures, actions }, n(row.first_proposals)).actions
    : actions;
}

/** The buddy overview: aggregate figures for everyone, pairs with names for coordinators. */
@Injectable()
export class DashboardService {
  constructor(private readonly dataSource: DataSource) {}

  /** The groups each school watches (its setting). */
  async watchedGroups(schoolIds: string[]): Promise<Map<string, string[]>> {
    const rows: { id: string; watched_groups: string[] }[] = await this.dataSource.query(
      `SELECT id, watched_groups FROM school WHERE id = ANY($1::uuid[])`,
      [schoolIds],
    );
    return new Map(rows.map((r) => [r.id, r.watched_groups]));
  }

  /**
   * Sets the groups a school watches: any of WATCHABLE_GROUPS and single home languages
   * (`language:ar`); anything else is a ValidationError (422).
   */
  async setWatchedGroups(schoolId: string, groups: unknown): Promise<string[]> {
    const list = Array.isArray(groups) ? groups : [];
    const bad = list.filter(
      (g) =>
        typeof g !== 'string' ||
        !((WATCHABLE_GROUPS as readonly string[]).includes(g) || LANGUAGE_GROUP.test(g)),
    );
    if (!Array.isArray(groups) || bad.length || list.length > 40)
      throw new ValidationError('dashboard.groups_invalid', 'groups must be watchable groups', [
        { field: 'groups', messages: ['must be groups the overview can watch'] },
      ]);
    const unique = [...new Set(list as string[])];
    const [, count] = await this.dataSource.query(
      `UPDATE school SET watched_groups = $2 WHERE id = $1`,
      [schoolId, unique],
    );
    if (!count) throw new NotFoundError('School');
    return unique;
  }

  /**
   * The figures of today and the reach of the period of several schools (a board), each
   * school's as its own overview computes them, in a handful of grouped queries.
   */
  async forSchools(
    schoolIds: string[],
    period: DashboardPeriod,
  ): Promise<Map<string, Pick<Dashboard, 'figures' | 'reach' | 'lastRunAt'>>> {
    if (!schoolIds.length) return new Map();
    // A large board in two halves at the same time (each half a few grouped queries), so
    // both cores of a small server work on it.
    const half = schoolIds.length > 10 ? Math.ceil(schoolIds.length / 2) : schoolIds.length;
    const parts = [schoolIds.slice(0, half), schoolIds.slice(half)].filter((p) => p.length);
    const merge = <V>(maps: Map<string, V>[]): Map<string, V> =>
      new Map(maps.flatMap((m) => [...m]));
    const watched = this.watchedGroups(schoolIds);
    const [overviews, runs] = await Promise.all([
      Promise.all(parts.map((ids) => overviewBySchool(this.dataSource, ids, period, watched))).then(
        merge,
      ),
      this.dataSource.query<{ school_id: string; created_at: Date }[]>(
        `SELECT DISTINCT ON (school_id) school_id, created_at FROM matching_run
          WHERE school_id = ANY($1::uuid[]) AND status = 'done' ORDER BY school_id, created_at DESC`,
        [schoolIds],
      ),
    ]);
    const lastRun = new Map(runs.map((r) => [r.school_id, new Date(r.created_at).toISOString()]));
    return new Map(
      schoolIds.map((id) => {
        const o = overviews.get(id)!;
        return [
          id,
          { figures: toFigures(o.figures), reach: o.reach, lastRunAt: lastRun.get(id) ?? null },
        ];
      }),
    );
  }

  /** What to do next in a school (the overview's actions), for the home page too. */
  nextActions(schoolId: string, suppressSmall = false): Promise<DashboardAction[]> {
    return nextActions(this.dataSource, schoolId, suppressSmall);
  }

  async forSchool(
    schoolId: string,
    withPeopleOrOptions: boolean | OverviewOptions,
  ): Promise<Dashboard> {
    const o: OverviewOptions =
      typeof withPeopleOrOptions === 'boolean'
        ? { withPeople: withPeopleOrOptions, suppressSmall: false }
        : withPeopleOrOptions;
    const period = o.period ?? parsePeriod({});
    const q = <T>(sql: string, params: unknown[] = [schoolId]): Promise<T[]> =>
      this.dataSource.query(sql, params);
    const [school] = await q<{ name: string; watched_groups: string[] }>(
      `SELECT name, watched_groups FROM school WHERE id = $1`,
    );
    if (!school) throw new NotFoundError('School');
    // The parts are independent: they run at the same time, each on its own connection.
    const [{ figures: f, reach }, languages, [lastRun], trends, pairs] = await Promise.all([
      overviewBySchool(
        this.dataSource,
        [schoolId],
        period,
        new Map([[schoolId, school.watched_groups]]),
      ).then((o) => o.get(schoolId)!),
      q<{ language: string; enrolled: string; waiting: string }>(
        `SELECT l->>'code' AS language, count(*) AS enrolled,
                count(*) FILTER (WHERE p.status = 'waiting' AND p.role IN ('seeker', 'both')) AS waiting
           FROM parent p CROSS JOIN jsonb_array_elements(p.languages) l
          WHERE p.school_id = $1 AND p.erased_at IS NULL AND p.status <> 'left'
          GROUP BY 1 ORDER BY 2 DESC, 1`,
      ),
      q<{
        created_at: Date;
        unmatched: UnmatchedSeeker[];
        recruitment: RecruitmentOption[] | null;
      }>(
        `SELECT created_at, unmatched, recruitment FROM matching_run WHERE school_id = $1 AND status = 'done' ORDER BY created_at DESC LIMIT 1`,
      ),
      o.withoutTrends
        ? Promise.resolve<DashboardTrends>({
            months: [],
            checkIns: { good: 0, couldBeBetter: 0, stopped: 0 },
            endings: { good: 0, neutral: 0, bad: 0, unknown: 0 },
          })
        : this.trends(schoolId, period),
      o.withPeople ? this.pairs(schoolId) : Promise.resolve(undefined),
    ]);
    const figures = toFigures(f);
    const advice = lastRun ? await this.advice(schoolId, lastRun.unmatched) : [];
    // Computed by the engine in the background after the run (MatchingRunService.recruit).
    const recruitment = lastRun && figures.waiting !== 0 ? (lastRun.recruitment ?? []) : [];
    const dashboard: Dashboard = {
      schoolId,
      schoolName: school.name,
      generatedAt: new Date().toISOString(),
      period,
      figures,
      languages: languages.map((l) => ({
        language: l.language,
        enrolled: n(l.enrolled),
        waiting: n(l.waiting),
      })),
      reach,
      advice,
      recruitment: o.suppressSmall
        ? recruitment.filter((r) => r.moreMatched >= SMALL_COUNT)
        : recruitment,
      actions: actionsFor(schoolId, figures, lastRun ? new Date(lastRun.created_at) : null),
      trends,
      lastRunAt: lastRun ? new Date(lastRun.created_at).toISOString() : null,
    };
    if (pairs) dashboard.pairs = pairs;
    return o.suppressSmall ? hideSmallNumbers(dashboard, n(f.first_proposals)) : dashboard;
  }

  private async trends(schoolId: string, period: DashboardPeriod): Promise<DashboardTrends> {
    // A moment counts in its month, and only when it falls inside the period itself (the
    // first and last month may be partly outside it).
    const inMonth = (col: string): string =>
      `date_trunc('month', ${col})::date = mo.m AND ${col} >= $2::date AND ${col} < $3::date + 1`;
    const monthsQuery: Promise<Record<string, string | null>[]> = this.dataSource.query(
      `WITH mo AS (SELECT generate_series(date_trunc('month', $2::date), date_trunc('month', $3::date), interval '1 month')::date AS m),
            m AS (SELECT * FROM match WHERE school_id = $1),
            fp AS (SELECT m.seeker_id, min(m.created_at) AS at FROM m GROUP BY m.seeker_id),
            fpd AS (SELECT date_trunc('month', fp.at)::date AS m, EXTRACT(EPOCH FROM (fp.at - p.created_at)) / 86400 AS days
                      FROM fp JOIN parent p ON p.id = fp.seeker_id WHERE fp.at >= $2::date AND fp.at < $3::date + 1),
            act AS (SELECT a.id, date_trunc('month', a.starts_at)::date AS m, a.capacity, a.confirmed_count
                      FROM activity a WHERE a.school_id = $1 AND a.status = 'scheduled'
                       AND a.starts_at >= $2::date AND a.starts_at < $3::date + 1)
       SELECT to_char(mo.m, 'YYYY-MM') AS month,
         (SELECT count(*) FROM parent p WHERE p.school_id = $1 AND p.erased_at IS NULL AND ${inMonth('p.created_at')}) AS enrolled,
         (SELECT count(*) FROM m WHERE ${inMonth('m.created_at')}) AS proposed,
         (SELECT count(*) FROM m WHERE ${inMonth('m.approved_at')}) AS introduced,
         (SELECT count(*) FROM m WHERE ${inMonth('m.activated_at')}) AS active,
         (SELECT count(*) FROM m WHERE m.status = 'ended' AND ${inMonth('m.ended_at')}) AS ended,
         (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FROM fpd WHERE fpd.m = mo.m) AS median_days,
         (SELECT max(days) FROM fpd WHERE fpd.m = mo.m) AS longest_days,
         (SELECT count(*) FROM fpd WHERE fpd.m = mo.m) AS first_proposals,
         (SELECT coalesce(sum(capacity), 0) FROM act WHERE act.m = mo.m) AS places,
         (SELECT coalesce(sum(confirmed_count), 0) FROM act WHERE act.m = mo.m) AS signed_up,
         (SELECT count(*) FROM activity_attendance aa JOIN act ON act.id = aa.activity_id WHERE act.m = mo.m) AS attended
       FROM mo ORDER BY mo.m`,
      [schoolId, period.from, period.to],
    );
    const checkInsQuery: Promise<Record<string, string>[]> = this.dataSource.query(
      `SELECT count(*) FILTER (WHERE ci->>'answer' = 'good') AS good,
              count(*) FILTER (WHERE ci->>'answer' = 'could_be_better') AS could_be_better,
              count(*) FILTER (WHERE ci->>'answer' = 'stopped') AS stopped
         FROM match m CROSS JOIN jsonb_array_elements(m.check_ins) ci
        WHERE m.school_id = $1 AND (ci->>'at')::timestamptz >= $2::date AND (ci->>'at')::timestamptz < $3::date + 1`,
      [schoolId, period.from, period.to],
    );
    const endingsQuery: Promise<Record<string, string>[]> = this.dataSource.query(
      `SELECT count(*) FILTER (WHERE end_outcome = 'good') AS good,
              count(*) FILTER (WHERE end_outcome = 'neutral') AS neutral,
              count(*) FILTER (WHERE end_outcome = 'bad') AS bad,
              count(*) FILTER (WHERE end_outcome IS NULL) AS unknown
         FROM match WHERE school_id = $1 AND status = 'ended' AND ended_at >= $2::date AND ended_at < $3::date + 1`,
      [schoolId, period.from, period.to],
    );
    const [months, [c], [e]] = await Promise.all([monthsQuery, checkInsQuery, endingsQuery]);
    const days = (v: string | null): number | null =>
      v === null ? null : Math.round(Number(v) * 10) / 10;
    return {
      months: months.map((r) => ({
        month: String(r.month),
        enrolled: n(r.enrolled),
        proposed: n(r.proposed),
        introduced: n(r.introduced),
        active: n(r.active),
        ended: n(r.ended),
        firstProposals: n(r.first_proposals),
        medianDaysToProposal: days(r.median_days),
        longestDaysToProposal: days(r.longest_days),
        places: n(r.places),
        signedUp: n(r.signed_up),
        attended: n(r.attended),
      })),
      checkIns: { good: n(c.good), couldBeBetter: n(c.could_be_better), stopped: n(c.stopped) },
      endings: { good: n(e.good), neutral: n(e.neutral), bad: n(e.bad), unknown: n(e.unknown) },
    };
  }

  /** Turns the last run's unmatched reasons into recruitment advice (languages, situations wanted). */
  private async advice(schoolId: string, unmatched: UnmatchedSeeker[]): Promise<DashboardAdvice[]> {
    const ids = unmatched.map((u) => u.seekerId);
    if (!ids.length) return [];
    const rows: {
      id: string;
      languages: { code: string; level: string }[];
      situations: { code: string; stance: string }[];
      status: string;
    }[] = await this.dataSource.query(
      `SELECT id, languages, situations, status FROM parent WHERE school_id = $1 AND id = ANY($2)`,
      [schoolId, ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const groups = new Map<string, DashboardAdvice>();
    for (const u of unmatched) {
      const p = byId.get(u.seekerId);
      if (!p || p.status !== 'waiting') continue;
      const g = groups.get(u.reason) ?? {
        reason: u.reason,
        count: 0,
        languages: [],
        situations: [],
      };
      g.count++;
      if (u.reason === 'no_shared_language')
        for (const l of p.languages) if (!g.languages.includes(l.code)) g.languages.push(l.code);
      if (u.reason === 'no_experience')
        for (const s of p.situations)
          if (s.stance === 'seeking' && !g.situations.includes(s.code)) g.situations.push(s.code);
      groups.set(u.reason, g);
    }
    return [...groups.values()].sort(
      (a, b) => b.count - a.count || a.reason.localeCompare(b.reason),
    );
  }

  private async pairs(schoolId: string): Promise<DashboardPair[]> {
    const rows: {
      id: string;
      status: string;
      seeker: string;
      buddy: string;
      since: Date;
      needs_attention: boolean;
    }[] = await this.dataSource.query(
      `SELECT m.id, m.status, s.given_name AS seeker, b.given_name AS buddy, coalesce(m.activated_at, m.approved_at, m.created_at) AS since, m.needs_attention
         FROM match m JOIN parent s ON s.id = m.seeker_id JOIN parent b ON b.id = m.buddy_id
        WHERE m.school_id = $1 AND m.status IN ('proposed', 'approved', 'active')
        ORDER BY CASE m.status WHEN 'active' THEN 0 WHEN 'approved' THEN 1 ELSE 2 END, since DESC LIMIT 500`,
      [schoolId],
    );
    return rows.map((r) => ({
      matchId: r.id,
      status: r.status,
      seeker: r.seeker,
      buddy: r.buddy,
      since: new Date(r.since).toISOString(),
      needsAttention: r.needs_attention,
    }));
  }
}

/** The groups a school watches (`watched_groups` of the school; see WATCHABLE_GROUPS). */
export function isWatched(group: string, watched: readonly string[]): boolean {
  if (group === 'all') return true;
  if (group.startsWith('language:'))
    return watched.includes('languages') || watched.includes(group);
  return watched.includes(group);
}

/** Activities that took place in the period (scheduled, not cancelled, ended), per school. */
async function heldBySchool(
  db: DataSource,
  schoolIds: string[],
  period: DashboardPeriod,
): Promise<Map<string, number>> {
  const rows: { school_id: string; n: string }[] = await db.query(
    `SELECT school_id, count(*) AS n FROM activity WHERE school_id = ANY($1::uuid[]) AND status = 'scheduled'
        AND ends_at < now() AND starts_at >= $2::date AND starts_at < $3::date + 1 GROUP BY school_id`,
    [schoolIds, period.from, period.to],
  );
  return new Map(rows.map((r) => [r.school_id, n(r.n)]));
}

/**
 * A school's reach of the period from its rows of OVERVIEW_SQL: counted from one row per
 * enrolled parent with what the period held for them, so a group's share can never exceed
 * the whole; the groups shown are those the school watches.
 */
function toReach(
  rows: ReachRow[],
  activitiesHeld: number,
  groupsWatched: readonly string[],
): DashboardReach {
  // The languages of message come with the groups (one pass over the parents for both).
  const mine = rows.filter((r) => !r.grp.startsWith('message:'));
  const byLanguage = rows
    .filter((r) => r.grp.startsWith('message:'))
    .map((r) => ({ language: r.grp.slice(8), parents: n(r.parents), reached: n(r.came) }))
    .sort((a, b) => b.parents - a.parents || (a.language < b.language ? -1 : 1));
  const all = mine.find((r) => r.grp === 'all');
  const weak = mine.find((r) => r.grp === 'little_dutch');
  const groups: ReachGroup[] = mine
    .filter((r) => isWatched(r.grp, groupsWatched))
    .slice(0, 16)
    .map((r) => {
      const parents = n(r.parents);
      const takingPart = n(r.taking_part);
      return {
        group: r.grp,
        parents,
        withBuddy: n(r.with_buddy),
        cameToActivity: n(r.came),
        takingPart,
        percent: parents ? Math.round((100 * takingPart) / parents) : null,
      };
    });
  return {
    activitiesHeld,
    parentsReached: n(all?.came),
    firstTimers: n(all?.first_timers),
    takingPart: n(all?.taking_part),
    weakDutchParents: n(weak?.parents),
    weakDutchTakingPart: n(weak?.taking_part),
    byLanguage,
    groups,
  };
}

/**
 * The figures of today and the reach of the period of each school: OVERVIEW_SQL and the
 * activities held, at the same time on separate connections.
 */
export async function overviewBySchool(
  db: DataSource,
  schoolIds: string[],
  period: DashboardPeriod,
  watched: ReadonlyMap<string, readonly string[]> | Promise<ReadonlyMap<string, readonly string[]>>,
): Promise<Map<string, { figures: FiguresRow; reach: DashboardReach }>> {
  const [rows, held, groups] = await Promise.all([
    overviewRows(db, schoolIds, period),
    heldBySchool(db, schoolIds, period),
    watched,
  ]);
  return new Map(
    schoolIds.map((id) => {
      const row = rows.get(id)!;
      const reach = toReach(row.reach, held.get(id) ?? 0, groups.get(id) ?? DEFAULT_WATCHED_GROUPS);
      return [id, { figures: row.figures, reach }];
    }),
  );
}

/**
 * What to do next, from the figures: each action a link to the workspace page where it is
 * done. Seekers waiting without a proposal while no run has been made since ask for a run.
 */
export function actionsFor(
  schoolId: string,
  f: RawFigures,
  lastRunAt: Date | null,
): DashboardAction[] {
  const base = `/schools/${schoolId}`;
  const all: DashboardAction[] = [
    { key: 'proposals', count: f.proposed, href: `${base}/matching` },
    {
      key: 'runMatching',
      count: lastRunAt === null ? f.waitingWithoutProposal : 0,
      href: `${base}/matching`,
    },
    {
      key: 'waitingLong',
      count: f.waitingLong,
      href: `${base}/parents?waitingMoreThanDays=${WAITING_TARGET_DAYS}`,
    },
    { key: 'needsAttention', count: f.needsAttention, href: `${base}/matches` },
    { key: 'noCheckIn', count: f.pairsWithoutCheckIn, href: `${base}/matches` },
    { key: 'failedMessages', count: f.failedMessages, href: `${base}/messages?status=dead` },
    { key: 'openTasks', count: f.openTasks, href: `${base}/tasks` },
    { key: 'waitlists', count: f.activitiesWithWaitlist, href: `${base}/activities` },
  ];
  return all.filter((a) => (a.count ?? 0) > 0);
}
