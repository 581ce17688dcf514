import type { Request, Response } from 'express';
import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { requestContext } from '../common/logging/request-context';
import type { PageResult, ParentPageService } from './parent-page.service';

/** `/p/{token}` with an optional query string: the only address this route answers. */
const PAGE_PATH = /^\/p\/([^/?]+)(?:\?|$)/;

export interface ParentPageRouteOptions {
  /** Headers every response carries (the security headers of the rest of the app). */
  headers: OutgoingHttpHeaders;
  /** The client's address as the app sees it (behind a trusted proxy: the forwarded one). */
  clientIp: (req: IncomingMessage) => string | undefined;
  /** Gives the request its id (`req.id`, `X-Request-Id`) and writes its access log line. */
  logRequest: (req: IncomingMessage, res: ServerResponse) => void;
  /** Makes the request and response the framework's (what an error or a file is sent with). */
  adopt: (req: IncomingMessage, res: ServerResponse) => { req: Request; res: Response };
  /** Answers an error as the rest of the app does (problem details, logged). */
  fail: (err: unknown, req: Request, res: Response) => void;
}

/**
 * `GET /p/{token}`, the page behind every link in every message, answered by the HTTP server
 * before the application's router and the framework's pipeline: the page has no body to
 * parse, no staff guard and no validation pipe to pass, and those cost as much as the page
 * itself (see `npm run bench:pages`). It calls the same `ParentPageService.show` as
 * `ParentPagesController`, which still answers every other method (a form's POST, HEAD) and
 * documents the page in OpenAPI. What every response of the app carries is kept: the
 * security headers, the request id, the access log line and the request's log context.
 * Returns false for any other request, which the application then handles.
 */
export function parentPageRoute(
  pages: ParentPageService,
  options: ParentPageRouteOptions,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const headers = Object.entries(options.headers);
  const fail = (err: unknown, req: IncomingMessage, res: ServerResponse): void => {
    const adopted = options.adopt(req, res);
    options.fail(err, adopted.req, adopted.res);
  };
  const answer = (req: IncomingMessage, res: ServerResponse, url: string, raw: string): void => {
    options.logRequest(req, res);
    for (const [name, value] of headers) if (value !== undefined) res.setHeader(name, value);
    const requestId = typeof req.id === 'string' ? req.id : undefined;
    const at = url.indexOf('?');
    // As the application reads a query string (node:querystring): a repeated name is no text.
    const query = at < 0 ? {} : parseQuery(url.slice(at + 1));
    const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
    let token: string;
    try {
      token = decodeURIComponent(raw);
    } catch {
      token = raw;
    }
    const ip = options.clientIp(req);
    requestContext.run({ requestId: requestId ?? '' }, () => {
      pages.show(token, { view: text(query.view), done: text(query.done) }, ip, requestId).then(
        (result) => {
          // Whatever fails, while finding the page or while sending it, is answered and logged.
          try {
            if (!result.file && !result.redirect) writeHtml(res, result.status, result.html ?? '');
            else sendPage(options.adopt(req, res).res, result);
          } catch (err) {
            fail(err, req, res);
          }
        },
        (err: unknown) => fail(err, req, res),
      );
    });
  };
  return (req, res) => {
    if (req.method !== 'GET') return false;
    const url = req.url ?? '';
    const match = PAGE_PATH.exec(url);
    if (!match) return false;
    try {
      answer(req, res, url, match[1]);
    } catch (err) {
      // Outside the application's router nothing else would catch it (the process would stop).
      fail(err, req, res);
    }
    return true;
  };
}

/**
 * Lets `route` answer what it takes before the server's other request listeners (the
 * application), which get every request it leaves.
 */
export function answerFirst(
  server: Server,
  route: (req: IncomingMessage, res: ServerResponse) => boolean,
): void {
  const others = server.listeners('request') as ((...a: unknown[]) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (route(req, res)) return;
    for (const listener of others) listener.call(server, req, res);
  });
}

/** Writes a page, a file or a redirect; a page is never cached nor sent as a referrer. */
export function sendPage(res: Response, result: PageResult): void {
  if (!result.file && !result.redirect) return writeHtml(res, result.status, result.html ?? '');
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
  res.redirect(303, result.redirect!);
}

/**
 * A page, written as it is: no ETag to compute for a page that is never cached. The page is
 * encoded once into a buffer outside the JavaScript heap; written as a string it would be
 * measured, joined to the headers and copied there first.
 */
function writeHtml(res: ServerResponse, status: number, body: string): void {
  const bytes = Buffer.from(body, 'utf8');
  res.statusCode = status;
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
}
