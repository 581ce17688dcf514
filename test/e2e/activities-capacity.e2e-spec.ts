import { RsvpService } from '../../src/activities/rsvp.service';
import { anActivity, bulkParents, schedule } from '../factories/activity.factory';
import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';

describe('activity capacity under concurrency', () => {
  let t: TestApp;
  let a: SchoolFixture;

  beforeAll(async () => {
    t = await createTestApp();
    a = await aSchool(t, (await aPlatformAdmin(t)).token);
  });
  afterAll(() => t.close());

  it('confirms exactly 10 of 200 concurrent sign-ups, waitlists 190 in sign-up order, and promotes exactly the next 3 when 3 cancel', async () => {
    const token = a.coordinator.token;
    const activity = await schedule(t, token, a.schoolId, anActivity({ capacity: 10 }));
    const parentIds = await bulkParents(t, a.schoolId, 200);
    const url = `/api/v1/schools/${a.schoolId}/activities/${activity.id}/rsvps`;

    const responses = await Promise.all(
      parentIds.map((parentId) =>
        t.http().post(url).set('authorization', `Bearer ${token}`).send({ parentId }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(parentIds.map(() => 201));
    expect(responses.filter((r) => r.body.state === 'confirmed')).toHaveLength(10);
    expect(responses.filter((r) => r.body.state === 'waitlisted')).toHaveLength(190);

    const rows: { parent_id: string; status: string; position: string }[] = await t.db.query(
      `SELECT parent_id, status, position FROM activity_rsvp WHERE activity_id = $1 ORDER BY position`,
      [activity.id],
    );
    const confirmed = rows.filter((r) => r.status === 'confirmed').map((r) => r.parent_id);
    const waitlist = rows.filter((r) => r.status === 'waitlisted').map((r) => r.parent_id);
    expect(confirmed).toHaveLength(10);
    expect(waitlist).toHaveLength(190);
    // The first ten to sign up got the places; the rest wait in the order they signed up.
    expect(rows.slice(0, 10).every((r) => r.status === 'confirmed')).toBe(true);
    const [{ confirmed_count }]: { confirmed_count: number }[] = await t.db.query(
      'SELECT confirmed_count FROM activity WHERE id = $1',
      [activity.id],
    );
    expect(confirmed_count).toBe(10);
    // Each waitlisted parent was told how many were before them at sign-up: exactly their place now.
    const told: { parent_id: string; ahead: number }[] = await t.db.query(
      `SELECT parent_id, (payload->>'ahead')::int AS ahead FROM notification WHERE subject_id = $1 AND kind = 'activity_waitlisted'`,
      [activity.id],
    );
    const aheadOf = new Map(told.map((r) => [r.parent_id, r.ahead]));
    expect(told).toHaveLength(190);
    expect(waitlist.map((id) => aheadOf.get(id))).toEqual(waitlist.map((_, i) => i));
    const list = await t.http().get(url).set('authorization', `Bearer ${token}`).expect(200);
    expect(list.body.waitlist.map((r: { parentId: string }) => r.parentId)).toEqual(waitlist);

    // The database refuses an 11th confirmed sign-up even when the service is bypassed.
    await expect(
      t.db.query(
        `UPDATE activity_rsvp SET status = 'confirmed', confirmed_at = now() WHERE parent_id = $1 AND activity_id = $2`,
        [waitlist[0], activity.id],
      ),
    ).rejects.toThrow(/activity_capacity_not_exceeded/);

    // Three cancel at the same time: exactly the next three move up, each told once.
    const cancelling = confirmed.slice(0, 3);
    const cancels = await Promise.all(
      cancelling.map((p) => t.http().delete(`${url}/${p}`).set('authorization', `Bearer ${token}`)),
    );
    expect(cancels.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(cancels.reduce((sum, r) => sum + (r.body.promoted as number), 0)).toBe(3);
    const after: { parent_id: string; status: string }[] = await t.db.query(
      `SELECT parent_id, status FROM activity_rsvp WHERE activity_id = $1 ORDER BY position`,
      [activity.id],
    );
    const nowConfirmed = after.filter((r) => r.status === 'confirmed').map((r) => r.parent_id);
    expect(nowConfirmed.sort()).toEqual([...confirmed.slice(3), ...waitlist.slice(0, 3)].sort());
    const promoted: { parent_id: string; n: number }[] = await t.db.query(
      `SELECT parent_id, count(*)::int AS n FROM notification WHERE subject_id = $1 AND kind = 'activity_promoted' GROUP BY parent_id`,
      [activity.id],
    );
    expect(promoted.map((r) => r.parent_id).sort()).toEqual(waitlist.slice(0, 3).sort());
    expect(promoted.every((r) => r.n === 1)).toBe(true);
    expect(after.filter((r) => r.status === 'waitlisted').map((r) => r.parent_id)).toEqual(
      waitlist.slice(3),
    );
  });

  it('gives the same answer to a parent signing up twice at once, and lets the parent page act through RsvpService', async () => {
    const activity = await schedule(
      t,
      a.coordinator.token,
      a.schoolId,
      anActivity({ capacity: 1 }),
    );
    const [first, second, other] = await bulkParents(t, a.schoolId, 3);
    const rsvps = t.app.get(RsvpService);
    const me = (parentId: string) => ({
      kind: 'parent' as const,
      parentId,
      ip: undefined,
      requestId: undefined,
    });
    const twice = await Promise.all([
      rsvps.signUp(me(first), a.schoolId, activity.id, first),
      rsvps.signUp(me(first), a.schoolId, activity.id, first),
    ]);
    expect(twice.map((o) => o.state)).toEqual(['confirmed', 'confirmed']);
    expect(twice.filter((o) => o.changed)).toHaveLength(1);
    const confirmations: unknown[] = await t.db.query(
      `SELECT 1 FROM notification WHERE subject_id = $1 AND kind = 'activity_confirmed'`,
      [activity.id],
    );
    expect(confirmations).toHaveLength(1);

    await rsvps.signUp(me(second), a.schoolId, activity.id, second);
    expect(await rsvps.viewForParent(a.schoolId, activity.id, second)).toMatchObject({
      rsvp: { state: 'waitlisted', ahead: 0 },
      placesLeft: 0,
      full: true,
      cancelled: false,
      past: false,
      canSignUp: false,
      canCancel: true,
      activity: {
        id: activity.id,
        kind: 'coffee_morning',
        capacity: 1,
        timeZone: 'Europe/Amsterdam',
      },
    });
    expect(await rsvps.viewForParent(a.schoolId, activity.id, other)).toMatchObject({
      rsvp: { state: 'none', ahead: null },
      canSignUp: true,
      canCancel: false,
    });
    await expect(rsvps.signUp(me(other), a.schoolId, activity.id, first)).rejects.toMatchObject({
      code: 'rsvp.other_parent',
      kind: 'forbidden',
    });

    const cancelled = await rsvps.cancel(me(first), a.schoolId, activity.id, first);
    expect(cancelled).toMatchObject({ state: 'none', changed: true, promoted: 1 });
    expect(await rsvps.viewForParent(a.schoolId, activity.id, second)).toMatchObject({
      rsvp: { state: 'confirmed', ahead: null },
    });
    // Signing up again after cancelling joins the back of the queue, with a new confirmation round.
    expect(await rsvps.signUp(me(first), a.schoolId, activity.id, first)).toMatchObject({
      state: 'waitlisted',
      ahead: 0,
      changed: true,
    });
    const audit: { actor_type: string; action: string }[] = await t.db.query(
      `SELECT actor_type, action FROM audit_log WHERE entity_id = $1 ORDER BY id`,
      [first],
    );
    expect(audit).toEqual([
      { actor_type: 'parent', action: 'activity.rsvp' },
      { actor_type: 'parent', action: 'activity.rsvp_cancel' },
      { actor_type: 'parent', action: 'activity.rsvp' },
    ]);
  });
});
