/**
 * Export (right of access) and erasure of a parent with a year of history, through the real
 * HTTP path, in a school of 5,000 parents whose audit log and outbox are a year full.
 *
 *   npm run bench:privacy                       5,000 parents, 5 parents with history, 300,000 audit entries
 *   npm run bench:privacy -- --parents 20000 --audit 1000000 --notifications 200000
 *
 * Each of the parents with history has: a buddy pair that ran the year (check-ins), 150
 * messages to them with their text, 40 messages to the buddy about them, 40 activity
 * invitations and sign-ups, 150 links, and 500 audit entries that name them (some only in
 * the details). The goal is under a second for each export and each erasure.
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { benchApp, benchDatabase, numberArg } from './bench-database';
import { seedSchool } from './bench-seed';

const DAY = 86_400_000;

async function history(
  c: Client,
  schoolId: string,
  seekerId: string,
  buddyId: string,
): Promise<void> {
  const yearAgo = new Date(Date.now() - 365 * DAY).toISOString();
  const [{ id: matchId }] = (
    await c.query(
      `INSERT INTO match (school_id, seeker_id, buddy_id, status, score, reasons, created_at, approved_at, activated_at, check_ins,
                          seeker_response, buddy_response)
       VALUES ($1, $2, $3, 'active', 81, $4, $5, $5, $5, $6, 'accepted', 'accepted') RETURNING id`,
      [
        schoolId,
        seekerId,
        buddyId,
        JSON.stringify([
          { code: 'shared_language', params: { language: 'tr' }, staffOnly: false },
          { code: 'experience', params: { situation: 'divorce' }, staffOnly: true },
        ]),
        yearAgo,
        JSON.stringify([
          { parentId: seekerId, answer: 'good', at: yearAgo },
          { parentId: buddyId, answer: 'good', at: yearAgo },
        ]),
      ],
    )
  ).rows as { id: string }[];
  await c.query(
    `UPDATE parent SET status = 'matched', intake_note = 'A year of notes about this family', email = NULL WHERE id = $1`,
    [seekerId],
  );
  // Links, and messages to the parent with their text.
  await c.query(
    `INSERT INTO parent_link (id, school_id, parent_id, purpose, subject_id, token_hash, expires_at)
     SELECT gen_random_uuid(), $1, $2::uuid, 'preferences', NULL, decode(md5(random()::text || g || $2::uuid::text), 'hex'), now() + interval '30 days'
       FROM generate_series(1, 150) g`,
    [schoolId, seekerId],
  );
  await c.query(
    `INSERT INTO notification (school_id, parent_id, kind, idempotency_key, subject_type, subject_id, payload, status,
                               channel, language, recipient, subject, body_text, attempts, next_attempt_at, sent_at, created_at)
     SELECT $1, $2::uuid, CASE WHEN g % 3 = 0 THEN 'check_in' ELSE 'activity_reminder' END, $2::uuid::text || ':bench:' || g, 'match', $3::uuid,
            jsonb_build_object('matchId', $3::uuid::text, 'otherParentId', $4::uuid::text), 'sent', 'email', 'tr', 'bench@example.org',
            'Bench subject ' || g, repeat('Bench message text. ', 80), 1, now(), $5::timestamptz + g * interval '2 days',
            $5::timestamptz + g * interval '2 days'
       FROM generate_series(1, 150) g`,
    [schoolId, seekerId, matchId, buddyId, yearAgo],
  );
  // Messages to the buddy about them (a check-in naming them, queued and sent).
  await c.query(
    `INSERT INTO notification (school_id, parent_id, kind, idempotency_key, subject_type, subject_id, payload, status,
                               subject, body_text, attempts, next_attempt_at, created_at)
     SELECT $1, $2::uuid, 'check_in', $2::uuid::text || ':about:' || $4::uuid::text || ':' || g, 'match', $3::uuid,
            jsonb_build_object('matchId', $3::uuid::text, 'otherParentId', $4::uuid::text, 'weeks', g),
            CASE WHEN g > 35 THEN 'pending' ELSE 'sent' END, 'How is it going', repeat('About the other parent. ', 40), 0,
            now() + g * interval '1 day', $5::timestamptz + g * interval '8 days'
       FROM generate_series(1, 40) g`,
    [schoolId, buddyId, matchId, seekerId, yearAgo],
  );
  // Activities they were invited to and signed up for.
  await c.query(
    `WITH a AS (
       INSERT INTO activity (school_id, kind, title, starts_at, ends_at, location, capacity)
       SELECT $1, 'coffee_morning', 'Coffee morning ' || g, $3::timestamptz + g * interval '9 days',
              $3::timestamptz + g * interval '9 days' + interval '90 minutes', 'Ouderkamer', 30
         FROM generate_series(1, 40) g RETURNING id)
     INSERT INTO activity_invitation (activity_id, parent_id, school_id) SELECT a.id, $2, $1 FROM a`,
    [schoolId, seekerId, yearAgo],
  );
  // Audit entries that name them: on their record, and in the details of lists (ids only).
  await c.query(
    `INSERT INTO audit_log (school_id, actor_type, actor_id, action, entity_type, entity_id, details, at)
     SELECT $1, 'staff', NULL, CASE WHEN g % 2 = 0 THEN 'parent.read' ELSE 'parent.list' END,
            CASE WHEN g % 2 = 0 THEN 'parent' ELSE NULL END, CASE WHEN g % 2 = 0 THEN $2::text ELSE NULL END,
            CASE WHEN g % 2 = 0 THEN NULL ELSE jsonb_build_object('ids', jsonb_build_array($2::text, $3::text)) END,
            $4::timestamptz + g * interval '17 hours'
       FROM generate_series(1, 500) g`,
    [schoolId, seekerId, buddyId, yearAgo],
  );
}

async function main(): Promise<void> {
  const parents = numberArg('parents', 5000);
  const withHistory = numberArg('history', 5);
  const auditRows = numberArg('audit', 300_000);
  const otherMessages = numberArg('notifications', 50_000);
  const db = await benchDatabase('privacy');
  try {
    const { schoolId, email, password } = await seedSchool(db.url, parents);
    const c = new Client({ connectionString: db.url });
    c.on('error', () => undefined); // the database stops at the end, with this client idle
    await c.connect();
    // A year of everyone else's audit entries and messages in the same school.
    await c.query(
      `INSERT INTO audit_log (school_id, actor_type, action, entity_type, entity_id, details, at)
       SELECT $1, 'staff', 'parent.read', 'parent', gen_random_uuid()::text,
              jsonb_build_object('ids', jsonb_build_array(gen_random_uuid(), gen_random_uuid())),
              now() - (g % 365) * interval '1 day'
         FROM generate_series(1, $2::int) g`,
      [schoolId, auditRows],
    );
    await c.query(
      `INSERT INTO notification (school_id, parent_id, kind, idempotency_key, subject_type, subject_id, payload, status,
                                 subject, body_text, attempts, next_attempt_at, created_at)
       SELECT $1, NULL, 'welcome', 'bench-other:' || g, 'parent', gen_random_uuid(), '{"role": "seeker"}', 'sent',
              'Welcome', repeat('Welcome text. ', 60), 1, now(), now() - (g % 365) * interval '1 day'
         FROM generate_series(1, $2::int) g`,
      [schoolId, otherMessages],
    );
    const seekers = (
      await c.query(
        `SELECT id FROM parent WHERE school_id = $1 AND role = 'seeker' AND status = 'waiting' ORDER BY id LIMIT $2`,
        [schoolId, withHistory],
      )
    ).rows as { id: string }[];
    const buddies = (
      await c.query(
        `SELECT id FROM parent WHERE school_id = $1 AND role = 'buddy' AND capacity >= 1 ORDER BY id LIMIT $2`,
        [schoolId, withHistory],
      )
    ).rows as { id: string }[];
    for (let i = 0; i < seekers.length; i++)
      await history(c, schoolId, seekers[i].id, buddies[i].id);
    await c.query('ANALYZE');
    await c.end();
    const app = await benchApp(db.url, { email, password });
    const headers = { authorization: `Bearer ${app.token}` };
    const api = `${app.base}/api/v1/schools/${schoolId}/parents`;
    console.log(
      `${parents} parents, ${auditRows} audit entries and ${otherMessages} other messages in one school; ` +
        `${seekers.length} parents with a year of history (150 messages to them, 40 about them, 40 activities, 500 audit entries naming them)\n`,
    );
    console.log(
      'parent'.padEnd(8),
      'export ms'.padStart(10),
      'summary ms'.padStart(11),
      'erase ms'.padStart(9),
    );
    const all: { exp: number[]; sum: number[]; erase: number[] } = { exp: [], sum: [], erase: [] };
    for (const [i, { id }] of seekers.entries()) {
      const time = async (url: string, method = 'GET'): Promise<number> => {
        const t0 = performance.now();
        const res = await fetch(url, { method, headers });
        await res.arrayBuffer();
        const ms = performance.now() - t0;
        if (res.status !== 200) throw new Error(`${method} ${url}: HTTP ${res.status}`);
        return ms;
      };
      await time(`${api}/${id}/export`); // warm-up
      const exp = await time(`${api}/${id}/export`);
      const sum = await time(`${api}/${id}/export/summary`);
      const erase = await time(`${api}/${id}/erase`, 'POST');
      all.exp.push(exp);
      all.sum.push(sum);
      all.erase.push(erase);
      console.log(
        String(i + 1).padEnd(8),
        exp.toFixed(1).padStart(10),
        sum.toFixed(1).padStart(11),
        erase.toFixed(1).padStart(9),
      );
    }
    const max = (xs: number[]): string => Math.max(...xs).toFixed(1);
    console.log(
      `\nslowest: export ${max(all.exp)} ms, summary ${max(all.sum)} ms, erasure ${max(all.erase)} ms (goal: under 1000 ms each)`,
    );
    await app.close();
  } catch (err) {
    console.error(err);
    process.exitCode = 1;
  } finally {
    await db.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
