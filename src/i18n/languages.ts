/** Languages the service ships message and page texts in (locales/<code>/). Dutch is the source. */
export const SHIPPED_LANGUAGES = [
  'nl',
  'en',
  'ar',
  'tr',
  'pl',
  'uk',
  'ru',
  'ti',
  'so',
  'fa',
  'ps',
  'es',
  'pt',
  'ro',
  'bg',
  'fr',
] as const;
export type ShippedLanguage = (typeof SHIPPED_LANGUAGES)[number];

export const SOURCE_LANGUAGE: ShippedLanguage = 'nl';

const RTL = new Set<string>(['ar', 'fa', 'ps', 'ur', 'he', 'ckb', 'ary', 'prs']);

export function isShipped(code: string): code is ShippedLanguage {
  return (SHIPPED_LANGUAGES as readonly string[]).includes(code);
}

export function directionOf(code: string): 'rtl' | 'ltr' {
  return RTL.has(code) ? 'rtl' : 'ltr';
}

/**
 * Languages families speak that we do not ship, mapped to the closest shipped language a
 * reader of that language most likely also reads (recorded as the fallback at intake).
 */
export const CLOSEST_SHIPPED: Record<string, ShippedLanguage> = {
  ary: 'ar', // Moroccan Arabic
  apc: 'ar',
  arz: 'ar',
  ber: 'ar', // Tamazight: mostly spoken; Arabic or Dutch script readers
  zgh: 'ar',
  tzm: 'ar',
  rif: 'ar',
  prs: 'fa', // Dari
  tg: 'fa',
  ckb: 'ar', // Sorani Kurdish (Arabic script)
  kmr: 'tr', // Kurmanji Kurdish (Latin script, often reads Turkish)
  ku: 'tr',
  am: 'ti', // Amharic readers read Ge'ez script
  be: 'ru',
  mo: 'ro',
  ca: 'es',
  gl: 'pt',
  pap: 'nl', // Papiamento speakers read Dutch
  srn: 'nl',
  fy: 'nl',
  li: 'nl',
  af: 'nl',
  de: 'nl',
  lb: 'nl',
  it: 'en',
  zh: 'en',
  hi: 'en',
  ur: 'en',
  ta: 'en',
  si: 'en',
  bn: 'en',
  vi: 'en',
  tl: 'en',
  sw: 'en',
  ha: 'en',
  yo: 'en',
  om: 'so',
  mk: 'bg',
  sr: 'bg',
  hr: 'pl',
  bs: 'pl',
  sk: 'pl',
  cs: 'pl',
  hu: 'en',
  sq: 'en',
  el: 'en',
  hy: 'ru',
  ka: 'ru',
  az: 'tr',
  uz: 'ru',
  kk: 'ru',
};
