import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { OutgoingHttpHeaders } from 'node:http';
import { requestContext } from '../common/logging/request-context';
import type { PageResult, ParentPageService } from './parent-page.service';

/** `/p/{token}` with an optional query string: the only address this route answers. */
const PAGE_PATH = /^\/p\/([^/?]+)(?:\?|$)/;

export interface ParentPageRouteOptions {
  /** Headers every response carries (the security headers of the rest of the app). */
  headers: OutgoingHttpHeaders;
  /** Gives the request its id (`req.id`, `X-Request-Id`) and writes its access log line. */
  logRequest: (req: Request, res: Response) => void;
  /** Answers an error as the rest of the app does (problem details, logged). */
  fail: (err: unknown, req: Request, res: Response) => void;
}

/**
 * `GET /p/{token}`, the page behind every link in every message, answered before the
 * framework's pipeline: the page has no body to parse, no staff guard and no validation pipe
 * to pass, and those cost as much as the page itself (see `npm run bench:pages`). It calls
 * the same `ParentPageService.show` as `ParentPagesController`, which still answers every
 * other method (a form's POST, HEAD) and documents the page in OpenAPI. What every response
 * of the app carries is kept: the security headers, the request id, the access log line and
 * the request's log context.
 */
export function parentPageRoute(
  pages: ParentPageService,
  options: ParentPageRouteOptions,
): RequestHandler {
  const headers = Object.entries(options.headers);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET') return next();
    const match = PAGE_PATH.exec(req.url);
    if (!match) return next();
    options.logRequest(req, res);
    for (const [name, value] of headers) if (value !== undefined) res.setHeader(name, value);
    const requestId = typeof req.id === 'string' ? req.id : undefined;
    const query = req.query as Record<string, unknown>;
    const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
    let token: string;
    try {
      token = decodeURIComponent(match[1]);
    } catch {
      token = match[1];
    }
    requestContext.run({ requestId: requestId ?? '' }, () => {
      pages.show(token, { view: text(query.view), done: text(query.done) }, req.ip, requestId).then(
        (result) => sendPage(res, result),
        (err: unknown) => options.fail(err, req, res),
      );
    });
  };
}

/** Writes a page, a file or a redirect; a page is never cached nor sent as a referrer. */
export function sendPage(res: Response, result: PageResult): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  if (result.file) {
    res
      .status(200)
      .type(result.file.contentType)
      .setHeader('Content-Disposition', `attachment; filename="${result.file.name}"`);
    res.send(result.file.body);
    return;
  }
  if (result.redirect) {
    res.redirect(303, result.redirect);
    return;
  }
  // Written as is: no ETag to compute for a page that is never cached.
  const body = result.html ?? '';
  res.statusCode = result.status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
