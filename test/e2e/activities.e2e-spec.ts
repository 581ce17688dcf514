import { Clock } from '../../src/activities/clock';
import { localDate, nextDate, parseTime } from '../../src/activities/core/local-time';
import { AttendanceService } from '../../src/activities/attendance.service';
import { createApp } from '../../src/bootstrap';
import { createLogger } from '../../src/common/logging/app-logger';
import { WorkerService } from '../../src/worker/worker.service';
import {
  anActivity,
  anActivityParent,
  schedule,
  withActivityConsent,
} from '../factories/activity.factory';
import { aBuddy, aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';

/** An instant from a local Amsterdam time, e.g. at('2030-03-14', '17:00'). */
function at(date: string, time: string): Date {
  const p = parseTime(`${date}T${time}`, 'Europe/Amsterdam');
  if (!p.ok) throw new Error(`bad time ${date} ${time}`);
  return p.instant;
}

interface Row {
  kind: string;
  parent_id: string;
  payload: Record<string, unknown>;
}

describe('activities: schedule, invite, sign up, waitlist, remind, attend', () => {
  let t: TestApp;
  let a: SchoolFixture;
  let b: SchoolFixture;
  let token: string;
  let now: Date;
  const base = () => `/api/v1/schools/${a.schoolId}/activities`;
  const auth = (r: ReturnType<ReturnType<TestApp['http']>['get']>) =>
    r.set('authorization', `Bearer ${token}`);
  const messages = (activityId: string, kind?: string): Promise<Row[]> =>
    t.db.query(
      `SELECT kind, parent_id, payload FROM notification WHERE subject_type = 'activity' AND subject_id = $1 ${kind ? 'AND kind = $2' : ''} ORDER BY created_at, id`,
      kind ? [activityId, kind] : [activityId],
    );

  beforeAll(async () => {
    t = await createTestApp();
    const platform = await aPlatformAdmin(t);
    a = await aSchool(t, platform.token);
    b = await aSchool(t, platform.token);
    token = a.coordinator.token;
    now = new Date();
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => now);
  });
  afterAll(() => t.close());
  afterEach(() => {
    now = new Date();
  });

  it('runs the whole life of an activity: schedule → invite (mixed languages) → sign-ups → waitlist → change → cancel → promotion → reminder → attendance', async () => {
    const day = localDate(new Date(Date.now() + 10 * 86400_000));
    const amira = await enroll(
      t,
      token,
      a.schoolId,
      anActivityParent({ givenName: 'Amira', messageLanguage: 'ar' }),
    );
    const mehmet = await enroll(
      t,
      token,
      a.schoolId,
      anActivityParent({
        givenName: 'Mehmet',
        languages: [{ code: 'tr', level: 'native' }],
        messageLanguage: 'tr',
        channels: ['sms'],
        phone: '0612345678',
      }),
    );
    const anna = await enroll(
      t,
      token,
      a.schoolId,
      anActivityParent({
        givenName: 'Anna',
        languages: [{ code: 'pl', level: 'native' }],
        messageLanguage: 'pl',
      }),
    );
    const tamazight = await enroll(
      t,
      token,
      a.schoolId,
      anActivityParent({
        givenName: 'Itto',
        languages: [
          { code: 'ber', level: 'native' },
          { code: 'ar', level: 'basic' },
        ],
        messageLanguage: 'ber',
      }),
    );
    const noConsent = await enroll(
      t,
      token,
      a.schoolId,
      aSeeker({ givenName: 'Nadia', messageLanguage: 'ar' }),
    );
    const dutch = await enroll(
      t,
      token,
      a.schoolId,
      anActivityParent({
        givenName: 'Daan',
        languages: [{ code: 'nl', level: 'native' }],
        messageLanguage: 'nl',
        dutchLevel: 'native',
      }),
    );

    // Schedule: local time with a time zone, no title (the kind's label), 2 places.
    const created = await auth(t.http().post(base()))
      .send({
        kind: 'coffee_morning',
        startsAt: `${day}T10:00`,
        endsAt: `${day}T11:30`,
        timeZone: 'Europe/Amsterdam',
        location: 'Ouderkamer',
        languages: ['nl', 'ar', 'tr'],
        interpreter: true,
        childcare: true,
        costCents: 0,
        capacity: 2,
      })
      .expect(201);
    const activity = created.body;
    expect(activity).toMatchObject({
      title: 'Koffieochtend',
      titleFromKind: true,
      capacity: 2,
      placesLeft: 2,
      status: 'scheduled',
      localStart: `${day}T10:00`,
      timeZone: 'Europe/Amsterdam',
    });
    expect(activity.startsAt).toBe(at(day, '10:00').toISOString());
    const id = activity.id as string;

    // Invite parents speaking Arabic, Turkish or Polish: each once, in their own language later.
    const invited = await auth(t.http().post(`${base()}/${id}/invitations`))
      .send({ audience: 'language', languages: ['ar', 'tr', 'pl'] })
      .expect(200);
    expect(invited.body).toEqual({
      invited: 4,
      alreadyInvited: 0,
      skipped: { noConsent: 1, messagesStopped: 0 },
      byLanguage: { ar: 2, tr: 1, pl: 1 },
      byChannel: { email: 3, sms: 1 },
      withBuddy: 0,
    });
    const invitations = await messages(id, 'activity_invitation');
    expect(invitations.map((r) => r.parent_id).sort()).toEqual(
      [amira.id, mehmet.id, anna.id, tamazight.id].sort(),
    );
    expect(invitations.map((r) => r.parent_id)).not.toContain(noConsent.id);
    expect(invitations.map((r) => r.parent_id)).not.toContain(dutch.id);
    expect(invitations[0].payload).toMatchObject({
      activityId: id,
      title: 'Koffieochtend',
      kind: 'coffee_morning',
      startsAt: at(day, '10:00').toISOString(),
      location: 'Ouderkamer',
      languages: ['nl', 'ar', 'tr'],
      interpreter: true,
      childcare: true,
      costCents: 0,
      placesLeft: 2,
    });
    expect((invitations[0].payload.titles as Record<string, string>).en).toBe('Coffee morning');
    // The languages used are the parents' message languages, chosen at delivery: the rows only name the parent.
    const languages: { message_language: string }[] = await t.db.query(
      `SELECT p.message_language FROM notification n JOIN parent p ON p.id = n.parent_id WHERE n.subject_id = $1 ORDER BY 1`,
      [id],
    );
    expect(languages.map((l) => l.message_language)).toEqual(['ar', 'ar', 'pl', 'tr']);
    const again = await auth(t.http().post(`${base()}/${id}/invitations`))
      .send({ audience: 'parents', parentIds: [amira.id, dutch.id] })
      .expect(200);
    expect(again.body).toMatchObject({ invited: 1, alreadyInvited: 1, byLanguage: { nl: 1 } });
    expect(await messages(id, 'activity_invitation')).toHaveLength(5);

    // Sign-ups by staff: two places, then the waitlist.
    const signUp = (parentId: string) =>
      auth(t.http().post(`${base()}/${id}/rsvps`)).send({ parentId });
    expect((await signUp(amira.id).expect(201)).body).toMatchObject({
      state: 'confirmed',
      ahead: null,
      changed: true,
    });
    expect((await signUp(mehmet.id).expect(201)).body).toMatchObject({ state: 'confirmed' });
    expect((await signUp(anna.id).expect(201)).body).toMatchObject({
      state: 'waitlisted',
      ahead: 0,
    });
    expect((await signUp(tamazight.id).expect(201)).body).toMatchObject({
      state: 'waitlisted',
      ahead: 1,
    });
    expect((await signUp(amira.id).expect(200)).body).toMatchObject({
      state: 'confirmed',
      changed: false,
    });
    expect((await signUp(anna.id).expect(200)).body).toMatchObject({
      state: 'waitlisted',
      ahead: 0,
      changed: false,
    });
    expect((await messages(id, 'activity_confirmed')).map((r) => r.parent_id)).toEqual([
      amira.id,
      mehmet.id,
    ]);
    expect(
      (await messages(id, 'activity_waitlisted')).map((r) => [r.parent_id, r.payload.ahead]),
    ).toEqual([
      [anna.id, 0],
      [tamazight.id, 1],
    ]);
    const list = await auth(t.http().get(`${base()}/${id}/rsvps`)).expect(200);
    expect(list.body.placesLeft).toBe(0);
    expect(list.body.confirmed.map((r: { givenName: string }) => r.givenName)).toEqual([
      'Amira',
      'Mehmet',
    ]);
    expect(
      list.body.waitlist.map((r: { givenName: string; place: number }) => [r.givenName, r.place]),
    ).toEqual([
      ['Anna', 1],
      ['Itto', 2],
    ]);

    // A change of place is told once to everyone signed up; the same value again tells nobody.
    await auth(t.http().patch(`${base()}/${id}`))
      .send({ location: 'Gymzaal' })
      .expect(200);
    await auth(t.http().patch(`${base()}/${id}`))
      .send({ location: 'Gymzaal', description: 'Met thee' })
      .expect(200);
    const changed = await messages(id, 'activity_changed');
    expect(changed.map((r) => r.parent_id).sort()).toEqual(
      [amira.id, mehmet.id, anna.id, tamazight.id].sort(),
    );
    expect(changed[0].payload.location).toBe('Gymzaal');

    // Mehmet cancels: Anna (first on the waitlist) moves up and is told once; Itto is now first.
    const cancelled = await auth(t.http().delete(`${base()}/${id}/rsvps/${mehmet.id}`)).expect(200);
    expect(cancelled.body).toMatchObject({ state: 'none', changed: true, promoted: 1 });
    await auth(t.http().delete(`${base()}/${id}/rsvps/${mehmet.id}`))
      .expect(200)
      .expect((r) => expect(r.body).toMatchObject({ changed: false, promoted: 0 }));
    const promoted = await messages(id, 'activity_promoted');
    expect(promoted.map((r) => r.parent_id)).toEqual([anna.id]);
    expect(promoted[0].payload).toMatchObject({ activityId: id, location: 'Gymzaal' });
    const after = await auth(t.http().get(`${base()}/${id}/rsvps`)).expect(200);
    expect(
      after.body.confirmed.map((r: { givenName: string; promoted: boolean }) => [
        r.givenName,
        r.promoted,
      ]),
    ).toEqual([
      ['Amira', false],
      ['Anna', true],
    ]);
    expect(after.body.waitlist.map((r: { givenName: string }) => r.givenName)).toEqual(['Itto']);

    // Reminders: the day before, from the school's reminder hour (17:00), once, also after a restart.
    const dayBefore = localDate(new Date(at(day, '12:00').getTime() - 86400_000));
    const worker = t.app.get(WorkerService);
    now = at(dayBefore, '16:59');
    await worker.drain();
    expect(await messages(id, 'activity_reminder')).toHaveLength(0);
    now = at(dayBefore, '17:00');
    await worker.drain();
    const reminders = await messages(id, 'activity_reminder');
    expect(reminders.map((r) => r.parent_id).sort()).toEqual([amira.id, anna.id].sort());
    now = at(dayBefore, '20:00');
    await worker.drain();
    const restarted = await createApp(t.config, createLogger(t.config));
    try {
      await restarted.init(); // the worker finds its tasks on bootstrap
      jest.spyOn(restarted.get(Clock), 'now').mockReturnValue(at(dayBefore, '21:00'));
      const restartedWorker = restarted.get(WorkerService);
      await restartedWorker.drain();
      expect(await messages(id, 'activity_reminder')).toHaveLength(2);
      // Even with the mark lost, the outbox keys (one per parent and date) keep it at one each.
      await t.db.query(`UPDATE activity SET reminders_sent_at = NULL WHERE id = $1`, [id]);
      await restartedWorker.drain();
      const [mark]: { sent: boolean }[] = await t.db.query(
        `SELECT reminders_sent_at IS NOT NULL AS sent FROM activity WHERE id = $1`,
        [id],
      );
      expect(mark.sent).toBe(true); // the restarted worker ran the task again
    } finally {
      await restarted.close();
    }
    expect(await messages(id, 'activity_reminder')).toHaveLength(2);

    // Attendance: from the start; registering again changes nothing. Dutch Daan came as a walk-in.
    now = at(day, '10:15');
    await signUp(tamazight.id).expect(409);
    const came = await auth(t.http().post(`${base()}/${id}/attendance`))
      .send({ parentIds: [amira.id, anna.id, dutch.id] })
      .expect(200);
    expect(came.body).toEqual({ recorded: 3, alreadyRecorded: 0, total: 3, firstTimers: 3 });
    const twice = await auth(t.http().post(`${base()}/${id}/attendance`))
      .send({ parentIds: [amira.id] })
      .expect(200);
    expect(twice.body).toEqual({ recorded: 0, alreadyRecorded: 1, total: 3, firstTimers: 0 });
    const reach = await t.app
      .get(AttendanceService)
      .reach(a.schoolId, at(day, '00:00'), at(nextDate(day), '00:00'));
    expect(reach).toEqual({
      activitiesHeld: 1,
      parentsReached: 3,
      firstTimers: 3,
      byLanguage: { ar: 1, nl: 1, pl: 1 },
    });
    const read = await auth(t.http().get(`${base()}/${id}`)).expect(200);
    expect(read.body).toMatchObject({
      attendedCount: 3,
      invitedCount: 5,
      confirmedCount: 2,
      waitlistCount: 1,
    });
    expect(read.body.remindersSentAt).not.toBeNull();
  });

  it('cancels an activity: everyone signed up or waiting is told once; sign-ups and changes are then refused', async () => {
    const act = await schedule(t, token, a.schoolId, anActivity({ capacity: 1 }));
    const p1 = await enroll(t, token, a.schoolId, anActivityParent());
    const p2 = await enroll(t, token, a.schoolId, anActivityParent());
    const p3 = await enroll(t, token, a.schoolId, anActivityParent());
    for (const p of [p1, p2])
      await auth(t.http().post(`${base()}/${act.id}/rsvps`))
        .send({ parentId: p.id })
        .expect(201);
    const res = await auth(t.http().delete(`${base()}/${act.id}`)).expect(200);
    expect(res.body).toMatchObject({ status: 'cancelled', confirmedCount: 1, waitlistCount: 1 });
    await auth(t.http().delete(`${base()}/${act.id}`)).expect(200);
    const told = await messages(act.id, 'activity_cancelled');
    expect(told.map((r) => r.parent_id).sort()).toEqual([p1.id, p2.id].sort());
    expect(told[0].payload).toMatchObject({ activityId: act.id, title: act.title });
    const refused = await auth(t.http().post(`${base()}/${act.id}/rsvps`))
      .send({ parentId: p3.id })
      .expect(409);
    expect(refused.body.code).toBe('activity.cancelled');
    await auth(t.http().patch(`${base()}/${act.id}`))
      .send({ location: 'Elders' })
      .expect(409);
    await auth(t.http().post(`${base()}/${act.id}/invitations`))
      .send({ audience: 'all' })
      .expect(409);
    const ics = await auth(t.http().get(`${base()}/${act.id}/calendar.ics`)).expect(200);
    expect(ics.text).toContain('STATUS:CANCELLED');
  });

  it('tells each change once, moves the waitlist up when places are added, and resets reminders when the day moves', async () => {
    const act = await schedule(t, token, a.schoolId, anActivity({ capacity: 1 }));
    const [p1, p2, p3] = await Promise.all(
      [1, 2, 3].map(() => enroll(t, token, a.schoolId, anActivityParent())),
    );
    for (const p of [p1, p2, p3])
      await auth(t.http().post(`${base()}/${act.id}/rsvps`))
        .send({ parentId: p.id })
        .expect(201);
    await t.db.query(`UPDATE activity SET reminders_sent_at = now() WHERE id = $1`, [act.id]);
    const moved = new Date(Date.parse(act.startsAt as string) + 86400_000);
    const r1 = await auth(t.http().patch(`${base()}/${act.id}`))
      .set('if-match', '"1"')
      .send({
        startsAt: moved.toISOString(),
        endsAt: new Date(moved.getTime() + 3600_000).toISOString(),
      })
      .expect(200);
    expect(r1.headers.etag).toBe('"2"');
    expect(r1.body.remindersSentAt).toBeNull();
    await auth(t.http().patch(`${base()}/${act.id}`))
      .set('if-match', '"1"')
      .send({ location: 'Aula' })
      .expect(412);
    await auth(t.http().patch(`${base()}/${act.id}`))
      .send({ childcare: false })
      .expect(200);
    const changed = await messages(act.id, 'activity_changed');
    expect(changed).toHaveLength(6);
    expect(changed.filter((r) => r.parent_id === p3.id).map((r) => r.payload.childcare)).toEqual(
      expect.arrayContaining([true, false]),
    );
    const grown = await auth(t.http().patch(`${base()}/${act.id}`))
      .send({ capacity: 3 })
      .expect(200);
    expect(grown.body).toMatchObject({
      capacity: 3,
      confirmedCount: 3,
      waitlistCount: 0,
      placesLeft: 0,
    });
    expect((await messages(act.id, 'activity_promoted')).map((r) => r.parent_id).sort()).toEqual(
      [p2.id, p3.id].sort(),
    );
    expect(await messages(act.id, 'activity_changed')).toHaveLength(6);
  });

  it('invites buddy pairs together, and never says why a parent was in the audience', async () => {
    const s = await aSchool(t, (await aPlatformAdmin(t)).token);
    const tk = s.coordinator.token;
    const seeker = await enroll(
      t,
      tk,
      s.schoolId,
      anActivityParent({
        givenName: 'Samira',
        situations: [{ code: 'secondary_transition', stance: 'seeking' }],
      }),
    );
    const buddy = await enroll(
      t,
      tk,
      s.schoolId,
      withActivityConsent(
        aBuddy({
          givenName: 'Bea',
          messageLanguage: 'nl',
          languages: [
            { code: 'nl', level: 'native' },
            { code: 'ar', level: 'fluent' },
          ],
        }),
      ),
    );
    const alone = await enroll(
      t,
      tk,
      s.schoolId,
      anActivityParent({
        givenName: 'Lina',
        situations: [{ code: 'secondary_transition', stance: 'experienced' }],
      }),
    );
    await t.db.query(
      `INSERT INTO match (school_id, seeker_id, buddy_id, status, score, reasons) VALUES ($1, $2, $3, 'active', 80, '[]')`,
      [s.schoolId, seeker.id, buddy.id],
    );
    const act = await schedule(t, tk, s.schoolId, anActivity());
    const res = await t
      .http()
      .post(`/api/v1/schools/${s.schoolId}/activities/${act.id}/invitations`)
      .set('authorization', `Bearer ${tk}`)
      .send({ audience: 'situation', situations: ['secondary_transition'], withBuddies: true })
      .expect(200);
    expect(res.body).toMatchObject({ invited: 3, withBuddy: 2, byLanguage: { ar: 2, nl: 1 } });
    expect(JSON.stringify(res.body)).not.toMatch(/secondary_transition|situation/);
    const rows = await messages(act.id, 'activity_invitation');
    const byParent = new Map(rows.map((r) => [r.parent_id, r.payload]));
    // The buddy is stored by reference; the name is filled in when the message is sent.
    expect(byParent.get(seeker.id)?.buddyParentId).toBe(buddy.id);
    expect(byParent.get(buddy.id)?.buddyParentId).toBe(seeker.id);
    expect(byParent.get(alone.id)?.buddyParentId).toBeUndefined();
    expect(JSON.stringify(rows.map((r) => r.payload))).not.toMatch(
      /secondary_transition|situation/,
    );
    const pairs = await t
      .http()
      .post(`/api/v1/schools/${s.schoolId}/activities/${act.id}/invitations`)
      .set('authorization', `Bearer ${tk}`)
      .send({ audience: 'buddy_pairs' })
      .expect(200);
    expect(pairs.body).toMatchObject({ invited: 0, alreadyInvited: 2 });
  });

  it('suggests hosts whose intake skills fit the kind, and names hosts of the school only', async () => {
    const cook = await enroll(
      t,
      token,
      a.schoolId,
      anActivityParent({ givenName: 'Kook', skills: ['cooking', 'baking'] }),
    );
    const baker = await enroll(
      t,
      token,
      a.schoolId,
      anActivityParent({ givenName: 'Bakker', skills: ['baking'] }),
    );
    await enroll(
      t,
      token,
      a.schoolId,
      anActivityParent({ givenName: 'Digi', skills: ['digital'] }),
    );
    await enroll(t, token, a.schoolId, aSeeker({ givenName: 'NoConsent', skills: ['cooking'] }));
    const act = await schedule(
      t,
      token,
      a.schoolId,
      anActivity({ kind: 'cooking_together', hostParentIds: [baker.id] }),
    );
    const res = await auth(t.http().get(`${base()}/${act.id}/hosts/suggestions`)).expect(200);
    expect(res.body.map((s: { givenName: string }) => s.givenName)).toEqual(['Kook', 'Bakker']);
    expect(res.body[0]).toMatchObject({
      parentId: cook.id,
      matchingSkills: ['cooking', 'baking'],
      alreadyHost: false,
    });
    expect(res.body[1]).toMatchObject({ alreadyHost: true });
    const read = await auth(t.http().get(`${base()}/${act.id}`)).expect(200);
    expect(read.body.hosts).toEqual([{ parentId: baker.id, givenName: 'Bakker' }]);
    const theirs = await enroll(t, b.coordinator.token, b.schoolId, anActivityParent());
    const bad = await auth(t.http().patch(`${base()}/${act.id}`))
      .send({ hostParentIds: [cook.id, theirs.id] })
      .expect(422);
    expect(bad.body).toMatchObject({
      code: 'activity.unknown_host',
      errors: [{ field: 'hostParentIds' }],
    });
  });

  it('serves a calendar file per activity and a feed per school (to coordinators; viewers see figures only)', async () => {
    const act = await schedule(
      t,
      token,
      a.schoolId,
      anActivity({ title: 'Taalcafé, met thee; en koekjes', description: 'Regel 1\nRegel 2' }),
    );
    const one = await auth(t.http().get(`${base()}/${act.id}/calendar.ics`)).expect(200);
    expect(one.headers['content-type']).toMatch(/^text\/calendar/);
    expect(one.text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(one.text).toContain(`UID:activity-${act.id}@oudermaatje`);
    expect(one.text).toContain(
      `DTSTART:${(act.startsAt as string).replace(/[-:]/g, '').replace('.000', '')}`,
    );
    expect(one.text).toContain('SUMMARY:Taalcafé\\, met thee\\; en koekjes');
    expect(one.text).toContain('DESCRIPTION:Regel 1\\nRegel 2');
    expect(one.text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const feed = await auth(t.http().get(`${base()}/feed.ics`)).expect(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    expect(feed.text).toContain(`UID:activity-${act.id}@oudermaatje`);
    expect(feed.text).toContain('X-WR-CALNAME:');
    await t
      .http()
      .get(`${base()}/feed.ics`)
      .set('authorization', `Bearer ${a.viewer.token}`)
      .expect(403);
  });

  it('lists upcoming and past activities by kind, paged', async () => {
    const s = await aSchool(t, (await aPlatformAdmin(t)).token);
    const tk = s.coordinator.token;
    const first = await schedule(t, tk, s.schoolId, anActivity({ kind: 'language_cafe' }));
    const second = await schedule(
      t,
      tk,
      s.schoolId,
      anActivity({ kind: 'coffee_morning' }, new Date(Date.now() + 86400_000)),
    );
    const q = async (query: string) =>
      (
        await t
          .http()
          .get(`/api/v1/schools/${s.schoolId}/activities?${query}`)
          .set('authorization', `Bearer ${tk}`)
          .expect(200)
      ).body;
    expect((await q('when=upcoming')).items.map((i: { id: string }) => i.id)).toEqual([
      first.id,
      second.id,
    ]);
    expect(await q('kind=language_cafe')).toMatchObject({
      total: 1,
      items: [{ id: first.id, placesLeft: 10, waitlistCount: 0 }],
    });
    expect(await q('pageSize=1&page=2')).toMatchObject({
      total: 2,
      page: 2,
      items: [{ id: second.id }],
    });
    now = new Date(Date.now() + 30 * 86400_000);
    expect((await q('when=past')).items.map((i: { id: string }) => i.id)).toEqual([
      second.id,
      first.id,
    ]);
    expect((await q('when=upcoming')).total).toBe(0);
    const bad = await t
      .http()
      .get(`/api/v1/schools/${s.schoolId}/activities?when=soon&pageSize=900`)
      .set('authorization', `Bearer ${tk}`)
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'pageSize',
      'when',
    ]);
  });

  describe('bad input gets a clear 4xx', () => {
    const post = (body: object) => auth(t.http().post(base())).send(body);
    const fieldsOf = (res: { body: { errors?: { field: string }[] } }) =>
      (res.body.errors ?? []).map((e) => e.field).sort();

    it('end before start, a start in the past, a time without offset or zone, a time that does not exist', async () => {
      const good = anActivity();
      expect((await post({ ...good, endsAt: good.startsAt }).expect(422)).body).toMatchObject({
        code: 'activity.end_before_start',
        errors: [{ field: 'endsAt' }],
      });
      expect(
        (
          await post({
            ...good,
            startsAt: '2020-01-01T10:00:00Z',
            endsAt: '2020-01-01T11:00:00Z',
          }).expect(422)
        ).body,
      ).toMatchObject({ code: 'activity.start_in_past', errors: [{ field: 'startsAt' }] });
      expect(
        (
          await post({ ...good, startsAt: '2031-06-12T10:00', endsAt: '2031-06-12T11:00' }).expect(
            422,
          )
        ).body.detail,
      ).toMatch(/no offset/);
      expect(
        (
          await post({
            ...good,
            startsAt: '2031-03-30T02:30',
            endsAt: '2031-03-30T04:00',
            timeZone: 'Europe/Amsterdam',
          }).expect(422)
        ).body.detail,
      ).toMatch(/does not exist/);
      expect(
        fieldsOf(
          await post({ ...good, startsAt: 'tomorrow', timeZone: 'Mars/Olympus' }).expect(400),
        ),
      ).toEqual(['startsAt', 'timeZone']);
      expect(
        fieldsOf(await post({ ...good, startsAt: '2031-02-30T10:00:00Z' }).expect(422)),
      ).toEqual(['startsAt']);
    });
    it('summer and winter local times are stored in UTC', async () => {
      const summer = await post({
        ...anActivity(),
        startsAt: '2031-07-01T09:30',
        endsAt: '2031-07-01T11:00',
        timeZone: 'Europe/Amsterdam',
      }).expect(201);
      expect(summer.body).toMatchObject({
        startsAt: '2031-07-01T07:30:00.000Z',
        localStart: '2031-07-01T09:30',
      });
      const winter = await post({
        ...anActivity(),
        startsAt: '2031-12-01T09:30:00+01:00',
        endsAt: '2031-12-01T11:00:00+01:00',
      }).expect(201);
      expect(winter.body).toMatchObject({
        startsAt: '2031-12-01T08:30:00.000Z',
        localStart: '2031-12-01T09:30',
      });
    });
    it('unknown kind, fields, languages and translations', async () => {
      const res = await post({
        ...anActivity(),
        kind: 'party',
        colour: 'red',
        languages: ['xx'],
        titles: { zz: 'x' },
        capacity: 0,
        costCents: -1,
      }).expect(400);
      expect(fieldsOf(res)).toEqual([
        'capacity',
        'colour',
        'costCents',
        'kind',
        'languages',
        'titles',
      ]);
    });
    it('a host who is not a parent of the school', async () => {
      const theirs = await enroll(t, b.coordinator.token, b.schoolId, anActivityParent());
      expect(fieldsOf(await post(anActivity({ hostParentIds: [theirs.id] })).expect(422))).toEqual([
        'hostParentIds',
      ]);
    });
    it('a capacity below the confirmed sign-ups', async () => {
      const act = await schedule(t, token, a.schoolId, anActivity({ capacity: 3 }));
      for (const p of await Promise.all(
        [1, 2].map(() => enroll(t, token, a.schoolId, anActivityParent())),
      ))
        await auth(t.http().post(`${base()}/${act.id}/rsvps`))
          .send({ parentId: p.id })
          .expect(201);
      const res = await auth(t.http().patch(`${base()}/${act.id}`))
        .send({ capacity: 1 })
        .expect(422);
      expect(res.body).toMatchObject({
        code: 'activity.capacity_below_signups',
        confirmedCount: 2,
        errors: [{ field: 'capacity' }],
      });
      await auth(t.http().patch(`${base()}/${act.id}`))
        .send({ capacity: 2 })
        .expect(200);
      await auth(t.http().patch(`${base()}/${act.id}`))
        .send({ startsAt: '2020-01-01T10:00:00Z' })
        .expect(422);
    });
    it('unknown audiences and filters that do not fit the audience', async () => {
      const act = await schedule(t, token, a.schoolId, anActivity());
      const invite = (body: object) =>
        auth(t.http().post(`${base()}/${act.id}/invitations`)).send(body);
      expect(fieldsOf(await invite({ audience: 'vips' }).expect(400))).toEqual(['audience']);
      expect(fieldsOf(await invite({ audience: 'all', income: 'low' }).expect(400))).toEqual([
        'income',
      ]);
      expect(
        fieldsOf(await invite({ audience: 'situation', situations: ['alien'] }).expect(400)),
      ).toEqual(['situations']);
      expect(
        fieldsOf(await invite({ audience: 'all', situations: ['divorce'] }).expect(422)),
      ).toEqual(['situations']);
      expect(fieldsOf(await invite({ audience: 'school_year' }).expect(422))).toEqual([
        'schoolYears',
      ]);
      const theirs = await enroll(t, b.coordinator.token, b.schoolId, anActivityParent());
      expect(
        fieldsOf(await invite({ audience: 'parents', parentIds: [theirs.id] }).expect(422)),
      ).toEqual(['parentIds']);
    });
    it('a sign-up or attendance for someone who is not a parent of the school, and attendance before the start', async () => {
      const act = await schedule(t, token, a.schoolId, anActivity());
      const theirs = await enroll(t, b.coordinator.token, b.schoolId, anActivityParent());
      expect(
        fieldsOf(
          await auth(t.http().post(`${base()}/${act.id}/rsvps`))
            .send({ parentId: theirs.id })
            .expect(422),
        ),
      ).toEqual(['parentId']);
      expect(
        fieldsOf(
          await auth(t.http().post(`${base()}/${act.id}/rsvps`))
            .send({ parentId: 'me' })
            .expect(400),
        ),
      ).toEqual(['parentId']);
      await auth(t.http().delete(`${base()}/${act.id}/rsvps/${theirs.id}`)).expect(404);
      expect(
        (
          await auth(t.http().post(`${base()}/${act.id}/attendance`))
            .send({ parentIds: [theirs.id] })
            .expect(409)
        ).body.code,
      ).toBe('activity.not_started');
      now = new Date(Date.parse(act.startsAt as string) + 60_000);
      expect(
        fieldsOf(
          await auth(t.http().post(`${base()}/${act.id}/attendance`))
            .send({ parentIds: [theirs.id] })
            .expect(422),
        ),
      ).toEqual(['parentIds']);
    });
  });

  it("answers 404 for another school's activity, also through one's own school path", async () => {
    const theirs = await schedule(t, b.coordinator.token, b.schoolId, anActivity());
    const mine = await enroll(t, token, a.schoolId, anActivityParent());
    for (const path of ['', '/rsvps', '/hosts/suggestions', '/calendar.ics', '/attendance']) {
      await auth(t.http().get(`${base()}/${theirs.id}${path}`)).expect(404);
      await auth(
        t.http().get(`/api/v1/schools/${b.schoolId}/activities/${theirs.id}${path}`),
      ).expect(404);
    }
    await auth(t.http().post(`${base()}/${theirs.id}/rsvps`))
      .send({ parentId: mine.id })
      .expect(404);
    await auth(t.http().post(`${base()}/${theirs.id}/invitations`))
      .send({ audience: 'all' })
      .expect(404);
    await auth(t.http().patch(`${base()}/${theirs.id}`))
      .send({ location: 'x' })
      .expect(404);
    await auth(t.http().delete(`${base()}/${theirs.id}`)).expect(404);
    await auth(t.http().get(`${base()}/not-a-uuid`)).expect(404);
    await auth(t.http().get(`/api/v1/schools/${b.schoolId}/activities/feed.ics`)).expect(404);
    expect(await messages(theirs.id)).toHaveLength(0);
  });
});
