import { NotificationDeliveryTask } from '../../src/notifications/notification-delivery.task';
import { anActivity, schedule, withActivityConsent } from '../factories/activity.factory';
import { aBuddy, aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture, schoolApi } from '../factories/staff.factory';
import { formTokenIn, linkOf } from '../support/parent-link';
import { createTestApp, TestApp } from '../support/test-app';
import { Agent, workspaceAgent } from '../support/workspace';

/** Consent takes effect at once, and sensitive audiences stay private. */
describe('consent and sensitive audiences', () => {
  let t: TestApp;
  let s: SchoolFixture;
  let agent: Agent;
  let csrf: string;

  beforeAll(async () => {
    t = await createTestApp();
    s = await aSchool(t, (await aPlatformAdmin(t)).token);
    ({ agent, csrf } = await workspaceAgent(t, s.coordinator.email));
  });
  afterAll(() => t.close());

  const api = (method: 'get' | 'post' | 'patch', path: string) =>
    schoolApi(t, s.schoolId, s.coordinator.token)(method, path);
  const form = (values: Record<string, string | string[]>): string => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ _csrf: csrf, ...values }))
      for (const x of ([] as string[]).concat(v)) params.append(k, x);
    return params.toString();
  };
  /** A change of a parent with the version just read; answers the response for its status. */
  const patch = (id: string, body: Record<string, unknown>) => ({
    expect: async (status: number) => {
      const { version } = (await api('get', `/parents/${id}`).expect(200)).body;
      return api('patch', `/parents/${id}`)
        .send({ version, ...body })
        .expect(status);
    },
  });
  const statusOf = async (matchId: string): Promise<string> =>
    (await t.db.query(`SELECT status FROM match WHERE id = $1`, [matchId]))[0].status;

  /** A new seeker and a buddy who fit only each other, and the proposal between them. */
  async function aProposal(
    language: string,
  ): Promise<{ seeker: string; buddy: string; match: string }> {
    const seeker = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({ languages: [{ code: language, level: 'native' }], messageLanguage: 'nl' }),
    );
    const buddy = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aBuddy({ languages: [{ code: language, level: 'native' }], messageLanguage: 'nl' }),
    );
    await api('post', '/matching/runs?wait=true').expect(201);
    const [row] = await t.db.query(
      `SELECT id FROM match WHERE seeker_id = $1 AND buddy_id = $2 AND status = 'proposed'`,
      [seeker.id, buddy.id],
    );
    expect(row).toBeDefined();
    return { seeker: seeker.id, buddy: buddy.id, match: row.id };
  }

  it('lets staff withdraw consent to be matched: the open proposal is withdrawn at once', async () => {
    const p = await aProposal('so');
    const res = await patch(p.seeker, {
      consents: [{ purpose: 'matching', granted: false, method: 'phone' }],
    }).expect(200);
    expect(res.body.consents.matching).toMatchObject({ granted: false, method: 'phone' });
    expect(await statusOf(p.match)).toBe('superseded');
    const [entry] = await t.db.query(
      `SELECT details FROM audit_log WHERE entity_id = $1 AND action = 'parent.update' ORDER BY id DESC LIMIT 1`,
      [p.seeker],
    );
    expect(entry.details).toEqual({ fields: ['consents'], withdrawnProposals: 1 });
    const approve = await api('post', `/matches/${p.match}/approve`).expect(409);
    expect(approve.body.code).toBe('match.not_proposed');
  });

  it('lets staff withdraw consent to be matched in the workspace edit form too', async () => {
    const fields: Record<string, string | string[]> = {
      givenName: 'Wanda',
      familyName: 'Workspace',
      'children.0.schoolYear': 'groep-4',
      'languages.0.code': 'pl',
      'languages.0.level': 'native',
      dutchLevel: 'basic',
      messageLanguage: 'pl',
      role: 'seeker',
      capacity: '',
      channels: ['email'],
      channelFirst: 'email',
      email: 'wanda@example.org',
      phone: '',
      'consents.matching': 'yes',
      'consents.share_contact': 'no',
      'consents.messages_email': 'yes',
      'consents.messages_sms': 'no',
      'consents.activities': 'no',
      consentMethod: 'in_person',
      atSchoolSince: '2024',
    };
    const body = (values: Record<string, string | string[]>): string => form(values);
    const base = `/schools/${s.schoolId}/parents`;
    const created = await agent.post(`${base}/new`).type('form').send(body(fields));
    expect(created.status).toBe(303);
    const id = /parents\/([0-9a-f-]{36})/.exec(created.headers.location)![1];
    const edit = await agent.get(`${base}/${id}/edit`).expect(200);
    const version = /name="version" value="(\d+)"/.exec(edit.text)![1];
    await agent
      .post(`${base}/${id}/edit`)
      .type('form')
      .send(body({ ...fields, 'consents.matching': 'no', consentMethod: 'phone', version }))
      .expect(303);
    const [row] = await t.db.query(`SELECT consents FROM parent WHERE id = $1`, [id]);
    expect(row.consents.matching).toMatchObject({ granted: false, method: 'phone' });
  });

  it('lets the parent withdraw consent to be matched from their own page', async () => {
    const p = await aProposal('ti');
    const link = `${await linkOf(t, p.buddy, 'welcome')}?view=preferences`;
    const page = await t.http().get(link).expect(200);
    expect(page.text).toContain('Zoek geen maatje meer voor mij');
    const done = await t
      .http()
      .post(link.split('?')[0])
      .type('form')
      .send({ form: formTokenIn(page.text), action: 'withdraw_matching' })
      .expect(303);
    expect(done.headers.location).toMatch(/done=matching_withdrawn&view=preferences$/);
    const after = await t.http().get(done.headers.location).expect(200);
    expect(after.text).toContain('We zoeken geen maatje meer voor je.');
    expect(after.text).not.toContain('Zoek geen maatje meer voor mij');
    const [parent] = await t.db.query(`SELECT consents FROM parent WHERE id = $1`, [p.buddy]);
    expect(parent.consents.matching).toMatchObject({
      granted: false,
      method: 'parent_link',
      recordedBy: null,
    });
    expect(await statusOf(p.match)).toBe('superseded');
    const [entry] = await t.db.query(
      `SELECT actor_type, details FROM audit_log WHERE entity_id = $1 AND action = 'parent.consent_withdrawn'`,
      [p.buddy],
    );
    expect(entry).toEqual({
      actor_type: 'parent',
      details: { purpose: 'matching', withdrawnProposals: 1 },
    });
  });

  it('refuses to approve a proposal of a paused, left or no longer consenting parent, with a sentence', async () => {
    const paused = await aProposal('ps');
    await patch(paused.buddy, { status: 'paused' }).expect(200);
    const refused = await api('post', `/matches/${paused.match}/approve`).expect(409);
    expect(refused.body).toMatchObject({
      code: 'match.parent_inactive',
      detail:
        'This proposal cannot be approved: one of the two parents is paused. Run the matching again.',
    });
    expect(await statusOf(paused.match)).toBe('proposed');

    const left = await aProposal('fa');
    await patch(left.seeker, { status: 'left' }).expect(200);
    expect((await api('post', `/matches/${left.match}/approve`).expect(409)).body.code).toBe(
      'match.parent_inactive',
    );

    // Consent withdrawn behind the service's back (e.g. by an import): still refused.
    const noConsent = await aProposal('bg');
    await t.db.query(
      `UPDATE parent SET consents = jsonb_set(consents, '{matching,granted}', 'false') WHERE id = $1`,
      [noConsent.seeker],
    );
    const res = await api('post', `/matches/${noConsent.match}/approve`).expect(409);
    expect(res.body.code).toBe('match.no_consent');
    const sent = await t.db.query(
      `SELECT 1 FROM notification WHERE subject_id = $1 AND kind LIKE 'intro_%'`,
      [noConsent.match],
    );
    expect(sent).toEqual([]);
    // The workspace's matching page says the same in Dutch.
    const page = await agent
      .post(`/schools/${s.schoolId}/matching/proposals/${noConsent.match}/approve`)
      .type('form')
      .send(form({}))
      .expect(422);
    expect(page.text).toContain(
      'Dit voorstel kan niet worden goedgekeurd: een van de twee ouders wil niet meer gekoppeld worden.',
    );
  });

  it('cancels what waits for a channel whose consent is withdrawn, unless the parent agreed to be spoken to', async () => {
    const byMail = await enroll(t, s.coordinator.token, s.schoolId, aSeeker());
    const spoken = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({ channels: ['email', 'in_person'] }),
    );
    for (const p of [byMail, spoken])
      await patch(p.id, {
        consents: [{ purpose: 'messages_email', granted: false, method: 'phone' }],
      }).expect(200);
    const rows: { parent_id: string; status: string; last_error: string | null }[] =
      await t.db.query(
        `SELECT parent_id, status, last_error FROM notification WHERE kind = 'welcome' AND parent_id = ANY($1)`,
        [[byMail.id, spoken.id]],
      );
    const byId = Object.fromEntries(rows.map((r) => [r.parent_id, r]));
    expect(byId[byMail.id]).toEqual({
      parent_id: byMail.id,
      status: 'skipped',
      last_error: 'consent for this channel withdrawn',
    });
    expect(byId[spoken.id]).toMatchObject({ status: 'pending' });
    // Delivered now, the one who agreed to be spoken to becomes a task; nothing is e-mailed.
    const task = t.app.get(NotificationDeliveryTask);
    while ((await task.runOnce()) > 0);
    const after = await t.db.query(
      `SELECT parent_id, status, channel FROM notification WHERE kind = 'welcome' AND parent_id = ANY($1) ORDER BY status`,
      [[byMail.id, spoken.id]],
    );
    expect(after).toEqual([
      { parent_id: byMail.id, status: 'skipped', channel: null },
      { parent_id: spoken.id, status: 'task', channel: 'task' },
    ]);
  });

  it('refuses a sign-up, also by staff, of a parent without consent to be invited', async () => {
    const activity = await schedule(t, s.coordinator.token, s.schoolId, anActivity());
    const without = await enroll(t, s.coordinator.token, s.schoolId, aSeeker());
    const refused = await api('post', `/activities/${activity.id}/rsvps`)
      .send({ parentId: without.id })
      .expect(422);
    expect(refused.body.code).toBe('rsvp.no_consent');
    const none = await t.db.query(
      `SELECT 1 FROM notification WHERE parent_id = $1 AND kind LIKE 'activity_%'`,
      [without.id],
    );
    expect(none).toEqual([]);
    const willing = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      withActivityConsent(aSeeker()),
    );
    const ok = await api('post', `/activities/${activity.id}/rsvps`).send({ parentId: willing.id });
    expect([200, 201]).toContain(ok.status);
  });

  it('withdrawn consent for activities cancels the invitations not yet sent', async () => {
    const activity = await schedule(t, s.coordinator.token, s.schoolId, anActivity());
    const p = await enroll(t, s.coordinator.token, s.schoolId, withActivityConsent(aSeeker()));
    await api('post', `/activities/${activity.id}/invitations`)
      .send({ audience: 'parents', parentIds: [p.id] })
      .expect(200);
    await patch(p.id, {
      consents: [{ purpose: 'activities', granted: false, method: 'phone' }],
    }).expect(200);
    const [row] = await t.db.query(
      `SELECT status, last_error FROM notification WHERE parent_id = $1 AND kind = 'activity_invitation'`,
      [p.id],
    );
    expect(row).toEqual({ status: 'skipped', last_error: 'consent for activities withdrawn' });
    const refused = await api('post', `/activities/${activity.id}/rsvps`)
      .send({ parentId: p.id })
      .expect(422);
    expect(refused.body.code).toBe('rsvp.no_consent');
  });

  it('never invites a buddy along for a sensitive situation, and the workspace form says why', async () => {
    const activity = await schedule(t, s.coordinator.token, s.schoolId, anActivity());
    const refused = await api('post', `/activities/${activity.id}/invitations`)
      .send({ audience: 'situation', situations: ['divorce'], withBuddies: true })
      .expect(422);
    expect(refused.body).toMatchObject({
      code: 'invitation.sensitive_with_buddies',
      errors: [
        {
          field: 'withBuddies',
          messages: ['withBuddies is not allowed for an audience by a sensitive situation'],
        },
      ],
    });
    const none = await t.db.query(`SELECT 1 FROM activity_invitation WHERE activity_id = $1`, [
      activity.id,
    ]);
    expect(none).toEqual([]);
    // A situation that is not sensitive may bring buddies; a sensitive one without buddies is fine.
    await api('post', `/activities/${activity.id}/invitations`)
      .send({ audience: 'situation', situations: ['new_to_school'], withBuddies: true })
      .expect(200);
    await api('post', `/activities/${activity.id}/invitations`)
      .send({ audience: 'situation', situations: ['divorce'] })
      .expect(200);
    // Once invited by a sensitive situation, no later round brings buddies along either.
    for (const later of [{ audience: 'all', withBuddies: true }, { audience: 'buddy_pairs' }])
      expect(
        (await api('post', `/activities/${activity.id}/invitations`).send(later).expect(422)).body
          .code,
      ).toBe('invitation.sensitive_with_buddies');
    const other = await schedule(t, s.coordinator.token, s.schoolId, anActivity());
    await api('post', `/activities/${other.id}/invitations`)
      .send({ audience: 'all', withBuddies: true })
      .expect(200);

    const url = `/schools/${s.schoolId}/activities/${activity.id}/invite`;
    const empty = await agent.get(url).expect(200);
    expect(empty.text).toContain('Niet bij een gevoelige situatie');
    const page = await agent
      .post(url)
      .type('form')
      .send(
        form({ audience: 'situation', situations: ['divorce'], withBuddies: '1', action: 'send' }),
      )
      .expect(422);
    expect(page.text).toContain(
      'Wie je uitnodigt om een gevoelige situatie (gezondheid, afkomst, gezinsleven) kan niet met het maatje mee worden uitgenodigd',
    );
  });
});
