import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { AddressObject, ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { localesDir } from '../../src/i18n/i18n.service';
import { SHIPPED_LANGUAGES } from '../../src/i18n/languages';
import { MessageKind } from '../../src/notifications/message-kinds';
import { NotificationDeliveryRepository } from '../../src/notifications/notification-delivery.repository';
import { NotificationDeliveryService } from '../../src/notifications/notification-delivery.service';
import { OutboxService } from '../../src/notifications/outbox.service';
import { WorkerService } from '../../src/worker/worker.service';
import { aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';
import { anActivityRef } from '../unit/notifications/sample-payloads';
import { decrypted } from '../support/stored';

interface Received {
  to: string[];
  raw: Buffer;
  messageId: string;
}

/** A real SMTP server that keeps what it accepted; recipients starting with "fail-" are refused. */
class SmtpSink {
  readonly received: Received[] = [];
  private server?: SMTPServer;
  /** Called after each accepted message (to stop the server in the middle of a batch). */
  onAccepted?: (count: number) => void;

  constructor(public port: number) {}

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 50,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((r) => r.address);
          if (to.some((a) => a.startsWith('fail-'))) {
            callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
            return;
          }
          const raw = Buffer.concat(chunks);
          const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(raw.toString('utf8'))?.[1] ?? '';
          this.received.push({ to, raw, messageId });
          callback();
          this.onAccepted?.(this.received.length);
        });
      },
    });
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async parsedFor(address: string): Promise<ParsedMail[]> {
    return Promise.all(
      this.received.filter((r) => r.to.includes(address)).map((r) => simpleParser(r.raw)),
    );
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

const header = (mail: ParsedMail, name: string): string => {
  const line = mail.headerLines.find((h) => h.key === name.toLowerCase());
  return line ? line.line.slice(line.line.indexOf(':') + 1).trim() : '';
};
const textOf = (mail: ParsedMail): string =>
  (mail.text ?? '').replace(/[\u200E\u200F\u2066-\u2069]/g, '');

interface Row {
  id: string;
  status: string;
  channel: string | null;
  language: string | null;
  attempts: number;
  recipient: string | null;
  message_id: string | null;
  last_error: string | null;
  subject: string | null;
  body_text: string | null;
}

describe('message delivery', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let s: SchoolFixture;
  let token: string;
  let host: string;

  const drain = () => t.app.get(WorkerService).drain();
  const rows = async (where: string, params: unknown[]): Promise<Row[]> =>
    (
      await t.db.query<Row[]>(
        `SELECT * FROM notification WHERE ${where} ORDER BY created_at, id`,
        params,
      )
    ).map(decrypted);
  const welcomeOf = async (parentId: string): Promise<Row> =>
    (await rows(`parent_id = $1 AND kind = 'welcome'`, [parentId]))[0];
  const enqueue = async (
    parentId: string,
    kind: MessageKind,
    payload: object,
    repeatKey: string,
    schoolId = s.schoolId,
  ): Promise<void> => {
    const outbox = t.app.get(OutboxService);
    await t.db.transaction((m) =>
      outbox.enqueue(m, {
        schoolId,
        parentId,
        kind,
        subject: { type: 'activity', id: anActivityRef().activityId },
        repeatKey,
        payload: payload as Record<string, unknown>,
        link: { purpose: 'activity' },
      }),
    );
  };
  const makeDue = () =>
    t.db.query(`UPDATE notification SET next_attempt_at = now() WHERE status = 'failed'`);

  beforeAll(async () => {
    sink = new SmtpSink(await freePort());
    await sink.start();
    t = await createTestApp({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(sink.port),
      SMTP_SECURE: 'false',
      SMTP_MAX_CONNECTIONS: '4',
    });
    host = new URL(t.config.publicBaseUrl).hostname;
    s = await aSchool(t, (await aPlatformAdmin(t)).token);
    token = s.coordinator.token;
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  it('sends the welcome in Arabic, right to left, with a stable Message-ID, Content-Language and List-Unsubscribe', async () => {
    const p = await enroll(
      t,
      token,
      s.schoolId,
      aSeeker({ givenName: 'Fatima', email: 'fatima@example.org' }),
    );
    await drain();
    const row = await welcomeOf(p.id);
    expect(row).toMatchObject({
      status: 'sent',
      channel: 'email',
      language: 'ar',
      recipient: 'fatima@example.org',
      attempts: 0,
      message_id: `<${row.id}@${host}>`,
    });
    const [mail] = await sink.parsedFor('fatima@example.org');
    expect(mail.messageId).toBe(`<${row.id}@${host}>`);
    expect(header(mail, 'Content-Language')).toBe('ar');
    expect(mail.subject).toBe(row.subject);
    expect(mail.html).toContain('<html lang="ar" dir="rtl">');
    expect(mail.html).toContain('<bdi>Fatima</bdi>');
    expect(textOf(mail)).toContain('Fatima');
    const unsubscribe = /^<(.+)>$/.exec(header(mail, 'List-Unsubscribe'))?.[1] ?? '';
    expect(unsubscribe).toMatch(
      new RegExp(`^${t.config.publicBaseUrl}/p/[A-Za-z0-9_-]{43}\\?view=preferences$`),
    );
    expect(header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect((mail.from as AddressObject).text).toContain('no-reply@');
    const page = await t
      .http()
      .get(new URL(unsubscribe).pathname + '?view=preferences')
      .expect(200);
    expect(page.text).toContain('dir="rtl"');
  });

  it('uses the plural forms of Polish (3: few, 5: many) and Arabic (11: many), and attaches a calendar file to a confirmation', async () => {
    const pl = await enroll(
      t,
      token,
      s.schoolId,
      aSeeker({
        givenName: 'Jan',
        email: 'jan@example.org',
        messageLanguage: 'pl',
        languages: [{ code: 'pl', level: 'native' }],
      }),
    );
    const ar = await enroll(
      t,
      token,
      s.schoolId,
      aSeeker({ givenName: 'Samira', email: 'samira@example.org' }),
    );
    await enqueue(pl.id, 'activity_waitlisted', { ...anActivityRef(), ahead: 3 }, 'w3');
    await enqueue(pl.id, 'activity_waitlisted', { ...anActivityRef(), ahead: 5 }, 'w5');
    await enqueue(ar.id, 'activity_waitlisted', { ...anActivityRef(), ahead: 11 }, 'w11');
    await enqueue(pl.id, 'activity_confirmed', anActivityRef(), 'c1');
    await drain();
    const polish = (await sink.parsedFor('jan@example.org')).filter((m) => m.subject !== undefined);
    const texts = polish.map(textOf).join('\n');
    expect(texts).toContain('Przed Tobą są 3 osoby.');
    expect(texts).toContain('Przed Tobą jest 5 osób.');
    expect(polish.every((m) => header(m, 'Content-Language') === 'pl')).toBe(true);
    const confirmation = polish.find((m) => m.attachments.length > 0)!;
    const ics = confirmation.attachments[0];
    expect(ics.contentType).toBe('text/calendar');
    const calendar = ics.content.toString('utf8');
    // The same UID as the page download and the feeds (one calendar writer).
    expect(calendar).toContain(`UID:activity-${anActivityRef().activityId}@oudermaatje\r\n`);
    expect(calendar).toContain('DTSTART:20260310T083000Z\r\n');
    const arabic = (await sink.parsedFor('samira@example.org')).map(textOf).join('\n');
    expect(arabic).toContain('قبلكم 11 شخصًا.');
  });

  it("sends the parent's language first and Dutch beneath when the school is bilingual", async () => {
    const b = await aSchool(t, (await aPlatformAdmin(t)).token);
    await t
      .http()
      .patch(`/api/v1/schools/${b.schoolId}`)
      .set('authorization', `Bearer ${b.admin.token}`)
      .send({ settings: { messages: { bilingual: true } } })
      .expect(200);
    const p = await enroll(
      t,
      b.coordinator.token,
      b.schoolId,
      aSeeker({
        givenName: 'Olena',
        email: 'olena@example.org',
        messageLanguage: 'uk',
        languages: [{ code: 'uk', level: 'native' }],
      }),
    );
    const nl = await enroll(
      t,
      b.coordinator.token,
      b.schoolId,
      aSeeker({
        givenName: 'Sanne',
        email: 'sanne@example.org',
        messageLanguage: 'nl',
        languages: [{ code: 'nl', level: 'native' }],
      }),
    );
    await drain();
    const [mail] = await sink.parsedFor('olena@example.org');
    expect(header(mail, 'Content-Language')).toBe('uk, nl');
    const html = String(mail.html);
    expect(html.indexOf('<div lang="uk" dir="ltr"')).toBeGreaterThan(-1);
    expect(html.indexOf('<div lang="nl" dir="ltr"')).toBeGreaterThan(
      html.indexOf('<div lang="uk" dir="ltr"'),
    );
    expect(textOf(mail)).toContain('Hallo Olena,');
    const [dutch] = await sink.parsedFor('sanne@example.org');
    expect(header(dutch, 'Content-Language')).toBe('nl');
    expect((await welcomeOf(nl.id)).language).toBe('nl');
    expect((await welcomeOf(p.id)).language).toBe('uk');
  });

  it('falls back to another language the parent reads, and records it', async () => {
    const missing =
      SHIPPED_LANGUAGES.find((l) => !existsSync(join(localesDir(), l, 'messages.json'))) ?? 'de';
    const p = await enroll(
      t,
      token,
      s.schoolId,
      aSeeker({
        givenName: 'Ahmad',
        email: 'ahmad@example.org',
        messageLanguage: 'tr',
        languages: [
          { code: 'tr', level: 'fluent' },
          { code: 'en', level: 'basic' },
        ],
      }),
    );
    await t.db.query(`UPDATE parent SET message_language = $2 WHERE id = $1`, [p.id, missing]);
    await drain();
    const row = await welcomeOf(p.id);
    expect(row.language).toBe('tr');
    const [mail] = await sink.parsedFor('ahmad@example.org');
    expect(header(mail, 'Content-Language')).toBe('tr');
  });

  it('turns a message for a parent who prefers spoken contact into a task with a printable letter', async () => {
    const p = await enroll(
      t,
      token,
      s.schoolId,
      aSeeker({
        givenName: 'Yusuf',
        familyName: 'Demir',
        email: 'yusuf@example.org',
        prefersSpoken: true,
      }),
    );
    await drain();
    const row = await welcomeOf(p.id);
    expect(row).toMatchObject({ status: 'task', channel: 'task', language: 'ar' });
    expect(row.subject).toContain('Yusuf Demir');
    expect(row.body_text).toContain('Tekst in de taal van de ouder');
    expect(row.body_text).toContain('Hallo Yusuf,');
    expect(await sink.parsedFor('yusuf@example.org')).toEqual([]);

    const tasks = await t
      .http()
      .get(`/api/v1/schools/${s.schoolId}/tasks`)
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    expect(tasks.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: row.id,
          parentName: 'Yusuf Demir',
          kind: 'welcome',
          language: 'ar',
          reason: 'the parent prefers spoken contact',
        }),
      ]),
    );

    const letter = await t
      .http()
      .get(`/api/v1/schools/${s.schoolId}/notifications/${row.id}/letter`)
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    expect(letter.headers['content-type']).toMatch(/^text\/html/);
    expect(letter.text).toContain('<html lang="ar" dir="rtl">');
    expect(letter.text).toContain('<section class="letter" lang="nl" dir="ltr">');
    expect(letter.text).toContain('@media print');

    await t
      .http()
      .post(`/api/v1/schools/${s.schoolId}/tasks/${row.id}/done`)
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    const after = await t
      .http()
      .get(`/api/v1/schools/${s.schoolId}/tasks`)
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    expect(after.body.items.map((i: { id: string }) => i.id)).not.toContain(row.id);
    const audit: { action: string }[] = await t.db.query(
      `SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`,
      [row.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['notification.letter', 'notification.task_done']);
  });

  it('makes a task when there is no consent for e-mail, and sends SMS when that is the usable channel', async () => {
    const noConsent = await enroll(
      t,
      token,
      s.schoolId,
      aSeeker({
        email: 'noconsent@example.org',
        consents: [{ purpose: 'matching', granted: true, method: 'in_person' }],
      }),
    );
    const sms = await enroll(
      t,
      token,
      s.schoolId,
      aSeeker({
        givenName: 'Ali',
        channels: ['email', 'sms'],
        email: 'ali@example.org',
        phone: '+31612345678',
        consents: [
          { purpose: 'matching', granted: true, method: 'in_person' },
          { purpose: 'messages_sms', granted: true, method: 'in_person' },
        ],
      }),
    );
    await drain();
    expect(await welcomeOf(noConsent.id)).toMatchObject({
      status: 'task',
      channel: 'task',
      recipient: 'task: no channel with contact details and consent',
    });
    const row = await welcomeOf(sms.id);
    const file = join(t.config.outboxDir, 'sms', `${row.id}.txt`);
    // The SMS carries the short link (/c/{code}), not the 43-character /p/{token} one.
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('/p/');
    const short = new RegExp(`${t.config.publicBaseUrl}(/c/[A-Z2-9]{4}-[A-Z2-9]{4})`).exec(text);
    expect(short).not.toBeNull();
    const opened = await t.http().get(short![1]).expect(303);
    expect(opened.headers.location).toMatch(/^\/p\/[A-Za-z0-9_-]{40,}$/);
    const page = await t.http().get(opened.headers.location).expect(200);
    expect(page.text).toContain('lang="ar"');
    const settings = await t.http().get(`${short![1]}?view=preferences`).expect(303);
    expect(settings.headers.location).toBe(`${opened.headers.location}?view=preferences`);
    // A wrong or malformed short link shows the form to type the code, and is counted.
    const wrong = await t.http().get('/c/ZZZZ-ZZZZ').expect(404);
    expect(wrong.text).toContain('name="code"');
    await t.http().get('/c/not-a-code').expect(404);
    expect(row).toMatchObject({
      status: 'sent',
      channel: 'sms',
      recipient: '+31612345678',
      language: 'ar',
    });
  });

  it('skips a stopped topic and a removed parent, but still sends what the parent did themselves', async () => {
    const p = await enroll(t, token, s.schoolId, aSeeker({ email: 'stopped@example.org' }));
    await drain();
    await t.db.query(`UPDATE parent SET stopped_topics = '{activities}' WHERE id = $1`, [p.id]);
    await enqueue(p.id, 'activity_invitation', { ...anActivityRef(), placesLeft: 3 }, 'i1');
    await enqueue(p.id, 'activity_cancelled', anActivityRef(), 'x1');
    const gone = await enroll(t, token, s.schoolId, aSeeker({ email: 'gone@example.org' }));
    await t
      .http()
      .delete(`/api/v1/schools/${s.schoolId}/parents/${gone.id}`)
      .set('authorization', `Bearer ${token}`)
      .expect(204);
    await drain();
    const mine = await rows(`parent_id = $1`, [p.id]);
    expect(mine.find((r) => r.last_error?.includes('topic'))).toMatchObject({
      status: 'skipped',
      last_error: 'parent stopped the topic activities',
    });
    expect(mine.filter((r) => r.status === 'sent')).toHaveLength(2); // welcome and the cancellation
    const orphan = await rows(`parent_id IS NULL AND recipient IS NULL AND status = 'skipped'`, []);
    expect(orphan.map((r) => r.last_error)).toContain('parent removed');
  });

  it('retries with backoff, then gives up as dead; staff can send it again', async () => {
    const p = await enroll(t, token, s.schoolId, aSeeker({ email: 'fail-box@example.org' }));
    const before = Date.now();
    await drain();
    let row = await welcomeOf(p.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.last_error).toContain('Mailbox unavailable');
    const [{ next_attempt_at: next }] = await t.db.query(
      `SELECT next_attempt_at FROM notification WHERE id = $1`,
      [row.id],
    );
    expect((next as Date).getTime() - before).toBeGreaterThanOrEqual(23_000);
    expect((next as Date).getTime() - before).toBeLessThan(40_000);
    for (let i = 2; i <= 8; i++) {
      await makeDue();
      await drain();
    }
    row = await welcomeOf(p.id);
    expect(row).toMatchObject({ status: 'dead', attempts: 8 });

    const list = await t
      .http()
      .get(`/api/v1/schools/${s.schoolId}/notifications?status=dead`)
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: row.id,
        status: 'dead',
        attempts: 8,
        channel: 'email',
        recipient: 'fail-box@example.org',
      }),
    ]);
    await t.db.query(`UPDATE parent SET email = 'fixed-box@example.org' WHERE id = $1`, [p.id]);
    const retried = await t
      .http()
      .post(`/api/v1/schools/${s.schoolId}/notifications/${row.id}/retry`)
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    expect(retried.body).toMatchObject({ status: 'pending', attempts: 0 });
    await t
      .http()
      .post(`/api/v1/schools/${s.schoolId}/notifications/${row.id}/retry`)
      .set('authorization', `Bearer ${token}`)
      .expect(409);
    await drain();
    expect(await welcomeOf(p.id)).toMatchObject({
      status: 'sent',
      recipient: 'fixed-box@example.org',
    });
    expect(await sink.parsedFor('fixed-box@example.org')).toHaveLength(1);
  });

  it('lists with filters and shows one message with its text to coordinators only, audited', async () => {
    const p = await enroll(
      t,
      token,
      s.schoolId,
      aSeeker({
        givenName: 'Mira',
        email: 'mira@example.org',
        messageLanguage: 'pl',
        languages: [{ code: 'pl', level: 'native' }],
      }),
    );
    await drain();
    const base = `/api/v1/schools/${s.schoolId}/notifications`;
    const list = await t
      .http()
      .get(`${base}?parentId=${p.id}&language=pl&kind=welcome&channel=email&status=sent`)
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    expect(list.body).toMatchObject({ page: 1, pageSize: 50, total: 1 });
    const id = list.body.items[0].id as string;
    const detail = await t
      .http()
      .get(`${base}/${id}`)
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    expect(detail.body).toMatchObject({
      id,
      status: 'sent',
      language: 'pl',
      rendering: 'stored',
      messageId: `<${id}@${host}>`,
    });
    expect(detail.body.bodyText).toContain('Mira');
    const audit: { action: string; actor_id: string }[] = await t.db.query(
      `SELECT action, actor_id FROM audit_log WHERE entity_id = $1`,
      [id],
    );
    expect(audit).toEqual([{ action: 'notification.read', actor_id: s.coordinator.id }]);
    await t.http().get(base).set('authorization', `Bearer ${s.viewer.token}`).expect(403);
    const other = await aSchool(t, (await aPlatformAdmin(t)).token);
    await t
      .http()
      .get(`${base}/${id}`)
      .set('authorization', `Bearer ${other.coordinator.token}`)
      .expect(404);
    await t
      .http()
      .get(`/api/v1/schools/${other.schoolId}/notifications/${id}`)
      .set('authorization', `Bearer ${other.coordinator.token}`)
      .expect(404);
    const bad = await t
      .http()
      .get(`${base}?status=lost&pageSize=1000`)
      .set('authorization', `Bearer ${token}`)
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'pageSize',
      'status',
    ]);
  });

  it('claims a message again when a worker died between sending and marking; the receiver sees the same Message-ID', async () => {
    const p = await enroll(t, token, s.schoolId, aSeeker({ email: 'crash@example.org' }));
    const repo = t.app.get(NotificationDeliveryRepository);
    const claimed = await repo.claim(10, 120);
    expect(claimed.map((c) => c.parentId)).toContain(p.id);
    await t.app.get(NotificationDeliveryService).deliver(claimed); // sent, but the worker "dies" before marking
    expect((await welcomeOf(p.id)).status).toBe('sending');
    await drain();
    expect((await welcomeOf(p.id)).status).toBe('sending'); // still leased
    await t.db.query(
      `UPDATE notification SET locked_until = now() - interval '1 second' WHERE status = 'sending'`,
    );
    await drain();
    const row = await welcomeOf(p.id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    const copies = sink.received.filter((r) => r.to.includes('crash@example.org'));
    expect(copies.map((c) => c.messageId)).toEqual([`<${row.id}@${host}>`, `<${row.id}@${host}>`]);
  });

  it('delivers each of 200 messages exactly once (by Message-ID) when the SMTP server stops in the middle and comes back', async () => {
    const p = await enroll(
      t,
      token,
      s.schoolId,
      aSeeker({
        givenName: 'Batch',
        email: 'batch@example.org',
        messageLanguage: 'nl',
        languages: [{ code: 'nl', level: 'native' }],
      }),
    );
    await drain();
    const outbox = t.app.get(OutboxService);
    await t.db.transaction(async (m) => {
      for (let i = 0; i < 200; i++)
        await outbox.enqueue(m, {
          schoolId: s.schoolId,
          parentId: p.id,
          kind: 'activity_invitation',
          subject: { type: 'activity', id: anActivityRef().activityId },
          repeatKey: `b${i}`,
          payload: { ...anActivityRef(), placesLeft: i },
        });
    });
    const start = sink.received.length;
    let stopping: Promise<void> | undefined;
    sink.onAccepted = (n) => {
      if (n - start === 60 && !stopping) stopping = sink.stop();
    };
    await drain();
    await stopping;
    sink.onAccepted = undefined;
    const [{ failed }] = await t.db.query(
      `SELECT count(*)::int AS failed FROM notification WHERE parent_id = $1 AND status = 'failed'`,
      [p.id],
    );
    expect(failed).toBeGreaterThan(0);
    await sink.start(); // same port
    await makeDue();
    await drain();
    const sent: { id: string }[] = await t.db.query(
      `SELECT id FROM notification WHERE parent_id = $1 AND kind = 'activity_invitation' AND status = 'sent'`,
      [p.id],
    );
    expect(sent).toHaveLength(200);
    const copies = sink.received.slice(start).filter((r) => r.to.includes('batch@example.org'));
    const byId = new Map<string, number>();
    for (const c of copies) byId.set(c.messageId, (byId.get(c.messageId) ?? 0) + 1);
    expect([...byId.keys()].sort()).toEqual(sent.map((r) => `<${r.id}@${host}>`).sort());
    // At least once: a message the server took just as it went down may arrive twice; the
    // receiver keeps one per Message-ID. There can be no more repeats than open connections.
    expect(copies.length - byId.size).toBeLessThanOrEqual(4);
  });

  it('writes .eml files to the outbox folder when no SMTP server is configured', async () => {
    const dev = await createTestApp();
    try {
      const school = await aSchool(dev, (await aPlatformAdmin(dev)).token);
      const p = await enroll(
        dev,
        school.coordinator.token,
        school.schoolId,
        aSeeker({ email: 'dev@example.org' }),
      );
      await dev.app.get(WorkerService).drain();
      const [row]: Row[] = await dev.db.query(`SELECT * FROM notification WHERE parent_id = $1`, [
        p.id,
      ]);
      expect(row.status).toBe('sent');
      // The staff's invitations are .eml files there too; the parent's message is named by its id.
      const files = readdirSync(dev.config.outboxDir).filter((f) => f.endsWith('.eml'));
      expect(files).toContain(`${row.id}.eml`);
      const mail = await simpleParser(readFileSync(join(dev.config.outboxDir, `${row.id}.eml`)));
      expect(mail.messageId).toBe(row.message_id);
      expect(header(mail, 'Content-Language')).toBe('ar');
    } finally {
      await dev.close();
    }
  });
});
