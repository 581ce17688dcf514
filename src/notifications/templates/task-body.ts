import type { MessageLinks, MessageSection } from '../message-renderer';
import { escapeHtml } from './marks';
import { sectionHtml } from './email-html';
import { sectionText } from './text-body';

export interface TaskLabels {
  title: string;
  instructions: string;
  parentLanguage: string;
  dutch: string;
}

/** A task for the consultant: what to pass on, in the parent's language and in Dutch side by side. */
export function taskText(
  labels: TaskLabels,
  sections: MessageSection[],
  links: MessageLinks,
  asks: boolean,
): string {
  const [own, dutch] = sections;
  const parts = [
    labels.instructions,
    '',
    `== ${labels.parentLanguage} ==`,
    '',
    sectionText(own, links, asks, false),
  ];
  if (dutch) parts.push('', `== ${labels.dutch} ==`, '', sectionText(dutch, links, asks, false));
  return parts.join('\n') + '\n';
}

export function taskHtml(
  labels: TaskLabels,
  sections: MessageSection[],
  links: MessageLinks,
  asks: boolean,
): string {
  const cells = sections
    .map(
      (s, i) =>
        `<td style="vertical-align:top;width:50%;padding:8px"><p lang="nl" dir="ltr" style="font-weight:bold;text-align:start">${escapeHtml(i === 0 ? labels.parentLanguage : labels.dutch)}</p>${sectionHtml(s, links, asks)}</td>`,
    )
    .join('');
  return `<!DOCTYPE html>
<html lang="nl" dir="ltr">
<head><meta charset="utf-8"><title>${escapeHtml(labels.title)}</title></head>
<body style="font-family:Arial,sans-serif;text-align:start">
<h1 style="font-size:20px">${escapeHtml(labels.title)}</h1>
<p>${escapeHtml(labels.instructions)}</p>
<table role="presentation" style="width:100%;border-collapse:collapse"><tr>${cells}</tr></table>
</body>
</html>
`;
}
