import type { MessageLinks, MessageSection } from '../message-renderer';
import { markedToText } from './marks';

/**
 * The plain-text part: one section per language (the parent's first, Dutch beneath when the
 * school sends both). Lines of right-to-left languages start with RLM and isolate their values.
 */
export function emailText(sections: MessageSection[], links: MessageLinks, asks: boolean): string {
  return (
    sections
      .map((s) => sectionText(s, links, asks))
      .join('\n\n----------------------------------------\n\n') + '\n'
  );
}

export function sectionText(
  s: MessageSection,
  links: MessageLinks,
  asks: boolean,
  footer = true,
): string {
  const line = (marked: string): string => markedToText(marked, s.dir, links.preferences);
  const out: string[] = [line(s.greeting), ''];
  for (const block of s.blocks) {
    if (block.type === 'p') out.push(line(block.text), '');
    else out.push(line(block.title), ...block.items.map((item) => line(`- ${item}`)), '');
  }
  if (asks && s.action) out.push(line(s.action.hint), links.action, '');
  out.push(line(s.signoff));
  if (footer)
    out.push('', '--', line(s.footer.why), line(s.footer.stop), line(s.footer.readingHelp));
  if (s.bilingualNote) out.push('', line(s.bilingualNote));
  return out.join('\n');
}
