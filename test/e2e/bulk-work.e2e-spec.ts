import { anActivity, bulkParents, schedule } from '../factories/activity.factory';
import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';
import { workspaceAgent } from '../support/workspace';

const HEADER =
  'external_id,given_name,family_name,household,role,capacity,languages,dutch_level,message_language,channels,email,consent_matching,consent_messages_email';

/** `n` valid rows (ids prefix-0 …), every third a buddy; `bad` lines (0-based) get capacity 9. */
function rows(n: number, prefix: string, bad: number[] = []): string[] {
  return Array.from({ length: n }, (_, i) => {
    const buddy = i % 3 === 0;
    const capacity = bad.includes(i) ? '9' : buddy ? '1' : '';
    return `${prefix}-${i},Ouder${i},Familie,${i % 10 === 0 ? `H${i}` : ''},${buddy ? 'buddy' : 'seeker'},${capacity},nl:native,native,nl,email,${prefix.toLowerCase()}${i}@example.org,ja,ja`;
  });
}

describe('bulk work: set-based invitations, batched imports, import jobs, lists', () => {
  let t: TestApp;
  let s: SchoolFixture;
  const api = (path: string) => `/api/v1/schools/${s.schoolId}${path}`;
  const auth = () => `Bearer ${s.coordinator.token}`;

  beforeAll(async () => {
    t = await createTestApp();
    s = await aSchool(t, (await aPlatformAdmin(t)).token);
  });
  afterAll(() => t.close());

  describe('invitations', () => {
    it('invites 600 parents with one message and one link each, and a second invitation adds nobody', async () => {
      await bulkParents(t, s.schoolId, 600);
      const act = await schedule(t, s.coordinator.token, s.schoolId, anActivity({ capacity: 5 }));
      const first = await t
        .http()
        .post(api(`/activities/${act.id}/invitations`))
        .set('authorization', auth())
        .send({ audience: 'all' })
        .expect(200);
      expect(first.body).toMatchObject({
        invited: 600,
        alreadyInvited: 0,
        byLanguage: { nl: 600 },
        byChannel: { email: 600 },
      });
      const [counts] = await t.db.query<
        { invitations: number; messages: number; links: number; linked: number }[]
      >(
        `SELECT (SELECT count(*)::int FROM activity_invitation WHERE activity_id = $1) AS invitations,
                (SELECT count(*)::int FROM notification WHERE subject_id = $1 AND kind = 'activity_invitation') AS messages,
                (SELECT count(*)::int FROM parent_link WHERE subject_id = $1 AND purpose = 'activity') AS links,
                (SELECT count(*)::int FROM notification n JOIN parent_link l ON l.id = n.link_id
                  WHERE n.subject_id = $1 AND l.parent_id = n.parent_id) AS linked`,
        [act.id],
      );
      expect(counts).toEqual({ invitations: 600, messages: 600, links: 600, linked: 600 });
      const again = await t
        .http()
        .post(api(`/activities/${act.id}/invitations`))
        .set('authorization', auth())
        .send({ audience: 'all' })
        .expect(200);
      expect(again.body).toMatchObject({ invited: 0, alreadyInvited: 600 });
      const [{ n }] = await t.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM notification WHERE subject_id = $1`,
        [act.id],
      );
      expect(n).toBe(600);
    });

    it('lets a sign-up for the activity through while an invitation is being written', async () => {
      const [parentId] = await bulkParents(t, s.schoolId, 1);
      const act = await schedule(t, s.coordinator.token, s.schoolId, anActivity({ capacity: 5 }));
      // An invitation's transaction holding its invitation rows (the key-share lock their
      // foreign key takes) must not make a sign-up wait: the sign-up locks FOR NO KEY UPDATE.
      const runner = t.db.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await runner.query(
          `INSERT INTO activity_invitation (activity_id, parent_id, school_id) VALUES ($1, $2, $3)`,
          [act.id, parentId, s.schoolId],
        );
        const signUp = await t
          .http()
          .post(api(`/activities/${act.id}/rsvps`))
          .set('authorization', auth())
          .send({ parentId })
          .timeout(5000);
        expect(signUp.status).toBe(201);
        expect(signUp.body.state).toBe('confirmed');
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    });
  });

  describe('import', () => {
    const send = (_: string) =>
      t
        .http()
        .post(api('/parents/import'))
        .set('authorization', auth())
        .set('content-type', 'text/csv');

    it('writes 500 rows in batches: every valid row whole, the rejected one not at all, in file order', async () => {
      const res = await send('')
        .send([HEADER, ...rows(500, 'B', [7])].join('\n'))
        .expect(200);
      expect(res.body).toMatchObject({ created: 499, updated: 0, unchanged: 0, rejected: 1 });
      expect(res.body.rows).toHaveLength(500);
      expect(res.body.rows[7]).toMatchObject({ line: 9, externalId: 'B-7', result: 'rejected' });
      expect(res.body.rows.map((r: { line: number }) => r.line)).toEqual(
        Array.from({ length: 500 }, (_, i) => i + 2),
      );
      const [stored] = await t.db.query<
        { parents: number; hashed: number; welcomes: number; audits: number; b7: number }[]
      >(
        `SELECT count(*)::int AS parents,
                count(*) FILTER (WHERE p.email_hash IS NOT NULL AND p.email <> p.email_hash)::int AS hashed,
                (SELECT count(*)::int FROM notification n JOIN parent q ON q.id = n.parent_id
                  WHERE q.external_ref LIKE 'B-%' AND n.kind = 'welcome' AND n.link_id IS NOT NULL) AS welcomes,
                (SELECT count(*)::int FROM audit_log a JOIN parent q ON q.id::text = a.entity_id
                  WHERE q.external_ref LIKE 'B-%' AND a.action = 'parent.create') AS audits,
                count(*) FILTER (WHERE p.external_ref = 'B-7')::int AS b7
           FROM parent p WHERE p.school_id = $1 AND p.external_ref LIKE 'B-%'`,
        [s.schoolId],
      );
      expect(stored).toEqual({ parents: 499, hashed: 499, welcomes: 499, audits: 499, b7: 0 });
      const byId = new Map(
        (
          await t.db.query<{ id: string; external_ref: string; given_name: string }[]>(
            `SELECT id, external_ref, given_name FROM parent WHERE school_id = $1 AND external_ref LIKE 'B-%'`,
            [s.schoolId],
          )
        ).map((p) => [p.id, p]),
      );
      for (const r of res.body.rows.filter((x: { result: string }) => x.result === 'created'))
        expect(byId.get(r.parentId)?.external_ref).toBe(r.externalId);
      // The same file again changes nothing.
      const again = await send('')
        .send([HEADER, ...rows(500, 'B', [7])].join('\n'))
        .expect(200);
      expect(again.body).toMatchObject({ created: 0, unchanged: 499, rejected: 1 });
    });

    it('imports a file of more than 500 rows as a job: 202, a status to poll, then the report', async () => {
      const res = await send('')
        .send([HEADER, ...rows(700, 'J', [3, 650])].join('\n'))
        .expect(202);
      const location = res.headers.location;
      expect(location).toMatch(
        new RegExp(`^/api/v1/schools/${s.schoolId}/parents/import/jobs/[0-9a-f-]{36}$`),
      );
      expect(res.body).toMatchObject({ status: 'running', statusUrl: location, done: 0 });
      let job = res.body as { status: string; done: number; total: number; report?: unknown };
      for (let i = 0; i < 200 && job.status === 'running'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        job = (await t.http().get(location).set('authorization', auth()).expect(200)).body;
      }
      expect(job).toMatchObject({
        status: 'done',
        total: 698,
        done: 698,
        report: { created: 698, updated: 0, unchanged: 0, rejected: 2 },
      });
      const [{ n }] = await t.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM parent WHERE school_id = $1 AND external_ref LIKE 'J-%'`,
        [s.schoolId],
      );
      expect(n).toBe(698);
    });

    it("answers 404 for another school's job, an unknown one and a malformed id", async () => {
      const other = await aSchool(t, (await aPlatformAdmin(t)).token);
      const res = await send('')
        .send([HEADER, ...rows(501, 'K')].join('\n'))
        .expect(202);
      const jobId = res.headers.location.split('/').pop()!;
      await t
        .http()
        .get(`/api/v1/schools/${other.schoolId}/parents/import/jobs/${jobId}`)
        .set('authorization', `Bearer ${other.coordinator.token}`)
        .expect(404);
      await t
        .http()
        .get(api('/parents/import/jobs/00000000-0000-4000-8000-000000000000'))
        .set('authorization', auth())
        .expect(404);
      await t.http().get(api('/parents/import/jobs/nope')).set('authorization', auth()).expect(404);
    });
  });

  describe('import in the workspace', () => {
    it('sends a large file to its job page, which refreshes itself until it shows the report', async () => {
      const { agent, csrf } = await workspaceAgent(t, s.coordinator.email);
      const file = Buffer.from([HEADER, ...rows(520, 'W', [5])].join('\r\n'));
      const started = await agent
        .post(`/schools/${s.schoolId}/parents/import?_csrf=${encodeURIComponent(csrf)}`)
        .field('step', 'import')
        .field('filename', 'groot.csv')
        .field('content', file.toString('base64'))
        .expect(303);
      const jobPage = started.headers.location;
      expect(jobPage).toMatch(
        new RegExp(`^/schools/${s.schoolId}/parents/import/jobs/[0-9a-f-]{36}$`),
      );
      let page = await agent.get(jobPage).expect(200);
      for (let i = 0; i < 200 && page.headers.refresh; i++) {
        // While running: the progress, a link to look again, and the Refresh header.
        expect(page.headers.refresh).toBe('2');
        expect(page.text).toContain(`href="${jobPage}"`);
        // The rows to write: the rows of the file until they are checked, then the valid ones.
        expect(page.text).toMatch(/<progress\s+id="import-progress"\s+max="(520|519)"/);
        await new Promise((resolve) => setTimeout(resolve, 50));
        page = await agent.get(jobPage).expect(200);
      }
      expect(page.headers.refresh).toBeUndefined();
      expect(page.text).toContain('Verslag van de import');
      expect(page.text).toContain('groot-afgewezen.csv');
      const [{ n }] = await t.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM parent WHERE school_id = $1 AND external_ref LIKE 'W-%'`,
        [s.schoolId],
      );
      expect(n).toBe(519);
    });
  });

  describe('parents list', () => {
    it('tells the exact total on a short page, a full page and past the end', async () => {
      const fresh = await aSchool(t, (await aPlatformAdmin(t)).token);
      await bulkParents(t, fresh.schoolId, 7);
      const list = (qs: string) =>
        t
          .http()
          .get(`/api/v1/schools/${fresh.schoolId}/parents?${qs}`)
          .set('authorization', `Bearer ${fresh.coordinator.token}`)
          .expect(200)
          .then((r) => [r.body.items.length, r.body.total]);
      expect(await list('pageSize=5')).toEqual([5, 7]);
      expect(await list('pageSize=5&page=2')).toEqual([2, 7]);
      expect(await list('pageSize=7')).toEqual([7, 7]);
      expect(await list('pageSize=5&page=3')).toEqual([0, 7]);
      const entries = await t.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_log WHERE school_id = $1 AND action = 'parent.list'`,
        [fresh.schoolId],
      );
      expect(entries[0].n).toBe(4);
    });
  });
});
