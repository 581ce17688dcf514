import { html, RawHtml } from '../../../common/http/html';
import type { Parent } from '../../../parents/parent.entity';
import { formatDate, PageContext, schoolHref } from '../../../workspace/page-context';
import {
  actionForm,
  alert,
  badge,
  button,
  csrfField,
  dataList,
  heading,
  pagination,
  paragraph,
  query,
  table,
} from '../../../workspace/views/components';
import { workspacePage } from '../../../workspace/views/layout';
import { HelpHint, HelpSeeker, UnmatchedSeeker, whatWouldHelp } from '../../engine';
import type { Match } from '../../match.entity';
import type { MatchRule } from '../../match-rule.entity';
import type { SkippedPin } from '../../matching-run.entity';
import { PROPOSALS_PAGE_SIZE, RunPageData, UNMATCHED_PAGE_SIZE } from '../matching-pages.queries';
import { RUN_REFRESH_SECONDS } from '../run-refresh';
import {
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

/** Something that went wrong with the last action, shown at the top of the page. */
export interface RunPageProblem {
  /** The sentence (or sentences) to show. */
  message: RawHtml | string;
  /** Extra lines, e.g. each proposal that could not be approved. */
  items?: (RawHtml | string)[];
}

export interface RunPageExtras {
  problem?: RunPageProblem;
}

/** The advice for an unmatched seeker as a plain sentence. */
export function helpText(labels: MatchingLabels, hint: HelpHint): string {
  const t = labels.t;
  switch (hint.code) {
    case 'buddy_speaking':
      return t('help.buddy_speaking', {
        languages: labels.list(hint.languages.map(labels.languageName), 'disjunction'),
      });
    case 'buddy_with_experience':
      return t('help.buddy_with_experience', {
        situations: labels.list(hint.situations.map(labels.situation), 'disjunction'),
      });
    case 'buddy_long_at_school':
      return t('help.buddy_long_at_school', { count: hint.years });
    case 'more_places':
      return t('help.more_places');
    case 'more_buddies':
      return t('help.more_buddies', { count: hint.candidates });
    case 'review_exclusions':
      return t('help.review_exclusions');
  }
}

function helpSeeker(p: Parent): HelpSeeker {
  return {
    languages: p.languages,
    dutchLevel: p.dutchLevel as HelpSeeker['dutchLevel'],
    situations: p.situations,
  };
}

type RuleIndex = Map<string, MatchRule>;
const pairKey = (seekerId: string, buddyId: string): string => `${seekerId}|${buddyId}`;

function proposalCard(
  ctx: PageContext,
  labels: MatchingLabels,
  data: RunPageData,
  rules: RuleIndex,
  p: Match,
): RawHtml {
  const t = labels.t;
  const seeker = data.people.get(p.seekerId);
  const buddy = data.people.get(p.buddyId);
  const rule = rules.get(pairKey(p.seekerId, p.buddyId));
  const base = schoolHref(ctx, '/matching');
  const open = p.status === 'proposed';
  const titleId = `pair-${p.id}-title`;
  const pairNames = tx(t, 'pair.title', {
    seeker: personName(labels, seeker),
    buddy: personName(labels, buddy),
  });
  return html`<article
    class="om-panel"
    id="pair-${p.id}"
    data-match="${p.id}"
    aria-labelledby="${titleId}"
  >
    <div class="om-toolbar">
      ${heading(3, pairNames, titleId)} ${statusBadge(labels, p.status)}
      ${rule?.kind === 'pin' || p.pinned ? badge(t('pair.pinnedBadge'), 'info') : ''}
      ${rule?.kind === 'forbid' ? badge(t('pair.forbiddenBadge'), 'error') : ''}
    </div>
    <div class="om-columns">
      <section class="om-card" aria-label="${t('pair.seeker')}">
        <p class="utrecht-paragraph om-muted">${t('pair.seeker')}</p>
        <p class="utrecht-paragraph">
          <strong>${parentLink(ctx, labels, seeker, p.seekerId)}</strong>
        </p>
        ${open ? paragraph(waitedText(labels, waitedDays(seeker, data.now))) : ''}
        <p class="utrecht-paragraph om-muted">
          ${t('person.speaks', { languages: languagesOf(labels, seeker) })}
        </p>
      </section>
      <section class="om-card" aria-label="${t('pair.buddy')}">
        <p class="utrecht-paragraph om-muted">${t('pair.buddy')}</p>
        <p class="utrecht-paragraph">
          <strong>${parentLink(ctx, labels, buddy, p.buddyId)}</strong>
        </p>
        <p class="utrecht-paragraph om-muted">
          ${t('person.speaks', { languages: languagesOf(labels, buddy) })}
        </p>
      </section>
    </div>
    <p class="utrecht-paragraph">
      <strong>${t('pair.why')}</strong> · ${t('pair.score', { score: p.score })}
    </p>
    ${reasonList(labels, p.reasons)}
    <div class="utrecht-button-group">
      ${
        open
          ? [
              actionForm(ctx, `${base}/proposals/${p.id}/approve`, t('pair.approve'), {
                variant: 'primary',
              }),
              actionForm(ctx, `${base}/proposals/${p.id}/reject`, t('pair.reject')),
            ]
          : html`<a
              class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action"
              href="${schoolHref(ctx, `/matches/${p.id}`)}"
              >${t('pair.open')}</a
            >`
      }
      ${
        rule
          ? actionForm(
              ctx,
              `${base}/rules/${rule.id}/delete`,
              t(rule.kind === 'pin' ? 'pair.unpin' : 'pair.unforbid'),
              { variant: 'subtle' },
            )
          : open
            ? [
                actionForm(ctx, `${base}/rules`, t('pair.pin'), {
                  variant: 'subtle',
                  hidden: { seekerId: p.seekerId, buddyId: p.buddyId, kind: 'pin' },
                }),
                actionForm(ctx, `${base}/rules`, t('pair.forbid'), {
                  variant: 'subtle',
                  hidden: { seekerId: p.seekerId, buddyId: p.buddyId, kind: 'forbid' },
                }),
              ]
            : ''
      }
    </div>
  </article>`;
}

function skippedPinsBlock(
  ctx: PageContext,
  labels: MatchingLabels,
  data: RunPageData,
  rules: RuleIndex,
  skipped: SkippedPin[],
): RawHtml | '' {
  if (!skipped.length) return '';
  const t = labels.t;
  return html`<section aria-labelledby="skipped-title">
    ${heading(2, t('skipped.heading'), 'skipped-title')}
    ${alert(
      'warning',
      html`${paragraph(t('skipped.intro'))}
        <ul class="utrecht-unordered-list">
          ${skipped.map((s) => {
            const rule = rules.get(pairKey(s.seekerId, s.buddyId));
            return html`<li class="utrecht-unordered-list__item" data-skipped="${s.reason}">
              ${tx(t, 'skipped.item', {
                seeker: personName(labels, data.people.get(s.seekerId)),
                buddy: personName(labels, data.people.get(s.buddyId)),
                reason: tx(t, `skippedReason.${s.reason}`, {
                  name: personName(labels, data.people.get(s.parentId)),
                }),
              })}
              ${
                rule?.kind === 'pin'
                  ? actionForm(
                      ctx,
                      schoolHref(ctx, `/matching/rules/${rule.id}/delete`),
                      t('skipped.remove'),
                      {
                        variant: 'subtle',
                      },
                    )
                  : ''
              }
            </li>`;
          })}
        </ul>`,
    )}
  </section>`;
}

function unmatchedBlock(
  ctx: PageContext,
  labels: MatchingLabels,
  data: RunPageData,
  total: number,
): RawHtml {
  const t = labels.t;
  const rows = data.unmatched;
  return html`<section aria-labelledby="unmatched-title">
    ${heading(2, t('unmatched.heading', { total }), 'unmatched-title')}
    ${
      total === 0
        ? paragraph(t('unmatched.none'))
        : html`${paragraph(t('unmatched.intro'))}
          ${table<UnmatchedSeeker>({
            caption: t('unmatched.caption'),
            columns: [
              {
                header: t('unmatched.col.parent'),
                rowHeader: true,
                cell: (u) => parentLink(ctx, labels, data.people.get(u.seekerId), u.seekerId),
              },
              { header: t('unmatched.col.why'), cell: (u) => labels.unmatched(u.reason) },
              {
                header: t('unmatched.col.help'),
                cell: (u) => {
                  const p = data.people.get(u.seekerId);
                  return p
                    ? html`<span data-help="${u.reason}"
                        >${helpText(labels, whatWouldHelp(helpSeeker(p), u, data.experiencedYears))}</span
                      >`
                    : '';
                },
              },
              {
                header: t('unmatched.col.waiting'),
                wide: true,
                cell: (u) => waitedText(labels, waitedDays(data.people.get(u.seekerId), data.now)),
              },
            ],
            rows,
          })}
          ${pagination(ctx, {
            page: data.unmatchedPage,
            pageSize: UNMATCHED_PAGE_SIZE,
            total,
            href: (n) =>
              `${schoolHref(ctx, '/matching')}${query({ page: data.proposalPage, waiting: n })}#unmatched-title`,
          })}`
    }
  </section>`;
}

function rulesBlock(ctx: PageContext, labels: MatchingLabels, data: RunPageData): RawHtml {
  const t = labels.t;
  return html`<section aria-labelledby="rules-title">
    ${heading(2, t('rules.heading', { total: data.rules.length }), 'rules-title')}
    ${paragraph(t('rules.intro'))}
    ${
      data.rules.length === 0
        ? paragraph(t('rules.none'))
        : table<MatchRule>({
            caption: t('rules.caption'),
            columns: [
              {
                header: t('rules.col.seeker'),
                rowHeader: true,
                cell: (r) => parentLink(ctx, labels, data.people.get(r.seekerId), r.seekerId),
              },
              {
                header: t('rules.col.buddy'),
                cell: (r) => parentLink(ctx, labels, data.people.get(r.buddyId), r.buddyId),
              },
              {
                header: t('rules.col.kind'),
                cell: (r) =>
                  html`<span data-rule="${r.kind}"
                    >${badge(t(`rules.kind.${r.kind}`), r.kind === 'pin' ? 'info' : 'error')}</span
                  >`,
              },
              {
                header: t('rules.col.since'),
                wide: true,
                cell: (r) => formatDate(ctx, r.createdAt),
              },
              {
                header: t('rules.col.action'),
                cell: (r) =>
                  actionForm(
                    ctx,
                    schoolHref(ctx, `/matching/rules/${r.id}/delete`),
                    tx(t, 'rules.remove', {
                      pair: tx(t, 'pair.title', {
                        seeker: personName(labels, data.people.get(r.seekerId)),
                        buddy: personName(labels, data.people.get(r.buddyId)),
                      }),
                    }),
                    { variant: 'subtle' },
                  ),
              },
            ],
            rows: data.rules,
          })
    }
  </section>`;
}

/**
 * A run that is queued or running (its progress, with a link to refresh; the page refreshes
 * itself too), or the latest run that failed.
 */
function runStatusBlock(ctx: PageContext, labels: MatchingLabels, data: RunPageData): RawHtml | '' {
  const latest = data.latest;
  if (!latest) return '';
  const t = labels.t;
  if (latest.status === 'failed')
    return alert(
      'error',
      paragraph(
        t(
          latest.error?.code === 'matching.run_interrupted'
            ? 'run.progress.failedInterrupted'
            : 'run.progress.failed',
          { at: formatDate(ctx, latest.createdAt, 'dateTime') },
        ),
      ),
    );
  if (latest.status !== 'queued' && latest.status !== 'running') return '';
  const percent = latest.status === 'queued' ? 0 : latest.progress;
  return html`<section
    class="om-fieldset-box"
    aria-labelledby="progress-title"
    data-run="${latest.id}"
    data-run-status="${latest.status}"
  >
    ${heading(2, t('run.progress.heading'), 'progress-title')}
    <p class="utrecht-paragraph" role="status">
      ${
        latest.status === 'queued'
          ? t('run.progress.queued')
          : t('run.progress.running', {
              percent,
              phase: t(`run.progress.phase.${latest.phase ?? 'loading'}`),
            })
      }
    </p>
    <progress max="100" value="${percent}" aria-label="${t('run.progress.label')}">
      ${percent}%
    </progress>
    ${paragraph(t('run.progress.refreshHint', { count: RUN_REFRESH_SECONDS }))}
    <p class="utrecht-paragraph">
      <a class="utrecht-link" href="${schoolHref(ctx, '/matching')}"
        >${t('run.progress.refresh')}</a
      >
    </p>
    ${data.run ? paragraph(t('run.progress.previous')) : ''}
  </section>`;
}

/** The matching page: start a run, its proposals side by side, who waits and why, the rules. */
export function matchingRunView(
  ctx: PageContext,
  labels: MatchingLabels,
  data: RunPageData,
  extras: RunPageExtras = {},
): string {
  const t = labels.t;
  const run = data.run;
  const base = schoolHref(ctx, '/matching');
  const rules: RuleIndex = new Map(data.rules.map((r) => [pairKey(r.seekerId, r.buddyId), r]));
  const unmatchedTotal = run?.unmatched.length ?? 0;
  const problem = extras.problem
    ? alert(
        'error',
        html`${paragraph(extras.problem.message)}
        ${
          extras.problem.items?.length
            ? html`<ul class="utrecht-unordered-list">
                ${extras.problem.items.map((i) => html`<li class="utrecht-unordered-list__item">${i}</li>`)}
              </ul>`
            : ''
        }`,
        { role: 'alert' },
      )
    : '';
  const body = html`${heading(1, t('run.title'))} ${problem} ${paragraph(t('run.intro'), true)}
    ${runStatusBlock(ctx, labels, data)}
    <section class="om-fieldset-box" aria-labelledby="start-title">
      ${heading(2, t('run.start.heading'), 'start-title')}
      <form method="post" action="${base}/runs" class="om-form">
        ${csrfField(ctx)} ${paragraph(t('run.start.hint'))}
        ${button(t(run ? 'run.start.again' : 'run.start.first'), { variant: 'primary' })}
      </form>
    </section>
    ${
      run
        ? html`<section aria-labelledby="last-run-title">
              ${heading(2, t('run.last.heading'), 'last-run-title')}
              ${dataList([
                [t('run.last.at'), formatDate(ctx, run.createdAt, 'dateTime')],
                [t('run.last.seekers'), String(run.stats?.seekers ?? 0)],
                [t('run.last.proposals'), String(data.proposalTotal)],
                [t('run.last.unmatched'), String(unmatchedTotal)],
                [
                  t('run.last.duration'),
                  run.durationMs < 1000
                    ? t('run.last.underSecond')
                    : t('run.last.seconds', {
                        count: Math.round(run.durationMs / 100) / 10,
                        seconds: labels.number(Math.round(run.durationMs / 100) / 10),
                      }),
                ],
              ])}
            </section>
            ${skippedPinsBlock(ctx, labels, data, rules, run.skippedPins ?? [])}
            <section aria-labelledby="proposals-title">
              ${heading(2, t('proposals.heading', { total: data.proposalTotal }), 'proposals-title')}
              ${
                data.proposalTotal === 0
                  ? paragraph(t('proposals.none'))
                  : html`${paragraph(t('proposals.intro'))} ${paragraph(t('proposals.rulesHint'))}
                      ${
                        data.openTotal
                          ? html`<form
                              method="post"
                              action="${base}/runs/${run.id}/approve"
                              class="om-toolbar"
                            >
                              ${csrfField(ctx)}
                              ${button(t('proposals.approveAll', { count: data.openTotal }), { variant: 'primary' })}
                              <span class="om-muted">${t('proposals.approveAllHint')}</span>
                            </form>`
                          : paragraph(t('proposals.noneOpen'))
                      }
                      <div class="om-pairs">
                        ${data.shownProposals.map((p) => proposalCard(ctx, labels, data, rules, p))}
                      </div>
                      ${pagination(ctx, {
                        page: data.proposalPage,
                        pageSize: PROPOSALS_PAGE_SIZE,
                        total: data.proposalTotal,
                        href: (n) =>
                          `${base}${query({ page: n, waiting: data.unmatchedPage })}#proposals-title`,
                      })}`
              }
            </section>
            ${unmatchedBlock(ctx, labels, data, unmatchedTotal)}`
        : paragraph(t('run.none'))
    }
    ${rulesBlock(ctx, labels, data)}`;
  return workspacePage(ctx, { title: t('run.title'), body, active: 'matching' });
}
