import { html, RawHtml } from '../../../common/http/html';
import type { Parent } from '../../../parents/parent.entity';
import { formatDate, PageContext, schoolHref } from '../../../workspace/page-context';
import {
  actionForm,
  alert,
  button,
  choiceGroup,
  csrfField,
  errorFor,
  errorSummary,
  FieldError,
  fieldId,
  heading,
  paragraph,
  selectField,
  table,
} from '../../../workspace/views/components';
import type { FormBody } from '../../../workspace/forms';
import { field } from '../../../workspace/forms';
import { workspacePage } from '../../../workspace/views/layout';
import type { CheckInRecord } from '../../match.entity';
import type { MatchPageData } from '../matching-pages.queries';
import {
  fullName,
  languagesOf,
  MatchingLabels,
  parentLink,
  personName,
  reasonList,
  statusBadge,
  tx,
  waitedDays,
  waitedText,
} from './common';
import { attentionText } from './matches.view';

export const DECLINE_REASONS = ['no_time', 'not_now', 'someone_else', 'other'] as const;
export const END_REASONS = ['completed', 'no_contact', 'not_a_fit', 'moved', 'other'] as const;
export const END_OUTCOMES = ['good', 'neutral', 'bad'] as const;

/** A form of the pair page that came back with problems, and what was typed in it. */
export interface MatchFormState {
  form: 'respond' | 'end';
  body: FormBody;
  errors: FieldError[];
}

interface TimelineEvent {
  at: Date;
  text: RawHtml | string;
  kind: string;
}

const MESSAGE_KINDS: Record<string, string> = {
  intro_seeker: 'intro',
  intro_buddy: 'intro',
  response_reminder: 'reminder',
  buddy_declined: 'declined',
};

function messageState(status: string): string {
  if (status === 'sent') return 'sent';
  if (status === 'task') return 'task';
  if (status === 'failed' || status === 'dead') return 'failed';
  if (status === 'skipped') return 'skipped';
  return 'waiting';
}

function timeline(labels: MatchingLabels, data: MatchPageData): TimelineEvent[] {
  const t = labels.t;
  const m = data.match;
  const nameOf = (id: string | null): RawHtml =>
    personName(labels, id === m.seekerId ? data.seeker : id === m.buddyId ? data.buddy : undefined);
  const events: TimelineEvent[] = [
    { at: m.createdAt, kind: 'proposed', text: t('timeline.proposed', { score: m.score }) },
  ];
  if (m.approvedAt)
    events.push({ at: m.approvedAt, kind: 'approved', text: t('timeline.approved') });
  for (const msg of data.messages) {
    const kind = MESSAGE_KINDS[msg.kind];
    if (!kind) continue;
    const state = messageState(msg.status);
    events.push({
      at: msg.sentAt ?? msg.createdAt,
      kind: `message-${kind}-${state}`,
      text: tx(t, 'timeline.message', {
        message: t(`message.${kind}`),
        name: nameOf(msg.parentId),
        state: t(`messageState.${state}`),
      }),
    });
  }
  for (const side of ['seeker', 'buddy'] as const) {
    const response = side === 'seeker' ? m.seekerResponse : m.buddyResponse;
    const at = side === 'seeker' ? m.seekerRespondedAt : m.buddyRespondedAt;
    if (!response || !at) continue;
    const who = side === 'seeker' ? m.seekerId : m.buddyId;
    const withReason = response === 'declined' && m.declineReason;
    events.push({
      at,
      kind: `response-${response}`,
      text: tx(t, withReason ? 'timeline.declinedWithReason' : `timeline.${response}`, {
        name: nameOf(who),
        reason: withReason ? t(`declineReason.${m.declineReason}`) : '',
      }),
    });
  }
  if (m.activatedAt) events.push({ at: m.activatedAt, kind: 'active', text: t('timeline.active') });
  for (const c of m.checkIns)
    events.push({
      at: new Date(c.at),
      kind: `check-in-${c.answer}`,
      text: tx(t, 'timeline.checkIn', {
        name: nameOf(c.parentId),
        answer: t(`checkIn.${c.answer}`),
      }),
    });
  if (m.status === 'rejected')
    events.push({ at: m.updatedAt, kind: 'rejected', text: t('timeline.rejected') });
  if (m.status === 'superseded')
    events.push({ at: m.updatedAt, kind: 'superseded', text: t('timeline.superseded') });
  if (m.endedAt)
    events.push({
      at: m.endedAt,
      kind: 'ended',
      text: t('timeline.ended', {
        reason: t(`endReason.${m.endReason ?? 'other'}`),
        outcome: t(`outcome.${m.endOutcome ?? 'neutral'}`),
      }),
    });
  return events.sort((a, b) => a.at.getTime() - b.at.getTime());
}

function personCard(
  ctx: PageContext,
  labels: MatchingLabels,
  data: MatchPageData,
  side: 'seeker' | 'buddy',
): RawHtml {
  const t = labels.t;
  const m = data.match;
  const p = side === 'seeker' ? data.seeker : data.buddy;
  const id = side === 'seeker' ? m.seekerId : m.buddyId;
  const response = side === 'seeker' ? m.seekerResponse : m.buddyResponse;
  const at = side === 'seeker' ? m.seekerRespondedAt : m.buddyRespondedAt;
  const answer =
    m.status === 'proposed' || m.status === 'rejected' || m.status === 'superseded'
      ? ''
      : response
        ? t(`response.${response}`, { date: formatDate(ctx, at) })
        : t('response.none');
  return html`<section class="om-card" aria-labelledby="${side}-title" data-side="${side}">
    ${heading(2, t(`pair.${side}`), `${side}-title`)}
    <p class="utrecht-paragraph"><strong>${parentLink(ctx, labels, p, id)}</strong></p>
    ${side === 'seeker' && m.status === 'proposed' ? paragraph(waitedText(labels, waitedDays(p, data.now))) : ''}
    <p class="utrecht-paragraph om-muted">
      ${t('person.speaks', { languages: languagesOf(labels, p) })}
    </p>
    ${answer ? html`<p class="utrecht-paragraph" data-answer="${response ?? 'none'}">${answer}</p>` : ''}
  </section>`;
}

function respondForm(
  ctx: PageContext,
  labels: MatchingLabels,
  data: MatchPageData,
  state?: MatchFormState,
): RawHtml {
  const t = labels.t;
  const m = data.match;
  const errors = state?.form === 'respond' ? state.errors : undefined;
  const body = state?.form === 'respond' ? state.body : undefined;
  const open: [string, Parent | undefined, 'seeker' | 'buddy'][] = [];
  if (!m.seekerResponse) open.push([m.seekerId, data.seeker, 'seeker']);
  if (!m.buddyResponse) open.push([m.buddyId, data.buddy, 'buddy']);
  const chosen = field(body, 'parentId') || (open.length === 1 ? open[0][0] : '');
  return html`<section class="om-fieldset-box" aria-labelledby="respond-title">
    ${heading(2, t('respond.heading'), 'respond-title')} ${paragraph(t('respond.hint'))}
    <form
      method="post"
      action="${schoolHref(ctx, `/matches/${m.id}/responses`)}"
      class="om-form"
      novalidate
    >
      ${csrfField(ctx)} ${errorSummary(ctx, errors)}
      ${choiceGroup({
        name: 'parentId',
        legend: t('respond.who'),
        type: 'radio',
        values: chosen ? [chosen] : [],
        error: errorFor(errors, 'parentId'),
        options: open.map(([id, p, side]) => ({
          value: id,
          label: tx(t, `respond.as.${side}`, { name: personName(labels, p) }),
        })),
      })}
      ${choiceGroup({
        name: 'response',
        legend: t('respond.answer'),
        type: 'radio',
        values: field(body, 'response') ? [field(body, 'response')] : [],
        error: errorFor(errors, 'response'),
        options: [
          { value: 'accept', label: t('respond.accept') },
          { value: 'decline', label: t('respond.decline') },
        ],
      })}
      ${selectField({
        name: 'reason',
        label: t('respond.reason'),
        hint: t('respond.reasonHint'),
        value: field(body, 'reason'),
        empty: t('respond.noReason'),
        error: errorFor(errors, 'reason'),
        options: DECLINE_REASONS.map((r) => ({ value: r, label: t(`declineReason.${r}`) })),
      })}
      ${button(t('respond.submit'), { variant: 'primary' })}
    </form>
  </section>`;
}

const END_IDS: Record<string, string> = {
  reason: 'f-end-reason',
  outcome: 'f-end-outcome',
  rematch: 'f-end-rematch',
};

function endForm(
  ctx: PageContext,
  labels: MatchingLabels,
  data: MatchPageData,
  state?: MatchFormState,
): RawHtml {
  const t = labels.t;
  const m = data.match;
  const errors = state?.form === 'end' ? state.errors : undefined;
  const body = state?.form === 'end' ? state.body : undefined;
  return html`<section class="om-fieldset-box" aria-labelledby="end-title">
    ${heading(2, t('end.heading'), 'end-title')} ${paragraph(t('end.hint'))}
    <form
      method="post"
      action="${schoolHref(ctx, `/matches/${m.id}/end`)}"
      class="om-form"
      novalidate
    >
      ${csrfField(ctx)} ${errorSummary(ctx, errors, (f) => END_IDS[f] ?? fieldId(f))}
      ${selectField({
        name: 'reason',
        id: END_IDS.reason,
        label: t('end.reason'),
        value: field(body, 'reason'),
        empty: t('end.chooseReason'),
        required: true,
        error: errorFor(errors, 'reason'),
        options: END_REASONS.map((r) => ({ value: r, label: t(`endReason.${r}`) })),
      })}
      ${choiceGroup({
        name: 'outcome',
        id: END_IDS.outcome,
        legend: t('end.outcome'),
        type: 'radio',
        values: field(body, 'outcome') ? [field(body, 'outcome')] : [],
        error: errorFor(errors, 'outcome'),
        options: END_OUTCOMES.map((o) => ({
          value: o,
          label: t(`outcome.${o}`),
          hint: o === 'bad' ? t('end.badHint') : undefined,
        })),
      })}
      ${choiceGroup({
        name: 'rematch',
        id: END_IDS.rematch,
        legend: t('end.rematchLegend'),
        values: field(body, 'rematch') ? ['true'] : [],
        error: errorFor(errors, 'rematch'),
        options: [
          { value: 'true', label: tx(t, 'end.rematch', { name: personName(labels, data.seeker) }) },
        ],
      })}
      ${button(t('end.submit'), { variant: 'primary', danger: true })}
    </form>
  </section>`;
}

function checkInsBlock(ctx: PageContext, labels: MatchingLabels, data: MatchPageData): RawHtml {
  const t = labels.t;
  const m = data.match;
  const rows = [...m.checkIns].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return html`<section aria-labelledby="check-ins-title">
    ${heading(2, t('checkIns.heading'), 'check-ins-title')}
    ${
      rows.length === 0
        ? paragraph(t(m.status === 'active' ? 'checkIns.noneYet' : 'checkIns.none'))
        : table<CheckInRecord>({
            caption: t('checkIns.caption'),
            columns: [
              { header: t('checkIns.col.date'), cell: (c) => formatDate(ctx, c.at, 'dateTime') },
              {
                header: t('checkIns.col.parent'),
                rowHeader: true,
                cell: (c) =>
                  personName(
                    labels,
                    c.parentId === m.seekerId
                      ? data.seeker
                      : c.parentId === m.buddyId
                        ? data.buddy
                        : undefined,
                  ),
              },
              {
                header: t('checkIns.col.answer'),
                cell: (c) =>
                  html`<span data-check-in="${c.answer}">${t(`checkIn.${c.answer}`)}</span>`,
              },
            ],
            rows,
          })
    }
  </section>`;
}

/** A pair's page: both parents, why, what happened, and what a consultant can do now. */
export function matchView(
  ctx: PageContext,
  labels: MatchingLabels,
  data: MatchPageData,
  state?: MatchFormState,
): string {
  const t = labels.t;
  const m = data.match;
  const title = tx(t, 'pair.title', {
    seeker: personName(labels, data.seeker),
    buddy: personName(labels, data.buddy),
  });
  const people = new Map<string, Parent>();
  if (data.seeker) people.set(m.seekerId, data.seeker);
  if (data.buddy) people.set(m.buddyId, data.buddy);
  const events = timeline(labels, data);
  const formShown =
    state?.form === 'respond'
      ? m.status === 'approved'
      : m.status === 'approved' || m.status === 'active';
  const body = html`<p class="utrecht-paragraph">
      <a class="utrecht-link" href="${schoolHref(ctx, '/matches')}">${t('match.back')}</a>
    </p>
    <div class="om-toolbar">${heading(1, title)} ${statusBadge(labels, m.status)}</div>
    ${
      data.attention
        ? alert(
            'warning',
            html`${paragraph(html`<strong>${t('match.needsLook')}</strong> ${attentionText(labels, data.attention, m, people, data.now)}`)}
            ${
              data.attention === 'declined'
                ? paragraph(
                    html`<a class="utrecht-link" href="${schoolHref(ctx, '/matching')}"
                      >${t('match.runAgain')}</a
                    >`,
                  )
                : ''
            }
            ${
              m.needsAttention
                ? actionForm(
                    ctx,
                    schoolHref(ctx, `/matches/${m.id}/attention`),
                    t('match.clearAttention'),
                  )
                : ''
            }`,
          )
        : ''
    }
    ${
      state && !formShown
        ? alert('error', paragraph(state.errors.map((e) => e.message).join(' ')), { role: 'alert' })
        : ''
    }
    <div class="om-columns">
      ${personCard(ctx, labels, data, 'seeker')} ${personCard(ctx, labels, data, 'buddy')}
    </div>
    <section aria-labelledby="why-title">
      ${heading(2, t('pair.why'), 'why-title')} ${paragraph(t('pair.score', { score: m.score }))}
      ${reasonList(labels, m.reasons)}
    </section>
    <section aria-labelledby="timeline-title">
      ${heading(2, t('timeline.heading'), 'timeline-title')}
      <ol class="utrecht-ordered-list">
        ${events.map(
          (e) =>
            html`<li class="utrecht-ordered-list__item" data-event="${e.kind}">
              <time datetime="${e.at.toISOString()}">${formatDate(ctx, e.at, 'dateTime')}</time>:
              ${e.text}
            </li>`,
        )}
      </ol>
    </section>
    ${checkInsBlock(ctx, labels, data)}
    ${m.status === 'approved' ? respondForm(ctx, labels, data, state) : ''}
    ${m.status === 'approved' || m.status === 'active' ? endForm(ctx, labels, data, state) : ''}
    ${
      m.status === 'proposed'
        ? paragraph(
            html`${t('match.isProposal')}
              <a class="utrecht-link" href="${schoolHref(ctx, '/matching')}"
                >${t('match.toMatching')}</a
              >`,
          )
        : ''
    }`;
  const plainTitle = t('pair.title', {
    seeker: fullName(data.seeker) || t('person.unknown'),
    buddy: fullName(data.buddy) || t('person.unknown'),
  });
  return workspacePage(ctx, { title: plainTitle, body, active: 'matches' });
}
