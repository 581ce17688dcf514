import { LinkTokensService } from '../../src/notifications/link-tokens.service';
import { WorkerService } from '../../src/worker/worker.service';
import { anActivity, schedule, withActivityConsent } from '../factories/activity.factory';
import { aBuddy, aSeeker, enroll, ParentInput } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture, schoolApi } from '../factories/staff.factory';
import { formTokenIn } from '../support/parent-link';
import { createTestApp, TestApp } from '../support/test-app';
import { Agent, workspaceAgent } from '../support/workspace';

interface TaskRow {
  id: string;
  kind: string;
  status: string;
  parent_id: string | null;
  link_id: string | null;
  task_done_at: Date | null;
  task_outcome: string | null;
  body_text: string | null;
  last_error: string | null;
}

/** Every parent here is called, not mailed: prefers spoken contact, with a phone number. */
const caller = (overrides: Partial<ParentInput> = {}): Partial<ParentInput> => ({
  prefersSpoken: true,
  phone: '+31612345678',
  ...overrides,
});

describe('task pages: calls, letters, outcomes, short codes, messages', () => {
  let t: TestApp;
  let s: SchoolFixture;
  let agent: Agent;
  let csrf: string;
  let api: ReturnType<typeof schoolApi>;

  const drain = (): Promise<unknown> => t.app.get(WorkerService).drain();
  const tasksOf = (parentId: string): Promise<TaskRow[]> =>
    t.db.query(`SELECT * FROM notification WHERE parent_id = $1 ORDER BY created_at, id`, [
      parentId,
    ]);
  const taskOf = async (parentId: string, kind: string): Promise<TaskRow> => {
    const [row] = (await tasksOf(parentId)).filter((r) => r.kind === kind);
    if (!row) throw new Error(`no ${kind} for ${parentId}`);
    return row;
  };
  const page = (path = ''): string => `/schools/${s.schoolId}${path}`;
  const auditOf = (
    entityId: string,
  ): Promise<{ action: string; actor_type: string; details: Record<string, unknown> | null }[]> =>
    t.db.query(
      `SELECT action, actor_type, details FROM audit_log WHERE entity_id = $1 ORDER BY id`,
      [entityId],
    );

  /** A seeker and a buddy matched and approved: both get an introduction. */
  async function approvedPair(
    seeker: Partial<ParentInput>,
    buddy: Partial<ParentInput>,
  ): Promise<{ matchId: string; seekerId: string; buddyId: string }> {
    const sk = await enroll(t, s.coordinator.token, s.schoolId, aSeeker(seeker));
    const bd = await enroll(t, s.coordinator.token, s.schoolId, aBuddy(buddy));
    // A pin puts these two together, whoever else waits in the school.
    await api('post', '/matching/rules')
      .send({ seekerId: sk.id, buddyId: bd.id, kind: 'pin' })
      .expect(201);
    const run = await api('post', '/matching/runs?wait=true');
    const proposal = (run.body.proposals as { id: string; seeker: { id: string } }[]).find(
      (p) => p.seeker.id === sk.id,
    );
    if (!proposal) throw new Error(`no proposal: ${JSON.stringify(run.body)}`);
    await api('post', `/matches/${proposal.id}/approve`).expect(200);
    await drain();
    return { matchId: proposal.id, seekerId: sk.id, buddyId: bd.id };
  }

  beforeAll(async () => {
    t = await createTestApp();
    s = await aSchool(t, (await aPlatformAdmin(t)).token);
    api = schoolApi(t, s.schoolId, s.coordinator.token);
    ({ agent, csrf } = await workspaceAgent(t, s.coordinator.email));
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('lists parents to call (phone, reason, question, both texts) and letters to print', async () => {
    const fatima = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker(caller({ givenName: 'Fatima', familyName: 'El Amrani' })),
    );
    const piet = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({
        givenName: 'Piet',
        familyName: 'Jansen',
        messageLanguage: 'nl',
        languages: [{ code: 'nl', level: 'native' }],
        channels: ['letter'],
        email: undefined,
        children: [{ schoolYear: 'groep-3', firstName: 'Sara', className: '3B' }],
      }),
    );
    const noConsent = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({
        givenName: 'Olga',
        familyName: 'Nowak',
        consents: [{ purpose: 'matching', granted: true, method: 'in_person' }],
      }),
    );
    await drain();

    const res = await agent.get(page('/tasks')).expect(200);
    const html = res.text;
    expect(html).toContain('<h1 class="utrecht-heading-1">Taken</h1>');
    expect(html).toContain('Bellen of persoonlijk spreken (1)');
    expect(html).toContain('Brieven om af te drukken (2)');
    const call = html.slice(html.indexOf('id="tasks-call"'), html.indexOf('id="tasks-letter"'));
    const letters = html.slice(html.indexOf('id="tasks-letter"'));
    // The call: name, phone as a tel: link, why, what to tell, the text in Arabic and Dutch.
    expect(call).toContain('<bdi>Fatima El Amrani</bdi>');
    expect(call).toContain('href="tel:+31612345678"');
    expect(call).toContain('Bel 0612345678');
    expect(call).toContain('wil liever gebeld of gesproken worden');
    expect(call).toContain('Heet <bdi>Fatima</bdi> welkom bij oudermaatjes');
    expect(call).toContain('<div class="om-read-aloud" lang="ar" dir="rtl">');
    expect(call).toContain('<div class="om-read-aloud" lang="nl" dir="ltr">');
    expect(call).toContain('Tekst om voor te lezen (Arabisch en Nederlands)');
    expect(call).not.toContain('Piet');
    // The letters: who asked for one, and who cannot be reached otherwise (and why).
    expect(letters).toContain('<bdi>Piet Jansen</bdi>');
    expect(letters).toContain('vroeg om een brief');
    expect(letters).toContain('Sara (groep 3, 3B)');
    expect(letters).toContain('<bdi>Olga Nowak</bdi>');
    expect(letters).toContain(
      'geen e-mail of sms mogelijk (geen toestemming voor e-mail, geen telefoonnummer)',
    );
    expect(letters).toContain('Alle 2 open brieven afdrukken');
    const welcome = await taskOf(piet.id, 'welcome');
    expect(letters).toContain(`href="/schools/${s.schoolId}/tasks/${welcome.id}/letter"`);
    // Reading the list (with phone numbers) is audited with the parents it showed.
    const [audit] = await t.db.query(
      `SELECT details FROM audit_log WHERE action = 'notification.task_list' ORDER BY id DESC LIMIT 1`,
    );
    expect((audit.details.parentIds as string[]).sort()).toEqual(
      [fatima.id, piet.id, noConsent.id].sort(),
    );
    // A viewer sees figures only; a malformed page number is a clear 422.
    const viewer = await workspaceAgent(t, s.viewer.email);
    await viewer.agent.get(page('/tasks')).expect(403);
    await agent.get(page('/tasks?calls=abc')).expect(422);

    // Plain information is closed with how it went.
    const fatimaWelcome = await taskOf(fatima.id, 'welcome');
    for (const row of [fatimaWelcome, welcome, await taskOf(noConsent.id, 'welcome')]) {
      await agent
        .post(page(`/tasks/${row.id}/done`))
        .type('form')
        .send({ _csrf: csrf, outcome: row.id === fatimaWelcome.id ? 'passed_on' : 'letter_given' })
        .expect(303);
    }
    expect((await taskOf(fatima.id, 'welcome')).task_outcome).toBe('passed_on');
    expect((await taskOf(piet.id, 'welcome')).task_outcome).toBe('letter_given');
    const after = await agent.get(page('/tasks?done=task_done')).expect(200);
    expect(after.text).toContain('De taak is afgerond.');
    expect(after.text).toContain('Er is niemand om te bellen. Goed zo!');
  });

  it("records a buddy answer given on the phone as the parent's own answer, after a form error", async () => {
    const pair = await approvedPair(caller({ givenName: 'Karim', familyName: 'Haddad' }), {
      givenName: 'Salma',
    });
    const task = await taskOf(pair.seekerId, 'intro_seeker');
    expect(task.status).toBe('task');
    const list = await agent.get(page('/tasks')).expect(200);
    expect(list.text).toContain('Voorstel voor een maatje: <bdi>Salma</bdi>');
    expect(list.text).toContain(
      'Wil <bdi>Karim</bdi> kennismaken met <bdi>Salma</bdi>? Ja of nee?',
    );
    // The text read out on the phone speaks of no button.
    const card = list.text.slice(list.text.indexOf(`id="task-${task.id}"`));
    expect(card).toContain('Wil je <bdi>Salma</bdi> leren kennen? Zeg ja of nee.');
    expect(card.slice(0, card.indexOf('</li>'))).not.toMatch(/knop|button/i);

    // Nothing chosen: the list again (422), the error at the top and at the task.
    const empty = await agent
      .post(page(`/tasks/${task.id}/done`))
      .type('form')
      .send({ _csrf: csrf, reason: 'no_time' })
      .expect(422);
    expect(empty.text).toContain('Er is 1 fout in het formulier');
    expect(empty.text).toContain(`href="#f-outcome-${task.id}"`);
    expect(empty.text).toContain(
      `<div class="utrecht-form-field-error-message" id="f-outcome-${task.id}-error">Kies wat er gebeurde.</div>`,
    );
    expect(empty.text).toMatch(new RegExp(`<option\\s+value="no_time"\\s+selected`));
    const bogus = await agent
      .post(page(`/tasks/${task.id}/done`))
      .type('form')
      .send({ _csrf: csrf, outcome: 'signed_up' })
      .expect(422);
    expect(bogus.text).toContain('Deze keuze past niet bij dit bericht.');
    expect((await taskOf(pair.seekerId, 'intro_seeker')).task_done_at).toBeNull();

    const done = await agent
      .post(page(`/tasks/${task.id}/done`))
      .type('form')
      .send({ _csrf: csrf, outcome: 'accepted' })
      .expect(303);
    expect(done.headers.location).toBe(
      `/schools/${s.schoolId}/tasks?done=answer_recorded&calls=1&letters=1`,
    );
    const [match] = await t.db.query(
      `SELECT status, seeker_response, seeker_responded_at, buddy_response FROM match WHERE id = $1`,
      [pair.matchId],
    );
    expect(match).toMatchObject({
      status: 'approved',
      seeker_response: 'accepted',
      buddy_response: null,
    });
    expect(match.seeker_responded_at).not.toBeNull();
    const matchAudit = await auditOf(pair.matchId);
    expect(matchAudit.map((a) => [a.action, a.actor_type])).toEqual([
      ['match.approve', 'staff'],
      ['match.accept', 'staff'],
    ]);
    expect(matchAudit[1].details).toEqual({ side: 'seeker' });
    const closed = await taskOf(pair.seekerId, 'intro_seeker');
    expect(closed.task_outcome).toBe('accepted');
    expect(closed.task_done_at).not.toBeNull();
    const taskAudit = await auditOf(task.id);
    expect(taskAudit.at(-1)).toEqual({
      action: 'notification.task_done',
      actor_type: 'staff',
      details: { parentId: pair.seekerId, kind: 'intro_seeker', outcome: 'accepted' },
    });
    const after = await agent.get(page('/tasks?done=answer_recorded')).expect(200);
    expect(after.text).toContain('Het antwoord van de ouder is opgeslagen en de taak is afgerond.');
    expect(after.text).not.toContain(`id="task-${task.id}"`);
    // Closing it again says so plainly.
    const again = await agent
      .post(page(`/tasks/${task.id}/done`))
      .type('form')
      .send({ _csrf: csrf, outcome: 'declined' })
      .expect(422);
    expect(again.text).toContain('Deze taak is al afgerond');
    // Another school's task, or no id at all, is a 404.
    await agent.post(page(`/tasks/not-an-id/done`)).type('form').send({ _csrf: csrf }).expect(404);
  });

  it("signs a parent up for an activity from a call: the RSVP is the parent's answer", async () => {
    const amal = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      withActivityConsent(aSeeker(caller({ givenName: 'Amal' }))),
    );
    const activity = await schedule(t, s.coordinator.token, s.schoolId, anActivity());
    await api('post', `/activities/${activity.id}/invitations`)
      .send({ audience: 'parents', parentIds: [amal.id] })
      .expect(200);
    await drain();
    const task = await taskOf(amal.id, 'activity_invitation');
    const list = await agent.get(page('/tasks')).expect(200);
    expect(list.text).toContain(`Uitnodiging: ${activity.title as string}`);
    expect(list.text).toContain(`Komt <bdi>Amal</bdi> naar ${activity.title as string} op`);
    await agent
      .post(page(`/tasks/${task.id}/done`))
      .type('form')
      .send({ _csrf: csrf, outcome: 'signed_up' })
      .expect(303);
    const rsvps = await t.db.query(
      `SELECT status, actor_type FROM activity_rsvp WHERE activity_id = $1 AND parent_id = $2`,
      [activity.id, amal.id],
    );
    expect(rsvps).toEqual([{ status: 'confirmed', actor_type: 'staff' }]);
    const audit = await t.db.query(
      `SELECT action, actor_type, details FROM audit_log WHERE entity_id = $1 AND action LIKE 'activity.%'`,
      [amal.id],
    );
    expect(audit).toEqual([
      {
        action: 'activity.rsvp',
        actor_type: 'staff',
        details: { activityId: activity.id, state: 'confirmed' },
      },
    ]);
    expect((await taskOf(amal.id, 'activity_invitation')).task_outcome).toBe('signed_up');
  });

  it('prints a letter with a QR code and a short code; /c leads to the link; the task closes when the parent answers', async () => {
    const pair = await approvedPair(
      { givenName: 'Hana' },
      caller({
        givenName: 'Yusuf',
        familyName: 'Demir',
        channels: ['letter'],
        email: undefined,
        phone: undefined,
        prefersSpoken: false,
      }),
    );
    const task = await taskOf(pair.buddyId, 'intro_buddy');
    expect(task.status).toBe('task');
    const res = await agent.get(page(`/tasks/${task.id}/letter`)).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('<section class="letter" lang="ar" dir="rtl">');
    expect(res.text).toContain('<section class="letter" lang="nl" dir="ltr">');
    expect(res.text).toContain('<svg role="img" aria-label="QR-code om te antwoorden"');
    const code = /<span class="code-value" dir="ltr">([A-Z2-9]{4}-[A-Z2-9]{4})<\/span>/.exec(
      res.text,
    )?.[1];
    expect(code).toBeDefined();
    const host = new URL(t.config.publicBaseUrl).host;
    expect(res.text).toContain(`Of ga naar <bdi>${host}/c</bdi> en typ deze code:`);
    const letterText = res.text
      .slice(res.text.indexOf('<section class="letter"'))
      .replace(/<svg[\s\S]*?<\/svg>/g, '');
    expect(letterText).not.toMatch(/knop|button|klik|click|الزر/i);
    expect(letterText).not.toContain('/p/'); // no 43-character link to type
    expect(await auditOf(task.id)).toEqual([
      {
        action: 'notification.letter',
        actor_type: 'staff',
        details: { parentId: pair.buddyId, kind: 'intro_buddy' },
      },
    ]);
    // Only an HMAC of the code is stored; the same code is printed again.
    const stored = await t.db.query(
      `SELECT code_hash, seq FROM parent_link_code WHERE link_id = $1`,
      [task.link_id],
    );
    expect(stored).toHaveLength(1);
    expect((stored[0].code_hash as Buffer).length).toBe(32);
    expect((stored[0].code_hash as Buffer).toString()).not.toContain(code!.replace('-', ''));
    const reprint = await agent.get(page(`/tasks/${task.id}/letter`)).expect(200);
    expect(reprint.text).toContain(`>${code}</span>`);

    // The parent types the code: any case, spaces or no dash.
    const form = await t.http().get('/c').expect(200);
    expect(form.text).toContain('<h1>Typ de code van je brief</h1>');
    expect(form.text).toMatch(/href="\/c\?lang=ar"\s+lang="ar"\s+dir="rtl"/);
    const typed = ` ${code!.toLowerCase().replace('-', ' ')} `;
    const go = await t
      .http()
      .post('/c')
      .type('form')
      .send({ form: formTokenIn(form.text), code: typed })
      .expect(303);
    const token = t.app.get(LinkTokensService).tokenFor(task.link_id!);
    expect(go.headers.location).toBe(`/p/${token}`);

    // The parent answers on their page: the task closes by itself.
    const parentPage = await t.http().get(go.headers.location).expect(200);
    await t
      .http()
      .post(go.headers.location)
      .type('form')
      .send({ form: formTokenIn(parentPage.text), action: 'accept' })
      .expect(303);
    const tasks = await agent.get(page('/tasks')).expect(200);
    expect(tasks.text).not.toContain(`id="task-${task.id}"`);
    const closed = await taskOf(pair.buddyId, 'intro_buddy');
    expect(closed.task_outcome).toBe('answered');
    expect(closed.task_done_at).not.toBeNull();
    expect((await auditOf(task.id)).at(-1)).toMatchObject({
      action: 'notification.task_done',
      actor_type: 'system',
      details: { outcome: 'answered' },
    });
    const apiTasks = await api('get', '/tasks').expect(200);
    expect(apiTasks.body.items.map((i: { id: string }) => i.id)).not.toContain(task.id);
    // A printed page of all open letters has none of it any more.
    const all = await agent.get(page('/tasks/letters')).expect(200);
    expect(all.text).not.toContain(code);
  });

  it('answers a wrong or malformed code with the form again, and limits guessing like links', async () => {
    const form = await t.http().get('/c?lang=en').expect(200);
    expect(form.text).toContain('<html lang="en" dir="ltr">');
    const token = formTokenIn(form.text);
    const malformed = await t
      .http()
      .post('/c')
      .type('form')
      .send({ form: token, code: 'abc', lang: 'en' })
      .expect(422);
    expect(malformed.text).toContain('A code has 8 letters and numbers, like ABCD-2345.');
    expect(malformed.text).toContain('value="abc"');
    const wrong = await t
      .http()
      .post('/c')
      .type('form')
      .send({ form: token, code: 'ZZZZ-ZZZZ' })
      .expect(422);
    expect(wrong.text).toContain(
      'Deze code kennen we niet. Kijk goed naar de letters en cijfers en probeer het nog een keer.',
    );
    await t.http().post('/c').type('form').send({ code: 'ZZZZ-ZZZZ' }).expect(403);
    await t
      .http()
      .post('/c')
      .set('origin', 'https://evil.example')
      .type('form')
      .send({ form: token, code: 'ZZZZ-ZZZZ' })
      .expect(403);
    try {
      // 30 wrong tries per address in 15 minutes, shared with unknown /p/ links; the 31st is
      // refused (the wrong ones above were counted too). A valid code would still work, so the
      // form stays open (test/e2e/security.e2e-spec.ts).
      let last = 422;
      for (let i = 0; i < 40 && last !== 429; i++)
        last = (await t.http().post('/c').type('form').send({ form: token, code: 'ZZZZ-ZZZY' }))
          .status;
      expect(last).toBe(429);
      const rows = await t.db.query(
        `SELECT failures FROM login_throttle WHERE key LIKE 'link-ip:%'`,
      );
      expect(rows).toEqual([{ failures: 31 }]);
      await t.http().get('/c').expect(200);
      const blocked = await t
        .http()
        .post('/c')
        .type('form')
        .send({ form: token, code: 'ZZZZ-ZZZX' })
        .expect(429);
      expect(blocked.text).toContain('Je hebt het te vaak geprobeerd.');
      expect(blocked.headers['retry-after']).toBe('900');
      await t
        .http()
        .get(`/p/${'x'.repeat(43)}`)
        .expect(429);
    } finally {
      await t.db.query(`DELETE FROM login_throttle WHERE key LIKE 'link-ip:%'`);
    }
  });

  it("removes a parent's open tasks when the parent is deleted or erased, and closes the partner's", async () => {
    const pair = await approvedPair(caller({ givenName: 'Zeynep' }), caller({ givenName: 'Rana' }));
    const seekerTask = await taskOf(pair.seekerId, 'intro_seeker');
    const buddyTask = await taskOf(pair.buddyId, 'intro_buddy');
    await api('delete', `/parents/${pair.seekerId}`).expect(204);
    const [removed] = await t.db.query(`SELECT * FROM notification WHERE id = $1`, [seekerTask.id]);
    expect(removed).toMatchObject({
      parent_id: null,
      status: 'skipped',
      last_error: 'parent removed',
      subject: null,
      body_text: null,
      body_html: null,
      payload: {},
    });
    const [partner] = await t.db.query(
      `SELECT task_outcome, task_done_at FROM notification WHERE id = $1`,
      [buddyTask.id],
    );
    expect(partner.task_outcome).toBe('no_longer_needed');
    const list = await agent.get(page('/tasks')).expect(200);
    expect(list.text).not.toContain('Zeynep');
    expect(list.text).not.toContain(`id="task-${buddyTask.id}"`);

    const erased = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker(caller({ givenName: 'Ilse' })),
    );
    await drain();
    const erasedTask = await taskOf(erased.id, 'welcome');
    expect((await agent.get(page('/tasks')).expect(200)).text).toContain('Ilse');
    await api('post', `/parents/${erased.id}/erase`).expect(200);
    expect(await taskOf(erased.id, 'welcome')).toMatchObject({
      status: 'skipped',
      body_text: null,
      last_error: 'parent erased',
    });
    expect((await agent.get(page('/tasks')).expect(200)).text).not.toContain('Ilse');
    await agent.get(page(`/tasks/${erasedTask.id}/letter`)).expect(404);
  });

  it('lists messages by status and channel, shows a text with masked links, explains a failure and retries', async () => {
    const mail = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({ givenName: 'Nadia', familyName: 'Bakker' }),
    );
    await drain();
    const welcome = await taskOf(mail.id, 'welcome');
    expect(welcome.status).toBe('sent');
    await t.db.query(
      `UPDATE notification SET status = 'dead', attempts = 5, last_error = $2 WHERE id = $1`,
      [welcome.id, '550 5.1.1 <nadia@example.org>: Recipient address rejected: User unknown'],
    );
    const list = await agent.get(page('/messages?status=dead&channel=email')).expect(200);
    expect(list.text).toContain('<bdi>Nadia Bakker</bdi>');
    expect(list.text).toContain('Mislukt, gestopt');
    expect(list.text).toContain('1 bericht');
    expect(list.text).toContain(`href="/schools/${s.schoolId}/messages/${welcome.id}"`);
    const sms = await agent.get(page('/messages?status=dead&channel=sms')).expect(200);
    expect(sms.text).toContain('Er zijn geen berichten die hierbij passen.');
    const bad = await agent.get(page('/messages?status=lost')).expect(422);
    expect(bad.text).toContain('Kies een van de mogelijkheden.');

    const detail = await agent.get(page(`/messages/${welcome.id}`)).expect(200);
    expect(detail.text).toContain('Het e-mailadres bestaat niet of neemt geen mail aan.');
    expect(detail.text).toContain(`action="/schools/${s.schoolId}/messages/${welcome.id}/retry"`);
    const token = t.app.get(LinkTokensService).tokenFor(welcome.link_id!);
    expect(welcome.body_text).toContain(token);
    expect(detail.text).not.toContain(token);
    expect(detail.text).toContain(`/p/${token.slice(0, 4)}…`);
    expect((await auditOf(welcome.id)).map((a) => a.action)).toEqual(['notification.read']);

    const retried = await agent
      .post(page(`/messages/${welcome.id}/retry`))
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    expect(retried.headers.location).toBe(
      `/schools/${s.schoolId}/messages/${welcome.id}?done=retried`,
    );
    const [row] = await t.db.query(`SELECT status, attempts FROM notification WHERE id = $1`, [
      welcome.id,
    ]);
    expect(row).toEqual({ status: 'pending', attempts: 0 });
    const audit = await auditOf(welcome.id);
    expect(audit.at(-1)).toEqual({
      action: 'notification.retry',
      actor_type: 'staff',
      details: { from: 'dead', attempts: 5 },
    });
    const shown = await agent.get(page(`/messages/${welcome.id}?done=retried`)).expect(200);
    expect(shown.text).toContain('Het bericht staat weer klaar om te versturen.');
    const twice = await agent
      .post(page(`/messages/${welcome.id}/retry`))
      .type('form')
      .send({ _csrf: csrf })
      .expect(409);
    expect(twice.text).toContain(
      'Dit bericht is niet mislukt, dus u kunt het niet opnieuw versturen.',
    );
    await agent.get(page('/messages/00000000-0000-4000-8000-000000000000')).expect(404);
    const other = await aSchool(t, (await aPlatformAdmin(t)).token);
    await agent.get(`/schools/${other.schoolId}/messages/${welcome.id}`).expect(404);
  });
});
