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

/** A page of the activities area: the layout, the area's few styles and the shell's script. */
export function activityPage(
  ctx: PageContext,
  p: { title: string; body: Child; narrow?: boolean; scripts?: string[] },
): string {
  return workspacePage(ctx, {
    title: p.title,
    active: 'activities',
    narrow: p.narrow,
    scripts: ['/assets/workspace.js', ...(p.scripts ?? [])],
    body: html`${STYLES}
      <div class="om-act-page">${p.body}</div>`,
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

/**
 * Styles of the activity pages the shell has no pattern for: the attendance list with large
 * tick boxes (a phone at the door), the calendar address, the invitation preview figures.
 * Logical properties only. (Candidates for assets/workspace.css.)
 */
const STYLES = html`<style>
  .om-act-tabs {
    padding-inline: 0;
    margin-block-end: 0.5rem;
    border-block-end: 1px solid var(--om-color-border-light);
  }
  .om-act-back {
    margin-block: 0.25rem 0.5rem;
  }
  .om-act-figure {
    font-size: 2rem;
    font-weight: 800;
    line-height: 1.1;
    display: block;
  }
  .om-act-list {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .om-act-list > li {
    border-block-end: 1px solid var(--om-color-border-light);
  }
  .om-act-tick {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    min-block-size: 3.5rem;
    padding-block: 0.25rem;
    padding-inline: 0.25rem;
    cursor: pointer;
  }
  .om-act-tick input[type='checkbox'] {
    flex: none;
    inline-size: 2.75rem;
    block-size: 2.75rem;
    margin: 0;
    accent-color: var(--om-color-primary);
  }
  .om-act-tick__name {
    flex: 1 1 auto;
    min-inline-size: 0;
    overflow-wrap: anywhere;
    font-size: 1.1rem;
  }
  .om-act-tick .om-badge {
    white-space: normal;
  }
  .om-act-address {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .om-act-address .utrecht-textbox {
    flex: 1 1 20rem;
    max-inline-size: 48rem;
    font-family: ui-monospace, monospace;
    font-size: 0.9rem;
  }
  .om-act-option {
    margin-block: 0.5rem;
  }
  .om-act-option > .om-fieldset-box {
    margin-block: 0.25rem 0.75rem;
    margin-inline-start: 2rem;
  }
  .om-act-translation {
    border: 1px solid var(--om-color-border-light);
    border-radius: var(--om-radius);
    background: var(--om-color-surface);
    padding: 0.25rem 1rem;
    margin-block: 0.5rem;
  }
  .om-act-translation > summary {
    cursor: pointer;
    min-block-size: 44px;
    display: flex;
    align-items: center;
    font-weight: 600;
    color: var(--om-color-primary);
  }
  .om-act-save {
    margin-block: 1.5rem 1rem;
  }
  .om-act-save .utrecht-button {
    inline-size: 100%;
    max-inline-size: 24rem;
  }
  /* The filter under an audience shows once that audience is chosen (without :has(), all show). */
  @supports selector(:has(*)) {
    .om-act-option:not(:has(> .utrecht-form-field input:checked)) > .om-fieldset-box {
      display: none;
    }
  }
  .om-act-page .utrecht-table__header-cell,
  .om-act-page .om-inline-form .utrecht-button {
    white-space: nowrap;
  }
  .om-panel > :first-child,
  .om-panel > .utrecht-heading-2:first-of-type {
    margin-block-start: 0;
  }
  @media (max-width: 30rem) {
    .om-act-option > .om-fieldset-box {
      margin-inline-start: 0;
    }
  }
</style>`;
