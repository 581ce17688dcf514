import { html, RawHtml } from '../../common/http/html';
import type { ParentActivityView } from '../../activities/rsvp.service';
import { actionForm, icon } from './pages';

export interface ActivityViewInput {
  t: (key: string, options?: Record<string, unknown>) => string;
  lang: string;
  token: string;
  formToken: string;
  view: ParentActivityView;
  languageName: (code: string, inLanguage: string) => string;
  done?: string;
}

interface Formatters {
  when: Intl.DateTimeFormat;
  list: Intl.ListFormat;
  cost: Intl.NumberFormat;
}
const FORMATTERS = new Map<string, Formatters>();

/** The page's formatters per language and time zone, built once (building one costs more than using it). */
function formatters(lang: string, timeZone: string): Formatters {
  const key = `${lang}|${timeZone}`;
  let f = FORMATTERS.get(key);
  if (!f) {
    f = {
      // Gregorian in every language (Persian and Pashto default to Solar Hijri), and the
      // range written by ICU: no separators of our own.
      when: new Intl.DateTimeFormat(lang, {
        calendar: 'gregory',
        timeZone,
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        hour: '2-digit',
        minute: '2-digit',
      }),
      list: new Intl.ListFormat(lang, { type: 'conjunction' }),
      cost: new Intl.NumberFormat(lang, { style: 'currency', currency: 'EUR' }),
    };
    FORMATTERS.set(key, f);
  }
  return f;
}

/**
 * Formatting a date range is the costliest step of the page (ICU), and every parent invited
 * to an activity sees the same range in their language: kept for the latest ranges.
 */
const RANGES = new Map<string, string>();
const MAX_RANGES = 2000;
function formattedRange(lang: string, timeZone: string, start: Date, end: Date): string {
  const key = `${lang}|${timeZone}|${start.getTime()}|${end.getTime()}`;
  let text = RANGES.get(key);
  if (text === undefined) {
    text = formatters(lang, timeZone).when.formatRange(start, end);
    if (RANGES.size >= MAX_RANGES) RANGES.delete(RANGES.keys().next().value as string);
    RANGES.set(key, text);
  }
  return text;
}

/** An activity as a parent sees it: what, when, where, for whom, and sign up or cancel. */
export function activityView(v: ActivityViewInput): RawHtml {
  const { view, done } = v;
  const a = view.activity;
  const title = a.titles[v.lang] ?? a.title;
  const description = a.descriptions[v.lang] ?? a.description;
  const start = new Date(a.startsAt);
  const end = new Date(a.endsAt);
  const when = formattedRange(v.lang, a.timeZone, start, end);
  const languages = formatters(v.lang, a.timeZone).list.format(
    a.languages.map((code) => v.languageName(code, v.lang)),
  );
  const cost = a.costCents ? formatters(v.lang, a.timeZone).cost.format(a.costCents / 100) : null;
  const status = view.cancelled
    ? v.t('activity.activityCancelled')
    : view.past
      ? v.t('activity.past')
      : view.rsvp.state === 'confirmed'
        ? v.t('activity.signedUp')
        : view.rsvp.state === 'waitlisted'
          ? v.t('activity.waitlisted', { count: view.rsvp.ahead ?? 0 })
          : done === 'cancelled'
            ? v.t('activity.cancelled')
            : null;
  const places =
    view.placesLeft === null
      ? null
      : view.full
        ? v.t('activity.full')
        : v.t('activity.placesLeft', { count: view.placesLeft });
  const canAct = !view.cancelled && !view.past;
  return html`<h1>${title}</h1>
    ${status ? html`<p class="notice${view.cancelled || view.past ? ' warn' : ''}" role="status">${status}</p>` : ''}
    <div class="card">
      ${description ? html`<p>${description}</p>` : ''}
      <dl>
        <dt>${v.t('activity.when')}</dt>
        <dd><bdi>${when}</bdi></dd>
        <dt>${v.t('activity.where')}</dt>
        <dd><bdi>${a.location}</bdi></dd>
        ${
          a.languages.length
            ? html`<dt>${v.t('activity.languages')}</dt>
                <dd>${languages}</dd>`
            : ''
        }
      </dl>
      ${a.interpreter ? html`<p>${v.t('activity.interpreter')}</p>` : ''}${a.childcare ? html`<p>${v.t('activity.childcare')}</p>` : ''}
      <p>${cost ? v.t('activity.cost', { cost }) : v.t('activity.free')}</p>
      ${places && view.rsvp.state === 'none' ? html`<p>${places}</p>` : ''}
    </div>
    ${canAct && view.rsvp.state === 'none' && view.canSignUp ? actionForm(v.formToken, 'sign_up', view.full ? v.t('activity.joinWaitlist') : v.t('activity.signUp'), 'yes', 'check') : ''}
    ${canAct && view.rsvp.state !== 'none' && view.canCancel ? actionForm(v.formToken, 'cancel', v.t('activity.cancel'), 'no', 'cross') : ''}
    ${
      !view.cancelled
        ? html`<p>
            <a class="btn btn-plain" href="/p/${v.token}?view=calendar" download="activity.ics"
              >${icon('calendar')}<span>${v.t('activity.calendar')}</span></a
            >
          </p>`
        : ''
    }`;
}
