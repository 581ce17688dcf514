import type { Browser } from 'playwright-core';
import { aPlatformAdmin, aSchool, PASSWORD, SchoolFixture } from '../factories/staff.factory';
import { describeWithBrowser, launchChromium, expectAccessible } from '../support/browser';
import { createTestApp, TestApp } from '../support/test-app';
import { browserLogin } from '../support/workspace';

describeWithBrowser('staff workspace shell in real Chromium', () => {
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

  it('logs in by keyboard, shows the home page with every job, and logs out', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${t.baseUrl}/`);
    await accessible(page, 'shell-login');
    // A wrong password shows the message and keeps the address.
    await page.fill('#email', s.admin.email);
    await page.fill('#password', 'not the password');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[role=alert]');
    expect(await page.textContent('[role=alert]')).toContain(
      'Het e-mailadres of het wachtwoord klopt niet.',
    );
    expect(await page.inputValue('#email')).toBe(s.admin.email);
    await page.fill('#password', PASSWORD);
    await Promise.all([
      page.waitForURL(`${t.baseUrl}/schools/${s.schoolId}`),
      page.keyboard.press('Enter'),
    ]);
    const nav = await page.locator('nav[aria-label=Hoofdmenu] a').allTextContents();
    expect(nav).toEqual([
      'Start',
      'Ouders',
      'Intake',
      'Importeren',
      'Taken',
      'Koppelen',
      'Opvolging',
      'Activiteiten',
      'Berichten',
      'Overzicht',
      'Instellingen',
      'Medewerkers',
      'Logboek',
    ]);
    expect(await page.getAttribute('nav a[aria-current=page]', 'href')).toBe(
      `/schools/${s.schoolId}`,
    );
    await accessible(page, 'shell-home');
    await page.click('header a[href="/account"]');
    await page.waitForURL(`${t.baseUrl}/account`);
    await accessible(page, 'shell-account');
    await Promise.all([
      page.waitForURL(/done=logged_out/),
      page.click('header button[type=submit]'),
    ]);
    expect(await page.textContent('[role=status]')).toContain('U bent uitgelogd.');
    await page.goto(`${t.baseUrl}/schools/${s.schoolId}`);
    expect(page.url()).toBe(`${t.baseUrl}/?next=${encodeURIComponent(`/schools/${s.schoolId}`)}`);
    await page.close();
  });

  it('fits a tablet and a phone without horizontal scrolling, and opens the overview for a viewer', async () => {
    for (const width of [768, 390]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await browserLogin(page, t.baseUrl, s.viewer.email);
      expect(page.url()).toBe(`${t.baseUrl}/schools/${s.schoolId}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        width,
      );
      await accessible(page, `shell-home-viewer-${width}`);
      await page.goto(`${t.baseUrl}/dashboard`);
      expect(page.url()).toBe(`${t.baseUrl}/schools/${s.schoolId}/overview`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        width,
      );
      await accessible(page, `shell-overview-${width}`);
      await page.close();
    }
  });

  it('shows a readable 404 page for another school', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await browserLogin(page, t.baseUrl, s.coordinator.email);
    const res = await page.goto(`${t.baseUrl}/schools/00000000-0000-4000-8000-000000000000`);
    expect(res?.status()).toBe(404);
    expect(await page.textContent('h1')).toBe('Deze pagina bestaat niet');
    await accessible(page, 'shell-not-found');
    await page.close();
  });
});
