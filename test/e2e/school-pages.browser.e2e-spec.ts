import type { Browser, Page } from 'playwright-core';
import { aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, choosePassword, SchoolFixture } from '../factories/staff.factory';
import { describeWithBrowser, launchChromium, expectAccessible } from '../support/browser';
import { createTestApp, TestApp } from '../support/test-app';
import { browserLogin } from '../support/workspace';

describeWithBrowser('school admin pages in real Chromium', () => {
  let t: TestApp;
  let platform: { token: string };
  let s: SchoolFixture;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    platform = await aPlatformAdmin(t);
    s = await aSchool(t, platform.token);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const accessible = expectAccessible;

  const fits = (page: Page): Promise<number> =>
    page.evaluate(() => document.documentElement.scrollWidth);

  async function submit(page: Page, selector: string): Promise<void> {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
  }

  it('invites a colleague and changes a role, and keeps the last administrator', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await browserLogin(page, t.baseUrl, s.admin.email);
    await submit(page, 'nav a:text-is("Medewerkers")');
    expect(page.url()).toBe(`${t.baseUrl}/schools/${s.schoolId}/staff`);
    await accessible(page, 'settings-staff');

    // An empty form comes back with the summary (focused) and a message at each field.
    await submit(page, 'form[action$="/staff/invite"] button[type=submit]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    expect(await page.textContent('#error-summary')).toContain('Er zijn 2 fouten in het formulier');
    await accessible(page, 'settings-staff-invite-errors');

    await page.fill('#f-name', 'Noor de Vries');
    await page.fill('#f-email', 'noor@example.org');
    await page.check('input[name=role][value=viewer]');
    await page.check('input[name=interfaceLanguage][value=en]');
    await submit(page, 'form[action$="/staff/invite"] button[type=submit]');
    expect(await page.textContent('[role=status]')).toContain('De uitnodiging is verstuurd.');
    const row = page.locator('tr', { hasText: 'noor@example.org' });
    expect(await row.textContent()).toContain('Uitgenodigd');
    await accessible(page, 'settings-staff-invited');

    await Promise.all([
      page.waitForURL(/\/staff\/[0-9a-f-]{36}$/),
      page.getByRole('link', { name: 'Noor de Vries', exact: true }).click(),
    ]);
    expect(await page.textContent('h1')).toBe('Noor de Vries');
    await accessible(page, 'settings-staff-member');
    await page.check('input[name=role][value=coordinator]');
    await submit(page, 'form[action$="/role"] button[type=submit]');
    expect(await page.textContent('[role=status]')).toContain('De rol is gewijzigd.');
    const [noor] = await t.db.query(
      `SELECT m.role FROM membership m JOIN staff s ON s.id = m.staff_id
        WHERE s.email = 'noor@example.org' AND m.school_id = $1`,
      [s.schoolId],
    );
    expect(noor.role).toBe('coordinator');

    // The only administrator cannot give up the role: a plain message at the form.
    await page.goto(`${t.baseUrl}/schools/${s.schoolId}/staff/${s.admin.id}`);
    await page.check('input[name=role][value=viewer]');
    await submit(page, 'form[action$="/role"] button[type=submit]');
    expect(await page.textContent('#f-role-error')).toContain(
      'Een school houdt altijd minstens één beheerder.',
    );
    await accessible(page, 'settings-staff-last-admin');
    await page.close();
  });

  it('changes the settings on a tablet, with a validation error first', async () => {
    const page = await browser.newPage({ viewport: { width: 768, height: 1000 } });
    await browserLogin(page, t.baseUrl, s.admin.email);
    await page.goto(`${t.baseUrl}/schools/${s.schoolId}/settings`);
    expect(await fits(page)).toBeLessThanOrEqual(768);
    await accessible(page, 'settings-settings-768');

    await page.fill('#f-settings-matching-responseDays', '0');
    // The weights are folded away (most schools keep the defaults); one click shows them.
    expect(await page.isVisible('#f-settings-matching-weights-sharedLanguage')).toBe(false);
    await page.click('details.om-weights summary');
    await page.fill('#f-settings-matching-weights-sharedLanguage', '15');
    await submit(page, 'main form button[type=submit]');
    expect(await page.textContent('#error-summary')).toContain(
      'Vul een aantal dagen in van 1 tot en met 30.',
    );
    expect(await page.inputValue('#f-settings-matching-weights-sharedLanguage')).toBe('15');
    expect(await fits(page)).toBeLessThanOrEqual(768);
    await accessible(page, 'settings-settings-errors-768');

    await page.click('#error-summary a');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(
      'f-settings-matching-responseDays',
    );
    await page.fill('#f-settings-matching-responseDays', '10');
    await page.check('input[name="settings.messages.bilingual"][value=yes]');
    await page.selectOption('#f-settings-messages-reminderHour', '16');
    await submit(page, 'main form button[type=submit]');
    expect(await page.textContent('[role=status]')).toContain('De instellingen zijn opgeslagen.');
    const [school] = await t.db.query(`SELECT settings FROM school WHERE id = $1`, [s.schoolId]);
    expect(school.settings).toEqual({
      matching: { scope: 'school', weights: { sharedLanguage: 15 }, responseDays: 10 },
      messages: { bilingual: true, reminderHour: 16 },
    });
    await page.close();
  });

  it('filters the audit log, and shows a board its schools side by side', async () => {
    const parent = await enroll(t, s.coordinator.token, s.schoolId, aSeeker({ givenName: 'Lina' }));
    await t
      .http()
      .get(`/api/v1/schools/${s.schoolId}/parents/${parent.id}`)
      .set('authorization', `Bearer ${s.coordinator.token}`)
      .expect(200);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await browserLogin(page, t.baseUrl, s.admin.email);
    await page.goto(`${t.baseUrl}/schools/${s.schoolId}/audit`);
    await accessible(page, 'settings-audit');
    await page.selectOption('#f-action', 'parent.read');
    await submit(page, 'form[method=get] button[type=submit]');
    expect(page.url()).toContain('action=parent.read');
    expect(await page.locator('tbody [data-action]').allTextContents()).toEqual([
      'Gegevens van een ouder bekeken',
    ]);
    await accessible(page, 'settings-audit-filtered');
    expect(
      await page.locator(`tbody a[href="/schools/${s.schoolId}/parents/${parent.id}"]`).count(),
    ).toBe(1);
    // On a tablet the staff list and the log fit without scrolling the page sideways.
    await page.setViewportSize({ width: 768, height: 1000 });
    for (const [path, shot] of [
      ['/audit', 'settings-audit-768'],
      ['/staff', 'settings-staff-768'],
    ]) {
      await page.goto(`${t.baseUrl}/schools/${s.schoolId}${path}`);
      expect(await fits(page)).toBeLessThanOrEqual(768);
      await accessible(page, shot);
    }
    await page.close();

    const board = await t
      .http()
      .post('/api/v1/boards')
      .set('authorization', `Bearer ${platform.token}`)
      .send({ name: 'Stichting Samen Leren' })
      .expect(201);
    const email = `bestuur-${Date.now()}@example.org`;
    await t
      .http()
      .post(`/api/v1/boards/${board.body.id}/admins`)
      .set('authorization', `Bearer ${platform.token}`)
      .send({ email, name: 'Mevrouw Jansen' })
      .expect(201)
      .then((r) => choosePassword(t, r.body.id));
    const schools: SchoolFixture[] = [];
    for (const name of ['De Linde', 'Het Anker', 'Al-Amana', 'De Wereldboom'])
      schools.push(await aSchool(t, platform.token, { boardId: board.body.id, name }));
    await enroll(t, schools[0].coordinator.token, schools[0].schoolId, aSeeker());
    for (const width of [768, 1280]) {
      const boardPage = await browser.newPage({ viewport: { width, height: 900 } });
      await browserLogin(boardPage, t.baseUrl, email);
      await boardPage.goto(`${t.baseUrl}/boards/${board.body.id}`);
      expect(await boardPage.textContent('h1')).toBe('Bestuur: Stichting Samen Leren');
      expect(await fits(boardPage)).toBeLessThanOrEqual(width);
      await accessible(boardPage, `settings-board-${width}`);
      if (width === 1280) {
        await submit(boardPage, `a[href="/schools/${schools[1].schoolId}"]`);
        expect(boardPage.url()).toBe(`${t.baseUrl}/schools/${schools[1].schoolId}`);
        expect(await boardPage.textContent('header')).toContain('Het Anker');
      }
      await boardPage.close();
    }
  });
});
