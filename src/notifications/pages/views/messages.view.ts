import { html, RawHtml } from '../../../common/http/html';
import { formatDate, PageContext, schoolHref } from '../../../workspace/page-context';
import {
  actionForm,
  alert,
  badge,
  button,
  dataList,
  errorSummary,
  FieldError,
  name,
  pagination,
  paragraph,
  query,
  selectField,
  table,
} from '../../../workspace/views/components';
import { workspacePage } from '../../../workspace/views/layout';
import { DELIVERY_CHANNELS } from '../../dto/notification-query.dto';
import { Notification, NOTIFICATION_STATUSES } from '../../notification.entity';
import { taskReasonOf } from '../../task-outcome';
import { failureReason, maskTokens, statusTone } from './message-labels';

export interface MessagesFilter {
  status?: string;
  channel?: string;
}

export interface MessageRow {
  notification: Notification;
  /** null when the parent was removed. */
  parentName: string | null;
}

function kindLabel(ctx: PageContext, kind: string): string {
  return ctx.tr('ws-messages')(`kind.${kind}`, { defaultValue: kind });
}

function statusBadge(ctx: PageContext, n: Notification): RawHtml {
  return badge(ctx.tr('ws-messages')(`status.${n.status}`), statusTone(n.status));
}

function parentCell(ctx: PageContext, parentName: string | null): RawHtml | string {
  return parentName ? name(parentName) : ctx.tr('ws-messages')('messages.parentRemoved');
}

/** What went out to whom, on which channel, in which language, and how it went. */
export function messagesView(
  ctx: PageContext,
  p: {
    rows: MessageRow[];
    total: number;
    page: number;
    pageSize: number;
    filter: MessagesFilter;
    errors?: FieldError[];
    languageName: (code: string) => string;
  },
): string {
  const m = ctx.tr('ws-messages');
  const href = (page: number): string =>
    schoolHref(ctx, `/messages${query({ ...p.filter, page: page > 1 ? page : undefined })}`);
  const filters = html`<form
    method="get"
    action="${schoolHref(ctx, '/messages')}"
    class="om-fieldset-box"
    role="search"
    aria-label="${m('messages.filterTitle')}"
  >
    <div class="om-row">
      ${selectField({
        name: 'status',
        label: m('messages.status'),
        options: NOTIFICATION_STATUSES.map((s) => ({ value: s, label: m(`status.${s}`) })),
        value: p.filter.status ?? '',
        empty: m('messages.all'),
        error: p.errors?.find((e) => e.field === 'status')?.message,
        size: 'md',
      })}
      ${selectField({
        name: 'channel',
        label: m('messages.channel'),
        options: DELIVERY_CHANNELS.map((c) => ({ value: c, label: m(`channel.${c}`) })),
        value: p.filter.channel ?? '',
        empty: m('messages.all'),
        error: p.errors?.find((e) => e.field === 'channel')?.message,
        size: 'md',
      })}
      <div class="utrecht-form-field">
        ${button(m('messages.filter'), { variant: 'secondary' })}
      </div>
    </div>
  </form>`;
  return workspacePage(ctx, {
    title: m('messages.title'),
    active: 'messages',
    body: html`<h1 class="utrecht-heading-1">${m('messages.title')}</h1>
      ${paragraph(m('messages.intro'), true)} ${errorSummary(ctx, p.errors)} ${filters}
      ${
        p.rows.length
          ? table({
              caption: m('messages.caption', { count: p.total }),
              columns: [
                {
                  header: m('messages.when'),
                  cell: (r: MessageRow) => formatDate(ctx, r.notification.createdAt, 'dateTime'),
                },
                {
                  header: m('messages.parent'),
                  rowHeader: true,
                  cell: (r) => parentCell(ctx, r.parentName),
                },
                {
                  header: m('messages.message'),
                  cell: (r) =>
                    html`<a
                      class="utrecht-link"
                      href="${schoolHref(ctx, `/messages/${r.notification.id}`)}"
                      >${kindLabel(ctx, r.notification.kind)}</a
                    >`,
                },
                {
                  header: m('messages.channel'),
                  wide: true,
                  cell: (r) =>
                    r.notification.channel ? m(`channel.${r.notification.channel}`) : '–',
                },
                {
                  header: m('messages.language'),
                  wide: true,
                  cell: (r) =>
                    r.notification.language ? p.languageName(r.notification.language) : '–',
                },
                { header: m('messages.status'), cell: (r) => statusBadge(ctx, r.notification) },
              ],
              rows: p.rows,
            })
          : alert('info', paragraph(m('messages.none')))
      }
      ${pagination(ctx, { page: p.page, pageSize: p.pageSize, total: p.total, href })}`,
  });
}

/** One message: to whom and how, its state in plain words, a retry, and its text as sent. */
export function messageView(
  ctx: PageContext,
  p: {
    notification: Notification;
    rendering: 'stored' | 'preview';
    parentName: string | null;
    languageName: (code: string) => string;
    errors?: FieldError[];
  },
): string {
  const m = ctx.tr('ws-messages');
  const n = p.notification;
  const reason = failureReason(n.lastError);
  const retryable = n.status === 'failed' || n.status === 'dead';
  const recipient =
    n.channel === 'task'
      ? m(`reason.${taskReasonOf(n.recipient)}`)
      : n.recipient
        ? html`<span dir="ltr">${n.recipient}</span>`
        : '';
  const title = m('message.title', { kind: kindLabel(ctx, n.kind) });
  return workspacePage(ctx, {
    title,
    active: 'messages',
    body: html`<p class="utrecht-paragraph">
        <a class="utrecht-link" href="${schoolHref(ctx, '/messages')}">${m('message.back')}</a>
      </p>
      <h1 class="utrecht-heading-1">${title}</h1>
      ${p.errors?.length ? errorSummary(ctx, p.errors, () => 'retry') : ''}
      ${dataList([
        [m('messages.parent'), parentCell(ctx, p.parentName)],
        [m('messages.status'), statusBadge(ctx, n)],
        [m('messages.channel'), n.channel ? m(`channel.${n.channel}`) : ''],
        [m('message.to'), recipient],
        [m('messages.language'), n.language ? p.languageName(n.language) : ''],
        [m('message.created'), formatDate(ctx, n.createdAt, 'dateTime')],
        [m('message.sent'), n.sentAt ? formatDate(ctx, n.sentAt, 'dateTime') : ''],
        ...(n.status === 'pending' || n.status === 'failed'
          ? ([[m('message.nextAttempt'), formatDate(ctx, n.nextAttemptAt, 'dateTime')]] as [
              string,
              string,
            ][])
          : []),
        [m('message.attempts'), String(n.attempts)],
        ...(n.channel === 'task'
          ? ([
              [
                m('message.taskDone'),
                n.taskDoneAt
                  ? m('message.taskDoneAt', {
                      date: formatDate(ctx, n.taskDoneAt, 'dateTime'),
                      outcome: n.taskOutcome
                        ? m(`outcome.${n.taskOutcome}`)
                        : m('message.noOutcome'),
                    })
                  : html`${m('message.taskOpen')}
                      <a class="utrecht-link" href="${schoolHref(ctx, `/tasks#task-${n.id}`)}"
                        >${m('message.toTasks')}</a
                      >`,
              ],
            ] as [string, RawHtml | string][])
          : []),
      ])}
      ${
        reason
          ? html`<section aria-labelledby="why-title" class="om-panel">
              <h2 class="utrecht-heading-2" id="why-title">
                ${m(n.status === 'skipped' ? 'message.whyNotSent' : 'message.whyFailed')}
              </h2>
              ${paragraph(m(`failure.${reason}`))}
              ${
                n.status === 'failed'
                  ? paragraph(
                      m('message.willRetry', {
                        date: formatDate(ctx, n.nextAttemptAt, 'dateTime'),
                      }),
                    )
                  : ''
              }
              ${
                reason === 'other' ||
                reason === 'mailbox' ||
                reason === 'unreachable' ||
                reason === 'refused'
                  ? html`<details>
                      <summary>${m('message.technical')}</summary>
                      <p class="utrecht-paragraph" dir="ltr" lang="en">
                        <code>${maskTokens(n.lastError ?? '')}</code>
                      </p>
                    </details>`
                  : ''
              }
              ${
                retryable
                  ? html`<div id="retry">
                      ${paragraph(m('message.retryHint'))}
                      ${actionForm(ctx, schoolHref(ctx, `/messages/${n.id}/retry`), m('message.retry'), { variant: 'primary' })}
                    </div>`
                  : ''
              }
            </section>`
          : retryable
            ? actionForm(ctx, schoolHref(ctx, `/messages/${n.id}/retry`), m('message.retry'), {
                variant: 'primary',
              })
            : ''
      }
      <section aria-labelledby="text-title">
        <h2 class="utrecht-heading-2" id="text-title">
          ${m(p.rendering === 'preview' ? 'message.preview' : 'message.asSent')}
        </h2>
        ${
          n.bodyText
            ? html`${n.subject ? html`<p class="utrecht-paragraph" dir="auto"><strong>${maskTokens(n.subject)}</strong></p>` : ''}
                <pre
                  class="om-message-text"
                  ${n.language && n.channel !== 'task' ? html`lang="${n.language}"` : ''}
                  style="white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:plaintext;font-family:inherit;background:var(--om-color-surface);border:1px solid var(--om-color-border-light);padding:0.75rem;margin:0"
                >
${maskTokens(n.bodyText)}</pre>
                ${paragraph(html`<span class="om-muted">${m('message.masked')}</span>`)}`
            : paragraph(m('message.noText'))
        }
      </section>`,
  });
}
