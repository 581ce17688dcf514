import { html, RawHtml } from '../../../common/http/html';
import { formatDate, PageContext } from '../../../workspace/page-context';
import {
  alert,
  badge,
  button,
  csrfField,
  errorFor,
  errorSummary,
  type FieldError,
  paragraph,
  textField,
} from '../../../workspace/views/components';
import type { Activity } from '../../activity.entity';
import { activityHref, activityPage, backLinks, parentName, texts, whenText } from './shared';

export interface AttendanceRow {
  parentId: string;
  givenName: string;
  familyName: string | null;
  /** Signed up (confirmed), on the waitlist, or came without signing up. */
  group: 'confirmed' | 'waitlist' | 'walkIn';
  firstTime: boolean;
}

export interface AttendanceData {
  activity: Activity;
  rows: AttendanceRow[];
  /** Ticked: registered as present (or as the form came back). */
  present: Set<string>;
  /** A search for a parent who came without signing up. */
  q: string;
  found?: { rows: AttendanceRow[]; total: number };
  /** Registration opens one hour before the start. */
  opensAt: Date;
  open: boolean;
  errors?: FieldError[];
}

/** Who came: large tick boxes per parent (a phone at the door), walk-ins, one save button. */
export function attendanceView(ctx: PageContext, d: AttendanceData): string {
  const t = texts(ctx);
  const a = d.activity;
  const title = t('attendance.title', { title: a.title });
  const groups: { key: AttendanceRow['group']; rows: AttendanceRow[] }[] = (
    ['confirmed', 'waitlist', 'walkIn'] as const
  ).map((key) => ({ key, rows: d.rows.filter((r) => r.group === key) }));
  // Badges of every row, made once (a list can hold hundreds).
  const firstTime = badge(t('attendance.firstTime'), 'info');
  const onWaitlist = badge(t('attendance.onWaitlist'), 'neutral');
  const tick = (r: AttendanceRow, group: string) =>
    html`<li data-parent="${r.parentId}">
      <label class="om-act-tick" for="present-${group}-${r.parentId}">
        <input
          type="checkbox"
          id="present-${group}-${r.parentId}"
          name="present"
          value="${r.parentId}"
          ${d.present.has(r.parentId) ? html`checked` : ''}
        />
        <span class="om-act-tick__name">${parentName(r)}</span>
        ${r.firstTime ? firstTime : ''} ${r.group === 'waitlist' ? onWaitlist : ''}
      </label>
    </li>`;
  const list = (key: string, legend: string, rows: AttendanceRow[]): RawHtml =>
    html`<div class="utrecht-form-fieldset">
      <fieldset class="utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset">
        <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
          ${legend}
        </legend>
        <ul class="om-act-list">
          ${rows.map((r) => tick(r, key))}
        </ul>
      </fieldset>
    </div>`;
  const formError = errorFor(d.errors, '_form') ?? errorFor(d.errors, 'parentIds');
  const body = html`${backLinks(ctx, a)}
    <h1 class="utrecht-heading-1">${title}</h1>
    ${paragraph(whenText(ctx, a), true)} ${errorSummary(ctx, d.errors, () => 'attendance-form')}
    ${formError ? alert('error', paragraph(formError), { role: 'alert' }) : ''}
    ${
      d.open
        ? ''
        : alert(
            'info',
            paragraph(t('attendance.notYet', { time: formatDate(ctx, d.opensAt, 'dateTime') })),
          )
    }
    ${paragraph(t('attendance.intro'))}
    <form method="post" action="${activityHref(ctx, a.id, '/attendance')}" id="attendance-form">
      ${csrfField(ctx)}
      ${d.rows.map((r) => html`<input type="hidden" name="shown" value="${r.parentId}" />`)}
      ${
        groups[0].rows.length
          ? list('c', t('attendance.confirmed', { count: groups[0].rows.length }), groups[0].rows)
          : paragraph(t('attendance.nobodySignedUp'))
      }
      ${groups[1].rows.length ? list('w', t('attendance.waitlist', { count: groups[1].rows.length }), groups[1].rows) : ''}
      ${groups[2].rows.length ? list('x', t('attendance.walkIns', { count: groups[2].rows.length }), groups[2].rows) : ''}
      <section class="om-panel" aria-labelledby="walk-in-title">
        <h2 class="utrecht-heading-2" id="walk-in-title">${t('attendance.walkInTitle')}</h2>
        <div class="om-row">
          ${textField({
            name: 'q',
            id: 'f-q',
            type: 'search',
            label: t('attendance.searchLabel'),
            value: d.q,
            autocomplete: 'off',
            size: 'md',
          })}
          <div class="utrecht-form-field">
            ${button(t('attendance.search'), { name: 'action', value: 'search', variant: 'secondary' })}
          </div>
        </div>
        ${
          d.found
            ? d.found.rows.length
              ? html`${list('f', t('attendance.found', { count: d.found.total }), d.found.rows)}
                ${
                  d.found.total > d.found.rows.length
                    ? paragraph(
                        t('attendance.moreFound', {
                          shown: d.found.rows.length,
                          count: d.found.total,
                        }),
                      )
                    : ''
                }`
              : paragraph(t('attendance.nothingFound', { q: d.q }))
            : ''
        }
      </section>
      <div class="om-act-save">
        ${button(t('attendance.save'), { name: 'action', value: 'save' })}
      </div>
    </form>`;
  return activityPage(ctx, { title, body, narrow: true });
}
