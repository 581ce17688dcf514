import { html, RawHtml } from '../../common/http/html';
import { isSchoolAdmin, PageContext, schoolHref, seesPeople } from '../page-context';
import { alert, csrfField, type Child } from './components';

/** The workspace's navigation: every staff page is reached from here. */
export type NavKey =
  | 'home'
  | 'parents'
  | 'intake'
  | 'import'
  | 'tasks'
  | 'matching'
  | 'matches'
  | 'activities'
  | 'messages'
  | 'overview'
  | 'settings'
  | 'staff'
  | 'audit'
  | 'board'
  | 'account';

interface NavItem {
  key: NavKey;
  href: string;
}

/** What a staff member sees in the navigation, by their role in the current school. */
export function navigation(ctx: PageContext): NavItem[] {
  const items: NavItem[] = [];
  if (!ctx.school) return items;
  const at = (key: NavKey, rest: string): NavItem => ({ key, href: schoolHref(ctx, rest) });
  items.push(at('home', ''));
  if (seesPeople(ctx))
    items.push(
      at('parents', '/parents'),
      at('intake', '/parents/new'),
      at('import', '/parents/import'),
      at('tasks', '/tasks'),
      at('matching', '/matching'),
      at('matches', '/matches'),
      at('activities', '/activities'),
      at('messages', '/messages'),
    );
  items.push(at('overview', '/overview'));
  if (isSchoolAdmin(ctx))
    items.push(at('settings', '/settings'), at('staff', '/staff'), at('audit', '/audit'));
  return items;
}

export interface WorkspacePageInput {
  title: string;
  body: Child;
  /** The navigation item to mark as current. */
  active?: NavKey;
  /** A narrow page (forms of one column). */
  narrow?: boolean;
  /** Scripts that improve the page (served from /assets); the page works without them. */
  scripts?: string[];
}

const STYLESHEETS = ['/assets/utrecht.css', '/assets/workspace.css'];

function document(
  ctx: Pick<PageContext, 'lang' | 'dir'>,
  title: string,
  inner: RawHtml,
  scripts: string[] = [],
): string {
  return `<!doctype html>${
    html`<html lang="${ctx.lang}" dir="${ctx.dir}" class="utrecht-root om-theme">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="robots" content="noindex,nofollow" />
        <meta name="referrer" content="same-origin" />
        <title>${title} · oudermaatje</title>
        ${STYLESHEETS.map((href) => html`<link rel="stylesheet" href="${href}" />`)}
        ${scripts.map((src) => html`<script src="${src}" defer></script>`)}
      </head>
      <body class="utrecht-body utrecht-document om-body">
        ${inner}
      </body>
    </html>`.value
  }`;
}

/** A page of the workspace for a logged-in staff member: header, navigation, main, footer. */
export function workspacePage(ctx: PageContext, p: WorkspacePageInput): string {
  const t = ctx.t;
  const nav = navigation(ctx);
  const switchable = ctx.schools.length > 1 || ctx.boards.length > 0;
  const inner = html`<a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#main"
      >${t('layout.skip')}</a
    >
    <header class="utrecht-page-header om-header">
      <div class="om-header__inner">
        <a class="om-brand" href="/">${t('layout.product')}</a>
        ${
          ctx.school
            ? html`<p class="om-header__school">
                <span class="om-visually-hidden">${t('layout.school')}: </span>${ctx.school.name}
                ${switchable ? html` · <a class="utrecht-link om-header__link" href="/schools">${t('layout.switchSchool')}</a>` : ''}
              </p>`
            : ''
        }
        <div class="om-header__user">
          <a class="utrecht-link om-header__link" href="/account">${ctx.staffName}</a>
          <form method="post" action="/logout" class="om-inline-form">
            ${csrfField(ctx)}
            <button
              class="utrecht-button utrecht-button--subtle-action om-header__logout"
              type="submit"
            >
              ${t('layout.logout')}
            </button>
          </form>
        </div>
      </div>
    </header>
    ${
      nav.length
        ? html`<nav class="om-nav" aria-label="${t('layout.navigation')}">
            <ul class="om-nav__list">
              ${nav.map(
                (item) =>
                  html`<li class="om-nav__item">
                    <a
                      class="om-nav__link"
                      href="${item.href}"
                      ${item.key === p.active ? html`aria-current="page"` : ''}
                      >${t(`nav.${item.key}`)}</a
                    >
                  </li>`,
              )}
            </ul>
          </nav>`
        : ''
    }
    <main
      id="main"
      class="utrecht-page-content om-main ${p.narrow ? 'om-main--narrow' : ''}"
      tabindex="-1"
    >
      ${ctx.notice ? alert('ok', ctx.notice, { role: 'status' }) : ''} ${p.body}
    </main>
    <footer class="utrecht-page-footer om-footer">
      <p class="utrecht-paragraph">${t('layout.footer')}</p>
    </footer>`;
  // The shared script improves every page (focus on errors, live filters, copy, confirm).
  return document(ctx, p.title, inner, [
    ...new Set(['/assets/workspace.js', ...(p.scripts ?? [])]),
  ]);
}

/** A page without a session: the login form, forgotten password, setting a password. */
export function publicPage(
  ctx: { lang: PageContext['lang']; dir: PageContext['dir']; t: PageContext['t'] },
  p: { title: string; body: Child },
): string {
  const inner = html`<a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#main"
      >${ctx.t('layout.skip')}</a
    >
    <header class="utrecht-page-header om-header">
      <div class="om-header__inner">
        <a class="om-brand" href="/">${ctx.t('layout.product')}</a>
      </div>
    </header>
    <main id="main" class="utrecht-page-content om-main om-main--narrow" tabindex="-1">
      ${p.body}
    </main>
    <footer class="utrecht-page-footer om-footer">
      <p class="utrecht-paragraph">${ctx.t('layout.footer')}</p>
    </footer>`;
  return document(ctx, p.title, inner);
}

/** A page printed on paper (a letter): no navigation, the school's name, print styles. */
export function printPage(
  ctx: { lang: string; dir: 'ltr' | 'rtl' },
  p: { title: string; body: Child },
): string {
  return document(
    ctx as Pick<PageContext, 'lang' | 'dir'>,
    p.title,
    html`<main id="main" class="om-print">${p.body}</main>`,
  );
}
