import type { TFunction } from 'i18next';
import type { Actor, SchoolRole } from '../common/auth/actor';
import type { StaffLanguage, StaffNamespace } from '../i18n/i18n.service';

export interface SchoolChoice {
  id: string;
  name: string;
  role: SchoolRole;
}

/**
 * Everything a workspace view needs to know about who looks and where: built once per
 * request by WorkspaceService.context(), passed to pure view functions.
 */
export interface PageContext {
  lang: StaffLanguage;
  dir: 'ltr' | 'rtl';
  /** The shell's texts (namespace `workspace`). */
  t: TFunction;
  /** The texts of one area's pages, e.g. ctx.tr('ws-parents')('list.title'). */
  tr: (ns: StaffNamespace) => TFunction;
  actor: Actor;
  staffName: string;
  csrfToken: string;
  /** The school the page is about (undefined on pages outside a school, such as the account). */
  school?: SchoolChoice;
  /** Every school the staff member may open. */
  schools: SchoolChoice[];
  /** Boards the staff member administers. */
  boards: { id: string; name: string }[];
  /** The path of this request, without the query (for the navigation and `next=`). */
  path: string;
  /** A notice from a completed form (?done=key), already translated, if any. */
  notice?: string;
  /** The school's IANA time zone (Europe/Amsterdam unless the school says otherwise). */
  timeZone: string;
}

/** Roles that see personal data (the parents, tasks, matches); viewers see figures only. */
export function seesPeople(ctx: PageContext): boolean {
  return ctx.school?.role === 'coordinator' || ctx.school?.role === 'school_admin';
}

export function isSchoolAdmin(ctx: PageContext): boolean {
  return ctx.school?.role === 'school_admin';
}

/** `/schools/{id}` + rest: the address of a page of the current school. */
export function schoolHref(ctx: PageContext, rest = ''): string {
  if (!ctx.school) return '/';
  return `/schools/${ctx.school.id}${rest}`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * Dates for staff through Intl, always the Gregorian calendar, in the school's time zone.
 * Formatters are made once per (language, zone, style) and reused.
 */
export function formatDate(
  ctx: Pick<PageContext, 'lang' | 'timeZone'>,
  value: Date | string | null | undefined,
  style: 'date' | 'dateTime' | 'time' | 'long' = 'date',
): string {
  if (value === null || value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const key = `${ctx.lang}|${ctx.timeZone}|${style}`;
  let f = dateFormats.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      style === 'date'
        ? { day: 'numeric', month: 'short', year: 'numeric' }
        : style === 'time'
          ? { hour: '2-digit', minute: '2-digit' }
          : style === 'long'
            ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
            : {
                day: 'numeric',
                month: 'short',
                year: 'numeric',
                hour: '2-digit',
                minute: '2-digit',
              };
    f = new Intl.DateTimeFormat(`${ctx.lang === 'nl' ? 'nl-NL' : 'en-GB'}-u-ca-gregory`, {
      ...options,
      timeZone: ctx.timeZone,
    });
    dateFormats.set(key, f);
  }
  return f.format(date);
}

/** Whole days between a moment and now (0 for today), for "waits 12 days". */
export function daysSince(
  value: Date | string | null | undefined,
  now = new Date(),
): number | undefined {
  if (!value) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return undefined;
  return Math.max(0, Math.floor((now.getTime() - date.getTime()) / 86_400_000));
}
