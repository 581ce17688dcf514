import { html, RawHtml } from '../../../common/http/html';
import { formatDate, PageContext, schoolHref } from '../../../workspace/page-context';
import {
  alert,
  badge,
  button,
  buttonGroup,
  csrfField,
  dataList,
  errorFor,
  errorSummary,
  type FieldError,
  linkButton,
  paragraph,
  selectField,
  table,
  textField,
} from '../../../workspace/views/components';
import type { Activity } from '../../activity.entity';
import type { ActivityCounts } from '../../dto/activity-output.dto';
import type { RsvpEntryDto, RsvpListDto } from '../../dto/rsvp.dto';
import { actionFormWithConfirm } from './confirm';
import {
  activityHref,
  activityPage,
  type ActivityState,
  backLinks,
  kindLabel,
  parentName,
  placesText,
  stateBadge,
  texts,
  sentence,
  whenText,
} from './shared';

export interface ActivityPageData {
  activity: Activity;
  counts: ActivityCounts;
  state: ActivityState;
  rsvps: RsvpListDto;
  /** Language names for the languages spoken at the activity and its translations. */
  languageName: (code: string) => string;
  /** The search for a parent to sign up, and what it found (only after a search). */
  search: {
    q: string;
    results: { id: string; givenName: string; familyName: string | null }[];
    total: number;
  };
  /** The sign-up form that came back with an error. */
  errors?: FieldError[];
}

/** An activity: its details, the sign-ups and the waitlist in order, signing a parent up. */
export function activityView(ctx: PageContext, d: ActivityPageData): string {
  const t = texts(ctx);
  const a = d.activity;
  const open = d.state === 'open' || d.state === 'full';
  const actions = buttonGroup(
    open ? linkButton(activityHref(ctx, a.id, '/edit'), t('activity.edit'), 'primary') : '',
    open ? linkButton(activityHref(ctx, a.id, '/invite'), t('activity.invite')) : '',
    a.status !== 'cancelled'
      ? linkButton(activityHref(ctx, a.id, '/attendance'), t('activity.attendance'))
      : '',
    open ? linkButton(activityHref(ctx, a.id, '/cancel'), t('activity.cancel')) : '',
  );
  const yesNo = (v: boolean) => (v ? t('activity.yes') : t('activity.no'));
  const translated = [...new Set([...Object.keys(a.titles), ...Object.keys(a.descriptions)])];
  const details = dataList([
    [t('activity.kind'), kindLabel(t, a.kind)],
    [t('activity.when'), whenText(ctx, a)],
    [t('activity.location'), a.location],
    [t('activity.places'), placesText(t, a)],
    [t('activity.waitlist'), String(d.counts.waitlistCount)],
    [t('activity.languages'), a.languages.map(d.languageName).join(', ')],
    [t('activity.interpreter'), yesNo(a.interpreter)],
    [t('activity.childcare'), yesNo(a.childcare)],
    [
      t('activity.cost'),
      a.costCents
        ? new Intl.NumberFormat(ctx.lang === 'nl' ? 'nl-NL' : 'en-GB', {
            style: 'currency',
            currency: 'EUR',
          }).format(a.costCents / 100)
        : t('activity.free'),
    ],
    [
      t('activity.hosts'),
      d.counts.hosts.length
        ? d.counts.hosts.map(
            (h, i) => html`${i ? ', ' : ''}${parentName({ ...h, familyName: null })}`,
          )
        : t('activity.noHosts'),
    ],
    [t('activity.invited'), String(d.counts.invitedCount)],
    [t('activity.attended'), String(d.counts.attendedCount)],
    [t('activity.description'), a.description ?? ''],
    [
      t('activity.translations'),
      translated.length ? translated.map(d.languageName).join(', ') : t('activity.noTranslations'),
    ],
  ]);
  const body = html`${backLinks(ctx)}
    <h1 class="utrecht-heading-1">${a.title}</h1>
    <p class="utrecht-paragraph utrecht-paragraph--lead">
      ${whenText(ctx, a)} · ${stateBadge(t, d.state)}
    </p>
    ${
      a.status === 'cancelled'
        ? alert(
            'warning',
            paragraph(
              t('activity.cancelledNote', { date: formatDate(ctx, a.cancelledAt, 'dateTime') }),
            ),
          )
        : ''
    }
    ${actions}
    <div class="om-columns">
      <section aria-labelledby="details-title">
        <h2 class="utrecht-heading-2" id="details-title">${t('activity.details')}</h2>
        ${details}
      </section>
      <section aria-labelledby="signups-title">
        <h2 class="utrecht-heading-2" id="signups-title">${t('activity.signups')}</h2>
        ${signupTable(ctx, d, 'confirmed', open)}
        <h2 class="utrecht-heading-2" id="waitlist-title">${t('activity.waitlistTitle')}</h2>
        ${signupTable(ctx, d, 'waitlist', open)} ${open ? signUpBlock(ctx, d) : ''}
      </section>
    </div>`;
  return activityPage(ctx, { title: a.title, body });
}

function signupTable(
  ctx: PageContext,
  d: ActivityPageData,
  which: 'confirmed' | 'waitlist',
  open: boolean,
): RawHtml {
  const t = texts(ctx);
  const rows = d.rsvps[which];
  if (!rows.length) return paragraph(t(`activity.empty.${which}`));
  const caption =
    which === 'confirmed'
      ? t('activity.confirmedCaption', { taken: placesText(t, d.activity) })
      : t('activity.waitlistCaption', { count: rows.length });
  // Labels of every row, translated once (a list can hold hundreds).
  const promoted = badge(t('activity.promoted'), 'info');
  const cancelLabel = t('activity.cancelSignup');
  const who = sentence(t, 'activity.cancelSignupWho', ['name']);
  const confirm = sentence(t, 'activity.cancelSignupConfirm', ['name']);
  return table<RsvpEntryDto>({
    caption,
    columns: [
      { header: t('activity.columns.place'), numeric: true, cell: (r) => r.place },
      {
        header: t('activity.columns.name'),
        rowHeader: true,
        cell: (r) =>
          html`<a class="utrecht-link" href="${schoolHref(ctx, `/parents/${r.parentId}`)}"
              >${parentName(r)}</a
            >
            ${r.promoted ? html` ${promoted}` : ''}`,
      },
      {
        header: t('activity.columns.since'),
        wide: true,
        cell: (r) => formatDate(ctx, r.signedUpAt, 'dateTime'),
      },
      ...(open
        ? [
            {
              header: html`<span class="om-visually-hidden"
                >${t('activity.columns.actions')}</span
              >`,
              cell: (r: RsvpEntryDto) =>
                actionFormWithConfirm(ctx, {
                  action: activityHref(ctx, d.activity.id, `/rsvps/${r.parentId}/cancel`),
                  label: cancelLabel,
                  labelDetail: who({ name: [r.givenName, r.familyName].filter(Boolean).join(' ') }),
                  confirm: confirm({ name: r.givenName }),
                  variant: 'secondary',
                  danger: true,
                }),
            },
          ]
        : []),
    ],
    rows,
    rowAttrs: (r) => html`data-parent="${r.parentId}"`,
  });
}

/** Sign a parent up on their behalf: find them by name (no script needed), then choose. */
function signUpBlock(ctx: PageContext, d: ActivityPageData): RawHtml {
  const t = texts(ctx);
  const a = d.activity;
  const here = activityHref(ctx, a.id);
  const signedUp = new Set([...d.rsvps.confirmed, ...d.rsvps.waitlist].map((r) => r.parentId));
  const results = d.search.results;
  return html`<section class="om-panel" aria-labelledby="signup-title" id="sign-up">
    <h2 class="utrecht-heading-2" id="signup-title">${t('activity.signUpTitle')}</h2>
    ${paragraph(d.state === 'full' ? t('activity.signUpFull') : t('activity.signUpIntro'))}
    ${errorSummary(ctx, d.errors, () => 'f-parentId')}
    <form method="get" action="${here}#sign-up" role="search" class="om-row">
      ${textField({
        name: 'q',
        id: 'f-q',
        type: 'search',
        label: t('activity.searchLabel'),
        value: d.search.q,
        autocomplete: 'off',
        size: 'md',
      })}
      <div class="utrecht-form-field">
        ${button(t('activity.search'), { variant: 'secondary' })}
      </div>
    </form>
    ${
      d.search.q
        ? results.length
          ? html`<form method="post" action="${activityHref(ctx, a.id, '/rsvps')}">
              ${csrfField(ctx)}
              ${selectField({
                name: 'parentId',
                label: t('activity.chooseParent', { count: d.search.total }),
                options: results.map((p) => ({
                  value: p.id,
                  label: signedUp.has(p.id)
                    ? t('activity.alreadySignedUp', {
                        name: [p.givenName, p.familyName].filter(Boolean).join(' '),
                      })
                    : [p.givenName, p.familyName].filter(Boolean).join(' '),
                })),
                value: results.length === 1 ? results[0].id : undefined,
                empty: results.length === 1 ? undefined : t('activity.choose'),
                error: errorFor(d.errors, 'parentId') ?? errorFor(d.errors, '_form'),
                size: 'md',
              })}
              ${
                d.search.total > results.length
                  ? paragraph(
                      t('activity.moreResults', { shown: results.length, count: d.search.total }),
                    )
                  : ''
              }
              ${button(d.state === 'full' ? t('activity.signUpWaitlist') : t('activity.signUp'))}
            </form>`
          : alert('info', paragraph(t('activity.noResults', { q: d.search.q })))
        : ''
    }
  </section>`;
}
