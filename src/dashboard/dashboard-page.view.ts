import { html, raw, RawHtml } from '../common/http/html';
import type { PageContext } from '../workspace/page-context';
import { formatDate, seesPeople } from '../workspace/page-context';
import {
  button,
  heading,
  paragraph,
  query,
  selectField,
  table,
  textField,
} from '../workspace/views/components';
import { printPage, workspacePage } from '../workspace/views/layout';
import type {
  Dashboard,
  DashboardFigures,
  DashboardReach,
  ReachGroup,
  TrendMonth,
} from './dashboard.service';

type T = (key: string, options?: Record<string, unknown>) => string;

/**
 * A table whose container may scroll sideways on a narrow screen: the container can take
 * the keyboard focus (so it can be scrolled without a mouse) and is named by the caption.
 */
function scrollableTable<R>(label: string, t: Parameters<typeof table<R>>[0]): RawHtml {
  const marker = '<div class="utrecht-table-container om-table-container">';
  const rendered = table<R>(t).value;
  return raw(
    rendered.replace(
      marker,
      html`<div
        class="utrecht-table-container om-table-container"
        role="region"
        tabindex="0"
        aria-label="${label}"
      ></div>`.value,
    ),
  );
}

export interface PageLabels {
  t: T;
  lang: string;
  dir: 'ltr' | 'rtl';
  languageName: (code: string) => string;
  situationLabel: (code: string) => string;
  /** An availability slot ('mon-morning') as words. */
  slotLabel?: (code: string) => string;
}

export interface PageState {
  /** The period could not be read: the page shows the default and says so. */
  periodInvalid?: boolean;
  /** The printable version (no navigation, no forms). */
  print?: boolean;
  /** The period as asked for, to refill the form. */
  asked?: { period?: string; from?: string; to?: string };
}

/** The figures of "now", in this order; each has a definition (`define.<key>`). */
const FIGURES = [
  'enrolled',
  'seekers',
  'buddies',
  'waiting',
  'waitingWithProposal',
  'waitingWithoutProposal',
  'waitingLong',
  'longestWaitDays',
  'proposed',
  'awaitingAnswer',
  'activePairs',
  'needsAttention',
  'endedPairs',
  'freeCapacity',
  'medianDaysToProposal',
] as const satisfies readonly (keyof DashboardFigures)[];

/** The reach figures of the period, in this order. */
const REACH = [
  'activitiesHeld',
  'parentsReached',
  'firstTimers',
  'takingPart',
] as const satisfies readonly (keyof DashboardReach)[];

const FUNNEL = ['enrolled', 'proposed', 'introduced', 'active', 'ended'] as const;
const WAITING = ['medianDaysToProposal', 'longestDaysToProposal'] as const;
const ACTIVITIES = ['places', 'signedUp', 'attended'] as const;
type SeriesKey = (typeof FUNNEL)[number] | (typeof WAITING)[number] | (typeof ACTIVITIES)[number];

/** Colours with at least 3:1 contrast against white, told apart by the legend and the table. */
const COLOURS = ['#1d4ed8', '#047857', '#b45309', '#7c3aed', '#b91c1c'];

/**
 * A grouped bar chart as inline SVG: one group of bars per month. The SVG has a title and
 * a summary; the same numbers stand in the table beside it (the chart is the picture, the
 * table the source).
 */
function barChart(
  id: string,
  title: string,
  summary: string,
  months: TrendMonth[],
  series: readonly SeriesKey[],
  label: (key: SeriesKey) => string,
): RawHtml {
  const width = 600;
  const height = 220;
  const top = 10;
  const bottom = 30;
  const left = 36;
  const values = months.flatMap((m) => series.map((s) => m[s] ?? 0));
  const max = Math.max(1, ...values);
  const groupWidth = (width - left) / Math.max(1, months.length);
  const barWidth = Math.max(1, (groupWidth * 0.8) / series.length);
  const y = (v: number): number => top + (height - top - bottom) * (1 - v / max);
  const bars = months.flatMap((m, i) =>
    series.map((s, j) => {
      const v = m[s] ?? 0;
      const x = left + i * groupWidth + groupWidth * 0.1 + j * barWidth;
      return html`<rect
        x="${x.toFixed(1)}"
        y="${y(v).toFixed(1)}"
        width="${barWidth.toFixed(1)}"
        height="${(height - bottom - y(v)).toFixed(1)}"
        fill="${COLOURS[j % COLOURS.length]}"
      ></rect>`;
    }),
  );
  const ticks = months.map((m, i) =>
    months.length <= 12 || i % Math.ceil(months.length / 12) === 0
      ? html`<text
          x="${(left + i * groupWidth + groupWidth / 2).toFixed(1)}"
          y="${height - 10}"
          text-anchor="middle"
          font-size="11"
          fill="#333"
        >
          ${m.month.slice(2)}
        </text>`
      : '',
  );
  return html`<figure class="om-chart" style="margin:0">
    <svg
      viewBox="0 0 ${width} ${height}"
      width="100%"
      role="img"
      aria-labelledby="${id}-title ${id}-desc"
      style="max-inline-size:100%;block-size:auto;display:block"
      focusable="false"
    >
      <title id="${id}-title">${title}</title>
      <desc id="${id}-desc">${summary}</desc>
      <line
        x1="${left}"
        y1="${height - bottom}"
        x2="${width}"
        y2="${height - bottom}"
        stroke="#333"
      ></line>
      <text x="${left - 4}" y="${top + 8}" text-anchor="end" font-size="11" fill="#333">
        ${max}
      </text>
      <text x="${left - 4}" y="${height - bottom}" text-anchor="end" font-size="11" fill="#333">
        0
      </text>
      ${bars} ${ticks}
    </svg>
    <figcaption>
      <ul
        class="om-legend"
        style="list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:0.75rem"
      >
        ${series.map(
          (s, j) =>
            html`<li>
              <span
                aria-hidden="true"
                style="display:inline-block;inline-size:0.9rem;block-size:0.9rem;background:${COLOURS[j % COLOURS.length]};vertical-align:middle"
              ></span>
              ${label(s)}
            </li>`,
        )}
      </ul>
    </figcaption>
  </figure>`;
}

function trendTable(
  caption: string,
  months: TrendMonth[],
  series: readonly SeriesKey[],
  label: (key: SeriesKey) => string,
  monthLabel: string,
  chart: string,
  shown: (path: string, v: number | null) => string,
): RawHtml {
  return scrollableTable<TrendMonth>(caption, {
    caption,
    rows: months,
    rowAttrs: (m) => html`data-month="${m.month}"`,
    columns: [
      { header: monthLabel, rowHeader: true, cell: (m) => m.month },
      ...series.map((s) => ({
        header: label(s),
        numeric: true,
        cell: (m: TrendMonth) =>
          html`<span data-trend="${chart}" data-series="${s}"
            >${shown(`trends.months.${m.month}.${s}`, m[s])}</span
          >`,
      })),
    ],
  });
}

export function dashboardPage(
  ctx: PageContext,
  l: PageLabels,
  d: Dashboard,
  state: PageState = {},
): string {
  const { t } = l;
  const people = seesPeople(ctx);
  /**
   * A number, or why it is not shown (the small-numbers rule): "fewer than 5", or "hidden"
   * when it would let a small number be worked out; '–' when there is none (no median).
   */
  const shown = (path: string, v: number | null): string =>
    v !== null
      ? String(v)
      : d.hidden?.[path] === 'small'
        ? t('fewerThan5')
        : d.hidden?.[path] === 'difference'
          ? t('hiddenDifference')
          : '–';
  const figure = (key: (typeof FIGURES)[number]): RawHtml => {
    const value = shown(`figures.${key}`, d.figures[key]);
    return html`<div class="om-card om-figure" title="${t(`define.${key}`)}">
      <dt>${t(`figures.${key}`)}</dt>
      <dd class="om-figure__value" data-figure="${key}">${value}</dd>
      <dd class="om-muted" style="margin:0.25rem 0 0;font-size:0.9rem">${t(`define.${key}`)}</dd>
    </div>`;
  };
  const reachFigure = (key: (typeof REACH)[number]): RawHtml => {
    const value = shown(`reach.${key}`, d.reach[key]);
    return html`<div class="om-card om-figure" title="${t(`define.${key}`)}">
      <dt>${t(`figures.${key}`)}</dt>
      <dd class="om-figure__value" data-figure="${key}">${value}</dd>
      <dd class="om-muted" style="margin:0.25rem 0 0;font-size:0.9rem">${t(`define.${key}`)}</dd>
    </div>`;
  };
  const groupName = (g: ReachGroup): string =>
    g.group.startsWith('language:')
      ? t('reach.groups.language', { language: l.languageName(g.group.slice(9)) })
      : t(`reach.groups.${g.group}`);
  const advice = d.advice.filter((a) =>
    ['no_shared_language', 'no_experience', 'all_full'].includes(a.reason),
  );
  const periodText = t('period.shown', {
    from: formatDate(ctx, `${d.period.from}T12:00:00Z`),
    to: formatDate(ctx, `${d.period.to}T12:00:00Z`),
  });
  const currentQuery = {
    period: d.period.kind,
    from: d.period.kind === 'custom' ? d.period.from : undefined,
    to: d.period.kind === 'custom' ? d.period.to : undefined,
  };
  const base = `/schools/${d.schoolId}/overview`;
  const series = (s: SeriesKey): string => t(`trends.series.${s}`);
  const months = d.trends.months;

  const periodForm = html`<form
    method="get"
    action="${base}"
    class="om-panel om-no-print"
    aria-labelledby="period-title"
  >
    ${heading(2, t('period.legend'), 'period-title')}
    ${
      state.periodInvalid
        ? html`<div class="utrecht-alert utrecht-alert--error" role="alert">
            <p class="utrecht-paragraph">${t('period.invalid')}</p>
          </div>`
        : ''
    }
    <div class="om-row" style="display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end">
      ${selectField({
        name: 'period',
        label: t('period.label'),
        value: state.asked?.period ?? d.period.kind,
        options: (['year', '3m', 'custom'] as const).map((k) => ({
          value: k,
          label: t(`period.${k}`),
        })),
      })}
      ${textField({
        name: 'from',
        type: 'date',
        label: t('period.from'),
        value: state.asked?.from ?? d.period.from,
        hint: t('period.customHint'),
      })}
      ${textField({
        name: 'to',
        type: 'date',
        label: t('period.to'),
        value: state.asked?.to ?? d.period.to,
      })}
      ${button(t('period.show'), { variant: 'secondary' })}
    </div>
  </form>`;

  const actions = html`${heading(2, t('sections.next'), 'next')}
  ${
    d.actions.length
      ? html`<ul class="utrecht-unordered-list" data-actions>
            ${d.actions.map(
              (a) =>
                html`<li data-action="${a.key}">
                  ${
                    people && !state.print
                      ? html`<a class="utrecht-link" href="${a.href}"
                          >${t(`actions.${a.key}`, { number: a.count })}</a
                        >`
                      : t(`actions.${a.key}`, {
                          number: a.count ?? t('fewerThan5'),
                        })
                  }
                </li>`,
            )}
          </ul>
          ${people ? '' : paragraph(t('actions.viewerNote'))}`
      : paragraph(t('actions.none'))
  }`;

  type Option = Dashboard['recruitment'][number];
  const kindText = (r: Option): string =>
    r.language && r.situation
      ? t('recruitment.kind.both', {
          language: l.languageName(r.language),
          situation: l.situationLabel(r.situation),
        })
      : r.language
        ? t('recruitment.kind.language', { language: l.languageName(r.language) })
        : r.situation
          ? t('recruitment.kind.situation', { situation: l.situationLabel(r.situation) })
          : t('recruitment.kind.dutch');
  // Computed by the engine after a run, only while parents wait (MatchingRunService.adviseRecruitment).
  const recruitmentSection =
    d.lastRunAt === null || !d.figures.waiting
      ? ''
      : html`${heading(3, t('recruitment.title'))} ${paragraph(t('recruitment.intro'))}
        ${
          d.recruitment.length
            ? scrollableTable<Option>(t('recruitment.caption'), {
                caption: t('recruitment.caption'),
                rows: d.recruitment,
                rowAttrs: (r) => html`data-recruit="${r.language ?? 'nl'}|${r.situation ?? ''}"`,
                columns: [
                  { header: t('recruitment.columns.kind'), rowHeader: true, cell: kindText },
                  {
                    header: t('recruitment.columns.more'),
                    numeric: true,
                    cell: (r) => html`<span data-more>${r.moreMatched}</span>`,
                  },
                  {
                    header: t('recruitment.columns.availability'),
                    cell: (r) =>
                      r.availability ? (l.slotLabel?.(r.availability) ?? r.availability) : '–',
                  },
                ],
              })
            : paragraph(t('recruitment.none'))
        }`;

  const adviceSection = html`${heading(2, t('sections.advice'))}
  ${
    d.figures.waiting === 0
      ? paragraph(t('advice.none'))
      : d.lastRunAt === null
        ? paragraph(t('advice.noRun', { number: d.figures.waiting }))
        : advice.length
          ? html`<ul class="utrecht-unordered-list">
              ${advice.map((a) => html`<li>${t(`advice.${a.reason}`, { count: a.count, languages: a.languages.map(l.languageName).join(', '), situations: a.situations.map(l.situationLabel).join(', ') })}</li>`)}
            </ul>`
          : paragraph(
              t('advice.afterRun', {
                number: d.figures.waiting,
                date: formatDate(ctx, d.lastRunAt, 'dateTime'),
              }),
            )
  }`;

  const reachGroups = scrollableTable<ReachGroup>(t('reach.caption', { period: periodText }), {
    caption: t('reach.caption', { period: periodText }),
    rows: d.reach.groups,
    rowAttrs: (g) => html`data-group="${g.group}"`,
    columns: [
      { header: t('reach.columns.group'), rowHeader: true, cell: groupName },
      {
        header: t('reach.columns.parents'),
        numeric: true,
        cell: (g) =>
          html`<span data-reach="parents"
            >${shown(`reach.groups.${g.group}.parents`, g.parents)}</span
          >`,
      },
      {
        header: t('reach.columns.withBuddy'),
        numeric: true,
        wide: true,
        cell: (g) =>
          html`<span data-reach="withBuddy"
            >${shown(`reach.groups.${g.group}.withBuddy`, g.withBuddy)}</span
          >`,
      },
      {
        header: t('reach.columns.came'),
        numeric: true,
        wide: true,
        cell: (g) =>
          html`<span data-reach="cameToActivity"
            >${shown(`reach.groups.${g.group}.cameToActivity`, g.cameToActivity)}</span
          >`,
      },
      {
        header: t('reach.columns.takingPart'),
        numeric: true,
        cell: (g) =>
          html`<span data-reach="takingPart"
            >${shown(`reach.groups.${g.group}.takingPart`, g.takingPart)}</span
          >`,
      },
      {
        header: t('reach.columns.percent'),
        numeric: true,
        cell: (g) =>
          html`<span data-reach="percent">${g.percent === null ? '–' : `${g.percent}%`}</span>`,
      },
    ],
  });

  const chartBlock = (id: string, keys: readonly SeriesKey[], titleKey: string): RawHtml => {
    // A total over the months only where no month is hidden (it would give the hidden one away).
    const totals = keys
      .filter((k) => months.every((m) => m[k] !== null))
      .map((k) => `${series(k)}: ${months.reduce((s, m) => s + (m[k] ?? 0), 0)}`);
    return html`${heading(3, t(titleKey), `${id}-heading`)}
      <div class="om-columns om-columns--wide">
        ${barChart(id, t(titleKey), `${periodText}. ${keys === WAITING ? '' : totals.join('; ')}`, months, keys, series)}
        ${trendTable(t(titleKey), months, keys, series, t('trends.month'), id, shown)}
      </div>`;
  };

  type SmallRow = [string, string, number | null, string];
  const smallTable = (caption: string, rows: SmallRow[], attr: string): RawHtml =>
    scrollableTable<SmallRow>(caption, {
      caption,
      rows,
      columns: [
        { header: t('trends.answer'), rowHeader: true, cell: (r) => r[1] },
        {
          header: t('trends.number'),
          numeric: true,
          cell: (r) => html`<span data-${attr}="${r[0]}">${shown(r[3], r[2])}</span>`,
        },
      ],
    });

  const body = html`<h1 class="utrecht-heading-1">${t('title')}</h1>
    <p class="utrecht-paragraph"><strong>${t('school')}:</strong> ${d.schoolName}</p>
    <p class="utrecht-paragraph">
      ${t('updated', { date: formatDate(ctx, d.generatedAt, 'dateTime') })} · ${periodText}
    </p>
    ${
      state.print
        ? ''
        : html`<p class="utrecht-paragraph om-no-print">
            <a class="utrecht-link" href="${base}${query({ ...currentQuery, print: 1 })}"
              >${t('print')}</a
            >
            ·
            <a class="utrecht-link" href="${base}${query({ ...currentQuery, format: 'csv' })}"
              >${t('csv')}</a
            >
          </p>`
    }
    ${state.print ? '' : periodForm} ${actions} ${heading(2, t('sections.now'))}
    ${paragraph(t('nowIntro'))}
    <dl class="om-figures">${FIGURES.map(figure)}</dl>
    ${adviceSection} ${recruitmentSection} ${heading(2, t('sections.reach'))}
    ${paragraph(t('reachIntro', { period: periodText }))}
    <dl class="om-figures">${REACH.map(reachFigure)}</dl>
    ${reachGroups} ${people ? '' : paragraph(t('reach.smallNote'))}
    ${heading(2, t('sections.trends'))}
    ${
      months.length
        ? html`${chartBlock('funnel', FUNNEL, 'trends.funnel')}
          ${chartBlock('waiting', WAITING, 'trends.waiting')}
          ${chartBlock('activities', ACTIVITIES, 'trends.activities')}`
        : ''
    }
    <div class="om-columns">
      ${smallTable(
        t('trends.checkIns'),
        [
          ['good', t('trends.checkIn.good'), d.trends.checkIns.good, 'trends.checkIns.good'],
          [
            'could_be_better',
            t('trends.checkIn.could_be_better'),
            d.trends.checkIns.couldBeBetter,
            'trends.checkIns.couldBeBetter',
          ],
          [
            'stopped',
            t('trends.checkIn.stopped'),
            d.trends.checkIns.stopped,
            'trends.checkIns.stopped',
          ],
        ],
        'check-in',
      )}
      ${smallTable(
        t('trends.endings'),
        [
          ['good', t('trends.ending.good'), d.trends.endings.good, 'trends.endings.good'],
          [
            'neutral',
            t('trends.ending.neutral'),
            d.trends.endings.neutral,
            'trends.endings.neutral',
          ],
          ['bad', t('trends.ending.bad'), d.trends.endings.bad, 'trends.endings.bad'],
          [
            'unknown',
            t('trends.ending.unknown'),
            d.trends.endings.unknown,
            'trends.endings.unknown',
          ],
        ],
        'ending',
      )}
    </div>
    ${
      d.pairs === undefined
        ? html`${heading(2, t('sections.pairs'))} ${paragraph(t('aggregateOnly'))}`
        : state.print
          ? ''
          : html`${heading(2, t('sections.pairs'))}
            ${
              d.pairs.length === 0
                ? paragraph(t('pairs.none'))
                : scrollableTable<NonNullable<Dashboard['pairs']>[number]>(t('sections.pairs'), {
                    caption: t('sections.pairs'),
                    captionHidden: true,
                    rows: d.pairs,
                    rowAttrs: (p) => html`data-status="${p.status}"`,
                    columns: [
                      { header: t('pairs.seeker'), cell: (p) => html`<bdi>${p.seeker}</bdi>` },
                      { header: t('pairs.buddy'), cell: (p) => html`<bdi>${p.buddy}</bdi>` },
                      {
                        header: t('pairs.status'),
                        cell: (p) => `${t(`status.${p.status}`)}${p.needsAttention ? ' ⚠' : ''}`,
                      },
                      { header: t('pairs.since'), cell: (p) => formatDate(ctx, p.since) },
                    ],
                  })
            }`
    }
    ${heading(2, t('sections.languages'))}
    <ul class="utrecht-unordered-list">
      ${d.languages
        .slice(0, 12)
        .map(
          (x) =>
            html`<li>
              ${l.languageName(x.language)}:
              ${shown(`languages.${x.language}.enrolled`, x.enrolled)}
            </li>`,
        )}
    </ul>`;
  if (state.print) return printPage(ctx, { title: `${t('title')} · ${d.schoolName}`, body });
  return workspacePage(ctx, { title: t('title'), active: 'overview', body });
}
