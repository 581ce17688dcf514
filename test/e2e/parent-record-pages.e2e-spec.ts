import { withActivityConsent, anActivity, schedule } from '../factories/activity.factory';
import { aBuddy, aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, schoolApi, SchoolFixture } from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';
import { Agent, workspaceAgent } from '../support/workspace';

/** The text of a piece of HTML: tags out, entities decoded, spaces collapsed. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** The body rows of the table whose caption contains `caption`, as cell texts. */
function rows(html: string, caption = ''): string[][] {
  const tables = [...html.matchAll(/<table[\s\S]*?<\/table>/g)].map((m) => m[0]);
  const found = tables.find((tb) =>
    text(/<caption[\s\S]*?<\/caption>/.exec(tb)?.[0] ?? '').includes(caption),
  );
  if (!found) throw new Error(`no table with caption "${caption}"`);
  const body = /<tbody[\s\S]*?<\/tbody>/.exec(found)?.[0] ?? '';
  return [...body.matchAll(/<tr[\s\S]*?<\/tr>/g)].map((r) =>
    [...r[0].matchAll(/<t[hd][\s\S]*?<\/t[hd]>/g)].map((c) => text(c[0])),
  );
}

describe('staff workspace: the parents list and a parent’s page', () => {
  let t: TestApp;
  let s: SchoolFixture;
  let coordinator: { agent: Agent; csrf: string };
  let fatima: { id: string; version: number };
  let anna: { id: string };
  let fatma: { id: string };
  let activityTitle: string;
  const base = (): string => `/schools/${s.schoolId}/parents`;

  beforeAll(async () => {
    t = await createTestApp();
    s = await aSchool(t, (await aPlatformAdmin(t)).token);
    fatima = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      withActivityConsent(
        aSeeker({
          givenName: 'Fátima',
          familyName: 'El Amrani',
          email: 'fatima@example.org',
          phone: '06 12345678',
          children: [
            { schoolYear: 'groep-3', firstName: 'Amira', className: '3B' },
            { schoolYear: 'vo-1' },
          ],
          situations: [
            { code: 'new_to_school', stance: 'seeking' },
            { code: 'dyslexia', stance: 'seeking', shareWithBuddy: true },
          ],
          skills: ['cooking'],
          availability: ['wed-morning'],
          intakeNote: 'Komt graag naar de koffieochtend.',
          atSchoolSince: 2024,
        }),
      ),
    );
    anna = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aBuddy({
        givenName: 'Anna',
        familyName: 'de Vries',
        situations: [
          { code: 'new_to_school', stance: 'experienced' },
          { code: 'dyslexia', stance: 'experienced' },
        ],
      }),
    );
    fatma = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({
        givenName: 'Fatma',
        familyName: 'Yilmaz',
        languages: [{ code: 'tr', level: 'native' }],
        messageLanguage: 'tr',
      }),
    );
    // Fátima has waited five weeks.
    await t.db.query(`UPDATE parent SET waiting_since = now() - interval '35 days' WHERE id = $1`, [
      fatima.id,
    ]);
    const api = schoolApi(t, s.schoolId, s.coordinator.token);
    const activity = await schedule(t, s.coordinator.token, s.schoolId, anActivity());
    activityTitle = activity.title as string;
    await api('post', `/activities/${activity.id}/rsvps`).send({ parentId: fatima.id }).expect(201);
    coordinator = await workspaceAgent(t, s.coordinator.email);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  describe('the list', () => {
    it('shows every parent by name with status, waiting time, role and languages, and the links to enroll and import', async () => {
      const res = await coordinator.agent.get(base()).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toContain('<h1 class="utrecht-heading-1">Ouders</h1>');
      expect(res.text).toContain(`href="${base()}/new"`);
      expect(res.text).toContain(`href="${base()}/import"`);
      expect(res.text).toContain('data-autosubmit');
      expect(text(res.text)).toContain('3 ouders gevonden.');
      expect(rows(res.text, 'Ouders op naam')).toEqual([
        ['Anna de Vries', 'Ingeschreven', '–', 'Wil maatje zijn', 'Arabisch en Nederlands'],
        ['Fatma Yilmaz', 'Wacht op een maatje', 'wacht sinds vandaag', 'Zoekt een maatje', 'Turks'],
        [
          'Fátima El Amrani',
          'Wacht op een maatje',
          'wacht 35 dagen langer dan 4 weken',
          'Zoekt een maatje',
          'Arabisch en Nederlands',
        ],
      ]);
      expect(res.text).toContain(`href="${base()}/${fatima.id}"`);
      // Columns that are not essential on a phone are marked to hide there.
      expect(res.text.match(/<th\s+scope="col"\s+class="[^"]*om-wide/g)).toHaveLength(2);
      const [audit] = await t.db.query(
        `SELECT details FROM audit_log WHERE action = 'parent.list' AND actor_id = $1 ORDER BY id DESC LIMIT 1`,
        [s.coordinator.id],
      );
      expect(audit.details).toMatchObject({ page: 1, count: 3 });
    });

    it('searches by name and filters by role, language, situation, status and waiting time', async () => {
      const names = async (q: string): Promise<string[]> => {
        const res = await coordinator.agent.get(`${base()}${q}`).expect(200);
        if (!res.text.includes('<table')) return [];
        return rows(res.text, 'Ouders op naam').map((r) => r[0]);
      };
      // Accents do not matter: "fatima" finds Fátima.
      expect(await names('?q=fatima')).toEqual(['Fátima El Amrani']);
      expect(await names('?q=F%C3%81TIMA%20amrani')).toEqual(['Fátima El Amrani']);
      expect(await names('?q=amrani%20yilmaz')).toEqual([]);
      expect(await names('?q=fat')).toEqual(['Fatma Yilmaz', 'Fátima El Amrani']);
      expect(await names('?role=buddy')).toEqual(['Anna de Vries']);
      expect(await names('?language=tr')).toEqual(['Fatma Yilmaz']);
      expect(await names('?situation=dyslexia')).toEqual(['Anna de Vries', 'Fátima El Amrani']);
      expect(await names('?status=waiting')).toEqual(['Fatma Yilmaz', 'Fátima El Amrani']);
      expect(await names('?waitingMoreThanDays=28')).toEqual(['Fátima El Amrani']);
      expect(await names('?waitingMoreThanDays=28&role=seeker&q=el')).toEqual(['Fátima El Amrani']);
      // The form keeps the filters chosen.
      const res = await coordinator.agent.get(`${base()}?waitingMoreThanDays=28&q=el`).expect(200);
      expect(res.text).toMatch(/<option\s+value="28"\s+selected\s*>\s*langer dan 4 weken/);
      expect(res.text).toMatch(/name="q"\s+type="search"\s+value="el"/);
      // The language filter offers the languages the school's parents speak.
      const options = [...res.text.matchAll(/<option\s+value="([a-z]{2,3})"/g)]
        .map((m) => m[1])
        .filter((v) => ['ar', 'nl', 'tr'].includes(v));
      expect(options).toEqual(['ar', 'nl', 'tr']);
    });

    it('keeps the filters in the paging links', async () => {
      const res = await coordinator.agent.get(`${base()}?status=waiting&pageSize=1`).expect(200);
      expect(rows(res.text, 'Ouders op naam').map((r) => r[0])).toEqual(['Fatma Yilmaz']);
      expect(text(res.text)).toContain('Pagina 1 van 2');
      expect(res.text).toContain(`href="${base()}?status=waiting&amp;pageSize=1&amp;page=2"`);
      const next = await coordinator.agent
        .get(`${base()}?status=waiting&pageSize=1&page=2`)
        .expect(200);
      expect(rows(next.text, 'Ouders op naam').map((r) => r[0])).toEqual(['Fátima El Amrani']);
      expect(next.text).toContain(`href="${base()}?status=waiting&amp;pageSize=1&amp;page=1"`);
    });

    it('says when nothing matches and offers to clear the filters', async () => {
      const res = await coordinator.agent.get(`${base()}?q=zzz&role=seeker`).expect(200);
      expect(text(res.text)).toContain(
        'Geen ouders gevonden Geen enkele ouder past bij deze naam en filters. Probeer een andere naam, of wis de filters.',
      );
      expect(res.text).toMatch(new RegExp(`href="${base()}"\\s*>Filters wissen`));
      expect(res.text).not.toContain('<table');
    });

    it('shows malformed filters next to their fields (422), keeping what was typed', async () => {
      const res = await coordinator.agent
        .get(`${base()}?q=Fat&status=sleeping&waitingMoreThanDays=lang`)
        .expect(422);
      expect(res.text).toContain('id="error-summary"');
      expect(text(res.text)).toContain('Er zijn 2 fouten in het formulier');
      expect(res.text).toMatch(
        /id="f-status-error"\s*>\s*Kies een van de mogelijkheden\.\s*<\/div>/,
      );
      expect(res.text).toMatch(/id="f-waitingMoreThanDays-error"\s*>\s*Vul een heel getal in\./);
      expect(res.text).toMatch(/name="q"\s+type="search"\s+value="Fat"/);
      expect(res.text).not.toContain('<table');
    });

    it('offers the waiting-time filter in the API too', async () => {
      const api = schoolApi(t, s.schoolId, s.coordinator.token);
      const res = await api('get', '/parents?waitingMoreThanDays=28').expect(200);
      expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([fatima.id]);
      expect(res.body.total).toBe(1);
      expect((await api('get', '/parents?waitingMoreThanDays=50').expect(200)).body.total).toBe(0);
      await api('get', '/parents?waitingMoreThanDays=-1').expect(400);
    });

    it('refuses a viewer with a 403 page, and another school with a 404 page', async () => {
      const viewer = await workspaceAgent(t, s.viewer.email);
      const res = await viewer.agent.get(base()).expect(403);
      expect(res.text).toContain('Dit mag u niet doen');
      await viewer.agent.get(`${base()}/${fatima.id}`).expect(403);
      const other = await aSchool(t, (await aPlatformAdmin(t)).token);
      const theirs = await enroll(t, other.coordinator.token, other.schoolId, aSeeker());
      const notFound = await coordinator.agent.get(`${base()}/${theirs.id}`).expect(404);
      expect(notFound.text).toContain('Deze pagina bestaat niet');
      await coordinator.agent.get(`/schools/${other.schoolId}/parents`).expect(404);
      await coordinator.agent.get(`${base()}/not-a-parent`).expect(404);
      await coordinator.agent
        .post(`${base()}/${theirs.id}/status`)
        .type('form')
        .send({ _csrf: coordinator.csrf, status: 'paused', version: '1' })
        .expect(404);
      const [row] = await t.db.query(`SELECT status FROM parent WHERE id = $1`, [theirs.id]);
      expect(row.status).toBe('waiting');
    });
  });

  describe("a parent's page", () => {
    it('shows the profile in words, consents, matches, messages, activities and who looked, and audits the read', async () => {
      const api = schoolApi(t, s.schoolId, s.coordinator.token);
      const runBody = (await api('post', '/matching/runs?wait=true').expect(201)).body;
      const proposals = runBody.proposals as {
        id: string;
        seeker: { id: string };
      }[];
      const proposal = proposals.find((p) => p.seeker.id === fatima.id)!;
      if (!proposal) throw new Error(JSON.stringify(runBody).slice(0, 3000));
      await api('post', `/matches/${proposal.id}/approve`).expect(200);

      const res = await coordinator.agent.get(`${base()}/${fatima.id}`).expect(200);
      const page = text(res.text);
      expect(res.text).toContain('<h1 class="utrecht-heading-1"><bdi>Fátima El Amrani</bdi></h1>');
      expect(page).toContain(
        'Wacht op een maatje Zoekt een maatje · wacht 35 dagen langer dan 4 weken',
      );
      expect(page).toContain('Amira, groep 3, klas 3B');
      expect(page).toContain('Kinderen Amira, groep 3, klas 3B brugklas');
      expect(page).toContain('Talen Arabisch (Moedertaal) en Nederlands (Een beetje)');
      expect(page).toContain('Nederlands Een beetje Nederlands');
      expect(page).toContain('Taal van de berichten Arabisch');
      expect(page).toContain('Zo bereikt u de ouder e-mail');
      expect(page).toContain('Telefoon +31612345678');
      expect(page).toContain(
        'Situaties Nieuw op school: zoekt steun Kind met dyslexie: zoekt steun (mag het maatje weten)',
      );
      expect(page).toContain('Kan en wil bijdragen Koken');
      expect(page).toContain('Kan meestal woensdag (ochtend)');
      expect(page).toContain('Op school sinds schooljaar 2024/25');
      expect(page).toContain('Notitie van de intake Komt graag naar de koffieochtend.');

      const consents = rows(res.text, 'Toestemming per doel');
      expect(consents.map((r) => [r[0], r[1], r[3], r[4]])).toEqual([
        ['Koppelen aan een maatje', 'Ja', 'In een gesprek', 'coordinator'],
        ['Contactgegevens delen met het maatje', 'Ja', 'In een gesprek', 'coordinator'],
        ['Berichten per e-mail', 'Ja', 'In een gesprek', 'coordinator'],
        ['Berichten per sms', 'Niet gevraagd', '–', '–'],
        ['Uitnodigingen voor activiteiten', 'Ja', 'In een gesprek', 'coordinator'],
      ]);

      const matches = rows(res.text, 'koppeling');
      expect(matches).toHaveLength(1);
      expect(matches[0].slice(0, 3)).toEqual(['Anna de Vries', 'Zoekt steun', 'Wacht op antwoord']);
      expect(res.text).toContain(`href="${base()}/${anna.id}"`);
      expect(res.text).toContain(`href="/schools/${s.schoolId}/matches"`);

      const messages = rows(res.text, 'berichten aan deze ouder');
      expect(messages.map((r) => [r[0], r[1], r[2], r[3]]).sort()).toEqual([
        ['Aanmelding bevestigd', '–', '–', 'Wordt verstuurd'],
        ['Voorstel van een maatje', '–', '–', 'Wordt verstuurd'],
        ['Welkom', '–', '–', 'Wordt verstuurd'],
      ]);

      const activities = rows(res.text, 'activiteit van deze ouder');
      expect(activities).toEqual([[activityTitle, expect.any(String), 'Nee', 'Aangemeld', '–']]);

      const audit = rows(res.text, 'meldingen');
      expect(audit[0].slice(1)).toEqual(['coordinator', 'Bekeek de gegevens']);
      expect(audit[audit.length - 1].slice(1)).toEqual(['coordinator', 'Schreef de ouder in']);

      const reads = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'parent.read' AND entity_id = $1 AND actor_id = $2`,
        [fatima.id, s.coordinator.id],
      );
      expect(reads[0].n).toBe(1);
      expect(res.text).toContain(`href="${base()}/${fatima.id}/edit"`);
      expect(res.text).toContain(`href="${base()}/${fatima.id}/export"`);
      expect(res.text).toContain(`href="${base()}/${fatima.id}/erase"`);
      expect(res.text).toContain(`href="${base()}/${fatima.id}/delete"`);
    });

    it('shows the newest 20 audit entries, and older ones a page further', async () => {
      for (let i = 0; i < 21; i++) await coordinator.agent.get(`${base()}/${anna.id}`).expect(200);
      const res = await coordinator.agent.get(`${base()}/${anna.id}`).expect(200);
      const newest = rows(res.text, 'meldingen');
      expect(newest).toHaveLength(20);
      const more = /href="([^"]*auditBefore=\d+)#audit"\s*>Oudere meldingen tonen/.exec(res.text);
      expect(more).not.toBeNull();
      const older = await coordinator.agent.get(more![1].replace(/&amp;/g, '&')).expect(200);
      const rest = rows(older.text, 'oudere melding');
      // 23 entries in all: the enrolment and 22 reads.
      expect(rest.map((r) => r[2])).toEqual([
        'Bekeek de gegevens',
        'Bekeek de gegevens',
        'Schreef de ouder in',
      ]);
      expect(older.text).toContain('Naar de nieuwste meldingen');
      expect(older.text).not.toContain('Oudere meldingen tonen');
    });

    it('shows the notices the intake pages redirect to', async () => {
      const saved = await coordinator.agent.get(`${base()}/${fatima.id}?done=saved`).expect(200);
      expect(saved.text).toMatch(/role="status"[\s\S]*De gegevens zijn opgeslagen\./);
      const enrolled = await coordinator.agent
        .get(`${base()}/${fatima.id}?done=enrolled`)
        .expect(200);
      expect(enrolled.text).toContain('De ouder is ingeschreven.');
    });

    it('pauses and resumes with the version read, and refuses a stale page (412)', async () => {
      const post = (body: Record<string, string>) =>
        coordinator.agent
          .post(`${base()}/${fatma.id}/status`)
          .type('form')
          .send({ _csrf: coordinator.csrf, ...body });
      const [before] = await t.db.query(`SELECT version FROM parent WHERE id = $1`, [fatma.id]);
      const page = await coordinator.agent.get(`${base()}/${fatma.id}`).expect(200);
      expect(page.text).toContain(`name="version" value="${before.version}"`);

      const paused = await post({ status: 'paused', version: String(before.version) }).expect(303);
      expect(paused.headers.location).toBe(`${base()}/${fatma.id}?done=paused`);
      let [row] = await t.db.query(
        `SELECT status, version, waiting_since FROM parent WHERE id = $1`,
        [fatma.id],
      );
      expect(row).toMatchObject({
        status: 'paused',
        version: before.version + 1,
        waiting_since: null,
      });
      const after = await coordinator.agent.get(paused.headers.location).expect(200);
      expect(text(after.text)).toContain('De ouder is gepauzeerd.');
      expect(text(after.text)).toContain('Pauze stoppen');

      // The same (now stale) form again: refused, the newest details shown.
      const stale = await post({ status: 'left', version: String(before.version) }).expect(412);
      expect(text(stale.text)).toContain(
        'Iemand anders wijzigde deze ouder net. U ziet nu de nieuwste gegevens; probeer het opnieuw.',
      );
      expect(stale.text).toContain(`name="version" value="${before.version + 1}"`);
      [row] = await t.db.query(`SELECT status FROM parent WHERE id = $1`, [fatma.id]);
      expect(row.status).toBe('paused');

      const resumed = await post({ status: 'waiting', version: String(before.version + 1) }).expect(
        303,
      );
      expect(resumed.headers.location).toBe(`${base()}/${fatma.id}?done=resumed`);
      [row] = await t.db.query(`SELECT status, waiting_since FROM parent WHERE id = $1`, [
        fatma.id,
      ]);
      expect(row.status).toBe('waiting');
      expect(row.waiting_since).not.toBeNull();

      const bad = await post({ status: 'matched', version: String(before.version + 2) }).expect(
        422,
      );
      expect(text(bad.text)).toContain('Kies een van de mogelijkheden.');

      const left = await post({ status: 'left', version: String(before.version + 2) }).expect(303);
      expect(left.headers.location).toBe(`${base()}/${fatma.id}?done=left`);
      const leftPage = await coordinator.agent.get(left.headers.location).expect(200);
      expect(text(leftPage.text)).toContain('De ouder doet niet meer mee.');
      expect(text(leftPage.text)).toContain('Weer laten meedoen');
      const updates = await t.db.query(
        `SELECT details FROM audit_log WHERE action = 'parent.update' AND entity_id = $1 ORDER BY id`,
        [fatma.id],
      );
      expect(updates.map((u: { details: unknown }) => u.details)).toEqual([
        { fields: ['status'] },
        { fields: ['status'] },
        { fields: ['status'] },
      ]);
    });

    it('downloads everything stored as a JSON file, audited as the API export', async () => {
      const res = await coordinator.agent.get(`${base()}/${fatima.id}/export`).expect(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      const day = new Date().toISOString().slice(0, 10);
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="oudermaatje-fatima-el-amrani-${day}.json"; filename*=UTF-8''oudermaatje-fatima-el-amrani-${day}.json`,
      );
      expect(res.headers['cache-control']).toBe('no-store');
      const body = JSON.parse(res.text);
      expect(body.parent).toMatchObject({
        id: fatima.id,
        givenName: 'Fátima',
        familyName: 'El Amrani',
      });
      expect(Object.keys(body).sort()).toEqual([
        'activities',
        'auditLog',
        'exportedAt',
        'matches',
        'messages',
        'messagesAbout',
        'parent',
      ]);
      const [log] = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'parent.export' AND entity_id = $1`,
        [fatima.id],
      );
      expect(log.n).toBe(1);
    });

    it('erases only after the parent’s name is typed, then lists the parent no more', async () => {
      const form = await coordinator.agent.get(`${base()}/${fatima.id}/erase`).expect(200);
      expect(text(form.text)).toContain('Gegevens van Fátima El Amrani wissen');
      expect(text(form.text)).toContain('Wat er verdwijnt');
      expect(form.text).toContain('Typ: <strong><bdi>Fátima El Amrani</bdi></strong>.');
      const post = (confirmation: string) =>
        coordinator.agent
          .post(`${base()}/${fatima.id}/erase`)
          .type('form')
          .send({ _csrf: coordinator.csrf, confirmation });
      const wrong = await post('Fatma Yilmaz').expect(422);
      expect(wrong.text).toMatch(
        /id="f-confirmation-error"\s*>\s*Dit is niet wat er moet staan\. Typ: Fátima El Amrani\s*<\/div>/,
      );
      expect(wrong.text).toContain('value="Fatma Yilmaz"');
      const empty = await post('').expect(422);
      expect(text(empty.text)).toContain('Typ Fátima El Amrani om te bevestigen.');
      let [row] = await t.db.query(`SELECT erased_at FROM parent WHERE id = $1`, [fatima.id]);
      expect(row.erased_at).toBeNull();

      const done = await post('  fatima   el amrani ').expect(303);
      expect(done.headers.location).toBe(`${base()}?done=erased`);
      [row] = await t.db.query(
        `SELECT given_name, family_name, email, phone, children, situations, intake_note, status, erased_at FROM parent WHERE id = $1`,
        [fatima.id],
      );
      expect(row).toMatchObject({
        given_name: '—',
        family_name: null,
        email: null,
        phone: null,
        children: [],
        situations: [],
        intake_note: null,
        status: 'left',
      });
      expect(row.erased_at).not.toBeNull();
      const list = await coordinator.agent.get(done.headers.location).expect(200);
      expect(text(list.text)).toContain('De gegevens van de ouder zijn gewist.');
      expect(rows(list.text, 'Ouders op naam').map((r) => r[0])).toEqual([
        'Anna de Vries',
        'Fatma Yilmaz',
      ]);
      // The erased record's page says so; erasing again is refused.
      const erasedPage = await coordinator.agent.get(`${base()}/${fatima.id}`).expect(200);
      expect(text(erasedPage.text)).toContain('Gewiste ouder');
      expect(erasedPage.text).not.toContain('Fátima');
      await coordinator.agent.get(`${base()}/${fatima.id}/erase`).expect(410);
    });

    it('deletes a parent after the typed confirmation', async () => {
      const form = await coordinator.agent.get(`${base()}/${fatma.id}/delete`).expect(200);
      expect(text(form.text)).toContain('Fatma Yilmaz verwijderen');
      await coordinator.agent
        .post(`${base()}/${fatma.id}/delete`)
        .type('form')
        .send({ _csrf: coordinator.csrf, confirmation: 'Fatma' })
        .expect(422);
      const done = await coordinator.agent
        .post(`${base()}/${fatma.id}/delete`)
        .type('form')
        .send({ _csrf: coordinator.csrf, confirmation: 'FATMA YILMAZ' })
        .expect(303);
      expect(done.headers.location).toBe(`${base()}?done=deleted`);
      expect(await t.db.query(`SELECT id FROM parent WHERE id = $1`, [fatma.id])).toEqual([]);
      const list = await coordinator.agent.get(done.headers.location).expect(200);
      expect(text(list.text)).toContain('De ouder is verwijderd.');
    });
  });

  it('speaks English to a staff member who chose it', async () => {
    const admin = await workspaceAgent(t, s.admin.email);
    await admin.agent
      .post('/account/language')
      .type('form')
      .send({ _csrf: admin.csrf, language: 'en' })
      .expect(303);
    const list = await admin.agent.get(`${base()}?waitingMoreThanDays=7`).expect(200);
    expect(list.text).toContain('<h1 class="utrecht-heading-1">Parents</h1>');
    expect(text(list.text)).toContain('Enroll a parent');
    expect(list.text).toMatch(/<option\s+value="7"\s+selected\s*>\s*more than 1 week/);
    const page = await admin.agent.get(`${base()}/${anna.id}`).expect(200);
    expect(text(page.text)).toContain('Role Wants to be a buddy, for 1 parent');
    expect(text(page.text)).toContain('Who looked at or changed the details');
  });

  describe('speed', () => {
    it('renders the list and a parent’s page of a school of 2,000 parents well under 100 ms', async () => {
      const big = await aSchool(t, (await aPlatformAdmin(t)).token);
      await t.db.query(
        `INSERT INTO parent (school_id, given_name, family_name, languages, dutch_level, message_language, role, capacity,
                             situations, status, waiting_since, at_school_since, channels, email, consents, children)
         SELECT $1, (ARRAY['Fatima','Anna','Mehmet','Olena','Yusuf','Sara','Piotr','Amal'])[1 + i % 8],
                'Ouder' || i,
                CASE WHEN i % 3 = 0 THEN '[{"code":"ar","level":"native"},{"code":"nl","level":"basic"}]'::jsonb
                     WHEN i % 3 = 1 THEN '[{"code":"tr","level":"native"}]'::jsonb
                     ELSE '[{"code":"nl","level":"native"}]'::jsonb END,
                'basic', 'nl',
                CASE WHEN i % 4 = 0 THEN 'buddy' ELSE 'seeker' END,
                CASE WHEN i % 4 = 0 THEN 1 ELSE 0 END,
                '[{"code":"new_to_school","stance":"seeking","shareWithBuddy":false}]'::jsonb,
                CASE WHEN i % 4 = 0 THEN 'enrolled' ELSE 'waiting' END,
                CASE WHEN i % 4 = 0 THEN NULL ELSE now() - (i % 90) * interval '1 day' END,
                2022, '{email}', 'p' || i || '@example.org',
                '{"matching": {"granted": true, "at": "2025-01-01T00:00:00Z", "method": "in_person", "recordedBy": null}}'::jsonb,
                '[{"schoolYear":"groep-4"}]'::jsonb
           FROM generate_series(1, 2000) AS i`,
        [big.schoolId],
      );
      await t.db.query('ANALYZE parent');
      const agent = (await workspaceAgent(t, big.coordinator.email)).agent;
      const [one] = await t.db.query(`SELECT id FROM parent WHERE school_id = $1 LIMIT 1`, [
        big.schoolId,
      ]);
      // Seven timed requests after a warm-up, each the whole server side (session, access
      // check, queries, audit row, rendering) over a local socket. The fastest shows the cost
      // of the page; the median also the waiting for a shared, busy machine.
      const timed = async (path: string): Promise<{ fastest: number; median: number }> => {
        await agent.get(path).expect(200);
        const times: number[] = [];
        for (let i = 0; i < 7; i++) {
          const start = process.hrtime.bigint();
          await agent.get(path).expect(200);
          times.push(Number(process.hrtime.bigint() - start) / 1e6);
        }
        times.sort((a, b) => a - b);
        return { fastest: Math.round(times[0]), median: Math.round(times[3]) };
      };
      const at = `/schools/${big.schoolId}/parents`;
      const timings = {
        list: await timed(at),
        lastPage: await timed(`${at}?page=80`),
        filtered: await timed(`${at}?waitingMoreThanDays=28&language=ar&q=fat`),
        parent: await timed(`${at}/${one.id}`),
      };
      process.stdout.write(`\n  parents pages, 2,000 parents (ms): ${JSON.stringify(timings)}\n`);
      for (const { fastest } of Object.values(timings)) expect(fastest).toBeLessThan(100);
    }, 60_000);
  });
});
