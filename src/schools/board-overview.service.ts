import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor } from '../common/auth/actor';
import { NotFoundError } from '../common/errors/domain-error';
import {
  DashboardFigures,
  DashboardPeriod,
  DashboardReach,
  DashboardService,
  parsePeriod,
  ReachGroup,
} from '../dashboard/dashboard.service';
import { Board } from './board.entity';
import { School } from './school.entity';

export interface BoardSchoolFigures {
  schoolId: string;
  schoolName: string;
  city: string;
  figures: DashboardFigures;
  reach: DashboardReach;
  lastRunAt: string | null;
}

export interface BoardOverview {
  boardId: string;
  boardName: string;
  generatedAt: string;
  period: DashboardPeriod;
  schools: BoardSchoolFigures[];
  /**
   * The sum over the schools; a median cannot be added up, so it is null here; the longest
   * wait is the longest of the schools'.
   */
  total: { figures: DashboardFigures; reach: DashboardReach };
}

const FIGURE_KEYS = [
  'enrolled',
  'seekers',
  'buddies',
  'waiting',
  'proposed',
  'awaitingAnswer',
  'activePairs',
  'endedPairs',
  'needsAttention',
  'freeCapacity',
  'waitingWithProposal',
  'waitingWithoutProposal',
  'waitingLong',
  'pairsWithoutCheckIn',
  'openTasks',
  'failedMessages',
  'activitiesWithWaitlist',
] as const;

/**
 * A board's schools side by side: each school's figures as its own overview computes them
 * (figures only, no names), and their total. Only for the board's administrators.
 */
@Injectable()
export class BoardOverviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly dashboards: DashboardService,
  ) {}

  /** The board, when the actor administers it; any other board is not found. */
  async boardFor(actor: Actor, boardId: string): Promise<Board> {
    const allowed = actor.isPlatformAdmin || actor.adminOfBoards.includes(boardId);
    const board = allowed ? await this.dataSource.manager.findOneBy(Board, { id: boardId }) : null;
    if (!board) throw new NotFoundError('Board');
    return board;
  }

  async forBoard(
    actor: Actor,
    boardId: string,
    period: DashboardPeriod = parsePeriod({}),
  ): Promise<BoardOverview> {
    // The board (when the actor administers it) and its schools at the same time.
    const [board, schools] = await Promise.all([
      this.boardFor(actor, boardId),
      this.dataSource.manager.find(School, {
        select: { id: true, name: true, city: true },
        where: { boardId },
        order: { name: 'ASC' },
      }),
    ]);
    // Every school's figures at once: one query grouped by school (two for a large board, at
    // the same time), not an overview per school.
    const bySchool = await this.dashboards.forSchools(
      schools.map((s) => s.id),
      period,
    );
    const rows: BoardSchoolFigures[] = schools.map((s) => ({
      schoolId: s.id,
      schoolName: s.name,
      city: s.city,
      ...bySchool.get(s.id)!,
    }));
    return {
      boardId: board.id,
      boardName: board.name,
      generatedAt: new Date().toISOString(),
      period,
      schools: rows,
      total: total(rows),
    };
  }
}

/** Board admins see personal data: nothing on the board is hidden, so a count is a number. */
const num = (v: number | null): number => v ?? 0;

function total(rows: BoardSchoolFigures[]): BoardOverview['total'] {
  const figures = Object.fromEntries(
    FIGURE_KEYS.map((k) => [k, rows.reduce((sum, r) => sum + num(r.figures[k]), 0)]),
  ) as Omit<DashboardFigures, 'medianDaysToProposal' | 'longestWaitDays'>;
  const waits = rows.map((r) => r.figures.longestWaitDays).filter((d): d is number => d !== null);
  // Group counts per school are never suppressed here (board admins may see personal data).
  const groups = new Map<string, ReachGroup>();
  for (const r of rows)
    for (const g of r.reach.groups) {
      const acc = groups.get(g.group) ?? {
        group: g.group,
        parents: 0,
        withBuddy: 0,
        cameToActivity: 0,
        takingPart: 0,
        percent: null,
      };
      acc.parents = (acc.parents ?? 0) + (g.parents ?? 0);
      acc.withBuddy = (acc.withBuddy ?? 0) + (g.withBuddy ?? 0);
      acc.cameToActivity = (acc.cameToActivity ?? 0) + (g.cameToActivity ?? 0);
      acc.takingPart = (acc.takingPart ?? 0) + (g.takingPart ?? 0);
      acc.percent = acc.parents ? Math.round((100 * (acc.takingPart ?? 0)) / acc.parents) : null;
      groups.set(g.group, acc);
    }
  const sum = (pick: (r: DashboardReach) => number | null): number =>
    rows.reduce((s, r) => s + num(pick(r.reach)), 0);
  const byLanguage = new Map<string, { language: string; parents: number; reached: number }>();
  for (const r of rows)
    for (const l of r.reach.byLanguage) {
      const acc = byLanguage.get(l.language) ?? { language: l.language, parents: 0, reached: 0 };
      acc.parents += num(l.parents);
      acc.reached += num(l.reached);
      byLanguage.set(l.language, acc);
    }
  return {
    figures: {
      ...figures,
      medianDaysToProposal: null,
      longestWaitDays: waits.length ? Math.max(...waits) : null,
    },
    reach: {
      activitiesHeld: sum((r) => r.activitiesHeld),
      parentsReached: sum((r) => r.parentsReached),
      firstTimers: sum((r) => r.firstTimers),
      takingPart: sum((r) => r.takingPart),
      weakDutchParents: sum((r) => r.weakDutchParents),
      weakDutchTakingPart: sum((r) => r.weakDutchTakingPart),
      byLanguage: [...byLanguage.values()].sort(
        (a, b) => b.parents - a.parents || a.language.localeCompare(b.language),
      ),
      groups: [...groups.values()],
    },
  };
}
