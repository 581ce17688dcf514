import type { ParsedMail } from 'mailparser';
import request from 'supertest';
import { aSeeker, enroll } from '../factories/parent.factory';
import {
  aPlatformAdmin,
  aSchool,
  choosePassword,
  login,
  SchoolFixture,
} from '../factories/staff.factory';
import { SmtpSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { Agent, csrfIn, workspaceAgent } from '../support/workspace';

describe('school admin pages: staff, settings, audit log, board', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let platform: { id: string; email: string; token: string };
  let s: SchoolFixture;
  let admin: { agent: Agent; csrf: string };

  beforeAll(async () => {
    smtp = new SmtpSink();
    const port = await smtp.start();
    t = await createTestApp({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(port),
      SMTP_SECURE: 'false',
      SMTP_POOL: 'false',
    });
    platform = await aPlatformAdmin(t);
    s = await aSchool(t, platform.token);
    admin = await workspaceAgent(t, s.admin.email);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  const mailsTo = (address: string, count = 1): Promise<ParsedMail[]> =>
    smtp.waitFor(address, count);

  /** The table row that holds a text (a staff member's e-mail address). */
  const rowWith = (html: string, text: string): string =>
    html.split('<tr').find((r) => r.includes(text)) ?? '';

  const post = (a: { agent: Agent; csrf: string }, path: string, form: Record<string, string>) =>
    a.agent
      .post(path)
      .type('form')
      .send({ _csrf: a.csrf, ...form });

  describe('access', () => {
    it('answers coordinators and viewers with a 403 page, and another school with a 404 page', async () => {
      const coordinator = await workspaceAgent(t, s.coordinator.email);
      const viewer = await workspaceAgent(t, s.viewer.email);
      for (const page of ['staff', 'settings', 'audit', `staff/${s.viewer.id}`]) {
        const res = await coordinator.agent.get(`/schools/${s.schoolId}/${page}`).expect(403);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.text).toContain('Dit mag u niet doen');
        await viewer.agent.get(`/schools/${s.schoolId}/${page}`).expect(403);
      }
      await post(coordinator, `/schools/${s.schoolId}/settings`, { name: 'X' }).expect(403);
      const other = await aSchool(t, platform.token);
      await admin.agent.get(`/schools/${other.schoolId}/staff`).expect(404);
      await admin.agent.get(`/schools/${s.schoolId}/staff/${other.admin.id}`).expect(404);
      await admin.agent.get(`/schools/${s.schoolId}/staff/not-an-id`).expect(404);
    });
  });

  describe('staff', () => {
    it('invites a new colleague: the e-mail has a link, the link sets the password, the colleague logs in', async () => {
      const email = `fatima-${Date.now()}@example.org`;
      const list = await admin.agent.get(`/schools/${s.schoolId}/staff`).expect(200);
      expect(list.text).toContain('3 medewerkers van School');
      const res = await post(admin, `/schools/${s.schoolId}/staff/invite`, {
        name: 'Fatima Bakker',
        email: ` ${email.toUpperCase()} `,
        role: 'coordinator',
        interfaceLanguage: 'en',
      }).expect(303);
      expect(res.headers.location).toBe(`/schools/${s.schoolId}/staff?done=invited`);

      const [account] = await t.db.query(
        `SELECT s.id, s.name, s.interface_language, m.role, m.invited_at IS NOT NULL AS invited,
                m.created_account, m.invited_name
           FROM staff s JOIN membership m ON m.staff_id = s.id AND m.school_id = $2
          WHERE s.email = $1`,
        [email, s.schoolId],
      );
      expect(account).toEqual({
        id: expect.any(String),
        name: 'Fatima Bakker',
        interface_language: 'en',
        role: 'coordinator',
        invited: true,
        created_account: true,
        invited_name: 'Fatima Bakker',
      });
      const after = await admin.agent.get(res.headers.location).expect(200);
      expect(after.text).toContain('De uitnodiging is verstuurd.');
      expect(after.text).toContain('4 medewerkers van School');
      expect(rowWith(after.text, email)).toContain('Uitgenodigd');

      const [mail] = await mailsTo(email);
      expect(mail.subject).toMatch(/^Your oudermaatje account for School /);
      expect(mail.text).toContain('Dear Fatima Bakker,');
      expect(mail.text).toContain('Admin added you to oudermaatje');
      const token = /http:\/\/[^\s]+\/password\/set\?token=([A-Za-z0-9_-]+)/.exec(
        String(mail.text),
      )![1];
      const invitee = request.agent(t.app.getHttpServer());
      const form = await invitee.get(`/password/set?token=${token}`).expect(200);
      expect(form.text).toContain('Welkom! Kies uw wachtwoord');
      await invitee
        .post('/password/set')
        .type('form')
        .send({
          _csrf: csrfIn(form.text),
          token,
          newPassword: 'fatima chooses her own phrase',
          repeatPassword: 'fatima chooses her own phrase',
        })
        .expect(303);
      const fatima = await workspaceAgent(t, email, 'fatima chooses her own phrase');
      const home = await fatima.agent.get(`/schools/${s.schoolId}`).expect(200);
      expect(home.text).toContain('<html lang="en"');
      const active = await admin.agent.get(`/schools/${s.schoolId}/staff`).expect(200);
      const activeRow = rowWith(active.text, email);
      expect(activeRow).toContain('Actief');
      expect(activeRow).not.toContain('Uitgenodigd');
      // The school's log names the membership; the account itself is not a school record.
      const log = await t.db.query(
        `SELECT action, school_id, details FROM audit_log WHERE entity_id = $1 ORDER BY id`,
        [account.id],
      );
      expect(log.slice(0, 2)).toEqual([
        { action: 'staff.create', school_id: null, details: { via: 'invitation' } },
        {
          action: 'membership.create',
          school_id: s.schoolId,
          details: { role: 'coordinator', invited: true },
        },
      ]);
    });

    it('adds an address that has an account elsewhere without touching its password, and answers exactly the same', async () => {
      const other = await aSchool(t, platform.token);
      const [before] = await t.db.query(
        `SELECT name, password_hash, interface_language FROM staff WHERE id = $1`,
        [other.coordinator.id],
      );
      const res = await post(admin, `/schools/${s.schoolId}/staff/invite`, {
        name: 'Typed By Admin',
        email: other.coordinator.email,
        role: 'viewer',
        interfaceLanguage: 'en',
      }).expect(303);
      expect(res.headers.location).toBe(`/schools/${s.schoolId}/staff?done=invited`);
      const [afterwards] = await t.db.query(
        `SELECT name, password_hash, interface_language FROM staff WHERE id = $1`,
        [other.coordinator.id],
      );
      expect(afterwards).toEqual(before);
      const [links] = await t.db.query(
        `SELECT count(*)::int AS n FROM password_link WHERE staff_id = $1 AND used_at IS NULL`,
        [other.coordinator.id],
      );
      expect(links.n).toBe(0);
      const [membership] = await t.db.query(
        `SELECT role, created_account FROM membership WHERE staff_id = $1 AND school_id = $2`,
        [other.coordinator.id, s.schoolId],
      );
      expect(membership).toEqual({ role: 'viewer', created_account: false });
      // The list shows the name as typed and "invited", as for a new address.
      const list = await admin.agent.get(`/schools/${s.schoolId}/staff`).expect(200);
      const row = rowWith(list.text, other.coordinator.email);
      expect(row).toContain('<bdi>Typed By Admin</bdi>');
      expect(row).toContain('Uitgenodigd');
      // The first e-mail was the invitation of the account's own school.
      const mail = (await mailsTo(other.coordinator.email, 2))[1];
      expect(mail.subject).toMatch(
        /^U bent toegevoegd aan School .* in oudermaatje: accepteert u dit\?$/,
      );
      expect(mail.text).not.toContain('/password/set');
      const token = new RegExp(`${t.baseUrl}/invitations/accept\\?token=([A-Za-z0-9_-]+)`).exec(
        String(mail.text),
      )?.[1];
      expect(token).toBeDefined();
      // The old password still works; the school is in the account's list once it accepts.
      const colleague = await workspaceAgent(t, other.coordinator.email);
      const pending = await colleague.agent.get('/schools').expect(200);
      expect(pending.text).not.toContain(`/schools/${s.schoolId}"`);
      await colleague.agent.get(`/schools/${s.schoolId}`).expect(404);
      const form = await colleague.agent.get(`/invitations/accept?token=${token}`).expect(200);
      await colleague.agent
        .post('/invitations/accept')
        .type('form')
        .send({ _csrf: csrfIn(form.text), token, answer: 'accept' })
        .expect(303)
        .expect('location', '/?done=invitation_accepted');
      const schools = await colleague.agent.get('/schools').expect(200);
      expect(schools.text).toContain(`/schools/${s.schoolId}"`);
      // Inviting a member again is refused at the form.
      const again = await post(admin, `/schools/${s.schoolId}/staff/invite`, {
        name: 'Again',
        email: other.coordinator.email,
        role: 'viewer',
        interfaceLanguage: 'nl',
      }).expect(422);
      expect(again.text).toContain('Dit e-mailadres hoort al bij een medewerker van deze school.');
      expect(again.text).toContain('href="#f-email"');
    });

    it('shows the invitation form again with what was typed and a message at each field', async () => {
      const res = await post(admin, `/schools/${s.schoolId}/staff/invite`, {
        name: '',
        email: 'not-an-address',
        role: 'owner',
        interfaceLanguage: 'ar',
      }).expect(422);
      expect(res.text).toContain('Er zijn 4 fouten in het formulier');
      for (const id of ['f-name', 'f-email', 'f-role', 'f-interfaceLanguage'])
        expect(res.text).toContain(`href="#${id}"`);
      expect(res.text).toContain('value="not-an-address"');
      expect(res.text).toContain('Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.');
      expect(res.text).toContain('Kies Nederlands of Engels.');
      expect(res.text).toContain('Vul de naam van uw collega in.');
      // The summary follows the form: name first, then the address.
      expect(res.text.indexOf('href="#f-name"')).toBeLessThan(res.text.indexOf('href="#f-email"'));
      const [n] = await t.db.query(`SELECT count(*)::int AS n FROM staff WHERE email = $1`, [
        'not-an-address',
      ]);
      expect(n.n).toBe(0);
    });

    it('withdraws an invitation: the colleague is removed and the e-mailed link no longer works', async () => {
      const email = `withdrawn-${Date.now()}@example.org`;
      await post(admin, `/schools/${s.schoolId}/staff/invite`, {
        name: 'Withdrawn',
        email,
        role: 'viewer',
        interfaceLanguage: 'nl',
      }).expect(303);
      const [{ id }] = await t.db.query(`SELECT id FROM staff WHERE email = $1`, [email]);
      const [mail] = await mailsTo(email);
      const token = /password\/set\?token=([A-Za-z0-9_-]+)/.exec(String(mail.text))![1];
      await t.http().get(`/password/set?token=${token}`).expect(200);
      const res = await post(admin, `/schools/${s.schoolId}/staff/${id}/remove`, {}).expect(303);
      expect(res.headers.location).toBe(`/schools/${s.schoolId}/staff?done=removed`);
      await t.http().get(`/password/set?token=${token}`).expect(410);
      const list = await admin.agent.get(res.headers.location).expect(200);
      expect(list.text).toContain('Uw collega is uit deze school verwijderd.');
      expect(list.text).not.toContain(email);
    });

    it('sends an open invitation again, and refuses once the colleague has logged in', async () => {
      const email = `later-${Date.now()}@example.org`;
      await post(admin, `/schools/${s.schoolId}/staff/invite`, {
        name: 'Later',
        email,
        role: 'viewer',
        interfaceLanguage: 'nl',
      }).expect(303);
      const [{ id }] = await t.db.query(`SELECT id FROM staff WHERE email = $1`, [email]);
      await mailsTo(email, 1);
      const page = await admin.agent.get(`/schools/${s.schoolId}/staff/${id}`).expect(200);
      expect(page.text).toContain('Uitnodiging opnieuw sturen');
      const res = await post(admin, `/schools/${s.schoolId}/staff/${id}/resend`, {}).expect(303);
      expect(res.headers.location).toBe(`/schools/${s.schoolId}/staff/${id}?done=resent`);
      const mails = await mailsTo(email, 2);
      // Three times an hour at most: the form cannot flood a mailbox.
      for (let i = 0; i < 2; i++)
        await post(admin, `/schools/${s.schoolId}/staff/${id}/resend`, {}).expect(303);
      const flood = await post(admin, `/schools/${s.schoolId}/staff/${id}/resend`, {}).expect(422);
      expect(flood.text).toContain('U stuurde de uitnodiging dit uur al een paar keer opnieuw.');
      const token = /password\/set\?token=([A-Za-z0-9_-]+)/.exec(String(mails[1].text))![1];
      await t.app
        .get((await import('../../src/auth/passwords.service')).PasswordsService)
        .useLink(token, 'a fine long passphrase');
      await workspaceAgent(t, email, 'a fine long passphrase');
      const refused = await post(admin, `/schools/${s.schoolId}/staff/${id}/resend`, {}).expect(
        422,
      );
      expect(refused.text).toContain('Deze collega heeft al ingelogd.');
      expect(refused.text).not.toContain('Uitnodiging opnieuw sturen');
    });
  });

  describe('roles and the last administrator', () => {
    let z: SchoolFixture;
    let zAdmin: { agent: Agent; csrf: string };
    beforeAll(async () => {
      z = await aSchool(t, platform.token);
      zAdmin = await workspaceAgent(t, z.admin.email);
    });
    const roleOf = async (staffId: string): Promise<string> =>
      (
        await t.db.query(`SELECT role FROM membership WHERE staff_id = $1 AND school_id = $2`, [
          staffId,
          z.schoolId,
        ])
      )[0]?.role;

    it('changes a role on the colleague page', async () => {
      const res = await post(zAdmin, `/schools/${z.schoolId}/staff/${z.coordinator.id}/role`, {
        role: 'viewer',
      }).expect(303);
      expect(res.headers.location).toBe(
        `/schools/${z.schoolId}/staff/${z.coordinator.id}?done=role_changed`,
      );
      expect(await roleOf(z.coordinator.id)).toBe('viewer');
      const page = await zAdmin.agent.get(res.headers.location).expect(200);
      expect(page.text).toContain('De rol is gewijzigd.');
      const [entry] = await t.db.query(
        `SELECT details FROM audit_log WHERE action = 'membership.update' AND entity_id = $1`,
        [z.coordinator.id],
      );
      expect(entry.details).toEqual({ from: 'coordinator', to: 'viewer' });
      await post(zAdmin, `/schools/${z.schoolId}/staff/${z.coordinator.id}/role`, {
        role: 'boss',
      }).expect(422);
      expect(await roleOf(z.coordinator.id)).toBe('viewer');
    });

    it('refuses to demote or remove the last administrator, on the page and in the API', async () => {
      const demote = await post(zAdmin, `/schools/${z.schoolId}/staff/${z.admin.id}/role`, {
        role: 'coordinator',
      }).expect(422);
      expect(demote.text).toContain(
        'Een school houdt altijd minstens één beheerder. Maak eerst een andere collega beheerder.',
      );
      expect(demote.text).toContain('href="#f-role"');
      const remove = await post(
        zAdmin,
        `/schools/${z.schoolId}/staff/${z.admin.id}/remove`,
        {},
      ).expect(422);
      expect(remove.text).toContain('Een school houdt altijd minstens één beheerder.');
      expect(remove.text).toContain('href="#f-remove"');
      expect(await roleOf(z.admin.id)).toBe('school_admin');
      const api = await t
        .http()
        .patch(`/api/v1/schools/${z.schoolId}/staff/${z.admin.id}`)
        .set(bearer(z.admin.token))
        .send({ role: 'viewer' })
        .expect(409);
      expect(api.body.code).toBe('staff.last_admin');
      expect(await roleOf(z.admin.id)).toBe('school_admin');
    });

    it('lets an administrator step down once a colleague is administrator too, and remove a colleague', async () => {
      await post(zAdmin, `/schools/${z.schoolId}/staff/${z.viewer.id}/role`, {
        role: 'school_admin',
      }).expect(303);
      const down = await post(zAdmin, `/schools/${z.schoolId}/staff/${z.admin.id}/role`, {
        role: 'coordinator',
      }).expect(303);
      expect(down.headers.location).toBe(`/schools/${z.schoolId}`);
      expect(await roleOf(z.admin.id)).toBe('coordinator');
      await zAdmin.agent.get(`/schools/${z.schoolId}/staff`).expect(403);
      // The one administrator left cannot go either.
      const newAdmin = await workspaceAgent(t, z.viewer.email);
      await post(newAdmin, `/schools/${z.schoolId}/staff/${z.viewer.id}/role`, {
        role: 'viewer',
      }).expect(422);
      const removed = await post(
        newAdmin,
        `/schools/${z.schoolId}/staff/${z.coordinator.id}/remove`,
        {},
      ).expect(303);
      expect(removed.headers.location).toBe(`/schools/${z.schoolId}/staff?done=removed`);
      expect(await roleOf(z.coordinator.id)).toBeUndefined();
    });
  });

  describe('settings', () => {
    const full = (over: Record<string, string> = {}): Record<string, string> => ({
      name: 'Basisschool De Regenboog',
      city: 'Zwolle',
      kind: 'primary',
      defaultLanguage: 'en',
      'settings.messages.bilingual': 'yes',
      'settings.messages.reminderHour': '18',
      'settings.matching.responseDays': '7',
      'settings.matching.weights.situation': '40',
      'settings.matching.weights.sharedLanguage': '10',
      'settings.matching.weights.thirdSeekerPenalty': '16',
      ...over,
    });

    it('shows every setting with a sentence explaining each weight', async () => {
      const res = await admin.agent.get(`/schools/${s.schoolId}/settings`).expect(200);
      expect(res.text).toContain('Hoe zwaar telt een gedeelde taal?');
      expect(res.text).toContain('Standaard: 30.');
      expect(res.text).toMatch(
        /name="settings\.matching\.weights\.situation"\s+type="number"\s+value="30"/,
      );
      expect(res.text).toMatch(
        /name="settings\.matching\.responseDays"\s+type="number"\s+value="5"/,
      );
      expect((res.text.match(/name="settings\.matching\.weights\./g) ?? []).length).toBe(18);
    });

    it('saves exactly what the form says, through the API’s rules', async () => {
      const res = await post(admin, `/schools/${s.schoolId}/settings`, full()).expect(303);
      expect(res.headers.location).toBe(`/schools/${s.schoolId}/settings?done=saved`);
      const [school] = await t.db.query(
        `SELECT name, city, kind, default_language, settings FROM school WHERE id = $1`,
        [s.schoolId],
      );
      expect(school).toEqual({
        name: 'Basisschool De Regenboog',
        city: 'Zwolle',
        kind: 'primary',
        default_language: 'en',
        settings: {
          matching: { scope: 'school', weights: { situation: 40 }, responseDays: 7 },
          messages: { bilingual: true, reminderHour: 18 },
        },
      });
      const page = await admin.agent.get(res.headers.location).expect(200);
      expect(page.text).toContain('De instellingen zijn opgeslagen.');
      expect(page.text).toMatch(/value="yes"\s+checked/);
      expect(page.text).toMatch(/<option\s+value="18"\s+selected/);
    });

    it('shows the form again for 0 response days and a third-seeker deduction below the second, and keeps the stored values', async () => {
      const res = await post(
        admin,
        `/schools/${s.schoolId}/settings`,
        full({ 'settings.matching.responseDays': '0', city: 'Kampen' }),
      ).expect(422);
      expect(res.text).toContain('Er is 1 fout in het formulier');
      expect(res.text).toContain('href="#f-settings-matching-responseDays"');
      expect(res.text).toContain('Vul een aantal dagen in van 1 tot en met 30.');
      expect(res.text).toMatch(
        /name="settings\.matching\.responseDays"\s+type="number"\s+value="0"/,
      );
      expect(res.text).toContain('value="Kampen"');
      const weight = await post(
        admin,
        `/schools/${s.schoolId}/settings`,
        full({ 'settings.matching.weights.thirdSeekerPenalty': '5' }),
      ).expect(422);
      expect(weight.text).toContain('href="#f-settings-matching-weights-thirdSeekerPenalty"');
      expect(weight.text).toContain(
        'De aftrek voor een derde ouder moet minstens zo hoog zijn als de aftrek voor een tweede ouder.',
      );
      const unnamed = await post(
        admin,
        `/schools/${s.schoolId}/settings`,
        full({ name: ' ', 'settings.messages.reminderHour': '24' }),
      ).expect(422);
      expect(unnamed.text).toContain('Er zijn 2 fouten in het formulier');
      expect(unnamed.text).toContain('Vul de naam van de school in.');
      expect(unnamed.text).toContain('Kies een uur van 0:00 tot en met 23:00.');
      const typo = await post(
        admin,
        `/schools/${s.schoolId}/settings`,
        full({ 'settings.matching.weights.sameClass': 'veel' }),
      ).expect(422);
      expect(typo.text).toContain('Vul een heel getal van 0 tot en met 1000 in.');
      const [school] = await t.db.query(`SELECT city, settings FROM school WHERE id = $1`, [
        s.schoolId,
      ]);
      expect(school.city).toBe('Zwolle');
      expect(school.settings.matching).toEqual({
        scope: 'school',
        weights: { situation: 40 },
        responseDays: 7,
      });
    });
  });

  describe('audit log', () => {
    let a: SchoolFixture;
    let aAdmin: { agent: Agent; csrf: string };
    let first: { id: string };
    let second: { id: string };
    beforeAll(async () => {
      a = await aSchool(t, platform.token);
      aAdmin = await workspaceAgent(t, a.admin.email);
      first = await enroll(t, a.coordinator.token, a.schoolId, aSeeker({ givenName: 'Amira' }));
      second = await enroll(t, a.coordinator.token, a.schoolId, aSeeker({ givenName: 'Bram' }));
      await t
        .http()
        .get(`/api/v1/schools/${a.schoolId}/parents/${first.id}`)
        .set(bearer(a.coordinator.token))
        .expect(200);
    });
    const actionsIn = (html: string): string[] =>
      [...html.matchAll(/data-action="([^"]+)"/g)].map((m) => m[1]);

    it('shows who did what in plain words, and filters by action to exactly those rows', async () => {
      const all = await aAdmin.agent.get(`/schools/${a.schoolId}/audit`).expect(200);
      expect(all.text).toContain('Gegevens van een ouder bekeken');
      expect(actionsIn(all.text)).toEqual(
        expect.arrayContaining(['parent.read', 'parent.create', 'membership.create']),
      );
      const read = await aAdmin.agent
        .get(`/schools/${a.schoolId}/audit?action=parent.read`)
        .expect(200);
      expect(actionsIn(read.text)).toEqual(['parent.read']);
      expect(read.text).toContain(`href="/schools/${a.schoolId}/parents/${first.id}"`);
      expect(read.text).toContain('<bdi>coordinator</bdi>');
      expect(read.text).toMatch(/<option\s+value="parent\.read"\s+selected/);
      const created = await aAdmin.agent
        .get(`/schools/${a.schoolId}/audit?action=parent.create&actorId=${a.coordinator.id}`)
        .expect(200);
      expect(actionsIn(created.text)).toEqual(['parent.create', 'parent.create']);
      expect(created.text).toContain(`/parents/${second.id}"`);
      const byAdmin = await aAdmin.agent
        .get(`/schools/${a.schoolId}/audit?action=parent.create&actorId=${a.admin.id}`)
        .expect(200);
      expect(actionsIn(byAdmin.text)).toEqual([]);
      expect(byAdmin.text).toContain('Niets gevonden bij deze filters.');
    });

    it('filters by record and by days, and names a wrong date at its field', async () => {
      const one = await aAdmin.agent
        .get(`/schools/${a.schoolId}/audit?entityId=${first.id}`)
        .expect(200);
      expect(actionsIn(one.text)).toEqual(['parent.read', 'parent.create']);
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(
        new Date(),
      );
      const todays = await aAdmin.agent
        .get(`/schools/${a.schoolId}/audit?entityId=${first.id}&from=${today}&to=${today}`)
        .expect(200);
      expect(actionsIn(todays.text)).toEqual(['parent.read', 'parent.create']);
      const later = await aAdmin.agent
        .get(`/schools/${a.schoolId}/audit?entityId=${first.id}&from=2999-01-01`)
        .expect(200);
      expect(actionsIn(later.text)).toEqual([]);
      const wrong = await aAdmin.agent
        .get(`/schools/${a.schoolId}/audit?from=2026-02-30&entityId=nonsense`)
        .expect(422);
      expect(wrong.text).toContain('href="#f-from"');
      expect(wrong.text).toContain('href="#f-entityId"');
      expect(wrong.text).toContain('value="nonsense"');
      const reversed = await aAdmin.agent
        .get(`/schools/${a.schoolId}/audit?from=2026-03-02&to=2026-03-01`)
        .expect(422);
      expect(reversed.text).toContain('De einddatum ligt vóór de begindatum.');
      const api = await t
        .http()
        .get(`/api/v1/schools/${a.schoolId}/audit-log?action=parent.read`)
        .set(bearer(a.admin.token))
        .expect(200);
      expect(api.body.items.map((i: { entityId: string }) => i.entityId)).toEqual([first.id]);
    });

    it('pages through a long log with a cursor', async () => {
      for (let i = 0; i < 3; i++)
        await t
          .http()
          .get(`/api/v1/schools/${a.schoolId}/parents/${second.id}`)
          .set(bearer(a.coordinator.token))
          .expect(200);
      await t.db.query(
        `INSERT INTO audit_log (school_id, actor_type, actor_id, action, entity_type, entity_id)
         SELECT $1, 'staff', $2, 'parent.read', 'parent', $3 FROM generate_series(1, 60)`,
        [a.schoolId, a.coordinator.id, second.id],
      );
      const page1 = await aAdmin.agent
        .get(`/schools/${a.schoolId}/audit?entityId=${second.id}&action=parent.read`)
        .expect(200);
      expect(actionsIn(page1.text)).toHaveLength(50);
      const next = /href="([^"]+cursor=\d+[^"]*)"/.exec(page1.text)![1].replace(/&amp;/g, '&');
      const page2 = await aAdmin.agent.get(next).expect(200);
      expect(actionsIn(page2.text)).toHaveLength(13);
      expect(page2.text).toContain('Naar het nieuwste');
    });
  });

  describe('board', () => {
    it("shows a board's schools side by side with the total, and is not found for anyone else", async () => {
      const board = await t
        .http()
        .post('/api/v1/boards')
        .set(bearer(platform.token))
        .send({ name: 'Stichting Samen Leren' })
        .expect(201);
      const boardId = board.body.id as string;
      const email = `bestuur-${Date.now()}@example.org`;
      await t
        .http()
        .post(`/api/v1/boards/${boardId}/admins`)
        .set(bearer(platform.token))
        .send({ email, name: 'Bestuurder' })
        .expect(201)
        .then((r) => choosePassword(t, r.body.id));
      const one = await aSchool(t, platform.token, { boardId, name: 'De Linde' });
      const two = await aSchool(t, platform.token, { boardId, name: 'Het Anker' });
      await enroll(t, one.coordinator.token, one.schoolId, aSeeker());
      await enroll(t, one.coordinator.token, one.schoolId, aSeeker());
      await enroll(t, two.coordinator.token, two.schoolId, aSeeker());

      const bestuur = await workspaceAgent(t, email);
      const res = await bestuur.agent.get(`/boards/${boardId}`).expect(200);
      expect(res.text).toContain('Bestuur: Stichting Samen Leren');
      const figure = (school: string, key: string): string | undefined =>
        new RegExp(`data-school="${school}" data-figure="${key}"\\s*>(\\d+)<`).exec(res.text)?.[1];
      expect(figure(one.schoolId, 'enrolled')).toBe('2');
      expect(figure(two.schoolId, 'enrolled')).toBe('1');
      expect(figure('total', 'enrolled')).toBe('3');
      expect(figure('total', 'waiting')).toBe('3');
      expect(res.text.indexOf('De Linde')).toBeLessThan(res.text.indexOf('Het Anker'));
      for (const id of [one.schoolId, two.schoolId]) {
        expect(res.text).toContain(`href="/schools/${id}"`);
        expect(res.text).toContain(`href="/schools/${id}/overview"`);
      }
      // Switching to a school: a board admin is that school's administrator.
      await bestuur.agent.get(`/schools/${two.schoolId}/settings`).expect(200);
      await bestuur.agent.get(`/schools/${two.schoolId}/overview`).expect(200);

      const api = await t
        .http()
        .get(`/api/v1/boards/${boardId}/dashboard`)
        .set(bearer(await login(t, email)))
        .expect(200);
      expect(api.body.schools.map((x: { schoolName: string }) => x.schoolName)).toEqual([
        'De Linde',
        'Het Anker',
      ]);
      expect(api.body.total.figures.enrolled).toBe(3);
      expect(api.body.total.figures.medianDaysToProposal).toBeNull();

      const notTheirs = await admin.agent.get(`/boards/${boardId}`).expect(404);
      expect(notTheirs.text).toContain('Deze pagina bestaat niet');
      // A coordinator of a board school is no board admin either.
      const coordinator = await workspaceAgent(t, one.coordinator.email);
      await coordinator.agent.get(`/boards/${boardId}`).expect(404);
      await bestuur.agent.get('/boards/00000000-0000-4000-8000-000000000000').expect(404);
      await bestuur.agent.get('/boards/not-a-board').expect(404);
      await t
        .http()
        .get(`/api/v1/boards/${boardId}/dashboard`)
        .set(bearer(s.admin.token))
        .expect(404);
    });
  });
});
