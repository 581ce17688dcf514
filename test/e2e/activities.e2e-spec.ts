import { Clock } from '../../src/activities/clock';
import { localDate, nextDate, parseTime } from '../../src/activities/core/local-time';
import { AttendanceService } from '../../src/activities/attendance.service';
import { createApp } from '../../src/bootstrap';
import { createLogger } from '../../src/common/logging/app-logger';
import { WorkerService } from '../../src/worker/worker.service';
import { anActivity, anActivityParent, schedule } from '../factories/activity.factory';
import { aSeeker, enroll } from '../factories/parent.factory';
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
  const auth = (r: ReturnType<ReturnType<TestApp['http']>['get']>) => r.set('authorization', `Bearer ${token}`);
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
    const amira = await enroll(t, token, a.schoolId, anActivityParent({ givenName: 'Amira', messageLanguage: 'ar' }));
    const mehmet = await enroll(t, token, a.schoolId, anActivityParent({ givenName: 'Mehmet', languages: [{ code: 'tr', level: 'native' }], messageLanguage: 'tr', channels: ['sms'], phone: '0612345678' }));
    const anna = await enroll(t, token, a.schoolId, anActivityParent({ givenName: 'Anna', languages: [{ code: 'pl', level: 'native' }], messageLanguage: 'pl' }));
    const tamazight = await enroll(t, token, a.schoolId, anActivityParent({ givenName: 'Itto', languages: [{ code: 'ber', level: 'native' }, { code: 'ar', level: 'basic' }], messageLanguage: 'ber' }));
    const noConsent = await enroll(t, token, a.schoolId, aSeeker({ givenName: 'Nadia', messageLanguage: 'ar' }));
    const dutch = await enroll(t, token, a.schoolId, anActivityParent({ givenName: 'Daan', languages: [{ code: 'nl', level: 'native' }], messageLanguage: 'nl', dutchLevel: 'native' }));

    // Schedule: local time with a time zone, no title (the kind's label), 2 places.
    const created = await auth(t.http().post(base()))
      .send({ kind: 'coffee_morning', startsAt: `${day}T10:00`, endsAt: `${day}T11:30`, timeZone: 'Europe/Amsterdam', location: 'Ouderkamer', languages: ['nl', 'ar', 'tr'], interpreter: true, childcare: true, costCents: 0, capacity: 2 })
      .expect(201);
    const activity = created.body;
    expect(activity).toMatchObject({ title: 'Koffieochtend', titleFromKind: true, capacity: 2, placesLeft: 2, status: 'scheduled', localStart: `${day}T10:00`, timeZone: 'Europe/Amsterdam' });
    expect(activity.startsAt).toBe(at(day, '10:00').toISOString());
    const id = activity.id as string;

    // Invite parents speaking Arabic, Turkish or Polish: each once, in their own language later.
    const invited = await auth(t.http().post(`${base()}/${id}/invitations`)).send({ audience: 'language', languages: ['ar', 'tr', 'pl'] }).expect(200);
    expect(invited.body).toEqual({
      invited: 4,
      alreadyInvited: 0,
      skipped: { noConsent: 1, messagesStopped: 0 },
      byLanguage: { ar: 2, tr: 1, pl: 1 },
      byChannel: { email: 3, sms: 1 },
      withBuddy: 0,
    });
    const invitations = await messages(id, 'activity_invitation');
    expect(invitations.map((r) => r.parent_id).sort()).toEqual([amira.id, mehmet.id, anna.id, tamazight.id].sort());
    expect(invitations.map((r) => r.parent_id)).not.toContain(noConsent.id);
    expect(invitations.map((r) => r.parent_id)).not.toContain(dutch.id);
    expect(invitations[0].payload).toMatchObject({ activityId: id, title: 'Koffieochtend', kind: 'coffee_morning', startsAt: at(day, '10:00').toISOString(), location: 'Ouderkamer', languages: ['nl', 'ar', 'tr'], interpreter: true, childcare: true, costCents: 0, placesLeft: 2 });
    expect((invitations[0].payload.titles as Record<string, string>).en).toBe('Coffee morning');
    // The languages used are the parents' message languages, chosen at delivery: the rows only name the parent.
    const languages: { message_language: string }[] = await t.db.query(`SELECT p.message_language FROM notification n JOIN parent p ON p.id = n.parent_id WHERE n.subject_id = $1 ORDER BY 1`, [id]);
    expect(languages.map((l) => l.message_language)).toEqual(['ar', 'ar', 'pl', 'tr']);
    const again = await auth(t.http().post(`${base()}/${id}/invitations`)).send({ audience: 'parents', parentIds: [amira.id, dutch.id] }).expect(200);
    expect(again.body).toMatchObject({ invited: 1, alreadyInvited: 1, byLanguage: { nl: 1 } });
    expect(await messages(id, 'activity_invitation')).toHaveLength(5);

    // Sign-ups by staff: two places, then the waitlist.
    const signUp = (parentId: string) => auth(t.http().post(`${base()}/${id}/rsvps`)).send({ parentId });
    expect((await signUp(amira.id).expect(201)).body).toMatchObject({ state: 'confirmed', ahead: null, changed: true });
    expect((await signUp(mehmet.id).expect(201)).body).toMatchObject({ state: 'confirmed' });
    expect((await signUp(anna.id).expect(201)).body).toMatchObject({ state: 'waitlisted', ahead: 0 });
    expect((await signUp(tamazight.id).expect(201)).body).toMatchObject({ state: 'waitlisted', ahead: 1 });
    expect((await signUp(amira.id).expect(200)).body).toMatchObject({ state: 'confirmed', changed: false });
    expect((await signUp(anna.id).expect(200)).body).toMatchObject({ state: 'waitlisted', ahead: 0, changed: false });
    expect((await messages(id, 'activity_confirmed')).map((r) => r.parent_id)).toEqual([amira.id, mehmet.id]);
    expect((await messages(id, 'activity_waitlisted')).map((r) => [r.parent_id, r.payload.ahead])).toEqual([[anna.id, 0], [tamazight.id, 1]]);
    const list = await auth(t.http().get(`${base()}/${id}/rsvps`)).expect(200);
    expect(list.body.placesLeft).toBe(0);
    expect(list.body.confirmed.map((r: { givenName: string }) => r.givenName)).toEqual(['Amira', 'Mehmet']);
    expect(list.body.waitlist.map((r: { givenName: string; place: number }) => [r.givenName, r.place])).toEqual([['Anna', 1], ['Itto', 2]]);

    // A change of place is told once to everyone signed up; the same value again tells nobody.
    await auth(t.http().patch(`${base()}/${id}`)).send({ location: 'Gymzaal' }).expect(200);
    await auth(t.http().patch(`${base()}/${id}`)).send({ location: 'Gymzaal', description: 'Met thee' }).expect(200);
    const changed = await messages(id, 'activity_changed');
    expect(changed.map((r) => r.parent_id).sort()).toEqual([amira.id, mehmet.id, anna.id, tamazight.id].sort());
    expect(changed[0].payload.location).toBe('Gymzaal');

    // Mehmet cancels: Anna (first on the waitlist) moves up and is told once; Itto is now first.
    const cancelled = await auth(t.http().delete(`${base()}/${id}/rsvps/${mehmet.id}`)).expect(200);
    expect(cancelled.body).toMatchObject({ state: 'none', changed: true, promoted: 1 });
    await auth(t.http().delete(`${base()}/${id}/rsvps/${mehmet.id}`)).expect(200).expect((r) => expect(r.body).toMatchObject({ changed: false, promoted: 0 }));
    const promoted = await messages(id, 'activity_promoted');
    expect(promoted.map((r) => r.parent_id)).toEqual([anna.id]);
    expect(promoted[0].payload).toMatchObject({ activityId: id, location: 'Gymzaal' });
    const after = await auth(t.http().get(`${base()}/${id}/rsvps`)).expect(200);
    expect(after.body.confirmed.map((r: { givenName: string; promoted: boolean }) => [r.givenName, r.promoted])).toEqual([['Amira', false], ['Anna', true]]);
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
      jest.spyOn(restarted.get(Clock), 'now').mockReturnValue(at(dayBefore, '21:00'));
      await restarted.get(WorkerService).drain();
    } finally {
      await restarted.close();
    }
    expect(await messages(id, 'activity_reminder')).toHaveLength(2);

    // Attendance: from the start; registering again changes nothing. Dutch Daan came as a walk-in.
    now = at(day, '10:15');
    await signUp(tamazight.id).expect(409);
    const came = await auth(t.http().post(`${base()}/${id}/attendance`)).send({ parentIds: [amira.id, anna.id, dutch.id] }).expect(200);
    expect(came.body).toEqual({ recorded: 3, alreadyRecorded: 0, total: 3, firstTimers: 3 });
    const twice = await auth(t.http().post(`${base()}/${id}/attendance`)).send({ parentIds: [amira.id] }).expect(200);
    expect(twice.body).toEqual({ recorded: 0, alreadyRecorded: 1, total: 3, firstTimers: 0 });
    const reach = await t.app.get(AttendanceService).reach(a.schoolId, at(day, '00:00'), at(nextDate(day), '00:00'));
    expect(reach).toEqual({ activitiesHeld: 1, parentsReached: 3, firstTimers: 3, byLanguage: { ar: 1, nl: 1, pl: 1 } });
    const read = await auth(t.http().get(`${base()}/${id}`)).expect(200);
    expect(read.body).toMatchObject({ attendedCount: 3, invitedCount: 5, confirmedCount: 2, waitlistCount: 1 });
    expect(read.body.remindersSentAt).not.toBeNull();
  });
});
