import { Injectable } from '@nestjs/common';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import i18next, { i18n, TFunction } from 'i18next';
import {
  directionOf,
  isShipped,
  SHIPPED_LANGUAGES,
  ShippedLanguage,
  SOURCE_LANGUAGE,
} from './languages';

/** Texts parents and staff read, in every shipped language. */
export const NAMESPACES = ['messages', 'reasons', 'pages', 'dashboard', 'taxonomy'] as const;
/** Texts of the staff workspace: one namespace for the shell, one per domain area's pages. */
export const STAFF_NAMESPACES = [
  'workspace',
  'ws-intake',
  'ws-parents',
  'ws-matching',
  'ws-activities',
  'ws-messages',
  'ws-settings',
] as const;
/** Languages the staff workspace is written in (staff choose on their account page). */
export const STAFF_LANGUAGES = ['nl', 'en'] as const;
export type StaffLanguage = (typeof STAFF_LANGUAGES)[number];
export type StaffNamespace = (typeof STAFF_NAMESPACES)[number];
export type Namespace = (typeof NAMESPACES)[number] | StaffNamespace;

export function staffLanguage(code: string | undefined): StaffLanguage {
  return (STAFF_LANGUAGES as readonly string[]).includes(code ?? '')
    ? (code as StaffLanguage)
    : 'nl';
}

/** The locales folder: next to package.json, found from both src/ and dist/src/. */
export function localesDir(): string {
  for (const candidate of [
    resolve(__dirname, '..', '..', 'locales'),
    resolve(__dirname, '..', '..', '..', 'locales'),
  ]) {
    if (existsSync(join(candidate, SOURCE_LANGUAGE))) return candidate;
  }
  throw new Error('locales/ folder not found');
}

/**
 * One i18next instance for the process, loaded once from locales/. Callers never switch a
 * global language: they ask for a translator fixed to the recipient's language
 * (getFixedT), so background work for many parents at once cannot mix languages.
 */
@Injectable()
export class I18nService {
  private readonly instance: i18n;

  constructor() {
    const dir = localesDir();
    const resources: Record<string, Record<string, object>> = {};
    for (const lng of readdirSync(dir)) {
      const folder = join(dir, lng);
      if (!isShipped(lng)) continue;
      resources[lng] = {};
      const staff = (STAFF_LANGUAGES as readonly string[]).includes(lng) ? STAFF_NAMESPACES : [];
      for (const ns of [...NAMESPACES, ...staff]) {
        const file = join(folder, `${ns}.json`);
        if (existsSync(file)) resources[lng][ns] = JSON.parse(readFileSync(file, 'utf8')) as object;
      }
    }
    this.instance = i18next.createInstance();
    void this.instance.init({
      resources,
      lng: SOURCE_LANGUAGE,
      fallbackLng: SOURCE_LANGUAGE,
      supportedLngs: [...SHIPPED_LANGUAGES],
      ns: [...NAMESPACES, ...STAFF_NAMESPACES],
      defaultNS: 'messages',
      initAsync: false,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }

  private readonly fixed = new Map<string, TFunction>();

  /** A translator fixed to one language and namespace (made once per pair, then reused). */
  t(lng: string, ns: Namespace): TFunction {
    const language = isShipped(lng) ? lng : SOURCE_LANGUAGE;
    const key = `${language}:${ns}`;
    let t = this.fixed.get(key);
    if (!t) {
      // What i18next's getFixedT does, without copying all its options on every call (that
      // copy was the largest single cost of rendering a message).
      const instance = this.instance;
      // A sentence without options is the same every time (translations do not change while
      // the process runs): looked up once. Most of a page's texts are such labels.
      const plain = new Map<string, string>();
      const recent = new Map<string, string>();
      const fixed = (k: string | string[], opts?: unknown): string => {
        if (opts === undefined && typeof k === 'string') {
          let text = plain.get(k);
          if (text === undefined) {
            text = instance.t(k, { lng: language, ns } as never) as unknown as string;
            plain.set(k, text);
          }
          return text;
        }
        const o =
          opts && typeof opts === 'object'
            ? (opts as Record<string, unknown>)
            : typeof opts === 'string'
              ? { defaultValue: opts }
              : {};
        // A sentence with a few plain values (a count, a name) is kept too, for a while.
        const memo = typeof k === 'string' ? memoKey(k, o) : undefined;
        if (memo === undefined)
          return instance.t(k, { lng: language, ns, ...o } as never) as unknown as string;
        let text = recent.get(memo);
        if (text === undefined) {
          text = instance.t(k, { lng: language, ns, ...o } as never) as unknown as string;
          if (recent.size >= MAX_RECENT) recent.clear();
          recent.set(memo, text);
        }
        return text;
      };
      t = fixed as unknown as TFunction;
      this.fixed.set(key, t);
    }
    return t;
  }

  private readonly contextual = new Map<string, TFunction>();

  /**
   * A translator fixed to one language, namespace and i18next context (a reader's form of
   * address: `female`, `male` or none). Options given with a call may set another context;
   * calls without options are looked up once per key, as with `t`.
   */
  inContext(lng: string, ns: Namespace, context: string | undefined): TFunction {
    const language = isShipped(lng) ? lng : SOURCE_LANGUAGE;
    const key = `${language}:${ns}:${context ?? ''}`;
    let t = this.contextual.get(key);
    if (!t) {
      const instance = this.instance;
      const plain = new Map<string, string>();
      const recent = new Map<string, string>();
      const fixed = (k: string, opts?: Record<string, unknown>): string => {
        if (opts === undefined) {
          let text = plain.get(k);
          if (text === undefined) {
            text = instance.t(k, { lng: language, ns, context } as never) as unknown as string;
            plain.set(k, text);
          }
          return text;
        }
        // A sentence with a few plain values (a count, a school's name) recurs on page after
        // page: the latest ones are kept too.
        const memo = memoKey(k, opts);
        if (memo !== undefined) {
          let text = recent.get(memo);
          if (text === undefined) {
            text = instance.t(k, {
              lng: language,
              ns,
              context,
              ...opts,
            } as never) as unknown as string;
            if (recent.size >= MAX_RECENT) recent.clear();
            recent.set(memo, text);
          }
          return text;
        }
        return instance.t(k, { lng: language, ns, context, ...opts } as never) as unknown as string;
      };
      t = fixed as unknown as TFunction;
      this.contextual.set(key, t);
    }
    return t;
  }

  /**
   * A domain error's sentence for staff (`errors.<code>` in an area's namespace, then the
   * shell's), or undefined when none is written.
   */
  errorSentence(lng: StaffLanguage, code: string): string | undefined {
    const key = `errors.${code}`;
    for (const ns of [...STAFF_NAMESPACES.filter((n) => n !== 'workspace'), 'workspace'] as const)
      if (this.has(lng, ns, key)) return this.t(lng, ns)(key);
    return undefined;
  }

  /** The raw text of a key in that language itself (no fallback, no interpolation). */
  resource(lng: string, ns: Namespace, key: string): unknown {
    return this.instance.getResource(lng, ns, key);
  }

  /** Whether a key exists in that language itself (not through the fallback). */
  has(lng: ShippedLanguage, ns: Namespace, key: string): boolean {
    return this.instance.exists(key, { lng, ns, fallbackLng: false } as never);
  }

  dir(lng: string): 'rtl' | 'ltr' {
    return directionOf(lng);
  }

  /** A language's own name for itself, or its name in another language (ICU data). */
  languageName(code: string, inLanguage: string): string {
    const key = `${code}|${inLanguage}`;
    let name = this.languageNames.get(key);
    if (name === undefined) {
      try {
        name =
          new Intl.DisplayNames([inLanguage, 'en'], { type: 'language', fallback: 'code' }).of(
            code,
          ) ?? code;
      } catch {
        name = code;
      }
      // Codes come from stored data; the cache stays bounded by the languages in use.
      if (this.languageNames.size < 10_000) this.languageNames.set(key, name);
    }
    return name;
  }

  private readonly languageNames = new Map<string, string>();
}

const MAX_RECENT = 1000;

/**
 * A key for a call whose options are at most four strings, numbers or booleans (what a
 * sentence's placeholders and count take), or undefined when the call cannot be kept.
 */
function memoKey(k: string, opts: Record<string, unknown>): string | undefined {
  let key = k;
  let n = 0;
  for (const name in opts) {
    const v = opts[name];
    if (name === 'returnObjects') return undefined;
    if (
      ++n > 4 ||
      (v !== undefined && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
    )
      return undefined;
    key += `\u0000${name}=${typeof v === 'string' ? 's' : typeof v === 'number' ? 'n' : typeof v === 'boolean' ? 'b' : 'u'}${String(v)}`;
  }
  return key;
}
