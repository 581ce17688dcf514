import { aSeeker } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool } from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';

describe('foundation: health, docs and problem documents', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers liveness and readiness', async () => {
    await t.http().get('/health').expect(200, { status: 'ok' });
    await t.http().get('/health/ready').expect(200, { status: 'ok', database: 'up' });
  });

  it('serves the OpenAPI document and the Swagger UI', async () => {
    const doc = await t.http().get('/api/docs-json').expect(200);
    expect(doc.body.openapi).toBe('3.0.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/health', '/health/ready']),
    );
    const ui = await t.http().get('/api/docs').expect(200);
    expect(ui.text).toContain('swagger-ui');
  });

  it('answers an unknown path with a 404 problem document', async () => {
    const res = await t.http().get('/no/such/path').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 404,
      title: 'Not Found',
      code: 'route.not_found',
      instance: '/no/such/path',
    });
    expect(res.body.requestId).toEqual(res.headers['x-request-id']);
  });

  it('answers malformed JSON with a 400 problem and no stack trace', async () => {
    const res = await t
      .http()
      .post('/health')
      .set('content-type', 'application/json')
      .send('{"a":')
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 400,
      code: 'body.malformed_json',
      detail: 'The request body is not valid JSON.',
    });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
  });

  it('answers a body larger than the limit with 413', async () => {
    const res = await t
      .http()
      .post('/health')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ big: 'x'.repeat(1_100_000) }))
      .expect(413);
    expect(res.body.code).toBe('body.too_large');
  });

  it('keeps a caller-supplied request id', async () => {
    const res = await t.http().get('/health').set('x-request-id', 'abc12345-trace').expect(200);
    expect(res.headers['x-request-id']).toBe('abc12345-trace');
  });

  it('sets security headers', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('documents every route the application serves, each with its error responses', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const instance = t.app.getHttpAdapter().getInstance() as { router?: { stack: unknown[] } };
    const routes: string[] = [];
    for (const layer of (instance.router?.stack ?? []) as {
      route?: { path: string; methods: Record<string, boolean> };
    }[]) {
      if (!layer.route || layer.route.path.startsWith('/api/docs')) continue;
      for (const method of Object.keys(layer.route.methods))
        routes.push(`${method} ${layer.route.path}`);
    }
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
    const staffWithoutErrors = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => !Object.keys(op.responses).some((s) => s.startsWith('4')))
          .map(([m]) => `${m} ${path}`),
      );
    expect(staffWithoutErrors).toEqual([]);
  });

  describe('bad input is a 4xx, never a 500', () => {
    let school: { schoolId: string; token: string };
    beforeAll(async () => {
      const s = await aSchool(t, (await aPlatformAdmin(t)).token);
      school = { schoolId: s.schoolId, token: s.coordinator.token };
    });

    it('refuses a JSON body nested a few thousand levels deep with 400', async () => {
      const res = await t
        .http()
        .post(`/api/v1/schools/${school.schoolId}/parents`)
        .set('authorization', `Bearer ${school.token}`)
        .set('content-type', 'application/json')
        .send(`{"givenName":${'['.repeat(5000)}${']'.repeat(5000)}}`)
        .expect(400);
      expect(res.body.code).toBe('body.too_deep');
    });

    it('refuses a NUL character in a name or a search with 400 naming the field', async () => {
      const res = await t
        .http()
        .post(`/api/v1/schools/${school.schoolId}/parents`)
        .set('authorization', `Bearer ${school.token}`)
        .send(aSeeker({ givenName: 'Am\u0000al' }))
        .expect(400);
      expect(res.body.errors).toEqual([
        {
          field: 'givenName',
          messages: ['givenName contains a NUL character, which cannot be stored'],
        },
      ]);
      const q = await t
        .http()
        .get(`/api/v1/schools/${school.schoolId}/parents?q=a%00b`)
        .set('authorization', `Bearer ${school.token}`)
        .expect(400);
      expect(q.body.errors[0].field).toBe('q');
    });

    it('ignores a malformed session cookie instead of failing', async () => {
      await t.http().get('/').set('cookie', 'om_session=%E0').expect(200);
      const page = await t
        .http()
        .get(`/schools/${school.schoolId}`)
        .set('cookie', 'om_session=%E0%A4%A')
        .expect(303);
      expect(page.headers.location).toBe(
        `/?next=${encodeURIComponent(`/schools/${school.schoolId}`)}`,
      );
    });
  });
});
