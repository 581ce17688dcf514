import { html, RawHtml } from '../../common/http/html';
import { isSchoolAdmin, PageContext, schoolHref, seesPeople } from '../page-context';
import type { DashboardAction } from '../../dashboard/dashboard.service';
import { heading, paragraph } from './components';
import { navigation, workspacePage } from './layout';

/** What to do next in the school (from the overview), with its texts. */
export interface HomeNext {
  actions: DashboardAction[];
  t: (key: string, options?: Record<string, unknown>) => string;
}

/** The staff member's start page in a school: every job, with a sentence on what it is for. */
export function homeView(ctx: PageContext, next?: HomeNext): string {
  const { t } = ctx;
  const jobs = navigation(ctx).filter((n) => n.key !== 'home');
  return workspacePage(ctx, {
    title: t('home.title', { school: ctx.school?.name ?? '' }),
    active: 'home',
    body: html`<h1 class="utrecht-heading-1">${t('home.greeting', { name: ctx.staffName })}</h1>
      ${paragraph(t(`home.role.${ctx.school?.role ?? 'viewer'}`, { school: ctx.school?.name ?? '' }), true)}
      ${next ? nextSection(ctx, next) : ''}
      <ul class="om-cards">
        ${jobs.map(
          (j) =>
            html`<li class="om-card">
              <h2 class="utrecht-heading-3">
                <a class="utrecht-link" href="${j.href}">${t(`nav.${j.key}`)}</a>
              </h2>
              <p class="utrecht-paragraph">${t(`home.jobs.${j.key}`)}</p>
            </li>`,
        )}
      </ul>
      ${!seesPeople(ctx) && !isSchoolAdmin(ctx) ? paragraph(t('home.viewerNote')) : ''}
      ${
        ctx.boards.length
          ? html`<h2 class="utrecht-heading-2">${t('home.boards')}</h2>
              <ul class="utrecht-unordered-list">
                ${ctx.boards.map((b) => html`<li><a class="utrecht-link" href="/boards/${b.id}">${b.name}</a></li>`)}
              </ul>`
          : ''
      }
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="${schoolHref(ctx, '/overview')}">${t('home.toOverview')}</a>
      </p>`,
  });
}

/** Staff of several schools (or a board) choose where to work. */
export function schoolsView(ctx: PageContext): string {
  const { t } = ctx;
  return workspacePage(ctx, {
    title: t('schools.title'),
    narrow: true,
    body: html`<h1 class="utrecht-heading-1">${t('schools.title')}</h1>
      ${
        ctx.schools.length
          ? html`<ul class="om-cards">
              ${ctx.schools.map(
                (s) =>
                  html`<li class="om-card">
                    <h2 class="utrecht-heading-3">
                      <a class="utrecht-link" href="/schools/${s.id}">${s.name}</a>
                    </h2>
                    <p class="utrecht-paragraph">${t(`roles.${s.role}`)}</p>
                  </li>`,
              )}
            </ul>`
          : paragraph(t('schools.none'))
      }
      ${
        ctx.boards.length
          ? html`<h2 class="utrecht-heading-2">${t('home.boards')}</h2>
              <ul class="utrecht-unordered-list">
                ${ctx.boards.map((b) => html`<li><a class="utrecht-link" href="/boards/${b.id}">${b.name}</a></li>`)}
              </ul>`
          : ''
      }`,
  });
}

/** The overview's "what to do next": links for staff who do it, counts for viewers. */
function nextSection(ctx: PageContext, next: HomeNext): RawHtml {
  const links = seesPeople(ctx);
  return html`<section class="om-panel" aria-labelledby="next-title" data-next>
    ${heading(2, next.t('sections.next'), 'next-title')}
    ${
      next.actions.length
        ? html`<ul class="utrecht-unordered-list">
            ${next.actions.map(
              (a) =>
                html`<li data-action="${a.key}">
                  ${
                    links
                      ? html`<a class="utrecht-link" href="${a.href}"
                          >${next.t(`actions.${a.key}`, { number: a.count })}</a
                        >`
                      : next.t(`actions.${a.key}`, {
                          number: a.count ?? next.t('fewerThan5'),
                        })
                  }
                </li>`,
            )}
          </ul>`
        : paragraph(next.t('actions.none'))
    }
  </section>`;
}
