import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while handling one HTTP request carries. */
export interface RequestContext {
  requestId: string;
}

/** The request being handled (set by the HTTP app around each request). */
export const requestContext = new AsyncLocalStorage<RequestContext>();

/**
 * A path as it may be logged: a parent's link token (/p/{token}) and a short code (/c/{code})
 * are secrets that open a parent's page, so they become "…"; the query string is dropped.
 */
export function loggablePath(url: string | undefined): string {
  return (url ?? '')
    .split('?')[0]
    .replace(/^\/p\/[^/]+/, '/p/…')
    .replace(/^\/c\/[^/]+/, '/c/…');
}
