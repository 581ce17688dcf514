import { anActivity, anActivityParent, schedule } from '../factories/activity.factory';
import { aBuddy, aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import { I18nService } from '../../src/i18n/i18n.service';
import { formTokenIn, linkOf } from '../support/parent-link';
import { createTestApp, TestApp } from '../support/test-app';

describe("the parent's page", () => {
  let t: TestApp;
  let s: SchoolFixture;
  let adminToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    adminToken = (await aPlatformAdmin(t)).token;
    s = await aSchool(t, adminToken);
  });
  afterAll(() => t.close());

  const invite = async (activityId: string, parentIds: string[]) =>
    t
      .http()
      .post(`/api/v1/schools/${s.schoolId}/activities/${activityId}/invitations`)
      .set('authorization', `Bearer ${s.coordinator.token}`)
      .send({ audience: 'parents', parentIds })
      .expect(200);

  const tap = async (link: string, action: string, extra: Record<string, string> = {}) => {
    const page = await t.http().get(link).expect(200);
    return t
      .http()
      .post(link)
      .type('form')
      .send({ form: formTokenIn(page.text), action, ...extra })
      .expect(303);
  };

  it('signs up for an activity in Polish, joins the waitlist when full, and cancels, as staff would', async () => {
    const activity = await schedule(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivity({
        capacity: 1,
        title: 'Kawa',
        titles: { pl: 'Poranna kawa' },
        description: 'Koffie en een praatje',
        descriptions: { pl: 'Kawa i rozmowa' },
      }),
    );
    const first = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivityParent({
        givenName: 'Ewa',
        messageLanguage: 'pl',
        languages: [{ code: 'pl', level: 'native' }],
      }),
    );
    const second = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivityParent({
        givenName: 'Jan',
        messageLanguage: 'pl',
        languages: [{ code: 'pl', level: 'native' }],
      }),
    );
    await invite(activity.id, [first.id, second.id]);
    const link = await linkOf(t, first.id, 'activity_invitation');
    const page = await t.http().get(link).expect(200);
    expect(page.text).toMatch(/<html lang="pl" dir="ltr">/);
    expect(page.text).toContain('<h1>Poranna kawa</h1>');
    expect(page.text).toContain('<p>Kawa i rozmowa</p>');
    expect(page.text).not.toContain('Koffie en een praatje');
    expect(Buffer.byteLength(page.text)).toBeLessThan(30_000);
    await tap(link, 'sign_up');
    const after = await t.http().get(link).expect(200);
    expect(after.text).toContain('Zapisaliśmy Cię. Do zobaczenia!');
    const rsvps = await t
      .http()
      .get(`/api/v1/schools/${s.schoolId}/activities/${activity.id}/rsvps`)
      .set('authorization', `Bearer ${s.coordinator.token}`)
      .expect(200);
    expect(JSON.stringify(rsvps.body)).toContain(first.id);

    const secondLink = await linkOf(t, second.id, 'activity_invitation');
    const full = await t.http().get(secondLink).expect(200);
    expect(full.text).toContain('value="sign_up"');
    await tap(secondLink, 'sign_up');
    const waiting = await t.http().get(secondLink).expect(200);
    expect(waiting.text).toContain('Jesteś na liście oczekujących');

    await tap(link, 'cancel');
    const promoted = await t.db.query(
      `SELECT count(*)::int AS n FROM notification WHERE parent_id = $1 AND kind = 'activity_promoted'`,
      [second.id],
    );
    expect(promoted).toEqual([{ n: 1 }]);
    const calendar = await t.http().get(`${secondLink}?view=calendar`).expect(200);
    expect(calendar.headers['content-type']).toMatch(/^text\/calendar/);
    expect(calendar.text).toContain('BEGIN:VEVENT');
    // The same entry as the e-mail's attachment, in the parent's language.
    expect(calendar.text).toContain(`UID:activity-${activity.id}@oudermaatje`);
    expect(calendar.text).toContain('SUMMARY:Poranna kawa');
    expect(calendar.text).toContain('DESCRIPTION:Kawa i rozmowa');
    const [promotedMail] = await t.db.query(
      `SELECT payload FROM notification WHERE parent_id = $1 AND kind = 'activity_promoted'`,
      [second.id],
    );
    expect(promotedMail.payload).toMatchObject({ version: 1, titles: { pl: 'Poranna kawa' } });
  });

  it('changes the language, stops some or all messages, and starts them again', async () => {
    const p = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivityParent({ messageLanguage: 'tr', languages: [{ code: 'tr', level: 'native' }] }),
    );
    const link = await linkOf(t, p.id, 'welcome');
    const prefs = `${link}?view=preferences`;
    const page = await t.http().get(prefs).expect(200);
    expect(page.text).toMatch(/<html lang="tr" dir="ltr">/);
    const post = (action: string, extra: Record<string, string | string[]> = {}) =>
      t
        .http()
        .post(link)
        .type('form')
        .send({ form: formTokenIn(page.text), action, ...extra })
        .expect(303);
    await post('set_language', { language: 'ar' });
    const arabic = await t.http().get(prefs).expect(200);
    expect(arabic.text).toMatch(/<html lang="ar" dir="rtl">/);
    await post('stop', { topic: ['activities', 'checkins'] });
    const read = async () =>
      (
        await t.db.query(
          `SELECT message_language, stopped_topics, messages_stopped FROM parent WHERE id = $1`,
          [p.id],
        )
      )[0];
    expect(await read()).toEqual({
      message_language: 'ar',
      stopped_topics: ['activities', 'checkins'],
      messages_stopped: false,
    });
    await post('stop_all');
    expect((await read()).messages_stopped).toBe(true);
    await post('resume');
    expect(await read()).toEqual({
      message_language: 'ar',
      stopped_topics: [],
      messages_stopped: false,
    });
    const audit = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'parent.preferences' AND actor_type = 'parent'`,
      [p.id],
    );
    expect(audit).toEqual([{ n: 4 }]);
  });

  it('stops all messages with a one-click unsubscribe from a mail client (RFC 8058)', async () => {
    const p = await enroll(t, s.coordinator.token, s.schoolId, anActivityParent());
    const link = await linkOf(t, p.id, 'welcome');
    await t
      .http()
      .post(`${link}?view=preferences`)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    const [row] = await t.db.query(`SELECT messages_stopped FROM parent WHERE id = $1`, [p.id]);
    expect(row.messages_stopped).toBe(true);
  });

  it('shows an expired link in the parent’s language, and slows down guessing', async () => {
    const p = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivityParent({ messageLanguage: 'uk', languages: [{ code: 'uk', level: 'native' }] }),
    );
    const link = await linkOf(t, p.id, 'welcome');
    await t.db.query(
      `UPDATE parent_link SET expires_at = now() - interval '1 day' WHERE parent_id = $1`,
      [p.id],
    );
    const expired = await t.http().get(link).expect(410);
    expect(expired.text).toMatch(/<html lang="uk" dir="ltr">/);
    for (let i = 0; i < 30; i++)
      await t
        .http()
        .get(`/p/${'B'.repeat(42)}${i % 10}`)
        .expect(404);
    const blocked = await t
      .http()
      .get(`/p/${'C'.repeat(43)}`)
      .expect(429);
    expect(blocked.text).toContain('Even wachten');
  });

  it('answers a GET with the same security headers as every other page, and its own request id', async () => {
    const p = await enroll(t, s.coordinator.token, s.schoolId, anActivityParent());
    const link = await linkOf(t, p.id, 'welcome');
    const page = await t.http().get(link).set('x-request-id', 'parent-page-0001').expect(200);
    const other = await t.http().get('/health').expect(200);
    // Every header helmet sets elsewhere, with the same value.
    for (const name of [
      'content-security-policy',
      'cross-origin-opener-policy',
      'cross-origin-resource-policy',
      'origin-agent-cluster',
      'strict-transport-security',
      'x-content-type-options',
      'x-dns-prefetch-control',
      'x-download-options',
      'x-frame-options',
      'x-permitted-cross-domain-policies',
      'x-xss-protection',
    ])
      expect([name, page.headers[name]]).toEqual([name, other.headers[name]]);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-request-id']).toBe('parent-page-0001');
    expect(page.headers['x-powered-by']).toBeUndefined();
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(Number(page.headers['content-length'])).toBe(Buffer.byteLength(page.text));
    // A HEAD and a form's POST still go through the controller.
    const head = await t.http().head(link).expect(200);
    expect(head.headers['x-content-type-options']).toBe('nosniff');
    await t.http().post(link).type('form').send({ action: 'stop_all' }).expect(403);
  });

  describe.each([
    {
      lng: 'ar',
      dir: 'rtl',
      cancelledNotice: 'لم يعد التسجيل ممكنًا: هذا النشاط أُلغي.',
      expiredTitle: 'هذا الرابط قديم',
      expiredText: 'لم يعد بإمكانكم استخدام هذا الرابط. اطلبوا من المدرسة رابطًا جديدًا.',
      waiting: 'ستصلكم رسالة عندما يرد',
      both: 'أصبح',
      contact: 'طريقة التواصل مع',
      alreadyAnswered: 'لقد أجبتم من قبل. هل تريدون تغيير إجابتكم؟ اتصلوا بالمدرسة.',
    },
    {
      lng: 'pl',
      dir: 'ltr',
      cancelledNotice: 'Nie można się już zapisać: to wydarzenie zostało odwołane.',
      expiredTitle: 'Ten link jest za stary',
      expiredText: 'Nie możesz już używać tego linku. Poproś szkołę o nowy link.',
      waiting: 'odpowie, dostaniesz wiadomość.',
      both: 'jest teraz Twoją parą',
      contact: 'Tak skontaktujesz się z rodzicem',
      alreadyAnswered: 'Twoja odpowiedź jest już zapisana. Chcesz ją zmienić? Zadzwoń do szkoły.',
    },
  ])('in $lng, the page says what happened', (c) => {
    const speaks = { messageLanguage: c.lng, languages: [{ code: c.lng, level: 'native' }] };

    it('a sign-up that failed says why; a full activity offers the waitlist', async () => {
      const school = await aSchool(t, adminToken);
      const activity = await schedule(
        t,
        school.coordinator.token,
        school.schoolId,
        anActivity({ capacity: 1 }),
      );
      const [first, second] = [
        await enroll(t, school.coordinator.token, school.schoolId, anActivityParent(speaks)),
        await enroll(t, school.coordinator.token, school.schoolId, anActivityParent(speaks)),
      ];
      await t
        .http()
        .post(`/api/v1/schools/${school.schoolId}/activities/${activity.id}/invitations`)
        .set('authorization', `Bearer ${school.coordinator.token}`)
        .send({ audience: 'parents', parentIds: [first.id, second.id] })
        .expect(200);
      const link = await linkOf(t, first.id, 'activity_invitation');
      await tap(link, 'sign_up');
      // Full: the page says so and offers the waitlist (in the parent's language).
      const secondLink = await linkOf(t, second.id, 'activity_invitation');
      const full = await t.http().get(secondLink).expect(200);
      expect(full.text).toContain(t.app.get(I18nService).t(c.lng, 'pages')('activity.full'));
      expect(full.text).toContain(
        t.app.get(I18nService).t(c.lng, 'pages')('activity.joinWaitlist'),
      );
      // The school cancels while the page is open: the tap fails, and the page says why.
      const open = await t.http().get(secondLink).expect(200);
      await t
        .http()
        .delete(`/api/v1/schools/${school.schoolId}/activities/${activity.id}`)
        .set('authorization', `Bearer ${school.coordinator.token}`)
        .expect(200);
      const failed = await t
        .http()
        .post(secondLink)
        .type('form')
        .send({ form: formTokenIn(open.text), action: 'sign_up' })
        .expect(303);
      expect(failed.headers.location).toBe(`${secondLink}?done=activity_cancelled`);
      const page = await t.http().get(failed.headers.location).expect(200);
      expect(page.text).toMatch(new RegExp(`<html lang="${c.lng}" dir="${c.dir}">`));
      expect(page.text).toContain('role="alert"');
      expect(page.text).toContain(c.cancelledNotice);
    });

    it('an expired link says so, and what to do', async () => {
      const p = await enroll(t, s.coordinator.token, s.schoolId, anActivityParent(speaks));
      const link = await linkOf(t, p.id, 'welcome');
      await t.db.query(
        `UPDATE parent_link SET expires_at = now() - interval '1 day' WHERE parent_id = $1`,
        [p.id],
      );
      const expired = await t.http().get(link).expect(410);
      expect(expired.text).toMatch(new RegExp(`<html lang="${c.lng}" dir="${c.dir}">`));
      expect(expired.text).toContain(`<h1>${c.expiredTitle}</h1>`);
      expect(expired.text).toContain(c.expiredText);
    });

    it('after both said yes, the page names the buddy and how to reach them', async () => {
      const school = await aSchool(t, adminToken);
      const seeker = await enroll(
        t,
        school.coordinator.token,
        school.schoolId,
        aSeeker({ givenName: 'Hala', ...speaks }),
      );
      const buddy = await enroll(
        t,
        school.coordinator.token,
        school.schoolId,
        aBuddy({
          givenName: 'Maria',
          ...speaks,
          languages: [...speaks.languages, { code: 'nl', level: 'fluent' }],
        }),
      );
      const post = (path: string) =>
        t
          .http()
          .post(`/api/v1/schools/${school.schoolId}${path}`)
          .set('authorization', `Bearer ${school.coordinator.token}`);
      const run = await post('/matching/runs?wait=true').expect(201);
      const [proposal] = run.body.proposals;
      await post(`/matches/${proposal.id}/approve`).expect(200);
      const seekerLink = await linkOf(t, seeker.id, 'intro_seeker');
      const buddyLink = await linkOf(t, buddy.id, 'intro_buddy');

      const open = await t.http().get(seekerLink).expect(200);
      await tap(seekerLink, 'accept');
      const waiting = await t.http().get(seekerLink).expect(200);
      expect(waiting.text).toContain(c.waiting);
      // A second, different answer (from the page still open in another tab) is refused,
      // and the page says why.
      const changed = await t
        .http()
        .post(seekerLink)
        .type('form')
        .send({ form: formTokenIn(open.text), action: 'decline' })
        .expect(303);
      expect(changed.headers.location).toBe(`${seekerLink}?done=already_answered`);
      const refused = await t.http().get(changed.headers.location).expect(200);
      expect(refused.text).toContain(c.alreadyAnswered);

      await tap(buddyLink, 'accept');
      for (const [link, other, email] of [
        [seekerLink, 'Maria', buddy.email],
        [buddyLink, 'Hala', seeker.email],
      ] as const) {
        const page = await t.http().get(link).expect(200);
        expect(page.text).toMatch(new RegExp(`<html lang="${c.lng}" dir="${c.dir}">`));
        expect(page.text).toContain(c.both);
        expect(page.text).toContain(other);
        expect(page.text).toContain(c.contact);
        expect(page.text).toContain(String(email));
      }
    });
  });
});
