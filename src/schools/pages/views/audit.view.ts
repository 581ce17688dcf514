import type { TFunction } from 'i18next';
import { html, RawHtml } from '../../../common/http/html';
import type { AuditLogEntry } from '../../../audit/audit-log.entity';
import { formatDate, PageContext, schoolHref } from '../../../workspace/page-context';
import {
  button,
  errorFor,
  errorSummary,
  type FieldError,
  heading,
  linkButton,
  name,
  type Option,
  paragraph,
  query,
  selectField,
  table,
  textField,
} from '../../../workspace/views/components';
import { workspacePage } from '../../../workspace/views/layout';

/** Action codes the log holds, offered in the filter (each has a plain sentence). */
export const KNOWN_ACTIONS = [
  'parent.create',
  'parent.read',
  'parent.list',
  'parent.update',
  'parent.preferences',
  'parent.export',
  'parent.erase',
  'parent.delete',
  'matching.run',
  'match.approve',
  'match.reject',
  'match.accept',
  'match.decline',
  'match.end',
  'match.check_in',
  'match.view_by_parent',
  'match_rule.pin',
  'match_rule.forbid',
  'match_rule.delete',
  'activity.create',
  'activity.update',
  'activity.cancel',
  'activity.invite',
  'activity.rsvp',
  'activity.rsvp_cancel',
  'activity.rsvps_read',
  'activity.attended',
  'activity.attendance_removed',
  'activity.attendance_read',
  'activity.host_suggestions',
  'notification.read',
  'notification.retry',
  'notification.letter',
  'notification.task_done',
  'dashboard.read',
  'school.create',
  'school.update',
  'membership.create',
  'membership.update',
  'membership.delete',
  'membership.invite_resent',
  'staff.create',
] as const;

export interface AuditFilterValues {
  action?: string;
  actorId?: string;
  entityId?: string;
  from?: string;
  to?: string;
  cursor?: string;
}

export interface AuditViewInput {
  filter: AuditFilterValues;
  errors?: FieldError[];
  entries: AuditLogEntry[];
  nextCursor: string | null;
  /** Names of staff members by id (who acted, and staff records acted on). */
  staffNames: Map<string, string>;
  /** The school's staff, for the filter. */
  staffOptions: Option[];
}

/** An action code in plain words; an unknown code is shown as it is. */
export function actionLabel(t: TFunction, code: string): string {
  const label = t(`actions.${code}`, { defaultValue: '' });
  return typeof label === 'string' && label ? label : code;
}

const short = (id: string): string => id.slice(0, 8);

function who(t: TFunction, e: AuditLogEntry, names: Map<string, string>): RawHtml | string {
  switch (e.actorType) {
    case 'staff':
      return e.actorId && names.has(e.actorId)
        ? name(names.get(e.actorId))
        : t('audit.actor.formerStaff');
    case 'parent':
      return t('audit.actor.parent');
    case 'system':
      return t('audit.actor.system');
    default:
      return t('audit.actor.anonymous');
  }
}

function subject(
  ctx: PageContext,
  t: TFunction,
  e: AuditLogEntry,
  names: Map<string, string>,
): RawHtml | string {
  if (!e.entityType || !e.entityId) return '';
  const kind = t(`entities.${e.entityType}`, { defaultValue: e.entityType });
  if (e.entityType === 'parent')
    return html`<a class="utrecht-link" href="${schoolHref(ctx, `/parents/${e.entityId}`)}"
      >${t('audit.parentLink', { id: short(e.entityId) })}</a
    >`;
  if (e.entityType === 'staff' && names.has(e.entityId))
    return html`${kind}: ${name(names.get(e.entityId))}`;
  if (e.entityType === 'school') return kind;
  return t('audit.record', { kind, id: short(e.entityId) });
}

function details(ctx: PageContext, t: TFunction, e: AuditLogEntry): RawHtml | string {
  const d = e.details;
  if (!d) return '';
  const role = (r: unknown): string => t(`roles.${String(r)}.label`, { defaultValue: String(r) });
  if (e.action === 'membership.update' && d.from && d.to)
    return t('details.roleChange', { from: role(d.from), to: role(d.to) });
  if (e.action === 'membership.create' && d.role)
    return t(d.invited ? 'details.invitedAs' : 'details.addedAs', { role: role(d.role) });
  if (Array.isArray(d.fields)) return t('details.fields', { fields: d.fields.join(', ') });
  if (e.action === 'parent.create' && typeof d.source === 'string')
    return t(`details.source.${d.source}`, { defaultValue: d.source });
  const parts = Object.entries(d)
    .filter(([k, v]) => !['ip', 'requestId'].includes(k) && v !== null && v !== '')
    .map(([k, v]) =>
      k === 'parentId' && typeof v === 'string'
        ? html`<a class="utrecht-link" href="${schoolHref(ctx, `/parents/${v}`)}"
            >${t('audit.parentLink', { id: short(v) })}</a
          >`
        : html`${t(`details.keys.${k}`, { defaultValue: k })}:
          ${Array.isArray(v) ? v.join(', ') : String(v)}`,
    );
  return html`${parts.map((part, i) => html`${i ? '; ' : ''}${part}`)}`;
}

/** The school's audit log: who did what, when, on which record; filtered and paged. */
export function auditView(ctx: PageContext, p: AuditViewInput): string {
  const t = ctx.tr('ws-settings');
  const f = p.filter;
  const actions: Option[] = KNOWN_ACTIONS.map((a): Option => ({
    value: a,
    label: actionLabel(t, a),
  }))
    .concat(
      f.action && !(KNOWN_ACTIONS as readonly string[]).includes(f.action)
        ? [{ value: f.action, label: f.action }]
        : [],
    )
    .sort((a, b) => String(a.label).localeCompare(String(b.label), ctx.lang));
  const filters = {
    action: f.action,
    actorId: f.actorId,
    entityId: f.entityId,
    from: f.from,
    to: f.to,
  };
  const filtered = Object.values(filters).some(Boolean);
  const base = schoolHref(ctx, '/audit');
  return workspacePage(ctx, {
    title: t('audit.title'),
    active: 'audit',
    scripts: ['/assets/workspace.js'],
    body: html`${heading(1, t('audit.title'))} ${paragraph(t('audit.intro'), true)}
      ${errorSummary(ctx, p.errors)}
      <form method="get" action="${base}" class="om-panel" aria-labelledby="filter-title">
        ${heading(2, t('audit.filterTitle'), 'filter-title')}
        <div class="om-row">
          ${selectField({
            name: 'action',
            label: t('audit.filter.action'),
            options: actions,
            value: f.action,
            empty: t('audit.filter.allActions'),
            size: 'md',
            error: errorFor(p.errors, 'action'),
          })}
          ${selectField({
            name: 'actorId',
            label: t('audit.filter.actor'),
            options: p.staffOptions,
            value: f.actorId,
            empty: t('audit.filter.everyone'),
            size: 'md',
            error: errorFor(p.errors, 'actorId'),
          })}
        </div>
        <div class="om-row">
          ${textField({
            name: 'from',
            type: 'date',
            label: t('audit.filter.from'),
            value: f.from,
            size: 'sm',
            error: errorFor(p.errors, 'from'),
          })}
          ${textField({
            name: 'to',
            type: 'date',
            label: t('audit.filter.to'),
            value: f.to,
            size: 'sm',
            error: errorFor(p.errors, 'to'),
          })}
        </div>
        ${textField({
          name: 'entityId',
          label: t('audit.filter.entity'),
          hint: t('audit.filter.entityHint'),
          value: f.entityId,
          size: 'md',
          autocomplete: 'off',
          error: errorFor(p.errors, 'entityId'),
        })}
        <div class="utrecht-button-group">
          ${button(t('audit.filter.submit'))}
          ${filtered ? linkButton(base, t('audit.filter.clear')) : ''}
        </div>
      </form>
      ${
        p.entries.length
          ? table<AuditLogEntry>({
              caption: filtered ? t('audit.captionFiltered') : t('audit.caption'),
              rows: p.entries,
              columns: [
                { header: t('audit.columns.when'), cell: (e) => formatDate(ctx, e.at, 'dateTime') },
                { header: t('audit.columns.who'), cell: (e) => who(t, e, p.staffNames) },
                {
                  header: t('audit.columns.what'),
                  cell: (e) =>
                    html`<span data-action="${e.action}">${actionLabel(t, e.action)}</span>`,
                },
                {
                  header: t('audit.columns.subject'),
                  cell: (e) => subject(ctx, t, e, p.staffNames),
                },
                { header: t('audit.columns.details'), cell: (e) => details(ctx, t, e), wide: true },
              ],
            })
          : p.errors?.length
            ? ''
            : paragraph(filtered ? t('audit.noneFiltered') : t('audit.none'))
      }
      ${
        p.nextCursor || f.cursor
          ? html`<nav class="utrecht-pagination" aria-label="${t('audit.pages')}">
              ${f.cursor ? html`<a class="utrecht-pagination__relative-link utrecht-link" href="${base}${query(filters)}">${t('audit.newest')}</a>` : ''}
              ${p.nextCursor ? html`<a class="utrecht-pagination__relative-link utrecht-link" rel="next" href="${base}${query({ ...filters, cursor: p.nextCursor })}">${t('audit.older')}</a>` : ''}
            </nav>`
          : ''
      }`,
  });
}
