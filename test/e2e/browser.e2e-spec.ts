import type { Browser, Page } from 'playwright-core';
import { WorkerService } from '../../src/worker/worker.service';
import { anActivity, anActivityParent, schedule } from '../factories/activity.factory';
import { aBuddy, aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import {
  describeWithBrowser,
  launchChromium,
  expectAccessible as checkAccessible,
} from '../support/browser';
import { parentLinkIn, SmtpSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';

describeWithBrowser('parent pages in real Chromium, opened from delivered e-mail', () => {
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

  const api = (method: 'post', path: string, body?: object) =>
    t
      .call(method, `/api/v1/schools/${s.schoolId}${path}`)
      .set('authorization', `Bearer ${s.coordinator.token}`)
      .send(body ?? {});
  const deliver = () => t.app.get(WorkerService).drain();

  async function open(url: string, width = 360): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 740 } });
    await page.goto(url);
    return page;
  }

  let shot = 0;
  /** axe finds nothing serious; a screenshot of each parent page is kept (parent-<n>-<lang>). */
  async function expectAccessible(page: Page): Promise<void> {
    const lang = (await page.getAttribute('html', 'lang')) ?? 'xx';
    await checkAccessible(page, `parent-${++shot}-${lang}`);
  }

  it('accepts a buddy in Arabic, right to left, from the introduction e-mail', async () => {
    await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({
        givenName: 'Amal',
        email: 'amal@example.org',
        messageLanguage: 'ar',
        languages: [
          { code: 'ar', level: 'native' },
          { code: 'nl', level: 'basic' },
        ],
      }),
    );
    await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aBuddy({ givenName: 'Hanan', email: 'hanan@example.org', messageLanguage: 'nl' }),
    );
    const [proposal] = (await api('post', '/matching/runs?wait=true').expect(201)).body.proposals;
    await api('post', `/matches/${proposal.id}/approve`).expect(200);
    await deliver();
    const mails = await smtp.for('amal@example.org');
    const intro = mails.find((m) => (m.subject ?? '').includes('Hanan'));
    expect(intro).toBeDefined();
    expect(intro!.headers.get('content-language')).toBe('ar');
    expect(String(intro!.html)).toMatch(/<html[^>]*dir="rtl"/);

    const page = await open(parentLinkIn(intro!));
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.getAttribute('html', 'lang')).toBe('ar');
    expect(
      await page.evaluate(
        () => getComputedStyle(document.querySelector('h1') ?? document.body).direction,
      ),
    ).toBe('rtl');
    expect(await page.textContent('main')).toContain('Hanan');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
    await expectAccessible(page);
    await page.click('button[type=submit] >> nth=0'); // the first button: accept
    await page.waitForURL(/done=accepted/);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await expectAccessible(page);
    const [row] = await t.db.query(`SELECT seeker_response FROM match WHERE id = $1`, [
      proposal.id,
    ]);
    expect(row.seeker_response).toBe('accepted');
    // Going back shows the answer given, not the form again (pages are never cached).
    await page.goBack({ timeout: 5000 });
    expect(await page.locator('input[value=accept]').count()).toBe(0);
    const [again] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'match.accept'`,
      [proposal.id],
    );
    expect(again.n).toBe(1);
    await page.close();
  });

  it('signs up for an activity in Polish, changes the language and stops messages, at 320 px wide', async () => {
    const ewa = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivityParent({
        givenName: 'Ewa',
        email: 'ewa@example.org',
        messageLanguage: 'pl',
        languages: [{ code: 'pl', level: 'native' }],
      }),
    );
    const activity = await schedule(
      t,
      s.coordinator.token,
      s.schoolId,
      anActivity({ title: 'Koffieochtend', titles: { pl: 'Poranna kawa' } }),
    );
    await api('post', `/activities/${activity.id}/invitations`, {
      audience: 'parents',
      parentIds: [ewa.id],
    }).expect(200);
    await deliver();
    const invitation = (await smtp.for('ewa@example.org')).find((m) =>
      (m.subject ?? '').includes('Poranna kawa'),
    );
    expect(invitation).toBeDefined();
    expect(invitation!.headers.get('content-language')).toBe('pl');

    const page = await open(parentLinkIn(invitation!), 320);
    expect(await page.getAttribute('html', 'lang')).toBe('pl');
    expect(await page.textContent('h1')).toBe('Poranna kawa');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      320,
    );
    const signUp = page.locator('button', { hasText: 'Przyjdę' });
    const box = await signUp.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44); // a large tap target
    await expectAccessible(page);
    await signUp.click();
    await page.waitForURL(/done=signed_up/);
    expect(await page.textContent('[role=status]')).toContain('Zapisaliśmy Cię');
    const [rsvp] = await t.db.query(
      `SELECT status FROM activity_rsvp WHERE activity_id = $1 AND parent_id = $2`,
      [activity.id, ewa.id],
    );
    expect(rsvp.status).toBe('confirmed');

    await page.click('footer a');
    await page.waitForURL(/view=preferences/);
    await expectAccessible(page);
    await page.selectOption('#language', 'uk');
    await page.click('form:has(#language) button');
    await page.waitForURL(/done=language/);
    expect(await page.getAttribute('html', 'lang')).toBe('uk');
    await page.locator('form:has(input[value=stop_all]) button').click();
    await page.waitForURL(/done=stopped_all/);
    const [prefs] = await t.db.query(
      `SELECT message_language, messages_stopped FROM parent WHERE id = $1`,
      [ewa.id],
    );
    expect(prefs).toEqual({ message_language: 'uk', messages_stopped: true });
    // A stop is never a trap: the page offers to start again.
    expect(await page.locator('form:has(input[value=resume]) button').count()).toBe(1);
    await expectAccessible(page);
    await page.close();
  });

  it('renders the staff dashboard, logs in, and shows the pairs', async () => {
    const page = await open(`${t.baseUrl}/dashboard`, 1024);
    await expectAccessible(page);
    await page.fill('#email', s.coordinator.email);
    await page.fill('#password', 'correct horse battery staple');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-figure=enrolled]');
    expect(Number(await page.textContent('[data-figure=enrolled]'))).toBeGreaterThanOrEqual(3);
    await expectAccessible(page);
    await page.close();
  });
});
