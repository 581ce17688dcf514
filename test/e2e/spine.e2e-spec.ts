import { aBuddy, aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture, schoolApi } from '../factories/staff.factory';
import { formTokenIn, linkOf } from '../support/parent-link';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * The path that must always work: a consultant enrolls two parents → a matching run
 * proposes them with reasons → the consultant approves → each parent gets an introduction
 * in their own language → each accepts through the link → the school sees an active pair.
 */
describe('the spine: enroll, match, approve, accept by link, active pair on the dashboard', () => {
  let t: TestApp;
  let s: SchoolFixture;

  beforeAll(async () => {
    t = await createTestApp();
    s = await aSchool(t, (await aPlatformAdmin(t)).token);
  });
  afterAll(() => t.close());

  const staff = (method: 'get' | 'post', path: string) =>
    schoolApi(t, s.schoolId, s.coordinator.token)(method, path);

  it('walks the whole path', async () => {
    const amina = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({
        givenName: 'Amina',
        languages: [
          { code: 'ar', level: 'native' },
          { code: 'nl', level: 'basic' },
        ],
        dutchLevel: 'basic',
        messageLanguage: 'ar',
      }),
    );
    const ewa = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aBuddy({
        givenName: 'Ewa',
        languages: [
          { code: 'pl', level: 'native' },
          { code: 'ar', level: 'fluent' },
          { code: 'nl', level: 'fluent' },
        ],
        messageLanguage: 'pl',
      }),
    );

    const run = await staff('post', '/matching/runs?lang=nl&wait=true').expect(201);
    expect(run.body.proposals).toHaveLength(1);
    const proposal = run.body.proposals[0];
    expect(proposal.reasons.map((r: { text: string }) => r.text)).toContain(
      'Spreken allebei Arabisch.',
    );

    await staff('post', `/matches/${proposal.id}/approve`).expect(200);

    // Amina's page is in Arabic, right to left; Ewa's in Polish.
    const aminaLink = await linkOf(t, amina.id, 'intro_seeker');
    const page = await t.http().get(aminaLink).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toMatch(/<html lang="ar" dir="rtl">/);
    expect(page.text).toContain('Ewa');
    expect(page.text).not.toMatch(/\b(parent|staff|buddy|pages)\.[a-zA-Z_]+\b/); // no untranslated key
    expect(page.text).not.toContain('Test'); // no family name of the other parent
    const ewaLink = await linkOf(t, ewa.id, 'intro_buddy');
    const ewaPage = await t.http().get(ewaLink).expect(200);
    expect(ewaPage.text).toMatch(/<html lang="pl" dir="ltr">/);

    const accepted = await t
      .http()
      .post(aminaLink)
      .type('form')
      .send({ form: formTokenIn(page.text), action: 'accept' })
      .expect(303);
    expect(accepted.headers.location).toBe(`${aminaLink}?done=accepted`);
    // A double tap changes nothing.
    await t
      .http()
      .post(aminaLink)
      .type('form')
      .send({ form: formTokenIn(page.text), action: 'accept' })
      .expect(303);
    await t
      .http()
      .post(ewaLink)
      .type('form')
      .send({ form: formTokenIn(ewaPage.text), action: 'accept' })
      .expect(303);

    const match = await staff('get', `/matches/${proposal.id}`).expect(200);
    expect(match.body).toMatchObject({
      status: 'active',
      seekerResponse: 'accepted',
      buddyResponse: 'accepted',
    });
    const audit = await t.db.query(
      `SELECT action, actor_type FROM audit_log WHERE entity_id = $1 AND action LIKE 'match.accept' ORDER BY id`,
      [proposal.id],
    );
    expect(audit).toEqual([
      { action: 'match.accept', actor_type: 'parent' },
      { action: 'match.accept', actor_type: 'parent' },
    ]);

    const dashboard = await t
      .http()
      .get(`/api/v1/schools/${s.schoolId}/dashboard`)
      .set('authorization', `Bearer ${s.viewer.token}`)
      .expect(200);
    // A viewer sees figures only, and "fewer than 5" instead of a count of 1 to 4 parents.
    expect(dashboard.body.figures).toMatchObject({
      enrolled: null,
      activePairs: null,
      waiting: 0,
      proposed: 0,
    });
    expect(dashboard.body.hidden).toMatchObject({
      'figures.enrolled': 'small',
      'figures.activePairs': 'small',
    });
    expect(dashboard.body.pairs).toBeUndefined();
    const forCoordinator = await staff('get', '/dashboard').expect(200);
    expect(forCoordinator.body.figures).toMatchObject({
      enrolled: 2,
      activePairs: 1,
      waiting: 0,
      proposed: 0,
    });
    expect(forCoordinator.body.pairs).toEqual([
      expect.objectContaining({ status: 'active', seeker: 'Amina', buddy: 'Ewa' }),
    ]);
  });

  it('refuses a post without the page’s form token, and an unknown link, with friendly pages', async () => {
    const p = await enroll(t, s.coordinator.token, s.schoolId, aSeeker());
    const link = await linkOf(t, p.id, 'welcome');
    const forged = await t.http().post(link).type('form').send({ action: 'stop_all' }).expect(403);
    expect(forged.text).toMatch(/<html lang="ar" dir="rtl">/);
    const unknown = await t
      .http()
      .get('/p/' + 'A'.repeat(43))
      .expect(404);
    expect(unknown.text).toContain('Deze link werkt niet meer');
    expect(unknown.text).toContain('This link does not work any more');
  });
});
