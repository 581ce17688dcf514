import { html, RawHtml } from '../../common/http/html';
import type { PageContext } from '../page-context';

/**
 * The workspace's building blocks, on the NL Design System's (Utrecht) component classes.
 * Forms follow its pattern: label above the field, then a hint, then the error, then the
 * input; an error summary at the top links to each field.
 */

export type Child = string | number | RawHtml | null | undefined | false | Child[];

/** The hidden CSRF field every POST form carries. */
export function csrfField(ctx: Pick<PageContext, 'csrfToken'>): RawHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrfToken}" />`;
}

/** One problem with one field: its id (for the summary's link) and a plain sentence. */
export interface FieldError {
  field: string;
  message: string;
}

/** `languages.0.code` → `f-languages-0-code`: the id of the input for a field path. */
export function fieldId(field: string): string {
  return `f-${field.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

export function errorFor(errors: FieldError[] | undefined, field: string): string | undefined {
  const found = errors?.filter((e) => e.field === field || e.field.startsWith(`${field}.`));
  return found?.length ? [...new Set(found.map((e) => e.message))].join(' ') : undefined;
}

/** At the top of a form that came back with errors: what is wrong, each a link to its field. */
export function errorSummary(
  ctx: PageContext,
  errors: FieldError[] | undefined,
  anchorOf?: (field: string) => string,
): RawHtml | '' {
  if (!errors?.length) return '';
  return html`<div
    class="utrecht-alert utrecht-alert--error om-error-summary"
    role="alert"
    aria-labelledby="error-summary-title"
    tabindex="-1"
    id="error-summary"
  >
    <div class="utrecht-alert__content">
      <h2 class="utrecht-heading-2" id="error-summary-title">
        ${ctx.t('form.errorSummary', { count: errors.length })}
      </h2>
      <ul class="utrecht-unordered-list">
        ${errors.map(
          (e) =>
            html`<li class="utrecht-unordered-list__item">
              <a class="utrecht-link" href="#${anchorOf ? anchorOf(e.field) : fieldId(e.field)}"
                >${e.message}</a
              >
            </li>`,
        )}
      </ul>
    </div>
  </div>`;
}

interface FieldFrame {
  id: string;
  label: Child;
  hint?: Child;
  error?: string;
  /** The input itself; receives aria-describedby from describedBy(). */
  control: RawHtml;
  /** Extra class on the field, e.g. for a short field. */
  className?: string;
}

/** Ids of the hint and error of a field, for the input's aria-describedby. */
export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function frame(f: FieldFrame): RawHtml {
  return html`<div
    class="utrecht-form-field utrecht-form-field--text ${f.error ? 'utrecht-form-field--invalid' : ''} ${f.className ?? ''}"
  >
    <div class="utrecht-form-field__label">
      <label class="utrecht-form-label" for="${f.id}">${f.label}</label>
    </div>
    ${
      f.hint
        ? html`<div
            class="utrecht-form-field__description utrecht-form-field-description"
            id="${f.id}-hint"
          >
            ${f.hint}
          </div>`
        : ''
    }
    ${
      f.error
        ? html`<div
            class="utrecht-form-field__error-message utrecht-form-field-error-message"
            id="${f.id}-error"
          >
            ${f.error}
          </div>`
        : ''
    }
    <div class="utrecht-form-field__input">${f.control}</div>
  </div>`;
}

export interface TextFieldInput {
  name: string;
  label: Child;
  value?: string | number | null;
  hint?: Child;
  error?: string;
  type?:
    | 'text'
    | 'email'
    | 'tel'
    | 'password'
    | 'search'
    | 'number'
    | 'date'
    | 'time'
    | 'datetime-local'
    | 'url';
  autocomplete?: string;
  required?: boolean;
  inputmode?: 'numeric' | 'tel' | 'email' | 'text';
  id?: string;
  maxlength?: number;
  min?: number | string;
  max?: number | string;
  step?: number | string;
  /** Short fields (postcode, a number) get a narrower box. */
  size?: 'xs' | 'sm' | 'md';
  lang?: string;
  dir?: 'ltr' | 'rtl' | 'auto';
}

export function textField(f: TextFieldInput): RawHtml {
  const id = f.id ?? fieldId(f.name);
  const described = describedBy(id, f.hint, f.error);
  return frame({
    id,
    label: f.label,
    hint: f.hint,
    error: f.error,
    className: f.size ? `om-field--${f.size}` : undefined,
    control: html`<input
      class="utrecht-textbox utrecht-textbox--html-input ${f.error ? 'utrecht-textbox--invalid' : ''}"
      id="${id}"
      name="${f.name}"
      type="${f.type ?? 'text'}"
      value="${f.value ?? ''}"
      ${f.autocomplete ? html`autocomplete="${f.autocomplete}"` : ''}
      ${f.inputmode ? html`inputmode="${f.inputmode}"` : ''}
      ${f.maxlength ? html`maxlength="${f.maxlength}"` : ''}
      ${f.min !== undefined ? html`min="${f.min}"` : ''}
      ${f.max !== undefined ? html`max="${f.max}"` : ''}
      ${f.step !== undefined ? html`step="${f.step}"` : ''}
      ${f.lang ? html`lang="${f.lang}"` : ''}
      ${f.dir ? html`dir="${f.dir}"` : ''}
      ${f.required ? html`required aria-required="true"` : ''}
      ${f.error ? html`aria-invalid="true"` : ''}
      ${described ? html`aria-describedby="${described}"` : ''}
    />`,
  });
}

export function textareaField(
  f: Omit<TextFieldInput, 'type' | 'inputmode' | 'min' | 'max' | 'step'> & { rows?: number },
): RawHtml {
  const id = f.id ?? fieldId(f.name);
  const described = describedBy(id, f.hint, f.error);
  return frame({
    id,
    label: f.label,
    hint: f.hint,
    error: f.error,
    control: html`<textarea
      class="utrecht-textarea utrecht-textarea--html-textarea ${f.error ? 'utrecht-textarea--invalid' : ''}"
      id="${id}"
      name="${f.name}"
      rows="${f.rows ?? 4}"
      ${f.maxlength ? html`maxlength="${f.maxlength}"` : ''}
      ${f.lang ? html`lang="${f.lang}"` : ''}
      ${f.dir ? html`dir="${f.dir}"` : ''}
      ${f.required ? html`required aria-required="true"` : ''}
      ${f.error ? html`aria-invalid="true"` : ''}
      ${described ? html`aria-describedby="${described}"` : ''}
    >
${f.value ?? ''}</textarea>`,
  });
}

export interface Option {
  value: string;
  label: Child;
  lang?: string;
}

export function selectField(f: {
  name: string;
  label: Child;
  options: Option[];
  value?: string | null;
  hint?: Child;
  error?: string;
  id?: string;
  required?: boolean;
  /** A first, empty choice ("— choose —"). */
  empty?: string;
  size?: 'xs' | 'sm' | 'md';
}): RawHtml {
  const id = f.id ?? fieldId(f.name);
  const described = describedBy(id, f.hint, f.error);
  return frame({
    id,
    label: f.label,
    hint: f.hint,
    error: f.error,
    className: f.size ? `om-field--${f.size}` : undefined,
    control: html`<select
      class="utrecht-select utrecht-select--html-select ${f.error ? 'utrecht-select--invalid' : ''}"
      id="${id}"
      name="${f.name}"
      ${f.required ? html`required aria-required="true"` : ''}
      ${f.error ? html`aria-invalid="true"` : ''}
      ${described ? html`aria-describedby="${described}"` : ''}
    >
      ${f.empty !== undefined ? html`<option value="">${f.empty}</option>` : ''}
      ${f.options.map(
        (o) =>
          html`<option
            value="${o.value}"
            ${o.value === (f.value ?? '') ? html`selected` : ''}
            ${o.lang ? html`lang="${o.lang}"` : ''}
          >
            ${o.label}
          </option>`,
      )}
    </select>`,
  });
}

/** A group of checkboxes or radio buttons in a fieldset with a legend. */
export function choiceGroup(f: {
  name: string;
  legend: Child;
  options: (Option & { hint?: Child })[];
  /** Checked values. */
  values: readonly string[];
  type?: 'checkbox' | 'radio';
  hint?: Child;
  error?: string;
  id?: string;
  /** Lay the choices out in columns (many short choices). */
  columns?: boolean;
}): RawHtml {
  const id = f.id ?? fieldId(f.name);
  const type = f.type ?? 'checkbox';
  const described = describedBy(id, f.hint, f.error);
  return html`<div
    class="utrecht-form-fieldset ${f.error ? 'utrecht-form-fieldset--invalid' : ''}"
    id="${id}"
  >
    <fieldset
      class="utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset"
      ${described ? html`aria-describedby="${described}"` : ''}
      ${f.error ? html`aria-invalid="true"` : ''}
    >
      <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
        ${f.legend}
      </legend>
      ${f.hint ? html`<div class="utrecht-form-field-description" id="${id}-hint">${f.hint}</div>` : ''}
      ${f.error ? html`<div class="utrecht-form-field-error-message" id="${id}-error">${f.error}</div>` : ''}
      <div class="${f.columns ? 'om-choices om-choices--columns' : 'om-choices'}">
        ${f.options.map((o, i) => {
          const oid = `${id}-${i}`;
          return html`<div
            class="utrecht-form-field utrecht-form-field--${type === 'radio' ? 'radio' : 'checkbox'}"
          >
            <div class="utrecht-form-field__input">
              <input
                class="${type === 'radio' ? 'utrecht-radio-button utrecht-radio-button--html-input' : 'utrecht-checkbox utrecht-checkbox--html-input'}"
                type="${type}"
                id="${oid}"
                name="${f.name}"
                value="${o.value}"
                ${f.values.includes(o.value) ? html`checked` : ''}
                ${o.hint ? html`aria-describedby="${oid}-hint"` : ''}
              />
            </div>
            <div class="utrecht-form-field__label">
              <label
                class="utrecht-form-label utrecht-form-label--${type === 'radio' ? 'radio' : 'checkbox'}"
                for="${oid}"
                ${o.lang ? html`lang="${o.lang}"` : ''}
                >${o.label}</label
              >
            </div>
            ${o.hint ? html`<div class="utrecht-form-field-description" id="${oid}-hint">${o.hint}</div>` : ''}
          </div>`;
        })}
      </div>
    </fieldset>
  </div>`;
}

export function button(
  label: Child,
  opts: {
    variant?: 'primary' | 'secondary' | 'subtle';
    danger?: boolean;
    name?: string;
    value?: string;
    type?: 'submit' | 'button';
    id?: string;
    formaction?: string;
  } = {},
): RawHtml {
  const variant = opts.variant ?? 'primary';
  const danger = opts.danger
    ? ` utrecht-button--${variant}-action-danger utrecht-button--danger`
    : '';
  return html`<button
    class="utrecht-button utrecht-button--${variant}-action${danger}"
    type="${opts.type ?? 'submit'}"
    ${opts.name ? html`name="${opts.name}"` : ''}
    ${opts.value !== undefined ? html`value="${opts.value}"` : ''}
    ${opts.id ? html`id="${opts.id}"` : ''}
    ${opts.formaction ? html`formaction="${opts.formaction}"` : ''}
  >
    ${label}
  </button>`;
}

/** A link that looks like a button (for "Enroll a parent" and the like). */
export function linkButton(
  href: string,
  label: Child,
  variant: 'primary' | 'secondary' = 'secondary',
): RawHtml {
  return html`<a
    class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--${variant}-action"
    href="${href}"
    >${label}</a
  >`;
}

export function buttonGroup(...children: Child[]): RawHtml {
  return html`<div class="utrecht-button-group">${children}</div>`;
}

/** A small POST form with one button (approve, pause, mark done), CSRF included. */
export function actionForm(
  ctx: Pick<PageContext, 'csrfToken'>,
  action: string,
  label: Child,
  opts: {
    hidden?: Record<string, string>;
    variant?: 'primary' | 'secondary' | 'subtle';
    danger?: boolean;
    className?: string;
  } = {},
): RawHtml {
  return html`<form method="post" action="${action}" class="om-inline-form ${opts.className ?? ''}">
    ${csrfField(ctx)}
    ${Object.entries(opts.hidden ?? {}).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`)}
    ${button(label, { variant: opts.variant ?? 'secondary', danger: opts.danger })}
  </form>`;
}

export function alert(
  kind: 'info' | 'ok' | 'warning' | 'error',
  body: Child,
  opts: { role?: 'status' | 'alert' } = {},
): RawHtml {
  return html`<div
    class="utrecht-alert utrecht-alert--${kind}"
    ${opts.role ? html`role="${opts.role}"` : ''}
  >
    <div class="utrecht-alert__content">${body}</div>
  </div>`;
}

/** A status label with a colour and always a word (never colour alone). */
export function badge(
  label: Child,
  tone: 'neutral' | 'ok' | 'warning' | 'error' | 'info' = 'neutral',
): RawHtml {
  return html`<span class="om-badge om-badge--${tone}">${label}</span>`;
}

export interface Column<R> {
  header: Child;
  cell: (row: R) => Child;
  /** Numbers align at the end. */
  numeric?: boolean;
  /** The row's header cell (the name), for screen readers. */
  rowHeader?: boolean;
  /** Hidden on a phone (narrow screens keep the essential columns). */
  wide?: boolean;
}

export function table<R>(t: {
  caption: Child;
  captionHidden?: boolean;
  columns: Column<R>[];
  rows: R[];
  rowAttrs?: (row: R) => RawHtml | '';
}): RawHtml {
  return html`<div class="utrecht-table-container om-table-container">
    <table class="utrecht-table utrecht-table--html-table">
      <caption class="utrecht-table__caption ${t.captionHidden ? 'om-visually-hidden' : ''}">
        ${t.caption}
      </caption>
      <thead class="utrecht-table__header">
        <tr class="utrecht-table__row">
          ${t.columns.map(
            (c) =>
              html`<th
                scope="col"
                class="utrecht-table__header-cell ${c.numeric ? 'utrecht-table__header-cell--numeric' : ''} ${c.wide ? 'om-wide' : ''}"
              >
                ${c.header}
              </th>`,
          )}
        </tr>
      </thead>
      <tbody class="utrecht-table__body">
        ${t.rows.map(
          (r) =>
            html`<tr class="utrecht-table__row" ${t.rowAttrs ? t.rowAttrs(r) : ''}>
              ${t.columns.map((c) =>
                c.rowHeader
                  ? html`<th
                      scope="row"
                      class="utrecht-table__header-cell ${c.wide ? 'om-wide' : ''}"
                    >
                      ${c.cell(r)}
                    </th>`
                  : html`<td
                      class="utrecht-table__cell ${c.numeric ? 'utrecht-table__cell--numeric' : ''} ${c.wide ? 'om-wide' : ''}"
                    >
                      ${c.cell(r)}
                    </td>`,
              )}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** A definition list of label/value pairs (a parent's profile). */
export function dataList(items: [Child, Child][]): RawHtml {
  return html`<dl class="utrecht-data-list om-data-list">
    ${items.map(
      ([k, v]) =>
        html`<div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">${k}</dt>
          <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">
            ${v === '' || v === null || v === undefined ? '–' : v}
          </dd>
        </div>`,
    )}
  </dl>`;
}

/** "Previous / page 2 of 7 / next" as links that keep the current filters. */
export function pagination(
  ctx: PageContext,
  p: { page: number; pageSize: number; total: number; href: (page: number) => string },
): RawHtml | '' {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  if (pages <= 1) return '';
  return html`<nav class="utrecht-pagination" aria-label="${ctx.t('pagination.label')}">
    <span class="utrecht-pagination__before">
      ${p.page > 1 ? html`<a class="utrecht-pagination__relative-link utrecht-link" rel="prev" href="${p.href(p.page - 1)}">${ctx.t('pagination.previous')}</a>` : ''}
    </span>
    <span class="utrecht-pagination__pages" aria-current="page"
      >${ctx.t('pagination.status', { page: p.page, pages })}</span
    >
    <span class="utrecht-pagination__after">
      ${p.page < pages ? html`<a class="utrecht-pagination__relative-link utrecht-link" rel="next" href="${p.href(p.page + 1)}">${ctx.t('pagination.next')}</a>` : ''}
    </span>
  </nav>`;
}

/** A query string from the given values, leaving out empty ones. */
export function query(
  values: Record<string, string | number | undefined | null | (string | number)[]>,
): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => params.append(k, String(x)));
    else params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Wraps a name in <bdi> so a right-to-left name does not scramble the sentence around it. */
export function name(value: string | null | undefined): RawHtml {
  return html`<bdi>${value ?? ''}</bdi>`;
}

export function heading(level: 1 | 2 | 3, text: Child, id?: string): RawHtml {
  const attrs = id ? html` id="${id}"` : '';
  if (level === 1) return html`<h1 class="utrecht-heading-1" ${attrs}>${text}</h1>`;
  if (level === 2) return html`<h2 class="utrecht-heading-2" ${attrs}>${text}</h2>`;
  return html`<h3 class="utrecht-heading-3" ${attrs}>${text}</h3>`;
}

export function paragraph(text: Child, lead = false): RawHtml {
  return html`<p class="utrecht-paragraph ${lead ? 'utrecht-paragraph--lead' : ''}">${text}</p>`;
}
