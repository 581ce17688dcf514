import { html, RawHtml } from '../common/http/html';
import { layout } from '../parent-pages/views/layout';
import type { Dashboard } from './dashboard.service';

type T = (key: string, options?: Record<string, unknown>) => string;

export interface PageLabels {
  t: T;
  lang: string;
  dir: 'ltr' | 'rtl';
  languageName: (code: string) => string;
  situationLabel: (code: string) => string;
}

export function loginPage(l: PageLabels, message?: string): string {
  const { t } = l;
  return layout({
    lang: l.lang,
    dir: l.dir,
    title: t('login.title'),
    skipLabel: t('title'),
    footer: 'oudermaatje',
    body: html`<h1>${t('login.title')}</h1>
      ${message ? html`<p class="notice warn" role="alert">${message}</p>` : ''}
      <form method="post" action="/dashboard/login" class="card">
        <label for="email">${t('login.email')}</label
        ><input
          id="email"
          name="email"
          type="email"
          autocomplete="username"
          required
          style="width:100%;min-height:3rem;font:inherit;padding:0.5rem"
        />
        <label for="password">${t('login.password')}</label
        ><input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          style="width:100%;min-height:3rem;font:inherit;padding:0.5rem"
        />
        <button class="btn btn-yes" type="submit">${t('login.submit')}</button>
      </form>`,
  });
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

export function dashboardPage(
  l: PageLabels,
  d: Dashboard,
  schools: { id: string; name: string }[],
): string {
  const { t } = l;
  const figure = (key: (typeof FIGURES)[number]): RawHtml => {
    const value = d.figures[key];
    return html`<div class="card" style="margin:0">
      <dt>${t(`figures.${key}`)}</dt>
      <dd style="font-size:1.6rem;font-weight:700" data-figure="${key}">${value ?? '–'}</dd>
    </div>`;
  };
  const advice = d.advice.filter((a) =>
    ['no_shared_language', 'no_experience', 'all_full'].includes(a.reason),
  );
  const percent = d.reach.weakDutchParents
    ? Math.round((100 * d.reach.weakDutchTakingPart) / d.reach.weakDutchParents)
    : 0;
  const body = html`<h1>${t('title')}</h1>
    <p><strong>${t('school')}:</strong> ${d.schoolName}</p>
    ${
      schools.length > 1
        ? html`<form method="get" action="/dashboard">
            <label for="school">${t('school')}</label
            ><select id="school" name="school">
              ${schools.map((s) => html`<option value="${s.id}" ${s.id === d.schoolId ? html` selected` : ''}>${s.name}</option>`)}</select
            ><button class="btn btn-plain" type="submit">${t('school')}</button>
          </form>`
        : ''
    }
    <p>
      ${t('updated', { date: new Date(d.generatedAt).toLocaleString(l.lang, { timeZone: 'Europe/Amsterdam' }) })}
    </p>
    <dl style="display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:0.75rem">
      ${FIGURES.map(figure)}
    </dl>
    <h2>${t('sections.pairs')}</h2>
    ${
      d.pairs === undefined
        ? html`<p>${t('aggregateOnly')}</p>`
        : d.pairs.length === 0
          ? html`<p>${t('pairs.none')}</p>`
          : html`<div class="card" style="overflow-x:auto">
              <table style="width:100%;border-collapse:collapse;text-align:start">
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
                        <td>
                          ${new Date(p.since).toLocaleDateString(l.lang, { timeZone: 'Europe/Amsterdam' })}
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
    }
    <h2>${t('sections.advice')}</h2>
    ${
      advice.length
        ? html`<ul>
            ${advice.map((a) => html`<li>${t(`advice.${a.reason}`, { count: a.count, languages: a.languages.map(l.languageName).join(', '), situations: a.situations.map(l.situationLabel).join(', ') })}</li>`)}
          </ul>`
        : html`<p>${t('advice.none')}</p>`
    }
    <h2>${t('sections.reach')}</h2>
    <ul>
      <li>${t('reach.activitiesHeld', { count: d.reach.activitiesHeld })}</li>
      <li>${t('reach.parentsReached', { count: d.reach.parentsReached })}</li>
      <li>${t('reach.firstTimers', { count: d.reach.firstTimers })}</li>
      <li>${t('reach.weakDutchReached', { percent })}</li>
    </ul>
    <h2>${t('sections.languages')}</h2>
    <ul>
      ${d.languages.slice(0, 12).map((x) => html`<li>${l.languageName(x.language)}: ${x.enrolled}</li>`)}
    </ul>
    <form method="post" action="/dashboard/logout">
      <button class="btn btn-plain" type="submit">${t('login.logout')}</button>
    </form>`;
  return layout({
    lang: l.lang,
    dir: l.dir,
    title: t('title'),
    skipLabel: t('title'),
    footer: 'oudermaatje',
    body,
  });
}
