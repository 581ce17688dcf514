import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { NotificationDeliveryTask } from '../../src/notifications/notification-delivery.task';
import { anActivity, schedule, withActivityConsent } from '../factories/activity.factory';
import { aBuddy, aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture, schoolApi } from '../factories/staff.factory';
import { formTokenIn, linkOf } from '../support/parent-link';
import { createTestApp, TestApp } from '../support/test-app';
import { workspaceAgent } from '../support/workspace';

/** Every line the application logged, as written (JSON lines). */
class LogCapture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

const NAME = 'Zeynepnur';
const FAMILY = 'Karagözoğlu';
const EMAIL = 'zeynepnur.karagozoglu@example.org';
const NOTE_WORDS = ['Wolkenkrabbermediator', 'Zonnebloemveld'];
/** Her phone as people write it, as it is stored, and as it could appear in a text. */
const PHONES = ['+31648123457', '0648123457', '06 48 12 34 57', '06-48123457', '648123457'];
const NEEDLES = [NAME, FAMILY, EMAIL, 'zeynepnur.karagozoglu', 'PRIV-1', ...PHONES, ...NOTE_WORDS];

/** Every e-mail and SMS file of the outbox folder, with quoted-printable and base64 parts decoded. */
function outboxTexts(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const raw = readFileSync(path, 'utf8');
        const qp = Buffer.from(
          raw
            .replace(/=\r?\n/g, '')
            .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8');
        const b64 = (raw.match(/(?:^[A-Za-z0-9+/=]{20,}\r?\n)+/gm) ?? [])
          .map((block) => Buffer.from(block.replace(/\s+/g, ''), 'base64').toString('utf8'))
          .join('\n');
        out.push({ file: path, text: `${raw}\n${qp}\n${b64}` });
      }
    }
  };
  walk(dir);
  return out;
}

describe('erasure leaves nothing personal', () => {
  let t: TestApp;
  let s: SchoolFixture;
  const logs = new LogCapture();

  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'info' }, { logDestination: logs });
    s = await aSchool(t, (await aPlatformAdmin(t)).token);
  });
  afterAll(() => t.close());

  const api = (method: 'get' | 'post' | 'patch' | 'delete', path: string) =>
    schoolApi(t, s.schoolId, s.coordinator.token)(method, path);
  const deliver = async (): Promise<void> => {
    const task = t.app.get(NotificationDeliveryTask);
    while ((await task.runOnce()) > 0);
  };

  /** Every text, varchar, array and JSON column of every table that holds one of the needles. */
  async function searchDatabase(): Promise<string[]> {
    const columns: { table_name: string; column_name: string }[] = await t.db.query(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c
         JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND tb.table_type = 'BASE TABLE'
          AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
               OR c.udt_name IN ('_text', '_varchar', '_jsonb'))`,
    );
    expect(columns.length).toBeGreaterThan(40);
    const found: string[] = [];
    const patterns = NEEDLES.map((x) => `%${x}%`);
    for (const { table_name, column_name } of columns) {
      const hits: { v: string }[] = await t.db.query(
        `SELECT "${column_name}"::text AS v FROM "${table_name}" WHERE "${column_name}"::text ILIKE ANY($1) LIMIT 3`,
        [patterns],
      );
      for (const h of hits) found.push(`${table_name}.${column_name}: ${h.v.slice(0, 200)}`);
    }
    return found;
  }

  it('erases a parent with a year of history and then no table, outbox file or log line holds her', async () => {
    // An import row makes her a parent of the school.
    const csv = [
      'external_id;given_name;family_name;household;role;capacity;languages;dutch_level;message_language;channels;email;phone;situations;consent_matching;consent_share_contact',
      `PRIV-1;${NAME};${FAMILY};;seeker;;tr:native|nl:basic;basic;tr;email;${EMAIL};06 48 12 34 57;divorce:seeking:shared;ja;ja`,
    ].join('\r\n');
    const imported = await t
      .http()
      .post(`/api/v1/schools/${s.schoolId}/parents/import`)
      .set('authorization', `Bearer ${s.coordinator.token}`)
      .set('content-type', 'text/csv')
      .send(csv);
    expect([200, 201, 202]).toContain(imported.status);
    let rows: { id: string }[] = [];
    for (let i = 0; i < 50 && !rows.length; i++) {
      rows = await t.db.query(`SELECT id FROM parent WHERE external_ref = 'PRIV-1'`);
      if (!rows.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(rows).toHaveLength(1);
    const herId = rows[0].id;
    // Her intake note, consent for activities and for SMS given, then SMS withdrawn again.
    let current = (await api('get', `/parents/${herId}`).expect(200)).body;
    current = (
      await api('patch', `/parents/${herId}`)
        .send({
          version: current.version,
          intakeNote: `Scheiding via ${NOTE_WORDS[0]}; woont bij ${NOTE_WORDS[1]}`,
          channels: ['email', 'sms'],
          consents: [
            { purpose: 'activities', granted: true, method: 'in_person' },
            { purpose: 'messages_email', granted: true, method: 'in_person' },
            { purpose: 'messages_sms', granted: true, method: 'in_person' },
          ],
        })
        .expect(200)
    ).body;
    await api('patch', `/parents/${herId}`)
      .send({
        version: current.version,
        consents: [{ purpose: 'messages_sms', granted: false, method: 'phone' }],
      })
      .expect(200);

    const buddy = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      withActivityConsent(
        aBuddy({
          givenName: 'Lotte',
          languages: [
            { code: 'tr', level: 'native' },
            { code: 'nl', level: 'native' },
          ],
          situations: [{ code: 'divorce', stance: 'experienced' }],
        }),
      ),
    );
    // A match through to check-ins: proposal, approval, both say yes, a check-in answered.
    const [proposal] = (await api('post', '/matching/runs?wait=true').expect(201)).body.proposals;
    expect(proposal).toBeDefined();
    await api('post', `/matches/${proposal.id}/approve`).expect(200);
    await deliver();
    for (const parentId of [herId, buddy.id])
      await api('post', `/matches/${proposal.id}/responses`)
        .send({ parentId, response: 'accept' })
        .expect(200);
    await deliver();
    // The buddy's "you are now buddies" carried her e-mail address (both agreed to share).
    const [told] = await t.db.query(
      `SELECT body_text FROM notification WHERE parent_id = $1 AND kind = 'both_accepted'`,
      [buddy.id],
    );
    expect(told.body_text).toContain(EMAIL);
    await t.db.query(
      `UPDATE notification SET next_attempt_at = now() WHERE kind = 'check_in' AND idempotency_key LIKE '%week-2'`,
    );
    await deliver();
    const checkIn = await linkOf(t, herId, 'check_in');
    const page = await t.http().get(checkIn).expect(200);
    await t
      .http()
      .post(checkIn)
      .type('form')
      .send({ form: formTokenIn(page.text), action: 'good' })
      .expect(303);
    // The buddy now prefers to be called: the next message about her becomes a consultant's task.
    const b = (await api('get', `/parents/${buddy.id}`).expect(200)).body;
    await api('patch', `/parents/${buddy.id}`)
      .send({ version: b.version, prefersSpoken: true })
      .expect(200);
    await t.db.query(
      `UPDATE notification SET next_attempt_at = now() WHERE parent_id = $1 AND kind = 'check_in' AND idempotency_key LIKE '%week-6'`,
      [buddy.id],
    );
    await deliver();
    const [task] = await t.db.query(
      `SELECT status FROM notification WHERE parent_id = $1 AND kind = 'check_in' AND idempotency_key LIKE '%week-6'`,
      [buddy.id],
    );
    expect(task.status).toBe('task');
    // Activities: invited with her buddy, signed up by staff.
    const activity = await schedule(t, s.coordinator.token, s.schoolId, anActivity());
    await api('post', `/activities/${activity.id}/invitations`)
      .send({ audience: 'parents', parentIds: [herId], withBuddies: true })
      .expect(200);
    const signUp = await api('post', `/activities/${activity.id}/rsvps`).send({ parentId: herId });
    expect([200, 201]).toContain(signUp.status);
    await deliver();
    const [invitation] = await t.db.query(
      `SELECT id, body_text FROM notification WHERE parent_id = $1 AND kind = 'activity_invitation'`,
      [buddy.id],
    );
    expect(invitation.body_text).toContain(NAME);
    // Her own parent page was opened (a link token in a path the log must not show).
    await t.http().get(checkIn).expect(200);
    // A check-in to the buddy about her is still queued (week 6 for her side too).
    const [{ n: queued }] = await t.db.query(
      `SELECT count(*)::int AS n FROM notification WHERE kind = 'check_in' AND status = 'pending'`,
    );
    expect(queued).toBeGreaterThan(0);
    const before = (await api('get', '/dashboard').expect(200)).body;

    // The report of a CSV import as the workspace keeps it for a day: her name by line, her
    // row with the school's own id for her (next to another parent's row, which stays).
    await t.db.query(
      `INSERT INTO import_job (school_id, status, total, done, filename, report, names)
       VALUES ($1, 'done', 2, 2, 'ouders.csv', $2, $3)`,
      [
        s.schoolId,
        JSON.stringify({
          rows: [
            { line: 2, externalId: 'PRIV-1', result: 'created', parentId: herId },
            { line: 3, externalId: 'L-77', result: 'created', parentId: buddy.id },
          ],
          created: 2,
        }),
        JSON.stringify({ '2': `${NAME} ${FAMILY}`, '3': 'Lotte' }),
      ],
    );
    const [{ n: withIp }] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE actor_type = 'parent' AND actor_id = $1 AND ip IS NOT NULL`,
      [herId],
    );
    expect(withIp).toBeGreaterThan(0);
    // The search finds her before erasure (in other parents' messages, the outbox, her record).
    expect((await searchDatabase()).length).toBeGreaterThan(3);
    expect(
      outboxTexts(t.config.outboxDir).filter(({ text }) => text.includes(NAME)).length,
    ).toBeGreaterThan(3);
    expect(logs.text).toContain('/p/…');
    // Right of access first (timed), then erasure (timed).
    let started = process.hrtime.bigint();
    const exported = await api('get', `/parents/${herId}/export`).expect(200);
    const exportMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(exported.body.parent.givenName).toBe(NAME);
    // Complete: the reasons she was told, messages to others about her, every audit entry about her.
    expect(exported.body.matches).toHaveLength(1);
    expect(exported.body.matches[0].reasons.length).toBeGreaterThan(0);
    expect(
      exported.body.matches[0].reasons.every((r: { staffOnly?: boolean }) => !r.staffOnly),
    ).toBe(true);
    expect(
      [...new Set(exported.body.messagesAbout.map((m: { kind: string }) => m.kind))].sort(),
    ).toEqual(['activity_invitation', 'both_accepted', 'check_in', 'intro_buddy']);
    expect(exported.body.messagesAbout[0]).not.toHaveProperty('recipient');
    const actions = exported.body.auditLog.map((e: { action: string }) => e.action);
    // activity.invite names her only in its details; match.* entries are about her pair;
    // match.check_in was given by her through her link.
    expect(actions).toEqual(
      expect.arrayContaining([
        'parent.create',
        'parent.update',
        'match.approve',
        'match.accept',
        'match.check_in',
        'activity.invite',
        'activity.rsvp',
      ]),
    );
    // Readable: a printable summary in her own language (Turkish), from the API and the workspace.
    const summary = await api('get', `/parents/${herId}/export/summary`).expect(200);
    expect(summary.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(summary.text).toContain('<html lang="tr" dir="ltr">');
    expect(summary.text).toContain(`<dd>${NAME} ${FAMILY}</dd>`);
    expect(summary.text).toContain('Lotte sizin veli arkadaşınız.');
    expect(summary.text).toContain('<dt>Sizin için bir veli arkadaşı aramak</dt>');
    const { agent } = await workspaceAgent(t, s.coordinator.email);
    const record = await agent.get(`/schools/${s.schoolId}/parents/${herId}`).expect(200);
    expect(record.text).toContain(`/schools/${s.schoolId}/parents/${herId}/export/summary`);
    const fromWorkspace = await agent
      .get(`/schools/${s.schoolId}/parents/${herId}/export/summary`)
      .expect(200);
    expect(fromWorkspace.text).toContain('Sizin hakkınızda');
    started = process.hrtime.bigint();
    await api('post', `/parents/${herId}/erase`).expect(200);
    const eraseMs = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(
      `privacy timings (a parent with a year of history): export ${exportMs.toFixed(0)} ms, erasure ${eraseMs.toFixed(0)} ms`,
    );
    expect(exportMs).toBeLessThan(1000);
    expect(eraseMs).toBeLessThan(1000);
    await deliver();

    // Every text, varchar, array and JSON column of every table.
    const found = await searchDatabase();
    expect(found).toEqual([]);
    // The outbox folder.
    const files = outboxTexts(t.config.outboxDir);
    expect(files.length).toBeGreaterThan(0);
    const inFiles = files.flatMap(({ file, text }) =>
      NEEDLES.filter((x) => text.toLowerCase().includes(x.toLowerCase())).map(
        (x) => `${file}: ${x}`,
      ),
    );
    expect(inFiles).toEqual([]);
    // The log: no name, contact or note, no link token, no e-mail address or phone at all.
    expect(logs.text.length).toBeGreaterThan(1000);
    const inLog = NEEDLES.filter((x) => logs.text.toLowerCase().includes(x.toLowerCase()));
    expect(inLog).toEqual([]);
    expect(logs.text).not.toMatch(/\/p\/[A-Za-z0-9_-]{8,}/);
    expect(logs.text).not.toMatch(/[\w.+-]+@example\.org/);

    const [job] = await t.db.query(`SELECT report, names FROM import_job WHERE school_id = $1`, [
      s.schoolId,
    ]);
    expect(job.names).toEqual({ '3': 'Lotte' });
    expect(job.report.rows).toEqual([
      { line: 2, externalId: null, result: 'created', parentId: herId },
      { line: 3, externalId: 'L-77', result: 'created', parentId: buddy.id },
    ]);
    // Her own answers through her link stay in the audit log, without her IP address.
    const byHer = await t.db.query(
      `SELECT action, ip FROM audit_log WHERE actor_type = 'parent' AND actor_id = $1`,
      [herId],
    );
    expect(byHer.length).toBeGreaterThan(0);
    expect(byHer.filter((e: { ip: string | null }) => e.ip !== null)).toEqual([]);
    // What the figures need stays: her anonymous shell, the pair (ended), the sign-up facts.
    const [shell] = await t.db.query(`SELECT status, languages, role FROM parent WHERE id = $1`, [
      herId,
    ]);
    expect(shell).toEqual({
      status: 'left',
      languages: [
        { code: 'tr', level: 'native' },
        { code: 'nl', level: 'basic' },
      ],
      role: 'seeker',
    });
    const [pair] = await t.db.query(`SELECT status, end_reason FROM match WHERE id = $1`, [
      proposal.id,
    ]);
    expect(pair).toEqual({ status: 'ended', end_reason: 'erased' });
    const [{ n: pending }] = await t.db.query(
      `SELECT count(*)::int AS n FROM notification WHERE subject_id = $1 AND status = 'pending'`,
      [proposal.id],
    );
    expect(pending).toBe(0);
    const after = (await api('get', '/dashboard').expect(200)).body;
    // The overview still counts the pair that was made, introduced, active (now ended), and
    // her check-in; it no longer lists her by name.
    const month = (d: typeof before) =>
      d.trends.months[d.trends.months.length - 1] as Record<string, number>;
    for (const k of ['proposed', 'introduced', 'active'])
      expect(month(after)[k]).toBe(month(before)[k]);
    expect(after.trends.checkIns).toEqual(before.trends.checkIns);
    expect(after.figures.endedPairs).toBe(before.figures.endedPairs + 1);
    expect(JSON.stringify(after)).not.toContain(NAME);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
  });

  it('DELETE of a parent removes at least what erasure removes (other parents’ messages about her too)', async () => {
    const seeker = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({
        givenName: 'Wilhelmientje',
        email: 'wilhelmientje@example.org',
        languages: [{ code: 'pl', level: 'native' }],
        messageLanguage: 'pl',
      }),
    );
    const buddy = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aBuddy({ givenName: 'Bram', languages: [{ code: 'pl', level: 'native' }] }),
    );
    const run = (await api('post', '/matching/runs?wait=true').expect(201)).body.proposals as {
      id: string;
      seeker: { id: string };
    }[];
    const proposal = run.find((p) => p.seeker.id === seeker.id)!;
    await api('post', `/matches/${proposal.id}/approve`).expect(200);
    await deliver();
    const [intro] = await t.db.query(
      `SELECT id, body_text FROM notification WHERE parent_id = $1 AND kind = 'intro_buddy'`,
      [buddy.id],
    );
    expect(intro.body_text).toContain('Wilhelmientje');
    await api('delete', `/parents/${seeker.id}`).expect(204);
    const hits = await t.db.query(
      `SELECT id FROM notification WHERE coalesce(subject, '') || coalesce(body_text, '') || payload::text ILIKE '%Wilhelmientje%'`,
    );
    expect(hits).toEqual([]);
    expect(outboxTexts(t.config.outboxDir).filter((f) => f.text.includes('Wilhelmientje'))).toEqual(
      [],
    );
  });
});
