/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */
import { MatchFollowUpTask } from '../../src/matching/match-follow-up.task';
import { aBuddy, aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';

const DAY = 86_400_000;

describe('buddy matching: from proposal to the end', () => {
  let t: TestApp;
  let platformToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    platformToken = (await aPlatformAdmin(t)).token;
  });
  afterAll(() => t.close());

  async function freshSchool(): Promise<{
    s: SchoolFixture;
    api: (
      method: 'get' | 'post',
      path: string,
      body?: object,
    ) => Promise<{ status: number; body: Record<string, any> }>;
  }> {
    const s = await aSchool(t, platformToken);
    const api = async (method: 'get' | 'post', path: string, body?: object) => {
      const req = t
        .call(method, `/api/v1/schools/${s.schoolId}${path}`)
        .set('authorization', `Bearer ${s.coordinator.token}`);
      const res = await (body ? req.send(body) : req);
      return { status: res.status, body: res.body };
    };
    return { s, api };
  }

  const notifications = (matchId: string) =>
    t.db.query(
      `SELECT parent_id, kind, payload FROM notification WHERE subject_id = $1 ORDER BY kind, parent_id`,
      [matchId],
    );

  it('proposes the parent with the shared experience and language, explains why, and follows the pair to active', async () => {
    const { s, api } = await freshSchool();
    const father = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({
        givenName: 'Karim',
        languages: [
          { code: 'ar', level: 'native' },
          { code: 'nl', level: 'basic' },
        ],
        dutchLevel: 'basic',
        messageLanguage: 'ar',
        situations: [{ code: 'dyslexia', stance: 'seeking', shareWithBuddy: true }],
      }),
    );
    const experienced = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aBuddy({
        givenName: 'Salma',
        languages: [
          { code: 'ar', level: 'native' },
          { code: 'nl', level: 'fluent' },
        ],
        situations: [{ code: 'dyslexia', stance: 'experienced', shareWithBuddy: true }],
      }),
    );
    await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aBuddy({
        givenName: 'Joost',
        languages: [
          { code: 'nl', level: 'native' },
          { code: 'ar', level: 'conversational' },
        ],
        messageLanguage: 'nl',
        situations: [],
      }),
    );

    const run = await api('post', '/matching/runs?lang=en');
    expect(run.status).toBe(201);
    expect(run.body.stats).toMatchObject({ seekers: 1, matched: 1 });
    expect(run.body.unmatched).toEqual([]);
    const [proposal] = run.body.proposals;
    expect(proposal).toMatchObject({
      status: 'proposed',
      seeker: { id: father.id, givenName: 'Karim' },
      buddy: { id: experienced.id, givenName: 'Salma' },
    });
    const texts = proposal.reasons.map((r: { text: string }) => r.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        'Both speak Arabic.',
        'Experience with what the seeking parent looks for: Child with dyslexia.',
      ]),
    );
    const situation = proposal.reasons.find(
      (r: { code: string }) => r.code === 'situation_experience',
    );
    // dyslexia is health data, but both parents chose to share it with their buddy
    expect(situation.staffOnly).toBe(false);

    const approved = await api('post', `/matches/${proposal.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    const intros = await notifications(proposal.id);
    expect(intros.map((n: { kind: string; parent_id: string }) => [n.kind, n.parent_id])).toEqual([
      ['intro_buddy', experienced.id],
      ['intro_seeker', father.id],
    ]);
    for (const n of intros)
      expect(n.payload.reasons).toContainEqual({
        code: 'situation_experience',
        params: { situation: 'dyslexia' },
      });
    expect(intros[1].payload).toMatchObject({ otherName: 'Salma', responseDays: 5 });

    // Approving twice changes nothing.
    expect((await api('post', `/matches/${proposal.id}/approve`)).status).toBe(200);
    expect(await notifications(proposal.id)).toHaveLength(2);

    await api('post', `/matches/${proposal.id}/responses`, {
      parentId: father.id,
      response: 'accept',
    });
    const active = await api('post', `/matches/${proposal.id}/responses`, {
      parentId: experienced.id,
      response: 'accept',
    });
    expect(active.body).toMatchObject({
      status: 'active',
      seekerResponse: 'accepted',
      buddyResponse: 'accepted',
    });
    const after = await notifications(proposal.id);
    expect(
      after
        .filter((n: { kind: string }) => n.kind === 'both_accepted')
        .map((n: { payload: { contact: string } }) => n.payload.contact)
        .sort(),
    ).toEqual([father.email, experienced.email].sort());
    const checkIns = await t.db.query(
      `SELECT next_attempt_at FROM notification WHERE subject_id = $1 AND kind = 'check_in'`,
      [proposal.id],
    );
    expect(checkIns).toHaveLength(4);
    for (const c of checkIns)
      expect(new Date(c.next_attempt_at).getTime()).toBeGreaterThan(Date.now() + 13 * DAY);
    const statuses = await t.db.query(`SELECT status FROM parent WHERE id IN ($1, $2)`, [
      father.id,
      experienced.id,
    ]);
    expect(statuses).toEqual([{ status: 'matched' }, { status: 'matched' }]);

    // The next run leaves the active pair alone.
    const again = await api('post', '/matching/runs');
    expect(again.body.proposals).toEqual([]);

    const ended = await api('post', `/matches/${proposal.id}/end`, {
      reason: 'completed',
      outcome: 'good',
    });
    expect(ended.body.status).toBe('ended');
    const skipped = await t.db.query(
      `SELECT status FROM notification WHERE subject_id = $1 AND kind = 'check_in'`,
      [proposal.id],
    );
    expect(skipped.every((n: { status: string }) => n.status === 'skipped')).toBe(true);
  });

  it('after a decline the seeker is told, goes back with priority, and gets another buddy; the pair is not proposed again', async () => {
    const { s, api } = await freshSchool();
    const seeker = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({
        givenName: 'Olena',
        languages: [
          { code: 'uk', level: 'native' },
          { code: 'ru', level: 'fluent' },
        ],
        dutchLevel: 'none',
        messageLanguage: 'uk',
      }),
    );
    const first = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aBuddy({
        givenName: 'Iryna',
        languages: [{ code: 'uk', level: 'native' }],
        situations: [{ code: 'new_to_school', stance: 'experienced' }],
      }),
    );
    const second = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aBuddy({
        givenName: 'Pavel',
        languages: [{ code: 'ru', level: 'native' }],
        situations: [{ code: 'new_to_school', stance: 'experienced' }],
      }),
    );
    const run = await api('post', '/matching/runs');
    const [proposal] = run.body.proposals;
    expect(proposal.buddy.id).toBe(first.id); // Ukrainian is her mother tongue
    await api('post', `/matches/${proposal.id}/approve`);
    const declined = await api('post', `/matches/${proposal.id}/responses`, {
      parentId: first.id,
      response: 'decline',
      reason: 'no_time',
    });
    expect(declined.body).toMatchObject({ status: 'declined', declineReason: 'no_time' });
    expect((await notifications(proposal.id)).map((n: { kind: string }) => n.kind)).toEqual([
      'buddy_declined',
      'intro_buddy',
      'intro_seeker',
    ]);
    const [back] = await t.db.query(`SELECT status FROM parent WHERE id = $1`, [seeker.id]);
    expect(back.status).toBe('waiting');
    const rematch = await api('post', '/matching/runs');
    expect(
      rematch.body.proposals.map((p: { seeker: { id: string }; buddy: { id: string } }) => [
        p.seeker.id,
        p.buddy.id,
      ]),
    ).toEqual([[seeker.id, second.id]]);
    // A late answer on the declined match is refused.
    expect(
      (
        await api('post', `/matches/${proposal.id}/responses`, {
          parentId: seeker.id,
          response: 'accept',
        })
      ).status,
    ).toBe(409);
  });

  it('never lets concurrent approvals overfill a buddy', async () => {
    const { s, api } = await freshSchool();
    const buddy = await enroll(t, s.coordinator.token, s.schoolId, aBuddy({ capacity: 1 }));
    const seekers = await Promise.all(
      [1, 2, 3, 4].map(() => enroll(t, s.coordinator.token, s.schoolId, aSeeker())),
    );
    // Proposals from different runs that all name the same buddy (as stale lists in two browsers would).
    const ids: string[] = [];
    for (const seeker of seekers) {
      const [row] = await t.db.query(
        `INSERT INTO match (school_id, seeker_id, buddy_id, status, score, reasons, pinned) VALUES ($1, $2, $3, 'proposed', 10, '[]', false) RETURNING id`,
        [s.schoolId, seeker.id, buddy.id],
      );
      ids.push(row.id);
    }
    const results = await Promise.all(ids.map((id) => api('post', `/matches/${id}/approve`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual([
      'match.buddy_full',
      'match.buddy_full',
      'match.buddy_full',
    ]);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM match WHERE buddy_id = $1 AND status IN ('approved', 'active')`,
      [buddy.id],
    );
    expect(n).toBe(1);
  });

  it('reminds parents who do not answer, then flags the pair for the consultant', async () => {
    const { s, api } = await freshSchool();
    const seeker = await enroll(t, s.coordinator.token, s.schoolId, aSeeker());
    const buddy = await enroll(t, s.coordinator.token, s.schoolId, aBuddy());
    const [proposal] = (await api('post', '/matching/runs')).body.proposals;
    await api('post', `/matches/${proposal.id}/approve`);
    await api('post', `/matches/${proposal.id}/responses`, {
      parentId: buddy.id,
      response: 'accept',
    });
    const task = t.app.get(MatchFollowUpTask);
    const reminders = () =>
      t.db.query(
        `SELECT parent_id FROM notification WHERE subject_id = $1 AND kind = 'response_reminder'`,
        [proposal.id],
      );
    await task.runOnce(new Date(Date.now() + 4 * DAY));
    expect(await reminders()).toEqual([]);
    await task.runOnce(new Date(Date.now() + 6 * DAY));
    await task.runOnce(new Date(Date.now() + 7 * DAY));
    expect(await reminders()).toEqual([{ parent_id: seeker.id }]); // once, only to the one who did not answer
    expect((await api('get', `/matches/${proposal.id}`)).body.needsAttention).toBe(false);
    await task.runOnce(new Date(Date.now() + 11 * DAY));
    expect((await api('get', `/matches/${proposal.id}`)).body.needsAttention).toBe(true);
    const flagged = await api('get', '/matches?needsAttention=true');
    expect(flagged.body.items.map((m: { id: string }) => m.id)).toEqual([proposal.id]);
    expect((await api('get', '/matches?needsAttention=maybe')).status).toBe(400);
  });

  it('honours pins and forbids, and explains who stays unmatched', async () => {
    const { s, api } = await freshSchool();
    const seeker = await enroll(t, s.coordinator.token, s.schoolId, aSeeker());
    const good = await enroll(t, s.coordinator.token, s.schoolId, aBuddy());
    const other = await enroll(t, s.coordinator.token, s.schoolId, aBuddy());
    const lonely = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({
        languages: [{ code: 'ti', level: 'native' }],
        dutchLevel: 'none',
        messageLanguage: 'ti',
      }),
    );
    expect(
      (
        await api('post', '/matching/rules', {
          seekerId: seeker.id,
          buddyId: good.id,
          kind: 'forbid',
        })
      ).status,
    ).toBe(201);
    const run = await api('post', '/matching/runs?lang=en');
    expect(run.body.proposals.map((p: { buddy: { id: string } }) => p.buddy.id)).toEqual([
      other.id,
    ]);
    expect(run.body.unmatched).toEqual([
      {
        parent: { id: lonely.id, givenName: lonely.givenName, familyName: 'Test' },
        reason: 'no_shared_language',
        candidates: 0,
        text: 'Nobody who offers to be a buddy speaks a language of this parent.',
      },
    ]);
    const invalidPin = await api('post', '/matching/rules', {
      seekerId: lonely.id,
      buddyId: other.id,
      kind: 'pin',
    });
    expect(invalidPin.status).toBe(201);
    const refused = await api('post', '/matching/runs');
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('matching.pin_invalid');
  });
});
