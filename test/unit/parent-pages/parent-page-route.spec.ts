import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, Response } from 'express';
import { answerFirst, parentPageRoute } from '../../../src/parent-pages/parent-page.route';
import type { PageResult, ParentPageService } from '../../../src/parent-pages/parent-page.service';

/**
 * The parent page's route in front of an application on a real HTTP server: what it takes,
 * what it leaves to the application, and that a failure, thrown or rejected, is answered
 * (outside the application's router nothing else would catch it).
 */
describe('parent page route', () => {
  let server: Server;
  let base: string;
  const shown: unknown[][] = [];

  beforeAll(async () => {
    const pages = {
      show: (token: string, ...rest: unknown[]): Promise<PageResult> => {
        shown.push([token, ...rest]);
        if (token === 'thrown') throw new Error('thrown at once');
        if (token === 'rejected') return Promise.reject(new Error('rejected later'));
        return Promise.resolve({ status: 200, html: '<p>Hallo Fatima – welkom</p>' });
      },
    } as unknown as ParentPageService;
    server = createServer((_req, res) => res.end('the application'));
    answerFirst(
      server,
      parentPageRoute(pages, {
        headers: { 'x-frame-options': 'SAMEORIGIN' },
        clientIp: () => '203.0.113.9',
        logRequest: (req) => {
          req.id = 'request-0001';
        },
        adopt: (req: IncomingMessage, res: ServerResponse) =>
          ({ req, res }) as unknown as { req: Request; res: Response },
        fail: (err, _req, res) => {
          res.statusCode = 500;
          res.end(`failed: ${(err as Error).message}`);
        },
      }),
    );
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('answers GET /p/{token} with the page, its headers and what the service is asked', async () => {
    const res = await fetch(`${base}/p/abc%2Ddef?view=preferences&done=a&done=b`);
    const body = await res.text();
    expect([res.status, body]).toEqual([200, '<p>Hallo Fatima – welkom</p>']);
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    // A repeated name is no text, as the application reads a query string.
    expect(shown.at(-1)).toEqual([
      'abc-def',
      { view: 'preferences', done: undefined },
      '203.0.113.9',
      'request-0001',
    ]);
  });

  it('leaves every other request to the application', async () => {
    for (const [method, path] of [
      ['GET', '/'],
      ['GET', '/p/abc/extra'],
      ['POST', '/p/abc'],
      ['GET', '/parents'],
    ])
      expect(await (await fetch(`${base}${path}`, { method })).text()).toBe('the application');
  });

  it('answers a failure thrown at once or rejected later, and goes on serving', async () => {
    const thrown = await fetch(`${base}/p/thrown`);
    expect([thrown.status, await thrown.text()]).toEqual([500, 'failed: thrown at once']);
    const rejected = await fetch(`${base}/p/rejected`);
    expect([rejected.status, await rejected.text()]).toEqual([500, 'failed: rejected later']);
    expect((await fetch(`${base}/p/fine`)).status).toBe(200);
  });

  it('keeps a token that is not valid percent-encoding as it came', async () => {
    await (await fetch(`${base}/p/%E0%A4%A`)).text();
    expect(shown.at(-1)?.[0]).toBe('%E0%A4%A');
  });
});
