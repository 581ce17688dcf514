import { html, RawHtml } from '../../common/http/html';

/** The building blocks of parent pages; all texts come in already translated. */
export const icon = (symbol: string): RawHtml =>
  html`<span class="icon" aria-hidden="true">${symbol}</span>`;

export function actionForm(
  formToken: string,
  action: string,
  label: string,
  kind: 'yes' | 'no' | 'plain',
  symbol: string,
  extra: RawHtml = html``,
): RawHtml {
  return html`<form method="post">
    <input type="hidden" name="form" value="${formToken}" /><input
      type="hidden"
      name="action"
      value="${action}"
    />${extra}<button class="btn btn-${kind}" type="submit">
      ${icon(symbol)}<span>${label}</span>
    </button>
  </form>`;
}

export function notice(title: string, text: string, warn = false): RawHtml {
  return html`<h1>${title}</h1>
    <p class="notice${warn ? ' warn' : ''}" role="status">${text}</p>`;
}

/** Wraps a name so it reads correctly inside a sentence of the other direction. */
export const bdi = (s: string): RawHtml => html`<bdi>${s}</bdi>`;
