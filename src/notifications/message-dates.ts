/**
 * Dates and times for parents, in the reader's language but always in the Gregorian calendar
 * (the one the school and the Dutch copy use): without `calendar: 'gregory'` ICU writes Persian
 * and Pashto dates in the Solar Hijri calendar (`۱۴۰۴ اسفند ۱۹`). Times are Amsterdam time.
 */
export const SCHOOL_TIME_ZONE = 'Europe/Amsterdam';

const formats = new Map<string, Intl.DateTimeFormat>();

/** A remembered Intl.DateTimeFormat for a language, Gregorian, in Amsterdam time. */
export function parentDateFormat(
  lng: string,
  options: Omit<Intl.DateTimeFormatOptions, 'calendar' | 'timeZone'>,
): Intl.DateTimeFormat {
  const key = `${lng}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lng, {
      ...options,
      calendar: 'gregory',
      timeZone: SCHOOL_TIME_ZONE,
    });
    if (formats.size < 500) formats.set(key, format);
  }
  return format;
}

/** "Tuesday 10 March 2026" in the reader's language. */
export function formatParentDate(lng: string, at: Date): string {
  return parentDateFormat(lng, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(at);
}

/** "09:30" in the reader's language. */
export function formatParentTime(lng: string, at: Date): string {
  return parentDateFormat(lng, { hour: '2-digit', minute: '2-digit' }).format(at);
}

/** "10 March 2026" (a letter's date). */
export function formatLetterDate(lng: string, at: Date): string {
  return parentDateFormat(lng, { day: 'numeric', month: 'long', year: 'numeric' }).format(at);
}
