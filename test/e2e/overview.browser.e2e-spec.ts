import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { aPlatformAdmin, aSchool, choosePassword, SchoolFixture } from '../factories/staff.factory';
import { describeWithBrowser, expectAccessible, launchChromium } from '../support/browser';
import { createTestApp, TestApp } from '../support/test-app';
import { browserLogin } from '../support/workspace';

const DAY = 86_400_000;
const ago = (days: number): Date => new Date(Date.now() - days * DAY);

/** Two seekers waiting (one 40 days, with a proposal), one buddy, one parent with little Dutch. */
async function seed(db: DataSource, schoolId: string): Promise<void> {
  const insert = async (
    name: string,
    role: string,
    status: string,
    dutch: string,
    lang: string,
    days: number,
  ): Promise<string> => {
    const [row] = await db.query(
      `INSERT INTO parent (school_id, given_name, languages, dutch_level, message_language, role, capacity, status,
                           at_school_since, waiting_since, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 2015, $9, $9) RETURNING id`,
      [
        schoolId,
        name,
        JSON.stringify([{ code: lang, level: 'native' }]),
        dutch,
        lang,
        role,
        role === 'buddy' ? 2 : 0,
        status,
        ago(days),
      ],
    );
    return row.id as string;
  };
  const amina = await insert('Amina', 'seeker', 'waiting', 'none', 'ar', 40);
  await insert('Bilal', 'seeker', 'waiting', 'basic', 'ar', 3);
  const eva = await insert('Eva', 'buddy', 'enrolled', 'native', 'nl', 60);
  await db.query(
    `INSERT INTO match (school_id, seeker_id, buddy_id, status, score, reasons, created_at)
     VALUES ($1, $2, $3, 'proposed', 50, '[]', now())`,
    [schoolId, amina, eva],
  );
}

describeWithBrowser('the buddy overview in real Chromium', () => {
  let t: TestApp;
  let s: SchoolFixture;
  let other: SchoolFixture;
  let boardId: string;
  let boardAdmin: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    const platform = await aPlatformAdmin(t);
    const auth = { authorization: `Bearer ${platform.token}` };
    boardId = (
      await t.http().post('/api/v1/boards').set(auth).send({ name: 'Stichting Breed' }).expect(201)
    ).body.id;
    boardAdmin = `bestuur-breed-${Date.now()}@example.org`;
    await t
      .http()
      .post(`/api/v1/boards/${boardId}/admins`)
      .set(auth)
      .send({ email: boardAdmin, name: 'Bestuurder' })
      .expect(201)
      .then((r) => choosePassword(t, r.body.id));
    s = await aSchool(t, platform.token, { boardId, name: 'De Linde' });
    other = await aSchool(t, platform.token, { boardId, name: 'Het Anker' });
    await seed(t.db, s.schoolId);
    await seed(t.db, other.schoolId);
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const fits = async (page: Page, width: number): Promise<void> => {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      width,
    );
  };

  it('a coordinator changes the period, follows an action into the workspace, and prints', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await browserLogin(page, t.baseUrl, s.coordinator.email);
    await page.goto(`${t.baseUrl}/schools/${s.schoolId}/overview`);
    expect(await page.textContent('[data-figure=enrolled]')).toBe('3');
    expect(await page.textContent('[data-figure=waiting]')).toBe('2');
    expect(await page.textContent('[data-figure=waitingWithProposal]')).toBe('1');
    await fits(page, 1280);
    await expectAccessible(page, 'overview-coordinator-1280');

    await page.selectOption('#f-period', '3m');
    await Promise.all([
      page.waitForURL(/period=3m/),
      page.click('form[aria-labelledby=period-title] button[type=submit]'),
    ]);
    expect(await page.inputValue('#f-period')).toBe('3m');
    expect(await page.textContent('[data-figure=enrolled]')).toBe('3');

    await Promise.all([
      page.waitForURL(`${t.baseUrl}/schools/${s.schoolId}/matching`),
      page.click('[data-action=proposals] a'),
    ]);
    await page.goBack();
    await Promise.all([
      page.waitForURL(/waitingMoreThanDays=28/),
      page.click('[data-action=waitingLong] a'),
    ]);
    expect(await page.textContent('main')).toContain('Amina');

    await page.goto(`${t.baseUrl}/schools/${s.schoolId}/overview?period=3m`);
    await Promise.all([page.waitForURL(/print=1/), page.click('a[href*="print=1"]')]);
    expect(await page.locator('nav').count()).toBe(0);
    expect(await page.textContent('[data-figure=enrolled]')).toBe('3');
    await page.emulateMedia({ media: 'print' });
    await expectAccessible(page, 'overview-print');
    await page.close();
  });

  it('a director (viewer) sees the figures on a tablet and a phone, without sideways scrolling', async () => {
    for (const width of [768, 390]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await browserLogin(page, t.baseUrl, s.viewer.email);
      await page.goto(`${t.baseUrl}/schools/${s.schoolId}/overview`);
      // The small-numbers rule: 2 waiting parents, 2 with little Dutch.
      expect(await page.textContent('[data-figure=waiting]')).toBe('minder dan 5');
      expect(await page.textContent('[data-group=little_dutch] [data-reach=parents]')).toBe(
        'minder dan 5',
      );
      expect(await page.locator('[data-action] a').count()).toBe(0);
      await fits(page, width);
      await expectAccessible(page, `overview-viewer-${width}`);
      await page.close();
    }
  });

  it('a school admin chooses the groups the overview watches on the settings page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await browserLogin(page, t.baseUrl, s.admin.email);
    await page.goto(`${t.baseUrl}/schools/${s.schoolId}/settings`);
    const form = page.locator('form[aria-labelledby=watched-title]');
    await form.locator('input[value=new_to_nl]').uncheck();
    await form.locator('input[value=languages]').uncheck();
    await form.locator('input[value="language:ar"]').check();
    await expectAccessible(page, 'overview-watched-groups');
    await Promise.all([
      page.waitForURL(/settings\?done=watched/),
      form.locator('button[type=submit]').click(),
    ]);
    await page.goto(`${t.baseUrl}/schools/${s.schoolId}/overview`);
    expect(
      await page
        .locator('[data-group]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-group'))),
    ).toEqual(['all', 'little_dutch', 'language:ar']);
    await page.close();
  });

  it('a board admin changes the period of the board and prints it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await browserLogin(page, t.baseUrl, boardAdmin);
    await page.goto(`${t.baseUrl}/boards/${boardId}`);
    await page.selectOption('#f-period', 'custom');
    await page.fill('#f-from', '2020-01-01');
    await page.fill('#f-to', '2020-06-30');
    await Promise.all([
      page.waitForURL(/period=custom/),
      page.click('form[aria-labelledby=period-title] button[type=submit]'),
    ]);
    expect(await page.getAttribute('[data-period]', 'data-period')).toBe('2020-01-01/2020-06-30');
    expect(await page.inputValue('#f-period')).toBe('custom');
    expect(await page.textContent('[data-school=total][data-figure=enrolled]')).toBe('6');
    await expectAccessible(page, 'overview-board-period');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('form[aria-labelledby=period-title]').isVisible()).toBe(false);
    await page.close();
  });

  it('a board admin compares the schools and opens one', async () => {
    for (const width of [1280, 390]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await browserLogin(page, t.baseUrl, boardAdmin);
      await page.goto(`${t.baseUrl}/boards/${boardId}`);
      expect(await page.textContent('[data-school=total][data-figure=enrolled]')).toBe('6');
      expect(await page.textContent('[data-school=total][data-figure=waiting]')).toBe('4');
      await fits(page, width);
      await expectAccessible(page, `overview-board-${width}`);
      await Promise.all([
        page.waitForURL(`${t.baseUrl}/schools/${other.schoolId}/overview`),
        page.click(`a[href="/schools/${other.schoolId}/overview"]`),
      ]);
      expect(await page.textContent('[data-figure=enrolled]')).toBe('3');
      await fits(page, width);
      await expectAccessible(page, `overview-board-school-${width}`);
      await page.close();
    }
  });
});
