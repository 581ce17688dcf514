import { aBuddy, aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture, schoolApi } from '../factories/staff.factory';
import { linkOf } from '../support/parent-link';
import { createTestApp, TestApp } from '../support/test-app';

describe('right of access and right to erasure', () => {
  let t: TestApp;
  let s: SchoolFixture;

  beforeAll(async () => {
    t = await createTestApp();
    s = await aSchool(t, (await aPlatformAdmin(t)).token);
  });
  afterAll(() => t.close());

  const api = (method: 'get' | 'post', path: string) =>
    schoolApi(t, s.schoolId, s.coordinator.token)(method, path);

  it('exports everything stored about a parent, and erases it leaving only an anonymous shell', async () => {
    const seeker = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({ givenName: 'Nadia', phone: '0612345678', intakeNote: 'Spreekt graag Frans' }),
    );
    await enroll(t, s.coordinator.token, s.schoolId, aBuddy({ givenName: 'Lotte' }));
    const [proposal] = (await api('post', '/matching/runs?wait=true').expect(201)).body.proposals;
    await api('post', `/matches/${proposal.id}/approve`).expect(200);
    const link = await linkOf(t, seeker.id, 'intro_seeker');

    const exported = await api('get', `/parents/${seeker.id}/export`).expect(200);
    expect(exported.body.parent).toMatchObject({
      givenName: 'Nadia',
      phone: '+31612345678',
      intakeNote: 'Spreekt graag Frans',
    });
    expect(exported.body.matches).toEqual([
      expect.objectContaining({
        id: proposal.id,
        role: 'seeker',
        other_parent_first_name: 'Lotte',
        status: 'approved',
      }),
    ]);
    expect(exported.body.messages.map((m: { kind: string }) => m.kind).sort()).toEqual([
      'intro_seeker',
      'welcome',
    ]);
    expect(exported.body.auditLog.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['parent.create']),
    );

    const erased = await api('post', `/parents/${seeker.id}/erase`).expect(200);
    expect(erased.body.erasedAt).toEqual(expect.any(String));
    const [row] = await t.db.query(
      `SELECT given_name, family_name, email, phone, intake_note, situations, status, consents FROM parent WHERE id = $1`,
      [seeker.id],
    );
    expect(row).toMatchObject({
      given_name: '—',
      family_name: null,
      email: null,
      phone: null,
      intake_note: null,
      situations: [],
      status: 'left',
    });
    expect(
      Object.values(row.consents as Record<string, { granted: boolean }>).every(
        (c) => c.granted === false,
      ),
    ).toBe(true);
    const [match] = await t.db.query(`SELECT status, end_reason FROM match WHERE id = $1`, [
      proposal.id,
    ]);
    expect(match).toEqual({ status: 'ended', end_reason: 'erased' });
    const messages = await t.db.query(
      `SELECT subject, body_text, recipient, payload FROM notification WHERE parent_id = $1`,
      [seeker.id],
    );
    expect(
      messages.every(
        (m: { recipient: null; payload: object }) =>
          m.recipient === null && JSON.stringify(m.payload) === '{}',
      ),
    ).toBe(true);
    await t.http().get(link).expect(404);
    expect(JSON.stringify((await api('get', '/parents?q=nadia').expect(200)).body.items)).toBe(
      '[]',
    );
    await api('post', `/parents/${seeker.id}/erase`).expect(410);
    const log = await t.db.query(
      `SELECT action FROM audit_log WHERE entity_id = $1 AND action IN ('parent.export', 'parent.erase') ORDER BY id`,
      [seeker.id],
    );
    expect(log).toEqual([{ action: 'parent.export' }, { action: 'parent.erase' }]);
  });
});
