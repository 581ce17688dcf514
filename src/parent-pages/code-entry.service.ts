import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { I18nService } from '../i18n/i18n.service';
import { isShipped, SHIPPED_LANGUAGES, ShippedLanguage } from '../i18n/languages';
import { normalizeCode, ShortCodesService } from '../notifications/short-codes.service';
import { checkFormToken, issueFormToken } from './form-token';
import { LinkAttemptsService } from './link-attempts.service';
import type { PageResult } from './parent-page.service';
import { codeView } from './views/code.view';
import { layout } from './views/layout';

/** The form token of /c is not tied to a link; it only proves the form came from this site. */
const FORM_ID = 'short-code-entry';
const EXAMPLE = 'ABCD-2345';

/**
 * /c: the page where a parent types the short code from a printed letter and is taken to
 * their own page (/p/{token}). Wrong codes count towards the same per-address limit as
 * unknown links, so guessing a code is as slow as guessing a link.
 */
@Injectable()
export class CodeEntryService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly codes: ShortCodesService,
    private readonly attempts: LinkAttemptsService,
    private readonly i18n: I18nService,
  ) {}

  language(value: unknown): ShippedLanguage {
    return typeof value === 'string' && isShipped(value) ? value : 'nl';
  }

  /** The form is always shown: a valid code works from an address that guessed too often. */
  form(lang: ShippedLanguage): Promise<PageResult> {
    return Promise.resolve(this.page(lang, 200, {}));
  }

  async submit(
    form: Record<string, unknown>,
    headers: { origin?: string; fetchSite?: string },
    ip: string | undefined,
  ): Promise<PageResult> {
    const lang = this.language(form.lang);
    const typed = typeof form.code === 'string' ? form.code.slice(0, 40) : '';
    const origin = headers.origin;
    const sameOrigin =
      (!origin || origin === 'null' || new URL(this.config.publicBaseUrl).origin === origin) &&
      headers.fetchSite !== 'cross-site';
    if (!sameOrigin || !checkFormToken(this.config.linkSecret, FORM_ID, form.form))
      return this.page(lang, 403, { value: typed, error: 'code.formExpired' });
    const code = normalizeCode(typed);
    if (!code) return this.page(lang, 422, { value: typed, error: 'code.malformed' });
    const target = await this.codes.resolve(code);
    if (!target) {
      // Only unknown codes are counted; past the limit they are refused without saying more.
      if (!(await this.attempts.unknown(ip))) return this.page(lang, 429, { blocked: true });
      return this.page(lang, 422, { value: typed, error: 'code.wrong' });
    }
    return { status: 303, redirect: target };
  }

  /**
   * A short link from an SMS (/c/{code}): straight on to the parent's page, or to its
   * preferences with `view=preferences` (the SMS's stop link). A wrong code counts like a
   * wrong typed one and shows the form to type it.
   */
  async open(typed: string, view: unknown, ip: string | undefined): Promise<PageResult> {
    const code = normalizeCode(typed.slice(0, 40));
    const target = code ? await this.codes.resolve(code) : null;
    if (target)
      return {
        status: 303,
        redirect: view === 'preferences' ? `${target}?view=preferences` : target,
      };
    const value = typed.slice(0, 40);
    // As with the form: a malformed code is no guess; an unknown one counts towards the limit.
    if (!code) return this.page('nl', 404, { value, error: 'code.malformed' });
    if (!(await this.attempts.unknown(ip))) return this.page('nl', 429, { blocked: true });
    return this.page('nl', 404, { value, error: 'code.wrong' });
  }

  private page(
    lang: ShippedLanguage,
    status: number,
    state: { value?: string; error?: string; blocked?: boolean },
  ): PageResult {
    const tr = this.i18n.t(lang, 'pages');
    const t = (key: string, options?: Record<string, unknown>): string => tr(key, options ?? {});
    const body = codeView({
      t,
      lang,
      formToken: issueFormToken(this.config.linkSecret, FORM_ID),
      value: state.value,
      error: state.error ? t(state.error, { example: EXAMPLE }) : undefined,
      blocked: state.blocked
        ? { title: t('error.tooManyTitle'), text: t('error.tooManyText') }
        : undefined,
      languages: SHIPPED_LANGUAGES.map((code) => ({
        code,
        name: this.i18n.languageName(code, code),
        dir: this.i18n.dir(code),
      })),
      example: EXAMPLE,
    });
    return {
      status,
      html: layout({
        lang,
        dir: this.i18n.dir(lang),
        title: t('code.title'),
        skipLabel: t('layout.skip'),
        footer: 'oudermaatje',
        body,
      }),
    };
  }
}
