import type { I18nService, Namespace } from '../i18n/i18n.service';
import { ShippedLanguage, SOURCE_LANGUAGE } from '../i18n/languages';

/** A sentence compiled once: literal text at even positions, placeholder names at odd ones. */
export interface CompiledSentence {
  /** The key actually used (with its plural and context suffix), for tests of what a channel says. */
  key: string;
  parts: readonly string[];
}

const PLACEHOLDER = /\{\{(.+?)\}\}/g;

function compile(key: string, text: string): CompiledSentence {
  const parts: string[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    parts.push(text.slice(last, m.index));
    // i18next's "{{- name}}" (unescaped) is the same as "{{name}}" here: nothing is escaped.
    parts.push(m[1].replace(/^-/, '').trim());
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return { key, parts };
}

/**
 * The message sentences of each language, looked up and compiled once per process (the
 * translations never change while it runs). It resolves a key as i18next does for our
 * options: in the language, then in Dutch; per language the most specific form first
 * (context with plural form, context, plural form, the bare key; `_zero` first for a count
 * of 0), with the plural category from `Intl.PluralRules`. Interpolation is a plain
 * replacement of `{{name}}` (nothing is escaped, no nesting, no formats: the message
 * namespaces use none; `test/unit/notifications/message-catalog.spec.ts` compares it with
 * i18next for every key). Rendering through i18next's general path cost most of a message's
 * CPU time in the worker.
 */
export class MessageCatalog {
  private readonly sentences = new Map<string, CompiledSentence | null>();
  private readonly plurals = new Map<string, Intl.PluralRules>();

  constructor(private readonly i18n: I18nService) {}

  /** The compiled sentence, or undefined when neither the language nor Dutch has the key. */
  sentence(
    lng: ShippedLanguage,
    ns: Namespace,
    key: string,
    count?: number,
    context?: string,
  ): CompiledSentence | undefined {
    const category = count === undefined ? '' : count === 0 ? '=0' : this.category(lng, count);
    const cacheKey = `${lng}\u0000${ns}\u0000${key}\u0000${category}\u0000${context ?? ''}`;
    let found = this.sentences.get(cacheKey);
    if (found === undefined) {
      found = null;
      for (const code of lng === SOURCE_LANGUAGE ? [lng] : [lng, SOURCE_LANGUAGE]) {
        for (const candidate of this.candidates(code, key, count, context)) {
          const text = this.i18n.resource(code, ns, candidate);
          if (typeof text === 'string' && text !== '') {
            found = compile(candidate, text);
            break;
          }
        }
        if (found) break;
      }
      this.sentences.set(cacheKey, found);
    }
    return found ?? undefined;
  }

  /** The sentence with its placeholders filled (`values` first, then `defaults`; `missing` for an unknown one). */
  static fill(
    s: CompiledSentence,
    values: Readonly<Record<string, string | number>>,
    defaults: Readonly<Record<string, string | number>>,
    missing: (name: string) => string,
  ): string {
    const parts = s.parts;
    if (parts.length === 1) return parts[0];
    let out = parts[0];
    for (let i = 1; i < parts.length; i += 2) {
      const name = parts[i];
      const value = values[name] ?? defaults[name];
      out += (value === undefined ? missing(name) : String(value)) + parts[i + 1];
    }
    return out;
  }

  /** Keys to try in one language, most specific first (i18next's order). */
  private candidates(code: string, key: string, count?: number, context?: string): string[] {
    const keys = [key];
    const plural = count !== undefined;
    const suffix = plural ? `_${this.category(code, count)}` : '';
    if (plural) {
      keys.push(key + suffix);
      if (count === 0) keys.push(`${key}_zero`);
    }
    if (context) {
      const withContext = `${key}_${context}`;
      keys.push(withContext);
      if (plural) {
        keys.push(withContext + suffix);
        if (count === 0) keys.push(`${withContext}_zero`);
      }
    }
    return keys.reverse();
  }

  private category(lng: string, count: number): Intl.LDMLPluralRule {
    let rules = this.plurals.get(lng);
    if (!rules) this.plurals.set(lng, (rules = new Intl.PluralRules(lng)));
    return rules.select(count);
  }
}
