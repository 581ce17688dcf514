import type { Browser, Page } from 'playwright-core';
import { I18nService } from '../../src/i18n/i18n.service';
import { anActivity, anActivityParent, schedule } from '../factories/activity.factory';
import { aBuddy, aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, schoolApi } from '../factories/staff.factory';
import { describeWithBrowser, expectAccessible, launchChromium } from '../support/browser';
import { linkOf } from '../support/parent-link';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * What a parent's page says after an answer, in a right-to-left and a left-to-right language,
 * on a phone: a full activity (the sign-up cannot go through; the waitlist is offered), an
 * expired link, and the page once both parents accepted each other.
 */
describeWithBrowser("a parent's page says what happened, in Arabic and in Polish", () => {
  let t: TestApp;
  let adminToken: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    adminToken = (await aPlatformAdmin(t)).token;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function onPhone(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${t.baseUrl}${path}`);
    return page;
  }
  const tap = (page: Page, action: string) =>
    Promise.all([
      page.waitForURL(/done=/),
      page.click(`form:has(input[name=action][value=${action}]) button[type=submit]`),
    ]);

  describe.each([
    { lng: 'ar', dir: 'rtl', both: 'أصبح' },
    { lng: 'pl', dir: 'ltr', both: 'jest teraz Twoją parą' },
  ])('in $lng', (c) => {
    const speaks = { messageLanguage: c.lng, languages: [{ code: c.lng, level: 'native' }] };
    const pages = (key: string): string => t.app.get(I18nService).t(c.lng, 'pages')(key);

    it('a full activity says so and offers the waitlist; an expired link says what to do', async () => {
      const school = await aSchool(t, adminToken);
      const api = schoolApi(t, school.schoolId, school.coordinator.token);
      const activity = await schedule(
        t,
        school.coordinator.token,
        school.schoolId,
        anActivity({ capacity: 1 }),
      );
      const first = await enroll(
        t,
        school.coordinator.token,
        school.schoolId,
        anActivityParent(speaks),
      );
      const second = await enroll(
        t,
        school.coordinator.token,
        school.schoolId,
        anActivityParent(speaks),
      );
      await api('post', `/activities/${activity.id}/invitations`)
        .send({ audience: 'parents', parentIds: [first.id, second.id] })
        .expect(200);

      const firstPage = await onPhone(await linkOf(t, first.id, 'activity_invitation'));
      await tap(firstPage, 'sign_up');
      await firstPage.close();

      const page = await onPhone(await linkOf(t, second.id, 'activity_invitation'));
      expect(await page.getAttribute('html', 'dir')).toBe(c.dir);
      const text = (await page.textContent('main'))!;
      expect(text).toContain(pages('activity.full'));
      expect(text).toContain(pages('activity.joinWaitlist'));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        360,
      );
      await expectAccessible(page, `parent-full-${c.lng}`);
      await page.close();

      await t.db.query(
        `UPDATE parent_link SET expires_at = now() - interval '1 day' WHERE parent_id = $1`,
        [first.id],
      );
      const expired = await onPhone(await linkOf(t, first.id, 'welcome'));
      expect(await expired.getAttribute('html', 'lang')).toBe(c.lng);
      expect(await expired.textContent('h1')).toBe(pages('error.expiredTitle'));
      expect(await expired.textContent('main')).toContain(pages('error.expiredText'));
      await expectAccessible(expired, `parent-expired-${c.lng}`);
      await expired.close();
    });

    it('after both said yes, the page names the buddy and how to reach them', async () => {
      const school = await aSchool(t, adminToken);
      const api = schoolApi(t, school.schoolId, school.coordinator.token);
      const seeker = await enroll(
        t,
        school.coordinator.token,
        school.schoolId,
        aSeeker({ givenName: 'Hala', ...speaks }),
      );
      const buddy = await enroll(
        t,
        school.coordinator.token,
        school.schoolId,
        aBuddy({
          givenName: 'Maria',
          ...speaks,
          languages: [...speaks.languages, { code: 'nl', level: 'fluent' }],
        }),
      );
      const run = await api('post', '/matching/runs?wait=true').expect(201);
      await api('post', `/matches/${run.body.proposals[0].id}/approve`).expect(200);
      const seekerPage = await onPhone(await linkOf(t, seeker.id, 'intro_seeker'));
      await tap(seekerPage, 'accept');
      const buddyPage = await onPhone(await linkOf(t, buddy.id, 'intro_buddy'));
      await tap(buddyPage, 'accept');
      await seekerPage.reload();
      const text = (await seekerPage.textContent('main'))!;
      expect(text).toContain(c.both);
      expect(text).toContain('Maria');
      expect(text).toContain(String(buddy.email));
      expect(await seekerPage.getAttribute('html', 'dir')).toBe(c.dir);
      await expectAccessible(seekerPage, `parent-both-accepted-${c.lng}`);
      await seekerPage.close();
      await buddyPage.close();
    });
  });
});
