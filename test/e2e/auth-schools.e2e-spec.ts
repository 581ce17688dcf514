import { JwtService } from '@nestjs/jwt';
import {
  aPlatformAdmin,
  aSchool,
  choosePassword,
  login,
  PASSWORD,
  SchoolFixture,
} from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';

describe('schools, staff and access', () => {
  let t: TestApp;
  let platform: { token: string };
  let a: SchoolFixture;
  let b: SchoolFixture;

  beforeAll(async () => {
    t = await createTestApp();
    platform = await aPlatformAdmin(t);
    a = await aSchool(t, platform.token);
    b = await aSchool(t, platform.token);
  });
  afterAll(() => t.close());

  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  it('logs in and tells who you are, with roles per school', async () => {
    const me = await t.http().get('/api/v1/me').set(auth(a.coordinator.token)).expect(200);
    expect(me.body).toMatchObject({
      email: a.coordinator.email,
      isPlatformAdmin: false,
      schools: [{ id: a.schoolId, role: 'coordinator' }],
    });
  });

  it('lists only the schools you are a member of; the platform admin sees all', async () => {
    const mine = await t.http().get('/api/v1/schools').set(auth(a.viewer.token)).expect(200);
    expect(mine.body.map((s: { id: string }) => s.id)).toEqual([a.schoolId]);
    const all = await t.http().get('/api/v1/schools').set(auth(platform.token)).expect(200);
    expect(all.body.map((s: { id: string }) => s.id).sort()).toEqual(
      [a.schoolId, b.schoolId].sort(),
    );
  });

  it('rejects a wrong password and an unknown e-mail with the same answer', async () => {
    const wrong = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: a.viewer.email, password: 'nope nope nope' })
      .expect(401);
    const unknown = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@example.org', password: 'nope nope nope' })
      .expect(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(wrong.body.code).toBe('auth.invalid_credentials');
    expect(unknown.body.code).toBe('auth.invalid_credentials');
  });

  it('requires a token, and rejects expired, forged and wrong-algorithm tokens', async () => {
    await t.http().get('/api/v1/me').expect(401);
    const me = await t.http().get('/api/v1/me').set(auth(a.viewer.token)).expect(200);
    const claims = { sub: me.body.id, typ: 'staff-access' };
    const secret = t.config.jwtSecret;
    const expired = new JwtService().sign(claims, {
      secret,
      algorithm: 'HS256',
      expiresIn: -10,
      issuer: 'oudermaatje',
      audience: 'staff',
    });
    const forged = new JwtService().sign(claims, {
      secret: 'another-secret-of-sufficient-length-123',
      algorithm: 'HS256',
      issuer: 'oudermaatje',
      audience: 'staff',
    });
    const otherAlg = new JwtService().sign(claims, {
      secret,
      algorithm: 'HS512',
      issuer: 'oudermaatje',
      audience: 'staff',
    });
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({
        ...claims,
        iss: 'oudermaatje',
        aud: 'staff',
        exp: Math.floor(Date.now() / 1000) + 60,
      }),
    ).toString('base64url');
    const none = `${header}.${payload}.`;
    expect((await t.http().get('/api/v1/me').set(auth(expired)).expect(401)).body.code).toBe(
      'auth.token_expired',
    );
    for (const token of [forged, otherAlg, none]) {
      expect((await t.http().get('/api/v1/me').set(auth(token)).expect(401)).body.code).toBe(
        'auth.token_invalid',
      );
    }
  });

  it('validates a new school: BRIN format, kind, unknown fields', async () => {
    const res = await t
      .http()
      .post('/api/v1/schools')
      .set(auth(platform.token))
      .send({ name: 'X', brin: '1234', city: 'Delft', kind: 'university', colour: 'red' })
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'brin',
      'colour',
      'kind',
    ]);
  });

  it('refuses a second school with the same BRIN', async () => {
    const school = await t
      .http()
      .get(`/api/v1/schools/${a.schoolId}`)
      .set(auth(a.admin.token))
      .expect(200);
    const res = await t
      .http()
      .post('/api/v1/schools')
      .set(auth(platform.token))
      .send({ name: 'Copy', brin: school.body.brin, city: 'Delft', kind: 'primary' })
      .expect(409);
    expect(res.body.code).toBe('school.brin_taken');
  });

  it('lets only platform admins create schools', async () => {
    await t
      .http()
      .post('/api/v1/schools')
      .set(auth(a.admin.token))
      .send({ name: 'X', brin: '55XX', city: 'Delft', kind: 'primary' })
      .expect(403);
  });

  it('lets a school admin change settings, not a coordinator', async () => {
    await t
      .http()
      .patch(`/api/v1/schools/${a.schoolId}`)
      .set(auth(a.coordinator.token))
      .send({ city: 'Gouda' })
      .expect(403);
    const res = await t
      .http()
      .patch(`/api/v1/schools/${a.schoolId}`)
      .set(auth(a.admin.token))
      .send({ settings: { messages: { bilingual: true } } })
      .expect(200);
    expect(res.body.settings.messages).toEqual({ bilingual: true, reminderHour: 17 });
    expect(res.body.settings.matching.scope).toBe('school');
  });

  it('refuses matching weights the engine does not know or cannot use', async () => {
    const unknown = await t
      .http()
      .patch(`/api/v1/schools/${a.schoolId}`)
      .set(auth(a.admin.token))
      .send({ settings: { matching: { weights: { bogus: 3 } } } })
      .expect(422);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'settings.matching.weights.bogus',
    ]);
    await t
      .http()
      .patch(`/api/v1/schools/${a.schoolId}`)
      .set(auth(a.admin.token))
      .send({ settings: { matching: { weights: { situation: 45 } } } })
      .expect(200);
  });

  it('a removed membership takes effect on the next request', async () => {
    const email = `temp-${Date.now()}@example.org`;
    const added = await t
      .http()
      .post(`/api/v1/schools/${a.schoolId}/staff`)
      .set(auth(a.admin.token))
      .send({ email, name: 'Temp', role: 'coordinator' })
      .expect(201);
    await choosePassword(t, added.body.id);
    const token = await login(t, email);
    await t.http().get(`/api/v1/schools/${a.schoolId}`).set(auth(token)).expect(200);
    await t
      .http()
      .delete(`/api/v1/schools/${a.schoolId}/staff/${added.body.id}`)
      .set(auth(a.admin.token))
      .expect(204);
    await t.http().get(`/api/v1/schools/${a.schoolId}`).set(auth(token)).expect(404);
  });

  it('invites a new staff member: no password in the answer, and none can be given', async () => {
    const email = `new-${Date.now()}@example.org`;
    const res = await t
      .http()
      .post(`/api/v1/schools/${a.schoolId}/staff`)
      .set(auth(a.admin.token))
      .send({ email, name: 'New', role: 'viewer' })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      email,
      name: 'New',
      role: 'viewer',
      memberSince: expect.any(String),
      pending: true,
    });
    const refused = await t
      .http()
      .post(`/api/v1/schools/${a.schoolId}/staff`)
      .set(auth(a.admin.token))
      .send({ email: `other-${email}`, name: 'New', role: 'viewer', password: PASSWORD })
      .expect(400);
    expect(refused.body.errors).toEqual([
      { field: 'password', messages: ['password is not a known field'] },
    ]);
  });

  it('keeps the last school admin', async () => {
    const res = await t
      .http()
      .delete(`/api/v1/schools/${a.schoolId}/staff/${a.admin.id}`)
      .set(auth(a.admin.token))
      .expect(409);
    expect(res.body.code).toBe('staff.last_admin');
  });

  it('writes logins and staff changes to the audit log, readable by school admins only', async () => {
    const log = await t
      .http()
      .get(`/api/v1/schools/${a.schoolId}/audit-log?limit=100`)
      .set(auth(a.admin.token))
      .expect(200);
    const actions = log.body.items.map((i: { action: string }) => i.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'school.create',
        'membership.create',
        'membership.delete',
        'school.update',
      ]),
    );
    await t
      .http()
      .get(`/api/v1/schools/${a.schoolId}/audit-log`)
      .set(auth(a.coordinator.token))
      .expect(403);
    await expect(t.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(t.db.query('UPDATE audit_log SET action = $1', ['x'])).rejects.toThrow(
      /append-only/,
    );
  });

  it('lets a board admin see and manage every school of the board, and no other', async () => {
    const board = await t
      .http()
      .post('/api/v1/boards')
      .set(auth(platform.token))
      .send({ name: 'Stichting Samen' })
      .expect(201);
    const email = `board-${Date.now()}@example.org`;
    const boardAdmin = await t
      .http()
      .post(`/api/v1/boards/${board.body.id}/admins`)
      .set(auth(platform.token))
      .send({ email, name: 'Board' })
      .expect(201);
    await choosePassword(t, boardAdmin.body.id);
    await t
      .http()
      .post(`/api/v1/boards/${board.body.id}/admins`)
      .set(auth(a.admin.token))
      .send({ email: 'x@example.org', name: 'X' })
      .expect(403);
    const token = await login(t, email);
    const first = await t
      .http()
      .post('/api/v1/schools')
      .set(auth(token))
      .send({
        name: 'Board school 1',
        brin: '77BA',
        city: 'Zwolle',
        kind: 'primary',
        boardId: board.body.id,
      })
      .expect(201);
    const second = await t
      .http()
      .post('/api/v1/schools')
      .set(auth(platform.token))
      .send({
        name: 'Board school 2',
        brin: '77BB',
        city: 'Zwolle',
        kind: 'secondary',
        boardId: board.body.id,
      })
      .expect(201);
    await t
      .http()
      .post('/api/v1/schools')
      .set(auth(token))
      .send({ name: 'Elsewhere', brin: '77BC', city: 'Zwolle', kind: 'primary' })
      .expect(403);
    const seen = await t.http().get('/api/v1/schools').set(auth(token)).expect(200);
    expect(seen.body.map((s: { name: string }) => s.name)).toEqual([
      'Board school 1',
      'Board school 2',
    ]);
    await t
      .http()
      .patch(`/api/v1/schools/${second.body.id}`)
      .set(auth(token))
      .send({ city: 'Kampen' })
      .expect(200);
    await t.http().get(`/api/v1/schools/${a.schoolId}`).set(auth(token)).expect(404);
    const me = await t.http().get('/api/v1/me').set(auth(token)).expect(200);
    expect(me.body.boards).toEqual([board.body.id]);
    expect(me.body.schools.map((s: { id: string; role: string }) => [s.id, s.role]).sort()).toEqual(
      [
        [first.body.id, 'school_admin'],
        [second.body.id, 'school_admin'],
      ].sort(),
    );
  });
});
