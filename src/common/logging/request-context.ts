import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while handling one HTTP request carries. */
export interface RequestContext {
  requestId: string;
}

declare module 'node:http' {
  interface IncomingMessage {
    /** The request's id (X-Request-Id), set first thing by the HTTP app. */
    id?: string;
  }
}

/** The request being handled (set by the HTTP app around each request). */
export const requestContext = new AsyncLocalStorage<RequestContext>();

/**
 * A path as it may be logged: a parent's link token (/p/{token}), a short code (/c/{code})
 * and a calendar feed's secret (/calendar/{secret}.ics) open what they name, so they become
 * "…"; the query string (?token= of password and invitation links) is dropped.
 */
export function loggablePath(url: string | undefined): string {
  return (url ?? '')
    .split('?')[0]
    .replace(/^\/p\/[^/]+/, '/p/…')
    .replace(/^\/c\/[^/]+/, '/c/…')
    .replace(/^\/calendar\/[^/]+/, '/calendar/…');
}
