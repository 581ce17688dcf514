import type { TFunction } from 'i18next';
import { html, RawHtml } from '../../../common/http/html';
import type { TaxonomyDto } from '../../../taxonomy/taxonomy.service';
import { badge, name } from '../../../workspace/views/components';
import { daysSince } from '../../../workspace/page-context';
import type { Child, ParentStatus, SpokenLanguage } from '../../parent.types';

/**
 * Words shared by the parents list and a parent's page: status, role, waiting time, school
 * years, languages. Taxonomy labels come from the taxonomy namespace (TaxonomyService).
 */

/** Past this many days of waiting, the list and the parent's page show a warning. */
export const WAITING_WARNING_DAYS = 28;

/** Look-ups by code, made once per language from the taxonomy. */
export interface Labels {
  situation: Map<string, string>;
  skill: Map<string, string>;
  interest: Map<string, string>;
  language: Map<string, string>;
  languageLevel: Map<string, string>;
  dutchLevel: Map<string, string>;
  availability: Map<string, string>;
}

const labelCache = new WeakMap<TaxonomyDto, Labels>();

export function labelsOf(taxonomy: TaxonomyDto): Labels {
  let labels = labelCache.get(taxonomy);
  if (!labels) {
    const map = (items: { code: string; label: string }[]): Map<string, string> =>
      new Map(items.map((i) => [i.code, i.label]));
    labels = {
      situation: map(taxonomy.situations),
      skill: map(taxonomy.skills),
      interest: map(taxonomy.interests),
      language: map(taxonomy.languages),
      languageLevel: map(taxonomy.languageLevels),
      dutchLevel: map(taxonomy.dutchLevels),
      availability: map(taxonomy.availability),
    };
    labelCache.set(taxonomy, labels);
  }
  return labels;
}

const STATUS_TONE: Record<ParentStatus, 'neutral' | 'ok' | 'warning' | 'error' | 'info'> = {
  enrolled: 'ok',
  waiting: 'info',
  matched: 'ok',
  paused: 'warning',
  left: 'neutral',
};

/** The status as a word in a coloured badge (the word carries the meaning, not the colour). */
export function statusBadge(t: TFunction, status: string): RawHtml {
  const tone = STATUS_TONE[status as ParentStatus] ?? 'neutral';
  return badge(t(`status.${status}`, { defaultValue: status }), tone);
}

export function roleLabel(t: TFunction, role: string): string {
  return t(`role.${role}`, { defaultValue: role });
}

/** "wacht 23 dagen", with a warning badge past four weeks; '' when the parent does not wait. */
export function waitingText(
  t: TFunction,
  p: { status: string; waitingSince: Date | string | null },
  now = new Date(),
): RawHtml | '' {
  if (p.status !== 'waiting' || !p.waitingSince) return '';
  const days = daysSince(p.waitingSince, now) ?? 0;
  const text = days === 0 ? t('waiting.today') : t('waiting.days', { count: days });
  return days > WAITING_WARNING_DAYS
    ? html`<span class="om-waiting">${text} ${badge(t('waiting.long'), 'warning')}</span>`
    : html`<span class="om-waiting">${text}</span>`;
}

/** How schools name a school year: "groep 3", "brugklas", "klas 2 van de middelbare school". */
export function schoolYearLabel(t: TFunction, code: string): string {
  const groep = /^groep-(\d)$/.exec(code);
  if (groep) return t('schoolYear.groep', { n: Number(groep[1]) });
  if (code === 'vo-1') return t('schoolYear.brugklas');
  const vo = /^vo-(\d)$/.exec(code);
  if (vo) return t('schoolYear.vo', { n: Number(vo[1]) });
  if (code === 'early-years') return t('schoolYear.earlyYears');
  return code;
}

/** One child: "groep 3, klas 3B (Amira)". */
export function childLabel(t: TFunction, c: Child): string {
  const year = schoolYearLabel(t, c.schoolYear);
  if (c.firstName && c.className)
    return t('record.childNamedClass', { year, name: c.firstName, className: c.className });
  if (c.firstName) return t('record.childNamed', { year, name: c.firstName });
  if (c.className) return t('record.childClass', { year, className: c.className });
  return year;
}

/** "2021/22": the school year a family started (schools write it this way). */
export function schoolYearSpan(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** The names of the languages a parent speaks, in the staff member's language. */
export function languageNames(labels: Labels, languages: SpokenLanguage[]): string[] {
  return languages.map((l) => labels.language.get(l.code) ?? l.code);
}

/** A plain list of words as the language joins them ("Arabisch, Turks en Nederlands"). */
export function joinList(lang: string, items: string[]): string {
  if (!items.length) return '';
  return listFormat(lang).format(items);
}

const listFormats = new Map<string, Intl.ListFormat>();
function listFormat(lang: string): Intl.ListFormat {
  let f = listFormats.get(lang);
  if (!f) {
    f = new Intl.ListFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
      style: 'long',
      type: 'conjunction',
    });
    listFormats.set(lang, f);
  }
  return f;
}

/** The parent's full name as a plain string. */
export function fullName(p: { givenName: string; familyName: string | null }): string {
  return p.familyName ? `${p.givenName} ${p.familyName}` : p.givenName;
}

const NAME_MARK = '\u2063name\u2063';

/**
 * A translated sentence with the parent's name in it, the name wrapped in <bdi> (a
 * right-to-left name must not scramble the sentence). The text's {{name}} is the place.
 */
export function sentenceWithName(
  t: TFunction,
  key: string,
  nameValue: string,
  vars: Record<string, unknown> = {},
): RawHtml {
  const parts = t(key, { ...vars, name: NAME_MARK }).split(NAME_MARK);
  return html`${parts.map((part, i) => (i === 0 ? part : html`${name(nameValue)}${part}`))}`;
}
