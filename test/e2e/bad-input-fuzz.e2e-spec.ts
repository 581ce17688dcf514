import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { anActivity, schedule } from '../factories/activity.factory';
import { aSeeker, enroll } from '../factories/parent.factory';
import {
  aPlatformAdmin,
  aSchool,
  login,
  PASSWORD,
  SchoolFixture,
} from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';
import { csrfIn } from '../support/workspace';

/**
 * A bad-input run over every operation of the OpenAPI document: malformed JSON, wrong types
 * for every field, deep nesting, NUL characters, huge strings, bad ids and query values.
 * Each is sent as a school administrator (API token and workspace session with its CSRF
 * token), so input reaches the validation and the services rather than stopping at the
 * login. None may be answered with a 5xx. The number of requests is printed.
 */

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  enum?: unknown[];
}
interface Operation {
  parameters?: { name: string; in: 'path' | 'query' | 'header'; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
}
type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const HUGE = 'x'.repeat(70_000);
const BAD_IDS = [
  'not-an-id',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '%00',
  "1' OR '1'='1",
  '..%2F..%2Fetc%2Fpasswd',
  '-1',
  '9'.repeat(40),
  'a'.repeat(5000),
  '%E0%A4%A',
  '%F0%9F%98%80',
  'ä',
];
const BAD_QUERY_VALUES = [
  '',
  '-1',
  '0',
  '1e309',
  'NaN',
  '99999999999999999999',
  'abc',
  '%00',
  'x%00y',
  '[]',
  '{}',
  '%E0%A4%A',
  'true',
  '2026-13-45',
  'a'.repeat(3000),
];
const WRONG_VALUES: unknown[] = [
  null,
  -1,
  1.5,
  true,
  'x\u0000y',
  [null],
  { $gt: '' },
  '9'.repeat(400),
];

describe('bad input over every operation of the OpenAPI document', () => {
  let t: TestApp;
  let s: SchoolFixture;
  let platform: { token: string };
  let doc: Doc;
  let cookie: string;
  let csrf: string;
  const known: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    platform = await aPlatformAdmin(t);
    s = await aSchool(t, platform.token);
    const parent = await enroll(t, s.coordinator.token, s.schoolId, aSeeker());
    const activity = await schedule(t, s.coordinator.token, s.schoolId, anActivity());
    const board = await t
      .http()
      .post('/api/v1/boards')
      .set('authorization', `Bearer ${platform.token}`)
      .send({ name: 'Fuzz board' })
      .expect(201);
    Object.assign(known, {
      schoolId: s.schoolId,
      parentId: parent.id,
      activityId: activity.id,
      staffId: s.viewer.id,
      boardId: board.body.id as string,
    });
    doc = (await t.http().get('/api/docs-json').expect(200)).body as Doc;
    // A workspace session of the school admin: its cookie and CSRF token go with every request.
    const form = await t.http().get('/').expect(200);
    const loginCookie = String(form.headers['set-cookie'] ?? '').split(';')[0];
    const loggedIn = await t
      .http()
      .post('/login')
      .set('cookie', loginCookie)
      .type('form')
      .send({ _csrf: csrfIn(form.text), email: s.admin.email, password: PASSWORD })
      .expect(303);
    cookie = ([] as string[])
      .concat(loggedIn.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0])
      .join('; ');
    csrf = csrfIn((await t.http().get('/account').set('cookie', cookie).expect(200)).text);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const resolve = (schema: Schema | undefined, depth = 0): Schema => {
    if (!schema || depth > 8) return {};
    if (schema.$ref) {
      const name = schema.$ref.split('/').pop()!;
      return resolve(doc.components?.schemas?.[name], depth + 1);
    }
    if (schema.allOf)
      return schema.allOf
        .map((x) => resolve(x, depth + 1))
        .reduce<Schema>(
          (acc, x) => ({
            ...acc,
            ...x,
            properties: { ...(acc.properties ?? {}), ...(x.properties ?? {}) },
          }),
          {},
        );
    return schema;
  };

  /** A plausible value for a schema, so that one wrong field at a time reaches validation. */
  const sample = (schema: Schema | undefined, depth = 0): unknown => {
    const sch = resolve(schema);
    if (sch.enum?.length) return sch.enum[0];
    if (depth > 4) return null;
    switch (sch.type ?? 'object') {
      case 'string':
        return 'text';
      case 'integer':
      case 'number':
        return 1;
      case 'boolean':
        return true;
      case 'array':
        return [sample(sch.items, depth + 1)];
      default:
        if (sch.properties)
          return Object.fromEntries(
            Object.entries(sch.properties).map(([k, v]) => [k, sample(v, depth + 1)]),
          );
        return {};
    }
  };

  /** Every body to send to an operation: raw texts and JSON values. */
  const bodies = (op: Operation): { raw?: string; json?: unknown; type: string }[] => {
    const schema = op.requestBody?.content?.['application/json']?.schema;
    const out: { raw?: string; json?: unknown; type: string }[] = [
      { raw: '{"a":', type: 'application/json' },
      { raw: '{"a":1,}', type: 'application/json' },
      { raw: '['.repeat(5000) + ']'.repeat(5000), type: 'application/json' },
      { raw: '{"a":'.repeat(3000) + '1' + '}'.repeat(3000), type: 'application/json' },
      { raw: '"\u0000"', type: 'application/json' },
      { raw: 'null', type: 'application/json' },
      { raw: '12', type: 'application/json' },
      { raw: '\u0000\u0001\u0002', type: 'text/plain' },
      { raw: 'a=%E0&b[c][d][e][f]=1&_csrf[]=x', type: 'application/x-www-form-urlencoded' },
      { raw: 'email=%00&name=' + 'x'.repeat(5000), type: 'application/x-www-form-urlencoded' },
      { json: [], type: 'application/json' },
      {
        json: { __proto__: { admin: true }, constructor: { prototype: {} } },
        type: 'application/json',
      },
    ];
    const props = resolve(schema).properties ?? {};
    const base = sample(schema) as Record<string, unknown>;
    for (const [key, prop] of Object.entries(props)) {
      for (const wrong of WRONG_VALUES)
        out.push({ json: { ...base, [key]: wrong, _csrf: csrf }, type: 'application/json' });
      out.push({ json: { ...base, [key]: HUGE, _csrf: csrf }, type: 'application/json' });
      const sub = resolve(prop);
      if (sub.type === 'array' || sub.properties) {
        let deep: unknown = 'x';
        for (let i = 0; i < 300; i++) deep = [deep];
        out.push({ json: { ...base, [key]: deep, _csrf: csrf }, type: 'application/json' });
      }
    }
    out.push({ json: { ...base, _csrf: csrf }, type: 'application/json' });
    return out;
  };

  /** The paths to call for an operation: known ids, and each bad id in each parameter. */
  const paths = (template: string, op: Operation): string[] => {
    const names = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
    const fill = (over: Record<string, string>): string =>
      template.replace(/\{(\w+)\}/g, (_, n: string) =>
        encodeURI(over[n] ?? known[n] ?? randomUUID()).replace(/%25/g, '%'),
      );
    const out = [fill({})];
    for (const name of names) for (const bad of BAD_IDS) out.push(fill({ [name]: bad }));
    return out;
  };

  it('answers no request with a 5xx', async () => {
    let count = 0;
    const failures: string[] = [];
    const started = Date.now();
    const server = t.app.getHttpServer();
    // Logging out would end the token the run uses: that operation gets a token of its own.
    const throwaway = async (): Promise<string> => login(t, s.coordinator.email);

    const send = async (
      method: string,
      path: string,
      body?: { raw?: string; json?: unknown; type: string },
      token = s.admin.token,
    ): Promise<void> => {
      const call = request(server) as unknown as Record<string, (p: string) => request.Test>;
      // Logging out of the workspace would end the session the run uses: sent without it.
      const own = !path.startsWith('/logout');
      let req = call[method](path)
        .set('authorization', `Bearer ${token}`)
        .set('cookie', own ? cookie : '')
        .set('x-csrf-token', csrf);
      if (body) {
        req = req.set('content-type', body.type);
        req = req.send(body.raw ?? JSON.stringify(body.json));
      }
      const res = await req.ok(() => true);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      count++;
      if (res.status >= 500)
        failures.push(
          `${method.toUpperCase()} ${path.slice(0, 120)} ${body ? (body.raw ?? JSON.stringify(body.json)).slice(0, 120) : ''} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
        );
    };

    const statuses = new Map<number, number>();
    const jobs: (() => Promise<void>)[] = [];
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m] })),
    );
    for (const { path, method, op } of operations) {
      if (path === '/api/v1/auth/logout') {
        jobs.push(async () => send(method, path, undefined, await throwaway()));
        continue;
      }
      const callPaths = paths(path, op);
      // A page's form token may also come in the address (as for a file upload), so that a
      // post without a body still reaches the page's own checks of its ids.
      const withCsrf = (p: string): string =>
        path.startsWith('/api/') || method === 'get' ? p : `${p}?_csrf=${encodeURIComponent(csrf)}`;
      for (const p of callPaths) jobs.push(() => send(method, withCsrf(p)));
      const queryNames = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      for (const q of queryNames)
        for (const v of BAD_QUERY_VALUES)
          jobs.push(() => send(method, `${callPaths[0]}?${q}=${v}&${q}=${v}`));
      for (const v of ['%00', '%E0%A4%A', 'a'.repeat(3000)])
        jobs.push(() => send(method, `${callPaths[0]}?unknown=${v}&page[x]=${v}`));
      if (method !== 'get' && method !== 'delete')
        for (const body of bodies(op)) jobs.push(() => send(method, withCsrf(callPaths[0]), body));
    }
    // A few at a time (as many parallel clients would).
    let next = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < jobs.length) await jobs[next++]();
      }),
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    // The count the issue asks for (printed, not asserted beyond "several thousand").
    process.stdout.write(
      `bad-input run: ${count} requests over ${operations.length} operations in ${seconds} s, ${failures.length} answered 5xx; by status: ${[
        ...statuses.entries(),
      ]
        .sort((x, y) => x[0] - y[0])
        .map(([k, v]) => `${k}×${v}`)
        .join(' ')}\n`,
    );
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(3000);
  }, 120_000);
});
