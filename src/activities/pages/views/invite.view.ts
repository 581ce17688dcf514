import { html, RawHtml } from '../../../common/http/html';
import type { PageContext } from '../../../workspace/page-context';
import {
  alert,
  button,
  buttonGroup,
  choiceGroup,
  csrfField,
  dataList,
  errorFor,
  errorSummary,
  type FieldError,
  fieldId,
  linkButton,
  paragraph,
  table,
  textField,
} from '../../../workspace/views/components';
import type { Activity } from '../../activity.entity';
import { AUDIENCES } from '../../dto/invitation.dto';
import type { InvitationPreview } from '../../invitations.service';
import type { InviteFormState } from '../invite-form';
import type { LanguageChoice } from './form.view';
import {
  activityHref,
  activityPage,
  backLinks,
  parentName,
  schoolYearLabel,
  texts,
  whenText,
} from './shared';

type Person = { id: string; givenName: string; familyName: string | null };

export interface InviteFormData {
  activity: Activity;
  state: InviteFormState;
  errors?: FieldError[];
  languages: LanguageChoice[];
  situations: { code: string; label: string }[];
  schoolYears: readonly string[];
  /** The hand-picked parents so far (audience "parents"). */
  picked: Person[];
  /** A name search for more parents to pick. */
  search?: { results: Person[]; total: number };
}

/** The filter field each audience shows under its choice. */
const FILTER: Partial<Record<(typeof AUDIENCES)[number], string>> = {
  school_year: 'schoolYears',
  language: 'languages',
  situation: 'situations',
  parents: 'parentIds',
};

/** Step one of inviting: who (an audience as the API knows them), then preview. */
export function inviteFormView(ctx: PageContext, d: InviteFormData): string {
  const t = texts(ctx);
  const a = d.activity;
  const s = d.state;
  const e = d.errors;
  const title = t('invite.title', { title: a.title });
  const filterBox = (audience: (typeof AUDIENCES)[number]): RawHtml | '' => {
    switch (audience) {
      case 'school_year':
        return choiceGroup({
          name: 'schoolYears',
          legend: t('invite.schoolYears'),
          options: d.schoolYears.map((y) => ({ value: y, label: schoolYearLabel(t, y) })),
          values: s.schoolYears,
          error: errorFor(e, 'schoolYears'),
          columns: true,
        });
      case 'language':
        return choiceGroup({
          name: 'languages',
          legend: t('invite.languages'),
          hint: t('invite.languagesHint'),
          options: d.languages.map((l) => ({
            value: l.code,
            label: t('invite.languageOption', { language: l.label, count: l.parents }),
          })),
          values: s.languages,
          error: errorFor(e, 'languages'),
          columns: true,
        });
      case 'situation':
        return choiceGroup({
          name: 'situations',
          legend: t('invite.situations'),
          hint: t('invite.situationsHint'),
          options: d.situations.map((x) => ({ value: x.code, label: x.label })),
          values: s.situations,
          error: errorFor(e, 'situations'),
          columns: true,
        });
      case 'parents':
        return pickParents(ctx, d);
      case 'all':
      case 'new_parents':
      case 'buddy_pairs':
        return '';
    }
  };
  const audienceError = errorFor(e, 'audience');
  const body = html`${backLinks(ctx, a)}
    <h1 class="utrecht-heading-1">${title}</h1>
    ${paragraph(whenText(ctx, a), true)}
    ${errorSummary(ctx, e, (f) => (f === 'audience' ? 'f-audience-0' : f === '_form' ? 'invite-form' : fieldId(f)))}
    ${errorFor(e, '_form') ? alert('error', paragraph(errorFor(e, '_form')), { role: 'alert' }) : ''}
    ${paragraph(t('invite.intro'))}
    <form
      method="post"
      action="${activityHref(ctx, a.id, '/invite')}"
      class="om-form"
      id="invite-form"
      novalidate
    >
      ${csrfField(ctx)}
      <div
        class="utrecht-form-fieldset ${audienceError ? 'utrecht-form-fieldset--invalid' : ''}"
        id="f-audience"
      >
        <fieldset
          class="utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset"
          ${audienceError ? html`aria-describedby="f-audience-error" aria-invalid="true"` : ''}
        >
          <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
            ${t('invite.audience')}
          </legend>
          ${audienceError ? html`<div class="utrecht-form-field-error-message" id="f-audience-error">${audienceError}</div>` : ''}
          <div class="om-choices">
            ${AUDIENCES.map((audience, i) => {
              const id = `f-audience-${i}`;
              const box = FILTER[audience] ? filterBox(audience) : '';
              return html`<div class="om-act-option">
                <div class="utrecht-form-field utrecht-form-field--radio">
                  <div class="utrecht-form-field__input">
                    <input
                      class="utrecht-radio-button utrecht-radio-button--html-input"
                      type="radio"
                      id="${id}"
                      name="audience"
                      value="${audience}"
                      aria-describedby="${id}-hint"
                      ${s.audience === audience ? html`checked` : ''}
                    />
                  </div>
                  <div class="utrecht-form-field__label">
                    <label class="utrecht-form-label utrecht-form-label--radio" for="${id}"
                      >${t(`invite.audiences.${audience}.label`)}</label
                    >
                  </div>
                  <div class="utrecht-form-field-description" id="${id}-hint">
                    ${t(`invite.audiences.${audience}.hint`)}
                  </div>
                </div>
                ${box ? html`<div class="om-fieldset-box">${box}</div>` : ''}
              </div>`;
            })}
          </div>
        </fieldset>
      </div>
      <div class="utrecht-form-field utrecht-form-field--checkbox om-choices">
        <div class="utrecht-form-field__input">
          <input
            class="utrecht-checkbox utrecht-checkbox--html-input"
            type="checkbox"
            id="f-withBuddies"
            name="withBuddies"
            value="1"
            aria-describedby="f-withBuddies-hint"
            ${s.withBuddies ? html`checked` : ''}
          />
        </div>
        <div class="utrecht-form-field__label">
          <label class="utrecht-form-label utrecht-form-label--checkbox" for="f-withBuddies"
            >${t('invite.withBuddies')}</label
          >
        </div>
        <div class="utrecht-form-field-description" id="f-withBuddies-hint">
          ${t('invite.withBuddiesHint')} ${t('invite.withBuddiesSensitive')}
        </div>
        ${
          errorFor(e, 'withBuddies')
            ? html`<p class="utrecht-form-field-error-message" role="alert">
                ${errorFor(e, 'withBuddies')}
              </p>`
            : ''
        }
      </div>
      ${buttonGroup(
        button(t('invite.preview'), { name: 'action', value: 'preview' }),
        linkButton(activityHref(ctx, a.id), t('invite.back')),
      )}
    </form>`;
  return activityPage(ctx, { title, body });
}

/** Hand-picked parents: those picked so far stay ticked; a name search adds more (no script). */
function pickParents(ctx: PageContext, d: InviteFormData): RawHtml {
  const t = texts(ctx);
  const picked = new Set(d.picked.map((p) => p.id));
  const more = (d.search?.results ?? []).filter((p) => !picked.has(p.id));
  const option = (p: Person) => ({ value: p.id, label: parentName(p) });
  return html`<div id="${fieldId('parentIds')}">
    ${
      d.picked.length
        ? choiceGroup({
            name: 'parentIds',
            id: 'f-picked',
            legend: t('invite.picked', { count: d.picked.length }),
            options: d.picked.map(option),
            values: [...picked],
            error: errorFor(d.errors, 'parentIds'),
          })
        : errorFor(d.errors, 'parentIds')
          ? html`<p class="utrecht-form-field-error-message">${errorFor(d.errors, 'parentIds')}</p>`
          : ''
    }
    <div class="om-row">
      ${textField({
        name: 'q',
        id: 'f-q',
        type: 'search',
        label: t('invite.searchLabel'),
        hint: t('invite.searchHint'),
        value: d.state.q,
        autocomplete: 'off',
        size: 'md',
      })}
      <div class="utrecht-form-field">
        ${button(t('invite.search'), { name: 'action', value: 'search', variant: 'secondary' })}
      </div>
    </div>
    ${
      d.search
        ? more.length
          ? choiceGroup({
              name: 'parentIds',
              id: 'f-found',
              legend: t('invite.found', { count: d.search.total }),
              options: more.map(option),
              values: [],
            })
          : paragraph(t('invite.nothingFound'))
        : ''
    }
  </div>`;
}

/** Step two: who it reaches and who is skipped and why, before anything is sent. */
export function invitePreviewView(
  ctx: PageContext,
  d: {
    activity: Activity;
    state: InviteFormState;
    preview: InvitationPreview;
    languageName: (code: string) => string;
  },
): string {
  const t = texts(ctx);
  const a = d.activity;
  const p = d.preview;
  const s = d.state;
  const title = t('invite.previewTitle', { title: a.title });
  const hidden = (name: string, values: string[]) =>
    values.map((v) => html`<input type="hidden" name="${name}" value="${v}" />`);
  const counts = (m: Record<string, number>, label: (k: string) => string) =>
    dataList(
      Object.entries(m)
        .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
        .map(([k, n]) => [label(k), String(n)]),
    );
  const reasons = {
    no_consent: t('invite.reasons.no_consent'),
    messages_stopped: t('invite.reasons.messages_stopped'),
    already_invited: t('invite.reasons.already_invited'),
  };
  const body = html`${backLinks(ctx, a)}
    <h1 class="utrecht-heading-1">${title}</h1>
    ${paragraph(t('invite.previewIntro'), true)}
    <section class="om-panel" aria-labelledby="reach-title">
      <h2 class="utrecht-heading-2" id="reach-title" data-figure="would-invite">
        ${t('invite.willInvite', { count: p.invited })}
      </h2>
      ${paragraph(t('invite.audienceSize', { count: p.audience }))}
      ${p.withBuddy ? paragraph(t('invite.withBuddyCount', { count: p.withBuddy })) : ''}
      ${
        p.invited
          ? html`<div class="om-side-by-side">
              <div>
                <h3 class="utrecht-heading-3">${t('invite.byChannel')}</h3>
                ${counts(p.byChannel, (c) => t(`channel.${c}`, { defaultValue: c }))}
              </div>
              <div>
                <h3 class="utrecht-heading-3">${t('invite.byLanguage')}</h3>
                ${counts(p.byLanguage, d.languageName)}
              </div>
            </div>`
          : ''
      }
    </section>
    <section aria-labelledby="skipped-title">
      <h2 class="utrecht-heading-2" id="skipped-title">
        ${t('invite.notInvited', { count: p.notInvitedTotal })}
      </h2>
      ${
        p.notInvited.length
          ? html`${table({
              caption: t('invite.notInvitedCaption'),
              columns: [
                {
                  header: t('invite.columns.name'),
                  rowHeader: true,
                  cell: (r: InvitationPreview['notInvited'][number]) => parentName(r),
                },
                {
                  header: t('invite.columns.reason'),
                  cell: (r: InvitationPreview['notInvited'][number]) => reasons[r.reason],
                },
              ],
              rows: p.notInvited,
              rowAttrs: (r) => html`data-parent="${r.parentId}" data-reason="${r.reason}"`,
            })}
            ${
              p.notInvitedTotal > p.notInvited.length
                ? paragraph(t('invite.andMore', { count: p.notInvitedTotal - p.notInvited.length }))
                : ''
            }`
          : paragraph(t('invite.everyoneInvited'))
      }
    </section>
    <form method="post" action="${activityHref(ctx, a.id, '/invite')}">
      ${csrfField(ctx)}
      <input type="hidden" name="audience" value="${s.audience}" />
      ${hidden('schoolYears', s.schoolYears)} ${hidden('languages', s.languages)}
      ${hidden('situations', s.situations)} ${hidden('parentIds', s.parentIds)}
      ${s.withBuddies ? html`<input type="hidden" name="withBuddies" value="1" />` : ''}
      ${p.invited ? '' : alert('info', paragraph(t('invite.nobody')))}
      ${buttonGroup(
        p.invited
          ? button(t('invite.send', { count: p.invited }), { name: 'action', value: 'send' })
          : '',
        button(t('invite.change'), { name: 'action', value: 'edit', variant: 'secondary' }),
      )}
    </form>`;
  return activityPage(ctx, { title, body });
}
