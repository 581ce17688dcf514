import { html, RawHtml } from '../../common/http/html';
import { PASSWORD_MIN_LENGTH } from '../../auth/password';
import type { PageContext } from '../page-context';
import {
  alert,
  button,
  choiceGroup,
  csrfField,
  errorFor,
  errorSummary,
  type FieldError,
  paragraph,
  textField,
} from './components';
import { publicPage, workspacePage } from './layout';

type Texts = Pick<PageContext, 'lang' | 'dir' | 't'>;

/** Error summary for pages without a full context (it only needs the texts). */
function summary(ctx: Texts, errors: FieldError[] | undefined): RawHtml | '' {
  return errorSummary(ctx as PageContext, errors);
}

export interface LoginView {
  csrf: string;
  email?: string;
  next?: string;
  errors?: FieldError[];
  /** A sentence above the form: the session ended, the password was set, ... */
  message?: { kind: 'info' | 'ok' | 'warning' | 'error'; text: string };
}

export function loginView(ctx: Texts, v: LoginView): string {
  const { t } = ctx;
  return publicPage(ctx, {
    title: t('login.title'),
    body: html`<h1 class="utrecht-heading-1">${t('login.title')}</h1>
      ${paragraph(t('login.intro'), true)}
      ${v.message ? alert(v.message.kind, paragraph(v.message.text), { role: v.message.kind === 'error' ? 'alert' : 'status' }) : ''}
      ${summary(ctx, v.errors)}
      <form method="post" action="/login" class="utrecht-form om-form" novalidate>
        <input type="hidden" name="_csrf" value="${v.csrf}" />
        ${v.next ? html`<input type="hidden" name="next" value="${v.next}" />` : ''}
        ${textField({ name: 'email', id: 'email', label: t('login.email'), type: 'email', autocomplete: 'username', value: v.email, required: true, error: errorFor(v.errors, 'email') })}
        ${textField({ name: 'password', id: 'password', label: t('login.password'), type: 'password', autocomplete: 'current-password', required: true, error: errorFor(v.errors, 'password') })}
        ${button(t('login.submit'))}
      </form>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/password/forgot">${t('login.forgot')}</a>
      </p>
      <p class="utrecht-paragraph">
        ${t('login.language')}
        <a class="utrecht-link" href="/?lang=nl" lang="nl" hreflang="nl">Nederlands</a> ·
        <a class="utrecht-link" href="/?lang=en" lang="en" hreflang="en">English</a>
      </p>`,
  });
}

export function forgotView(
  ctx: Texts,
  v: { csrf: string; sent?: boolean; email?: string; errors?: FieldError[] },
): string {
  const { t } = ctx;
  return publicPage(ctx, {
    title: t('forgot.title'),
    body: html`<h1 class="utrecht-heading-1">${t('forgot.title')}</h1>
      ${
        v.sent
          ? alert('ok', paragraph(t('forgot.sent')), { role: 'status' })
          : html`${paragraph(t('forgot.intro'))} ${summary(ctx, v.errors)}
              <form method="post" action="/password/forgot" class="utrecht-form om-form" novalidate>
                <input type="hidden" name="_csrf" value="${v.csrf}" />
                ${textField({ name: 'email', id: 'email', label: t('login.email'), type: 'email', autocomplete: 'username', value: v.email, required: true, error: errorFor(v.errors, 'email') })}
                ${button(t('forgot.submit'))}
              </form>`
      }
      <p class="utrecht-paragraph"><a class="utrecht-link" href="/">${t('forgot.back')}</a></p>`,
  });
}

export function setPasswordView(
  ctx: Texts,
  v: { csrf: string; token: string; purpose?: 'reset' | 'invite'; errors?: FieldError[] },
): string {
  const { t } = ctx;
  if (!v.purpose)
    return publicPage(ctx, {
      title: t('setPassword.invalidTitle'),
      body: html`<h1 class="utrecht-heading-1">${t('setPassword.invalidTitle')}</h1>
        ${alert('warning', paragraph(t('setPassword.invalid')))}
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href="/password/forgot">${t('login.forgot')}</a>
        </p>`,
    });
  const title = t(v.purpose === 'invite' ? 'setPassword.inviteTitle' : 'setPassword.title');
  return publicPage(ctx, {
    title,
    body: html`<h1 class="utrecht-heading-1">${title}</h1>
      ${summary(ctx, v.errors)}
      <form method="post" action="/password/set" class="utrecht-form om-form" novalidate>
        <input type="hidden" name="_csrf" value="${v.csrf}" />
        <input type="hidden" name="token" value="${v.token}" />
        ${textField({ name: 'newPassword', id: 'f-newPassword', label: t('account.newPassword'), hint: t('account.passwordHint', { min: PASSWORD_MIN_LENGTH }), type: 'password', autocomplete: 'new-password', required: true, error: errorFor(v.errors, 'newPassword') })}
        ${textField({ name: 'repeatPassword', id: 'f-repeatPassword', label: t('account.repeatPassword'), type: 'password', autocomplete: 'new-password', required: true, error: errorFor(v.errors, 'repeatPassword') })}
        ${button(t('setPassword.submit'))}
      </form>`,
  });
}

export function accountView(ctx: PageContext, v: { email: string; errors?: FieldError[] }): string {
  const { t } = ctx;
  return workspacePage(ctx, {
    title: t('account.title'),
    active: 'account',
    narrow: true,
    body: html`<h1 class="utrecht-heading-1">${t('account.title')}</h1>
      ${paragraph(t('account.who', { name: ctx.staffName, email: v.email }))}
      <h2 class="utrecht-heading-2">${t('account.languageTitle')}</h2>
      <form method="post" action="/account/language" class="utrecht-form om-form">
        ${csrfField(ctx)}
        ${choiceGroup({
          name: 'language',
          legend: t('account.languageLegend'),
          type: 'radio',
          values: [ctx.lang],
          options: [
            { value: 'nl', label: 'Nederlands', lang: 'nl' },
            { value: 'en', label: 'English', lang: 'en' },
          ],
        })}
        ${button(t('account.languageSubmit'), { variant: 'secondary' })}
      </form>
      <h2 class="utrecht-heading-2" id="password">${t('account.passwordTitle')}</h2>
      ${errorSummary(ctx, v.errors)}
      <form method="post" action="/account/password" class="utrecht-form om-form" novalidate>
        ${csrfField(ctx)}
        ${textField({ name: 'currentPassword', label: t('account.currentPassword'), type: 'password', autocomplete: 'current-password', required: true, error: errorFor(v.errors, 'currentPassword') })}
        ${textField({ name: 'newPassword', label: t('account.newPassword'), hint: t('account.passwordHint', { min: PASSWORD_MIN_LENGTH }), type: 'password', autocomplete: 'new-password', required: true, error: errorFor(v.errors, 'newPassword') })}
        ${textField({ name: 'repeatPassword', label: t('account.repeatPassword'), type: 'password', autocomplete: 'new-password', required: true, error: errorFor(v.errors, 'repeatPassword') })}
        ${button(t('account.passwordSubmit'))}
      </form>`,
  });
}
