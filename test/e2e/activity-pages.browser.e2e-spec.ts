import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Clock } from '../../src/activities/clock';
import { localDate, parseTime } from '../../src/activities/core/local-time';
import { WorkerService } from '../../src/worker/worker.service';
import { anActivityParent, withActivityConsent } from '../factories/activity.factory';
import { aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import { describeWithBrowser, launchChromium, expectAccessible } from '../support/browser';
import { parentLinkIn, SmtpSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { browserLogin } from '../support/workspace';

describeWithBrowser(
  'activity pages in real Chromium: schedule, invite, waitlist, attendance',
  () => {
    let t: TestApp;
    let s: SchoolFixture;
    let smtp: SmtpSink;
    let browser: Browser;
    let staff: BrowserContext;

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
      staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    }, 60_000);
    afterAll(async () => {
      jest.restoreAllMocks();
      await browser?.close();
      await t?.close();
      await smtp?.stop();
    });

    const deliver = () => t.app.get(WorkerService).drain();

    const accessible = expectAccessible;

    async function submit(page: Page, button: string): Promise<void> {
      await Promise.all([page.waitForNavigation(), page.click(button)]);
    }

    it('schedules (capacity 1), invites with a preview, the waitlist moves up when the first cancels, and attendance is ticked on a phone', async () => {
      const amina = await enroll(
        t,
        s.coordinator.token,
        s.schoolId,
        anActivityParent({
          givenName: 'Amina',
          familyName: 'Benali',
          email: 'amina@example.org',
          messageLanguage: 'nl',
          skills: ['baking', 'languages'],
        }),
      );
      const noor = await enroll(
        t,
        s.coordinator.token,
        s.schoolId,
        aSeeker({ givenName: 'Noor', familyName: 'Haddad', email: 'noor@example.org' }),
      );
      const page = await staff.newPage();
      await browserLogin(page, t.baseUrl, s.coordinator.email);
      await page.goto(`${t.baseUrl}/schools/${s.schoolId}/activities`);
      await accessible(page, 'activities-list-empty');

      // Schedule: the kind first, then the form (date and times in the school's zone).
      await submit(page, 'text=Nieuwe activiteit plannen');
      await accessible(page, 'activities-new-kind');
      await submit(page, 'button:has-text("Verder")');
      expect(page.url()).toContain('/activities/new?kind=coffee_morning');
      const date = localDate(new Date(Date.now() + 10 * 86400_000));
      await page.fill('#f-title', 'Koffieochtend voor nieuwe ouders');
      await page.fill('#f-description', 'We drinken koffie en maken kennis.');
      await page.fill('#f-date', date);
      await page.fill('#f-startTime', '09:30');
      await page.fill('#f-endTime', '11:00');
      await page.fill('#f-location', 'Ouderkamer');
      await page.fill('#f-capacity', '1');
      // Amina bakes: suggested as a host for a coffee morning.
      expect(await page.textContent('#f-hostParentIds')).toMatch(
        /Amina Benali\s+Kan: Bakken, Een taal leren aan anderen/,
      );
      await accessible(page, 'activities-new-form');
      await submit(page, 'button:has-text("Activiteit plannen")');
      expect(page.url()).toMatch(/\/activities\/[0-9a-f-]{36}\?done=created$/);
      const activityUrl = page.url().split('?')[0];
      const activityId = activityUrl.split('/').pop()!;
      expect(await page.textContent('[role=status]')).toContain('De activiteit is gepland.');
      expect(await page.textContent('main')).toContain('09:30–11:00');
      await accessible(page, 'activities-activity-new');

      // Invite two parents picked by name; the preview says who is skipped and why.
      await submit(page, 'text=Ouders uitnodigen');
      await accessible(page, 'activities-invite');
      await page.check('input[name=audience][value=parents]');
      await page.fill('#f-q', 'Amina');
      await submit(page, 'button[value=search]');
      await page.check(`#f-found input[value="${amina.id}"]`);
      await page.fill('#f-q', 'Noor');
      await submit(page, 'button[value=search]');
      expect(await page.isChecked(`#f-picked input[value="${amina.id}"]`)).toBe(true);
      await page.check(`#f-found input[value="${noor.id}"]`);
      await submit(page, 'button[value=preview]');
      expect(await page.textContent('[data-figure=would-invite]')).toContain(
        '1 ouder krijgt een uitnodiging',
      );
      expect(await page.textContent(`tr[data-parent="${noor.id}"]`)).toMatch(
        /Noor Haddad\s+Geen toestemming voor uitnodigingen voor activiteiten/,
      );
      expect(
        await t.db.query(`SELECT 1 FROM activity_invitation WHERE activity_id = $1`, [activityId]),
      ).toEqual([]);
      await accessible(page, 'activities-invite-preview');
      await submit(page, 'button[value=send]');
      expect(page.url()).toBe(`${activityUrl}?done=invited`);

      // Amina signs up through the link in her e-mail.
      await deliver();
      const invitation = (await smtp.for('amina@example.org')).find((m) =>
        (m.subject ?? '').includes('Koffieochtend voor nieuwe ouders'),
      );
      expect(invitation).toBeDefined();
      const toNoor = await smtp.for('noor@example.org');
      expect(toNoor.filter((m) => (m.subject ?? '').includes('Koffieochtend'))).toEqual([]);
      const parent = await browser.newPage({ viewport: { width: 390, height: 800 } });
      await parent.goto(parentLinkIn(invitation!));
      await submit(parent, 'button:has-text("Ik kom")');
      expect(parent.url()).toContain('done=signed_up');

      // The activity is full. Without her consent to activities Noor cannot be signed up...
      await page.goto(`${activityUrl}?q=Noor`);
      expect(await page.inputValue('#f-parentId')).toBe(noor.id);
      await submit(page, 'button:has-text("Op de wachtlijst zetten")');
      expect(page.url()).toBe(`${activityUrl}/rsvps`);
      expect(await page.textContent('#main')).toContain(
        'Deze ouder wil geen uitnodigingen voor activiteiten. Leg eerst die toestemming vast.',
      );
      // ...she agrees on the phone, the consultant records it, and puts her on the waitlist.
      const api = `/api/v1/schools/${s.schoolId}/parents/${noor.id}`;
      const auth = { authorization: `Bearer ${s.coordinator.token}` };
      const read = await t.http().get(api).set(auth).expect(200);
      await t
        .http()
        .patch(api)
        .set(auth)
        .send({
          version: read.body.version as number,
          consents: withActivityConsent(aSeeker()).consents,
        })
        .expect(200);
      await page.goto(`${activityUrl}?q=Noor`);
      await submit(page, 'button:has-text("Op de wachtlijst zetten")');
      expect(page.url()).toBe(`${activityUrl}?done=waitlisted`);
      expect(await page.textContent(`#main tr[data-parent="${noor.id}"]`)).toContain('Noor Haddad');
      expect(
        await page.textContent(
          `table:has(caption:has-text("Wachtlijst")) tr[data-parent="${noor.id}"]`,
        ),
      ).toContain('1');
      await accessible(page, 'activities-activity-waitlist');

      // Amina cannot come after all: Noor moves up, in the page and in the database.
      await parent.goto(parentLinkIn(invitation!));
      await submit(parent, 'button:has-text("Ik kan niet meer")');
      await parent.close();
      await page.goto(activityUrl);
      const confirmed = page.locator('table:has(caption:has-text("Aangemeld")) tbody tr');
      expect(await confirmed.count()).toBe(1);
      expect(await confirmed.first().textContent()).toMatch(/Noor Haddad\s+Van de wachtlijst/);
      expect(await page.textContent('#main')).toContain('Er staat niemand op de wachtlijst.');
      const rows = await t.db.query(
        `SELECT parent_id, status, promoted_at IS NOT NULL AS promoted FROM activity_rsvp WHERE activity_id = $1 ORDER BY position`,
        [activityId],
      );
      expect(rows).toEqual([
        { parent_id: amina.id, status: 'cancelled', promoted: false },
        { parent_id: noor.id, status: 'confirmed', promoted: true },
      ]);
      await accessible(page, 'activities-activity-promoted');

      // The change and cancel pages (looked at, not used).
      await page.goto(`${activityUrl}/edit`);
      await accessible(page, 'activities-edit');
      await page.goto(`${activityUrl}/cancel`);
      await accessible(page, 'activities-cancel-confirm');

      // Attendance at the door, on a phone 390 px wide, half an hour before the start.
      const start = parseTime(`${date}T09:30`, 'Europe/Amsterdam');
      if (!start.ok) throw new Error('no start');
      jest
        .spyOn(t.app.get(Clock), 'now')
        .mockReturnValue(new Date(start.instant.getTime() - 30 * 60_000));
      const phone = await staff.newPage();
      await phone.setViewportSize({ width: 390, height: 800 });
      await phone.goto(`${activityUrl}/attendance`);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        390,
      );
      const tick = phone.locator(`input[name=present][value="${noor.id}"]`);
      const box = await tick.boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
      expect(box!.width).toBeGreaterThanOrEqual(44);
      expect(await phone.textContent(`li[data-parent="${noor.id}"]`)).toContain('Eerste keer');
      const save = await phone.locator('button[value=save]').boundingBox();
      expect(save!.height).toBeGreaterThanOrEqual(44);
      await accessible(phone, 'activities-attendance-phone');
      await tick.check();
      await submit(phone, 'button[value=save]');
      expect(phone.url()).toContain('done=attendance_saved');
      expect(await phone.isChecked(`input[name=present][value="${noor.id}"]`)).toBe(true);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        390,
      );
      await accessible(phone, 'activities-attendance-saved');
      const present = await t.db.query(
        `SELECT parent_id FROM activity_attendance WHERE activity_id = $1`,
        [activityId],
      );
      expect(present).toEqual([{ parent_id: noor.id }]);
      await phone.close();
      await page.close();
    }, 60_000);

    it('makes a calendar address on the list page, shows it to copy, and revokes it', async () => {
      jest.restoreAllMocks();
      const page = await staff.newPage();
      await page.goto(`${t.baseUrl}/schools/${s.schoolId}/activities`);
      await submit(page, 'button:has-text("Agenda-adres maken")');
      expect(await page.textContent('[role=status]')).toContain('Het agenda-adres is gemaakt.');
      const address = await page.inputValue('#feed-address');
      expect(address).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics\?lang=nl$/);
      // The copy button appears with the script.
      expect(await page.isVisible('button[data-copy=feed-address]')).toBe(true);
      await accessible(page, 'activities-list-feed');
      const feed = await t.http().get(address.slice(t.baseUrl.length)).expect(200);
      expect(feed.text).toContain('SUMMARY:Koffieochtend voor nieuwe ouders');
      page.once('dialog', (d) => void d.accept());
      await submit(page, 'button:has-text("Adres intrekken")');
      expect(await page.textContent('[role=status]')).toContain('Het agenda-adres is ingetrokken.');
      await t.http().get(address.slice(t.baseUrl.length)).expect(404);
      await page.close();
    });
  },
);
