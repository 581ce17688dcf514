import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { I18nService, localesDir } from '../../../src/i18n/i18n.service';
import { SHIPPED_LANGUAGES, SOURCE_LANGUAGE } from '../../../src/i18n/languages';
import { MessageCatalog } from '../../../src/notifications/message-catalog';

const i18n = new I18nService();
const catalog = new MessageCatalog(i18n);
const NAMESPACES = ['messages', 'reasons', 'taxonomy'] as const;
const PLURAL = /_(zero|one|two|few|many|other)$/;
const CONTEXT = /_(female|male)$/;

/** Every key of a namespace in the source language, without plural and context suffixes. */
function baseKeys(ns: string): string[] {
  const out = new Set<string>();
  const walk = (node: unknown, prefix: string): void => {
    if (typeof node === 'string') {
      out.add(prefix.replace(PLURAL, '').replace(CONTEXT, ''));
      return;
    }
    for (const [k, v] of Object.entries(node as Record<string, unknown>))
      walk(v, prefix ? `${prefix}.${k}` : k);
  };
  walk(JSON.parse(readFileSync(join(localesDir(), SOURCE_LANGUAGE, `${ns}.json`), 'utf8')), '');
  return [...out];
}

describe('message catalog (the renderer’s compiled sentences)', () => {
  it.each(NAMESPACES)(
    'gives the same sentence as i18next for every %s key, language, count and context',
    (ns) => {
      const differences: string[] = [];
      let compared = 0;
      for (const lng of SHIPPED_LANGUAGES) {
        const t = i18n.t(lng, ns);
        for (const key of baseKeys(ns)) {
          for (const count of [undefined, 0, 1, 2, 3, 5, 11, 21, 100]) {
            for (const context of [undefined, 'female', 'male', 'neutral']) {
              const values: Record<string, string> = {};
              const sentence = catalog.sentence(lng, ns, key, count, context);
              for (let i = 1; i < (sentence?.parts.length ?? 0); i += 2)
                values[sentence!.parts[i]] = `<${sentence!.parts[i]}>`;
              const ours = sentence
                ? MessageCatalog.fill(sentence, values, {}, (name) => `!${name}`)
                : key;
              const theirs = t(key, {
                replace: values,
                ...(count === undefined ? {} : { count }),
                ...(context ? { context } : {}),
              } as never) as unknown as string;
              compared++;
              if (ours !== theirs)
                differences.push(`${lng} ${key} ${count} ${context}: ${ours} ≠ ${theirs}`);
            }
          }
        }
      }
      expect(compared).toBeGreaterThan(1000);
      expect(differences).toEqual([]);
    },
  );

  it('fills placeholders from the values, then the defaults, and reports the missing ones', () => {
    const missing: string[] = [];
    const s = { key: 'x', parts: ['Hallo ', 'name', ', ken je ', 'other', '? ', 'gone', '.'] };
    expect(
      MessageCatalog.fill(s, { name: 'Amira' }, { other: 'Sanne', name: 'nobody' }, (n) => {
        missing.push(n);
        return '';
      }),
    ).toBe('Hallo Amira, ken je Sanne? .');
    expect(missing).toEqual(['gone']);
  });

  it('returns nothing for a key no language has', () => {
    expect(catalog.sentence('ar', 'messages', 'nowhere.toBeFound')).toBeUndefined();
  });
});
