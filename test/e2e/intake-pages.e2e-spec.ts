import { WorkerService } from '../../src/worker/worker.service';
import { aBuddy, aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';
import { Agent, workspaceAgent } from '../support/workspace';
import { decrypted } from '../support/stored';

/** A url-encoded form body; repeated names (checkboxes) stay repeated. */
function form(entries: [string, string][]): string {
  return new URLSearchParams(entries).toString();
}

/** The rows of the tables in a page, each as the text of its cells (tags left out). */
function tableRows(page: string): string[][] {
  return [...page.matchAll(/<tr class="utrecht-table__row"[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) =>
      c[1]
        .replace(/<(p|ul|li|br)\b[^>]*>/g, ' ')
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );
}

/** A complete intake as the form posts it, with the values the tests look at. */
function intake(csrf: string, overrides: Record<string, string | string[]> = {}): string {
  const base: Record<string, string | string[]> = {
    _csrf: csrf,
    givenName: 'Fatima',
    familyName: 'El Amrani',
    'children.0.schoolYear': '',
    'children.0.firstName': '',
    'children.0.className': '',
    'children.1.schoolYear': 'groep-3',
    'children.1.firstName': 'Amira',
    'children.1.className': '3B',
    'children.2.schoolYear': '',
    'children.2.firstName': '',
    'children.2.className': '',
    'languages.0.code': 'ar',
    'languages.0.level': 'native',
    'languages.1.code': '',
    'languages.1.level': '',
    'languages.2.code': 'nl',
    'languages.2.level': 'basic',
    dutchLevel: 'basic',
    messageLanguage: 'ar',
    formOfAddress: 'feminine',
    role: 'seeker',
    capacity: '',
    'situations.0.code': 'dyslexia',
    'situations.0.stance': 'seeking',
    'situations.0.share': '1',
    'situations.1.code': '',
    'situations.1.stance': '',
    skills: ['cooking', 'storytelling'],
    interests: ['reading'],
    availability: ['mon-morning', 'wed-afternoon'],
    postcode: '3035 AB',
    channels: ['email', 'sms'],
    channelFirst: 'sms',
    email: '  Fatima@Example.org ',
    phone: '06-12 34 56 78',
    'consents.matching': 'yes',
    'consents.share_contact': 'yes',
    'consents.messages_email': 'yes',
    'consents.messages_sms': 'yes',
    'consents.activities': 'no',
    consentMethod: 'interpreter',
    atSchoolSince: '2022',
    intakeNote: 'Met tolk Arabisch.',
    ...overrides,
  };
  const entries: [string, string][] = [];
  for (const [k, v] of Object.entries(base))
    for (const x of Array.isArray(v) ? v : [v]) entries.push([k, x]);
  return form(entries);
}

describe('intake pages: enroll, change, import', () => {
  let t: TestApp;
  let s: SchoolFixture;
  let agent: Agent;
  let csrf: string;
  const base = () => `/schools/${s.schoolId}/parents`;
  const drain = () => t.app.get(WorkerService).drain();

  beforeAll(async () => {
    t = await createTestApp();
    s = await aSchool(t, (await aPlatformAdmin(t)).token);
    ({ agent, csrf } = await workspaceAgent(t, s.coordinator.email));
  }, 60_000);
  afterAll(() => t.close());

  describe('the intake form', () => {
    it('shows empty rows for children, languages and situations, names languages twice and asks every consent explicitly', async () => {
      const res = await agent.get(`${base()}/new`).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      for (const id of [
        'f-children-2-schoolYear',
        'f-languages-2-code',
        'f-situations-2-code',
        'f-givenName',
        'f-postcode',
      ])
        expect(res.text).toContain(`id="${id}"`);
      expect(res.text).not.toContain('id="f-children-3-schoolYear"');
      expect(res.text).toContain('Arabisch — العربية');
      expect(res.text).toContain('Turks — Türkçe');
      expect(res.text).toMatch(/<option\s+value="groep-3"\s*>\s*groep 3\s*<\/option>/);
      expect(res.text).not.toContain('value="vo-2"'); // a primary school: groep 1–8
      for (const purpose of [
        'matching',
        'share_contact',
        'messages_email',
        'messages_sms',
        'activities',
      ])
        expect(res.text).toContain(`name="consents.${purpose}"`);
      expect(res.text).not.toMatch(/name="consents\.[a-z_]+"\s+value="(yes|no)"\s+checked/);
      expect(res.text).toContain('aria-current="page"');
      // The form of address is asked, optional, and never filled in from the name.
      expect(res.text).toContain('Hoe wil de ouder aangesproken worden?');
      expect(res.text).toMatch(/<option\s+value="feminine"\s*>\s*Als vrouw\s*<\/option>/);
      expect(res.text).not.toMatch(/value="(feminine|masculine|neutral)"\s+selected/);
    });

    it('shows secondary school years the way a secondary school says them', async () => {
      const other = await aSchool(t, (await aPlatformAdmin(t)).token, { kind: 'secondary' });
      const { agent: a } = await workspaceAgent(t, other.coordinator.email);
      const res = await a.get(`/schools/${other.schoolId}/parents/new`).expect(200);
      expect(res.text).toMatch(/value="vo-1"\s*>\s*brugklas\s*</);
      expect(res.text).toMatch(/value="vo-2"\s*>\s*klas 2\s*</);
      expect(res.text).not.toContain('value="groep-3"');
    });

    it('shows the form again with every typed value, plain Dutch errors next to the fields and a summary linking to them', async () => {
      const res = await agent
        .post(`${base()}/new`)
        .type('form')
        .send(
          intake(csrf, {
            givenName: '',
            email: 'fatima-at-example.org',
            'children.2.schoolYear': 'groep-5',
            'children.2.className': '5/A!',
            'languages.2.level': '',
          }),
        )
        .expect(422);
      expect(res.text).toContain('Er zijn 4 fouten in het formulier');
      const summary = res.text.slice(
        res.text.indexOf('id="error-summary"'),
        res.text.indexOf('</ul>', res.text.indexOf('id="error-summary"')),
      );
      const links = [...summary.matchAll(/href="#([^"]+)"\s*>([^<]+)</g)].map((m) => [
        m[1],
        m[2].trim(),
      ]);
      expect(links).toEqual([
        ['f-givenName', 'Vul de voornaam van de ouder in.'],
        [
          'f-children-2-className',
          'Schrijf de klas kort, zoals 3B (hoogstens 10 tekens, letters en cijfers).',
        ],
        ['f-languages-2-level', 'Kies hoe goed de ouder deze taal spreekt.'],
        ['f-email', 'Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.'],
      ]);
      // Each message is next to its field, and the field says it is invalid.
      expect(res.text).toMatch(/id="f-email-error"\s*>\s*Vul een geldig e-mailadres in/);
      expect(res.text).toMatch(
        /id="f-email"\s+name="email"\s+type="email"\s+value="fatima-at-example.org"/,
      );
      expect(res.text).toMatch(
        /id="f-children-2-className"\s+name="children.2.className"\s+type="text"\s+value="5\/A!"/,
      );
      // Nothing typed is lost.
      expect(res.text).toContain('value="El Amrani"');
      expect(res.text).toContain('value="Amira"');
      expect(res.text).toContain('value="3035 AB"');
      expect(res.text).toContain('value="06-12 34 56 78"');
      expect(res.text).toContain('Met tolk Arabisch.');
      expect(res.text).toMatch(/value="mon-morning"\s+checked/);
      expect(res.text).toMatch(/name="consents.activities"\s+value="no"\s+checked/);
      expect(res.text).toMatch(/name="consentMethod"\s+value="interpreter"\s+checked/);
      expect(await t.db.query(`SELECT 1 FROM parent WHERE school_id = $1`, [s.schoolId])).toEqual(
        [],
      );
    });

    it('adds an empty row without validating, keeping what was typed', async () => {
      const res = await agent
        .post(`${base()}/new`)
        .type('form')
        .send(intake(csrf, { givenName: '', add: 'children' }))
        .expect(200);
      expect(res.text).not.toContain('error-summary');
      expect(res.text).toContain('id="f-children-3-schoolYear"');
      expect(res.text).not.toContain('id="f-children-4-schoolYear"');
      expect(res.text).toContain('value="Amira"');
    });

    it('enrolls the parent with the values as the intake stores them, then leads to the parent page', async () => {
      const res = await agent.post(`${base()}/new`).type('form').send(intake(csrf)).expect(303);
      const [row] = (
        await t.db.query(`SELECT * FROM parent WHERE school_id = $1`, [s.schoolId])
      ).map(decrypted);
      expect(res.headers.location).toBe(`${base()}/${row.id}?done=enrolled`);
      expect({
        givenName: row.given_name,
        familyName: row.family_name,
        children: row.children,
        languages: row.languages,
        dutchLevel: row.dutch_level,
        messageLanguage: row.message_language,
        formOfAddress: row.form_of_address,
        role: row.role,
        capacity: row.capacity,
        situations: row.situations,
        skills: row.skills,
        interests: row.interests,
        availability: row.availability,
        postcodeArea: row.postcode_area,
        channels: row.channels,
        email: row.email,
        phone: row.phone,
        atSchoolSince: row.at_school_since,
        intakeNote: row.intake_note,
        status: row.status,
      }).toEqual({
        givenName: 'Fatima',
        familyName: 'El Amrani',
        children: [{ schoolYear: 'groep-3', firstName: 'Amira', className: '3B' }],
        languages: [
          { code: 'ar', level: 'native' },
          { code: 'nl', level: 'basic' },
        ],
        dutchLevel: 'basic',
        messageLanguage: 'ar',
        formOfAddress: 'feminine',
        role: 'seeker',
        capacity: 0,
        situations: [{ code: 'dyslexia', stance: 'seeking', shareWithBuddy: true }],
        skills: ['cooking', 'storytelling'],
        interests: ['reading'],
        availability: ['mon-morning', 'wed-afternoon'],
        postcodeArea: '3035',
        channels: ['sms', 'email'],
        email: 'fatima@example.org',
        phone: '+31612345678',
        atSchoolSince: 2022,
        intakeNote: 'Met tolk Arabisch.',
        status: 'waiting',
      });
      const consents = Object.fromEntries(
        Object.entries(
          row.consents as Record<string, { granted: boolean; method: string; recordedBy: string }>,
        ).map(([k, v]) => [k, [v.granted, v.method, v.recordedBy]]),
      );
      expect(consents).toEqual({
        matching: [true, 'interpreter', s.coordinator.id],
        share_contact: [true, 'interpreter', s.coordinator.id],
        messages_email: [true, 'interpreter', s.coordinator.id],
        messages_sms: [true, 'interpreter', s.coordinator.id],
        activities: [false, 'interpreter', s.coordinator.id],
      });
      const [audit] = await t.db.query(
        `SELECT details FROM audit_log WHERE entity_id = $1 AND action = 'parent.create'`,
        [row.id],
      );
      expect(audit.details).toEqual({ source: 'intake' });
    });

    it('names the intake rules at the right fields: capacity for a buddy, e-mail for the e-mail channel, consent to be matched', async () => {
      const res = await agent
        .post(`${base()}/new`)
        .type('form')
        .send(
          intake(csrf, {
            givenName: 'Rule',
            role: 'buddy',
            'situations.0.stance': 'experienced',
            email: '',
            'consents.matching': 'no',
          }),
        )
        .expect(422);
      const errors = [...res.text.matchAll(/id="(f-[\w-]+)-error"\s*>\s*([^<]+?)\s*</g)].map(
        (m) => [m[1], m[2]],
      );
      expect(errors).toEqual([
        ['f-capacity', 'Kies voor hoeveel ouders deze ouder maatje wil zijn: 1, 2 of 3.'],
        [
          'f-email',
          'E-mail is gekozen, maar er is geen e-mailadres. Vul het in, of kies e-mail niet.',
        ],
        [
          'f-consents-matching',
          'Zonder toestemming om gekoppeld te worden kan de ouder geen maatje zijn. Vraag het de ouder en kies ‘Ja’.',
        ],
      ]);
      const phone = await agent
        .post(`${base()}/new`)
        .type('form')
        .send(intake(csrf, { givenName: 'Phone', phone: '+31 6 1234' }))
        .expect(422);
      expect(phone.text).toMatch(/id="f-phone-error"\s*>\s*Dit telefoonnummer klopt niet\./);
    });

    it('joins the household of a parent found by name', async () => {
      const other = await enroll(
        t,
        s.coordinator.token,
        s.schoolId,
        aBuddy({ givenName: 'Youssef', familyName: 'Haddou' }),
      );
      const found = await agent
        .post(`${base()}/new`)
        .type('form')
        .send(
          intake(csrf, {
            givenName: 'Samira',
            familyName: 'Haddou',
            householdQuery: 'youssef hadd',
            findHousehold: '1',
          }),
        )
        .expect(200);
      expect(found.text).toMatch(new RegExp(`name="sameHouseholdAs"\\s+value="${other.id}"`));
      expect(found.text).toContain('<bdi>Youssef Haddou</bdi>');
      expect(found.text).toContain('value="Samira"');
      await agent
        .post(`${base()}/new`)
        .type('form')
        .send(
          intake(csrf, {
            givenName: 'Samira',
            familyName: 'Haddou',
            sameHouseholdAs: other.id,
            email: 'samira@example.org',
          }),
        )
        .expect(303);
      const rows = await t.db.query(
        `SELECT given_name, household_id FROM parent WHERE school_id = $1 AND family_name = 'Haddou' ORDER BY given_name`,
        [s.schoolId],
      );
      expect(rows[0].household_id).toBe(rows[1].household_id);
      const prefilled = await agent.get(`${base()}/new?household=${other.id}`).expect(200);
      expect(prefilled.text).toMatch(new RegExp(`value="${other.id}"\\s+checked`));
    });
  });

  describe('no consent trap', () => {
    let parentId: string;

    it('warns when e-mail is chosen without consent for e-mail, and saves once the consultant confirms', async () => {
      const body = {
        givenName: 'Nadia',
        familyName: 'Consent',
        email: 'nadia@example.org',
        channels: ['email'],
        channelFirst: '',
        'consents.messages_email': 'no',
        'consents.messages_sms': '',
      };
      const warned = await agent
        .post(`${base()}/new`)
        .type('form')
        .send(intake(csrf, body))
        .expect(200);
      expect(warned.text).toContain('Let op: toestemming voor berichten ontbreekt');
      expect(warned.text).toContain(
        'U koos e-mail, maar de ouder gaf (nog) geen toestemming voor berichten per e-mail.',
      );
      expect(warned.text).toContain('Let op: nog geen toestemming voor e-mail.');
      expect(await t.db.query(`SELECT 1 FROM parent WHERE given_name = 'Nadia'`)).toEqual([]);
      const saved = await agent
        .post(`${base()}/new`)
        .type('form')
        .send(intake(csrf, { ...body, confirm: 'channels' }))
        .expect(303);
      parentId = /parents\/([0-9a-f-]{36})\?done=enrolled$/.exec(saved.headers.location)![1];
    });

    it('lets the waiting welcome message go out by e-mail once the consent is given on the edit page', async () => {
      await drain();
      const [task] = await t.db.query(
        `SELECT id, status, recipient FROM notification WHERE parent_id = $1 AND kind = 'welcome'`,
        [parentId],
      );
      expect(task).toMatchObject({
        status: 'task',
        recipient: 'task: no channel with contact details and consent',
      });
      const edit = await agent.get(`${base()}/${parentId}/edit`).expect(200);
      expect(edit.text).toMatch(/name="consents.messages_email"\s+value="no"\s+checked/);
      expect(edit.text).toContain('name="version" value="1"');
      await agent
        .post(`${base()}/${parentId}/edit`)
        .type('form')
        .send(
          intake(csrf, {
            givenName: 'Nadia',
            familyName: 'Consent',
            email: 'nadia@example.org',
            channels: ['email'],
            channelFirst: '',
            'consents.messages_email': 'yes',
            'consents.messages_sms': '',
            consentMethod: 'phone',
            version: '1',
          }),
        )
        .expect(303)
        .expect('location', `${base()}/${parentId}?done=saved`);
      const [released] = await t.db.query(
        `SELECT status, channel, recipient, attempts FROM notification WHERE id = $1`,
        [task.id],
      );
      expect(released).toEqual({ status: 'pending', channel: null, recipient: null, attempts: 0 });
      await drain();
      const [sent] = (
        await t.db.query(`SELECT status, channel, recipient FROM notification WHERE id = $1`, [
          task.id,
        ])
      ).map(decrypted);
      expect(sent).toEqual({ status: 'sent', channel: 'email', recipient: 'nadia@example.org' });
      const [audit] = await t.db.query(
        `SELECT details FROM audit_log WHERE entity_id = $1 AND action = 'parent.update'`,
        [parentId],
      );
      expect(audit.details.releasedMessages).toBe(1);
      const [p] = await t.db.query(`SELECT consents FROM parent WHERE id = $1`, [parentId]);
      expect(p.consents.messages_email).toMatchObject({ granted: true, method: 'phone' });
      expect(p.consents.matching.method).toBe('interpreter'); // an unchanged answer keeps its record
    });

    it('leaves a task the consultant already handled alone', async () => {
      const p = await enroll(
        t,
        s.coordinator.token,
        s.schoolId,
        aSeeker({
          givenName: 'Handled',
          consents: [{ purpose: 'matching', granted: true, method: 'in_person' }],
        }),
      );
      await drain();
      await t.db.query(
        `UPDATE notification SET task_done_at = now() WHERE parent_id = $1 AND kind = 'welcome'`,
        [p.id],
      );
      const edit = await agent.get(`${base()}/${p.id}/edit`).expect(200);
      const version = /name="version" value="(\d+)"/.exec(edit.text)![1];
      await agent
        .post(`${base()}/${p.id}/edit`)
        .type('form')
        .send(
          intake(csrf, {
            givenName: 'Handled',
            email: 'handled@example.org',
            channels: ['email'],
            channelFirst: '',
            'consents.messages_sms': '',
            version,
          }),
        )
        .expect(303);
      const [row] = await t.db.query(
        `SELECT status FROM notification WHERE parent_id = $1 AND kind = 'welcome'`,
        [p.id],
      );
      expect(row.status).toBe('task');
    });
  });

  describe('changing a parent', () => {
    it('refuses a stale version: shows what someone else saved, stores nothing, and keeps the typed values', async () => {
      const p = await enroll(
        t,
        s.coordinator.token,
        s.schoolId,
        aBuddy({ givenName: 'Karim', familyName: 'Old', capacity: 2 }),
      );
      const page = await agent.get(`${base()}/${p.id}/edit`).expect(200);
      expect(page.text).toContain('<bdi>Karim Old</bdi>');
      expect(page.text).toMatch(/name="capacity"[\s\S]*?value="2"\s+selected/);
      // Someone else changes the family name through the API meanwhile.
      await t
        .http()
        .patch(`/api/v1/schools/${s.schoolId}/parents/${p.id}`)
        .set('authorization', `Bearer ${s.admin.token}`)
        .send({ familyName: 'Newer', version: 1 })
        .expect(200);
      const body = intake(csrf, {
        givenName: 'Karim',
        familyName: 'Mine',
        role: 'buddy',
        capacity: '2',
        'situations.0.stance': 'experienced',
        email: 'karim@example.org',
        version: '1',
      });
      const res = await agent.post(`${base()}/${p.id}/edit`).type('form').send(body).expect(409);
      expect(res.text).toContain('Iemand anders heeft deze gegevens intussen gewijzigd');
      expect(res.text).toContain('Nu opgeslagen: Newer');
      expect(res.text).toContain('In uw formulier: Mine');
      expect(res.text).toContain('value="Mine"');
      expect(res.text).toContain('name="version" value="2"');
      const [row] = await t.db.query(`SELECT family_name, version FROM parent WHERE id = $1`, [
        p.id,
      ]);
      expect(row).toEqual({ family_name: 'Newer', version: 2 });
      // Saving again, deliberately, with the version now shown.
      await agent
        .post(`${base()}/${p.id}/edit`)
        .type('form')
        .send(body.replace('version=1', 'version=2'))
        .expect(303);
      const [after] = await t.db.query(
        `SELECT family_name, version, capacity FROM parent WHERE id = $1`,
        [p.id],
      );
      expect(after).toEqual({ family_name: 'Mine', version: 3, capacity: 2 });
    });

    it('turns a buddy into a seeker (the capacity no longer applies) and clears an emptied field', async () => {
      const p = await enroll(
        t,
        s.coordinator.token,
        s.schoolId,
        aBuddy({ givenName: 'Omar', capacity: 3, postcodeArea: '1011' }),
      );
      await agent
        .post(`${base()}/${p.id}/edit`)
        .type('form')
        .send(
          intake(csrf, {
            givenName: 'Omar',
            familyName: '',
            postcode: '',
            role: 'seeker',
            capacity: '3',
            email: 'omar@example.org',
            version: '1',
          }),
        )
        .expect(303);
      const [row] = await t.db.query(
        `SELECT role, capacity, family_name, postcode_area, status FROM parent WHERE id = $1`,
        [p.id],
      );
      expect(row).toEqual({
        role: 'seeker',
        capacity: 0,
        family_name: null,
        postcode_area: null,
        status: 'enrolled',
      });
    });

    it("answers another school's parent, an unknown id and a viewer as the API does", async () => {
      const other = await aSchool(t, (await aPlatformAdmin(t)).token);
      const theirs = await enroll(t, other.coordinator.token, other.schoolId, aSeeker());
      await agent.get(`${base()}/${theirs.id}/edit`).expect(404);
      await agent.get(`${base()}/not-a-uuid/edit`).expect(404);
      await agent
        .post(`${base()}/${theirs.id}/edit`)
        .type('form')
        .send(intake(csrf, { version: '1' }))
        .expect(404);
      const viewer = await workspaceAgent(t, s.viewer.email);
      const res = await viewer.agent.get(`${base()}/new`).expect(403);
      expect(res.text).toContain('Uw rol ziet alleen cijfers, geen gegevens van personen.');
      await viewer.agent.get(`${base()}/import`).expect(403);
    });
  });

  describe('the import', () => {
    const HEADER =
      'external_id;given_name;family_name;role;capacity;languages;dutch_level;message_language;channels;email;consent_matching;consent_messages_email;note';
    // Windows-1252 (Excel on a Dutch computer): "é" is one byte 0xE9.
    const FILE = Buffer.from(
      [
        HEADER,
        'K-001;Zoë;Jansen;seeker;;nl:native;native;nl;email;zoe@example.org;ja;ja;',
        '',
        'K-002;René;Müller;buddy;7;de:native|nl:fluent;fluent;nl;email;rene@example.org;ja;ja;',
        'K-003;Aïcha;Benali;seeker;;ar:native;basic;ar;email;aicha@example.org;ja;ja;"twee',
        'regels"',
        'K-004;Jan;de Vries;buddy;1;nl:native;native;nl;email;jan@example.org;ja;ja;',
      ].join('\r\n'),
      'latin1',
    );
    let preview: string;

    it('shows the upload page with the columns it reads and an example file', async () => {
      const res = await agent.get(`${base()}/import`).expect(200);
      expect(res.text).toContain(`action="${base()}/import?_csrf=${encodeURIComponent(csrf)}"`);
      expect(res.text).toContain('enctype="multipart/form-data"');
      expect(res.text).toContain('<code>consent_matching</code>');
      const example = await agent.get(`${base()}/import/example.csv`).expect(200);
      expect(example.headers['content-disposition']).toBe(
        'attachment; filename="voorbeeld-ouders.csv"',
      );
      expect(example.text.split('\r\n')[0]).toBe(
        '\uFEFFexternal_id;given_name;family_name;household;role;capacity;languages;dutch_level;message_language;prefers_spoken;form_of_address;children;situations;skills;interests;availability;postcode_area;channels;email;phone;consent_matching;consent_share_contact;consent_messages_email;consent_messages_sms;consent_activities;consent_method;at_school_since;note',
      );
    });

    it('previews a Windows-1252 file with ";" and stores nothing: counts, columns, real line numbers', async () => {
      const res = await agent
        .post(`${base()}/import?_csrf=${encodeURIComponent(csrf)}`)
        .field('step', 'preview')
        .attach('file', FILE, { filename: 'ouders.csv', contentType: 'text/csv' })
        .expect(200);
      preview = res.text;
      expect(res.text).toContain('Windows-1252 (Excel op Windows)');
      expect(res.text).toContain('puntkomma (;)');
      expect(res.text).toContain('13 kolommen herkend');
      expect(res.text).toMatch(/Regels met een ouder<\/dt>\s*<dd class="om-figure__value">4</);
      expect(res.text).toMatch(/Nieuwe ouders<\/dt>\s*<dd class="om-figure__value">3</);
      expect(res.text).toMatch(/Met een probleem<\/dt>\s*<dd class="om-figure__value">1</);
      expect(res.text).toContain('<bdi>René Müller</bdi>');
      expect(res.text).toContain('<bdi>Aïcha Benali</bdi>');
      expect(res.text).toContain('3 ouders importeren');
      // The rejected row is line 4 of the file (line 3 is blank); then the first rows as read.
      expect(tableRows(res.text).filter((r) => /^\d+$/.test(r[0]))).toEqual([
        ['4', 'K-002', 'René Müller', 'capacity: Schrijf 1, 2 of 3.'],
        ['2', 'K-001', 'Zoë Jansen', 'Een maatje zoeken', 'Nederlands', 'E-mail', 'Nieuw'],
        ['4', 'K-002', 'René Müller', '–', '–', '–', 'Probleem capacity: Schrijf 1, 2 of 3.'],
        [
          '5',
          'K-003',
          'Aïcha Benali',
          'Een maatje zoeken',
          'Arabisch — العربية',
          'E-mail',
          'Nieuw',
        ],
        ['7', 'K-004', 'Jan de Vries', 'Maatje zijn', 'Nederlands', 'E-mail', 'Nieuw'],
      ]);
      expect(await t.db.query(`SELECT 1 FROM parent WHERE external_ref IS NOT NULL`)).toEqual([]);
    });

    let rejectedCsv: Buffer;

    it('imports, reports every row by its line in the file, and offers the rejected rows as a file', async () => {
      const content = /name="content" value="([^"]+)"/.exec(preview)![1];
      expect(Buffer.from(content, 'base64').equals(FILE)).toBe(true);
      const res = await agent
        .post(`${base()}/import?_csrf=${encodeURIComponent(csrf)}`)
        .field('step', 'import')
        .field('filename', 'ouders.csv')
        .field('content', content)
        .expect(200);
      expect(res.text).toMatch(/Nieuw ingeschreven<\/dt>\s*<dd class="om-figure__value">3</);
      expect(res.text).toMatch(/Niet geïmporteerd<\/dt>\s*<dd class="om-figure__value">1</);
      // The rejected rows, then every row, by the line of the file each starts on (K-003's
      // note spans lines 5 and 6).
      expect(tableRows(res.text).filter((r) => /^\d+$/.test(r[0]))).toEqual([
        ['4', 'K-002', 'René Müller', 'Niet geïmporteerd capacity: Schrijf 1, 2 of 3.'],
        ['2', 'K-001', 'Zoë Jansen', 'Nieuw'],
        ['4', 'K-002', 'René Müller', 'Niet geïmporteerd capacity: Schrijf 1, 2 of 3.'],
        ['5', 'K-003', 'Aïcha Benali', 'Nieuw'],
        ['7', 'K-004', 'Jan de Vries', 'Nieuw'],
      ]);
      const rows = (
        await t.db.query(
          `SELECT external_ref, given_name, family_name, intake_note FROM parent WHERE external_ref IS NOT NULL ORDER BY external_ref`,
        )
      ).map(decrypted);
      expect(rows).toEqual([
        { external_ref: 'K-001', given_name: 'Zoë', family_name: 'Jansen', intake_note: null },
        {
          external_ref: 'K-003',
          given_name: 'Aïcha',
          family_name: 'Benali',
          intake_note: 'twee\r\nregels',
        },
        { external_ref: 'K-004', given_name: 'Jan', family_name: 'de Vries', intake_note: null },
      ]);
      const link =
        /href="data:text\/csv;charset=windows-1252;base64,([^"]+)"\s+download="ouders-afgewezen.csv"/.exec(
          res.text,
        );
      expect(link).not.toBeNull();
      rejectedCsv = Buffer.from(link![1], 'base64');
      expect(rejectedCsv.toString('latin1')).toBe(
        `${HEADER};import_errors\r\nK-002;René;Müller;buddy;7;de:native|nl:fluent;fluent;nl;email;rene@example.org;ja;ja;;capacity: Schrijf 1, 2 of 3.\r\n`,
      );
    });

    it('takes the corrected rejected file back (its import_errors column is left alone)', async () => {
      const fixed = Buffer.from(
        rejectedCsv.toString('latin1').replace(';buddy;7;', ';buddy;2;'),
        'latin1',
      );
      const res = await agent
        .post(`${base()}/import?_csrf=${encodeURIComponent(csrf)}`)
        .attach('file', fixed, { filename: 'ouders-afgewezen.csv', contentType: 'text/csv' })
        .expect(200);
      expect(res.text).toContain('Overgeslagen kolommen');
      expect(res.text).toContain('1 ouder importeren');
      const content = /name="content" value="([^"]+)"/.exec(res.text)![1];
      await agent
        .post(`${base()}/import?_csrf=${encodeURIComponent(csrf)}`)
        .field('step', 'import')
        .field('filename', 'ouders-afgewezen.csv')
        .field('content', content)
        .expect(200);
      const [row] = await t.db.query(
        `SELECT given_name, capacity FROM parent WHERE external_ref = 'K-002'`,
      );
      expect(row).toEqual({ given_name: 'René', capacity: 2 });
    });

    it('says plainly what is wrong with a file: a missing column, no file, one over 2 MB', async () => {
      const bad = await agent
        .post(`${base()}/import?_csrf=${encodeURIComponent(csrf)}`)
        .attach('file', Buffer.from('external_id,given_name,shoe_size\nX,Y,42'), 'x.csv')
        .expect(422);
      expect(bad.text).toContain('De eerste regel noemt niet de kolommen die we verwachten.');
      expect(bad.text).toContain('De kolom role ontbreekt; die is verplicht.');
      expect(bad.text).toContain('De kolom shoe_size kennen we niet.');
      const none = await agent
        .post(`${base()}/import?_csrf=${encodeURIComponent(csrf)}`)
        .field('step', 'preview')
        .expect(422);
      expect(none.text).toContain('Kies eerst een bestand.');
      const big = await agent
        .post(`${base()}/import?_csrf=${encodeURIComponent(csrf)}`)
        .attach('file', Buffer.alloc(2 * 1024 * 1024 + 10, 'a'), 'big.csv')
        .expect(413);
      expect(big.text).toContain('Het bestand is te groot: hoogstens 2 MB.');
      expect(big.text).toContain('<h1 class="utrecht-heading-1">Ouders importeren</h1>');
    });

    it('refuses an upload without the CSRF token in its address', async () => {
      await agent.post(`${base()}/import`).attach('file', FILE, 'ouders.csv').expect(403);
    });
  });
});
