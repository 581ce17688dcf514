import { randomBytes } from 'node:crypto';
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config';
import { RetentionService } from '../../src/privacy/retention/retention.service';
import { RetentionTask } from '../../src/privacy/retention/retention.task';
import { WorkerService } from '../../src/worker/worker.service';
import { aBuddy, aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';

const DAY = 86_400_000;

describe('retention by the worker', () => {
  let t: TestApp;
  let s: SchoolFixture;

  beforeAll(async () => {
    t = await createTestApp();
    s = await aSchool(t, (await aPlatformAdmin(t)).token);
  });
  afterAll(() => t.close());

  /** Moves a parent's whole history (record, messages) back in time. */
  async function age(parentId: string, days: number): Promise<void> {
    await t.db.query(
      `UPDATE parent SET updated_at = now() - make_interval(days => $2), created_at = now() - make_interval(days => $2) WHERE id = $1`,
      [parentId, days],
    );
    await t.db.query(
      `UPDATE notification SET created_at = now() - make_interval(days => $2) WHERE parent_id = $1`,
      [parentId, days],
    );
  }

  it('has documented defaults, configurable through the environment', () => {
    const base = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40), LINK_SECRET: 'y'.repeat(40) };
    expect(loadConfig(base).retention).toEqual({
      leftParentDays: 365,
      inactiveParentDays: 1095,
      messageBodyDays: 180,
      linkDays: 30,
      loginThrottleDays: 1,
      outboxDays: 30,
      auditIpDays: 90,
    });
    expect(
      loadConfig({ ...base, RETENTION_LEFT_PARENT_DAYS: '30', RETENTION_AUDIT_IP_DAYS: '7' })
        .retention,
    ).toMatchObject({ leftParentDays: 30, auditIpDays: 7 });
    expect(() => loadConfig({ ...base, RETENTION_INACTIVE_PARENT_DAYS: '5' })).toThrow(
      'RETENTION_INACTIVE_PARENT_DAYS must be between 30 and 3650 (got 5)',
    );
  });

  it('removes what its time is up for, and keeps everything younger', async () => {
    const token = s.coordinator.token;
    const leftLongAgo = await enroll(t, token, s.schoolId, aSeeker({ givenName: 'Vertrokken' }));
    const leftRecently = await enroll(t, token, s.schoolId, aSeeker({ givenName: 'Pasweg' }));
    const inactive = await enroll(t, token, s.schoolId, aBuddy({ givenName: 'Stil' }));
    const active = await enroll(t, token, s.schoolId, aSeeker({ givenName: 'Actief' }));
    await t.app.get(WorkerService).drain(); // the welcome messages go out
    await t.db.query(`UPDATE parent SET status = 'left' WHERE id IN ($1, $2)`, [
      leftLongAgo.id,
      leftRecently.id,
    ]);
    await age(leftLongAgo.id, 400);
    await age(leftRecently.id, 100);
    await age(inactive.id, 1200);
    // An old message to a parent who is still active: its text goes, the row stays.
    await t.db.query(
      `UPDATE notification SET created_at = now() - interval '200 days' WHERE parent_id = $1`,
      [active.id],
    );

    const staffId = s.coordinator.id;
    const passwordTokens = [randomBytes(32), randomBytes(32), randomBytes(32)];
    await t.db.query(
      `INSERT INTO parent_link (id, token_hash, school_id, parent_id, purpose, expires_at)
       VALUES (gen_random_uuid(), $1, $3, $4, 'preferences', now() - interval '40 days'),
              (gen_random_uuid(), $2, $3, $4, 'preferences', now() - interval '10 days')`,
      [randomBytes(32), randomBytes(32), s.schoolId, active.id],
    );
    await t.db.query(
      `INSERT INTO password_link (token_hash, staff_id, purpose, expires_at, used_at)
       VALUES ($1, $4, 'reset', now() - interval '35 days', NULL),
              ($2, $4, 'reset', now() - interval '20 days', now() - interval '31 days'),
              ($3, $4, 'reset', now() + interval '1 hour', NULL)`,
      [...passwordTokens, staffId],
    );
    await t.db.query(
      `INSERT INTO login_throttle (key, failures, window_started_at, locked_until)
       VALUES ('ip:198.51.100.7', 3, now() - interval '2 days', NULL),
              ('email:old@school.nl', 9, now() - interval '3 days', now() + interval '1 hour'),
              ('ip:198.51.100.8', 1, now() - interval '1 hour', NULL)`,
    );
    await t.db.query(
      `INSERT INTO audit_log (at, school_id, actor_type, actor_id, action, entity_type, entity_id, ip)
       VALUES (now() - interval '100 days', $1, 'staff', $2, 'parent.read', 'parent', $3, '203.0.113.9'),
              (now() - interval '10 days', $1, 'staff', $2, 'parent.read', 'parent', $3, '203.0.113.10')`,
      [s.schoolId, staffId, active.id],
    );
    const oldFile = join(t.config.outboxDir, 'old-message.eml');
    const newFile = join(t.config.outboxDir, 'new-message.eml');
    writeFileSync(oldFile, 'To: someone@example.org\n');
    writeFileSync(newFile, 'To: someone@example.org\n');
    const past = new Date(Date.now() - 31 * DAY);
    utimesSync(oldFile, past, past);

    // A finished import job of two days ago (its report names parents) and one of today.
    await t.db.query(
      `INSERT INTO import_job (school_id, status, names, created_at)
       VALUES ($1, 'done', '["Old Name"]', now() - interval '2 days'),
              ($1, 'done', '["New Name"]', now())`,
      [s.schoolId],
    );

    const counts = await t.app.get(RetentionService).run();

    expect(counts).toEqual({
      leftParents: 1,
      inactiveParents: 1,
      messageBodies: 1,
      parentLinks: 1,
      passwordLinks: 2,
      loginThrottles: 1,
      outboxFiles: 1,
      auditIps: 1,
      importJobs: 1,
    });
    const parents: { id: string; erased: boolean; email: string | null }[] = await t.db.query(
      `SELECT id, erased_at IS NOT NULL AS erased, email FROM parent WHERE school_id = $1`,
      [s.schoolId],
    );
    const erased = Object.fromEntries(parents.map((p) => [p.id, p.erased]));
    expect(erased).toEqual({
      [leftLongAgo.id]: true,
      [leftRecently.id]: false,
      [inactive.id]: true,
      [active.id]: false,
    });
    expect(parents.find((p) => p.id === inactive.id)?.email).toBeNull();
    const [audit] = await t.db.query(
      `SELECT actor_type, actor_id FROM audit_log WHERE action = 'parent.erase' AND entity_id = $1`,
      [inactive.id],
    );
    expect(audit).toEqual({ actor_type: 'system', actor_id: 'retention' });

    const [message] = await t.db.query(
      `SELECT status, kind, channel, subject, body_text, body_html, payload, recipient, sent_at IS NOT NULL AS sent
         FROM notification WHERE parent_id = $1`,
      [active.id],
    );
    expect(message).toEqual({
      status: 'sent',
      kind: 'welcome',
      channel: 'email',
      subject: null,
      body_text: null,
      body_html: null,
      payload: {},
      recipient: null,
      sent: true,
    });
    const [{ withBody }] = await t.db.query(
      `SELECT count(*)::int AS "withBody" FROM notification WHERE parent_id = $1 AND body_text IS NOT NULL`,
      [leftRecently.id],
    );
    expect(withBody).toBe(1);

    expect(
      (
        await t.db.query(
          `SELECT count(*)::int AS n FROM parent_link WHERE parent_id = $1 AND expires_at < now()`,
          [active.id],
        )
      )[0].n,
    ).toBe(1);
    expect(
      (
        await t.db.query(
          `SELECT count(*)::int AS n FROM password_link WHERE token_hash = ANY($1)`,
          [passwordTokens],
        )
      )[0].n,
    ).toBe(1);
    expect(
      (await t.db.query(`SELECT key FROM login_throttle ORDER BY key`)).map(
        (r: { key: string }) => r.key,
      ),
    ).toEqual(['email:old@school.nl', 'ip:198.51.100.8']);
    expect(existsSync(oldFile)).toBe(false);
    expect(existsSync(newFile)).toBe(true);
    const ips: { ip: string | null; action: string }[] = await t.db.query(
      `SELECT ip, action FROM audit_log
        WHERE entity_id = $1 AND action = 'parent.read' AND at < now() - interval '5 days' ORDER BY at`,
      [active.id],
    );
    expect(ips).toEqual([
      { ip: null, action: 'parent.read' },
      { ip: '203.0.113.10', action: 'parent.read' },
    ]);
    const [{ oldIps }] = await t.db.query(
      `SELECT count(*)::int AS "oldIps" FROM audit_log WHERE ip IS NOT NULL AND at < now() - interval '90 days'`,
    );
    expect(oldIps).toBe(0);

    // A second run finds nothing left.
    expect(await t.app.get(RetentionService).run()).toEqual({
      leftParents: 0,
      inactiveParents: 0,
      messageBodies: 0,
      parentLinks: 0,
      passwordLinks: 0,
      loginThrottles: 0,
      outboxFiles: 0,
      auditIps: 0,
      importJobs: 0,
    });
    expect(await t.app.get(RetentionTask).runOnce()).toBe(0);
  });

  it('keeps the audit log append-only: only clearing an old IP address is allowed', async () => {
    await t.db.query(
      `INSERT INTO audit_log (at, actor_type, action, ip) VALUES (now() - interval '1 day', 'system', 'test.entry', '192.0.2.1')`,
    );
    await expect(
      t.db.query(`UPDATE audit_log SET action = 'changed' WHERE action = 'test.entry'`),
    ).rejects.toThrow('audit_log is append-only');
    await expect(
      t.db.query(`UPDATE audit_log SET ip = '192.0.2.2' WHERE action = 'test.entry'`),
    ).rejects.toThrow('audit_log is append-only');
    await expect(
      t.db.query(`UPDATE audit_log SET ip = NULL, details = '{}' WHERE action = 'test.entry'`),
    ).rejects.toThrow('audit_log is append-only');
    await expect(t.db.query(`DELETE FROM audit_log WHERE action = 'test.entry'`)).rejects.toThrow(
      'audit_log is append-only',
    );
    await t.db.query(`UPDATE audit_log SET ip = NULL WHERE action = 'test.entry'`);
    const [row] = await t.db.query(`SELECT ip, action FROM audit_log WHERE action = 'test.entry'`);
    expect(row).toEqual({ ip: null, action: 'test.entry' });
  });
});
