import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import { describeWithBrowser, launchChromium, expectAccessible } from '../support/browser';
import { createTestApp, TestApp } from '../support/test-app';
import { browserLogin, keepScreenshot } from '../support/workspace';
import { decrypted } from '../support/stored';

describeWithBrowser('intake pages in real Chromium', () => {
  let t: TestApp;
  let s: SchoolFixture;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    s = await aSchool(t, (await aPlatformAdmin(t)).token);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const accessible = expectAccessible;

  async function noSideways(page: Page): Promise<void> {
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  }

  const submit = (page: Page, selector: string) =>
    Promise.all([page.waitForNavigation(), page.click(selector)]);

  it('enrolls a parent through the form, with a mistake corrected on the way', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await browserLogin(page, t.baseUrl, s.coordinator.email);
    const base = `${t.baseUrl}/schools/${s.schoolId}/parents`;
    await page.goto(`${base}/new`);
    await accessible(page, 'intake-new');

    // One conversation: no first name yet, and an e-mail address without @.
    await page.fill('#f-familyName', 'El Amrani');
    await page.selectOption('#f-children-0-schoolYear', 'groep-3');
    await page.fill('#f-children-0-firstName', 'Amira');
    await page.selectOption('#f-languages-0-code', 'ar');
    await page.selectOption('#f-languages-0-level', 'native');
    await page.selectOption('#f-languages-1-code', 'nl');
    await page.selectOption('#f-languages-1-level', 'basic');
    // Another child: the form comes back with one more row, everything kept.
    await submit(page, 'button[name=add][value=children]');
    expect(page.url()).toBe(`${base}/new#f-children-3-schoolYear`);
    expect(await page.inputValue('#f-children-0-firstName')).toBe('Amira');
    await page.selectOption('#f-children-3-schoolYear', 'groep-7');
    await page.selectOption('#f-dutchLevel', 'basic');
    await page.selectOption('#f-messageLanguage', 'ar');
    await page.check('#f-role-0'); // seeks a buddy
    await page.selectOption('#f-situations-0-code', 'new_to_nl');
    await page.selectOption('#f-situations-0-stance', 'seeking');
    await page.check('#f-availability-wed-morning');
    await page.fill('#f-postcode', '3035 AB');
    await page.check('#f-channels-0'); // e-mail
    await page.fill('#f-email', 'fatima.example.org');
    await page.fill('#f-phone', '06 12345678');
    await page.check('#f-consents-matching-0');
    await page.check('#f-consents-share_contact-0');
    await page.check('#f-consents-messages_email-0');
    await page.check('#f-consents-messages_sms-1');
    await page.check('#f-consents-activities-0');
    await page.check('#f-consentMethod-1'); // with an interpreter
    await submit(page, 'form.om-intake .utrecht-button-group button[type=submit]');

    expect(await page.textContent('#error-summary-title')).toContain(
      'Er zijn 2 fouten in het formulier',
    );
    expect(await page.locator('#error-summary a').allTextContents()).toEqual([
      'Vul de voornaam van de ouder in.',
      'Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.',
    ]);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    // What was typed is all still there.
    expect(await page.inputValue('#f-email')).toBe('fatima.example.org');
    expect(await page.inputValue('#f-postcode')).toBe('3035 AB');
    expect(await page.inputValue('#f-familyName')).toBe('El Amrani');
    expect(await page.inputValue('#f-children-3-schoolYear')).toBe('groep-7');
    expect(await page.inputValue('#f-languages-1-code')).toBe('nl');
    expect(await page.isChecked('#f-consents-messages_sms-1')).toBe(true);
    expect(await page.isChecked('#f-availability-wed-morning')).toBe(true);
    await accessible(page, 'intake-errors');
    // The summary's link lands on the field.
    await page.click('#error-summary a[href="#f-email"]');
    expect(await page.evaluate(() => location.hash)).toBe('#f-email');

    await page.fill('#f-givenName', 'Fatima');
    await page.fill('#f-email', ' fatima@example.org ');
    await submit(page, 'form.om-intake .utrecht-button-group button[type=submit]');
    const [row] = (
      await t.db.query(
        `SELECT id, given_name, family_name, children, languages, postcode_area, email, phone, channels,
              situations, availability, consents->'messages_sms'->>'granted' AS sms,
              consents->'matching'->>'method' AS method
         FROM parent WHERE school_id = $1`,
        [s.schoolId],
      )
    ).map(decrypted);
    expect(page.url()).toBe(`${base}/${row.id}?done=enrolled`);
    expect({ ...row, id: undefined }).toEqual({
      id: undefined,
      given_name: 'Fatima',
      family_name: 'El Amrani',
      children: [{ schoolYear: 'groep-3', firstName: 'Amira' }, { schoolYear: 'groep-7' }],
      languages: [
        { code: 'ar', level: 'native' },
        { code: 'nl', level: 'basic' },
      ],
      postcode_area: '3035',
      email: 'fatima@example.org',
      phone: '+31612345678',
      channels: ['email'],
      situations: [{ code: 'new_to_nl', stance: 'seeking', shareWithBuddy: false }],
      availability: ['wed-morning'],
      sms: 'false',
      method: 'interpreter',
    });

    // Changing the parent: the consent for e-mail withdrawn while e-mail stays a channel.
    await page.goto(`${base}/${row.id}/edit`);
    expect(await page.inputValue('#f-postcode')).toBe('3035');
    await accessible(page, 'intake-edit');
    await page.check('#f-consents-messages_email-1');
    await submit(page, 'form.om-intake .utrecht-button-group button[type=submit]');
    expect(await page.textContent('#consent-warning-title')).toBe(
      'Let op: toestemming voor berichten ontbreekt',
    );
    await accessible(page, 'intake-consent-warning');
    await submit(page, 'button[name=confirm]');
    expect(page.url()).toBe(`${base}/${row.id}?done=saved`);
    const [after] = await t.db.query(
      `SELECT consents->'messages_email'->>'granted' AS email FROM parent WHERE id = $1`,
      [row.id],
    );
    expect(after.email).toBe('false');

    // On a tablet the form fits the screen.
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(`${base}/new`);
    await noSideways(page);
    await keepScreenshot(page, 'intake-new-tablet');
    await page.close();
  });

  it('imports a CSV with one bad row: the report names its line, the download holds exactly that row', async () => {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    await browserLogin(page, t.baseUrl, s.coordinator.email);
    const base = `${t.baseUrl}/schools/${s.schoolId}/parents`;
    await page.goto(`${base}/import`);
    await accessible(page, 'import-upload');
    const header =
      'external_id;given_name;family_name;role;capacity;languages;dutch_level;message_language;channels;email;consent_matching;consent_messages_email';
    const bad = 'B-002;Tarik;Ouali;buddy;;ar:native;fluent;ar;email;tarik@example.org;ja;ja';
    const file = [
      header,
      'B-001;Zoë;Visser;seeker;;nl:native;native;nl;email;zoe@example.org;ja;ja',
      '',
      bad,
      'B-003;Oksana;Melnyk;seeker;;uk:native;basic;uk;email;oksana@example.org;ja;ja',
    ].join('\r\n');
    await page.setInputFiles('#f-file', {
      name: 'leerlingenlijst.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(file, 'latin1'),
    });
    await submit(page, 'form[enctype="multipart/form-data"] button[type=submit]');
    expect(await page.textContent('h1')).toBe('Controleer het bestand');
    await accessible(page, 'import-preview');
    await page.setViewportSize({ width: 768, height: 1024 });
    await noSideways(page);
    await keepScreenshot(page, 'import-preview-tablet');
    await page.setViewportSize({ width: 1280, height: 900 });

    await submit(page, 'form[enctype="multipart/form-data"] .utrecht-button-group button');
    expect(await page.textContent('h1')).toBe('Verslag van de import');
    await accessible(page, 'import-report');
    const rejectedRow = page.locator('table').first().locator('tbody tr');
    expect(await rejectedRow.count()).toBe(1);
    expect((await rejectedRow.locator('td').first().textContent())?.trim()).toBe('4');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#rejected-download'),
    ]);
    expect(download.suggestedFilename()).toBe('leerlingenlijst-afgewezen.csv');
    const content = readFileSync(await download.path()).toString('latin1');
    expect(content).toBe(
      `${header};import_errors\r\n${bad};capacity: Kies voor hoeveel ouders deze ouder maatje wil zijn: 1, 2 of 3.\r\n`,
    );
    expect(
      await t.db.query(
        `SELECT external_ref FROM parent WHERE school_id = $1 AND external_ref IS NOT NULL ORDER BY 1`,
        [s.schoolId],
      ),
    ).toEqual([{ external_ref: 'B-001' }, { external_ref: 'B-003' }]);
    await page.close();
  });
});
