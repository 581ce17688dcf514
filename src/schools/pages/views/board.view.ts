import { html } from '../../../common/http/html';
import type { DashboardFigures, DashboardReach } from '../../../dashboard/dashboard.service';
import { formatDate, PageContext } from '../../../workspace/page-context';
import { heading, name, paragraph, table, type Column } from '../../../workspace/views/components';
import { workspacePage } from '../../../workspace/views/layout';
import type { BoardOverview } from '../../board-overview.service';

type FigureKey = keyof Omit<DashboardFigures, 'medianDaysToProposal' | 'longestWaitDays'>;
type ReachKey = 'activitiesHeld' | 'parentsReached' | 'takingPart' | 'weakDutchTakingPart';
type Figure = { key: FigureKey; reach?: false } | { key: ReachKey; reach: true };

/** The figures a board compares, in this order (the school's overview has them all). */
const FIGURES: Figure[] = [
  { key: 'enrolled' },
  { key: 'waiting' },
  { key: 'activePairs' },
  { key: 'needsAttention' },
  { key: 'freeCapacity' },
  { key: 'parentsReached', reach: true },
  { key: 'activitiesHeld', reach: true },
];

/** One school, or (without an id) all schools together. */
interface SchoolColumn {
  schoolId?: string;
  schoolName: string;
  city?: string;
  figures: DashboardFigures;
  reach: DashboardReach;
}

const valueOf = (c: SchoolColumn, f: Figure): number =>
  f.reach ? c.reach[f.key] : c.figures[f.key];

/**
 * A board's schools side by side (a column per school, then the total), a way into each
 * school and its overview, and what each figure means.
 */
export function boardView(ctx: PageContext, b: BoardOverview): string {
  const t = ctx.tr('ws-settings');
  const columns: SchoolColumn[] = [
    ...b.schools,
    { schoolName: t('board.total'), figures: b.total.figures, reach: b.total.reach },
  ];
  type Row = Figure | 'links';
  const rows: Row[] = [...FIGURES, 'links'];
  const schoolColumn = (c: SchoolColumn): Column<Row> => ({
    header: c.schoolId
      ? html`<a class="utrecht-link" href="/schools/${c.schoolId}">${name(c.schoolName)}</a
          ><br /><span class="om-muted">${c.city}</span>`
      : c.schoolName,
    numeric: true,
    cell: (r) => {
      if (r === 'links')
        return c.schoolId
          ? html`<a
              class="utrecht-link"
              style="white-space: nowrap"
              href="/schools/${c.schoolId}/overview"
              >${t('board.toOverview')}<span class="om-visually-hidden">
                ${name(c.schoolName)}</span
              ></a
            >`
          : '';
      const value = html`<span data-school="${c.schoolId ?? 'total'}" data-figure="${r.key}"
        >${valueOf(c, r)}</span
      >`;
      return c.schoolId ? value : html`<strong>${value}</strong>`;
    },
  });
  return workspacePage(ctx, {
    title: t('board.title', { board: b.boardName }),
    active: 'board',
    body: html`${heading(1, t('board.title', { board: b.boardName }))}
      ${paragraph(t('board.intro', { count: b.schools.length }), true)}
      <p class="utrecht-paragraph om-muted">
        ${t('board.updated', { date: formatDate(ctx, b.generatedAt, 'dateTime') })}
      </p>
      ${
        b.schools.length
          ? table<Row>({
              caption: t('board.caption', { board: b.boardName }),
              rows,
              columns: [
                {
                  header: t('board.columns.figure'),
                  rowHeader: true,
                  cell: (r) =>
                    r === 'links' ? t('board.columns.overview') : t(`board.figures.${r.key}`),
                },
                ...columns.map(schoolColumn),
              ],
            })
          : paragraph(t('board.noSchools'))
      }
      ${heading(2, t('board.explainTitle'))}
      <dl class="utrecht-data-list om-data-list">
        ${FIGURES.map(
          (f) =>
            html`<div class="utrecht-data-list__item">
              <dt class="utrecht-data-list__item-key">${t(`board.figures.${f.key}`)}</dt>
              <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">
                ${t(`board.explain.${f.key}`)}
              </dd>
            </div>`,
        )}
      </dl>`,
  });
}
