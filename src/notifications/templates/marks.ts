import { safeHref } from '../../common/http/html';
/**
 * Sentences are translated whole, with names and numbers put in through placeholders. The
 * values are wrapped in private-use marks so each output format can isolate them in its own
 * way: `<bdi>` in HTML, FSI/PDI in plain text of right-to-left languages, nothing otherwise.
 */
export const ISOLATE_START = '\uE000';
export const ISOLATE_END = '\uE001';
/** Stands for the parent's link inside a sentence ("... change that here: {{link}}"). */
export const LINK_MARK = '\uE002';

const FSI = '\u2068';
const PDI = '\u2069';
/** Right-to-left mark: sets the paragraph direction of a plain-text line (first strong character). */
export const RLM = '\u200F';

const CONTROL = /[\uE000-\uE002\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Removes our marks and any bidi controls from a value that came from outside. */
export function clean(value: string | number | null | undefined): string {
  return (value === null || value === undefined ? '' : String(value)).replace(CONTROL, '');
}

/** A value (name, title, date, number) that must keep its own direction inside a sentence. */
export function iso(value: string | number | null | undefined): string {
  return `${ISOLATE_START}${clean(value)}${ISOLATE_END}`;
}

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** A marked sentence as HTML: escaped, values in `<bdi>`, the link mark as a real link. */
export function markedToHtml(marked: string, linkUrl?: string): string {
  const link = linkUrl
    ? `<a href="${escapeHtml(safeHref(linkUrl))}" dir="ltr" style="color:#0b4f96;word-break:break-all">${escapeHtml(linkUrl)}</a>`
    : '';
  return escapeHtml(marked)
    .replace(/\uE000/g, '<bdi>')
    .replace(/\uE001/g, '</bdi>')
    .replace(/\uE002/g, link);
}

/**
 * A marked sentence as one plain-text line. Right to left: the line starts with RLM so
 * readers lay the paragraph out right to left even when it begins with a Latin name, and
 * values are isolated (FSI ... PDI). A URL is never touched by isolates, so it stays clickable.
 */
export function markedToText(marked: string, dir: 'ltr' | 'rtl', linkUrl?: string): string {
  const rtl = dir === 'rtl';
  const line = marked
    .replace(/\uE000/g, rtl ? FSI : '')
    .replace(/\uE001/g, rtl ? PDI : '')
    .replace(/\uE002/g, linkUrl ?? '');
  return rtl && line ? `${RLM}${line}` : line;
}

/** A marked sentence without any marks (for the stored subject shown to staff, logs). */
export function markedToPlain(marked: string, linkUrl?: string): string {
  return marked.replace(/[\uE000\uE001]/g, '').replace(/\uE002/g, linkUrl ?? '');
}
