import type { TFunction } from 'i18next';
import { html, RawHtml } from '../../../common/http/html';
import { DEFAULT_WEIGHTS, MAX_WEIGHT } from '../../../matching/engine/weights';
import type { MatchingWeights } from '../../../matching/engine/matching.types';
import { PageContext, schoolHref } from '../../../workspace/page-context';
import {
  button,
  choiceGroup,
  csrfField,
  errorFor,
  errorSummary,
  type FieldError,
  heading,
  type Option,
  paragraph,
  selectField,
  textField,
} from '../../../workspace/views/components';
import { workspacePage } from '../../../workspace/views/layout';
import { SCHOOL_KINDS } from '../../school.entity';

/** The weights in groups a consultant recognises, each with a question and an explanation. */
export const WEIGHT_GROUPS: { key: string; weights: (keyof MatchingWeights)[] }[] = [
  { key: 'experience', weights: ['situation', 'newcomerWithExperienced', 'experiencedYears'] },
  { key: 'language', weights: ['sharedLanguage', 'firstLanguageBonus'] },
  {
    key: 'practical',
    weights: [
      'sameSchoolYear',
      'sameClass',
      'sameNeighbourhood',
      'availabilitySlot',
      'availabilityCap',
      'sharedInterest',
      'interestCap',
    ],
  },
  { key: 'spread', weights: ['secondSeekerPenalty', 'thirdSeekerPenalty'] },
  {
    key: 'priority',
    weights: ['waitingPerWeek', 'waitingCap', 'scarcityBonus', 'scarceCandidates'],
  },
];

export const weightField = (key: string): string => `settings.matching.weights.${key}`;

/** What the form shows: the stored values, or what was typed when it came back. */
export type SettingsFormValues = Record<string, string>;

export interface SettingsViewInput {
  values: SettingsFormValues;
  brin: string;
  /** The school belongs to a board: matching may reach the board's other schools. */
  hasBoard: boolean;
  languages: Option[];
  errors?: FieldError[];
  /** The groups the overview watches (reach), and the form's error when it was refused. */
  watched?: { values: readonly string[]; error?: string };
}

/**
 * A small form of its own: the groups the school's overview watches in its reach section
 * (little Dutch, new to the Netherlands, new to the school, every home language or some).
 */
function watchedSection(ctx: PageContext, p: SettingsViewInput): RawHtml {
  if (!p.watched) return html``;
  const t = ctx.tr('ws-settings');
  const groups = ['little_dutch', 'new_to_nl', 'new_to_school', 'languages'];
  return html`<form
    method="post"
    action="${schoolHref(ctx, '/settings/watched-groups')}"
    class="om-form om-panel"
    aria-labelledby="watched-title"
    novalidate
  >
    ${csrfField(ctx)} ${heading(2, t('watched.title'), 'watched-title')}
    ${paragraph(t('watched.intro'))}
    ${choiceGroup({
      name: 'groups',
      legend: t('watched.groupsLegend'),
      options: groups.map((g) => ({ value: g, label: t(`watched.groups.${g}`) })),
      values: p.watched.values,
      error: p.watched.error,
    })}
    ${choiceGroup({
      name: 'groups',
      id: 'watched-languages',
      legend: t('watched.languagesLegend'),
      hint: t('watched.languagesHint'),
      options: p.languages
        .filter((l) => l.value !== 'nl')
        .map((l) => ({ value: `language:${l.value}`, label: l.label })),
      values: p.watched.values,
      columns: true,
    })}
    ${button(t('watched.submit'), { variant: 'secondary' })}
  </form>`;
}

function weightInput(t: TFunction, p: SettingsViewInput, key: keyof MatchingWeights): RawHtml {
  const name = weightField(key);
  return textField({
    name,
    type: 'number',
    inputmode: 'numeric',
    min: 0,
    max: MAX_WEIGHT,
    step: 1,
    size: 'xs',
    label: t(`weights.${key}.label`),
    hint: html`${t(`weights.${key}.hint`)}
      <span class="om-muted">${t('weights.default', { value: DEFAULT_WEIGHTS[key] })}</span>`,
    value: p.values[name],
    error: errorFor(p.errors, name),
  });
}

/** The school's settings: the school itself, messages to parents, and how buddies are matched. */
export function settingsView(ctx: PageContext, p: SettingsViewInput): string {
  const t = ctx.tr('ws-settings');
  const v = p.values;
  const weightKeys = WEIGHT_GROUPS.flatMap((g) => g.weights);
  // How many weights the school set to something else than the default (as shown).
  const changed = weightKeys.filter(
    (k) => p.values[weightField(k)] !== String(DEFAULT_WEIGHTS[k]),
  ).length;
  // Open when a weight needs attention, closed otherwise: most schools keep the defaults.
  const weightsOpen = !!p.errors?.some((e) => e.field.startsWith('settings.matching.weights'));
  const hours: Option[] = Array.from({ length: 24 }, (_, h) => ({
    value: String(h),
    label: t('settings.hour', { hour: String(h).padStart(2, '0') }),
  }));
  return workspacePage(ctx, {
    title: t('settings.title'),
    active: 'settings',
    scripts: ['/assets/workspace.js'],
    body: html`${heading(1, t('settings.title'))} ${paragraph(t('settings.intro'), true)}
      ${errorSummary(ctx, p.errors)}
      <form method="post" action="${schoolHref(ctx, '/settings')}" class="om-form" novalidate>
        ${csrfField(ctx)}
        <section aria-labelledby="school-title" class="om-panel">
          ${heading(2, t('settings.schoolTitle'), 'school-title')}
          ${textField({
            name: 'name',
            label: t('settings.name'),
            value: v.name,
            required: true,
            maxlength: 200,
            autocomplete: 'organization',
            error: errorFor(p.errors, 'name'),
          })}
          ${textField({
            name: 'city',
            label: t('settings.city'),
            value: v.city,
            required: true,
            maxlength: 100,
            size: 'md',
            autocomplete: 'address-level2',
            error: errorFor(p.errors, 'city'),
          })}
          ${selectField({
            name: 'kind',
            label: t('settings.kind'),
            options: SCHOOL_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) })),
            value: v.kind,
            size: 'md',
            error: errorFor(p.errors, 'kind'),
          })}
          <p class="utrecht-paragraph">
            <strong>${t('settings.brin')}:</strong> ${p.brin}
            <span class="om-muted">${t('settings.brinFixed')}</span>
          </p>
        </section>
        <section aria-labelledby="messages-title" class="om-panel">
          ${heading(2, t('settings.messagesTitle'), 'messages-title')}
          ${selectField({
            name: 'defaultLanguage',
            label: t('settings.defaultLanguage'),
            hint: t('settings.defaultLanguageHint'),
            options: p.languages,
            value: v.defaultLanguage,
            size: 'md',
            error: errorFor(p.errors, 'defaultLanguage'),
          })}
          ${choiceGroup({
            name: 'settings.messages.bilingual',
            type: 'radio',
            legend: t('settings.bilingual'),
            hint: t('settings.bilingualHint'),
            options: [
              { value: 'yes', label: t('settings.bilingualYes') },
              { value: 'no', label: t('settings.bilingualNo') },
            ],
            values: [v['settings.messages.bilingual'] ?? 'no'],
            error: errorFor(p.errors, 'settings.messages.bilingual'),
          })}
          ${selectField({
            name: 'settings.messages.reminderHour',
            label: t('settings.reminderHour'),
            hint: t('settings.reminderHourHint'),
            options: hours,
            value: v['settings.messages.reminderHour'],
            size: 'xs',
            error: errorFor(p.errors, 'settings.messages.reminderHour'),
          })}
        </section>
        <section aria-labelledby="matching-title" class="om-panel">
          ${heading(2, t('settings.matchingTitle'), 'matching-title')}
          ${textField({
            name: 'settings.matching.responseDays',
            type: 'number',
            inputmode: 'numeric',
            min: 1,
            max: 30,
            step: 1,
            size: 'xs',
            label: t('settings.responseDays'),
            hint: t('settings.responseDaysHint'),
            value: v['settings.matching.responseDays'],
            error: errorFor(p.errors, 'settings.matching.responseDays'),
          })}
          ${
            p.hasBoard
              ? choiceGroup({
                  name: 'settings.matching.scope',
                  type: 'radio',
                  legend: t('settings.scope'),
                  options: [
                    { value: 'school', label: t('settings.scopeSchool') },
                    { value: 'board', label: t('settings.scopeBoard') },
                  ],
                  values: [v['settings.matching.scope'] ?? 'school'],
                  error: errorFor(p.errors, 'settings.matching.scope'),
                })
              : ''
          }
          ${heading(3, t('weights.title'))} ${paragraph(t('weights.intro', { max: MAX_WEIGHT }))}
          <details
            class="om-weights"
            ${weightsOpen ? html`open` : ''}
            style="margin-block: 0.5rem 1rem"
          >
            <summary
              style="min-block-size: 44px; padding-block: 0.6rem; cursor: pointer; font-weight: 700; color: var(--om-color-primary)"
            >
              ${t('weights.show')}
              <span class="om-muted" style="font-weight: 400"
                >${changed ? t('weights.changed', { count: changed }) : t('weights.allDefault')}</span
              >
            </summary>
            ${WEIGHT_GROUPS.map(
              (g) =>
                html`<fieldset class="om-fieldset-box utrecht-form-fieldset--html-fieldset">
                  <legend
                    class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend"
                  >
                    ${t(`weights.groups.${g.key}.title`)}
                  </legend>
                  ${paragraph(t(`weights.groups.${g.key}.intro`))}
                  ${g.weights.map((k) => weightInput(t, p, k))}
                </fieldset>`,
            )}
          </details>
        </section>
        ${button(t('settings.submit'))}
      </form>
      ${watchedSection(ctx, p)}`,
  });
}
