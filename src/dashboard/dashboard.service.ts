import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError, ValidationError } from '../common/errors/domain-error';
import type { UnmatchedSeeker } from '../matching/engine';

/** Days a seeker may wait for a buddy before the overview asks staff to look. */
export const WAITING_TARGET_DAYS = 28;
/** Counts below this are shown as "fewer than 3" to staff without access to personal data. */
export const SMALL_COUNT = 3;

/** Every figure describes "now", except the ones under `reach` and `trends` (the period). */
export interface DashboardFigures {
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

/** A count, or null when it is 1 or 2 and the reader may not see personal data. */
export type SmallCount = number | null;

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
  parentsReached: number;
  /** Enrolled parents whose very first activity fell in the period. */
  firstTimers: number;
  /** Enrolled parents who had a buddy (introduced, active or ended) in the period or came to an activity. */
  takingPart: number;
  /** Parents with little Dutch (none/basic) who take part, of all such parents. */
  weakDutchParents: number;
  weakDutchTakingPart: number;
  byLanguage: { language: string; parents: number; reached: number }[];
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
  count: number;
  /** The workspace page where it is done. */
  href: string;
}

export interface TrendMonth {
  /** YYYY-MM */
  month: string;
  enrolled: number;
  proposed: number;
  introduced: number;
  active: number;
  ended: number;
  /** Median and longest days from enrolment to the first proposal, for first proposals this month. */
  medianDaysToProposal: number | null;
  longestDaysToProposal: number | null;
  places: number;
  signedUp: number;
  attended: number;
}

export interface DashboardTrends {
  months: TrendMonth[];
  /** Check-in answers ("how is it going") given in the period. */
  checkIns: { good: number; couldBeBetter: number; stopped: number };
  /** Pairs that ended in the period, by the outcome staff recorded. */
  endings: { good: number; neutral: number; bad: number; unknown: number };
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
  /** What to do next, most urgent first; only actions with a count above zero. */
  actions: DashboardAction[];
  trends: DashboardTrends;
  lastRunAt: string | null;
  /** Only for staff who may see personal data: the pairs with first names. */
  pairs?: DashboardPair[];
}

export interface OverviewOptions {
  /** Names of pairs (coordinators, school admins). */
  withPeople: boolean;
  /** Hide counts of 1 or 2 in groups and languages (viewers). */
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

type FiguresRow = Record<string, string | null>;

/** The figures of today: $1 the school, $2 WAITING_TARGET_DAYS (exported for the bench). */
export const FIGURES_SQL = `WITH p AS (SELECT * FROM parent WHERE school_id = $1 AND erased_at IS NULL AND status <> 'left'),
            m AS (SELECT * FROM match WHERE school_id = $1),
            load AS (SELECT p.id AS buddy_id,
                            (SELECT count(*) FROM match x WHERE x.buddy_id = p.id AND x.status IN ('approved', 'active')) AS n
                       FROM p WHERE p.role IN ('buddy', 'both')),
            first_proposal AS (SELECT seeker_id, min(created_at) AS at FROM m GROUP BY seeker_id),
            w AS (SELECT p.id, coalesce(p.waiting_since, p.created_at) AS since,
                         EXISTS (SELECT 1 FROM match x WHERE x.seeker_id = p.id AND x.status = 'proposed') AS has_proposal
                    FROM p WHERE p.status = 'waiting' AND p.role IN ('seeker', 'both')
                     AND NOT EXISTS (SELECT 1 FROM match x WHERE x.seeker_id = p.id AND x.status IN ('approved', 'active')))
       SELECT
         (SELECT count(*) FROM p) AS enrolled,
         (SELECT count(*) FROM p WHERE role IN ('seeker', 'both')) AS seekers,
         (SELECT count(*) FROM p WHERE role IN ('buddy', 'both')) AS buddies,
         (SELECT count(*) FROM w) AS waiting,
         (SELECT count(*) FROM w WHERE has_proposal) AS waiting_with_proposal,
         (SELECT count(*) FROM w WHERE since < now() - make_interval(days => $2)) AS waiting_long,
         (SELECT floor(EXTRACT(EPOCH FROM (now() - min(since))) / 86400) FROM w) AS longest_wait,
         (SELECT count(*) FROM m WHERE status = 'proposed') AS proposed,
         (SELECT count(*) FROM m WHERE status = 'approved') AS awaiting_answer,
         (SELECT count(*) FROM m WHERE status = 'active') AS active_pairs,
         (SELECT count(*) FROM m WHERE status = 'ended') AS ended_pairs,
         (SELECT count(*) FROM m WHERE needs_attention AND status IN ('approved', 'active')) AS needs_attention,
         (SELECT count(*) FROM m WHERE status = 'active' AND jsonb_array_length(check_ins) = 0
             AND coalesce(activated_at, created_at) < now() - interval '14 days') AS no_check_in,
         (SELECT coalesce(sum(greatest(p.capacity - coalesce(load.n, 0), 0)), 0) FROM p LEFT JOIN load ON load.buddy_id = p.id
             WHERE p.role IN ('buddy', 'both') AND p.status <> 'paused') AS free_capacity,
         (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (fp.at - p.created_at)) / 86400)
             FROM first_proposal fp JOIN p ON p.id = fp.seeker_id) AS median_days,
         (SELECT count(*) FROM notification WHERE school_id = $1 AND status = 'task' AND task_done_at IS NULL) AS open_tasks,
         (SELECT count(*) FROM notification WHERE school_id = $1 AND status = 'dead') AS failed_messages,
         (SELECT count(*) FROM activity a WHERE a.school_id = $1 AND a.status = 'scheduled' AND a.starts_at > now()
             AND EXISTS (SELECT 1 FROM activity_rsvp r WHERE r.activity_id = a.id AND r.status = 'waitlisted')) AS waitlists`;

/**
 * The figures of today in one query. Every sub-query is filtered on the school, so one
 * school's overview does not get slower as other schools grow (bench/overview.bench.ts).
 */
async function figuresRow(db: DataSource, schoolId: string): Promise<FiguresRow> {
  const [f] = await db.query(FIGURES_SQL, [schoolId, WAITING_TARGET_DAYS]);
  return f as FiguresRow;
}

function toFigures(f: FiguresRow): DashboardFigures {
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
export async function nextActions(db: DataSource, schoolId: string): Promise<DashboardAction[]> {
  const [run] = await db.query(
    `SELECT created_at FROM matching_run WHERE school_id = $1 ORDER BY created_at DESC LIMIT 1`,
    [schoolId],
  );
  return actionsFor(
    schoolId,
    toFigures(await figuresRow(db, schoolId)),
    run ? new Date(run.created_at) : null,
  );
}

/** The buddy overview: aggregate figures for everyone, pairs with names for coordinators. */
@Injectable()
export class DashboardService {
  constructor(private readonly dataSource: DataSource) {}

  /** What to do next in a school (the overview's actions), for the home page too. */
  nextActions(schoolId: string): Promise<DashboardAction[]> {
    return nextActions(this.dataSource, schoolId);
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
    const [school] = await q<{ name: string }>(`SELECT name FROM school WHERE id = $1`);
    if (!school) throw new NotFoundError('School');
    const small = (v: number): SmallCount =>
      o.suppressSmall && v > 0 && v < SMALL_COUNT ? null : v;
    // The parts are independent: they run at the same time, each on its own connection.
    const [f, languages, reach, [lastRun], trends, pairs] = await Promise.all([
      figuresRow(this.dataSource, schoolId),
      q<{ language: string; enrolled: string; waiting: string }>(
        `SELECT l->>'code' AS language, count(*) AS enrolled,
                count(*) FILTER (WHERE p.status = 'waiting' AND p.role IN ('seeker', 'both')) AS waiting
           FROM parent p CROSS JOIN jsonb_array_elements(p.languages) l
          WHERE p.school_id = $1 AND p.erased_at IS NULL AND p.status <> 'left'
          GROUP BY 1 ORDER BY 2 DESC, 1`,
      ),
      this.reach(schoolId, period, small),
      q<{ created_at: Date; unmatched: UnmatchedSeeker[] }>(
        `SELECT created_at, unmatched FROM matching_run WHERE school_id = $1 ORDER BY created_at DESC LIMIT 1`,
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
    const dashboard: Dashboard = {
      schoolId,
      schoolName: school.name,
      generatedAt: new Date().toISOString(),
      period,
      figures,
      languages: languages.map((l) => ({
        language: l.language,
        enrolled: small(n(l.enrolled)),
        waiting: small(n(l.waiting)),
      })),
      reach,
      advice: o.suppressSmall ? advice.filter((a) => a.count >= SMALL_COUNT) : advice,
      actions: actionsFor(schoolId, figures, lastRun ? new Date(lastRun.created_at) : null),
      trends,
      lastRunAt: lastRun ? new Date(lastRun.created_at).toISOString() : null,
    };
    if (pairs) dashboard.pairs = pairs;
    return dashboard;
  }

  private async reach(
    schoolId: string,
    period: DashboardPeriod,
    small: (v: number) => SmallCount,
  ): Promise<DashboardReach> {
    // One row per enrolled parent with what the period held for them (joined, not looked up
    // per parent); every figure below is counted from it, so a group's share can never
    // exceed the whole.
    const rowsQuery: Promise<
      {
        grp: string;
        parents: string;
        with_buddy: string;
        came: string;
        taking_part: string;
        first_timers: string;
      }[]
    > = this.dataSource.query(
      `WITH p AS (SELECT id, dutch_level, situations, languages, at_school_since FROM parent
                   WHERE school_id = $1 AND erased_at IS NULL AND status <> 'left'),
            buddy AS (SELECT DISTINCT unnest(ARRAY[seeker_id, buddy_id]) AS parent_id FROM match
                       WHERE school_id = $1 AND status IN ('approved', 'active', 'ended')
                         AND coalesce(approved_at, created_at) < $3::date + 1
                         AND (ended_at IS NULL OR ended_at >= $2::date)),
            att AS (SELECT a.parent_id,
                           bool_or(act.starts_at >= $2::date AND act.starts_at < $3::date + 1) AS came,
                           min(act.starts_at) AS first_at
                      FROM activity_attendance a JOIN activity act ON act.id = a.activity_id
                     WHERE a.school_id = $1 GROUP BY a.parent_id),
            pp AS (SELECT p.*, buddy.parent_id IS NOT NULL AS with_buddy, coalesce(att.came, false) AS came, att.first_at
                     FROM p LEFT JOIN buddy ON buddy.parent_id = p.id LEFT JOIN att ON att.parent_id = p.id),
            g AS (SELECT 'all' AS grp, pp.* FROM pp
                  UNION ALL SELECT 'little_dutch', pp.* FROM pp WHERE dutch_level IN ('none', 'basic')
                  UNION ALL SELECT 'new_to_nl', pp.* FROM pp WHERE situations @> '[{"code":"new_to_nl"}]'
                  UNION ALL SELECT 'new_to_school', pp.* FROM pp
                     WHERE situations @> '[{"code":"new_to_school"}]' OR at_school_since >= extract(year FROM $2::date)
                  UNION ALL SELECT 'language:' || (l->>'code'), pp.* FROM pp CROSS JOIN jsonb_array_elements(pp.languages) l
                     WHERE l->>'code' <> 'nl')
       SELECT grp, count(*) AS parents,
              count(*) FILTER (WHERE with_buddy) AS with_buddy,
              count(*) FILTER (WHERE came) AS came,
              count(*) FILTER (WHERE with_buddy OR came) AS taking_part,
              count(*) FILTER (WHERE first_at >= $2::date AND first_at < $3::date + 1) AS first_timers
         FROM g GROUP BY grp ORDER BY (grp = 'all') DESC, grp LIKE 'language:%', count(*) DESC, grp`,
      [schoolId, period.from, period.to],
    );
    const heldQuery: Promise<{ n: string }[]> = this.dataSource.query(
      `SELECT count(*) AS n FROM activity WHERE school_id = $1 AND status = 'scheduled'
          AND ends_at < now() AND starts_at >= $2::date AND starts_at < $3::date + 1`,
      [schoolId, period.from, period.to],
    );
    const byLanguageQuery: Promise<{ language: string; parents: string; reached: string }[]> =
      this.dataSource.query(
        `SELECT p.message_language AS language, count(*) AS parents, count(att.parent_id) AS reached
           FROM parent p
           LEFT JOIN (SELECT DISTINCT a.parent_id FROM activity_attendance a JOIN activity act ON act.id = a.activity_id
                       WHERE a.school_id = $1 AND act.starts_at >= $2::date AND act.starts_at < $3::date + 1) att
             ON att.parent_id = p.id
          WHERE p.school_id = $1 AND p.erased_at IS NULL AND p.status <> 'left'
          GROUP BY 1 ORDER BY 2 DESC, 1`,
        [schoolId, period.from, period.to],
      );
    const [rows, [held], byLanguage] = await Promise.all([rowsQuery, heldQuery, byLanguageQuery]);
    const all = rows.find((r) => r.grp === 'all');
    const weak = rows.find((r) => r.grp === 'little_dutch');
    const groups: ReachGroup[] = rows
      .filter((r) => !r.grp.startsWith('language:') || n(r.parents) > 0)
      .slice(0, 16)
      .map((r) => {
        const parents = small(n(r.parents));
        const takingPart = small(n(r.taking_part));
        return {
          group: r.grp,
          parents,
          withBuddy: small(n(r.with_buddy)),
          cameToActivity: small(n(r.came)),
          takingPart,
          percent:
            parents === null || takingPart === null || !parents
              ? null
              : Math.round((100 * takingPart) / parents),
        };
      });
    return {
      activitiesHeld: n(held?.n),
      parentsReached: n(all?.came),
      firstTimers: n(all?.first_timers),
      takingPart: n(all?.taking_part),
      weakDutchParents: n(weak?.parents),
      weakDutchTakingPart: n(weak?.taking_part),
      byLanguage: byLanguage.map((l) => ({
        language: l.language,
        parents: n(l.parents),
        reached: n(l.reached),
      })),
      groups,
    };
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

/**
 * What to do next, from the figures: each action a link to the workspace page where it is
 * done. Seekers waiting without a proposal while no run has been made since ask for a run.
 */
export function actionsFor(
  schoolId: string,
  f: DashboardFigures,
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
  return all.filter((a) => a.count > 0);
}
