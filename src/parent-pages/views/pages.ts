import { html, raw, RawHtml } from '../../common/http/html';

/** Line icons (inline SVG: no font or emoji support needed on an old phone). */
const ICONS = {
  check: '<polyline points="20 6 9 17 4 12"/>',
  cross: '<line x1="18" y1="6" x2="6" y2="18"/><line x1="6" y1="6" x2="18" y2="18"/>',
  globe:
    '<circle cx="12" cy="12" r="10"/><line x1="2" y1="12" x2="22" y2="12"/><path d="M12 2a15 15 0 0 1 4 10 15 15 0 0 1-4 10 15 15 0 0 1-4-10 15 15 0 0 1 4-10z"/>',
  bellOff:
    '<path d="M13.7 21a2 2 0 0 1-3.4 0"/><path d="M18.6 13A18 18 0 0 1 18 8"/><path d="M6.3 6.3A6 6 0 0 0 6 8c0 7-3 9-3 9h14"/><path d="M18 8a6 6 0 0 0-9.3-5"/><line x1="1" y1="1" x2="23" y2="23"/>',
  bell: '<path d="M18 8A6 6 0 0 0 6 8c0 7-3 9-3 9h18s-3-2-3-9"/><path d="M13.7 21a2 2 0 0 1-3.4 0"/>',
  calendar:
    '<rect x="3" y="4" width="18" height="18" rx="2"/><line x1="16" y1="2" x2="16" y2="6"/><line x1="8" y1="2" x2="8" y2="6"/><line x1="3" y1="10" x2="21" y2="10"/>',
  smile:
    '<circle cx="12" cy="12" r="10"/><path d="M8 14s1.5 2 4 2 4-2 4-2"/><line x1="9" y1="9" x2="9.01" y2="9"/><line x1="15" y1="9" x2="15.01" y2="9"/>',
  meh: '<circle cx="12" cy="12" r="10"/><line x1="8" y1="15" x2="16" y2="15"/><line x1="9" y1="9" x2="9.01" y2="9"/><line x1="15" y1="9" x2="15.01" y2="9"/>',
  stop: '<circle cx="12" cy="12" r="10"/><rect x="9" y="9" width="6" height="6"/>',
} as const;
export type IconName = keyof typeof ICONS;

/** The building blocks of parent pages; all texts come in already translated. */
export const icon = (name: IconName): RawHtml =>
  raw(
    `<svg class="icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round">${ICONS[name]}</svg>`,
  );

export function actionForm(
  formToken: string,
  action: string,
  label: string,
  kind: 'yes' | 'no' | 'plain',
  symbol: IconName,
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
