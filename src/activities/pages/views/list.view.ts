import { html } from '../../../common/http/html';
import { formatDate, PageContext } from '../../../workspace/page-context';
import {
  linkButton,
  pagination,
  paragraph,
  query,
  table,
} from '../../../workspace/views/components';
import { actionFormWithConfirm, type ConfirmableAction } from './confirm';
import type { Activity } from '../../activity.entity';
import {
  activityHref,
  activityPage,
  placesText,
  stateBadge,
  stateOf,
  texts,
  whenText,
} from './shared';

export interface ActivityListData {
  when: 'upcoming' | 'past';
  items: Activity[];
  waitlists: Map<string, number>;
  total: number;
  page: number;
  pageSize: number;
  now: Date;
  feed: { address: string | null; createdAt: Date } | null;
}

/** The school's activities, upcoming or past, and the calendar address. */
export function activityListView(ctx: PageContext, d: ActivityListData): string {
  const t = texts(ctx);
  const tab = (when: 'upcoming' | 'past') =>
    html`<a
      class="om-nav__link"
      href="${activityHref(ctx)}${query({ when: when === 'upcoming' ? undefined : when })}"
      ${d.when === when ? html`aria-current="page"` : ''}
      >${t(`list.${when}`)}</a
    >`;
  const body = html`<h1 class="utrecht-heading-1">${t('list.title')}</h1>
    <div class="om-toolbar">
      ${linkButton(activityHref(ctx, undefined, '/new'), t('list.schedule'), 'primary')}
    </div>
    <nav aria-label="${t('list.tabs')}">
      <ul class="om-nav__list om-act-tabs">
        <li class="om-nav__item">${tab('upcoming')}</li>
        <li class="om-nav__item">${tab('past')}</li>
      </ul>
    </nav>
    ${
      d.items.length
        ? table<Activity>({
            caption: t(`list.caption.${d.when}`, { count: d.total }),
            columns: [
              {
                header: t('list.columns.title'),
                rowHeader: true,
                cell: (a) =>
                  html`<a class="utrecht-link" href="${activityHref(ctx, a.id)}">${a.title}</a>`,
              },
              { header: t('list.columns.when'), cell: (a) => whenText(ctx, a, 'date') },
              { header: t('list.columns.location'), cell: (a) => a.location, wide: true },
              { header: t('list.columns.places'), cell: (a) => placesText(t, a) },
              {
                header: t('list.columns.waitlist'),
                numeric: true,
                wide: true,
                cell: (a) => d.waitlists.get(a.id) ?? 0,
              },
              { header: t('list.columns.status'), cell: (a) => stateBadge(t, stateOf(a, d.now)) },
            ],
            rows: d.items,
          })
        : paragraph(t(`list.empty.${d.when}`))
    }
    ${pagination(ctx, {
      page: d.page,
      pageSize: d.pageSize,
      total: d.total,
      href: (page) =>
        `${activityHref(ctx)}${query({ when: d.when === 'upcoming' ? undefined : d.when, page })}`,
    })}
    ${feedBlock(ctx, d.feed)}`;
  return activityPage(ctx, {
    title: t('list.title'),
    body,
    scripts: ['/assets/workspace.js'],
  });
}

/** The calendar address: shown with a copy button, renewed or revoked. */
function feedBlock(ctx: PageContext, feed: ActivityListData['feed']) {
  const t = texts(ctx);
  const renew: ConfirmableAction = {
    action: activityHref(ctx, undefined, '/calendar-feed/renew'),
    label: feed ? t('feed.renew') : t('feed.create'),
    confirm: feed ? t('feed.renewConfirm') : undefined,
    variant: feed ? 'secondary' : 'primary',
  };
  return html`<section class="om-panel" aria-labelledby="feed-title">
    <h2 class="utrecht-heading-2" id="feed-title">${t('feed.title')}</h2>
    ${paragraph(t('feed.intro'))}
    ${
      feed?.address
        ? html`<div class="utrecht-form-field utrecht-form-field--text">
              <div class="utrecht-form-field__label">
                <label class="utrecht-form-label" for="feed-address">${t('feed.address')}</label>
              </div>
              <div
                class="utrecht-form-field__description utrecht-form-field-description"
                id="feed-address-hint"
              >
                ${t('feed.addressHint', { date: formatDate(ctx, feed.createdAt) })}
              </div>
              <div class="utrecht-form-field__input om-act-address">
                <input
                  class="utrecht-textbox utrecht-textbox--html-input"
                  id="feed-address"
                  type="url"
                  readonly
                  value="${feed.address}"
                  aria-describedby="feed-address-hint"
                />
                <button
                  class="utrecht-button utrecht-button--secondary-action"
                  type="button"
                  hidden
                  data-copy="feed-address"
                  data-copied="${t('feed.copied')}"
                >
                  ${t('feed.copy')}
                </button>
                <span role="status" class="om-muted" data-copy-status="feed-address"></span>
              </div>
            </div>
            ${paragraph(t('feed.private'))}`
        : feed
          ? paragraph(t('feed.stale'))
          : paragraph(t('feed.none'))
    }
    <div class="utrecht-button-group">
      ${actionFormWithConfirm(ctx, renew)}
      ${
        feed
          ? actionFormWithConfirm(ctx, {
              action: activityHref(ctx, undefined, '/calendar-feed/revoke'),
              label: t('feed.revoke'),
              confirm: t('feed.revokeConfirm'),
              variant: 'secondary',
              danger: true,
            })
          : ''
      }
    </div>
  </section>`;
}
