import type { MessageLinks, MessageSection } from '../message-renderer';
import { escapeHtml, markedToHtml } from './marks';

/** How a parent answers a letter: scan the QR code, or type the short code at the site. */
export interface LetterAnswer {
  /** The short code, formatted (ABCD-2345). */
  code: string;
  /** The QR code of the parent's link, as an SVG document (no script, prints sharp). */
  qrSvg: string;
  /** Where to type the code, without the scheme ("school.example/c"). */
  site: string;
}

export interface LetterAnswerTexts extends LetterAnswer {
  /** The marked sentences per section language. */
  texts: Record<
    string,
    { scan: string; type: string; codeLabel: string; tell: string; qrLabel: string }
  >;
}

export interface LetterMeta {
  schoolName: string;
  date: string;
  title: string;
}

/** The letter's styles, scoped to `.letter`, so a staff page can hold letters too. */
export const LETTER_CSS = `
  .letter { box-sizing: border-box; max-width: 21cm; min-height: 29.7cm; margin: 1cm auto; padding: 2cm; background: #fff; color: #000; font-family: 'Noto Sans', 'Noto Sans Arabic', 'Noto Sans Ethiopic', Tahoma, Arial, sans-serif; font-size: 14pt; line-height: 1.6; text-align: start; }
  .letter header { display: flex; justify-content: space-between; gap: 1em; margin-block-end: 1.5em; }
  .letter header p { margin: 0; }
  .letter h1 { font-size: 18pt; margin-block: 0 1em; }
  .letter ul { padding-inline-start: 1.5em; }
  .letter .action { margin-block: 1.5em; padding: 0.75em 1em; border: 2px solid #000; }
  .letter .url { font-family: monospace; font-size: 11pt; word-break: break-all; unicode-bidi: isolate; }
  .letter .answer { margin-block: 1.5em; padding: 0.75em 1em; border: 2px solid #000; break-inside: avoid; }
  .letter .answer-title { margin-block: 0 0.5em; }
  .letter .answer-body { display: flex; gap: 1em; align-items: flex-start; }
  .letter .qr { flex: none; margin: 0; }
  .letter .qr svg { display: block; width: 4cm; height: 4cm; }
  .letter .answer-text { flex: 1 1 auto; min-width: 0; overflow-wrap: anywhere; }
  .letter .answer-text p { margin-block: 0 0.5em; }
  .letter .code { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.5em; }
  .letter .code-value { font-family: 'DejaVu Sans Mono', Consolas, monospace; font-size: 22pt; font-weight: 700; letter-spacing: 0.12em; padding: 0.1em 0.4em; border: 2px dashed #000; unicode-bidi: isolate; white-space: nowrap; }
  .letter footer { margin-block-start: 2em; padding-block-start: 0.5em; border-block-start: 1px solid #000; font-size: 11pt; }
  @media screen and (max-width: 40rem) {
    .letter { margin: 0.5rem auto; padding: 1rem; min-height: 0; font-size: 12pt; }
    .letter .answer-body { flex-direction: column; }
  }
  @page { size: A4; margin: 0; }
  @media print {
    .letter { margin: 0; min-height: auto; break-after: page; page-break-after: always; }
    .letter:last-child { break-after: auto; page-break-after: auto; }
  }
`;

/** The QR code's SVG with a name for screen readers, in the section's language. */
function qrFigure(svg: string, label: string): string {
  const named = svg
    .trim()
    .replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(label)}" focusable="false" `);
  return `<figure class="qr">${named}</figure>`;
}

function answerHtml(
  s: MessageSection,
  m: (marked: string) => string,
  answer: LetterAnswerTexts,
): string {
  const t = answer.texts[s.language];
  return `<div class="answer">
<p class="answer-title"><strong>${m(s.action!.label)}</strong></p>
<div class="answer-body">
${qrFigure(answer.qrSvg, t.qrLabel)}
<div class="answer-text">
<p>${m(t.scan)}</p>
<p>${m(t.type)}</p>
<p class="code"><span class="code-label">${m(t.codeLabel)}</span> <span class="code-value" dir="ltr">${escapeHtml(answer.code)}</span></p>
<p>${m(t.tell)}</p>
</div>
</div>
</div>`;
}

/**
 * The sections of a printable letter for the child's school bag: the parent's language
 * first, Dutch on the next page, each with its own `lang` and `dir`; large type. A letter
 * that asks something carries a QR code and a short code instead of a button (or, without
 * them, the link written out in full).
 */
export function letterSectionsHtml(
  sections: MessageSection[],
  links: MessageLinks,
  asks: boolean,
  meta: LetterMeta,
  answer?: LetterAnswerTexts,
): string {
  return sections
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
          ? answer?.texts[s.language]
            ? answerHtml(s, m, answer)
            : `<p class="action"><strong>${m(s.action.label)}</strong><br>${m(s.action.hint)}<br><span class="url" dir="ltr">${escapeHtml(links.action)}</span></p>`
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
}

/** A whole printable page with one letter. */
export function letterHtml(
  sections: MessageSection[],
  links: MessageLinks,
  asks: boolean,
  meta: LetterMeta,
  answer?: LetterAnswerTexts,
): string {
  const main = sections[0];
  return `<!DOCTYPE html>
<html lang="${main.language}" dir="${main.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(meta.title)}</title>
<style>
  body { margin: 0; background: #eee; }
${LETTER_CSS}
  @media print { body { background: #fff; } }
</style>
</head>
<body>
${letterSectionsHtml(sections, links, asks, meta, answer)}
</body>
</html>
`;
}
