import { randomUUID } from 'node:crypto';
import type request from 'supertest';
import { aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';
import { Agent, workspaceAgent } from '../support/workspace';

interface Route {
  method: string;
  path: string;
}

/** Every route the running application registered, read from the Express router. */
function registeredRoutes(t: TestApp): Route[] {
  const instance = t.app.getHttpAdapter().getInstance() as {
    router?: { stack: unknown[] };
    _router?: { stack: unknown[] };
  };
  const stack = (instance.router ?? instance._router)?.stack ?? [];
  const routes: Route[] = [];
  for (const layer of stack as { route?: { path: string; methods: Record<string, boolean> } }[]) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods))
      if (method !== '_all') routes.push({ method, path: layer.route.path });
  }
  return routes;
}

/** Routes that expose aggregate figures only; a viewer may use them. Everything else is personal. */
const AGGREGATE_ROUTES = new Set([
  'get /api/v1/schools/:schoolId',
  'get /api/v1/schools/:schoolId/dashboard',
  'get /schools/:schoolId',
  'get /schools/:schoolId/overview',
]);

const isPage = (r: Route): boolean => !r.path.startsWith('/api/');

describe('cross-school isolation over every registered route', () => {
  let t: TestApp;
  let a: SchoolFixture;
  let b: SchoolFixture;
  let routes: Route[];
  let pages: Route[];
  /** Members of school A logged in to the workspace, with their forms' CSRF token. */
  const browserOf: Record<string, { agent: Agent; csrf: string }> = {};
  /** Ids of records in school B, by path parameter name. */
  const ofB: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    const platform = await aPlatformAdmin(t);
    a = await aSchool(t, platform.token);
    b = await aSchool(t, platform.token);
    ofB.parentId = (await enroll(t, b.coordinator.token, b.schoolId, aSeeker())).id;
    ofB.staffId = b.coordinator.id;
    const all = registeredRoutes(t).filter((r) => r.path.includes(':schoolId'));
    routes = all.filter((r) => !isPage(r));
    pages = all.filter(isPage);
    for (const [role, member] of Object.entries({
      admin: a.admin,
      coordinator: a.coordinator,
      viewer: a.viewer,
    }))
      browserOf[role] = await workspaceAgent(t, member.email);
  });

  /** A page request as a logged-in browser: GET, or a form post with the session's token. */
  const visit = (role: string, route: Route, path: string) => {
    const { agent, csrf } = browserOf[role];
    if (route.method === 'get') return agent.get(path);
    const send = (agent as unknown as Record<string, (p: string) => request.Test>)[route.method];
    return send.call(agent, path).type('form').send({ _csrf: csrf });
  };
  afterAll(() => t.close());

  const fill = (path: string, schoolId: string): string =>
    path
      .replace(':schoolId', schoolId)
      .replace(/:(\w+)/g, (_m, name: string) => ofB[name] ?? randomUUID());

  it('finds the school-scoped routes', () => {
    expect(routes.length).toBeGreaterThanOrEqual(10);
    expect(routes).toContainEqual({
      method: 'get',
      path: '/api/v1/schools/:schoolId/parents/:parentId',
    });
  });

  it('answers 404 to a member of school A for every route on school B', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      for (const member of [a.admin, a.coordinator, a.viewer]) {
        const res = await t
          .call(route.method, fill(route.path, b.schoolId))
          .set('authorization', `Bearer ${member.token}`)
          .send({});
        if (res.status !== 404)
          failures.push(`${route.method.toUpperCase()} ${route.path} -> ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("answers 404 when A's own path names a record of school B", async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => /:(?!schoolId)\w+/.test(r.path))) {
      const res = await t
        .call(route.method, fill(route.path, a.schoolId))
        .set('authorization', `Bearer ${a.admin.token}`)
        .send({});
      if (res.status !== 404 && res.status !== 400)
        failures.push(`${route.method.toUpperCase()} ${route.path} -> ${res.status}`);
      if (res.status === 400) {
        // Validation ran before the lookup; try again with a valid body shape is route-specific, so
        // require at least that no data of B leaks: the body must not mention B's ids.
        if (JSON.stringify(res.body).includes(ofB.parentId))
          failures.push(`${route.path} leaks B's id`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 to a viewer on every route with personal data', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const res = await t
        .call(route.method, fill(route.path, a.schoolId))
        .set('authorization', `Bearer ${a.viewer.token}`)
        .send({});
      const aggregate = AGGREGATE_ROUTES.has(`${route.method} ${route.path}`);
      if (aggregate ? res.status === 403 : res.status !== 403)
        failures.push(`${route.method.toUpperCase()} ${route.path} -> ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('finds the workspace pages of a school', () => {
    expect(pages).toContainEqual({ method: 'get', path: '/schools/:schoolId' });
    expect(pages).toContainEqual({ method: 'get', path: '/schools/:schoolId/overview' });
  });

  it('answers a 404 page to a member of school A for every workspace page of school B', async () => {
    const failures: string[] = [];
    for (const route of pages)
      for (const role of ['admin', 'coordinator', 'viewer']) {
        const res = await visit(role, route, fill(route.path, b.schoolId));
        if (res.status !== 404 || !String(res.headers['content-type']).startsWith('text/html'))
          failures.push(`${role} ${route.method.toUpperCase()} ${route.path} -> ${res.status}`);
      }
    expect(failures).toEqual([]);
  });

  it('answers 404 when a workspace page of A names a record of school B', async () => {
    const failures: string[] = [];
    for (const route of pages.filter((r) => /:(?!schoolId)\w+/.test(r.path))) {
      const res = await visit('admin', route, fill(route.path, a.schoolId));
      // A form checked before the lookup may answer 422 (as the API answers 400); it leaks nothing.
      const expected = route.method === 'get' ? [404] : [404, 422];
      if (!expected.includes(res.status))
        failures.push(`${route.method.toUpperCase()} ${route.path} -> ${res.status}`);
      if (res.text?.includes(ofB.parentId)) failures.push(`${route.path} leaks B's id`);
    }
    expect(failures).toEqual([]);
  });

  it('answers a 403 page to a viewer on every workspace page with personal data', async () => {
    const failures: string[] = [];
    for (const route of pages) {
      const res = await visit('viewer', route, fill(route.path, a.schoolId));
      const aggregate = AGGREGATE_ROUTES.has(`${route.method} ${route.path}`);
      if (aggregate ? res.status === 403 : res.status !== 403)
        failures.push(`${route.method.toUpperCase()} ${route.path} -> ${res.status}`);
    }
    expect(failures).toEqual([]);
  });
});
