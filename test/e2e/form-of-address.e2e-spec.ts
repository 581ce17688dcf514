import { rowToPlain } from '../../src/parents/import/import-columns';
import { linkOf } from '../support/parent-link';
import { aBuddy, aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';

describe('form of address, chosen at intake', () => {
  let t: TestApp;
  let s: SchoolFixture;
  const url = (id = ''): string => `/api/v1/schools/${s.schoolId}/parents${id ? `/${id}` : ''}`;

  beforeAll(async () => {
    t = await createTestApp();
    s = await aSchool(t, (await aPlatformAdmin(t)).token);
  });
  afterAll(() => t.close());

  it('is stored when given, null when not asked, and can be changed back to not asked', async () => {
    const token = s.coordinator.token;
    const she = await enroll(t, token, s.schoolId, aSeeker({ formOfAddress: 'feminine' }));
    expect(she.formOfAddress).toBe('feminine');
    const unasked = await enroll(t, token, s.schoolId, aBuddy());
    expect(unasked.formOfAddress).toBeNull();
    const changed = await t
      .http()
      .patch(url(she.id))
      .set('authorization', `Bearer ${token}`)
      .set('if-match', `"${she.version}"`)
      .send({ formOfAddress: null });
    expect([changed.status, changed.body.formOfAddress]).toEqual([200, null]);
    const rows: { form_of_address: string | null }[] = await t.db.query(
      `SELECT form_of_address FROM parent WHERE id = ANY($1::uuid[]) ORDER BY created_at`,
      [[she.id, unasked.id]],
    );
    expect(rows.map((r) => r.form_of_address)).toEqual([null, null]);
  });

  it('refuses a value that is not a form of address (400, never guessed)', async () => {
    const res = await t
      .http()
      .post(url())
      .set('authorization', `Bearer ${s.coordinator.token}`)
      .send(aSeeker({ formOfAddress: 'female' as never }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('formOfAddress');
  });

  it("writes the parent page about the other parent in that parent's form (Tigrinya)", async () => {
    const school = await aSchool(t, (await aPlatformAdmin(t)).token);
    const token = school.coordinator.token;
    const speaks = {
      languages: [{ code: 'ti', level: 'native' as const }],
      messageLanguage: 'ti',
    };
    const seeker = await enroll(
      t,
      token,
      school.schoolId,
      aSeeker({ givenName: 'Hiwet', formOfAddress: 'feminine', ...speaks }),
    );
    const buddy = await enroll(
      t,
      token,
      school.schoolId,
      aBuddy({ givenName: 'Selam', formOfAddress: 'feminine', ...speaks }),
    );
    const post = (path: string) =>
      t
        .http()
        .post(`/api/v1/schools/${school.schoolId}${path}`)
        .set('authorization', `Bearer ${token}`);
    const run = await post('/matching/runs?wait=true').expect(201);
    await post(`/matches/${run.body.proposals[0].id as string}/approve`).expect(200);
    const seekerPage = await t
      .http()
      .get(await linkOf(t, seeker.id, 'intro_seeker'))
      .expect(200);
    expect(seekerPage.text).toContain('ወላዲት እያ'); // "she is a parent"
    expect(seekerPage.text).not.toContain('ወላዲ እዩ');
    // Without a form of address the buddy's page speaks of the seeker's family (neutral).
    await t.db.query(`UPDATE parent SET form_of_address = NULL WHERE id = $1`, [seeker.id]);
    const buddyPage = await t
      .http()
      .get(await linkOf(t, buddy.id, 'intro_buddy'))
      .expect(200);
    expect(buddyPage.text).toContain('ስድራ');
    expect(buddyPage.text).not.toMatch(/መሓዛ (ይደሊ ኣሎ|ትደሊ ኣላ)/);
  });

  it('reads the optional import column in Dutch or English', () => {
    const base = { given_name: 'Fatima', role: 'seeker' };
    expect(rowToPlain({ ...base, form_of_address: 'Vrouw' }).plain.formOfAddress).toBe('feminine');
    expect(rowToPlain({ ...base, form_of_address: 'man' }).plain.formOfAddress).toBe('masculine');
    expect(rowToPlain({ ...base, form_of_address: 'neutraal' }).plain.formOfAddress).toBe(
      'neutral',
    );
    expect('formOfAddress' in rowToPlain({ ...base, form_of_address: ' ' }).plain).toBe(false);
    // An unknown word goes to the intake rules as it is, which refuse it.
    expect(rowToPlain({ ...base, form_of_address: 'mevrouw' }).plain.formOfAddress).toBe('mevrouw');
  });
});
