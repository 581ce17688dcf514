import type { TFunction } from 'i18next';
import { html, RawHtml } from '../../../common/http/html';
import type { TaxonomyDto } from '../../../taxonomy/taxonomy.service';
import { DAY_PARTS, WEEKDAYS } from '../../../taxonomy/taxonomy';
import { PageContext, schoolHref } from '../../../workspace/page-context';
import {
  alert,
  button,
  buttonGroup,
  choiceGroup,
  csrfField,
  errorSummary,
  type FieldError,
  fieldId,
  linkButton,
  name,
  paragraph,
  selectField,
  textareaField,
  textField,
} from '../../../workspace/views/components';
import { workspacePage } from '../../../workspace/views/layout';
import { CONSENT_PURPOSES, FORMS_OF_ADDRESS, PARENT_ROLES, type Channel } from '../../parent.types';
import {
  CHANNEL_LIST,
  CONSENT_METHODS_IN_FORM,
  type Group,
  type ParentForm,
  schoolYearLabel,
} from '../parent-form';
import { checkbox, groupedSelect, languageGroups } from './intake-shared';

/** Words the form needs besides the texts: taxonomy labels and the school's years. */
export interface IntakeVocabulary {
  tax: TaxonomyDto;
  weekday: (code: string) => string;
  dayPart: (code: string) => string;
  /** The school years this school's form offers (by the kind of school). */
  schoolYears: string[];
}

export interface HouseholdChoice {
  id: string;
  name: string;
  /** Something to tell parents of the same name apart (their children's school years). */
  detail?: string;
}

export interface ParentFormPage {
  mode: 'create' | 'edit';
  /** The address the form posts to. */
  action: string;
  /** The form, with its rows already padded (withRows). */
  form: ParentForm;
  errors?: FieldError[];
  /** Written channels chosen without consent: asked to confirm or fix before saving. */
  warning?: Channel[];
  /** Channels the consultant already confirmed without consent (kept while errors are fixed). */
  confirmed?: string;
  /** Editing: someone else saved meanwhile; what differs between their version and this form. */
  conflict?: { label: string; now: string; typed: string }[];
  /** Intake: the household search and its choices. */
  household?: { chosen?: HouseholdChoice; candidates: HouseholdChoice[]; searched: boolean };
  /** Editing: whose record. */
  parent?: { id: string; name: string };
  vocab: IntakeVocabulary;
}

/** Only the errors of exactly this field (not of its rows), for a group's own message. */
function exactError(errors: FieldError[] | undefined, field: string): string | undefined {
  const found = errors?.filter((e) => e.field === field);
  return found?.length ? [...new Set(found.map((e) => e.message))].join(' ') : undefined;
}

/** Errors of a field and its sub-fields (a consent's radio group). */
function errorOf(errors: FieldError[] | undefined, field: string): string | undefined {
  const found = errors?.filter((e) => e.field === field || e.field.startsWith(`${field}.`));
  return found?.length ? [...new Set(found.map((e) => e.message))].join(' ') : undefined;
}

function required(ctx: PageContext, label: string): RawHtml {
  return html`${label} <span class="om-muted">(${ctx.t('form.required')})</span>`;
}

/** "Add another child": posts the form as it is and shows it again with one more empty row. */
function addRowButton(v: ParentFormPage, group: Group, label: string, rows: number): RawHtml {
  const first = { children: 'schoolYear', languages: 'code', situations: 'code' }[group];
  return html`<div class="om-toolbar">
    ${button(label, {
      variant: 'secondary',
      name: 'add',
      value: group,
      formaction: `${v.action}#${fieldId(`${group}.${rows}.${first}`)}`,
    })}
  </div>`;
}

function childrenSection(ctx: PageContext, t: TFunction, v: ParentFormPage): RawHtml {
  const years = new Set(v.vocab.schoolYears);
  return html`<section aria-labelledby="h-children">
    <h2 class="utrecht-heading-2" id="h-children">${t('form.children.title')}</h2>
    <div id="${fieldId('children')}">
      ${paragraph(t('form.children.intro'))}
      ${exactError(v.errors, 'children') ? alert('error', paragraph(exactError(v.errors, 'children'))) : ''}
    </div>
    ${v.form.children.map((c, i) => {
      const options = [
        ...v.vocab.schoolYears,
        ...(c.schoolYear && !years.has(c.schoolYear) ? [c.schoolYear] : []),
      ];
      return html`<fieldset class="om-fieldset-box">
        <legend>${t('form.children.legend', { n: i + 1 })}</legend>
        <div class="om-row">
          ${selectField({
            name: `children.${i}.schoolYear`,
            label: t('form.children.schoolYear'),
            options: options.map((y) => ({ value: y, label: schoolYearLabel(t, y) })),
            value: c.schoolYear,
            empty: ctx.t('form.choose'),
            error: errorOf(v.errors, `children.${i}.schoolYear`),
            size: 'sm',
          })}
          ${textField({
            name: `children.${i}.firstName`,
            label: t('form.children.firstName'),
            value: c.firstName,
            maxlength: 50,
            autocomplete: 'off',
            error: errorOf(v.errors, `children.${i}.firstName`),
            size: 'sm',
          })}
          ${textField({
            name: `children.${i}.className`,
            label: t('form.children.className'),
            value: c.className,
            maxlength: 10,
            autocomplete: 'off',
            error: errorOf(v.errors, `children.${i}.className`),
            size: 'xs',
          })}
        </div>
      </fieldset>`;
    })}
    ${addRowButton(v, 'children', t('form.children.add'), v.form.children.length)}
  </section>`;
}

function languagesSection(ctx: PageContext, t: TFunction, v: ParentFormPage): RawHtml {
  const groups = languageGroups(v.vocab.tax, {
    common: t('form.languages.common'),
    other: t('form.languages.other'),
  });
  const levels = v.vocab.tax.languageLevels.map((l) => ({ value: l.code, label: l.label }));
  const shipped = new Set(v.vocab.tax.messageLanguages.map((l) => l.code));
  const messageGroups = [
    {
      label: t('form.languages.shipped'),
      options: languageGroups(v.vocab.tax, { common: '', other: '' }, shipped).flatMap(
        (g) => g.options,
      ),
    },
    {
      label: t('form.languages.notShipped'),
      options: groups.flatMap((g) => g.options).filter((o) => !shipped.has(o.value)),
    },
  ];
  return html`<section aria-labelledby="h-languages">
    <h2 class="utrecht-heading-2" id="h-languages">${t('form.languages.title')}</h2>
    <div id="${fieldId('languages')}">
      ${paragraph(t('form.languages.intro'))}
      ${exactError(v.errors, 'languages') ? alert('error', paragraph(exactError(v.errors, 'languages'))) : ''}
    </div>
    ${v.form.languages.map(
      (l, i) =>
        html`<fieldset class="om-fieldset-box">
          <legend>${t('form.languages.legend', { n: i + 1 })}</legend>
          <div class="om-row">
            ${groupedSelect({
              id: fieldId(`languages.${i}.code`),
              name: `languages.${i}.code`,
              label: t('form.languages.code'),
              groups,
              value: l.code,
              empty: ctx.t('form.choose'),
              error: errorOf(v.errors, `languages.${i}.code`),
              className: 'om-field--md',
            })}
            ${selectField({
              name: `languages.${i}.level`,
              label: t('form.languages.level'),
              options: levels,
              value: l.level,
              empty: ctx.t('form.choose'),
              error: errorOf(v.errors, `languages.${i}.level`),
              size: 'sm',
            })}
          </div>
        </fieldset>`,
    )}
    ${addRowButton(v, 'languages', t('form.languages.add'), v.form.languages.length)}
    ${selectField({
      name: 'dutchLevel',
      label: required(ctx, t('form.languages.dutchLevel')),
      options: v.vocab.tax.dutchLevels.map((l) => ({ value: l.code, label: l.label })),
      value: v.form.dutchLevel,
      empty: ctx.t('form.choose'),
      required: true,
      error: errorOf(v.errors, 'dutchLevel'),
      size: 'md',
    })}
    ${groupedSelect({
      id: fieldId('messageLanguage'),
      name: 'messageLanguage',
      label: required(ctx, t('form.languages.messageLanguage')),
      hint: t('form.languages.messageLanguageHint'),
      groups: messageGroups,
      value: v.form.messageLanguage,
      empty: ctx.t('form.choose'),
      required: true,
      error: errorOf(v.errors, 'messageLanguage'),
      className: 'om-field--md',
    })}
    ${checkbox({
      id: fieldId('prefersSpoken'),
      name: 'prefersSpoken',
      label: t('form.languages.prefersSpoken'),
      hint: t('form.languages.prefersSpokenHint'),
      checked: v.form.prefersSpoken,
    })}
    ${selectField({
      name: 'formOfAddress',
      label: t('form.languages.formOfAddress'),
      hint: t('form.languages.formOfAddressHint'),
      options: FORMS_OF_ADDRESS.map((f) => ({ value: f, label: t(`form.formOfAddress.${f}`) })),
      value: v.form.formOfAddress,
      empty: t('form.languages.formOfAddressNone'),
      error: errorOf(v.errors, 'formOfAddress'),
      size: 'md',
    })}
  </section>`;
}

function roleSection(ctx: PageContext, t: TFunction, v: ParentFormPage): RawHtml {
  return html`<section aria-labelledby="h-role">
    <h2 class="utrecht-heading-2" id="h-role">${t('form.role.title')}</h2>
    ${choiceGroup({
      name: 'role',
      legend: required(ctx, t('form.role.legend')),
      type: 'radio',
      values: [v.form.role],
      error: errorOf(v.errors, 'role'),
      options: PARENT_ROLES.map((r) => ({
        value: r,
        label: t(`form.role.${r}`),
        hint: t(`form.role.${r}Hint`),
      })),
    })}
    ${selectField({
      name: 'capacity',
      label: t('form.role.capacity'),
      hint: t('form.role.capacityHint'),
      options: ['1', '2', '3'].map((n) => ({
        value: n,
        label: t('form.role.capacityOption', { count: Number(n) }),
      })),
      value: v.form.capacity,
      empty: ctx.t('form.choose'),
      error: errorOf(v.errors, 'capacity'),
      size: 'sm',
    })}
  </section>`;
}

function situationsSection(ctx: PageContext, t: TFunction, v: ParentFormPage): RawHtml {
  const situations = v.vocab.tax.situations.map((s) => ({
    value: s.code,
    label: s.sensitive ? t('form.situations.sensitiveOption', { label: s.label }) : s.label,
  }));
  return html`<section aria-labelledby="h-situations">
    <h2 class="utrecht-heading-2" id="h-situations">${t('form.situations.title')}</h2>
    <div id="${fieldId('situations')}">
      ${paragraph(t('form.situations.intro'))}
      ${exactError(v.errors, 'situations') ? alert('error', paragraph(exactError(v.errors, 'situations'))) : ''}
    </div>
    ${v.form.situations.map(
      (s, i) =>
        html`<fieldset class="om-fieldset-box">
          <legend>${t('form.situations.legend', { n: i + 1 })}</legend>
          <div class="om-row">
            ${selectField({
              name: `situations.${i}.code`,
              label: t('form.situations.code'),
              options: situations,
              value: s.code,
              empty: ctx.t('form.choose'),
              error: errorOf(v.errors, `situations.${i}.code`),
              size: 'md',
            })}
            ${selectField({
              name: `situations.${i}.stance`,
              label: t('form.situations.stance'),
              options: ['seeking', 'experienced'].map((x) => ({
                value: x,
                label: t(`form.situations.${x}`),
              })),
              value: s.stance,
              empty: ctx.t('form.choose'),
              error: errorOf(v.errors, `situations.${i}.stance`),
              size: 'sm',
            })}
            ${checkbox({
              id: fieldId(`situations.${i}.share`),
              name: `situations.${i}.share`,
              label: t('form.situations.share'),
              checked: s.share,
            })}
          </div>
        </fieldset>`,
    )}
    ${addRowButton(v, 'situations', t('form.situations.add'), v.form.situations.length)}
  </section>`;
}

function talentsSection(t: TFunction, v: ParentFormPage): RawHtml {
  return html`<section aria-labelledby="h-talents">
    <h2 class="utrecht-heading-2" id="h-talents">${t('form.talents.title')}</h2>
    ${choiceGroup({
      name: 'skills',
      legend: t('form.talents.skills'),
      hint: t('form.talents.skillsHint'),
      values: v.form.skills,
      columns: true,
      error: errorOf(v.errors, 'skills'),
      options: v.vocab.tax.skills.map((s) => ({ value: s.code, label: s.label })),
    })}
    ${choiceGroup({
      name: 'interests',
      legend: t('form.talents.interests'),
      values: v.form.interests,
      columns: true,
      error: errorOf(v.errors, 'interests'),
      options: v.vocab.tax.interests.map((s) => ({ value: s.code, label: s.label })),
    })}
  </section>`;
}

function availabilitySection(t: TFunction, v: ParentFormPage): RawHtml {
  const chosen = new Set(v.form.availability);
  const error = errorOf(v.errors, 'availability');
  return html`<section aria-labelledby="h-availability">
    <h2 class="utrecht-heading-2" id="h-availability">${t('form.availability.title')}</h2>
    <div
      class="utrecht-form-fieldset ${error ? 'utrecht-form-fieldset--invalid' : ''}"
      id="${fieldId('availability')}"
    >
      <fieldset
        class="utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset"
        aria-describedby="${fieldId('availability')}-hint"
      >
        <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
          ${t('form.availability.legend')}
        </legend>
        <div class="utrecht-form-field-description" id="${fieldId('availability')}-hint">
          ${t('form.availability.hint')}
        </div>
        ${error ? html`<div class="utrecht-form-field-error-message">${error}</div>` : ''}
        <div class="utrecht-table-container om-table-container">
          <table class="utrecht-table utrecht-table--html-table om-slots">
            <caption class="utrecht-table__caption om-visually-hidden">
              ${t('form.availability.legend')}
            </caption>
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                <th scope="col" class="utrecht-table__header-cell">
                  ${t('form.availability.day')}
                </th>
                ${DAY_PARTS.map((p) => html`<th scope="col" class="utrecht-table__header-cell">${v.vocab.dayPart(p)}</th>`)}
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              ${WEEKDAYS.map(
                (d) =>
                  html`<tr class="utrecht-table__row">
                    <th scope="row" class="utrecht-table__header-cell">${v.vocab.weekday(d)}</th>
                    ${DAY_PARTS.map((p) => {
                      const code = `${d}-${p}`;
                      const id = fieldId(`availability.${code}`);
                      return html`<td class="utrecht-table__cell">
                        <label class="om-slot" for="${id}">
                          <input
                            class="utrecht-checkbox utrecht-checkbox--html-input"
                            type="checkbox"
                            id="${id}"
                            name="availability"
                            value="${code}"
                            ${chosen.has(code) ? html`checked` : ''}
                          />
                          <span class="om-visually-hidden"
                            >${t('form.availability.slot', {
                              weekday: v.vocab.weekday(d),
                              dayPart: v.vocab.dayPart(p),
                            })}</span
                          >
                        </label>
                      </td>`;
                    })}
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </fieldset>
    </div>
  </section>`;
}

function contactSection(ctx: PageContext, t: TFunction, v: ParentFormPage): RawHtml {
  const warned = new Set(v.warning ?? []);
  return html`<section aria-labelledby="h-contact">
    <h2 class="utrecht-heading-2" id="h-contact">${t('form.contact.title')}</h2>
    ${textField({
      name: 'postcode',
      label: t('form.contact.postcode'),
      hint: t('form.contact.postcodeHint'),
      value: v.form.postcode,
      autocomplete: 'off',
      maxlength: 10,
      error: errorOf(v.errors, 'postcode'),
      size: 'xs',
    })}
    ${choiceGroup({
      name: 'channels',
      legend: required(ctx, t('form.contact.channels')),
      hint: t('form.contact.channelsHint'),
      values: v.form.channels,
      error: errorOf(v.errors, 'channels'),
      options: CHANNEL_LIST.map((c) => ({
        value: c,
        label: t(`channel.${c}`),
        hint: warned.has(c) ? t(`form.warning.channelHint.${c}`) : undefined,
      })),
    })}
    ${selectField({
      name: 'channelFirst',
      label: t('form.contact.channelFirst'),
      hint: t('form.contact.channelFirstHint'),
      options: CHANNEL_LIST.map((c) => ({ value: c, label: t(`channel.${c}`) })),
      value: v.form.channelFirst,
      empty: t('form.contact.channelFirstNone'),
      error: errorOf(v.errors, 'channelFirst'),
      size: 'md',
    })}
    ${textField({
      name: 'email',
      label: t('form.contact.email'),
      hint: t('form.contact.emailHint'),
      type: 'email',
      value: v.form.email,
      autocomplete: 'off',
      maxlength: 254,
      error: errorOf(v.errors, 'email'),
      size: 'md',
    })}
    ${textField({
      name: 'phone',
      label: t('form.contact.phone'),
      hint: t('form.contact.phoneHint'),
      type: 'tel',
      value: v.form.phone,
      autocomplete: 'off',
      maxlength: 32,
      error: errorOf(v.errors, 'phone'),
      size: 'sm',
    })}
  </section>`;
}

function consentSection(ctx: PageContext, t: TFunction, v: ParentFormPage): RawHtml {
  return html`<section aria-labelledby="h-consent">
    <h2 class="utrecht-heading-2" id="h-consent">${t('form.consent.title')}</h2>
    ${paragraph(t('form.consent.intro'))}
    ${CONSENT_PURPOSES.map((purpose) => {
      const answer = v.form.consents[purpose];
      return choiceGroup({
        name: `consents.${purpose}`,
        id: fieldId(`consents.${purpose}`),
        legend:
          purpose === 'matching' ? required(ctx, t(`consent.${purpose}`)) : t(`consent.${purpose}`),
        hint: t(`form.consent.hint.${purpose}`),
        type: 'radio',
        columns: true,
        values: answer ? [answer] : [],
        error: errorOf(v.errors, `consents.${purpose}`),
        options: [
          { value: 'yes', label: t('form.consent.yes') },
          { value: 'no', label: t('form.consent.no') },
        ],
      });
    })}
    ${choiceGroup({
      name: 'consentMethod',
      legend: t('form.consent.method'),
      hint: v.mode === 'edit' ? t('form.consent.methodHintEdit') : t('form.consent.methodHint'),
      type: 'radio',
      columns: true,
      values: [v.form.consentMethod || 'in_person'],
      error: errorOf(v.errors, 'consentMethod'),
      options: CONSENT_METHODS_IN_FORM.map((m) => ({ value: m, label: t(`consentMethod.${m}`) })),
    })}
  </section>`;
}

function householdSection(ctx: PageContext, t: TFunction, v: ParentFormPage): RawHtml | '' {
  if (v.mode !== 'create' || !v.household) return '';
  const h = v.household;
  const choices = [
    ...(h.chosen && !h.candidates.some((c) => c.id === h.chosen!.id) ? [h.chosen] : []),
    ...h.candidates,
  ];
  return html`<div class="om-fieldset-box" id="household">
    <h3 class="utrecht-heading-3">${t('form.household.title')}</h3>
    ${paragraph(t('form.household.intro'))}
    <div class="om-row">
      ${textField({
        name: 'householdQuery',
        label: t('form.household.search'),
        value: v.form.householdQuery,
        autocomplete: 'off',
        maxlength: 100,
        type: 'search',
        size: 'md',
      })}
      <div class="utrecht-form-field">
        ${button(t('form.household.find'), {
          variant: 'secondary',
          name: 'findHousehold',
          value: '1',
          formaction: `${v.action}#household`,
        })}
      </div>
    </div>
    ${h.searched && !h.candidates.length ? paragraph(t('form.household.none', { query: v.form.householdQuery })) : ''}
    ${
      choices.length
        ? choiceGroup({
            name: 'sameHouseholdAs',
            id: fieldId('sameHouseholdAs'),
            legend: t('form.household.legend'),
            type: 'radio',
            values: [v.form.sameHouseholdAs],
            error: errorOf(v.errors, 'sameHouseholdAs'),
            options: [
              { value: '', label: t('form.household.own') },
              ...choices.map((c) => ({
                value: c.id,
                label: c.detail
                  ? html`${name(c.name)} <span class="om-muted">(${c.detail})</span>`
                  : name(c.name),
              })),
            ],
          })
        : html`<input type="hidden" name="sameHouseholdAs" value="" />${
              errorOf(v.errors, 'sameHouseholdAs')
                ? html`<div
                    class="utrecht-form-field-error-message"
                    id="${fieldId('sameHouseholdAs')}"
                  >
                    ${errorOf(v.errors, 'sameHouseholdAs')}
                  </div>`
                : ''
            }`
    }
  </div>`;
}

function warningBox(ctx: PageContext, t: TFunction, v: ParentFormPage): RawHtml | '' {
  if (!v.warning?.length) return '';
  return html`<div
    class="utrecht-alert utrecht-alert--warning om-warning-box"
    role="alert"
    aria-labelledby="consent-warning-title"
    id="consent-warning"
    tabindex="-1"
  >
    <div class="utrecht-alert__content">
      <h2 class="utrecht-heading-2" id="consent-warning-title">${t('form.warning.title')}</h2>
      ${v.warning.map((c) => paragraph(t(`form.warning.channel.${c}`)))}
      ${paragraph(t('form.warning.what'))} ${paragraph(t('form.warning.later'))}
      ${buttonGroup(
        html`<a
          class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action"
          href="#${fieldId(`consents.${v.warning[0] === 'sms' ? 'messages_sms' : 'messages_email'}`)}"
          >${t('form.warning.fix')}</a
        >`,
        button(t('form.warning.confirm'), {
          variant: 'primary',
          name: 'confirm',
          value: 'channels',
        }),
      )}
    </div>
  </div>`;
}

function conflictBox(t: TFunction, v: ParentFormPage): RawHtml | '' {
  if (!v.conflict) return '';
  return html`<div
    class="utrecht-alert utrecht-alert--warning om-warning-box om-conflict"
    role="alert"
    aria-labelledby="conflict-title"
  >
    <div class="utrecht-alert__content">
      <h2 class="utrecht-heading-2" id="conflict-title">${t('edit.conflict.title')}</h2>
      ${paragraph(t('edit.conflict.intro'))}
      ${
        v.conflict.length
          ? html`<dl class="utrecht-data-list om-data-list">
              ${v.conflict.map(
                (d) =>
                  html`<div class="utrecht-data-list__item">
                    <dt class="utrecht-data-list__item-key">${d.label}</dt>
                    <dd class="utrecht-data-list__item-value">
                      ${t('edit.conflict.now', { value: d.now || t('edit.conflict.empty') })}<br />
                      ${t('edit.conflict.typed', { value: d.typed || t('edit.conflict.empty') })}
                    </dd>
                  </div>`,
              )}
            </dl>`
          : paragraph(t('edit.conflict.same'))
      }
      ${paragraph(t('edit.conflict.next'))}
    </div>
  </div>`;
}

export function parentFormView(ctx: PageContext, v: ParentFormPage): string {
  const t = ctx.tr('ws-intake');
  const create = v.mode === 'create';
  const title = create ? t('intake.title') : t('edit.title', { name: v.parent?.name ?? '' });
  const back = create ? schoolHref(ctx, '/parents') : schoolHref(ctx, `/parents/${v.parent!.id}`);
  const formError = errorOf(v.errors, '_form') ?? errorOf(v.errors, 'version');
  return workspacePage(ctx, {
    title,
    active: create ? 'intake' : 'parents',
    scripts: ['/assets/workspace.js'],
    body: html` <h1 class="utrecht-heading-1">
        ${create ? t('intake.title') : html`${t('edit.heading')} ${name(v.parent?.name)}`}
      </h1>
      ${paragraph(create ? t('intake.intro') : t('edit.intro'), true)} ${conflictBox(t, v)}
      ${errorSummary(ctx, v.errors)}
      <form method="post" action="${v.action}" class="utrecht-form om-form om-intake" novalidate>
        ${csrfField(ctx)}
        <button type="submit" class="om-visually-hidden" tabindex="-1" aria-hidden="true">
          ${create ? t('intake.submit') : t('edit.submit')}
        </button>
        ${create ? '' : html`<input type="hidden" name="version" value="${v.form.version}" />`}
        ${v.confirmed ? html`<input type="hidden" name="channelsConfirmed" value="${v.confirmed}" />` : ''}
        ${warningBox(ctx, t, v)}
        ${formError ? html`<div id="${fieldId('_form')}">${alert('error', paragraph(formError))}</div>` : ''}
        <section aria-labelledby="h-parent">
          <h2 class="utrecht-heading-2" id="h-parent">${t('form.parent.title')}</h2>
          ${textField({
            name: 'givenName',
            label: required(ctx, t('form.parent.givenName')),
            value: v.form.givenName,
            autocomplete: 'off',
            maxlength: 100,
            required: true,
            error: errorOf(v.errors, 'givenName'),
            size: 'md',
          })}
          ${textField({
            name: 'familyName',
            label: t('form.parent.familyName'),
            value: v.form.familyName,
            autocomplete: 'off',
            maxlength: 100,
            error: errorOf(v.errors, 'familyName'),
            size: 'md',
          })}
          ${householdSection(ctx, t, v)}
        </section>
        ${childrenSection(ctx, t, v)} ${languagesSection(ctx, t, v)} ${roleSection(ctx, t, v)}
        ${situationsSection(ctx, t, v)} ${talentsSection(t, v)} ${availabilitySection(t, v)}
        ${contactSection(ctx, t, v)} ${consentSection(ctx, t, v)}
        <section aria-labelledby="h-note">
          <h2 class="utrecht-heading-2" id="h-note">${t('form.note.title')}</h2>
          ${textField({
            name: 'atSchoolSince',
            label: t('form.note.atSchoolSince'),
            hint: t('form.note.atSchoolSinceHint'),
            value: v.form.atSchoolSince,
            inputmode: 'numeric',
            autocomplete: 'off',
            maxlength: 4,
            error: errorOf(v.errors, 'atSchoolSince'),
            size: 'xs',
          })}
          ${textareaField({
            name: 'intakeNote',
            label: t('form.note.intakeNote'),
            hint: t('form.note.intakeNoteHint'),
            value: v.form.intakeNote,
            maxlength: 2000,
            rows: 4,
            error: errorOf(v.errors, 'intakeNote'),
          })}
        </section>
        ${buttonGroup(
          button(create ? t('intake.submit') : t('edit.submit')),
          linkButton(back, ctx.t('form.cancel')),
        )}
      </form>`,
  });
}
