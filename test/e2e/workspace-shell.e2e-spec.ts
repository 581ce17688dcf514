import request from 'supertest';
import {
  aPlatformAdmin,
  aSchool,
  login,
  PASSWORD,
  SchoolFixture,
} from '../factories/staff.factory';
import { SmtpSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { csrfIn, workspaceAgent } from '../support/workspace';

describe('staff workspace shell: login, session, CSRF, password', () => {
  let t: TestApp;
  let s: SchoolFixture;
  let smtp: SmtpSink;

  beforeAll(async () => {
    smtp = new SmtpSink();
    const port = await smtp.start();
    t = await createTestApp({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(port),
      SMTP_SECURE: 'false',
      SMTP_POOL: 'false',
    });
    s = await aSchool(t, (await aPlatformAdmin(t)).token);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('shows the login form at / without a session, in Dutch by default and in English on request', async () => {
    const nl = await t.http().get('/').expect(200);
    expect(nl.headers['content-type']).toMatch(/^text\/html/);
    expect(nl.headers['cache-control']).toBe('no-store');
    expect(nl.text).toContain('<html lang="nl" dir="ltr"');
    expect(nl.text).toContain('Inloggen voor medewerkers');
    expect(nl.headers['set-cookie'][0]).toMatch(
      /^om_login=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Lax; Path=\//,
    );
    const en = await t.http().get('/?lang=en').expect(200);
    expect(en.text).toContain('Staff login');
  });

  it('logs in with a session cookie, opens the only school, and logs out so the cookie is dead', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/').expect(200);
    const login = await agent
      .post('/login')
      .type('form')
      .send({
        _csrf: csrfIn(form.text),
        email: ` ${s.coordinator.email.toUpperCase()} `,
        password: PASSWORD,
      })
      .expect(303);
    expect(login.headers.location).toBe('/');
    const cookie = (login.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('om_session='),
    )!;
    expect(cookie).toMatch(/HttpOnly; SameSite=Lax; Path=\/; Max-Age=43200$/);
    const root = await agent.get('/').expect(303);
    expect(root.headers.location).toBe(`/schools/${s.schoolId}`);
    const home = await agent.get(`/schools/${s.schoolId}`).expect(200);
    expect(home.text).toContain(`href="/schools/${s.schoolId}/parents"`);
    expect(home.text).not.toContain(`href="/schools/${s.schoolId}/settings"`); // coordinator: no settings
    const stolen = cookie.split(';')[0];
    await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfIn(home.text) })
      .expect(303);
    const after = await t.http().get(`/schools/${s.schoolId}`).set('cookie', stolen).expect(303);
    expect(after.headers.location).toBe(`/?next=${encodeURIComponent(`/schools/${s.schoolId}`)}`);
  });

  it('refuses a wrong password with the form again (401) and keeps the typed address', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/').expect(200);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfIn(form.text), email: s.viewer.email, password: 'wrong password here' })
      .expect(401);
    expect(res.text).toContain('Het e-mailadres of het wachtwoord klopt niet.');
    expect(res.text).toContain(`value="${s.viewer.email}"`);
  });

  it('refuses a login post without the form token (login CSRF) and one from another site', async () => {
    await t
      .http()
      .post('/login')
      .type('form')
      .send({ email: s.viewer.email, password: PASSWORD })
      .expect(403);
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/').expect(200);
    await agent
      .post('/login')
      .set('origin', 'https://evil.example')
      .type('form')
      .send({ _csrf: csrfIn(form.text), email: s.viewer.email, password: PASSWORD })
      .expect(403);
  });

  it('refuses a form post without the session CSRF token and from a foreign origin', async () => {
    const { agent, csrf } = await workspaceAgent(t, s.coordinator.email);
    await agent.post('/account/language').type('form').send({ language: 'en' }).expect(403);
    await agent
      .post('/account/language')
      .set('origin', 'https://evil.example')
      .type('form')
      .send({ _csrf: csrf, language: 'en' })
      .expect(403);
    await agent
      .post('/account/language')
      .type('form')
      .send({ _csrf: csrf, language: 'en' })
      .expect(303);
    const page = await agent.get('/account?done=language').expect(200);
    expect(page.text).toContain('<html lang="en"');
    expect(page.text).toContain('The language is saved.');
    await agent
      .post('/account/language')
      .type('form')
      .send({ _csrf: csrf, language: 'nl' })
      .expect(303);
  });

  it("answers another school's page with a 404 page and a viewer's parent pages with 403", async () => {
    const other = await aSchool(t, (await aPlatformAdmin(t)).token);
    const { agent } = await workspaceAgent(t, s.coordinator.email);
    const res = await agent.get(`/schools/${other.schoolId}`).expect(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('Deze pagina bestaat niet');
    const viewer = await workspaceAgent(t, s.viewer.email);
    const home = await viewer.agent.get(`/schools/${s.schoolId}`).expect(200);
    expect(home.text).not.toContain(`href="/schools/${s.schoolId}/parents"`);
    await viewer.agent.get(`/schools/${s.schoolId}/overview`).expect(200);
  });

  it('changes the own password: the form names a wrong current password, and other sessions end', async () => {
    const email = s.admin.email;
    const first = await workspaceAgent(t, email);
    const second = await workspaceAgent(t, email);
    const wrong = await first.agent
      .post('/account/password')
      .type('form')
      .send({
        _csrf: first.csrf,
        currentPassword: 'not it at all',
        newPassword: 'a new long passphrase',
        repeatPassword: 'a new long passphrase',
      })
      .expect(422);
    expect(wrong.text).toContain('href="#f-currentPassword"');
    expect(wrong.text).toContain('Uw huidige wachtwoord klopt niet.');
    await first.agent
      .post('/account/password')
      .type('form')
      .send({
        _csrf: first.csrf,
        currentPassword: PASSWORD,
        newPassword: 'a new long passphrase',
        repeatPassword: 'a new long passphrase',
      })
      .expect(303);
    await first.agent.get('/account').expect(200);
    await second.agent.get('/account').expect(303);
    const again = await workspaceAgent(t, email, 'a new long passphrase');
    await again.agent
      .post('/account/password')
      .type('form')
      .send({
        _csrf: again.csrf,
        currentPassword: 'a new long passphrase',
        newPassword: PASSWORD,
        repeatPassword: PASSWORD,
      })
      .expect(303);
  });

  it('sends a one-time link for a forgotten password that sets a new one once', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/password/forgot').expect(200);
    const unknown = await agent
      .post('/password/forgot')
      .type('form')
      .send({ _csrf: csrfIn(form.text), email: 'nobody@example.org' })
      .expect(200);
    const known = await agent
      .post('/password/forgot')
      .type('form')
      .send({ _csrf: csrfIn(form.text), email: s.viewer.email })
      .expect(200);
    expect(known.text).toBe(unknown.text); // the answer never tells whether an account exists
    expect(known.text).toContain('Als dit adres bij een account hoort');
    // The viewer's first e-mail was their invitation; the reset link is the second.
    const mail = (await smtp.waitFor(s.viewer.email, 2))[1];
    expect(mail?.subject).toBe('Een nieuw wachtwoord voor oudermaatje');
    const link = /http:\/\/[^\s]+\/password\/set\?token=([A-Za-z0-9_-]+)/.exec(String(mail?.text))!;
    const page = await agent.get(`/password/set?token=${link[1]}`).expect(200);
    await agent
      .post('/password/set')
      .type('form')
      .send({
        _csrf: csrfIn(page.text),
        token: link[1],
        newPassword: 'short',
        repeatPassword: 'short',
      })
      .expect(422);
    const done = await agent
      .post('/password/set')
      .type('form')
      .send({
        _csrf: csrfIn(page.text),
        token: link[1],
        newPassword: 'viewer passphrase two',
        repeatPassword: 'viewer passphrase two',
      })
      .expect(303);
    expect(done.headers.location).toBe('/?done=password_set');
    await agent.get(`/password/set?token=${link[1]}`).expect(410);
    await workspaceAgent(t, s.viewer.email, 'viewer passphrase two');
    const [log] = await t.db.query(
      `SELECT count(*)::int AS n FROM password_link WHERE used_at IS NOT NULL AND purpose = 'reset'`,
    );
    expect(log.n).toBe(1);
  });

  it('serves the NL Design System stylesheet and the theme with caching', async () => {
    const css = await t.http().get('/assets/utrecht.css').expect(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.text).toContain('.utrecht-button');
    await t.http().get('/assets/utrecht.css').set('if-none-match', css.headers.etag).expect(304);
    await t.http().get('/assets/../package.json').expect(404);
    await t.http().get('/assets/nothing.css').expect(404);
  });

  it('answers an unknown address a browser asks for with a page, and the API with a problem', async () => {
    const page = await t
      .http()
      .get('/no/such/page')
      .set('accept', 'text/html,*/*;q=0.8')
      .expect(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('Deze pagina bestaat niet');
    const api = await t.http().get('/api/v1/nothing').set('accept', 'text/html').expect(404);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it("answers the API's errors in Dutch when the caller asks for Dutch, in English otherwise", async () => {
    // A fresh token: an earlier test changed this admin's password, which ends older tokens.
    const token = await login(t, s.admin.email);
    const demote = () =>
      t
        .http()
        .patch(`/api/v1/schools/${s.schoolId}/staff/${s.admin.id}`)
        .set('authorization', `Bearer ${token}`)
        .send({ role: 'coordinator' });
    const english = await demote().expect(409);
    expect(english.body.code).toBe('staff.last_admin');
    expect(english.headers['content-language']).toBeUndefined();
    const dutch = await demote().set('accept-language', 'nl-NL,nl;q=0.9,en;q=0.5').expect(409);
    expect(dutch.headers['content-language']).toBe('nl');
    expect(dutch.body).toMatchObject({
      code: 'staff.last_admin',
      detail:
        'Een school houdt altijd minstens één beheerder. Maak eerst een andere collega beheerder.',
    });
  });
});
