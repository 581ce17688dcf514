import type { Browser, Page } from 'playwright-core';
import { WorkerService } from '../../src/worker/worker.service';
import { aBuddy, aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import { describeWithBrowser, expectAccessible, launchChromium } from '../support/browser';
import { parentLinkIn, SmtpSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { browserLogin } from '../support/workspace';

describeWithBrowser('matching pages in real Chromium: from a run to an active pair', () => {
  let t: TestApp;
  let s: SchoolFixture;
  let smtp: SmtpSink;
  let browser: Browser;

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
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.stop();
  });

  const TABLET = 768;

  /** axe finds nothing serious, the page does not scroll sideways on a tablet, and a screenshot is kept. */
  async function check(page: Page, name: string): Promise<void> {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      TABLET,
    );
    await expectAccessible(page, name);
  }

  async function submit(page: Page, selector: string): Promise<void> {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
  }

  it('runs, explains, forbids and pins, approves, and follows the pair until both accepted', async () => {
    const karim = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({ givenName: 'Karim', familyName: 'Haddad', email: 'karim@example.org' }),
    );
    const salma = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aBuddy({ givenName: 'Salma', familyName: 'Aziz', email: 'salma@example.org' }),
    );
    const hanan = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aBuddy({ givenName: 'Hanan', familyName: 'Saleh', email: 'hanan@example.org' }),
    );
    await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({
        givenName: 'Tesfay',
        familyName: 'Berhe',
        languages: [{ code: 'ti', level: 'native' }],
        dutchLevel: 'none',
        messageLanguage: 'ti',
      }),
    );
    const buddies: Record<string, { email: string; name: string }> = {
      [salma.id]: { email: 'salma@example.org', name: 'Salma' },
      [hanan.id]: { email: 'hanan@example.org', name: 'Hanan' },
    };

    const page = await browser.newPage({ viewport: { width: TABLET, height: 1024 } });
    await browserLogin(page, t.baseUrl, s.coordinator.email);
    await page.goto(`${t.baseUrl}/schools/${s.schoolId}`);
    await submit(page, 'nav a[href$="/matching"]');
    expect(await page.textContent('h1')).toBe('Maatjes koppelen');
    await check(page, 'matching-run-empty');

    await submit(page, 'form[action$="/matching/runs"] button');
    expect(page.url()).toContain('done=run');
    const main = async (): Promise<string> =>
      (await page.textContent('main'))!.replace(/\s+/g, ' ');
    let text = await main();
    expect(text).toContain('Spreken allebei Arabisch.');
    expect(text).toContain('alleen voor medewerkers');
    expect(text).toContain('Wacht sinds vandaag');
    expect(text).toContain('Niemand die maatje wil zijn spreekt een taal van deze ouder.');
    expect(text).toContain('Een maatje dat Tigrinya spreekt.');
    // Seeker and buddy side by side on a tablet.
    const cards = page.locator('article.om-panel').first().locator('section.om-card');
    const [left, right] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()];
    expect(Math.abs(left!.y - right!.y)).toBeLessThan(2);
    expect(right!.x).toBeGreaterThan(left!.x + left!.width - 1);
    const approveBox = await page
      .locator('article.om-panel button', { hasText: 'Goedkeuren' })
      .boundingBox();
    expect(approveBox!.height).toBeGreaterThanOrEqual(44);
    await check(page, 'matching-run');

    // Forbid the proposed pair, run again: the other buddy comes up. Pin that one and run again.
    const [first] = await t.db.query(
      `SELECT buddy_id FROM match WHERE school_id = $1 AND status = 'proposed'`,
      [s.schoolId],
    );
    await submit(page, 'article.om-panel button:has-text("Nooit voorstellen")');
    expect(await page.textContent('[role=status]')).toContain('niet meer voorgesteld');
    await submit(page, 'form[action$="/matching/runs"] button');
    const buddyId = first.buddy_id === salma.id ? hanan.id : salma.id;
    const [second] = await t.db.query(
      `SELECT buddy_id FROM match WHERE school_id = $1 AND status = 'proposed'`,
      [s.schoolId],
    );
    expect(second.buddy_id).toBe(buddyId);
    await submit(page, 'article.om-panel button:has-text("Vastzetten")');
    await submit(page, 'form[action$="/matching/runs"] button');
    text = await main();
    expect(text).toContain('Vastgezet door een medewerker.');
    expect(text).toContain('Vastgezet en verboden (2)');
    await check(page, 'matching-run-pinned');

    await submit(page, 'article.om-panel button:has-text("Goedkeuren")');
    expect(await page.textContent('[role=status]')).toContain('Het voorstel is goedgekeurd.');
    const [match] = await t.db.query(
      `SELECT id, status FROM match WHERE school_id = $1 AND status = 'approved'`,
      [s.schoolId],
    );
    expect(match.status).toBe('approved');
    await check(page, 'matching-run-approved');

    // The worker sends the introductions; both parents accept through their links.
    await t.app.get(WorkerService).drain();
    for (const [address, other] of [
      ['karim@example.org', buddies[buddyId].name],
      [buddies[buddyId].email, 'Karim'],
    ]) {
      const intro = (await smtp.for(address)).find((m) => (m.subject ?? '').includes(other));
      expect(intro).toBeDefined();
      const parentPage = await browser.newPage({ viewport: { width: 390, height: 800 } });
      await parentPage.goto(parentLinkIn(intro!));
      await parentPage.click('button[type=submit] >> nth=0');
      await parentPage.waitForURL(/done=accepted/);
      await parentPage.close();
    }

    // The follow-up page, reloaded, shows the pair as active.
    await page.goto(`${t.baseUrl}/schools/${s.schoolId}/matches`);
    await page.reload();
    const row = page.locator(`tr[data-match="${match.id}"]`);
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('active');
    expect((await row.textContent())!.replace(/\s+/g, ' ')).toContain('Actief');
    await check(page, 'matching-follow-up');

    await submit(page, `tr[data-match="${match.id}"] a`);
    text = await main();
    expect(text).toContain('Beiden zeiden ja: het paar is actief.');
    expect(text).toContain('Karim Haddad zei ja.');
    expect(page.url()).toContain(`/matches/${match.id}`);
    expect(karim.id).toBeDefined();
    await check(page, 'matching-pair-active');

    // Ending needs a reason: the form comes back with the error summary, then it ends.
    await page.check('#f-end-outcome-0');
    await submit(page, 'form[action$="/end"] button');
    expect(await page.textContent('#error-summary')).toContain('Kies waarom het stopt.');
    await check(page, 'matching-pair-end-error');
    await page.selectOption('#f-end-reason', 'completed');
    await submit(page, 'form[action$="/end"] button');
    expect(await page.textContent('[role=status]')).toContain('Het paar is beëindigd.');
    const [ended] = await t.db.query(
      `SELECT status, end_reason, end_outcome FROM match WHERE id = $1`,
      [match.id],
    );
    expect(ended).toEqual({ status: 'ended', end_reason: 'completed', end_outcome: 'good' });
    await check(page, 'matching-pair-ended');
    await page.close();
  }, 60_000);
});
