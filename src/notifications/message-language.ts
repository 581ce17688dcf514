import { isShipped, ShippedLanguage, SOURCE_LANGUAGE } from '../i18n/languages';
import type { SpokenLanguage } from '../parents/parent.types';

const READS_WELL_ENOUGH: ReadonlySet<SpokenLanguage['level']> = new Set([
  'native',
  'fluent',
  'conversational',
]);

/**
 * The language a message is written in: the parent's message language; when that one lacks
 * the template, another shipped language the parent speaks at least conversationally (best
 * level first, in the order given at intake); otherwise Dutch.
 */
export function chooseMessageLanguage(
  messageLanguage: string,
  spoken: readonly SpokenLanguage[],
  hasTemplate: (lng: ShippedLanguage) => boolean,
): ShippedLanguage {
  if (isShipped(messageLanguage) && hasTemplate(messageLanguage)) return messageLanguage;
  const order: SpokenLanguage['level'][] = ['native', 'fluent', 'conversational'];
  const candidates = spoken
    .filter((l) => READS_WELL_ENOUGH.has(l.level))
    .map((l, index) => ({ ...l, index }))
    .sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level) || a.index - b.index);
  for (const c of candidates)
    if (c.code !== SOURCE_LANGUAGE && isShipped(c.code) && hasTemplate(c.code)) return c.code;
  return SOURCE_LANGUAGE;
}
