/* eslint-disable @typescript-eslint/no-explicit-any -- database rows are checked field by field */
import { aBuddy, aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';
import { Agent, workspaceAgent } from '../support/workspace';

const DAY = 86_400_000;

describe('matching pages: runs, proposals and the follow-up of pairs', () => {
  let t: TestApp;
  let platformToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    platformToken = (await aPlatformAdmin(t)).token;
  }, 60_000);
  afterAll(() => t?.close());

  interface World {
    s: SchoolFixture;
    agent: Agent;
    csrf: string;
    base: string;
    /** A form post as the browser sends it (with the session's CSRF token). */
    post: (
      path: string,
      form?: Record<string, string>,
    ) => Promise<{ status: number; location?: string; text: string }>;
    get: (path: string) => Promise<{ status: number; text: string }>;
  }

  async function world(): Promise<World> {
    const s = await aSchool(t, platformToken);
    const { agent, csrf } = await workspaceAgent(t, s.coordinator.email);
    const base = `/schools/${s.schoolId}`;
    return {
      s,
      agent,
      csrf,
      base,
      post: async (path, form = {}) => {
        const res = await agent
          .post(`${base}${path}`)
          .type('form')
          .send({ _csrf: csrf, ...form });
        return { status: res.status, location: res.headers.location, text: res.text };
      },
      get: async (path) => {
        const res = await agent.get(`${base}${path}`);
        return { status: res.status, text: res.text };
      },
    };
  }

  /** Karim seeks (Arabic), Salma offers (Arabic), Tesfay seeks in Tigrinya only. */
  async function family(w: World) {
    const karim = await enroll(
      t,
      w.s.coordinator.token,
      w.s.schoolId,
      aSeeker({ givenName: 'Karim', familyName: 'Haddad' }),
    );
    const salma = await enroll(
      t,
      w.s.coordinator.token,
      w.s.schoolId,
      aBuddy({ givenName: 'Salma', familyName: 'Aziz' }),
    );
    const tesfay = await enroll(
      t,
      w.s.coordinator.token,
      w.s.schoolId,
      aSeeker({
        givenName: 'Tesfay',
        familyName: 'Berhe',
        languages: [{ code: 'ti', level: 'native' }],
        dutchLevel: 'none',
        messageLanguage: 'ti',
      }),
    );
    return { karim, salma, tesfay };
  }

  const text = (s: string): string => s.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');

  it('starts a run and shows the pairs side by side with every reason, the unmatched seeker and what would help', async () => {
    const w = await world();
    const { karim, salma, tesfay } = await family(w);
    const empty = await w.get('/matching');
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('Voor deze school is nog geen ronde gestart.');
    expect(empty.text).toContain('Eerste ronde starten');

    const started = await w.post('/matching/runs');
    expect(started).toMatchObject({ status: 303, location: `${w.base}/matching?done=run` });
    const [run] = await t.db.query(
      `SELECT id, stats, unmatched, skipped_pins FROM matching_run WHERE school_id = $1`,
      [w.s.schoolId],
    );
    expect(run.stats).toMatchObject({ seekers: 2, matched: 1 });
    expect(run.skipped_pins).toEqual([]);
    const [proposal] = await t.db.query(
      `SELECT id, seeker_id, buddy_id, status, score FROM match WHERE run_id = $1`,
      [run.id],
    );
    expect(proposal).toMatchObject({ seeker_id: karim.id, buddy_id: salma.id, status: 'proposed' });

    // Opened again later (GET), the page shows the latest run, not only right after the post.
    const page = await w.get('/matching?done=run');
    expect(page.status).toBe(200);
    const words = text(page.text);
    expect(words).toContain('De ronde is klaar. Hieronder staan de voorstellen.');
    expect(words).toContain('Voorstellen (1)');
    expect(page.text).toContain(`id="pair-${proposal.id}"`);
    expect(words).toContain('Karim Haddad en Salma Aziz');
    expect(page.text).toContain(`href="${w.base}/parents/${karim.id}"`);
    expect(page.text).toContain(`href="${w.base}/parents/${salma.id}"`);
    expect(words).toContain('Wacht sinds vandaag');
    expect(words).toContain(`Score: ${proposal.score}`);
    expect(words).toContain('Spreken allebei Arabisch. (+10 punten)');
    // A staff-only reason is marked with words.
    expect(words).toMatch(
      /Maar 1 mogelijk maatje: voorrang\. \(\+10 punten\) alleen voor medewerkers/,
    );
    expect(words).toContain('Het open voorstel goedkeuren');
    // The seeker nobody can talk with: the reason and what would help.
    expect(words).toContain('Zonder maatje (1)');
    expect(page.text).toContain(`href="${w.base}/parents/${tesfay.id}"`);
    expect(words).toContain('Niemand die maatje wil zijn spreekt een taal van deze ouder.');
    expect(words).toContain('Een maatje dat Tigrinya spreekt.');
    expect(page.text).toContain('data-help="no_shared_language"');
  });

  it('pins and forbids from the proposals, runs again with the pin kept, and skips a pin that can no longer hold', async () => {
    const w = await world();
    const { karim, salma } = await family(w);
    const other = await enroll(
      t,
      w.s.coordinator.token,
      w.s.schoolId,
      aBuddy({ givenName: 'Hanan' }),
    );
    expect((await w.post('/matching/runs')).status).toBe(303);
    const [first] = await t.db.query(
      `SELECT seeker_id, buddy_id FROM match WHERE school_id = $1 AND status = 'proposed'`,
      [w.s.schoolId],
    );
    expect(first.seeker_id).toBe(karim.id);

    // Forbid the proposed pair, run again: the other buddy is proposed.
    const forbid = await w.post('/matching/rules', {
      seekerId: karim.id,
      buddyId: first.buddy_id,
      kind: 'forbid',
    });
    expect(forbid).toMatchObject({ status: 303, location: `${w.base}/matching?done=forbidden` });
    const forbidden = await w.get('/matching');
    expect(text(forbidden.text)).toContain('Verboden vanaf de volgende ronde');
    expect((await w.post('/matching/runs')).status).toBe(303);
    const [second] = await t.db.query(
      `SELECT buddy_id FROM match WHERE school_id = $1 AND status = 'proposed'`,
      [w.s.schoolId],
    );
    const otherBuddy = first.buddy_id === salma.id ? other.id : salma.id;
    expect(second.buddy_id).toBe(otherBuddy);

    // Pin the new pair; a second pin on the same pair is refused with a plain sentence (422).
    expect(
      (await w.post('/matching/rules', { seekerId: karim.id, buddyId: otherBuddy, kind: 'pin' }))
        .location,
    ).toBe(`${w.base}/matching?done=pinned`);
    const twice = await w.post('/matching/rules', {
      seekerId: karim.id,
      buddyId: otherBuddy,
      kind: 'pin',
    });
    expect(twice.status).toBe(422);
    expect(text(twice.text)).toContain('Voor dit paar is al iets vastgelegd. Hef dat eerst op.');
    const bad = await w.post('/matching/rules', {
      seekerId: 'nope',
      buddyId: otherBuddy,
      kind: 'pin',
    });
    expect(bad.status).toBe(422);
    const rules = await t.db.query(
      `SELECT seeker_id, buddy_id, kind FROM match_rule WHERE school_id = $1 ORDER BY kind`,
      [w.s.schoolId],
    );
    expect(rules).toEqual([
      { seeker_id: karim.id, buddy_id: first.buddy_id, kind: 'forbid' },
      { seeker_id: karim.id, buddy_id: otherBuddy, kind: 'pin' },
    ]);
    expect((await w.post('/matching/runs')).status).toBe(303);
    const [pinned] = await t.db.query(
      `SELECT buddy_id, pinned, reasons FROM match WHERE school_id = $1 AND status = 'proposed'`,
      [w.s.schoolId],
    );
    expect(pinned.buddy_id).toBe(otherBuddy);
    expect(pinned.pinned).toBe(true);
    expect(text((await w.get('/matching')).text)).toContain(
      'Vastgezet door een medewerker. (0 punten) alleen voor medewerkers',
    );

    // The pinned buddy pauses: the pin is skipped with the reason, the run goes on (no 422).
    const buddy = await t
      .http()
      .get(`/api/v1/schools/${w.s.schoolId}/parents/${otherBuddy}`)
      .set('authorization', `Bearer ${w.s.coordinator.token}`);
    await t
      .http()
      .patch(`/api/v1/schools/${w.s.schoolId}/parents/${otherBuddy}`)
      .set('authorization', `Bearer ${w.s.coordinator.token}`)
      .send({ status: 'paused', version: buddy.body.version })
      .expect(200);
    expect((await w.post('/matching/runs')).status).toBe(303);
    const [latest] = await t.db.query(
      `SELECT skipped_pins, stats FROM matching_run WHERE school_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [w.s.schoolId],
    );
    expect(latest.skipped_pins).toEqual([
      { seekerId: karim.id, buddyId: otherBuddy, reason: 'paused', parentId: otherBuddy },
    ]);
    const skipped = text((await w.get('/matching')).text);
    expect(skipped).toContain('Vastgezette paren die niet meer kunnen');
    const [paused] = await t.db.query(`SELECT given_name, family_name FROM parent WHERE id = $1`, [
      otherBuddy,
    ]);
    const pausedName = `${paused.given_name} ${paused.family_name}`;
    expect(skipped).toContain(`Karim Haddad en ${pausedName}: ${pausedName} is gepauzeerd.`);
    // The API says the same.
    const api = await t
      .http()
      .post(`/api/v1/schools/${w.s.schoolId}/matching/runs?wait=true`)
      .set('authorization', `Bearer ${w.s.coordinator.token}`)
      .expect(201);
    expect(api.body.skippedPins).toEqual([
      { seekerId: karim.id, buddyId: otherBuddy, reason: 'paused', parentId: otherBuddy },
    ]);
  });

  it('skips a pin whose seeker already has a buddy, and still refuses a pin that breaks a hard rule', async () => {
    const w = await world();
    const { karim, salma, tesfay } = await family(w);
    await w.post('/matching/rules', { seekerId: karim.id, buddyId: salma.id, kind: 'pin' });
    await w.post('/matching/runs');
    const [p] = await t.db.query(
      `SELECT id FROM match WHERE school_id = $1 AND status = 'proposed'`,
      [w.s.schoolId],
    );
    expect(await w.post(`/matching/proposals/${p.id}/approve`)).toMatchObject({
      status: 303,
      location: `${w.base}/matching?done=approved`,
    });
    expect((await w.post('/matching/runs')).status).toBe(303);
    const [run] = await t.db.query(
      `SELECT skipped_pins FROM matching_run WHERE school_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [w.s.schoolId],
    );
    expect(run.skipped_pins).toEqual([
      { seekerId: karim.id, buddyId: salma.id, reason: 'has_buddy', parentId: karim.id },
    ]);
    expect(text((await w.get('/matching')).text)).toContain('Karim Haddad heeft al een maatje.');

    // Tesfay and Salma share no language: that pin is a contradiction staff must resolve.
    await w.post('/matching/rules', { seekerId: tesfay.id, buddyId: salma.id, kind: 'pin' });
    const refused = await w.post('/matching/runs');
    expect(refused.status).toBe(422);
    const words = text(refused.text);
    expect(words).toContain('De ronde is niet gestart: een vastgezet paar kan niet.');
    expect(words).toContain('Het gaat om Tesfay Berhe en Salma Aziz: ze spreken geen taal samen.');
  });

  it('approves one and all, rejects, and sends nothing for a rejected proposal', async () => {
    const w = await world();
    const a = await enroll(t, w.s.coordinator.token, w.s.schoolId, aSeeker({ givenName: 'Amal' }));
    const b = await enroll(t, w.s.coordinator.token, w.s.schoolId, aSeeker({ givenName: 'Bilal' }));
    const c = await enroll(t, w.s.coordinator.token, w.s.schoolId, aSeeker({ givenName: 'Dina' }));
    for (const n of ['Farah', 'Ghada', 'Hiba'])
      await enroll(t, w.s.coordinator.token, w.s.schoolId, aBuddy({ givenName: n }));
    await w.post('/matching/runs');
    const [run] = await t.db.query(`SELECT id FROM matching_run WHERE school_id = $1`, [
      w.s.schoolId,
    ]);
    const proposals: { id: string; seeker_id: string }[] = await t.db.query(
      `SELECT id, seeker_id FROM match WHERE run_id = $1 ORDER BY seeker_id`,
      [run.id],
    );
    expect(proposals).toHaveLength(3);
    const of = (id: string) => proposals.find((p) => p.seeker_id === id)!.id;
    expect(text((await w.get('/matching')).text)).toContain('Alle 3 open voorstellen goedkeuren');
    expect((await w.post(`/matching/proposals/${of(a.id)}/reject`)).location).toBe(
      `${w.base}/matching?done=rejected`,
    );
    expect((await w.post(`/matching/runs/${run.id}/approve`)).location).toBe(
      `${w.base}/matching?done=approved_all`,
    );
    const statuses = await t.db.query(
      `SELECT seeker_id, status FROM match WHERE run_id = $1 ORDER BY seeker_id`,
      [run.id],
    );
    expect(Object.fromEntries(statuses.map((r: any) => [r.seeker_id, r.status]))).toEqual({
      [a.id]: 'rejected',
      [b.id]: 'approved',
      [c.id]: 'approved',
    });
    const intros = await t.db.query(
      `SELECT subject_id, kind FROM notification WHERE school_id = $1 AND kind LIKE 'intro_%'`,
      [w.s.schoolId],
    );
    expect(intros).toHaveLength(4);
    expect(intros.map((n: any) => n.subject_id)).not.toContain(of(a.id));
    // Approving a rejected proposal is a plain sentence, not an error page.
    const again = await w.post(`/matching/proposals/${of(a.id)}/approve`);
    expect(again.status).toBe(422);
    expect(text(again.text)).toContain('Dit voorstel is al afgehandeld.');
    expect(text((await w.get('/matching')).text)).toContain(
      'Alle voorstellen van deze ronde zijn afgehandeld.',
    );
  });

  it('records a decline on behalf, lists it first, and ends a pair with a reason after a validation round-trip', async () => {
    const w = await world();
    const { karim, salma } = await family(w);
    const hanan = await enroll(
      t,
      w.s.coordinator.token,
      w.s.schoolId,
      aSeeker({
        givenName: 'Hanan',
        familyName: 'Saleh',
        languages: [{ code: 'pl', level: 'native' }],
        dutchLevel: 'none',
        messageLanguage: 'pl',
      }),
    );
    const joost = await enroll(
      t,
      w.s.coordinator.token,
      w.s.schoolId,
      aBuddy({
        givenName: 'Joost',
        familyName: 'de Vries',
        languages: [{ code: 'pl', level: 'fluent' }],
      }),
    );
    await w.post('/matching/runs');
    const rows: { id: string; seeker_id: string }[] = await t.db.query(
      `SELECT id, seeker_id FROM match WHERE school_id = $1 AND status = 'proposed'`,
      [w.s.schoolId],
    );
    const karimPair = rows.find((r) => r.seeker_id === karim.id)!.id;
    const hananPair = rows.find((r) => r.seeker_id === hanan.id)!.id;
    const [run] = await t.db.query(`SELECT id FROM matching_run WHERE school_id = $1`, [
      w.s.schoolId,
    ]);
    await w.post(`/matching/runs/${run.id}/approve`);

    const pairPage = await w.get(`/matches/${karimPair}`);
    expect(pairPage.status).toBe(200);
    const words = text(pairPage.text);
    expect(words).toContain('Antwoord doorgeven namens een ouder');
    expect(words).toContain('Kennismakingsbericht voor Karim Haddad: wacht op verzending.');
    expect(pairPage.text).toContain(`href="${w.base}/parents/${salma.id}"`);

    // A form without a choice comes back with the messages next to the fields (422).
    const missing = await w.post(`/matches/${karimPair}/responses`, { reason: 'no_time' });
    expect(missing.status).toBe(422);
    expect(text(missing.text)).toContain('Er zijn 2 fouten in het formulier');
    expect(missing.text).toContain('href="#f-parentId"');
    expect(text(missing.text)).toContain('Kies wie antwoordt.');
    expect(text(missing.text)).toContain('Kies ja of nee.');
    expect(missing.text).toMatch(/<option\s+value="no_time"\s+selected/);

    const declined = await w.post(`/matches/${karimPair}/responses`, {
      parentId: salma.id,
      response: 'decline',
      reason: 'no_time',
    });
    expect(declined).toMatchObject({
      status: 303,
      location: `${w.base}/matches/${karimPair}?done=answer_recorded`,
    });
    const [stored] = await t.db.query(
      `SELECT status, buddy_response, seeker_response, decline_reason FROM match WHERE id = $1`,
      [karimPair],
    );
    expect(stored).toEqual({
      status: 'declined',
      buddy_response: 'declined',
      seeker_response: null,
      decline_reason: 'no_time',
    });
    const [seekerRow] = await t.db.query(`SELECT status FROM parent WHERE id = $1`, [karim.id]);
    expect(seekerRow.status).toBe('waiting');
    const [audit] = await t.db.query(
      `SELECT action, details FROM audit_log WHERE entity_id = $1 AND action = 'match.decline'`,
      [karimPair],
    );
    expect(audit.details).toEqual({ side: 'buddy' });
    const declinedPage = text((await w.get(`/matches/${karimPair}?done=answer_recorded`)).text);
    expect(declinedPage).toContain('Het antwoord is opgeslagen.');
    expect(declinedPage).toContain(
      'Bekijk dit paar. Salma Aziz zei nee (geen tijd). Karim Haddad wacht weer op een maatje.',
    );
    expect(declinedPage).toContain('Salma Aziz zei nee (geen tijd).');
    expect(declinedPage).toContain('Start een nieuwe ronde om een ander maatje te zoeken.');
    // Answering again is refused in words.
    const twice = await w.post(`/matches/${karimPair}/responses`, {
      parentId: salma.id,
      response: 'accept',
    });
    expect(twice.status).toBe(422);
    expect(text(twice.text)).toContain('Deze ouder heeft al geantwoord.');

    // The follow-up page lists the decline first, with the reason in plain words.
    const list = await w.get('/matches');
    expect(list.status).toBe(200);
    const listed = text(list.text);
    expect(listed).toContain('Eerst bekijken (1)');
    expect(listed).toContain(
      'Salma Aziz zei nee (geen tijd). Karim Haddad wacht weer op een maatje.',
    );
    expect(list.text).toContain('data-attention="declined"');
    expect(listed).toContain('Voorgesteld aan ouders (1)');

    // End the other pair: first without a reason (422, typed values kept), then properly.
    const noReason = await w.post(`/matches/${hananPair}/end`, {
      outcome: 'neutral',
      rematch: 'true',
    });
    expect(noReason.status).toBe(422);
    expect(text(noReason.text)).toContain('Kies waarom het stopt.');
    expect(noReason.text).toContain('href="#f-end-reason"');
    expect(noReason.text).toMatch(/value="neutral"\s+checked/);
    expect(noReason.text).toMatch(/value="true"\s+checked/);
    const bogus = await w.post(`/matches/${hananPair}/end`, { reason: 'bored', outcome: 'meh' });
    expect(bogus.status).toBe(422);
    expect(text(bogus.text)).toContain('Kies hoe het is gegaan.');
    const ended = await w.post(`/matches/${hananPair}/end`, {
      reason: 'moved',
      outcome: 'neutral',
      rematch: 'true',
    });
    expect(ended).toMatchObject({
      status: 303,
      location: `${w.base}/matches/${hananPair}?done=ended`,
    });
    const [endRow] = await t.db.query(
      `SELECT status, end_reason, end_outcome, ended_at FROM match WHERE id = $1`,
      [hananPair],
    );
    expect(endRow).toMatchObject({ status: 'ended', end_reason: 'moved', end_outcome: 'neutral' });
    expect(endRow.ended_at).not.toBeNull();
    const parents = await t.db.query(
      `SELECT id, status FROM parent WHERE id = ANY($1) ORDER BY id`,
      [[hanan.id, joost.id]],
    );
    expect(Object.fromEntries(parents.map((p: any) => [p.id, p.status]))).toEqual({
      [hanan.id]: 'waiting',
      [joost.id]: 'enrolled',
    });
    const endedPage = text((await w.get(`/matches/${hananPair}?done=ended`)).text);
    expect(endedPage).toContain('Het paar is beëindigd.');
    expect(endedPage).toContain(
      'Beëindigd. Reden: Verhuisd of van school. Hoe ging het: Neutraal.',
    );
    expect(endedPage).not.toContain('Paar beëindigen');
    expect(text((await w.get('/matches?status=ended')).text)).toContain('Beëindigd (1)');

    // A new buddy, a new run: Karim has a newer proposal, so the decline no longer needs a look.
    await enroll(t, w.s.coordinator.token, w.s.schoolId, aBuddy({ givenName: 'Rania' }));
    expect((await w.post('/matching/runs')).status).toBe(303);
    const after = text((await w.get('/matches')).text);
    expect(after).toContain('Eerst bekijken (0)');
    expect(text((await w.get(`/matches/${karimPair}`)).text)).not.toContain('Bekijk dit paar.');
  });

  it('flags a pair without an answer after the response days and a worrying check-in, and clears it once seen', async () => {
    const w = await world();
    const { karim, salma } = await family(w);
    await w.post('/matching/runs');
    const [p] = await t.db.query(
      `SELECT id FROM match WHERE school_id = $1 AND status = 'proposed'`,
      [w.s.schoolId],
    );
    await w.post(`/matching/proposals/${p.id}/approve`);
    expect(text((await w.get('/matches')).text)).toContain(
      'Er zijn nu geen paren die aandacht nodig hebben.',
    );
    await t.db.query(`UPDATE match SET approved_at = $2 WHERE id = $1`, [
      p.id,
      new Date(Date.now() - 6 * DAY - 60_000),
    ]);
    const late = text((await w.get('/matches')).text);
    expect(late).toContain(
      'Nog geen antwoord van Karim Haddad en Salma Aziz, 6 dagen na de kennismaking.',
    );

    // Both accept (recorded on their behalf): active, then a check-in that is not going well.
    await w.post(`/matches/${p.id}/responses`, { parentId: karim.id, response: 'accept' });
    await w.post(`/matches/${p.id}/responses`, { parentId: salma.id, response: 'accept' });
    await t
      .http()
      .post(`/api/v1/schools/${w.s.schoolId}/matches/${p.id}/check-ins`)
      .set('authorization', `Bearer ${w.s.coordinator.token}`)
      .send({ parentId: salma.id, answer: 'could_be_better' })
      .expect(200);
    const flagged = text((await w.get('/matches?status=active')).text);
    expect(flagged).toContain('Bij de check-in zei Salma Aziz: ‘het kan beter’.');
    expect(flagged).toContain('Actief (1)');
    const pair = await w.get(`/matches/${p.id}`);
    expect(text(pair.text)).toContain('Check-in van Salma Aziz: het kan beter.');
    expect(pair.text).toContain('data-check-in="could_be_better"');
    expect((await w.post(`/matches/${p.id}/attention`)).location).toBe(
      `${w.base}/matches/${p.id}?done=attention_cleared`,
    );
    const [row] = await t.db.query(`SELECT needs_attention FROM match WHERE id = $1`, [p.id]);
    expect(row.needs_attention).toBe(false);
    expect(text((await w.get('/matches')).text)).toContain('Eerst bekijken (0)');
  });

  it('answers 404 for unknown or foreign pairs, 403 for a viewer, and renders in English', async () => {
    const w = await world();
    const { karim } = await family(w);
    await w.post('/matching/runs');
    const [p] = await t.db.query(`SELECT id FROM match WHERE school_id = $1`, [w.s.schoolId]);
    expect((await w.get('/matches/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await w.get('/matches/not-an-id')).status).toBe(404);
    expect(
      (await w.post('/matching/proposals/00000000-0000-4000-8000-000000000000/approve')).status,
    ).toBe(404);
    expect(
      (await w.post('/matching/rules/00000000-0000-4000-8000-000000000000/delete')).status,
    ).toBe(404);
    const other = await world();
    expect((await other.get(`/matches/${p.id}`)).status).toBe(404);
    expect((await other.post(`/matching/proposals/${p.id}/approve`)).status).toBe(404);
    const [still] = await t.db.query(`SELECT status FROM match WHERE id = $1`, [p.id]);
    expect(still.status).toBe('proposed');
    const viewer = await workspaceAgent(t, w.s.viewer.email);
    expect((await viewer.agent.get(`${w.base}/matching`)).status).toBe(403);
    expect((await viewer.agent.get(`${w.base}/matches`)).status).toBe(403);

    await w.agent
      .post('/account/language')
      .type('form')
      .send({ _csrf: w.csrf, language: 'en' })
      .expect(303);
    const en = text((await w.get('/matching')).text);
    expect(en).toContain('Match buddies');
    expect(en).toContain('Both speak Arabic. (+10 points)');
    expect(en).toContain('staff only');
    expect(en).toContain('A buddy who speaks Tigrinya.');
    expect(en).toContain(`Karim Haddad and Salma Aziz`);
    expect(karim.id).toBeDefined();
  });

  it('shows a run that is still computing with its progress, refreshing itself without JavaScript', async () => {
    const w = await world();
    await family(w);
    expect((await w.post('/matching/runs')).location).toBe(`${w.base}/matching?done=run`);
    const [{ id }] = await t.db.query(
      `INSERT INTO matching_run (school_id, weights, status, progress, phase, heartbeat_at)
       VALUES ($1, '{}', 'running', 40, 'candidates', now()) RETURNING id`,
      [w.s.schoolId],
    );
    const page = await w.agent.get(`${w.base}/matching`).expect(200);
    expect(page.headers.refresh).toBe('3');
    const text = page.text.replace(/\s+/g, ' ');
    expect(text).toContain(`data-run="${id}" data-run-status="running"`);
    expect(text).toContain('De ronde rekent: 40% klaar (mogelijke maatjes zoeken).');
    expect(text).toContain('<progress max="100" value="40" aria-label="Voortgang van de ronde">');
    expect(text).toContain('Deze pagina ververst zichzelf elke 3 seconden.');
    expect(text).toContain('Tot hij klaar is, staan hieronder de voorstellen van de vorige ronde.');
    // The previous run's proposals stay on the page meanwhile.
    expect(text).toContain('Karim Haddad');
    // Starting another run meanwhile leads back to the page with the progress.
    expect((await w.post('/matching/runs')).location).toBe(`${w.base}/matching`);
    // The process computing it died: the page says so and refreshes no more.
    await t.db.query(
      `UPDATE matching_run SET heartbeat_at = now() - interval '2 minutes' WHERE id = $1`,
      [id],
    );
    const failed = await w.agent.get(`${w.base}/matching`).expect(200);
    expect(failed.headers.refresh).toBeUndefined();
    expect(failed.text.replace(/\s+/g, ' ')).toContain(
      'stopte voordat hij klaar was (de server is herstart). Er is niets veranderd: start een nieuwe ronde.',
    );
  });
});
