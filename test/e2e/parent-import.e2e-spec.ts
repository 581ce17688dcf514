import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';
import { decrypted } from '../support/stored';

const HEADER =
  'external_id;given_name;family_name;household;role;capacity;languages;dutch_level;message_language;channels;email;phone;situations;consent_matching;consent_share_contact';

const FILE = [
  HEADER,
  'L-001;Fatima;El Amrani;H1;seeker;;ar:native|nl:basic;basic;ar;email;fatima@example.org;;new_to_school:seeking;ja;ja',
  'L-002;Youssef;El Amrani;H1;buddy;2;ar:native|nl:fluent;fluent;nl;sms;;06 2345 6789;new_to_school:experienced;ja;nee',
  'L-003;Olena;"Kovalenko; jr";;seeker;;uk:native|ru:fluent;none;uk;email;olena@example.org;;dyslexia:seeking:shared;yes;yes',
  'L-004;Bad;Capacity;;buddy;7;nl:native;native;nl;email;bad@example.org;;;ja;ja',
  'L-005;NoConsent;Buddy;;buddy;1;nl:native;native;nl;email;nc@example.org;;;nee;nee',
  'L-006;Unknown;Lang;;seeker;;xx:native;basic;nl;email;x@example.org;;;ja;ja',
  'L-001;Twice;Listed;;seeker;;nl:native;native;nl;email;t@example.org;;;ja;ja',
].join('\r\n');

describe('parent import from CSV', () => {
  let t: TestApp;
  let s: SchoolFixture;
  const url = () => `/api/v1/schools/${s.schoolId}/parents/import`;

  beforeAll(async () => {
    t = await createTestApp();
    s = await aSchool(t, (await aPlatformAdmin(t)).token);
  });
  afterAll(() => t.close());

  const send = (body: string) =>
    t
      .http()
      .post(url())
      .set('authorization', `Bearer ${s.coordinator.token}`)
      .set('content-type', 'text/csv')
      .send(body);

  it('imports valid rows and reports every rejected row with its reason', async () => {
    const res = await send(FILE).expect(200);
    expect(res.body).toMatchObject({ created: 3, updated: 0, unchanged: 0, rejected: 4 });
    expect(res.body.rows.map((r: { line: number; result: string }) => [r.line, r.result])).toEqual([
      [2, 'created'],
      [3, 'created'],
      [4, 'created'],
      [5, 'rejected'],
      [6, 'rejected'],
      [7, 'rejected'],
      [8, 'rejected'],
    ]);
    const reasons = Object.fromEntries(
      res.body.rows
        .filter((r: { result: string }) => r.result === 'rejected')
        .map((r: { line: number; errors: { field: string }[] }) => [
          r.line,
          r.errors.map((e) => e.field),
        ]),
    );
    expect(reasons).toEqual({
      5: ['capacity'],
      6: ['consents'],
      7: ['languages.0.code'],
      8: ['external_id'],
    });
    const rows = (
      await t.db.query(
        `SELECT external_ref, given_name, family_name, phone, household_id FROM parent WHERE school_id = $1 ORDER BY external_ref`,
        [s.schoolId],
      )
    ).map(decrypted);
    expect(
      rows.map((r: { external_ref: string; family_name: string; phone: string | null }) => [
        r.external_ref,
        r.family_name,
        r.phone,
      ]),
    ).toEqual([
      ['L-001', 'El Amrani', null],
      ['L-002', 'El Amrani', '+31623456789'],
      ['L-003', 'Kovalenko; jr', null],
    ]);
    expect(rows[0].household_id).toBe(rows[1].household_id);
    expect(rows[2].household_id).not.toBe(rows[0].household_id);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await t.db.query(
      `SELECT id, version FROM parent WHERE school_id = $1 ORDER BY id`,
      [s.schoolId],
    );
    const res = await send(FILE).expect(200);
    expect(res.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, rejected: 4 });
    expect(
      await t.db.query(`SELECT id, version FROM parent WHERE school_id = $1 ORDER BY id`, [
        s.schoolId,
      ]),
    ).toEqual(before);
  });

  it('updates a row whose data changed', async () => {
    const changed = [
      HEADER,
      'L-003;Olena;Kovalenko;;seeker;;uk:native|ru:fluent;basic;uk;email;olena@example.org;;dyslexia:seeking:shared;yes;yes',
    ].join('\n');
    const res = await send(changed).expect(200);
    expect(res.body).toMatchObject({ created: 0, updated: 1, unchanged: 0, rejected: 0 });
    const [row] = await t.db.query(
      `SELECT family_name, dutch_level, version FROM parent WHERE external_ref = 'L-003'`,
    );
    expect(row).toEqual({ family_name: 'Kovalenko', dutch_level: 'basic', version: 2 });
  });

  it('refuses a file with an unknown or missing column, stating which', async () => {
    const res = await send('external_id,given_name,shoe_size\nX,Y,42').expect(422);
    expect(res.body.code).toBe('import.bad_header');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'role',
      'languages',
      'dutch_level',
      'message_language',
      'channels',
      'consent_matching',
      'shoe_size',
    ]);
  });

  it('refuses a body that is not CSV, and one that is too large', async () => {
    await t
      .http()
      .post(url())
      .set('authorization', `Bearer ${s.coordinator.token}`)
      .send({ a: 1 })
      .expect(422);
    await send(`${HEADER}\n${'x'.repeat(2_200_000)}`).expect(413);
  });
});
