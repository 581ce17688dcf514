import { html, raw, RawHtml } from '../../../common/http/html';
import { PageContext, schoolHref } from '../../../workspace/page-context';
import { button, csrfField, pagination } from '../../../workspace/views/components';
import type { PrintableLetter } from '../../notification-queries.service';
import { LETTER_CSS } from '../../templates/letter-html';

const STYLESHEETS = ['/assets/utrecht.css', '/assets/workspace.css'];

/** The toolbar above the letters; it is not printed. */
const PAGE_CSS = `
  .om-letter-page { background: #e9e6df; }
  .om-letter-toolbar { background: var(--om-color-surface); border-block-end: 1px solid var(--om-color-border-light); }
  .om-letter-toolbar__inner { max-inline-size: 60rem; margin-inline: auto; padding: 0.75rem 1rem; display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center; }
  .om-letter-toolbar__inner > * { margin: 0; }
  .om-letter-toolbar a { display: inline-flex; align-items: center; min-block-size: 44px; }
  .om-letter-toolbar .utrecht-pagination { margin: 0; }
  .om-letters { padding-block: 0.5rem; }
  @media print { .om-letter-page { background: #fff; } .om-letters { padding: 0; } }
`;

export interface LettersViewInput {
  title: string;
  letters: PrintableLetter[];
  /** A form under the toolbar's text: mark these tasks as handed over. */
  handedOver?: { action: string; ids: string[]; label: string };
  /** Paging of "print all". */
  paging?: { page: number; pageSize: number; total: number };
  intro: string;
}

/**
 * A page of printable letters: a toolbar for the consultant (back, how to print, mark as
 * handed over) that is not printed, then one letter per sheet, each section in its own
 * language and direction. Needs no script.
 */
export function lettersView(ctx: PageContext, p: LettersViewInput): string {
  const m = ctx.tr('ws-messages');
  const toolbar = html`<header class="om-letter-toolbar om-no-print">
    <div class="om-letter-toolbar__inner">
      <a class="utrecht-link" href="${schoolHref(ctx, '/tasks')}">${m('letters.back')}</a>
      <p class="utrecht-paragraph">${p.intro}</p>
      ${
        p.paging
          ? pagination(ctx, {
              ...p.paging,
              href: (page) => schoolHref(ctx, `/tasks/letters?page=${page}`),
            })
          : ''
      }
      ${
        p.handedOver && p.handedOver.ids.length
          ? html`<form method="post" action="${p.handedOver.action}" class="om-inline-form">
              ${csrfField(ctx)}
              ${p.handedOver.ids.map((id) => html`<input type="hidden" name="ids" value="${id}" />`)}
              ${button(p.handedOver.label, { variant: 'secondary' })}
            </form>`
          : ''
      }
    </div>
  </header>`;
  const inner: RawHtml = html`${toolbar}
    <main id="main" class="om-letters" tabindex="-1">
      ${
        p.letters.length
          ? p.letters.map((l) => raw(l.html))
          : html`<div class="om-print">
              <h1 class="utrecht-heading-1">${p.title}</h1>
              <p class="utrecht-paragraph">${m('letters.none')}</p>
            </div>`
      }
    </main>`;
  return `<!doctype html>${
    html`<html lang="${ctx.lang}" dir="${ctx.dir}" class="utrecht-root om-theme">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="robots" content="noindex,nofollow" />
        <meta name="referrer" content="same-origin" />
        <title>${p.title} · oudermaatje</title>
        ${STYLESHEETS.map((href) => html`<link rel="stylesheet" href="${href}" />`)}
        <style>
          ${raw(LETTER_CSS + PAGE_CSS)}
        </style>
      </head>
      <body class="utrecht-body utrecht-document om-letter-page">
        ${inner}
      </body>
    </html>`.value
  }`;
}
