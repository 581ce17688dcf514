import type { Browser, Page } from 'playwright-core';
import { WorkerService } from '../../src/worker/worker.service';
import { aBuddy, aSeeker, enroll, ParentInput } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture, schoolApi } from '../factories/staff.factory';
import { describeWithBrowser, launchChromium, expectAccessible } from '../support/browser';
import { createTestApp, TestApp } from '../support/test-app';
import { browserLogin, keepScreenshot } from '../support/workspace';

describeWithBrowser('task and message pages in real Chromium', () => {
  let t: TestApp;
  let s: SchoolFixture;
  let browser: Browser;
  const ids: Record<string, string> = {};

  const accessible = expectAccessible;

  const noHorizontalScroll = async (page: Page, width: number): Promise<void> =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      width,
    );

  beforeAll(async () => {
    t = await createTestApp();
    s = await aSchool(t, (await aPlatformAdmin(t)).token);
    const api = schoolApi(t, s.schoolId, s.coordinator.token);
    const parent = (input: ParentInput) => enroll(t, s.coordinator.token, s.schoolId, input);
    const pinned = async (seeker: ParentInput, buddy: ParentInput): Promise<void> => {
      const sk = await parent(seeker);
      const bd = await parent(buddy);
      await api('post', '/matching/rules')
        .send({ seekerId: sk.id, buddyId: bd.id, kind: 'pin' })
        .expect(201);
      const run = await api('post', '/matching/runs?wait=true').expect(201);
      const proposal = (run.body.proposals as { id: string; seeker: { id: string } }[]).find(
        (p) => p.seeker.id === sk.id,
      )!;
      await api('post', `/matches/${proposal.id}/approve`).expect(200);
      ids[`${seeker.givenName}`] = sk.id;
      ids[`${buddy.givenName}`] = bd.id;
    };
    // Parents to call: one who prefers spoken contact, one asked about a buddy.
    await parent(
      aSeeker({
        givenName: 'Fatima',
        familyName: 'El Amrani',
        prefersSpoken: true,
        phone: '+31612345678',
      }),
    );
    await pinned(
      aSeeker({
        givenName: 'Karim',
        familyName: 'Haddad',
        prefersSpoken: true,
        phone: '+31687654321',
      }),
      aBuddy({ givenName: 'Salma', familyName: 'Bennani' }),
    );
    // A letter that asks something (QR code and short code) to a parent who asked for paper.
    await pinned(
      aSeeker({ givenName: 'Hana', familyName: 'Ali' }),
      aBuddy({
        givenName: 'Yusuf',
        familyName: 'Demir',
        channels: ['letter'],
        email: undefined,
        children: [{ schoolYear: 'groep-5', firstName: 'Emre', className: '5A' }],
      }),
    );
    // A message that could not be delivered.
    const nadia = await parent(aSeeker({ givenName: 'Nadia', familyName: 'Bakker' }));
    await t.app.get(WorkerService).drain();
    const [dead] = await t.db.query(
      `UPDATE notification SET status = 'dead', attempts = 8, last_error = '550 Mailbox unavailable'
        WHERE parent_id = $1 AND kind = 'welcome' RETURNING id`,
      [nadia.id],
    );
    ids.dead = (dead as { id: string }[])[0].id;
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('works through the task list on a phone: calls, an answer, a letter with QR and code', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await browserLogin(page, t.baseUrl, s.coordinator.email);
    await page.goto(`${t.baseUrl}/schools/${s.schoolId}/tasks`);
    expect(await page.textContent('h1')).toBe('Taken');
    await noHorizontalScroll(page, 390);
    expect(await page.getAttribute('a[href="tel:+31687654321"]', 'href')).toBe('tel:+31687654321');
    const karim = page
      .locator('li.om-task', { hasText: 'Karim Haddad' })
      .filter({ hasText: 'Voorstel voor een maatje' });
    await karim.locator('summary').click();
    expect(await karim.locator('.om-read-aloud[lang=ar]').getAttribute('dir')).toBe('rtl');
    await noHorizontalScroll(page, 390);
    await accessible(page, 'tasks-list-390');

    // Karim said yes on the phone.
    await karim.getByLabel('Ja, wil graag').check();
    await Promise.all([
      page.waitForURL(/done=answer_recorded/),
      karim.getByRole('button', { name: 'Taak afronden' }).click(),
    ]);
    expect(await page.textContent('[role=status]')).toContain(
      'Het antwoord van de ouder is opgeslagen',
    );
    const [match] = await t.db.query(`SELECT seeker_response FROM match WHERE seeker_id = $1`, [
      ids.Karim,
    ]);
    expect(match.seeker_response).toBe('accepted');
    await accessible(page, 'tasks-after-answer-390');

    // Yusuf's letter: QR code, short code, no button to press.
    const yusuf = page.locator('li.om-task', { hasText: 'Yusuf Demir' }).filter({
      hasText: 'Vraag om maatje te zijn',
    });
    await Promise.all([
      page.waitForURL(/\/letter$/),
      yusuf.getByRole('link', { name: 'Brief bekijken en afdrukken' }).click(),
    ]);
    expect(await page.locator('section.letter').count()).toBe(2);
    expect(await page.locator('section.letter[lang=ar][dir=rtl] .qr svg[role=img]').count()).toBe(
      1,
    );
    const code = await page.locator('section.letter[lang=nl] .code-value').textContent();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const letterText = (await page.locator('section.letter').allTextContents()).join('\n');
    expect(letterText).not.toMatch(/knop|button|klik|click/i);
    expect(letterText).toContain(`${new URL(t.config.publicBaseUrl).host}/c`);
    await noHorizontalScroll(page, 390);
    await accessible(page, 'tasks-letter-390');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.om-letter-toolbar').isVisible()).toBe(false);
    await keepScreenshot(page, 'tasks-letter-print');
    await page.emulateMedia({ media: 'screen' });

    // The parent types the code at /c on their own phone and lands on their page.
    const parentPage = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await parentPage.goto(`${t.baseUrl}/c`);
    await accessible(parentPage, 'code-entry-390');
    await parentPage.fill('#code', 'WRNG-C2DE');
    await Promise.all([parentPage.waitForLoadState(), parentPage.click('button[type=submit]')]);
    expect(await parentPage.textContent('#code-error')).toContain('Deze code kennen we niet.');
    await accessible(parentPage, 'code-entry-wrong-390');
    await parentPage.fill('#code', code!.toLowerCase().replace('-', ' '));
    await Promise.all([
      parentPage.waitForURL(/\/p\/[A-Za-z0-9_-]{43}$/),
      parentPage.click('button[type=submit]'),
    ]);
    expect(await parentPage.getAttribute('html', 'lang')).toBe('ar');
    await parentPage.close();
    await page.close();
  });

  it('prints all open letters, lists the messages and retries a failed one (tablet and desktop)', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await browserLogin(page, t.baseUrl, s.coordinator.email);
    await page.goto(`${t.baseUrl}/schools/${s.schoolId}/tasks`);
    await accessible(page, 'tasks-list-1280');
    await Promise.all([
      page.waitForURL(/\/tasks\/letters$/),
      page.getByRole('link', { name: /open brieven afdrukken/ }).click(),
    ]);
    expect(await page.locator('section.letter').count()).toBeGreaterThanOrEqual(2);
    await accessible(page, 'tasks-print-all');

    await page.setViewportSize({ width: 768, height: 1000 });
    await page.goto(`${t.baseUrl}/schools/${s.schoolId}/messages`);
    await noHorizontalScroll(page, 768);
    await page.selectOption('#f-status', 'dead');
    await Promise.all([
      page.waitForURL(/status=dead/),
      page.getByRole('button', { name: 'Toon berichten' }).click(),
    ]);
    expect(await page.locator('tbody tr').count()).toBe(1);
    await accessible(page, 'messages-list-768');
    await Promise.all([
      page.waitForURL(new RegExp(`/messages/${ids.dead}$`)),
      page.getByRole('link', { name: 'Welkom' }).click(),
    ]);
    expect(await page.textContent('main')).toContain(
      'Het e-mailadres bestaat niet of neemt geen mail aan.',
    );
    expect(await page.textContent('main')).not.toMatch(/\/p\/[A-Za-z0-9_-]{43}/);
    await accessible(page, 'messages-detail-768');
    await Promise.all([
      page.waitForURL(/done=retried/),
      page.getByRole('button', { name: 'Opnieuw versturen' }).click(),
    ]);
    expect(await page.textContent('[role=status]')).toContain(
      'Het bericht staat weer klaar om te versturen.',
    );
    await accessible(page, 'messages-retried-768');
    await page.close();
  });
});
