/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */
import { AuditService } from '../../src/audit/audit.service';
import { MatchFollowUpTask } from '../../src/matching/match-follow-up.task';
import { MatchingRunPool } from '../../src/matching/run/matching-run.pool';
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

    const run = await api('post', '/matching/runs?lang=en&wait=true');
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
    // The other parent by reference: the name is filled in when the message is sent.
    expect(intros[1].payload).toMatchObject({ otherParentId: experienced.id, responseDays: 5 });
    expect(intros[1].payload).not.toHaveProperty('otherName');

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
    // Both agreed to share contact details: each message refers to the other parent, whose
    // address is filled in at sending (and never stored in the payload).
    expect(
      after
        .filter((n: { kind: string }) => n.kind === 'both_accepted')
        .map((n: { parent_id: string; payload: Record<string, unknown> }) => [
          n.parent_id,
          n.payload,
        ])
        .sort(),
    ).toEqual(
      [
        [father.id, { matchId: proposal.id, otherParentId: experienced.id, shareContact: true }],
        [experienced.id, { matchId: proposal.id, otherParentId: father.id, shareContact: true }],
      ].sort(),
    );
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
    const again = await api('post', '/matching/runs?wait=true');
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
    const run = await api('post', '/matching/runs?wait=true');
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
    const rematch = await api('post', '/matching/runs?wait=true');
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
    const [proposal] = (await api('post', '/matching/runs?wait=true')).body.proposals;
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
    const run = await api('post', '/matching/runs?lang=en&wait=true');
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
    const refused = await api('post', '/matching/runs?wait=true');
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('matching.pin_invalid');
  });

  describe('runs off the request thread', () => {
    async function twoPairs() {
      const fixture = await freshSchool();
      const { s } = fixture;
      const seekers = [];
      for (const givenName of ['Amal', 'Bram']) {
        seekers.push(await enroll(t, s.coordinator.token, s.schoolId, aSeeker({ givenName })));
        await enroll(
          t,
          s.coordinator.token,
          s.schoolId,
          aBuddy({ givenName: `${givenName}s buddy` }),
        );
      }
      return { ...fixture, seekers };
    }

    async function poll(api: Awaited<ReturnType<typeof freshSchool>>['api'], path: string) {
      for (let i = 0; i < 300; i++) {
        const res = await api('get', path);
        if (res.body.status === 'done' || res.body.status === 'failed') return res;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('the run did not finish');
    }

    it('answers 202 with the queued run and its Location, then shows progress and pages the proposals', async () => {
      const { s, api, seekers } = await twoPairs();
      const started = await t
        .http()
        .post(`/api/v1/schools/${s.schoolId}/matching/runs`)
        .set('authorization', `Bearer ${s.coordinator.token}`)
        .expect(202);
      expect(started.headers.location).toBe(
        `/api/v1/schools/${s.schoolId}/matching/runs/${started.body.id}`,
      );
      expect(started.body).toMatchObject({
        status: 'queued',
        progress: 0,
        phase: null,
        durationMs: 0,
        error: null,
      });
      const path = started.headers.location.replace(`/api/v1/schools/${s.schoolId}`, '');
      const done = await poll(api, `${path}?pageSize=1`);
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({
        status: 'done',
        progress: 100,
        phase: null,
        error: null,
        page: 1,
        pageSize: 1,
        proposalsTotal: 2,
        stats: { seekers: 2, matched: 2 },
      });
      const ordered = [...seekers.map((x) => x.id)].sort();
      expect(done.body.proposals.map((p: any) => p.seeker.id)).toEqual([ordered[0]]);
      const second = await api('get', `${path}?pageSize=1&page=2`);
      expect(second.body.proposals.map((p: any) => p.seeker.id)).toEqual([ordered[1]]);
      expect((await api('get', `${path}?page=3&pageSize=1`)).body.proposals).toEqual([]);
      expect((await api('get', `${path}?pageSize=500`)).status).toBe(400);
      expect((await api('get', `${path}?page=0`)).status).toBe(400);
      expect((await api('post', '/matching/runs?wait=maybe')).status).toBe(400);
      const [audit] = await t.db.query(
        `SELECT details FROM audit_log WHERE action = 'matching.run' AND entity_id = $1`,
        [started.body.id],
      );
      expect(audit.details).toEqual({ proposals: 2, unmatched: 0 });
    });

    it('runs one run per school at a time (a database guard), and fails a run whose process died', async () => {
      const { s, api } = await twoPairs();
      // A run another process is computing right now.
      const [{ id: busy }] = await t.db.query(
        `INSERT INTO matching_run (school_id, weights, status, progress, phase, heartbeat_at)
         VALUES ($1, '{}', 'running', 40, 'candidates', now()) RETURNING id`,
        [s.schoolId],
      );
      await expect(
        t.db.query(
          `INSERT INTO matching_run (school_id, weights, status, progress) VALUES ($1, '{}', 'queued', 0)`,
          [s.schoolId],
        ),
      ).rejects.toThrow(/matching_run_one_active_idx/);
      const refused = await api('post', '/matching/runs');
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'matching.run_in_progress', runId: busy });
      expect((await api('get', `/matching/runs/${busy}`)).body).toMatchObject({
        status: 'running',
        progress: 40,
        phase: 'candidates',
        stats: null,
        proposals: [],
        proposalsTotal: 0,
      });
      // Its process died: no heartbeat for two minutes.
      await t.db.query(
        `UPDATE matching_run SET heartbeat_at = now() - interval '2 minutes' WHERE id = $1`,
        [busy],
      );
      expect((await api('get', `/matching/runs/${busy}`)).body).toMatchObject({
        status: 'failed',
        error: { code: 'matching.run_interrupted' },
      });
      expect((await api('post', '/matching/runs?wait=true')).status).toBe(201);
    });

    it('marks a run failed when its thread crashes or its save fails, leaving the earlier proposals as they were', async () => {
      const { s, api } = await twoPairs();
      const first = await api('post', '/matching/runs?wait=true');
      expect(first.body.proposalsTotal).toBe(2);
      const pool = t.app.get(MatchingRunPool);
      const crash = jest
        .spyOn(pool, 'run')
        .mockRejectedValueOnce(new Error('The matching thread stopped (exit code 1)'));
      const crashed = await api('post', '/matching/runs?wait=true');
      crash.mockRestore();
      expect(crashed.status).toBe(201);
      expect(crashed.body).toMatchObject({
        status: 'failed',
        stats: null,
        proposalsTotal: 0,
        error: {
          code: 'matching.run_failed',
          message: 'The matching thread stopped (exit code 1)',
        },
      });
      // The save fails half-way (after the proposals were inserted): all of it rolls back.
      const audit = t.app.get(AuditService);
      const broken = jest.spyOn(audit, 'record').mockRejectedValueOnce(new Error('disk full'));
      const failed = await api('post', '/matching/runs?wait=true');
      broken.mockRestore();
      expect(failed.body).toMatchObject({ status: 'failed', error: { message: 'disk full' } });
      const rows = await t.db.query(
        `SELECT run_id, status FROM match WHERE school_id = $1 ORDER BY run_id, status`,
        [s.schoolId],
      );
      expect(rows).toEqual([
        { run_id: first.body.id, status: 'proposed' },
        { run_id: first.body.id, status: 'proposed' },
      ]);
      // The thread itself dies mid-run: the run fails, the next run gets a fresh thread.
      const run = pool.run.bind(pool);
      const dies = jest
        .spyOn(pool, 'run')
        .mockImplementationOnce((job, onProgress) => run({ ...job, crash: true }, onProgress));
      const died = await api('post', '/matching/runs?wait=true');
      dies.mockRestore();
      expect(died.body).toMatchObject({
        status: 'failed',
        error: {
          code: 'matching.run_failed',
          message: 'The matching thread stopped (exit code 70)',
        },
      });
      const again = await api('post', '/matching/runs?wait=true');
      expect(again.body).toMatchObject({ status: 'done', proposalsTotal: 2 });
    });

    it('computes a run again in a thread with more memory when the first one runs out of it', async () => {
      const { api } = await twoPairs();
      const pool = t.app.get(MatchingRunPool);
      const limits = pool.heapLimitsMb;
      pool.heapLimitsMb = [2, 512];
      try {
        const run = await api('post', '/matching/runs?wait=true');
        expect(run.body).toMatchObject({ status: 'done', proposalsTotal: 2, error: null });
      } finally {
        pool.heapLimitsMb = limits;
      }
    });
  });
});
