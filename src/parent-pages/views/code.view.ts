import { html, RawHtml } from '../../common/http/html';

export interface CodeViewInput {
  t: (key: string, options?: Record<string, unknown>) => string;
  lang: string;
  formToken: string;
  /** What was typed (shown again after a wrong code). */
  value?: string;
  /** A plain message next to the field. */
  error?: string;
  /** Shown instead of the form while this address must wait. */
  blocked?: { title: string; text: string };
  /** Every language the page is written in, each named in itself. */
  languages: { code: string; name: string; dir: 'ltr' | 'rtl' }[];
  example: string;
}

/**
 * /c: a parent types the short code from a printed letter. One big field, no login, no
 * script; the page can be read in every shipped language (links at the bottom).
 */
export function codeView(p: CodeViewInput): RawHtml {
  const described = ['code-hint', p.error ? 'code-error' : ''].filter(Boolean).join(' ');
  const form = p.blocked
    ? html`<p class="notice warn" role="alert">
        <strong>${p.blocked.title}</strong><br />${p.blocked.text}
      </p>`
    : html`${p.error ? html`<p class="notice warn" role="alert" id="code-error">${p.error}</p>` : ''}
        <form method="post" action="/c" class="card">
          <input type="hidden" name="form" value="${p.formToken}" />
          <input type="hidden" name="lang" value="${p.lang}" />
          <label for="code">${p.t('code.label')}</label>
          <p class="hint" id="code-hint">${p.t('code.hint')}</p>
          <input
            class="code-input"
            id="code"
            name="code"
            type="text"
            dir="ltr"
            value="${p.value ?? ''}"
            maxlength="24"
            autocomplete="off"
            autocapitalize="characters"
            autocorrect="off"
            spellcheck="false"
            required
            aria-describedby="${described}"
            ${p.error ? html`aria-invalid="true"` : ''}
          />
          <button class="btn btn-yes" type="submit">${p.t('code.submit')}</button>
        </form>`;
  return html`<h1>${p.t('code.title')}</h1>
    <p>${p.t('code.intro', { example: p.example })}</p>
    ${form}
    <p>${p.t('code.help')}</p>
    <nav aria-labelledby="languages-title">
      <h2 id="languages-title">${p.t('code.languages')}</h2>
      <ul class="langs">
        ${p.languages.map(
          (l) =>
            html`<li>
              <a
                href="/c?lang=${l.code}"
                lang="${l.code}"
                dir="${l.dir}"
                hreflang="${l.code}"
                ${l.code === p.lang ? html`aria-current="page"` : ''}
                >${l.name}</a
              >
            </li>`,
        )}
      </ul>
    </nav>`;
}
