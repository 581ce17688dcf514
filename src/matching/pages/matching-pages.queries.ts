import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error';
import { Parent } from '../../parents/parent.entity';
import { School } from '../../schools/school.entity';
import { resolveWeights, type UnmatchedSeeker } from '../engine';
import { Match, MatchStatus } from '../match.entity';
import { MatchRule } from '../match-rule.entity';
import { MatchRulesService } from '../match-rules.service';
import { MatchingRun } from '../matching-run.entity';
import { MatchingRunService } from '../matching-run.service';
import { AttentionReason, MatchingRepository } from '../matching.repository';

/** Proposals (each a card with its reasons and actions) per page of the run page. */
export const PROPOSALS_PAGE_SIZE = 25;
/** Unmatched seekers (one table row each) per page of the run page. */
export const UNMATCHED_PAGE_SIZE = 50;
/** Pairs per page of the follow-up list. */
export const MATCHES_PAGE_SIZE = 50;
/** Pairs on the follow-up page's "look at these first" list. */
export const ATTENTION_LIMIT = 50;

/** The tabs of the follow-up page and the statuses each shows. */
export const MATCH_TABS = {
  current: ['approved', 'active'],
  proposed: ['proposed'],
  approved: ['approved'],
  active: ['active'],
  ended: ['ended'],
  stopped: ['declined', 'rejected'],
} as const satisfies Record<string, readonly MatchStatus[]>;
export type MatchTab = keyof typeof MATCH_TABS;

export function matchTab(value: unknown): MatchTab {
  return typeof value === 'string' && Object.hasOwn(MATCH_TABS, value)
    ? (value as MatchTab)
    : 'current';
}

/** A page number from the query string (1 when absent or not a whole number ≥ 1). */
export function pageNumber(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return n >= 1 ? n : 1;
}

export interface RunPageData {
  /** The latest finished run, whose proposals the page shows. */
  run?: MatchingRun;
  /** A newer run still queued or running (its progress), or that failed. */
  latest?: MatchingRun;
  /** How many proposals the run made, and how many of them are still open. */
  proposalTotal: number;
  openTotal: number;
  /** The proposals on this page. */
  shownProposals: Match[];
  proposalPage: number;
  unmatched: UnmatchedSeeker[];
  unmatchedPage: number;
  rules: MatchRule[];
  /** Everyone named on the page, by id (one query). */
  people: Map<string, Parent>;
  experiencedYears: number;
  now: Date;
}

export interface AttentionItem {
  match: Match;
  why: AttentionReason;
}

export interface MatchesPageData {
  tab: MatchTab;
  page: number;
  items: Match[];
  total: number;
  counts: Partial<Record<MatchStatus, number>>;
  attention: AttentionItem[];
  attentionTotal: number;
  people: Map<string, Parent>;
  responseDays: number;
  now: Date;
}

export interface MessageRow {
  kind: string;
  parentId: string | null;
  status: string;
  channel: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface MatchPageData {
  match: Match;
  seeker?: Parent;
  buddy?: Parent;
  messages: MessageRow[];
  attention?: AttentionReason;
  responseDays: number;
  now: Date;
}

/**
 * What the matching pages show, read with as few queries as possible: the same services
 * and repository as the API, plus the names of everyone on the page in one query.
 */
@Injectable()
export class MatchingPagesQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: MatchingRepository,
    private readonly rules: MatchRulesService,
    private readonly runs: MatchingRunService,
  ) {}

  private async school(schoolId: string): Promise<School> {
    const school = await this.dataSource.manager.findOneBy(School, { id: schoolId });
    if (!school) throw new NotFoundError('School');
    return school;
  }

  /** Parents by id, in one query. */
  async parents(ids: string[]): Promise<Map<string, Parent>> {
    const parents = await this.repo.parentsByIds(undefined, [...new Set(ids)]);
    return new Map(parents.map((p) => [p.id, p]));
  }

  async runPage(
    schoolId: string,
    proposalPage: number,
    unmatchedPage: number,
  ): Promise<RunPageData> {
    const m = this.dataSource.manager;
    const [school, run, latest, rules] = await Promise.all([
      this.school(schoolId),
      m.findOne(MatchingRun, {
        where: { schoolId, status: 'done' },
        order: { createdAt: 'DESC', id: 'ASC' },
      }),
      this.runs.latest(schoolId),
      this.rules.list(schoolId),
    ]);
    // A run of this page's school that is still computing, or failed after the last done one.
    const newer =
      latest && latest.id !== run?.id ? await this.runs.find(schoolId, latest.id) : undefined;
    let shownProposals: Match[] = [];
    let proposalTotal = 0;
    let openTotal = 0;
    if (run) {
      const [counts, page] = await Promise.all([
        m.query<{ total: number; open: number }[]>(
          `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'proposed')::int AS open
             FROM match WHERE run_id = $1 AND school_id = $2`,
          [run.id, schoolId],
        ),
        m.find(Match, {
          where: { runId: run.id, schoolId },
          order: { seekerId: 'ASC', id: 'ASC' },
          skip: (proposalPage - 1) * PROPOSALS_PAGE_SIZE,
          take: PROPOSALS_PAGE_SIZE,
        }),
      ]);
      proposalTotal = counts[0].total;
      openTotal = counts[0].open;
      shownProposals = page;
    }
    const unmatched = (run?.unmatched ?? []).slice(
      (unmatchedPage - 1) * UNMATCHED_PAGE_SIZE,
      unmatchedPage * UNMATCHED_PAGE_SIZE,
    );
    const people = await this.parents([
      ...shownProposals.flatMap((p) => [p.seekerId, p.buddyId]),
      ...unmatched.map((u) => u.seekerId),
      ...rules.flatMap((r) => [r.seekerId, r.buddyId]),
      ...(run?.skippedPins ?? []).flatMap((p) => [p.seekerId, p.buddyId]),
    ]);
    return {
      run: run ?? undefined,
      latest: newer,
      proposalTotal,
      openTotal,
      shownProposals,
      proposalPage,
      unmatched,
      unmatchedPage,
      rules,
      people,
      experiencedYears: resolveWeights(school.settings.matching.weights).experiencedYears,
      now: new Date(),
    };
  }

  async matchesPage(schoolId: string, tab: MatchTab, page: number): Promise<MatchesPageData> {
    const school = await this.school(schoolId);
    const responseDays = school.settings.matching.responseDays;
    const now = new Date();
    const [[items, total], counts, attention] = await Promise.all([
      this.repo.list(
        schoolId,
        { statuses: [...MATCH_TABS[tab]] },
        (page - 1) * MATCHES_PAGE_SIZE,
        MATCHES_PAGE_SIZE,
      ),
      this.repo.countsByStatus(schoolId),
      this.repo.needingAttention(schoolId, responseDays, now, ATTENTION_LIMIT),
    ]);
    const people = await this.parents(
      [...items, ...attention.items.map((a) => a.match)].flatMap((m) => [m.seekerId, m.buddyId]),
    );
    return {
      tab,
      page,
      items,
      total,
      counts,
      attention: attention.items,
      attentionTotal: attention.total,
      people,
      responseDays,
      now,
    };
  }

  async matchPage(schoolId: string, matchId: string): Promise<MatchPageData> {
    const match = await this.repo.findInSchool(schoolId, matchId);
    if (!match) throw new NotFoundError('Match');
    const school = await this.school(schoolId);
    const responseDays = school.settings.matching.responseDays;
    const now = new Date();
    const [people, messages] = await Promise.all([
      this.parents([match.seekerId, match.buddyId]),
      this.dataSource.manager.query<MessageRow[]>(
        `SELECT kind, parent_id AS "parentId", status, channel, created_at AS "createdAt", sent_at AS "sentAt"
           FROM notification
          WHERE subject_type = 'match' AND subject_id = $1
            AND kind IN ('intro_seeker', 'intro_buddy', 'response_reminder', 'buddy_declined', 'both_accepted')
          ORDER BY created_at, kind`,
        [match.id],
      ),
    ]);
    // A decline needs a look while the seeker waits with nothing newer (as on the list).
    const newer =
      match.status === 'declined' &&
      (
        await this.dataSource.manager.query<{ newer: boolean }[]>(
          `SELECT EXISTS (SELECT 1 FROM match m JOIN match n ON n.seeker_id = m.seeker_id
                            AND n.created_at > m.created_at AND n.status NOT IN ('superseded', 'rejected')
                          WHERE m.id = $1) AS newer`,
          [match.id],
        )
      )[0].newer;
    return {
      match,
      seeker: people.get(match.seekerId),
      buddy: people.get(match.buddyId),
      messages,
      attention: attentionOf(
        match,
        responseDays,
        now,
        newer ? undefined : people.get(match.seekerId),
      ),
      responseDays,
      now,
    };
  }
}

/**
 * Why one pair needs a look, by the same rules as the follow-up list (or undefined). For a
 * decline, pass the seeker only when nothing newer was proposed to them since.
 */
export function attentionOf(
  match: Match,
  responseDays: number,
  now: Date,
  waitingSeeker?: Parent,
): AttentionReason | undefined {
  if (match.status === 'active' && match.needsAttention) return 'check_in';
  if (match.status === 'approved') {
    const overdue =
      match.approvedAt &&
      match.approvedAt.getTime() + responseDays * 86_400_000 <= now.getTime() &&
      (!match.seekerResponse || !match.buddyResponse);
    if (match.needsAttention || overdue) return 'no_answer';
  }
  if (match.status === 'declined' && waitingSeeker?.status === 'waiting') return 'declined';
  return undefined;
}
