import { html, RawHtml } from '../../../common/http/html';
import type { PageContext } from '../../../workspace/page-context';
import {
  alert,
  button,
  buttonGroup,
  choiceGroup,
  csrfField,
  errorFor,
  errorSummary,
  type FieldError,
  fieldId,
  linkButton,
  paragraph,
  selectField,
  textareaField,
  textField,
} from '../../../workspace/views/components';
import { ACTIVITY_KINDS } from '../../../taxonomy/taxonomy';
import type { HostSuggestionDto } from '../../dto/rsvp.dto';
import type { ActivityFormState } from '../activity-form';
import { activityHref, activityPage, backLinks, kindLabel, parentName, texts } from './shared';

export interface LanguageChoice {
  code: string;
  /** The language's name in the staff member's language. */
  label: string;
  /** Its own name for itself. */
  native: string;
  /** Parents of the school (speaking it, or reading messages in it). */
  parents: number;
}

export interface ActivityFormData {
  mode: 'new' | 'edit';
  /** The activity being changed (edit). */
  activity?: { id: string; title: string; signedUp: number };
  state: ActivityFormState;
  errors?: FieldError[];
  /** Parents whose skills fit the kind, best first. */
  suggestions: HostSuggestionDto[];
  /** Hosts named before who are not among the suggestions (edit). */
  otherHosts: { parentId: string; givenName: string }[];
  /** Languages spoken at the school (for "languages at the activity"). */
  spoken: LanguageChoice[];
  /** Languages parents read messages in, other than the main one (translations). */
  translations: LanguageChoice[];
}

/** Where a field's error in the summary leads: the input that holds it on this form. */
const ANCHORS: Record<string, string> = {
  startsAt: fieldId('startTime'),
  endsAt: fieldId('endTime'),
  timeZone: fieldId('date'),
  costCents: fieldId('cost'),
  titles: 'f-translations',
  descriptions: 'f-translations',
  _form: 'activity-form',
};
const anchorOf = (field: string): string => ANCHORS[field.split('.')[0]] ?? fieldId(field);

/** Step one of scheduling: what kind of activity (the host suggestions follow from it). */
export function kindChoiceView(ctx: PageContext): string {
  const t = texts(ctx);
  const body = html`${backLinks(ctx)}
    <h1 class="utrecht-heading-1">${t('form.newTitle')}</h1>
    ${paragraph(t('form.kindStep'), true)}
    <form method="get" action="${activityHref(ctx, undefined, '/new')}" class="om-form">
      ${choiceGroup({
        name: 'kind',
        type: 'radio',
        legend: t('form.kind'),
        options: ACTIVITY_KINDS.map((k) => ({ value: k, label: kindLabel(t, k) })),
        values: ['coffee_morning'],
        columns: true,
      })}
      ${buttonGroup(button(t('form.next')), linkButton(activityHref(ctx), t('form.cancel')))}
    </form>`;
  return activityPage(ctx, { title: t('form.newTitle'), body });
}

/** Scheduling a new activity or changing one: the same fields, the API's DTOs behind them. */
export function activityFormView(ctx: PageContext, d: ActivityFormData): string {
  const t = texts(ctx);
  const s = d.state;
  const e = d.errors;
  const title =
    d.mode === 'new' ? t('form.newTitle') : t('form.editTitle', { title: d.activity?.title });
  const action =
    d.mode === 'new'
      ? activityHref(ctx, undefined, '/new')
      : activityHref(ctx, d.activity!.id, '/edit');
  const body = html`${backLinks(ctx, d.mode === 'edit' ? d.activity : undefined)}
    <h1 class="utrecht-heading-1">${title}</h1>
    ${errorSummary(ctx, e, anchorOf)}
    ${
      d.mode === 'edit' && d.activity!.signedUp > 0
        ? alert('info', paragraph(t('form.changeTold', { count: d.activity!.signedUp })))
        : ''
    }
    ${
      errorFor(e, '_form') ? alert('error', paragraph(errorFor(e, '_form')), { role: 'alert' }) : ''
    }
    <form method="post" action="${action}" class="om-form" id="activity-form" novalidate>
      ${csrfField(ctx)}
      ${d.mode === 'edit' ? html`<input type="hidden" name="version" value="${s.version ?? ''}" />` : ''}
      ${selectField({
        name: 'kind',
        label: t('form.kind'),
        options: ACTIVITY_KINDS.map((k) => ({ value: k, label: kindLabel(t, k) })),
        value: s.kind,
        error: errorFor(e, 'kind'),
        hint: t('form.kindHint'),
        size: 'md',
      })}
      ${textField({
        name: 'title',
        label: t('form.title'),
        value: s.title,
        hint: d.mode === 'new' || !s.title ? t('form.titleHint') : t('form.titleKeepHint'),
        error: errorFor(e, 'title'),
        maxlength: 200,
        lang: 'nl',
      })}
      ${textareaField({
        name: 'description',
        label: t('form.description'),
        value: s.description,
        hint: t('form.descriptionHint'),
        error: errorFor(e, 'description'),
        maxlength: 4000,
        rows: 4,
        lang: 'nl',
      })}
      ${translationsBlock(ctx, d)} ${whenBlock(ctx, d)}
      ${textField({
        name: 'location',
        label: t('form.location'),
        value: s.location,
        hint: t('form.locationHint'),
        error: errorFor(e, 'location'),
        maxlength: 300,
        required: true,
        autocomplete: 'off',
      })}
      ${textField({
        name: 'capacity',
        label: t('form.capacity'),
        value: s.capacity,
        hint: t('form.capacityHint'),
        error: errorFor(e, 'capacity'),
        type: 'number',
        min: 1,
        max: 10000,
        step: 1,
        size: 'xs',
      })}
      ${textField({
        name: 'cost',
        label: t('form.cost'),
        value: s.cost,
        hint: t('form.costHint'),
        error: errorFor(e, 'costCents'),
        size: 'xs',
        autocomplete: 'off',
      })}
      ${choiceGroup({
        name: 'languages',
        legend: t('form.languages'),
        hint: t('form.languagesHint'),
        options: d.spoken.map((l) => ({
          value: l.code,
          label: l.label === l.native ? l.label : `${l.label} (${l.native})`,
        })),
        values: s.languages,
        error: errorFor(e, 'languages'),
        columns: true,
      })}
      ${offersBlock(ctx, d)} ${hostsBlock(ctx, d)}
      ${buttonGroup(
        button(d.mode === 'new' ? t('form.schedule') : t('form.save')),
        linkButton(
          d.mode === 'new' ? activityHref(ctx) : activityHref(ctx, d.activity!.id),
          t('form.cancel'),
        ),
      )}
    </form>`;
  return activityPage(ctx, { title, body });
}

/** A main text for everyone, with a translation per language the school's parents read. */
function translationsBlock(ctx: PageContext, d: ActivityFormData): RawHtml {
  const t = texts(ctx);
  const e = d.errors;
  const error = [errorFor(e, 'titles'), errorFor(e, 'descriptions')].filter(Boolean).join(' ');
  return html`<div
    class="utrecht-form-fieldset ${error ? 'utrecht-form-fieldset--invalid' : ''}"
    id="f-translations"
  >
    <fieldset
      class="utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset"
      aria-describedby="f-translations-hint${error ? ' f-translations-error' : ''}"
    >
      <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
        ${t('form.translations.legend')}
      </legend>
      <div class="utrecht-form-field-description" id="f-translations-hint">
        ${t('form.translations.hint')}
      </div>
      ${error ? html`<div class="utrecht-form-field-error-message" id="f-translations-error">${error}</div>` : ''}
      ${
        d.translations.length
          ? d.translations.map((l) => {
              const value = d.state.translations[l.code] ?? { title: '', description: '' };
              const open = Boolean(value.title || value.description || error);
              return html`<details class="om-act-translation" ${open ? html`open` : ''}>
                <summary>
                  ${t('form.translations.summary', { language: l.label, count: l.parents })}
                </summary>
                ${textField({
                  name: `title_${l.code}`,
                  id: `f-title-${l.code}`,
                  label: html`${t('form.translations.title', { language: l.label })}
                    <span lang="${l.code}">(${l.native})</span>`,
                  value: value.title,
                  maxlength: 200,
                  lang: l.code,
                  dir: 'auto',
                })}
                ${textareaField({
                  name: `description_${l.code}`,
                  id: `f-description-${l.code}`,
                  label: t('form.translations.description', { language: l.label }),
                  value: value.description,
                  maxlength: 4000,
                  rows: 3,
                  lang: l.code,
                  dir: 'auto',
                })}
              </details>`;
            })
          : paragraph(t('form.translations.none'))
      }
    </fieldset>
  </div>`;
}

/** The date and the times, in the school's time zone (nothing to type about zones). */
function whenBlock(ctx: PageContext, d: ActivityFormData): RawHtml {
  const t = texts(ctx);
  const s = d.state;
  const e = d.errors;
  return html`<div class="utrecht-form-fieldset" id="f-when">
    <fieldset
      class="utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset"
      aria-describedby="f-when-hint"
    >
      <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
        ${t('form.when')}
      </legend>
      <div class="utrecht-form-field-description" id="f-when-hint">${t('form.whenHint')}</div>
      <div class="om-row">
        ${textField({
          name: 'date',
          label: t('form.date'),
          type: 'date',
          value: s.date,
          error: errorFor(e, 'date') ?? errorFor(e, 'timeZone'),
          required: true,
          size: 'sm',
        })}
        ${textField({
          name: 'startTime',
          label: t('form.startTime'),
          type: 'time',
          value: s.startTime,
          error: errorFor(e, 'startTime') ?? errorFor(e, 'startsAt'),
          required: true,
          step: 300,
          size: 'xs',
        })}
        ${textField({
          name: 'endTime',
          label: t('form.endTime'),
          type: 'time',
          value: s.endTime,
          error: errorFor(e, 'endTime') ?? errorFor(e, 'endsAt'),
          required: true,
          step: 300,
          size: 'xs',
        })}
      </div>
    </fieldset>
  </div>`;
}

/** Interpreter and childcare: two yes/no choices in one group. */
function offersBlock(ctx: PageContext, d: ActivityFormData): RawHtml {
  const t = texts(ctx);
  const box = (key: 'interpreter' | 'childcare', on: boolean) =>
    html`<div class="utrecht-form-field utrecht-form-field--checkbox">
      <div class="utrecht-form-field__input">
        <input
          class="utrecht-checkbox utrecht-checkbox--html-input"
          type="checkbox"
          id="${fieldId(key)}"
          name="${key}"
          value="1"
          ${on ? html`checked` : ''}
        />
      </div>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label utrecht-form-label--checkbox" for="${fieldId(key)}"
          >${t(`form.${key}`)}</label
        >
      </div>
    </div>`;
  return html`<div class="utrecht-form-fieldset">
    <fieldset class="utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset">
      <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
        ${t('form.offers')}
      </legend>
      <div class="om-choices">
        ${box('interpreter', d.state.interpreter)} ${box('childcare', d.state.childcare)}
      </div>
    </fieldset>
  </div>`;
}

/** Host parents: suggested from their intake skills for this kind; the consultant ticks. */
function hostsBlock(ctx: PageContext, d: ActivityFormData): RawHtml {
  const t = texts(ctx);
  const skills = (codes: string[]) => codes.map((c) => t(`taxonomy:skill.${c}`)).join(', ');
  const options = [
    ...d.suggestions.map((h) => ({
      value: h.parentId,
      label: parentName(h),
      hint: [
        t('form.hosts.skills', { skills: skills(h.matchingSkills) }),
        h.hostedBefore ? t('form.hosts.hostedBefore', { count: h.hostedBefore }) : '',
      ]
        .filter(Boolean)
        .join(' · '),
    })),
    ...d.otherHosts.map((h) => ({
      value: h.parentId,
      label: parentName({ givenName: h.givenName, familyName: null }),
      hint: t('form.hosts.named'),
    })),
  ];
  const kind = kindLabel(t, d.state.kind);
  return options.length
    ? choiceGroup({
        name: 'hostParentIds',
        legend: t('form.hosts.legend'),
        hint: t('form.hosts.hint', { kind }),
        options,
        values: d.state.hostParentIds,
        error: errorFor(d.errors, 'hostParentIds'),
      })
    : html`<div class="utrecht-form-fieldset" id="${fieldId('hostParentIds')}">
        <h2 class="utrecht-heading-3">${t('form.hosts.legend')}</h2>
        ${paragraph(t('form.hosts.none', { kind }))}
      </div>`;
}
