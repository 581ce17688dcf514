import { html, RawHtml } from '../../../common/http/html';
import type { Parent } from '../../../parents/parent.entity';
import { formatDate, PageContext, schoolHref } from '../../../workspace/page-context';
import { heading, pagination, paragraph, query, table } from '../../../workspace/views/components';
import { workspacePage } from '../../../workspace/views/layout';
import type { Match } from '../../match.entity';
import type { AttentionReason } from '../../matching.repository';
import {
  AttentionItem,
  MATCH_TABS,
  MatchesPageData,
  MATCHES_PAGE_SIZE,
  MatchTab,
} from '../matching-pages.queries';
import { MatchingLabels, personName, statusBadge, tabLink, tx } from './common';

/** The moment that best dates a pair in its status (ended, activated, approved, proposed). */
export function statusDate(m: Match): Date {
  return m.endedAt ?? m.activatedAt ?? m.approvedAt ?? m.createdAt;
}

/** Why a pair needs a look, as a plain sentence with the names in it. */
export function attentionText(
  labels: MatchingLabels,
  why: AttentionReason,
  m: Match,
  people: Map<string, Parent>,
  now: Date,
): RawHtml {
  const t = labels.t;
  const seeker = personName(labels, people.get(m.seekerId));
  const buddy = personName(labels, people.get(m.buddyId));
  if (why === 'no_answer') {
    const waiting = [
      ...(m.seekerResponse ? [] : [seeker.value]),
      ...(m.buddyResponse ? [] : [buddy.value]),
    ];
    const days = m.approvedAt
      ? Math.max(0, Math.floor((now.getTime() - m.approvedAt.getTime()) / 86_400_000))
      : 0;
    return tx(t, 'why.no_answer', {
      names: new RawHtml(labels.list(waiting)),
      count: days,
    });
  }
  if (why === 'check_in') {
    const worrying = [...m.checkIns].reverse().find((c) => c.answer !== 'good');
    if (!worrying) return tx(t, 'why.flagged');
    return tx(t, 'why.check_in', {
      name: worrying.parentId === m.seekerId ? seeker : buddy,
      answer: t(`checkIn.${worrying.answer}`),
    });
  }
  const bySeeker = m.seekerResponse === 'declined';
  const reason = m.declineReason ? t(`declineReason.${m.declineReason}`) : '';
  if (bySeeker)
    return tx(t, reason ? 'why.declinedBySeekerWithReason' : 'why.declinedBySeeker', {
      seeker,
      reason,
    });
  return tx(t, reason ? 'why.declinedWithReason' : 'why.declined', { seeker, buddy, reason });
}

/** The pair's names as a link to its page. */
export function pairLink(
  ctx: PageContext,
  labels: MatchingLabels,
  people: Map<string, Parent>,
  m: Match,
): RawHtml {
  return html`<a class="utrecht-link" href="${schoolHref(ctx, `/matches/${m.id}`)}"
    >${tx(labels.t, 'pair.title', {
      seeker: personName(labels, people.get(m.seekerId)),
      buddy: personName(labels, people.get(m.buddyId)),
    })}</a
  >`;
}

function answerOf(labels: MatchingLabels, answer: string | null): string {
  return labels.t(`answer.${answer ?? 'none'}`);
}

function attentionBlock(ctx: PageContext, labels: MatchingLabels, data: MatchesPageData): RawHtml {
  const t = labels.t;
  return html`<section aria-labelledby="attention-title">
    ${heading(2, t('attention.heading', { total: data.attentionTotal }), 'attention-title')}
    ${
      data.attention.length === 0
        ? paragraph(t('attention.none'))
        : html`${table<AttentionItem>({
            caption: t('attention.caption'),
            columns: [
              {
                header: t('list.col.pair'),
                rowHeader: true,
                cell: (a) => pairLink(ctx, labels, data.people, a.match),
              },
              {
                header: t('list.col.why'),
                cell: (a) =>
                  html`<span data-attention="${a.why}"
                    >${attentionText(labels, a.why, a.match, data.people, data.now)}</span
                  >`,
              },
              { header: t('list.col.status'), cell: (a) => statusBadge(labels, a.match.status) },
            ],
            rows: data.attention,
          })}
          ${
            data.attentionTotal > data.attention.length
              ? paragraph(
                  t('attention.more', { count: data.attentionTotal - data.attention.length }),
                )
              : ''
          }`
    }
  </section>`;
}

/** The follow-up page: first the pairs that need a look, then the pairs by status. */
export function matchesView(
  ctx: PageContext,
  labels: MatchingLabels,
  data: MatchesPageData,
): string {
  const t = labels.t;
  const base = schoolHref(ctx, '/matches');
  const countOf = (tab: MatchTab): number =>
    MATCH_TABS[tab].reduce((sum, s) => sum + (data.counts[s] ?? 0), 0);
  const tabs = (Object.keys(MATCH_TABS) as MatchTab[]).map((tab) =>
    tabLink(
      `${base}${query({ status: tab === 'current' ? undefined : tab })}`,
      t(`tabs.${tab}`, { count: countOf(tab) }),
      tab === data.tab,
    ),
  );
  const body = html`${heading(1, t('matches.title'))} ${paragraph(t('matches.intro'), true)}
    ${attentionBlock(ctx, labels, data)}
    <section aria-labelledby="list-title">
      ${heading(2, t('list.heading'), 'list-title')}
      <nav aria-label="${t('tabs.label')}" class="om-toolbar">${tabs}</nav>
      ${
        data.items.length === 0
          ? paragraph(t('list.empty'))
          : table<Match>({
              caption: t('list.caption', { tab: t(`tabs.${data.tab}`, { count: data.total }) }),
              columns: [
                {
                  header: t('list.col.pair'),
                  rowHeader: true,
                  cell: (m) => pairLink(ctx, labels, data.people, m),
                },
                { header: t('list.col.status'), cell: (m) => statusBadge(labels, m.status) },
                {
                  header: t('list.col.answers'),
                  wide: true,
                  cell: (m) =>
                    m.status === 'proposed' || m.status === 'rejected' || m.status === 'superseded'
                      ? ''
                      : html`${t('list.seekerAnswer', { answer: answerOf(labels, m.seekerResponse) })}<br />${t(
                            'list.buddyAnswer',
                            { answer: answerOf(labels, m.buddyResponse) },
                          )}`,
                },
                {
                  header: t('list.col.since'),
                  wide: true,
                  cell: (m) => formatDate(ctx, statusDate(m)),
                },
              ],
              rows: data.items,
              rowAttrs: (m) => html`data-match="${m.id}"`,
            })
      }
      ${pagination(ctx, {
        page: data.page,
        pageSize: MATCHES_PAGE_SIZE,
        total: data.total,
        href: (n) =>
          `${base}${query({ status: data.tab === 'current' ? undefined : data.tab, page: n })}`,
      })}
    </section>`;
  return workspacePage(ctx, { title: t('matches.title'), body, active: 'matches' });
}
