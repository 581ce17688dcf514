import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { aBuddy, aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import { describeWithBrowser, launchChromium, expectAccessible } from '../support/browser';
import { createTestApp, TestApp } from '../support/test-app';
import { browserLogin } from '../support/workspace';

describeWithBrowser('parents list and a parent’s page in real Chromium', () => {
  let t: TestApp;
  let s: SchoolFixture;
  let browser: Browser;
  let fatima: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    s = await aSchool(t, (await aPlatformAdmin(t)).token);
    fatima = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({
        givenName: 'Fátima',
        familyName: 'El Amrani',
        phone: '0612345678',
        children: [{ schoolYear: 'groep-3', firstName: 'Amira', className: '3B' }],
        situations: [{ code: 'dyslexia', stance: 'seeking', shareWithBuddy: true }],
        intakeNote: 'Komt graag naar de koffieochtend.',
      }),
    );
    await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aBuddy({ givenName: 'Anna', familyName: 'de Vries' }),
    );
    await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({
        givenName: 'Mehmet',
        familyName: 'Amrani-Öztürk',
        languages: [{ code: 'tr', level: 'native' }],
        messageLanguage: 'tr',
      }),
    );
    await t.db.query(`UPDATE parent SET waiting_since = now() - interval '40 days' WHERE id = $1`, [
      fatima.id,
    ]);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const accessible = expectAccessible;

  const names = (page: Page): Promise<string[]> =>
    page
      .locator('table tbody th[scope=row]')
      .allTextContents()
      .then((l) => l.map((x) => x.trim()));

  it('finds a parent, pauses and resumes, downloads the details and erases them after typing the name', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await browserLogin(page, t.baseUrl, s.coordinator.email);
    await page.goto(`${t.baseUrl}/schools/${s.schoolId}/parents`);
    expect(await names(page)).toEqual([
      'Anna de Vries',
      'Fátima El Amrani',
      'Mehmet Amrani-Öztürk',
    ]);
    await accessible(page, 'parents-list');

    // Typing pauses: the form sends itself (workspace.js), the rows are those found.
    await Promise.all([page.waitForURL(/[?&]q=amrani/), page.fill('#f-q', 'amrani')]);
    expect(await names(page)).toEqual(['Fátima El Amrani', 'Mehmet Amrani-Öztürk']);
    await Promise.all([
      page.waitForURL(/[?&]status=waiting/),
      page.selectOption('#f-status', 'waiting'),
    ]);
    await Promise.all([
      page.waitForURL(/[?&]waitingMoreThanDays=28/),
      page.selectOption('#f-waitingMoreThanDays', '28'),
    ]);
    expect(await names(page)).toEqual(['Fátima El Amrani']);
    expect(await page.locator('table tbody td').nth(1).textContent()).toMatch(
      /wacht 40 dagen\s+langer dan 4 weken/,
    );
    await accessible(page, 'parents-list-filtered');

    await Promise.all([
      page.waitForURL(`${t.baseUrl}/schools/${s.schoolId}/parents/${fatima.id}`),
      page.click('table tbody a'),
    ]);
    expect(await page.textContent('h1')).toBe('Fátima El Amrani');
    await accessible(page, 'parent-record');

    await Promise.all([page.waitForURL(/done=paused/), page.click('button:has-text("Pauzeren")')]);
    expect(await page.textContent('[role=status]')).toContain('De ouder is gepauzeerd.');
    expect(
      (await t.db.query(`SELECT status FROM parent WHERE id = $1`, [fatima.id]))[0].status,
    ).toBe('paused');
    await accessible(page, 'parent-record-paused');
    await Promise.all([
      page.waitForURL(/done=resumed/),
      page.click('button:has-text("Pauze stoppen")'),
    ]);
    expect(await page.textContent('[role=status]')).toContain('De ouder doet weer mee.');
    await accessible(page, 'parent-record-resumed');
    expect(
      (await t.db.query(`SELECT status FROM parent WHERE id = $1`, [fatima.id]))[0].status,
    ).toBe('waiting');

    // Download everything stored: a JSON file with the parent's name in it.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a:has-text("Alle gegevens downloaden")'),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^oudermaatje-fatima-el-amrani-\d{4}-\d{2}-\d{2}\.json$/,
    );
    const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(file.parent).toMatchObject({ givenName: 'Fátima', familyName: 'El Amrani' });
    const exported = await page.request.get(
      `${t.baseUrl}/schools/${s.schoolId}/parents/${fatima.id}/export`,
    );
    expect(exported.headers()['content-type']).toBe('application/json; charset=utf-8');
    expect(await exported.text()).toContain('"givenName": "Fátima"');

    // Erase: a separate page that says what happens; the name must be typed.
    await Promise.all([page.waitForURL(/\/erase$/), page.click('a:has-text("Gegevens wissen")')]);
    await accessible(page, 'parent-erase');
    await page.fill('#f-confirmation', 'Anna de Vries');
    await Promise.all([
      page.waitForLoadState(),
      page.click('button:has-text("Gegevens definitief wissen")'),
    ]);
    await page.waitForSelector('#f-confirmation-error');
    expect((await page.textContent('#f-confirmation-error'))?.trim()).toBe(
      'Dit is niet wat er moet staan. Typ: Fátima El Amrani',
    );
    expect(await page.getAttribute('#f-confirmation', 'aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    await accessible(page, 'parent-erase-refused');
    expect(
      (await t.db.query(`SELECT erased_at FROM parent WHERE id = $1`, [fatima.id]))[0].erased_at,
    ).toBeNull();

    await page.fill('#f-confirmation', 'fatima el amrani');
    await Promise.all([
      page.waitForURL(/\/parents\?done=erased$/),
      page.click('button:has-text("Gegevens definitief wissen")'),
    ]);
    expect(await page.textContent('[role=status]')).toContain(
      'De gegevens van de ouder zijn gewist.',
    );
    expect(await names(page)).toEqual(['Anna de Vries', 'Mehmet Amrani-Öztürk']);
    await accessible(page, 'parents-list-after-erase');
    const [row] = await t.db.query(
      `SELECT given_name, family_name, email, phone, children, situations, intake_note, status, erased_at
         FROM parent WHERE id = $1`,
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
    expect(row.erased_at).toBeInstanceOf(Date);
    await page.close();
  }, 40_000);

  it('fits a phone and a tablet without horizontal page scrolling', async () => {
    const [anna] = await t.db.query(
      `SELECT id FROM parent WHERE given_name = 'Anna' AND school_id = $1`,
      [s.schoolId],
    );
    for (const width of [390, 768]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await browserLogin(page, t.baseUrl, s.coordinator.email);
      await page.goto(`${t.baseUrl}/schools/${s.schoolId}/parents`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        width,
      );
      // On a phone the role and language columns give way; name, status and waiting stay.
      const visible = await page
        .locator('table thead th')
        .evaluateAll((ths) => ths.filter((th) => (th as HTMLElement).offsetParent !== null).length);
      expect(visible).toBe(width === 390 ? 3 : 5);
      await accessible(page, `parents-list-${width}`);
      await page.goto(`${t.baseUrl}/schools/${s.schoolId}/parents/${anna.id}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        width,
      );
      await accessible(page, `parent-record-${width}`);
      await page.close();
    }
  }, 30_000);
  it('prints a parent’s summary of what is stored in her own language, right to left for Arabic, on a phone', async () => {
    const amal = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({
        givenName: 'Amal',
        familyName: 'Haddad',
        languages: [{ code: 'ar', level: 'native' }],
        messageLanguage: 'ar',
      }),
    );
    const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
    await browserLogin(page, t.baseUrl, s.coordinator.email);
    await page.goto(`${t.baseUrl}/schools/${s.schoolId}/parents/${amal.id}`);
    await Promise.all([
      page.waitForURL(`${t.baseUrl}/schools/${s.schoolId}/parents/${amal.id}/export/summary`),
      page.click(`a[href$="/parents/${amal.id}/export/summary"]`),
    ]);
    expect(await page.getAttribute('html', 'lang')).toBe('ar');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.textContent('body')).toContain('Amal');
    // No sideways scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await accessible(page, 'parent-export-summary-ar-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    await accessible(page, 'parent-export-summary-ar-1280');
    await page.close();
  });
});
