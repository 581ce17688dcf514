import type { TFunction } from 'i18next';
import { html, RawHtml } from '../../../common/http/html';
import { SCHOOL_ROLES } from '../../../common/auth/actor';
import type { SchoolMemberRow } from '../../../staff/staff.repository';
import { formatDate, PageContext, schoolHref } from '../../../workspace/page-context';
import {
  badge,
  button,
  choiceGroup,
  csrfField,
  dataList,
  errorFor,
  errorSummary,
  fieldId,
  type FieldError,
  heading,
  name,
  type Option,
  paragraph,
  table,
  textField,
} from '../../../workspace/views/components';
import { workspacePage } from '../../../workspace/views/layout';

export interface InviteFormValues {
  name?: string;
  email?: string;
  role?: string;
  interfaceLanguage?: string;
}

const tr = (ctx: PageContext): TFunction => ctx.tr('ws-settings');

/** The roles as radio buttons, each with a sentence on what the role may do. */
function roleChoices(t: TFunction): (Option & { hint: string })[] {
  return SCHOOL_ROLES.map((r) => ({
    value: r,
    label: t(`roles.${r}.label`),
    hint: t(`roles.${r}.hint`),
  }));
}

function statusOf(t: TFunction, ctx: PageContext, m: SchoolMemberRow): RawHtml {
  return m.pending
    ? html`${badge(t('status.invited'), 'warning')}
        <span class="om-muted"
          >${t('status.invitedSince', { date: formatDate(ctx, m.invitedAt) })}</span
        >`
    : badge(t('status.active'), 'ok');
}

/** The school's staff, and the form to invite a colleague. */
export function staffListView(
  ctx: PageContext,
  p: {
    members: SchoolMemberRow[];
    form: InviteFormValues;
    errors?: FieldError[];
    languages: Option[];
  },
): string {
  const t = tr(ctx);
  const school = ctx.school!.name;
  const href = (m: SchoolMemberRow): string => schoolHref(ctx, `/staff/${m.staffId}`);
  return workspacePage(ctx, {
    title: t('staff.title'),
    active: 'staff',
    scripts: ['/assets/workspace.js'],
    body: html`${heading(1, t('staff.title'))} ${paragraph(t('staff.intro', { school }), true)}
      ${table<SchoolMemberRow>({
        caption: t('staff.caption', { school, count: p.members.length }),
        rows: p.members,
        columns: [
          {
            header: t('staff.columns.name'),
            rowHeader: true,
            cell: (m) =>
              html`<a class="utrecht-link" href="${href(m)}">${name(m.name)}</a>${
                  m.staffId === ctx.actor.staffId
                    ? html` <span class="om-muted">${t('staff.you')}</span>`
                    : ''
                }`,
          },
          { header: t('staff.columns.email'), cell: (m) => m.email, wide: true },
          { header: t('staff.columns.role'), cell: (m) => t(`roles.${m.role}.label`) },
          { header: t('staff.columns.status'), cell: (m) => statusOf(t, ctx, m) },
        ],
      })}
      <section aria-labelledby="invite-title" class="om-panel">
        ${heading(2, t('invite.title'), 'invite-title')} ${paragraph(t('invite.intro'))}
        ${errorSummary(ctx, p.errors)}
        <form method="post" action="${schoolHref(ctx, '/staff/invite')}" class="om-form" novalidate>
          ${csrfField(ctx)}
          ${textField({
            name: 'name',
            label: t('invite.name'),
            value: p.form.name,
            autocomplete: 'off',
            required: true,
            maxlength: 200,
            error: errorFor(p.errors, 'name'),
          })}
          ${textField({
            name: 'email',
            type: 'email',
            label: t('invite.email'),
            hint: t('invite.emailHint'),
            value: p.form.email,
            autocomplete: 'off',
            required: true,
            maxlength: 254,
            error: errorFor(p.errors, 'email'),
          })}
          ${choiceGroup({
            name: 'role',
            type: 'radio',
            legend: t('invite.role'),
            options: roleChoices(t),
            values: [p.form.role ?? 'coordinator'],
            error: errorFor(p.errors, 'role'),
          })}
          ${choiceGroup({
            name: 'interfaceLanguage',
            type: 'radio',
            legend: t('invite.language'),
            hint: t('invite.languageHint'),
            options: p.languages,
            values: [p.form.interfaceLanguage ?? 'nl'],
            error: errorFor(p.errors, 'interfaceLanguage'),
          })}
          ${button(t('invite.submit'))}
        </form>
      </section>`,
  });
}

/** One colleague: change the role, send the invitation again, remove from the school. */
export function staffMemberView(
  ctx: PageContext,
  p: { member: SchoolMemberRow; role?: string; errors?: FieldError[] },
): string {
  const t = tr(ctx);
  const m = p.member;
  const base = schoolHref(ctx, `/staff/${m.staffId}`);
  const self = m.staffId === ctx.actor.staffId;
  const removeError = errorFor(p.errors, 'remove');
  const resendError = errorFor(p.errors, 'resend');
  return workspacePage(ctx, {
    title: t('member.title', { name: m.name }),
    active: 'staff',
    body: html`<p class="utrecht-paragraph">
        <a class="utrecht-link" href="${schoolHref(ctx, '/staff')}">${t('member.back')}</a>
      </p>
      ${heading(1, name(m.name))} ${errorSummary(ctx, p.errors)}
      ${dataList([
        [t('staff.columns.email'), m.email],
        [t('staff.columns.role'), t(`roles.${m.role}.label`)],
        [t('staff.columns.status'), statusOf(t, ctx, m)],
        [t('member.since'), formatDate(ctx, m.memberSince)],
      ])}
      <section aria-labelledby="role-title" class="om-panel">
        ${heading(2, t('member.roleTitle'), 'role-title')}
        ${self ? paragraph(t('member.roleSelf')) : ''}
        <form method="post" action="${base}/role" class="om-form" novalidate>
          ${csrfField(ctx)}
          ${choiceGroup({
            name: 'role',
            type: 'radio',
            legend: t('member.roleLegend', { name: m.name }),
            options: roleChoices(t),
            values: [p.role ?? m.role],
            error: errorFor(p.errors, 'role'),
          })}
          ${button(t('member.roleSubmit'))}
        </form>
      </section>
      ${
        m.pending
          ? html`<section aria-labelledby="resend-title" class="om-panel">
              ${heading(2, t('member.resendTitle'), 'resend-title')}
              ${paragraph(t('member.resendText', { date: formatDate(ctx, m.invitedAt), email: m.email }))}
              <form
                method="post"
                action="${base}/resend"
                class="om-form"
                id="${fieldId('resend')}"
                tabindex="-1"
              >
                ${csrfField(ctx)}
                ${resendError ? html`<p class="utrecht-form-field-error-message">${resendError}</p>` : ''}
                ${button(t('member.resendSubmit'), { variant: 'secondary' })}
              </form>
            </section>`
          : ''
      }
      <section aria-labelledby="remove-title" class="om-panel">
        ${heading(2, t('member.removeTitle'), 'remove-title')}
        ${paragraph(self ? t('member.removeSelfText') : t('member.removeText', { name: m.name }))}
        <form
          method="post"
          action="${base}/remove"
          class="om-form"
          id="${fieldId('remove')}"
          tabindex="-1"
        >
          ${csrfField(ctx)}
          ${removeError ? html`<p class="utrecht-form-field-error-message">${removeError}</p>` : ''}
          <button
            class="utrecht-button utrecht-button--secondary-action utrecht-button--secondary-action-danger utrecht-button--danger"
            type="submit"
            data-confirm="${t('member.removeConfirm', { name: m.name })}"
          >
            ${t('member.removeSubmit')}
          </button>
        </form>
      </section>`,
    scripts: ['/assets/workspace.js'],
  });
}
