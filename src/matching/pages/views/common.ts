import type { TFunction } from 'i18next';
import { escapeHtml, html, raw, RawHtml } from '../../../common/http/html';
import type { Parent } from '../../../parents/parent.entity';
import type { Child } from '../../../workspace/views/components';
import { badge, name } from '../../../workspace/views/components';
import { PageContext, schoolHref } from '../../../workspace/page-context';
import type { Reason, UnmatchedReason } from '../../engine';
import type { MatchStatus } from '../../match.entity';

/**
 * What the matching views need besides the page context: the area's texts and the labels
 * other namespaces own (reason sentences, language names, situations), made once per request.
 */
export interface MatchingLabels {
  /** Texts of the matching pages (namespace ws-matching). */
  t: TFunction;
  /** A reason of a proposal as a sentence for staff (namespace reasons). */
  reason: (r: Pick<Reason, 'code' | 'params'>) => string;
  /** Why a seeker has no buddy, as a sentence (namespace reasons). */
  unmatched: (reason: UnmatchedReason) => string;
  languageName: (code: string) => string;
  /** A language level (native, fluent, ...) from the taxonomy. */
  languageLevel: (level: string) => string;
  situation: (code: string) => string;
  /** "a, b and c" / "a, b or c" in the reader's language. */
  list: (items: string[], type?: 'conjunction' | 'disjunction') => string;
  /** A number in the reader's language (0,2). */
  number: (value: number) => string;
}

/**
 * A translated sentence with HTML in its values: each value is escaped unless it is
 * RawHtml (a name in <bdi>); the sentence itself comes from our own locale files.
 */
export function tx(t: TFunction, key: string, params: Record<string, unknown> = {}): RawHtml {
  const safe: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params))
    safe[k] =
      v instanceof RawHtml
        ? v.value
        : typeof v === 'number'
          ? v
          : escapeHtml(typeof v === 'string' ? v : '');
  return raw(t(key, safe));
}

/** A parent's full name as typed at intake (given name, then family name). */
export function fullName(p: Pick<Parent, 'givenName' | 'familyName'> | undefined): string {
  if (!p) return '';
  return [p.givenName, p.familyName].filter(Boolean).join(' ');
}

/** A parent's name in <bdi>, or a neutral word when the record is gone. */
export function personName(labels: MatchingLabels, p: Parent | undefined): RawHtml {
  const n = fullName(p);
  return n ? name(n) : html`${labels.t('person.unknown')}`;
}

/** A link to the parent's page in the workspace, with the name as its text. */
export function parentLink(
  ctx: PageContext,
  labels: MatchingLabels,
  p: Parent | undefined,
  id: string,
): RawHtml {
  return html`<a class="utrecht-link" href="${schoolHref(ctx, `/parents/${id}`)}"
    >${personName(labels, p)}</a
  >`;
}

const STATUS_TONE: Record<MatchStatus, 'neutral' | 'ok' | 'warning' | 'error' | 'info'> = {
  proposed: 'info',
  approved: 'warning',
  active: 'ok',
  ended: 'neutral',
  declined: 'error',
  rejected: 'neutral',
  superseded: 'neutral',
};

/** The status of a pair as a word in a badge (never colour alone). */
export function statusBadge(labels: MatchingLabels, status: MatchStatus): RawHtml {
  return html`<span data-status="${status}"
    >${badge(labels.t(`status.${status}`), STATUS_TONE[status])}</span
  >`;
}

/** Every reason of a pair, staff-only ones marked with a word, with its points. */
export function reasonList(labels: MatchingLabels, reasons: Reason[]): RawHtml {
  if (!reasons.length)
    return html`<p class="utrecht-paragraph om-muted">${labels.t('pair.noReasons')}</p>`;
  return html`<ul class="utrecht-unordered-list om-reasons">
    ${reasons.map(
      (r) =>
        html`<li class="utrecht-unordered-list__item" data-reason="${r.code}">
          ${labels.reason(r)}
          <span class="om-muted"
            >${labels.t('pair.points', {
              count: r.points,
              points: r.points > 0 ? `+${r.points}` : String(r.points),
            })}</span
          >
          ${r.staffOnly ? badge(labels.t('pair.staffOnly'), 'warning') : ''}
        </li>`,
    )}
  </ul>`;
}

/** "Arabic (mother tongue), Dutch (a little)": the languages a parent speaks. */
export function languagesOf(labels: MatchingLabels, p: Parent | undefined): string {
  if (!p) return '';
  return labels.list(
    p.languages.map((l) =>
      labels.t('person.language', {
        language: labels.languageName(l.code),
        level: labels.languageLevel(l.level).toLowerCase(),
      }),
    ),
  );
}

/** Whole days a seeker has waited: since waiting started, else since enrolment. */
export function waitedDays(p: Parent | undefined, now: Date): number | undefined {
  const since = p?.waitingSince ?? p?.createdAt;
  if (!since) return undefined;
  return Math.max(0, Math.floor((now.getTime() - new Date(since).getTime()) / 86_400_000));
}

export function waitedText(labels: MatchingLabels, days: number | undefined): string {
  if (days === undefined) return '';
  return days === 0 ? labels.t('pair.waitedToday') : labels.t('pair.waited', { count: days });
}

/** A link styled as a button that marks the current one (tabs as filter links). */
export function tabLink(href: string, label: Child, current: boolean): RawHtml {
  return html`<a
    class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--${current ? 'primary' : 'secondary'}-action"
    href="${href}"
    ${current ? html`aria-current="page"` : ''}
    >${label}</a
  >`;
}
