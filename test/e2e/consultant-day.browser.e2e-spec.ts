import type { Browser, Page } from 'playwright-core';
import { WorkerService } from '../../src/worker/worker.service';
import { aBuddy, aSeeker, enroll, ParentInput } from '../factories/parent.factory';
import {
  aPlatformAdmin,
  aSchool,
  PASSWORD,
  SchoolFixture,
  schoolApi,
} from '../factories/staff.factory';
import { describeWithBrowser, launchChromium, expectAccessible } from '../support/browser';
import { parentLinkIn, SmtpSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { browserLogin, keepScreenshot } from '../support/workspace';

/**
 * A parent consultant's day, entirely in the browser: the morning's intake, import, search,
 * tasks and password change (the workspace, part 1), then the buddy spine from her side:
 * the two parents she enrolled are proposed with reasons, she approves, both accept through
 * the links in their e-mails, and she sees an active pair (part 2).
 */
describeWithBrowser("a parent consultant's day in real Chromium", () => {
  let t: TestApp;
  let s: SchoolFixture;
  let smtp: SmtpSink;
  let browser: Browser;
  const ids: Record<string, string> = {};
  const NEW_PASSWORD = 'koffie met de ouders om negen';

  beforeAll(async () => {
    smtp = new SmtpSink();
    const port = await smtp.start();
    t = await createTestApp({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(port),
      SMTP_SECURE: 'false',
      SMTP_POOL: 'false',
    });
    s = await aSchool(t, (await aPlatformAdmin(t)).token);
    // Yesterday's work: two pairs approved, whose parents are reached by phone and on paper.
    const api = schoolApi(t, s.schoolId, s.coordinator.token);
    const pinned = async (seeker: ParentInput, buddy: ParentInput): Promise<void> => {
      const sk = await enroll(t, s.coordinator.token, s.schoolId, seeker);
      const bd = await enroll(t, s.coordinator.token, s.schoolId, buddy);
      await api('post', '/matching/rules')
        .send({ seekerId: sk.id, buddyId: bd.id, kind: 'pin' })
        .expect(201);
      const run = await api('post', '/matching/runs?wait=true').expect(201);
      const proposal = (run.body.proposals as { id: string; seeker: { id: string } }[]).find(
        (p) => p.seeker.id === sk.id,
      )!;
      await api('post', `/matches/${proposal.id}/approve`).expect(200);
      ids[seeker.givenName] = sk.id;
      ids[buddy.givenName] = bd.id;
    };
    await pinned(
      aSeeker({
        givenName: 'Karim',
        familyName: 'Haddad',
        prefersSpoken: true,
        phone: '+31687654321',
      }),
      aBuddy({ givenName: 'Salma', familyName: 'Bennani', capacity: 1 }),
    );
    await pinned(
      aSeeker({ givenName: 'Hana', familyName: 'Ali' }),
      aBuddy({
        givenName: 'Yusuf',
        familyName: 'Demir',
        channels: ['letter'],
        email: undefined,
        capacity: 1,
      }),
    );
    await t.app.get(WorkerService).drain();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.stop();
  });

  const look = expectAccessible;
  const submit = (page: Page, selector: string) =>
    Promise.all([page.waitForNavigation(), page.click(selector)]);
  const intakeSubmit = 'form.om-intake .utrecht-button-group button[type=submit]';

  /** The parts of the intake form both new parents share. */
  async function fillIntake(
    page: Page,
    p: { family: string; language: string; level: string; dutch: string; email: string },
  ): Promise<void> {
    await page.fill('#f-familyName', p.family);
    await page.selectOption('#f-children-0-schoolYear', 'groep-3');
    await page.selectOption('#f-languages-0-code', p.language);
    await page.selectOption('#f-languages-0-level', 'native');
    await page.selectOption('#f-languages-1-code', 'nl');
    await page.selectOption('#f-languages-1-level', p.level);
    await page.selectOption('#f-dutchLevel', p.dutch);
    await page.check('#f-channels-0'); // e-mail
    await page.fill('#f-email', p.email);
    await page.check('#f-consents-matching-0');
    await page.check('#f-consents-share_contact-0');
    await page.check('#f-consents-messages_email-0');
    await page.check('#f-consents-messages_sms-1');
    await page.check('#f-consents-activities-1');
    await page.check('#f-consentMethod-1'); // with an interpreter
  }

  it('the morning: intake with a mistake corrected, an import, a search, the tasks, a new password, log out', async () => {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    await page.goto(`${t.baseUrl}/`);
    await look(page, 'login');
    await browserLogin(page, t.baseUrl, s.coordinator.email);
    expect(page.url()).toBe(`${t.baseUrl}/schools/${s.schoolId}`);
    await look(page, 'home');

    // 1. Amal, a new mother from Syria, at the intake with an interpreter. First name forgotten.
    await submit(page, 'nav a[href$="/parents/new"]');
    await fillIntake(page, {
      family: 'Khalil',
      language: 'ar',
      level: 'basic',
      dutch: 'basic',
      email: 'amal@example.org',
    });
    await page.selectOption('#f-messageLanguage', 'ar');
    await page.check('#f-role-0'); // seeks a buddy
    await page.selectOption('#f-situations-0-code', 'new_to_nl');
    await page.selectOption('#f-situations-0-stance', 'seeking');
    await page.fill('#f-postcode', '3035 AB');
    await submit(page, intakeSubmit);
    expect(await page.locator('#error-summary a').allTextContents()).toEqual([
      'Vul de voornaam van de ouder in.',
    ]);
    expect(await page.inputValue('#f-email')).toBe('amal@example.org');
    await look(page, 'intake-error');
    await page.click('#error-summary a');
    await page.fill('#f-givenName', 'Amal');
    await submit(page, intakeSubmit);
    expect(page.url()).toMatch(/\/parents\/[0-9a-f-]{36}\?done=enrolled$/);
    expect(await page.textContent('[role=status]')).toContain('De ouder is ingeschreven.');
    ids.Amal = /\/parents\/([0-9a-f-]{36})/.exec(page.url())![1];
    await look(page, 'parent-page');

    // 2. Hanan, who has been at the school for years and offers to be a buddy.
    await page.goto(`${t.baseUrl}/schools/${s.schoolId}/parents/new`);
    await page.fill('#f-givenName', 'Hanan');
    await fillIntake(page, {
      family: 'Saleh',
      language: 'ar',
      level: 'fluent',
      dutch: 'fluent',
      email: 'hanan@example.org',
    });
    await page.selectOption('#f-messageLanguage', 'nl');
    await page.check('#f-role-1'); // offers to be a buddy
    await page.selectOption('#f-capacity', '2');
    await page.selectOption('#f-situations-0-code', 'new_to_nl');
    await page.selectOption('#f-situations-0-stance', 'experienced');
    await page.fill('#f-atSchoolSince', '2018');
    await submit(page, intakeSubmit);
    expect(page.url()).toMatch(/\?done=enrolled$/);
    ids.Hanan = /\/parents\/([0-9a-f-]{36})/.exec(page.url())![1];
    const stored = await t.db.query(
      `SELECT given_name, role, capacity, postcode_area, message_language FROM parent WHERE id = ANY($1) ORDER BY given_name`,
      [[ids.Amal, ids.Hanan]],
    );
    expect(stored).toEqual([
      {
        given_name: 'Amal',
        role: 'seeker',
        capacity: 0,
        postcode_area: '3035',
        message_language: 'ar',
      },
      {
        given_name: 'Hanan',
        role: 'buddy',
        capacity: 2,
        postcode_area: null,
        message_language: 'nl',
      },
    ]);

    // 3. The school's list from Excel (Windows-1252, semicolons), with one bad row on line 3.
    await submit(page, 'nav a[href$="/parents/import"]');
    await look(page, 'import');
    const header =
      'external_id;given_name;family_name;role;capacity;languages;dutch_level;message_language;channels;email;consent_matching;consent_messages_email';
    await page.setInputFiles('#f-file', {
      name: 'ouders.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        [
          header,
          'L-1;Zoë;Janssen;seeker;;nl:native;native;nl;email;zoe@example.org;ja;ja',
          'L-2;Piet;Bakker;buddy;;nl:native;native;nl;email;piet@example.org;ja;ja',
          'L-3;Oksana;Melnyk;seeker;;uk:native;basic;uk;email;oksana@example.org;ja;ja',
        ].join('\r\n'),
        'latin1',
      ),
    });
    await submit(page, 'form[enctype="multipart/form-data"] button[type=submit]');
    expect(await page.textContent('h1')).toBe('Controleer het bestand');
    await look(page, 'import-preview');
    await submit(page, 'form[enctype="multipart/form-data"] .utrecht-button-group button');
    expect(await page.textContent('h1')).toBe('Verslag van de import');
    const rejected = page.locator('table').first().locator('tbody tr');
    expect(await rejected.count()).toBe(1);
    expect((await rejected.locator('td').first().textContent())?.trim()).toBe('3');
    await look(page, 'import-report');
    expect(
      await t.db.query(
        `SELECT given_name FROM parent WHERE school_id = $1 AND external_ref IS NOT NULL ORDER BY 1`,
        [s.schoolId],
      ),
    ).toEqual([{ given_name: 'Oksana' }, { given_name: 'Zoë' }]);

    // 4. Find a parent by name.
    await submit(page, 'nav a[href$="/parents"]');
    // Typing is enough: the list follows after a pause (the search button works without script).
    await Promise.all([page.waitForURL(/[?&]q=hanan/), page.fill('#f-q', 'hanan')]);
    const found = await page.locator('table tbody th[scope=row]').allTextContents();
    expect(found.map((x) => x.trim())).toEqual(['Hanan Saleh']);
    await look(page, 'parents-search');
    await submit(page, 'table tbody th[scope=row] a');
    expect(page.url()).toBe(`${t.baseUrl}/schools/${s.schoolId}/parents/${ids.Hanan}`);

    // 5. The tasks: Yusuf's letter to print, Karim's call with his answer.
    await submit(page, 'nav a[href$="/tasks"]');
    await look(page, 'tasks');
    const yusuf = page
      .locator('li.om-task', { hasText: 'Yusuf Demir' })
      .filter({ hasText: 'Vraag om maatje te zijn' });
    await Promise.all([
      page.waitForURL(/\/letter$/),
      yusuf.getByRole('link', { name: 'Brief bekijken en afdrukken' }).click(),
    ]);
    expect(await page.locator('section.letter .qr svg').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('section.letter[lang=nl] .code-value').textContent()).toMatch(
      /^[A-Z2-9]{4}-[A-Z2-9]{4}$/,
    );
    await keepScreenshot(page, 'day-letter');
    await page.goBack();
    expect(await yusuf.count()).toBe(1);
    const karim = page
      .locator('li.om-task', { hasText: 'Karim Haddad' })
      .filter({ hasText: 'Voorstel voor een maatje' });
    expect(await karim.locator('a[href="tel:+31687654321"]').count()).toBe(1);
    await karim.getByLabel('Ja, wil graag').check();
    await Promise.all([
      page.waitForURL(/done=answer_recorded/),
      karim.getByRole('button', { name: 'Taak afronden' }).click(),
    ]);
    const [answer] = await t.db.query(`SELECT seeker_response FROM match WHERE seeker_id = $1`, [
      ids.Karim,
    ]);
    expect(answer.seeker_response).toBe('accepted');
    await look(page, 'tasks-done');

    // 6. A new password, then log out.
    await submit(page, 'header a[href="/account"]');
    await page.fill('#f-currentPassword', PASSWORD);
    await page.fill('#f-newPassword', NEW_PASSWORD);
    await page.fill('#f-repeatPassword', NEW_PASSWORD);
    await submit(page, 'form[action="/account/password"] button[type=submit]');
    expect(await page.textContent('[role=status]')).toContain('Uw wachtwoord is gewijzigd.');
    await look(page, 'account');
    await submit(page, 'header form[action="/logout"] button');
    expect(await page.textContent('[role=status]')).toContain('U bent uitgelogd.');
    await page.close();
  }, 120_000);

  it('the spine: the two parents she enrolled are proposed, approved, accept by e-mail, and become an active pair', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await browserLogin(page, t.baseUrl, s.coordinator.email, NEW_PASSWORD);
    await submit(page, 'nav a[href$="/matching"]');
    await submit(page, 'form[action$="/matching/runs"] button');
    const card = page.locator('article.om-panel', { hasText: 'Amal Khalil' });
    const reasons = (await card.textContent())!.replace(/\s+/g, ' ');
    expect(reasons).toContain('Hanan Saleh');
    expect(reasons).toContain('Spreken allebei Arabisch.');
    await look(page, 'matching');
    await Promise.all([
      page.waitForNavigation(),
      card.locator('button', { hasText: 'Goedkeuren' }).click(),
    ]);
    expect(await page.textContent('[role=status]')).toContain('Het voorstel is goedgekeurd.');
    const [match] = await t.db.query(
      `SELECT id FROM match WHERE seeker_id = $1 AND buddy_id = $2 AND status = 'approved'`,
      [ids.Amal, ids.Hanan],
    );

    // Each parent gets the introduction in their own language and accepts through its link.
    await t.app.get(WorkerService).drain();
    for (const [address, language, other] of [
      ['amal@example.org', 'ar', 'Hanan'],
      ['hanan@example.org', 'nl', 'Amal'],
    ]) {
      const intro = (await smtp.for(address)).find((m) => (m.subject ?? '').includes(other));
      expect(intro?.headers.get('content-language')).toBe(language);
      const phone = await browser.newPage({ viewport: { width: 390, height: 800 } });
      await phone.goto(parentLinkIn(intro!));
      expect(await phone.getAttribute('html', 'lang')).toBe(language);
      await Promise.all([
        phone.waitForURL(/done=accepted/),
        phone.click('button[type=submit] >> nth=0'),
      ]);
      await phone.close();
    }

    await submit(page, 'nav a[href$="/matches"]');
    const row = page.locator(`tr[data-match="${match.id}"]`);
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('active');
    expect((await row.textContent())!.replace(/\s+/g, ' ')).toContain('Actief');
    await look(page, 'follow-up');
    await page.close();
  }, 120_000);
});
