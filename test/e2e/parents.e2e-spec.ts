import { aBuddy, aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';

describe('parent intake', () => {
  let t: TestApp;
  let a: SchoolFixture;
  let b: SchoolFixture;
  let token: string;
  const base = () => `/api/v1/schools/${a.schoolId}/parents`;

  beforeAll(async () => {
    t = await createTestApp();
    const platform = await aPlatformAdmin(t);
    a = await aSchool(t, platform.token);
    b = await aSchool(t, platform.token);
    token = a.coordinator.token;
  });
  afterAll(() => t.close());

  const post = (body: unknown) =>
    t
      .http()
      .post(base())
      .set('authorization', `Bearer ${token}`)
      .send(body as object);

  it('enrolls a parent with normalised phone, consent records and a waiting status', async () => {
    const res = await post(
      aSeeker({
        givenName: 'Fatima',
        phone: '06-12 34 56 78',
        channels: ['email', 'sms'],
        messageLanguage: 'ber',
        languages: [
          { code: 'ber', level: 'native' },
          { code: 'ar', level: 'fluent' },
        ],
      }),
    ).expect(201);
    expect(res.body).toMatchObject({
      givenName: 'Fatima',
      phone: '+31612345678',
      messageLanguage: 'ar',
      requestedLanguage: 'ber',
      status: 'waiting',
      role: 'seeker',
      capacity: 0,
      version: 1,
    });
    expect(res.body.consents.matching).toMatchObject({
      granted: true,
      method: 'in_person',
      recordedBy: a.coordinator.id,
    });
    expect(res.headers.etag).toBe('"1"');
    const welcome = await t.db.query(`SELECT kind, status FROM notification WHERE parent_id = $1`, [
      res.body.id,
    ]);
    expect(welcome).toEqual([{ kind: 'welcome', status: 'pending' }]);
  });

  it('reads a parent and writes the read to the audit log', async () => {
    const p = await enroll(t, token, a.schoolId, aBuddy());
    const res = await t
      .http()
      .get(`${base()}/${p.id}`)
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    expect(res.body.id).toBe(p.id);
    const log = await t.db.query(
      `SELECT action, actor_id FROM audit_log WHERE entity_id = $1 ORDER BY id`,
      [p.id],
    );
    expect(log).toEqual([
      { action: 'parent.create', actor_id: a.coordinator.id },
      { action: 'parent.read', actor_id: a.coordinator.id },
    ]);
  });

  it('changes a parent with a version check; a stale version is refused', async () => {
    const p = await enroll(t, token, a.schoolId, aBuddy({ capacity: 1 }));
    const ok = await t
      .http()
      .patch(`${base()}/${p.id}`)
      .set('authorization', `Bearer ${token}`)
      .set('if-match', '"1"')
      .send({ capacity: 3, status: 'paused' })
      .expect(200);
    expect(ok.body).toMatchObject({ capacity: 3, status: 'paused', version: 2 });
    const stale = await t
      .http()
      .patch(`${base()}/${p.id}`)
      .set('authorization', `Bearer ${token}`)
      .send({ capacity: 2, version: 1 })
      .expect(412);
    expect(stale.body).toMatchObject({ code: 'parent.version_mismatch', currentVersion: 2 });
    const missing = await t
      .http()
      .patch(`${base()}/${p.id}`)
      .set('authorization', `Bearer ${token}`)
      .send({ capacity: 2 })
      .expect(412);
    expect(missing.body.code).toBe('parent.version_required');
    const after = await t
      .http()
      .get(`${base()}/${p.id}`)
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    expect(after.body.capacity).toBe(3);
  });

  it('withdraws a consent with when, how and by whom', async () => {
    const p = await enroll(t, token, a.schoolId, aSeeker());
    const res = await t
      .http()
      .patch(`${base()}/${p.id}`)
      .set('authorization', `Bearer ${token}`)
      .send({
        version: 1,
        consents: [{ purpose: 'share_contact', granted: false, method: 'phone' }],
      })
      .expect(200);
    expect(res.body.consents.share_contact).toMatchObject({
      granted: false,
      method: 'phone',
      recordedBy: a.coordinator.id,
    });
    expect(res.body.consents.matching.granted).toBe(true);
  });

  it('lists and filters by role, language, situation, status, availability and name, with stable paging', async () => {
    const s = await aSchool(t, (await aPlatformAdmin(t)).token);
    const tk = s.coordinator.token;
    await enroll(
      t,
      tk,
      s.schoolId,
      aSeeker({
        givenName: 'Anna',
        familyName: 'de Vries',
        languages: [
          { code: 'pl', level: 'native' },
          { code: 'nl', level: 'conversational' },
        ],
        messageLanguage: 'pl',
        availability: ['wed-morning'],
      }),
    );
    await enroll(
      t,
      tk,
      s.schoolId,
      aSeeker({ givenName: 'Bilal', situations: [{ code: 'dyslexia', stance: 'seeking' }] }),
    );
    await enroll(
      t,
      tk,
      s.schoolId,
      aBuddy({
        givenName: 'Chen',
        situations: [{ code: 'dyslexia', stance: 'experienced' }],
        availability: ['wed-morning'],
      }),
    );
    await enroll(t, tk, s.schoolId, aBuddy({ givenName: 'Daan', role: 'both', capacity: 2 }));
    const q = async (query: string) => {
      const res = await t
        .http()
        .get(`/api/v1/schools/${s.schoolId}/parents?${query}`)
        .set('authorization', `Bearer ${tk}`)
        .expect(200);
      return {
        names: res.body.items.map((p: { givenName: string }) => p.givenName),
        total: res.body.total,
      };
    };
    expect(await q('')).toEqual({ names: ['Anna', 'Bilal', 'Chen', 'Daan'], total: 4 });
    expect(await q('role=seeker')).toEqual({ names: ['Anna', 'Bilal', 'Daan'], total: 3 });
    expect(await q('role=buddy')).toEqual({ names: ['Chen', 'Daan'], total: 2 });
    expect(await q('language=pl')).toEqual({ names: ['Anna'], total: 1 });
    expect(await q('situation=dyslexia')).toEqual({ names: ['Bilal', 'Chen'], total: 2 });
    expect(await q('situation=dyslexia&stance=experienced')).toEqual({ names: ['Chen'], total: 1 });
    expect(await q('status=enrolled')).toEqual({ names: ['Chen'], total: 1 });
    expect(await q('availability=wed-morning')).toEqual({ names: ['Anna', 'Chen'], total: 2 });
    expect(await q('q=vries')).toEqual({ names: ['Anna'], total: 1 });
    expect(await q('q=ANNA%20de')).toEqual({ names: ['Anna'], total: 1 });
    expect(await q('pageSize=3&page=2')).toEqual({ names: ['Daan'], total: 4 });
    const bad = await t
      .http()
      .get(`/api/v1/schools/${s.schoolId}/parents?role=boss&pageSize=900`)
      .set('authorization', `Bearer ${tk}`)
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'pageSize',
      'role',
    ]);
  });

  it('removes a parent', async () => {
    const p = await enroll(t, token, a.schoolId, aSeeker());
    await t.http().delete(`${base()}/${p.id}`).set('authorization', `Bearer ${token}`).expect(204);
    await t.http().get(`${base()}/${p.id}`).set('authorization', `Bearer ${token}`).expect(404);
  });

  it("answers 404 for another school's parent, also through one's own school path", async () => {
    const theirs = await enroll(t, b.coordinator.token, b.schoolId, aSeeker());
    await t
      .http()
      .get(`${base()}/${theirs.id}`)
      .set('authorization', `Bearer ${token}`)
      .expect(404);
    await t
      .http()
      .get(`/api/v1/schools/${b.schoolId}/parents/${theirs.id}`)
      .set('authorization', `Bearer ${token}`)
      .expect(404);
    await t.http().get(`${base()}/not-a-uuid`).set('authorization', `Bearer ${token}`).expect(404);
  });

  describe('bad input gets a 4xx naming the field', () => {
    const fieldsOf = (res: { body: { errors?: { field: string }[] } }) =>
      (res.body.errors ?? []).map((e) => e.field).sort();

    it('names and unknown fields', async () => {
      const res = await post({ ...aSeeker(), givenName: '', shoeSize: 42 }).expect(400);
      expect(fieldsOf(res)).toEqual(['givenName', 'shoeSize']);
    });
    it('languages: unknown code, level, duplicates, none', async () => {
      expect(
        fieldsOf(await post(aSeeker({ languages: [{ code: 'xx', level: 'native' }] })).expect(400)),
      ).toEqual(['languages.0.code']);
      expect(
        fieldsOf(
          await post(aSeeker({ languages: [{ code: 'ar', level: 'perfect' }] })).expect(400),
        ),
      ).toEqual(['languages.0.level']);
      expect(fieldsOf(await post(aSeeker({ languages: [] })).expect(400))).toEqual(['languages']);
      expect(
        fieldsOf(
          await post(
            aSeeker({
              languages: [
                { code: 'ar', level: 'native' },
                { code: 'ar', level: 'basic' },
              ],
            }),
          ).expect(422),
        ),
      ).toEqual(['languages']);
    });
    it('message language that is not a real language', async () => {
      expect(fieldsOf(await post(aSeeker({ messageLanguage: 'zz' })).expect(400))).toEqual([
        'messageLanguage',
      ]);
    });
    it('taxonomy terms', async () => {
      const res = await post(
        aSeeker({
          situations: [{ code: 'alien', stance: 'seeking' }],
          skills: ['juggling'],
          interests: ['x'],
          availability: ['mon-night'],
        }),
      ).expect(400);
      expect(fieldsOf(res)).toEqual(['availability', 'interests', 'situations.0.code', 'skills']);
    });
    it('capacity out of range, and a seeker with capacity', async () => {
      expect(fieldsOf(await post(aBuddy({ capacity: 5 })).expect(400))).toEqual(['capacity']);
      expect(fieldsOf(await post(aSeeker({ capacity: 2 })).expect(422))).toEqual(['capacity']);
    });
    it('a buddy without consent to be matched', async () => {
      const res = await post(
        aBuddy({ consents: [{ purpose: 'matching', granted: false, method: 'in_person' }] }),
      ).expect(422);
      expect(fieldsOf(res)).toEqual(['consents']);
      expect(res.body.detail).toBe('a buddy needs consent to be matched.');
    });
    it('contact details: e-mail, phone, channels', async () => {
      expect(fieldsOf(await post(aSeeker({ email: 'not-an-email' })).expect(400))).toEqual([
        'email',
      ]);
      expect(fieldsOf(await post(aSeeker({ phone: '12345' })).expect(422))).toEqual(['phone']);
      expect(fieldsOf(await post(aSeeker({ channels: ['pigeon'] as never })).expect(400))).toEqual([
        'channels',
      ]);
      const { email: _e, ...noEmail } = aSeeker();
      expect(fieldsOf(await post(noEmail).expect(422))).toEqual(['email']);
    });
    it('children and neighbourhood', async () => {
      const res = await post(
        aSeeker({ children: [{ schoolYear: 'groep-9' }], postcodeArea: '0123' }),
      ).expect(400);
      expect(fieldsOf(res)).toEqual(['children.0.schoolYear', 'postcodeArea']);
    });
    it('a household member from another school', async () => {
      const theirs = await enroll(t, b.coordinator.token, b.schoolId, aSeeker());
      expect(fieldsOf(await post(aSeeker({ sameHouseholdAs: theirs.id })).expect(422))).toEqual([
        'sameHouseholdAs',
      ]);
    });
    it('stores nothing for a rejected intake', async () => {
      const before = await t.db.query('SELECT count(*)::int AS n FROM parent');
      await post(aBuddy({ capacity: 9 })).expect(400);
      expect(await t.db.query('SELECT count(*)::int AS n FROM parent')).toEqual(before);
    });
  });
});
