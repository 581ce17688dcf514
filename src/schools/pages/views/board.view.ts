import { html } from '../../../common/http/html';
import type { DashboardFigures, DashboardReach } from '../../../dashboard/dashboard.service';
import { formatDate, PageContext } from '../../../workspace/page-context';
import {
  button,
  heading,
  name,
  paragraph,
  selectField,
  table,
  textField,
  type Column,
} from '../../../workspace/views/components';
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

/** Board admins see personal data: nothing here is hidden by the small-numbers rule. */
const valueOf = (c: SchoolColumn, f: Figure): number =>
  (f.reach ? c.reach[f.key] : c.figures[f.key]) ?? 0;

/**
 * A board's schools side by side (a column per school, then the total), a way into each
 * school and its overview, and what each figure means.
 */
/** The period as asked for (to refill the form), and whether it could be read. */
export interface BoardPageState {
  asked?: { period?: string; from?: string; to?: string };
  invalid?: boolean;
}

export function boardView(ctx: PageContext, b: BoardOverview, state: BoardPageState = {}): string {
  const t = ctx.tr('ws-settings');
  const periodForm = html`<form
    method="get"
    action="/boards/${b.boardId}"
    class="om-panel om-no-print"
    aria-labelledby="period-title"
  >
    ${heading(2, t('board.period.legend'), 'period-title')}
    ${
      state.invalid
        ? html`<div class="utrecht-alert utrecht-alert--error" role="alert">
            <p class="utrecht-paragraph">${t('board.period.invalid')}</p>
          </div>`
        : ''
    }
    <div class="om-row" style="display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end">
      ${selectField({
        name: 'period',
        label: t('board.period.label'),
        value: state.asked?.period ?? b.period.kind,
        options: (['year', '3m', 'custom'] as const).map((k) => ({
          value: k,
          label: t(`board.period.${k}`),
        })),
      })}
      ${textField({
        name: 'from',
        type: 'date',
        label: t('board.period.from'),
        value: state.asked?.from ?? b.period.from,
        hint: t('board.period.customHint'),
      })}
      ${textField({
        name: 'to',
        type: 'date',
        label: t('board.period.to'),
        value: state.asked?.to ?? b.period.to,
      })}
      ${button(t('board.period.show'), { variant: 'secondary' })}
    </div>
  </form>`;
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
      <p class="utrecht-paragraph" data-period="${b.period.from}/${b.period.to}">
        ${t('board.period.shown', {
          from: formatDate(ctx, `${b.period.from}T12:00:00Z`),
          to: formatDate(ctx, `${b.period.to}T12:00:00Z`),
        })}
      </p>
      ${periodForm}
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
