import { anActivity, anActivityParent, schedule } from '../factories/activity.factory';
import { enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import { formTokenIn, linkOf } from '../support/parent-link';
import { createTestApp, TestApp } from '../support/test-app';

describe("the parent's page", () => {
  let t: TestApp;
  let s: SchoolFixture;

  beforeAll(async () => {
    t = await createTestApp();
    s = await aSchool(t, (await aPlatformAdmin(t)).token);
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
      anActivity({ capacity: 1, title: 'Kawa', titles: { pl: 'Poranna kawa' } }),
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
});
