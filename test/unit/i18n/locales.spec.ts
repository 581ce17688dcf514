import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  I18nService,
  localesDir,
  NAMESPACES,
  STAFF_LANGUAGES,
  STAFF_NAMESPACES,
} from '../../../src/i18n/i18n.service';
import { directionOf, SHIPPED_LANGUAGES } from '../../../src/i18n/languages';

type Tree = { [key: string]: string | Tree };

const PLURAL = /_(zero|one|two|few|many|other)$/;
/** A version for a woman or a man (i18next context, from the parent's form of address). */
const CONTEXT = /_(female|male)$/;

function flatten(tree: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out[key] = v;
    else Object.assign(out, flatten(v, key));
  }
  return out;
}

function load(lang: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ns of NAMESPACES) {
    const tree = JSON.parse(readFileSync(join(localesDir(), lang, `${ns}.json`), 'utf8')) as Tree;
    for (const [k, v] of Object.entries(flatten(tree))) out[`${ns}:${k}`] = v;
  }
  return out;
}

const placeholders = (s: string): string[] =>
  [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

const source = load('nl');
const plainKeys = Object.keys(source).filter((k) => !PLURAL.test(k));
const pluralStems = [
  ...new Set(
    Object.keys(source)
      .filter((k) => PLURAL.test(k))
      .map((k) => k.replace(PLURAL, '')),
  ),
];

describe('locales', () => {
  it('ships a folder for every shipped language and nothing else', () => {
    expect(
      readdirSync(localesDir())
        .filter((d) => !d.includes('.'))
        .sort(),
    ).toEqual([...SHIPPED_LANGUAGES].sort());
  });

  it('states for every language whether a native speaker reviewed it', () => {
    const review = JSON.parse(readFileSync(join(localesDir(), 'review.json'), 'utf8')) as Record<
      string,
      { reviewedByNativeSpeaker: boolean }
    >;
    expect(Object.keys(review).sort()).toEqual([...SHIPPED_LANGUAGES].sort());
    for (const lang of SHIPPED_LANGUAGES)
      expect(typeof review[lang].reviewedByNativeSpeaker).toBe('boolean');
  });

  describe.each([...SHIPPED_LANGUAGES])('%s', (lang) => {
    const texts = load(lang);
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;

    it('has every key of the Dutch source, with the same placeholders', () => {
      const missing = plainKeys.filter((k) => !(k in texts));
      expect(missing).toEqual([]);
      const wrong = plainKeys.filter(
        (k) => JSON.stringify(placeholders(texts[k])) !== JSON.stringify(placeholders(source[k])),
      );
      expect(wrong).toEqual([]);
    });

    it('has exactly the plural forms Intl.PluralRules reports for the language', () => {
      for (const stem of pluralStems) {
        const present = Object.keys(texts)
          .filter((k) => k.replace(PLURAL, '') === stem && PLURAL.test(k))
          .map((k) => PLURAL.exec(k)![1]);
        expect({ stem, forms: present.sort() }).toEqual({ stem, forms: [...categories].sort() });
        // A form for exactly 0, 1 or 2 may say the number in words instead of {{count}}
        // (Arabic "يومين", "مكان واحد"); every other placeholder must still be there.
        const withoutCount = (list: string[]): string[] => list.filter((p) => p !== 'count');
        for (const c of categories) {
          const own = placeholders(texts[`${stem}_${c}`]);
          const other = placeholders(source[`${stem}_other`]);
          if (['zero', 'one', 'two'].includes(c) && !own.includes('count'))
            expect(own).toEqual(withoutCount(other));
          else expect(own).toEqual(other);
        }
      }
    });

    it('has no empty text and no leftover keys', () => {
      expect(
        Object.entries(texts)
          .filter(([, v]) => v.trim() === '')
          .map(([k]) => k),
      ).toEqual([]);
      const extra = Object.keys(texts).filter(
        (k) =>
          !PLURAL.test(k) &&
          !(k in source) &&
          !(CONTEXT.test(k) && k.replace(CONTEXT, '') in source),
      );
      expect(extra).toEqual([]);
    });

    it('has a version for a woman or a man only of an existing sentence, with its placeholders and plural forms', () => {
      const variants = Object.keys(texts).filter((k) => CONTEXT.test(k.replace(PLURAL, '')));
      for (const key of variants) {
        const stem = key.replace(PLURAL, '');
        const base = stem.replace(CONTEXT, '');
        const plural = PLURAL.test(key);
        // The base is a sentence of the source (plain, or a plural stem), in the same form.
        expect({ key, base: plural ? pluralStems.includes(base) : base in source }).toEqual({
          key,
          base: true,
        });
        const sourceText = plural ? source[`${base}_other`] : source[base];
        const withoutCount = (list: string[]): string[] => list.filter((p) => p !== 'count');
        const own = placeholders(texts[key]);
        expect({ key, placeholders: plural ? withoutCount(own) : own }).toEqual({
          key,
          placeholders: plural ? withoutCount(placeholders(sourceText)) : placeholders(sourceText),
        });
        if (plural) {
          const forms = Object.keys(texts)
            .filter((k) => k.replace(PLURAL, '') === stem && PLURAL.test(k))
            .map((k) => PLURAL.exec(k)![1]);
          expect({ key, forms: forms.sort() }).toEqual({ key, forms: [...categories].sort() });
        }
      }
    });
  });

  it('chooses the right plural form through i18next (Arabic six, Polish and Russian four)', () => {
    const i18n = new I18nService();
    const ar = i18n.t('ar', 'pages');
    const arTexts = load('ar');
    const forms: [number, string][] = [
      [0, 'zero'],
      [1, 'one'],
      [2, 'two'],
      [3, 'few'],
      [11, 'many'],
      [100, 'other'],
    ];
    for (const [count, form] of forms)
      expect(ar('activity.placesLeft', { count })).toBe(
        arTexts[`pages:activity.placesLeft_${form}`].replace('{{count}}', String(count)),
      );
    for (const lang of ['pl', 'ru', 'uk']) {
      const t = i18n.t(lang, 'pages');
      const texts = load(lang);
      for (const [count, form] of [
        [1, 'one'],
        [3, 'few'],
        [5, 'many'],
      ] as const)
        expect(t('activity.placesLeft', { count })).toBe(
          texts[`pages:activity.placesLeft_${form}`].replace('{{count}}', String(count)),
        );
    }
  });

  it('has a sentence for the seeker and one for the buddy for every reason a parent may see', () => {
    // Reasons that are always staff only: priority, load and pins.
    const staffOnly = new Set(['waiting_priority', 'scarce_candidates', 'pinned', 'load_penalty']);
    const staffCodes = Object.keys(source)
      .filter((k) => k.startsWith('reasons:staff.'))
      .map((k) => k.replace('reasons:staff.', '').replace(PLURAL, ''));
    const parentVisible = [...new Set(staffCodes)].filter((code) => !staffOnly.has(code));
    // `parent.<code>` is true from both sides ("You both speak Polish"); a fact about one of
    // the two has `seeker.<code>` and `buddy.<code>`, each naming the other parent.
    const has = (ns: string, code: string): boolean =>
      `reasons:${ns}.${code}` in source || `reasons:${ns}.${code}_other` in source;
    const missing = parentVisible.flatMap((code) =>
      (['seeker', 'buddy'] as const)
        .filter((reader) => !has(reader, code) && !has('parent', code))
        .map((reader) => `${reader}.${code}`),
    );
    expect(missing).toEqual([]);
    const both = parentVisible.filter(
      (code) => has('parent', code) && (has('seeker', code) || has('buddy', code)),
    );
    expect(both).toEqual([]);
  });

  it('writes Arabic, Persian and Pashto right to left', () => {
    expect(SHIPPED_LANGUAGES.filter((l) => directionOf(l) === 'rtl')).toEqual(['ar', 'fa', 'ps']);
  });
});

describe('staff workspace texts (Dutch and English, each staff member chooses)', () => {
  const loadStaff = (lang: string): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const ns of STAFF_NAMESPACES) {
      const tree = JSON.parse(readFileSync(join(localesDir(), lang, `${ns}.json`), 'utf8')) as Tree;
      for (const [k, v] of Object.entries(flatten(tree))) out[`${ns}:${k}`] = v;
    }
    return out;
  };
  const nl = loadStaff('nl');

  it('ships every staff namespace in every staff language, and only those languages', () => {
    expect([...STAFF_LANGUAGES]).toEqual(['nl', 'en']);
    expect(Object.keys(nl).length).toBeGreaterThan(1000);
  });

  it.each([...STAFF_LANGUAGES])(
    '%s has every Dutch key with the same placeholders and its plural forms',
    (lang) => {
      const texts = loadStaff(lang);
      const plain = (o: Record<string, string>) => Object.keys(o).filter((k) => !PLURAL.test(k));
      expect(plain(nl).filter((k) => !(k in texts))).toEqual([]);
      expect(plain(texts).filter((k) => !(k in nl))).toEqual([]);
      expect(
        plain(nl).filter(
          (k) => JSON.stringify(placeholders(texts[k])) !== JSON.stringify(placeholders(nl[k])),
        ),
      ).toEqual([]);
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      const stems = new Set(
        Object.keys(nl)
          .filter((k) => PLURAL.test(k))
          .map((k) => k.replace(PLURAL, '')),
      );
      const missing = [...stems].flatMap((s) =>
        categories.filter((c) => !(`${s}_${c}` in texts)).map((c) => `${s}_${c}`),
      );
      expect(missing).toEqual([]);
    },
  );
});
