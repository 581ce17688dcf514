import type { Browser } from 'playwright-core';
import { anActivity, anActivityParent, schedule } from '../factories/activity.factory';
import { aBuddy, aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import { describeWithBrowser, launchChromium, seriousA11yFindings } from '../support/browser';
import { createTestApp, TestApp } from '../support/test-app';
import { WorkerService } from '../../src/worker/worker.service';
import { browserLogin } from '../support/workspace';

/** `/schools/<uuid>/parents/<uuid>?x=1` → `/schools/:id/parents/:id`: one visit per kind of page. */
const shape = (path: string): string =>
  path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id');

/** Links a crawler should not follow: parents' pages, downloads, leaving the workspace. */
const SKIP = [
  /^\/p\//,
  /^\/c(\/|$)/,
  /^\/api\//,
  /^\/calendar\//,
  /^\/assets\//,
  /\.(ics|csv|json)$/,
  /\/export$/,
];

describeWithBrowser('every staff page a member can reach, crawled in real Chromium', () => {
  let t: TestApp;
  let s: SchoolFixture;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    s = await aSchool(t, (await aPlatformAdmin(t)).token);
    const token = s.coordinator.token;
    await enroll(t, token, s.schoolId, aSeeker({ givenName: 'Amal' }));
    await enroll(t, token, s.schoolId, aBuddy({ givenName: 'Hanan' }));
    await enroll(
      t,
      token,
      s.schoolId,
      aSeeker({
        givenName: 'Semhar',
        languages: [{ code: 'ti', level: 'native' }],
        messageLanguage: 'ti',
        prefersSpoken: true,
      }),
    );
    const parent = await enroll(
      t,
      token,
      s.schoolId,
      anActivityParent({ givenName: 'Ewa', messageLanguage: 'pl' }),
    );
    const api = (path: string, body: object = {}) =>
      t
        .http()
        .post(`/api/v1/schools/${s.schoolId}${path}`)
        .set('authorization', `Bearer ${token}`)
        .send(body);
    const run = await api('/matching/runs?wait=true').expect(201);
    if (run.body.proposals?.[0])
      await api(`/matches/${run.body.proposals[0].id}/approve`).expect(200);
    const activity = await schedule(t, token, s.schoolId, anActivity({ title: 'Koffieochtend' }));
    await api(`/activities/${activity.id}/invitations`, {
      audience: 'parents',
      parentIds: [parent.id],
    });
    await t.app.get(WorkerService).drain();
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it.each([
    ['school admin', 'admin', 1280],
    ['parent consultant', 'coordinator', 768],
    ['viewer', 'viewer', 1280],
  ] as const)(
    'as a %s: every page answers 200 and axe finds nothing serious',
    async (_label, role, width) => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await browserLogin(page, t.baseUrl, s[role].email);
      const queue = [`/schools/${s.schoolId}`, '/account'];
      const seen = new Set<string>();
      const problems: string[] = [];
      let visited = 0;
      while (queue.length && visited < 80) {
        const path = queue.shift()!;
        if (seen.has(shape(path.split('?')[0]))) continue;
        seen.add(shape(path.split('?')[0]));
        const res = await page.goto(`${t.baseUrl}${path}`);
        visited++;
        if (res?.status() !== 200) {
          problems.push(`${path}: ${res?.status()}`);
          continue;
        }
        if (!(res.headers()['content-type'] ?? '').startsWith('text/html')) continue;
        for (const f of await seriousA11yFindings(page))
          problems.push(`${path}: ${f.id} (${f.nodes.map((n) => n.target.join(' ')).join(', ')})`);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - window.innerWidth,
        );
        if (overflow > 0) problems.push(`${path}: ${overflow}px wider than the screen`);
        const hrefs = await page.$$eval('a[href]', (links) =>
          links.map((a) => a.getAttribute('href') ?? ''),
        );
        for (const href of hrefs) {
          if (!href.startsWith('/') || href.startsWith('//') || href.startsWith('/#')) continue;
          if (SKIP.some((re) => re.test(href.split('?')[0]))) continue;
          if (!seen.has(shape(href.split('?')[0].split('#')[0]))) queue.push(href.split('#')[0]);
        }
      }
      expect(problems).toEqual([]);
      expect(visited).toBeGreaterThanOrEqual(role === 'viewer' ? 3 : 10);
      await page.close();
    },
    120_000,
  );
});
