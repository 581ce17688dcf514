import { Injectable } from '@nestjs/common';
import { I18nService } from '../i18n/i18n.service';
import { SOURCE_LANGUAGE } from '../i18n/languages';
import type { Reason, UnmatchedReason } from './engine';

/** Turns reason codes with parameters into sentences in the reader's language. */
@Injectable()
export class ReasonTextService {
  constructor(private readonly i18n: I18nService) {}

  /** Language names by `code|inLanguage`: Intl.DisplayNames is costly to make per sentence. */
  private readonly languageNames = new Map<string, string>();

  /** A language's name in the reader's language (ICU data, remembered). */
  languageName(code: string, lang: string): string {
    const key = `${code}|${lang}`;
    let name = this.languageNames.get(key);
    if (name === undefined) {
      name = this.i18n.languageName(code, lang);
      if (this.languageNames.size < 5000) this.languageNames.set(key, name);
    }
    return name;
  }

  /** Values for the sentence: language codes become names, situation codes labels. */
  params(
    params: Record<string, string | number>,
    lang: string,
    extra: Record<string, string> = {},
  ): Record<string, string | number> {
    const taxonomy = this.i18n.t(lang, 'taxonomy');
    const out: Record<string, string | number> = { ...params, ...extra };
    if (typeof params.language === 'string')
      out.language = this.languageName(params.language, lang);
    if (typeof params.situation === 'string')
      out.situation = taxonomy(`situation.${params.situation}`);
    return out;
  }

  forStaff(reason: Pick<Reason, 'code' | 'params'>, lang: string): string {
    return this.i18n.t(lang, 'reasons')(`staff.${reason.code}`, this.params(reason.params, lang));
  }

  /**
   * The sentence for one parent of the pair, true from that parent's side, or null when there
   * is none (a staff-only kind of reason). A fact about one of the two (`seeker.<code>`,
   * `buddy.<code>`) names that parent; what both share is `parent.<code>`.
   */
  forParent(
    reason: Pick<Reason, 'code' | 'params'>,
    lang: string,
    reader: 'seeker' | 'buddy',
    names: { seekerName: string; buddyName: string },
    /** The other parent's i18next context (`female`/`male` from their form of address). */
    otherContext?: 'female' | 'male',
  ): string | null {
    const key = [`${reader}.${reason.code}`, `parent.${reason.code}`].find((k) =>
      ['', '_one', '_other'].some((suffix) =>
        this.i18n.has(SOURCE_LANGUAGE, 'reasons', `${k}${suffix}`),
      ),
    );
    if (key === undefined) return null;
    // seeker.* and buddy.* are about the other parent: their form of address picks the version.
    const context = key.startsWith('parent.') ? undefined : otherContext;
    return this.i18n.t(lang, 'reasons')(key, {
      ...this.params(reason.params, lang, names),
      ...(context ? { context } : {}),
    });
  }

  unmatched(reason: UnmatchedReason, lang: string): string {
    return this.i18n.t(lang, 'reasons')(`unmatched.${reason}`);
  }
}
