import { Clock } from '../../src/activities/clock';
import { escapeText } from '../../src/activities/core/ics';
import { localDate, parseTime } from '../../src/activities/core/local-time';
import { anActivity, anActivityParent, bulkParents, schedule } from '../factories/activity.factory';
import { aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';
import { type Agent, csrfIn, workspaceAgent } from '../support/workspace';

/** An instant from a local Amsterdam time. */
function at(date: string, time: string): Date {
  const p = parseTime(`${date}T${time}`, 'Europe/Amsterdam');
  if (!p.ok) throw new Error(`bad time ${date} ${time}`);
  return p.instant;
}

/** A url-encoded form body with repeated keys for lists (as a browser sends checkboxes). */
function form(values: Record<string, string | string[] | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  }
  return p.toString();
}

/** The text of a page without tags and with collapsed spaces (for sentences in assertions). */
function text(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('activity pages of the staff workspace', () => {
  let t: TestApp;
  let s: SchoolFixture;
  let other: SchoolFixture;
  let agent: Agent;
  let csrf: string;
  let now: Date;
  const base = () => `/schools/${s.schoolId}/activities`;
  const day = () => localDate(new Date(Date.now() + 10 * 86400_000));

  beforeAll(async () => {
    t = await createTestApp();
    const platform = await aPlatformAdmin(t);
    s = await aSchool(t, platform.token);
    other = await aSchool(t, platform.token);
    ({ agent, csrf } = await workspaceAgent(t, s.coordinator.email));
    now = new Date();
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => now);
  }, 60_000);
  afterAll(() => t?.close());
  afterEach(() => {
    now = new Date();
  });

  const post = (path: string, values: Record<string, string | string[] | undefined>) =>
    agent
      .post(path)
      .type('form')
      .send(form({ _csrf: csrf, ...values }));

  const messages = (activityId: string, kind: string): Promise<{ parent_id: string }[]> =>
    t.db.query(
      `SELECT parent_id FROM notification WHERE subject_type = 'activity' AND subject_id = $1 AND kind = $2 ORDER BY created_at, id`,
      [activityId, kind],
    );

  it('schedules in the school time zone with a translation and a host suggested from skills; a form with errors comes back as typed', async () => {
    const cook = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivityParent({ givenName: 'Samira', familyName: 'Kok', skills: ['cooking', 'baking'] }),
    );
    await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({ givenName: 'Olga', messageLanguage: 'uk', skills: ['cooking'] }), // no consent: not suggested
    );
    const step = await agent.get(`${base()}/new`).expect(200);
    expect(step.text).toContain('Wat voor activiteit wordt het?');
    const page = await agent.get(`${base()}/new?kind=cooking_together`).expect(200);
    expect(page.text).toContain(`value="${cook.id}"`);
    expect(text(page.text)).toContain('Samira Kok');
    expect(text(page.text)).toContain('Kan: Koken, Bakken');
    expect(page.text).not.toContain('Olga');
    expect(page.text).toContain('type="date"');
    expect(page.text).toContain('type="time"');
    // Arabic (the seekers' message language) is offered as a translation.
    expect(page.text).toContain('name="title_ar"');

    const typed = {
      kind: 'cooking_together',
      title: 'Samen koken',
      title_ar: 'نطبخ معا',
      description: 'We koken soep.',
      date: '',
      startTime: '18:00',
      endTime: '17:00',
      location: 'Keuken <school>',
      capacity: '0',
      cost: '2,50',
      languages: ['nl', 'ar'],
      childcare: '1',
      hostParentIds: [cook.id],
    };
    const odd = await post(`${base()}/new`, {
      ...typed,
      kind: 'rocket_launch',
      hostParentIds: ['nope'],
      capacity: '8',
      date: day(),
      endTime: '20:00',
    }).expect(422);
    expect(text(odd.text)).toContain('Kies een van de mogelijkheden.');
    const bad = await post(`${base()}/new`, typed).expect(422);
    expect(bad.text).toContain('id="error-summary"');
    expect(text(bad.text)).toContain('Er zijn 2 fouten in het formulier');
    expect(text(bad.text)).toContain('Kies een datum.');
    expect(text(bad.text)).toContain('Dit getal is te klein.');
    expect(bad.text).toContain('value="Keuken &lt;school&gt;"');
    expect(bad.text).toContain('value="نطبخ معا"');
    expect(bad.text).toContain('value="2,50"');

    const date = day();
    // The service's rules come once the form's own are met.
    const later = await post(`${base()}/new`, { ...typed, date, capacity: '8' }).expect(422);
    expect(text(later.text)).toContain('De eindtijd moet na de begintijd liggen.');

    const past = await post(`${base()}/new`, {
      ...typed,
      date: localDate(new Date(Date.now() - 2 * 86400_000)),
      endTime: '20:00',
      capacity: '8',
    }).expect(422);
    expect(text(past.text)).toContain('Deze datum en tijd zijn al voorbij.');

    const ok = await post(`${base()}/new`, {
      ...typed,
      date,
      endTime: '20:00',
      capacity: '8',
    }).expect(303);
    const id = /activities\/([0-9a-f-]{36})\?done=created$/.exec(ok.headers.location)![1];
    const [row] = await t.db.query(
      `SELECT kind, title, titles, description, starts_at, ends_at, location, languages, childcare, interpreter, cost_cents, capacity
         FROM activity WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({
      kind: 'cooking_together',
      title: 'Samen koken',
      titles: { ar: 'نطبخ معا' },
      description: 'We koken soep.',
      starts_at: at(date, '18:00'),
      ends_at: at(date, '20:00'),
      location: 'Keuken <school>',
      languages: ['nl', 'ar'],
      childcare: true,
      interpreter: false,
      cost_cents: 250,
      capacity: 8,
    });
    const hosts = await t.db.query(`SELECT parent_id FROM activity_host WHERE activity_id = $1`, [
      id,
    ]);
    expect(hosts).toEqual([{ parent_id: cook.id }]);
    const shown = await agent.get(ok.headers.location).expect(200);
    expect(text(shown.text)).toContain('De activiteit is gepland. Nodig nu ouders uit.');
    expect(text(shown.text)).toContain('18:00–20:00');
    expect(text(shown.text)).toContain('Samira');
  });

  it('lists upcoming and past activities with places, waitlist and the status in words', async () => {
    const open = await schedule(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivity({ title: 'Taalcafé A', capacity: 1 }),
    );
    const gone = await schedule(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivity({ title: 'Uitje B' }),
    );
    const a = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivityParent({ givenName: 'Anna' }),
    );
    const b = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivityParent({ givenName: 'Bea' }),
    );
    for (const p of [a, b])
      await t
        .http()
        .post(`/api/v1/schools/${s.schoolId}/activities/${open.id}/rsvps`)
        .set('authorization', `Bearer ${s.coordinator.token}`)
        .send({ parentId: p.id })
        .expect(201);
    await t
      .http()
      .delete(`/api/v1/schools/${s.schoolId}/activities/${gone.id}`)
      .set('authorization', `Bearer ${s.coordinator.token}`)
      .expect(200);
    const list = await agent.get(base()).expect(200);
    const row = (title: string) => {
      const m = new RegExp(
        `<tr[^>]*>(?:(?!</tr>)[\\s\\S])*${title}(?:(?!</tr>)[\\s\\S])*</tr>`,
      ).exec(list.text);
      return text(m![0]).trim();
    };
    expect(row('Taalcafé A')).toMatch(
      /^Taalcafé A \d+ [a-z]+\.? \d{4}, \d\d:\d\d–\d\d:\d\d Ouderkamer 1 van 1 1 Vol$/,
    );
    expect(row('Uitje B')).toMatch(/Uitje B .* 0 van 10 0 Gaat niet door$/);
    expect(list.text).toContain('<caption');
    const past = await agent.get(`${base()}?when=past`).expect(200);
    expect(text(past.text)).toContain('Er zijn nog geen activiteiten geweest.');
    // Bad query values fall back to the defaults, never a 500.
    await agent.get(`${base()}?when=never&page=-3`).expect(200);
  });

  it('signs parents up on their behalf, shows the waitlist in order, and a cancelled sign-up moves the waitlist up', async () => {
    const act = await schedule(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivity({ title: 'Koffie C', capacity: 1 }),
    );
    const fatima = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivityParent({ givenName: 'Fatima', familyName: 'Zahra' }),
    );
    const gul = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivityParent({ givenName: 'Gül', familyName: 'Yılmaz' }),
    );
    const page = `${base()}/${act.id}`;
    const search = await agent.get(`${page}?q=fatima`).expect(200);

    expect(search.text).toMatch(new RegExp(`value="${fatima.id}"[^>]*selected`));
    const none = await agent.get(`${page}?q=zzzz`).expect(200);
    expect(text(none.text)).toContain('Geen ouder gevonden met ‘zzzz’.');

    // A malformed id is a form error, not a 500.
    const wrong = await post(`${page}/rsvps`, { parentId: 'not-an-id', q: 'fatima' }).expect(422);
    expect(text(wrong.text)).toContain('Kies iets uit de lijst.');
    expect(wrong.text).toContain('value="fatima"');
    const stranger = await enroll(t, other.coordinator.token, other.schoolId, aSeeker());
    const foreign = await post(`${page}/rsvps`, { parentId: stranger.id }).expect(422);
    expect(text(foreign.text)).toContain('Deze ouder hoort niet (meer) bij deze school.');

    const first = await post(`${page}/rsvps`, { parentId: fatima.id }).expect(303);
    expect(first.headers.location).toBe(`${page}?done=signed_up`);
    const second = await post(`${page}/rsvps`, { parentId: gul.id }).expect(303);
    expect(second.headers.location).toBe(`${page}?done=waitlisted`);
    const again = await post(`${page}/rsvps`, { parentId: gul.id }).expect(303);
    expect(again.headers.location).toBe(`${page}?done=already_signed_up`);
    const shown = await agent.get(`${page}?done=waitlisted`).expect(200);
    expect(text(shown.text)).toContain('De activiteit is vol. De ouder staat op de wachtlijst');
    expect(text(shown.text)).toMatch(
      /Aangemeld, in volgorde van aanmelding \(plaatsen bezet: 1 van 1\) .* 1 Fatima Zahra/,
    );
    expect(text(shown.text)).toMatch(/Wachtlijst, in volgorde: 1 ouder .* 1 Gül Yılmaz/);

    await post(`${page}/rsvps/${fatima.id}/cancel`, {}).expect(303);
    const rows = await t.db.query(
      `SELECT parent_id, status, promoted_at IS NOT NULL AS promoted FROM activity_rsvp WHERE activity_id = $1 ORDER BY position`,
      [act.id],
    );
    expect(rows).toEqual([
      { parent_id: fatima.id, status: 'cancelled', promoted: false },
      { parent_id: gul.id, status: 'confirmed', promoted: true },
    ]);
    const after = await agent.get(page).expect(200);
    expect(text(after.text)).toContain('Gül Yılmaz Van de wachtlijst');
    expect(text(after.text)).toContain('Er staat niemand op de wachtlijst.');
    expect((await messages(act.id, 'activity_promoted')).map((m) => m.parent_id)).toEqual([gul.id]);
    const [audit] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'activity.rsvps_read' AND entity_id = $1`,
      [act.id],
    );
    expect(audit.n).toBeGreaterThanOrEqual(5);
  });

  it('changes an activity (parents told once, an unchanged save tells nobody), refuses a stale form, and cancels after a confirmation', async () => {
    const act = await schedule(t, s.coordinator.token, s.schoolId, anActivity({ title: 'Yoga D' }));
    const p = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivityParent({ givenName: 'Iris' }),
    );
    await post(`${base()}/${act.id}/rsvps`, { parentId: p.id }).expect(303);
    const edit = await agent.get(`${base()}/${act.id}/edit`).expect(200);
    expect(text(edit.text)).toContain('1 ouder is aangemeld of staat op de wachtlijst.');
    const field = (name: string) =>
      new RegExp(`name="${name}"\\s+type="[a-z]+"\\s+value="([^"]*)"`).exec(edit.text)?.[1] ?? '';
    const values = {
      kind: 'coffee_morning',
      title: 'Yoga D',
      description: '',
      date: field('date'),
      startTime: field('startTime'),
      endTime: field('endTime'),
      location: 'Ouderkamer',
      capacity: '10',
      cost: '',
      languages: ['nl', 'ar'],
      interpreter: '1',
      childcare: '1',
      version: /name="version" value="(\d+)"/.exec(edit.text)![1],
    };
    expect(values.version).toBe('1');
    await post(`${base()}/${act.id}/edit`, values).expect(303);
    expect(await messages(act.id, 'activity_changed')).toEqual([]);
    const moved = await post(`${base()}/${act.id}/edit`, {
      ...values,
      location: 'Gymzaal',
      version: '2',
    }).expect(303);
    expect(moved.headers.location).toBe(`${base()}/${act.id}?done=updated`);
    expect((await messages(act.id, 'activity_changed')).map((m) => m.parent_id)).toEqual([p.id]);
    const stale = await post(`${base()}/${act.id}/edit`, {
      ...values,
      location: 'Aula',
      version: '1',
    }).expect(422);
    expect(text(stale.text)).toContain('Iemand anders veranderde deze activiteit intussen.');
    expect(stale.text).toContain('value="Aula"');
    const [row] = await t.db.query(`SELECT location, version FROM activity WHERE id = $1`, [
      act.id,
    ]);
    expect(row).toEqual({ location: 'Gymzaal', version: 3 });

    const confirm = await agent.get(`${base()}/${act.id}/cancel`).expect(200);
    expect(text(confirm.text)).toContain(
      '1 ouder is aangemeld of staat op de wachtlijst. Deze ouder krijgt bericht',
    );
    expect(csrfIn(confirm.text)).toBe(csrf);
    await post(`${base()}/${act.id}/cancel`, {}).expect(303);
    expect((await messages(act.id, 'activity_cancelled')).map((m) => m.parent_id)).toEqual([p.id]);
    const page = await agent.get(`${base()}/${act.id}`).expect(200);
    expect(text(page.text)).toContain('Gaat niet door');
    await agent.get(`${base()}/${act.id}/edit`).expect(409);
    await agent.get(`${base()}/${act.id}/invite`).expect(409);
  });

  it('previews an invitation (who is reached, who is skipped and why) without sending, then sends', async () => {
    const act = await schedule(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivity({ title: 'Taalcafé E' }),
    );
    const yes = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivityParent({
        givenName: 'Yara',
        languages: [{ code: 'so', level: 'native' }],
        messageLanguage: 'so',
      }),
    );
    const no = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({ givenName: 'Noor', languages: [{ code: 'so', level: 'native' }] }),
    );
    const stop = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivityParent({ givenName: 'Sanne', languages: [{ code: 'so', level: 'native' }] }),
    );
    await t.db.query(`UPDATE parent SET stopped_topics = '{activities}' WHERE id = $1`, [stop.id]);
    const url = `${base()}/${act.id}/invite`;
    const page = await agent.get(url).expect(200);
    expect(text(page.text)).toContain('Somalisch (3 ouders)');

    const missing = await post(url, { audience: 'language', action: 'preview' }).expect(422);
    expect(text(missing.text)).toContain('Maak voor deze groep minstens één keuze.');
    const tampered = await post(url, {
      audience: 'parents',
      parentIds: ['x', "1' OR 1=1"],
      action: 'preview',
    }).expect(422);
    expect(text(tampered.text)).toContain('Kies iets uit de lijst.');
    const noAudience = await post(url, { action: 'preview' }).expect(422);
    expect(text(noAudience.text)).toContain('Kies een van de mogelijkheden.');

    const preview = await post(url, {
      audience: 'language',
      languages: ['so'],
      action: 'preview',
    }).expect(200);
    const p = text(preview.text);
    expect(p).toContain('1 ouder krijgt een uitnodiging');
    expect(p).toContain('In de groep die u koos, zitten 3 ouders.');
    expect(p).toContain('Noor Test Geen toestemming voor uitnodigingen voor activiteiten');
    expect(p).toContain('Sanne Test Heeft berichten over activiteiten stopgezet');
    expect(p).toContain('Per e-mail 1');
    expect(preview.text).toContain(`data-parent="${no.id}" data-reason="no_consent"`);
    const none = await t.db.query(`SELECT 1 FROM activity_invitation WHERE activity_id = $1`, [
      act.id,
    ]);
    expect(none).toEqual([]);

    const sent = await post(url, {
      audience: 'language',
      languages: ['so'],
      action: 'send',
    }).expect(303);
    expect(sent.headers.location).toBe(`${base()}/${act.id}?done=invited`);
    const invited = await t.db.query(
      `SELECT parent_id FROM activity_invitation WHERE activity_id = $1`,
      [act.id],
    );
    expect(invited).toEqual([{ parent_id: yes.id }]);
    expect((await messages(act.id, 'activity_invitation')).map((m) => m.parent_id)).toEqual([
      yes.id,
    ]);

    // Picking parents by name: the search keeps what was ticked; the preview names who was invited before.
    const found = await post(url, { audience: 'parents', q: 'yara', action: 'search' }).expect(200);
    expect(found.text).toContain(`value="${yes.id}"`);
    const again = await post(url, {
      audience: 'parents',
      parentIds: [yes.id],
      action: 'preview',
    }).expect(200);
    expect(text(again.text)).toContain('0 ouders krijgen een uitnodiging');
    expect(text(again.text)).toContain('Yara Test Is al uitgenodigd voor deze activiteit');
    expect(again.text).not.toContain('value="send"');
  });

  it('registers attendance with walk-ins and first-time visitors, and takes back a tick', async () => {
    const start = at(day(), '10:00');
    const earlier = await schedule(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivity({
        title: 'Eerder F',
        startsAt: new Date(start.getTime() - 86400_000).toISOString(),
        endsAt: new Date(start.getTime() - 86400_000 + 3600_000).toISOString(),
      }),
    );
    const act = await schedule(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivity({
        title: 'Koken G',
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 7200_000).toISOString(),
      }),
    );
    const kim = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivityParent({ givenName: 'Kim' }),
    );
    const lot = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivityParent({ givenName: 'Lotte' }),
    );
    const walk = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({ givenName: 'Wendela' }),
    );
    for (const p of [kim, lot])
      await post(`${base()}/${act.id}/rsvps`, { parentId: p.id }).expect(303);
    const url = `${base()}/${act.id}/attendance`;
    // Too early: the page says from when; saving is refused with the reason.
    const early = await agent.get(url).expect(200);
    expect(text(early.text)).toContain('U kunt de aanwezigheid opslaan vanaf');
    const refused = await post(url, {
      shown: [kim.id, lot.id],
      present: [kim.id],
      action: 'save',
    }).expect(422);
    expect(text(refused.text)).toContain(
      'U kunt aanwezigheid registreren vanaf een uur voor het begin.',
    );
    expect(refused.text).toMatch(new RegExp(`value="${kim.id}"\\s+checked`));

    // Kim came to an earlier activity: not a first-timer here.
    now = new Date(earlier.startsAt as string);
    await t
      .http()
      .post(`/api/v1/schools/${s.schoolId}/activities/${earlier.id}/attendance`)
      .set('authorization', `Bearer ${s.coordinator.token}`)
      .send({ parentIds: [kim.id] })
      .expect(200);
    now = new Date(start.getTime() - 30 * 60_000);
    const sheet = await agent.get(url).expect(200);
    const sheetText = text(sheet.text);
    expect(sheetText).toMatch(/Aangemeld \(2\) Kim Test Lotte Test Eerste keer/);
    const found = await post(url, {
      shown: [kim.id, lot.id],
      present: [kim.id],
      q: 'wendela',
      action: 'search',
    }).expect(200);
    expect(found.text).toMatch(new RegExp(`value="${kim.id}"\\s+checked`));
    expect(text(found.text)).toContain('Wendela Test Eerste keer');
    const saved = await post(url, {
      shown: [kim.id, lot.id],
      present: [kim.id, walk.id],
      action: 'save',
    }).expect(303);
    expect(saved.headers.location).toBe(`${url}?done=attendance_saved`);
    const rows = async () =>
      (
        await t.db.query(
          `SELECT parent_id FROM activity_attendance WHERE activity_id = $1 ORDER BY parent_id`,
          [act.id],
        )
      ).map((r: { parent_id: string }) => r.parent_id);
    expect(await rows()).toEqual([kim.id, walk.id].sort());
    const after = await agent.get(`${url}?done=attendance_saved`).expect(200);
    expect(text(after.text)).toContain('De aanwezigheid is opgeslagen.');
    expect(text(after.text)).toMatch(/Zonder aanmelding gekomen \(1\) Wendela Test Eerste keer/);
    await post(url, {
      shown: [kim.id, lot.id, walk.id],
      present: [walk.id],
      action: 'save',
    }).expect(303);
    expect(await rows()).toEqual([walk.id]);
  });

  it('serves the calendar feed at a secret address without a session, in the staff language, and 404 once revoked', async () => {
    const act = await schedule(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivity({
        title: 'Feest; met, tekens',
        description: 'Regel 1\rRegel 2\nRegel 3',
        titles: { en: 'Party' },
      }),
    );
    const none = await agent.get(base()).expect(200);
    expect(text(none.text)).toContain('Er is nog geen agenda-adres.');
    await post(`${base()}/calendar-feed/renew`, {}).expect(303);
    const list = await agent.get(`${base()}?done=feed_created`).expect(200);
    const address = /id="feed-address"[^>]*value="([^"]+)"/.exec(
      list.text.replace(/\s+/g, ' '),
    )![1];
    expect(address).toMatch(
      new RegExp(`^${t.baseUrl}/calendar/[A-Za-z0-9_-]{43}\\.ics\\?lang=nl$`),
    );
    const path = address.slice(t.baseUrl.length);
    const token = /calendar\/([^.]+)\.ics/.exec(path)![1];
    const [stored] = await t.db.query(
      `SELECT encode(token_hash, 'hex') AS hash, position($2::bytea IN nonce) AS leak FROM activity_calendar_feed WHERE school_id = $1`,
      [s.schoolId, Buffer.from(token)],
    );
    expect(stored.hash).toHaveLength(64);
    expect(stored.hash).not.toContain(Buffer.from(token).toString('hex'));

    const feed = await t.http().get(path).expect(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(feed.text).toContain('X-WR-CALNAME:Activiteiten School');
    expect(feed.text).toContain('SUMMARY:Feest\\; met\\, tekens');
    expect(feed.text).toContain('DESCRIPTION:Regel 1\\nRegel 2\\nRegel 3');
    expect(feed.text.replace(/\r\n /g, '')).toContain(
      `URL:${t.baseUrl}/schools/${s.schoolId}/activities/${act.id}`,
    );
    expect(feed.text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const english = await t.http().get(path.replace('lang=nl', 'lang=en')).expect(200);
    expect(english.text).toContain('SUMMARY:Party');
    await t
      .http()
      .delete(`/api/v1/schools/${s.schoolId}/activities/${act.id}`)
      .set('authorization', `Bearer ${s.coordinator.token}`)
      .expect(200);
    const cancelled = await t.http().get(path).expect(200);
    expect(cancelled.text).toContain('SUMMARY:Gaat niet door: Feest\\; met\\, tekens');
    expect(cancelled.text).toContain('STATUS:CANCELLED');

    await post(`${base()}/calendar-feed/renew`, {}).expect(303);
    await t.http().get(path).expect(404);
    const renewed = await agent.get(base()).expect(200);
    const next = /id="feed-address"[^>]*value="([^"]+)"/.exec(
      renewed.text.replace(/\s+/g, ' '),
    )![1];
    expect(next).not.toBe(address);
    await t.http().get(next.slice(t.baseUrl.length)).expect(200);
    await post(`${base()}/calendar-feed/revoke`, {}).expect(303);
    await t.http().get(next.slice(t.baseUrl.length)).expect(404);
    await t.http().get('/calendar/not-a-secret.ics').expect(404);
    const actions = await t.db.query(
      `SELECT action FROM audit_log WHERE school_id = $1 AND action LIKE 'activity.calendar_feed%' ORDER BY id`,
      [s.schoolId],
    );
    expect(actions.map((a: { action: string }) => a.action)).toEqual([
      'activity.calendar_feed_created',
      'activity.calendar_feed_renewed',
      'activity.calendar_feed_revoked',
    ]);
    expect(escapeText('a\rb\r\nc\nd\u0007')).toBe('a\\nb\\nc\\nd');
  });

  it('renders the pages of a school with 2,000 parents quickly', async () => {
    const big = await aSchool(t, (await aPlatformAdmin(t)).token);
    const ids = await bulkParents(t, big.schoolId, 2000);
    await t.db.query(
      `UPDATE parent SET skills = '{baking}', languages = '[{"code": "ar", "level": "native"}]', message_language = 'ar' WHERE id = ANY($1::uuid[]) AND random() < 0.3`,
      [ids],
    );
    const act = await schedule(
      t,
      big.coordinator.token,
      big.schoolId,
      anActivity({ capacity: 500 }),
    );
    await t.db.query(
      `INSERT INTO activity_rsvp (activity_id, school_id, parent_id, status, signed_up_at, confirmed_at, actor_type)
       SELECT $1, $2, unnest($3::uuid[]), 'confirmed', now(), now(), 'staff'`,
      [act.id, big.schoolId, ids.slice(0, 300)],
    );
    const { agent: bigAgent, csrf: bigCsrf } = await workspaceAgent(t, big.coordinator.email);
    const root = `/schools/${big.schoolId}/activities`;
    const timings: Record<string, number> = {};
    const time = async (name: string, run: () => Promise<unknown>) => {
      await run(); // warm
      const started = process.hrtime.bigint();
      await run();
      timings[name] = Number(process.hrtime.bigint() - started) / 1e6;
    };
    await time('list', () => bigAgent.get(root).expect(200));
    await time('new', () => bigAgent.get(`${root}/new?kind=coffee_morning`).expect(200));
    await time('activity', () => bigAgent.get(`${root}/${act.id}?q=bulk1`).expect(200));
    await time('invite', () => bigAgent.get(`${root}/${act.id}/invite`).expect(200));
    await time('preview', () =>
      bigAgent
        .post(`${root}/${act.id}/invite`)
        .type('form')
        .send(form({ _csrf: bigCsrf, audience: 'all', action: 'preview' }))
        .expect(200),
    );
    await time('attendance', () => bigAgent.get(`${root}/${act.id}/attendance`).expect(200));
    // A guard against N+1 queries and quadratic rendering (~20–60 ms each on an idle laptop;
    // generous here, as the test machine is shared).
    for (const [page, ms] of Object.entries(timings))
      expect([page, ms < 1500]).toEqual([page, true]);
  }, 60_000);

  it("answers another school's activity and a malformed id with 404 pages, a viewer with 403", async () => {
    const theirs = await schedule(t, other.coordinator.token, other.schoolId, anActivity());
    for (const rest of ['', '/edit', '/invite', '/attendance', '/cancel'])
      await agent.get(`${base()}/${theirs.id}${rest}`).expect(404);
    await agent.get(`${base()}/not-an-id`).expect(404);
    await post(`${base()}/${theirs.id}/cancel`, {}).expect(404);
    const viewer = await workspaceAgent(t, s.viewer.email);
    const res = await viewer.agent.get(base()).expect(403);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });
});
