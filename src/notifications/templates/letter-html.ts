import type { MessageLinks, MessageSection } from '../message-renderer';
import { escapeHtml, markedToHtml } from './marks';

/**
 * A printable letter for the child's school bag: the parent's language first, Dutch on the
 * next page, each with its own `lang` and `dir`; large type; the link written out in full.
 */
export function letterHtml(
  sections: MessageSection[],
  links: MessageLinks,
  asks: boolean,
  meta: { schoolName: string; date: string; title: string },
): string {
  const main = sections[0];
  const pages = sections
    .map((s) => {
      const m = (marked: string): string => markedToHtml(marked, links.preferences);
      const blocks = s.blocks
        .map((b) =>
          b.type === 'p'
            ? `<p>${m(b.text)}</p>`
            : `<p><strong>${m(b.title)}</strong></p><ul>${b.items.map((i) => `<li>${m(i)}</li>`).join('')}</ul>`,
        )
        .join('\n');
      const action =
        asks && s.action
          ? `<p class="action"><strong>${m(s.action.label)}</strong><br>${m(s.action.hint)}<br><span class="url" dir="ltr">${escapeHtml(links.action)}</span></p>`
          : '';
      return `<section class="letter" lang="${s.language}" dir="${s.dir}">
<header><p class="school"><bdi>${escapeHtml(meta.schoolName)}</bdi></p><p class="date"><bdi>${escapeHtml(meta.date)}</bdi></p></header>
<h1>${m(s.subject)}</h1>
<p>${m(s.greeting)}</p>
${blocks}
${action}
<p>${m(s.signoff)}</p>
<footer><p>${m(s.footer.why)}</p><p>${m(s.footer.readingHelp)}</p></footer>
</section>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${main.language}" dir="${main.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(meta.title)}</title>
<style>
  body { margin: 0; background: #eee; font-family: 'Noto Sans', 'Noto Sans Arabic', 'Noto Sans Ethiopic', Tahoma, Arial, sans-serif; color: #000; }
  .letter { box-sizing: border-box; max-width: 21cm; min-height: 29.7cm; margin: 1cm auto; padding: 2cm; background: #fff; font-size: 14pt; line-height: 1.6; text-align: start; }
  header { display: flex; justify-content: space-between; margin-block-end: 1.5em; }
  h1 { font-size: 18pt; margin-block: 0 1em; }
  ul { padding-inline-start: 1.5em; }
  .action { margin-block: 1.5em; padding: 0.75em 1em; border: 2px solid #000; }
  .url { font-family: monospace; font-size: 11pt; word-break: break-all; unicode-bidi: isolate; }
  footer { margin-block-start: 2em; padding-block-start: 0.5em; border-block-start: 1px solid #000; font-size: 11pt; }
  @page { size: A4; margin: 0; }
  @media print {
    body { background: #fff; }
    .letter { margin: 0; min-height: auto; break-after: page; page-break-after: always; }
    .letter:last-child { break-after: auto; page-break-after: auto; }
  }
</style>
</head>
<body>
${pages}
</body>
</html>
`;
}
