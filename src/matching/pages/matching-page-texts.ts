import { Injectable } from '@nestjs/common';
import type { TFunction } from 'i18next';
import { I18nService } from '../../i18n/i18n.service';
import type { PageContext } from '../../workspace/page-context';
import { ReasonTextService } from '../reason-text.service';
import type { MatchingLabels } from './views/common';

/**
 * A function that remembers its answers for the rest of the request: a page of 50 pairs asks
 * for the same few hundred sentences again and again, and each i18next call costs a few µs.
 */
function remember<A, R>(fn: (a: A) => R, key: (a: A) => string): (a: A) => R {
  const seen = new Map<string, R>();
  return (a) => {
    const k = key(a);
    let value = seen.get(k);
    if (value === undefined) {
      value = fn(a);
      seen.set(k, value);
    }
    return value;
  };
}

/** A translator that remembers each (key, values) it translated during one request. */
function remembered(t: TFunction): TFunction {
  const seen = new Map<string, string>();
  const fixed = (key: string | string[], options?: unknown): string => {
    const k =
      options === undefined ? String(key) : `${String(key)}\u0000${JSON.stringify(options)}`;
    let value = seen.get(k);
    if (value === undefined) {
      value = (t as unknown as (k: string | string[], o?: unknown) => string)(key, options);
      seen.set(k, value);
    }
    return value;
  };
  return fixed as unknown as TFunction;
}

/** The labels of the matching pages in the staff member's language (made once per request). */
@Injectable()
export class MatchingPageTexts {
  constructor(
    private readonly i18n: I18nService,
    private readonly reasons: ReasonTextService,
  ) {}

  for(ctx: Pick<PageContext, 'lang' | 'tr'>): MatchingLabels {
    const lang = ctx.lang;
    const locale = lang === 'nl' ? 'nl-NL' : 'en-GB';
    const taxonomy = this.i18n.t(lang, 'taxonomy');
    const lists = {
      conjunction: new Intl.ListFormat(locale, { type: 'conjunction' }),
      disjunction: new Intl.ListFormat(locale, { type: 'disjunction' }),
    };
    const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });

    return {
      t: remembered(ctx.tr('ws-matching')),
      reason: remember(
        (r) => this.reasons.forStaff(r, lang),
        (r) => r.code + JSON.stringify(r.params),
      ),
      unmatched: (reason) => this.reasons.unmatched(reason, lang),
      languageName: (code) => this.reasons.languageName(code, lang),
      languageLevel: (level) => taxonomy(`languageLevel.${level}`),
      situation: (code) => taxonomy(`situation.${code}`),
      list: (items, type = 'conjunction') => lists[type].format(items),
      number: (value) => numbers.format(value),
    };
  }
}
