/** Minimal safe HTML templating: every interpolated value is escaped unless wrapped in raw(). */
export class RawHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export const raw = (value: string): RawHtml => new RawHtml(value);

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const SPECIAL = /[&<>"']/;
const SPECIALS = /[&<>"']/g;

export function escapeHtml(value: unknown): string {
  const text = String(value);
  // Most values (names, sentences, ids) have nothing to escape: no new string for them.
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ENTITIES[c]) : text;
}

type Part = string | number | RawHtml | null | undefined | false | Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (Array.isArray(part)) return part.map(render).join('');
  if (part instanceof RawHtml) return part.value;
  return escapeHtml(part);
}

export function html(strings: TemplateStringsArray, ...values: Part[]): RawHtml {
  let out = strings[0];
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1];
  });
  return raw(out);
}

/**
 * A URL for an href or src attribute: only http(s) links and links within the site
 * (a path, a query or a fragment). Anything else (javascript:, data:, vbscript:, a
 * scheme-relative //host) becomes "#", so a stored or typed value cannot run script.
 */
export function safeHref(url: string): string {
  const value = url.trim();
  // Browsers drop tabs and line breaks inside a URL ("java\tscript:"), so they are refused.
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\u0000-\u001F\u007F\\]/.test(value)) return '#';
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value);
  if (scheme) return /^https?$/i.test(scheme[1]) && /^https?:\/\/[^/]/i.test(value) ? value : '#';
  return value.startsWith('//') ? '#' : value;
}
