import type { TFunction } from 'i18next';
import { html, RawHtml } from '../../../common/http/html';
import { formatDate, PageContext, schoolHref } from '../../../workspace/page-context';
import { badge, type Child, name } from '../../../workspace/views/components';
import { workspacePage } from '../../../workspace/views/layout';
import type { Activity } from '../../activity.entity';

/** The texts of the activity pages. */
export function texts(ctx: PageContext): TFunction {
  return ctx.tr('ws-activities');
}

/**
 * A sentence with named placeholders, translated once and filled per row: i18next takes
 * about 0.1 ms a call, too slow for a list of hundreds of rows. For sentences without
 * plural forms only.
 */
export function sentence(
  t: TFunction,
  key: string,
  names: string[],
): (values: Record<string, string>) => string {
  const text = t(key, Object.fromEntries(names.map((n) => [n, `\ue000${n}\ue001`])));
  return (values) => text.replace(/\ue000([A-Za-z]+)\ue001/g, (_, n: string) => values[n] ?? '');
}

/** Where an activity's pages live. */
export function activityHref(ctx: PageContext, id?: string, rest = ''): string {
  return schoolHref(ctx, `/activities${id ? `/${id}` : ''}${rest}`);
}

export type ActivityState = 'cancelled' | 'past' | 'running' | 'full' | 'open';

/** Where an activity stands now: cancelled, over, under way, full, or open for sign-ups. */
export function stateOf(
  a: Pick<Activity, 'status' | 'startsAt' | 'endsAt' | 'capacity' | 'confirmedCount'>,
  now: Date,
): ActivityState {
  if (a.status === 'cancelled') return 'cancelled';
  if (a.endsAt <= now) return 'past';
  if (a.startsAt <= now) return 'running';
  if (a.capacity !== null && a.confirmedCount >= a.capacity) return 'full';
  return 'open';
}

const TONES: Record<ActivityState, 'neutral' | 'ok' | 'warning' | 'error' | 'info'> = {
  cancelled: 'error',
  past: 'neutral',
  running: 'info',
  full: 'warning',
  open: 'ok',
};

/** The state as a word in a badge (never colour alone). */
export function stateBadge(t: TFunction, state: ActivityState): RawHtml {
  return badge(t(`state.${state}`), TONES[state]);
}

/** "donderdag 12 juni 2030, 09:30–11:00" in the school's time zone. */
export function whenText(
  ctx: PageContext,
  a: Pick<Activity, 'startsAt' | 'endsAt'>,
  style: 'long' | 'date' = 'long',
): string {
  return texts(ctx)('when', {
    date: formatDate(ctx, a.startsAt, style),
    start: formatDate(ctx, a.startsAt, 'time'),
    end: formatDate(ctx, a.endsAt, 'time'),
  });
}

/** "3 van 12" places taken, or "3 (geen maximum)". */
export function placesText(t: TFunction, a: Pick<Activity, 'capacity' | 'confirmedCount'>): string {
  return a.capacity === null
    ? t('places.unlimited', { count: a.confirmedCount })
    : t('places.taken', { taken: a.confirmedCount, total: a.capacity });
}

export function kindLabel(t: TFunction, kind: string): string {
  return t(`taxonomy:activityKind.${kind}`);
}

/** A parent's full name in <bdi>. */
export function parentName(p: { givenName: string; familyName: string | null }): RawHtml {
  return name([p.givenName, p.familyName].filter(Boolean).join(' '));
}

/** "Groep 3", "Voorschool", "Klas 2 (voortgezet onderwijs)". */
export function schoolYearLabel(t: TFunction, year: string): string {
  if (year === 'early-years') return t('schoolYear.earlyYears');
  const [stage, n] = year.split('-');
  return t(stage === 'vo' ? 'schoolYear.vo' : 'schoolYear.groep', { n });
}

/** A page of the activities area: the layout with the area's name in the navigation. */
export function activityPage(
  ctx: PageContext,
  p: { title: string; body: Child; narrow?: boolean; scripts?: string[] },
): string {
  return workspacePage(ctx, {
    title: p.title,
    active: 'activities',
    narrow: p.narrow,
    scripts: ['/assets/workspace.js', ...(p.scripts ?? [])],
    body: html` <div class="om-act-page">${p.body}</div>`,
  });
}

/** A breadcrumb back to the list (and to the activity). */
export function backLinks(ctx: PageContext, activity?: Pick<Activity, 'id' | 'title'>): RawHtml {
  const t = texts(ctx);
  return html`<nav class="om-act-back" aria-label="${t('back.label')}">
    <a class="utrecht-link" href="${activityHref(ctx)}">${t('back.list')}</a>
    ${activity ? html` › <a class="utrecht-link" href="${activityHref(ctx, activity.id)}">${activity.title}</a>` : ''}
  </nav>`;
}
