import type { MessageLinks, MessageSection } from '../message-renderer';
import { safeHref } from '../../common/http/html';
import { escapeHtml, markedToHtml } from './marks';

const FONT =
  "font-family:-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans Arabic','Noto Sans Ethiopic',Tahoma,Arial,sans-serif";

/**
 * A small, accessible e-mail: real `lang` and `dir` on the document and on every language
 * section, logical alignment (text-align: start), large text, one big button for a message
 * that asks something (with the link also written out), names and numbers in `<bdi>`.
 */
export function emailHtml(sections: MessageSection[], links: MessageLinks, asks: boolean): string {
  const main = sections[0];
  const body = sections.map((s, i) => sectionHtml(s, links, asks, i > 0)).join('\n');
  return `<!DOCTYPE html>
<html lang="${main.language}" dir="${main.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${markedToHtml(main.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f3f1ec;${FONT}">
${body}
</body>
</html>
`;
}

export function sectionHtml(
  s: MessageSection,
  links: MessageLinks,
  asks: boolean,
  separated = false,
): string {
  const m = (marked: string): string => markedToHtml(marked, links.preferences);
  const blocks = s.blocks
    .map((b) =>
      b.type === 'p'
        ? `<p style="margin:0 0 16px">${m(b.text)}</p>`
        : `<p style="margin:0 0 8px;font-weight:bold">${m(b.title)}</p>\n<ul style="margin:0 0 16px;padding-inline-start:24px">${b.items.map((i) => `<li style="margin:0 0 6px">${m(i)}</li>`).join('')}</ul>`,
    )
    .join('\n');
  const button =
    asks && s.action
      ? `<p style="margin:24px 0 8px"><a href="${escapeHtml(safeHref(links.action))}" style="display:inline-block;padding:16px 28px;background:#0b4f96;color:#ffffff;font-size:20px;font-weight:bold;text-decoration:none;border-radius:8px">${m(s.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:15px;color:#333333">${m(s.action.hint)}<br><a href="${escapeHtml(safeHref(links.action))}" dir="ltr" style="color:#0b4f96;word-break:break-all">${escapeHtml(links.action)}</a></p>`
      : '';
  const note = s.bilingualNote
    ? `\n<p style="margin:24px 0 0;font-style:italic">${m(s.bilingualNote)}</p>`
    : '';
  return `<div lang="${s.language}" dir="${s.dir}" style="max-width:600px;margin:0 auto;padding:24px 20px;background:#ffffff;color:#1a1a1a;font-size:18px;line-height:1.6;text-align:start;${separated ? 'border-top:4px solid #d8d3c8;' : ''}">
<p style="margin:0 0 16px">${m(s.greeting)}</p>
${blocks}
${button}
<p style="margin:24px 0 0">${m(s.signoff)}</p>
<div role="contentinfo" style="margin-top:32px;padding-top:16px;border-top:1px solid #d8d3c8;font-size:15px;line-height:1.5;color:#444444">
<p style="margin:0 0 8px">${m(s.footer.why)}</p>
<p style="margin:0 0 8px">${m(s.footer.stop)}</p>
<p style="margin:0">${m(s.footer.readingHelp)}</p>
</div>${note}
</div>`;
}
