import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-error';
import type { UnmatchedSeeker } from '../matching/engine';

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
}

export interface DashboardReach {
  activitiesHeld: number;
  parentsReached: number;
  firstTimers: number;
  /** Parents with little Dutch (none/basic) who take part (a buddy pair or an activity), of all such parents. */
  weakDutchParents: number;
  weakDutchTakingPart: number;
  byLanguage: { language: string; parents: number; reached: number }[];
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

export interface Dashboard {
  schoolId: string;
  schoolName: string;
  generatedAt: string;
  figures: DashboardFigures;
  languages: { language: string; enrolled: number; waiting: number }[];
  reach: DashboardReach;
  advice: DashboardAdvice[];
  lastRunAt: string | null;
  /** Only for staff who may see personal data: the pairs with first names. */
  pairs?: DashboardPair[];
}

const n = (v: unknown): number => Number(v ?? 0);

/** The buddy overview: aggregate figures for everyone, pairs with names for coordinators. */
@Injectable()
export class DashboardService {
  constructor(private readonly dataSource: DataSource) {}

  async forSchool(schoolId: string, withPeople: boolean): Promise<Dashboard> {
    const q = <T>(sql: string, params: unknown[] = [schoolId]): Promise<T[]> =>
      this.dataSource.query(sql, params);
    const [school] = await q<{ name: string }>(`SELECT name FROM school WHERE id = $1`);
    if (!school) throw new NotFoundError('School');
    const [f] = await q<Record<string, string | null>>(
      `WITH p AS (SELECT * FROM parent WHERE school_id = $1 AND erased_at IS NULL AND status <> 'left'),
            m AS (SELECT * FROM match WHERE school_id = $1),
            load AS (SELECT buddy_id, count(*) AS n FROM match WHERE status IN ('approved', 'active') GROUP BY buddy_id),
            first_proposal AS (SELECT seeker_id, min(created_at) AS at FROM m GROUP BY seeker_id)
       SELECT
         (SELECT count(*) FROM p) AS enrolled,
         (SELECT count(*) FROM p WHERE role IN ('seeker', 'both')) AS seekers,
         (SELECT count(*) FROM p WHERE role IN ('buddy', 'both')) AS buddies,
         (SELECT count(*) FROM p WHERE status = 'waiting' AND role IN ('seeker', 'both')
             AND NOT EXISTS (SELECT 1 FROM m WHERE m.seeker_id = p.id AND m.status IN ('approved', 'active'))) AS waiting,
         (SELECT count(*) FROM m WHERE status = 'proposed') AS proposed,
         (SELECT count(*) FROM m WHERE status = 'approved') AS awaiting_answer,
         (SELECT count(*) FROM m WHERE status = 'active') AS active_pairs,
         (SELECT count(*) FROM m WHERE status = 'ended') AS ended_pairs,
         (SELECT count(*) FROM m WHERE needs_attention AND status IN ('approved', 'active')) AS needs_attention,
         (SELECT coalesce(sum(greatest(p.capacity - coalesce(load.n, 0), 0)), 0) FROM p LEFT JOIN load ON load.buddy_id = p.id
             WHERE p.role IN ('buddy', 'both') AND p.status <> 'paused') AS free_capacity,
         (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (fp.at - p.created_at)) / 86400)
             FROM first_proposal fp JOIN p ON p.id = fp.seeker_id) AS median_days`,
    );
    const languages = await q<{ language: string; enrolled: string; waiting: string }>(
      `SELECT l->>'code' AS language, count(*) AS enrolled,
              count(*) FILTER (WHERE p.status = 'waiting' AND p.role IN ('seeker', 'both')) AS waiting
         FROM parent p CROSS JOIN jsonb_array_elements(p.languages) l
        WHERE p.school_id = $1 AND p.erased_at IS NULL AND p.status <> 'left'
        GROUP BY 1 ORDER BY 2 DESC, 1`,
    );
    const reach = await this.reach(schoolId);
    const [lastRun] = await q<{ created_at: Date; unmatched: UnmatchedSeeker[] }>(
      `SELECT created_at, unmatched FROM matching_run WHERE school_id = $1 ORDER BY created_at DESC LIMIT 1`,
    );
    const dashboard: Dashboard = {
      schoolId,
      schoolName: school.name,
      generatedAt: new Date().toISOString(),
      figures: {
        enrolled: n(f.enrolled),
        seekers: n(f.seekers),
        buddies: n(f.buddies),
        waiting: n(f.waiting),
        proposed: n(f.proposed),
        awaitingAnswer: n(f.awaiting_answer),
        activePairs: n(f.active_pairs),
        endedPairs: n(f.ended_pairs),
        needsAttention: n(f.needs_attention),
        freeCapacity: n(f.free_capacity),
        medianDaysToProposal:
          f.median_days === null ? null : Math.round(Number(f.median_days) * 10) / 10,
      },
      languages: languages.map((l) => ({
        language: l.language,
        enrolled: n(l.enrolled),
        waiting: n(l.waiting),
      })),
      reach,
      advice: lastRun ? await this.advice(schoolId, lastRun.unmatched) : [],
      lastRunAt: lastRun ? new Date(lastRun.created_at).toISOString() : null,
    };
    if (withPeople) dashboard.pairs = await this.pairs(schoolId);
    return dashboard;
  }

  private async reach(schoolId: string): Promise<DashboardReach> {
    const [r] = await this.dataSource.query(
      `WITH held AS (SELECT id FROM activity WHERE school_id = $1 AND status = 'scheduled' AND ends_at < now()),
            att AS (SELECT a.parent_id, a.activity_id, act.starts_at FROM activity_attendance a JOIN activity act ON act.id = a.activity_id WHERE a.school_id = $1),
            firsts AS (SELECT parent_id, min(starts_at) AS first_at FROM att GROUP BY parent_id),
            weak AS (SELECT id FROM parent WHERE school_id = $1 AND erased_at IS NULL AND status <> 'left' AND dutch_level IN ('none', 'basic'))
       SELECT (SELECT count(*) FROM held) AS held,
              (SELECT count(DISTINCT parent_id) FROM att) AS reached,
              (SELECT count(*) FROM firsts WHERE first_at > now() - interval '90 days') AS first_timers,
              (SELECT count(*) FROM weak) AS weak,
              (SELECT count(*) FROM weak w WHERE EXISTS (SELECT 1 FROM att WHERE att.parent_id = w.id)
                  OR EXISTS (SELECT 1 FROM match m WHERE (m.seeker_id = w.id OR m.buddy_id = w.id) AND m.status IN ('approved', 'active', 'ended'))) AS weak_taking_part`,
      [schoolId],
    );
    const byLanguage: { language: string; parents: string; reached: string }[] =
      await this.dataSource.query(
        `SELECT p.message_language AS language, count(*) AS parents,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM activity_attendance a WHERE a.parent_id = p.id)) AS reached
         FROM parent p WHERE p.school_id = $1 AND p.erased_at IS NULL AND p.status <> 'left'
        GROUP BY 1 ORDER BY 2 DESC, 1`,
        [schoolId],
      );
    return {
      activitiesHeld: n(r.held),
      parentsReached: n(r.reached),
      firstTimers: n(r.first_timers),
      weakDutchParents: n(r.weak),
      weakDutchTakingPart: n(r.weak_taking_part),
      byLanguage: byLanguage.map((l) => ({
        language: l.language,
        parents: n(l.parents),
        reached: n(l.reached),
      })),
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
