import { html, RawHtml } from '../common/http/html';
import type { PageContext } from '../workspace/page-context';
import { formatDate } from '../workspace/page-context';
import { workspacePage } from '../workspace/views/layout';
import type { Dashboard } from './dashboard.service';

type T = (key: string, options?: Record<string, unknown>) => string;

export interface PageLabels {
  t: T;
  lang: string;
  dir: 'ltr' | 'rtl';
  languageName: (code: string) => string;
  situationLabel: (code: string) => string;
}

const FIGURES = [
  'enrolled',
  'seekers',
  'buddies',
  'waiting',
  'proposed',
  'awaitingAnswer',
  'activePairs',
  'endedPairs',
  'freeCapacity',
  'medianDaysToProposal',
] as const;

export function dashboardPage(ctx: PageContext, l: PageLabels, d: Dashboard): string {
  const { t } = l;
  const figure = (key: (typeof FIGURES)[number]): RawHtml => {
    const value = d.figures[key];
    return html`<div class="om-card om-figure">
      <dt>${t(`figures.${key}`)}</dt>
      <dd class="om-figure__value" data-figure="${key}">${value ?? '–'}</dd>
    </div>`;
  };
  const advice = d.advice.filter((a) =>
    ['no_shared_language', 'no_experience', 'all_full'].includes(a.reason),
  );
  const percent = d.reach.weakDutchParents
    ? Math.round((100 * d.reach.weakDutchTakingPart) / d.reach.weakDutchParents)
    : 0;
  const body = html`<h1 class="utrecht-heading-1">${t('title')}</h1>
    <p><strong>${t('school')}:</strong> ${d.schoolName}</p>
    <p>${t('updated', { date: formatDate(ctx, d.generatedAt, 'dateTime') })}</p>
    <dl class="om-figures">${FIGURES.map(figure)}</dl>
    <h2 class="utrecht-heading-2">${t('sections.pairs')}</h2>
    ${
      d.pairs === undefined
        ? html`<p>${t('aggregateOnly')}</p>`
        : d.pairs.length === 0
          ? html`<p>${t('pairs.none')}</p>`
          : html`<div class="om-table-container">
              <table class="utrecht-table utrecht-table--html-table">
                <thead>
                  <tr>
                    <th scope="col" style="text-align:start">${t('pairs.seeker')}</th>
                    <th scope="col" style="text-align:start">${t('pairs.buddy')}</th>
                    <th scope="col" style="text-align:start">${t('pairs.status')}</th>
                    <th scope="col" style="text-align:start">${t('pairs.since')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${d.pairs.map(
                    (p) =>
                      html`<tr data-status="${p.status}">
                        <td><bdi>${p.seeker}</bdi></td>
                        <td><bdi>${p.buddy}</bdi></td>
                        <td>${t(`status.${p.status}`)}${p.needsAttention ? ' ⚠' : ''}</td>
                        <td>${formatDate(ctx, p.since)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
    }
    <h2 class="utrecht-heading-2">${t('sections.advice')}</h2>
    ${
      advice.length
        ? html`<ul class="utrecht-unordered-list">
            ${advice.map((a) => html`<li>${t(`advice.${a.reason}`, { count: a.count, languages: a.languages.map(l.languageName).join(', '), situations: a.situations.map(l.situationLabel).join(', ') })}</li>`)}
          </ul>`
        : html`<p>${t('advice.none')}</p>`
    }
    <h2 class="utrecht-heading-2">${t('sections.reach')}</h2>
    <ul class="utrecht-unordered-list">
      <li>${t('reach.activitiesHeld', { count: d.reach.activitiesHeld })}</li>
      <li>${t('reach.parentsReached', { count: d.reach.parentsReached })}</li>
      <li>${t('reach.firstTimers', { count: d.reach.firstTimers })}</li>
      <li>${t('reach.weakDutchReached', { percent })}</li>
    </ul>
    <h2 class="utrecht-heading-2">${t('sections.languages')}</h2>
    <ul class="utrecht-unordered-list">
      ${d.languages.slice(0, 12).map((x) => html`<li>${l.languageName(x.language)}: ${x.enrolled}</li>`)}
    </ul> `;
  return workspacePage(ctx, { title: t('title'), active: 'overview', body });
}
