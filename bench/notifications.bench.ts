/**
 * Benchmark of message delivery through the real worker path: outbox rows in PostgreSQL,
 * claim (FOR UPDATE SKIP LOCKED), load parents, render per language, send over pooled SMTP
 * to a local SMTP server (its own process), mark the batch sent.
 *
 *   npm run bench:notifications                       5,000 messages, 2 delivery loops
 *   npm run bench:notifications -- --messages 20000 --loops 1 --connections 8 --batch 200
 *
 * Uses DATABASE_URL when set (a fresh database is created on that server), otherwise starts
 * an embedded PostgreSQL in a temporary folder.
 */
import { ChildProcess, fork } from 'node:child_process';

import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { createApp } from '../src/bootstrap';
import { loadConfig } from '../src/config/config';
import { createLogger } from '../src/common/logging/app-logger';
import { EmbeddedDatabase } from '../src/database/embedded-database';
import { runMigrations } from '../src/database/migrate';
import { DELIVERY_POLICY, DeliveryPolicy } from '../src/notifications/delivery-policy';
import { NotificationDeliveryTask } from '../src/notifications/notification-delivery.task';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
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

// ---------------------------------------------------------------------------------------------
// The SMTP server runs in a child process, as a real one would be on another machine.

function runSink(port: number): void {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  server.server.on('connection', (socket: import('node:net').Socket) => socket.setNoDelay(true));
  server.listen(port, '127.0.0.1', () => process.send?.({ ready: true }));
  process.on('message', (m: { count?: boolean }) => {
    if (m.count) process.send?.({ received });
  });
}

/**
 * A lean SMTP server (RFC 5321 subset: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT, with
 * pipelining): it costs a fraction of the JavaScript smtp-server's CPU, so on 2 cores the
 * figure shows the delivery path rather than the test server (as with a C mail server on
 * another machine). Choose it with --lean.
 */
function runLeanSink(port: number): void {
  let received = 0;
  const server = createNetServer((socket) => {
    socket.setNoDelay(true);
    socket.write('220 bench ESMTP\r\n');
    let buffer = '';
    let inData = false;
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      const replies: string[] = [];
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) {
            // keep only a tail that could start the terminator
            if (buffer.length > 8) buffer = buffer.slice(-8);
            break;
          }
          buffer = buffer.slice(end + 5);
          inData = false;
          received++;
          replies.push('250 2.0.0 queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) break;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO')
          replies.push('250-bench', '250-PIPELINING', '250-8BITMIME', '250 SMTPUTF8');
        else if (verb === 'DATA') {
          replies.push('354 go ahead');
          inData = true;
        } else if (verb === 'QUIT') {
          socket.end('221 bye\r\n');
          return;
        } else replies.push('250 ok');
      }
      if (replies.length) socket.write(`${replies.join('\r\n')}\r\n`);
    });
    socket.on('error', () => undefined);
  });
  server.listen(port, '127.0.0.1', () => process.send?.({ ready: true }));
  process.on('message', (m: { count?: boolean }) => {
    if (m.count) process.send?.({ received });
  });
}

function startSink(port: number): Promise<ChildProcess> {
  const child = fork(
    __filename,
    ['--sink', String(port), ...(process.argv.includes('--lean') ? ['--lean'] : [])],
    {
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      stdio: 'inherit',
    },
  );
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('error', reject);
  });
}

function sinkCount(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m: { received: number }) => resolve(m.received));
    child.send({ count: true });
  });
}

// ---------------------------------------------------------------------------------------------
// Data: one school, N parents in mixed languages, one message each of mixed kinds.

const LANGUAGES = ['nl', 'ar', 'pl', 'tr', 'uk', 'en', 'fa', 'ti', 'so', 'ru'];
const ACTIVITY = {
  activityId: '7b0b9c1e-2f7a-4a43-9d59-0c3f5c2d1a11',
  title: 'Koffieochtend',
  kind: 'coffee_morning',
  startsAt: '2026-03-10T08:30:00.000Z',
  endsAt: '2026-03-10T10:00:00.000Z',
  location: 'Aula',
  languages: ['nl', 'ar'],
  interpreter: true,
  childcare: false,
  costCents: null,
};
const PAYLOADS: [string, object][] = [
  ['welcome', { role: 'seeker' }],
  [
    'intro_seeker',
    {
      matchId: 'm',
      otherName: 'Anna',
      responseDays: 5,
      reasons: [
        { code: 'shared_language', params: { language: 'ar' } },
        { code: 'newcomer_with_experienced', params: { count: 3 } },
      ],
    },
  ],
  ['activity_invitation', { ...ACTIVITY, placesLeft: 5 }],
  ['activity_waitlisted', { ...ACTIVITY, ahead: 4 }],
  ['activity_confirmed', ACTIVITY],
  ['check_in', { matchId: 'm', otherName: 'Anna', weeks: 2 }],
];

async function seed(url: string, messages: number): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const [{ id: schoolId }] = (
      await c.query(
        `INSERT INTO school (name, brin, city, kind, default_language, settings)
         VALUES ('Bench School', '99ZZ', 'Utrecht', 'primary', 'nl', '{"matching":{"scope":"school","weights":{},"responseDays":5},"messages":{"bilingual":false,"reminderHour":17}}')
         RETURNING id`,
      )
    ).rows as { id: string }[];
    const consent = JSON.stringify({
      messages_email: {
        granted: true,
        at: new Date().toISOString(),
        method: 'in_person',
        recordedBy: null,
      },
    });
    await c.query(
      `INSERT INTO parent (school_id, given_name, languages, dutch_level, message_language, role, capacity, channels, email, consents, status, at_school_since)
       SELECT $1, 'Ouder' || i, jsonb_build_array(jsonb_build_object('code', ($2::text[])[1 + i % $3], 'level', 'native')), 'basic',
              ($2::text[])[1 + i % $3], 'seeker', 0, '{email}', 'parent' || i || '@bench.example', $4::jsonb, 'waiting', 2024
         FROM generate_series(0, $5 - 1) AS i`,
      [schoolId, LANGUAGES, LANGUAGES.length, consent, messages],
    );
    await c.query(
      `INSERT INTO parent_link (id, token_hash, school_id, parent_id, purpose, expires_at)
       SELECT gen_random_uuid(), sha256(id::text::bytea), school_id, id, 'preferences', now() + interval '60 days' FROM parent`,
    );
    await c.query(
      `INSERT INTO notification (school_id, parent_id, kind, idempotency_key, subject_type, subject_id, payload, link_id, status, attempts, next_attempt_at)
       SELECT p.school_id, p.id, k.kind, p.id || ':bench', 'parent', p.id, k.payload, l.id, 'pending', 0, now()
         FROM (SELECT p.*, row_number() OVER (ORDER BY p.id) AS n FROM parent p) p
         JOIN parent_link l ON l.parent_id = p.id
         JOIN (SELECT x.ordinality - 1 AS i, x.value->>0 AS kind, x.value->1 AS payload FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(value, ordinality)) k ON k.i = p.n % $2::int`,
      [JSON.stringify(PAYLOADS), PAYLOADS.length],
    );
    await c.query('ANALYZE');
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const messages = arg('messages', 5000);
  const loops = arg('loops', 2);
  const connections = arg('connections', 8);
  const batch = arg('batch', 100);
  const log = (line: string): void => void process.stderr.write(`${line}\n`);

  let embedded: EmbeddedDatabase | undefined;
  let folder: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    folder = mkdtempSync(join(tmpdir(), 'oudermaatje-bench-'));
    chmodSync(folder, 0o755);
    embedded = new EmbeddedDatabase({
      dir: join(folder, 'pg'),
      port: await freePort(),
      database: 'bench',
      persistent: false,
      log,
    });
    await embedded.start();
    adminUrl = embedded.url;
  }
  const dbName = `bench_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const smtpPort = await freePort();
  const sink = await startSink(smtpPort);
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    await runMigrations(url.toString());
    let t = performance.now();
    await seed(url.toString(), messages);
    log(`seeded ${messages} parents and messages in ${Math.round(performance.now() - t)} ms`);

    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: url.toString(),
      JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
      LINK_SECRET: 'bench-link-secret-that-is-long-enough-01234',
      DATA_ENCRYPTION_KEY: 'bench-data-key-that-is-long-enough-0123456789',
      PUBLIC_BASE_URL: 'https://oudermaatje.example',
      WORKER_AUTOSTART: 'false',
      PROCESS_ROLE: 'worker',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_SECURE: 'false',
      SMTP_MAX_CONNECTIONS: String(connections),
      DATABASE_POOL_SIZE: '10',
      SEED_DEMO: 'false',
    });
    app = await createApp(config, createLogger(config));
    await app.init();
    const policy = app.get<DeliveryPolicy>(DELIVERY_POLICY);
    policy.batchSize = batch;
    const task = app.get(NotificationDeliveryTask);

    t = performance.now();
    const cpu = process.cpuUsage();
    const handled = await Promise.all(
      Array.from({ length: loops }, async () => {
        let n = 0;
        for (let k = await task.runOnce(); k > 0; k = await task.runOnce()) n += k;
        return n;
      }),
    );
    const ms = performance.now() - t;
    const { user, system } = process.cpuUsage(cpu);
    const received = await sinkCount(sink);
    const check = new Client({ connectionString: url.toString() });
    await check.connect();
    const statuses = (
      await check.query(
        `SELECT status, count(*)::int AS n FROM notification GROUP BY status ORDER BY status`,
      )
    ).rows as { status: string; n: number }[];
    const languages = (
      await check.query(`SELECT count(DISTINCT language)::int AS n FROM notification`)
    ).rows as { n: number }[];
    await check.end();
    const total = handled.reduce((a, b) => a + b, 0);
    console.log(
      JSON.stringify({
        messages,
        handled: total,
        receivedBySmtp: received,
        statuses: Object.fromEntries(statuses.map((s) => [s.status, s.n])),
        languages: languages[0].n,
        loops,
        smtpServer: process.argv.includes('--lean') ? 'lean' : 'smtp-server',
        smtpConnections: connections,
        batch,
        seconds: Number((ms / 1000).toFixed(2)),
        messagesPerSecond: Math.round((total / ms) * 1000),
        // CPU time of this (the worker's) process per message: steadier than the rate on a
        // shared machine, where the rate also depends on what else runs.
        workerCpuMsPerMessage: Number(((user + system) / 1000 / total).toFixed(3)),
      }),
    );
  } finally {
    await app?.close();
    sink.kill();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    await embedded?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv.includes('--sink')) {
  const port = Number(process.argv[process.argv.indexOf('--sink') + 1]);
  if (process.argv.includes('--lean')) runLeanSink(port);
  else runSink(port);
} else
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
