import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../../src/database/migrate';
import { SmtpSink } from '../support/smtp-sink';
import { createTestDatabase } from '../support/test-database';

const ROOT = resolve(__dirname, '..', '..');
const MESSAGES = 300;
/** The worker is killed while the message with this number is on the wire. */
const KILL_AT = 130;

interface Worker {
  child: ChildProcess;
  output: () => string;
  ready: Promise<number>;
  exited: Promise<number | null>;
}

/** `PROCESS_ROLE=worker` as its own process (the real src/main.ts), sending to the sink. */
function startWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, ['-r', 'ts-node/register', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      TS_NODE_SWC: 'true',
      TS_NODE_TRANSPILE_ONLY: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let onReady: (at: number) => void = () => undefined;
  const ready = new Promise<number>((r) => (onReady = r));
  const collect = (c: Buffer): void => {
    out += c.toString();
    if (out.includes('worker ready')) onReady(Date.now());
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, ready, exited };
}

async function until(
  check: () => Promise<boolean> | boolean,
  ms: number,
  what: string | (() => string),
) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
}

describe('delivery survives kill -9 of the worker: every parent gets exactly one e-mail', () => {
  let db: Client;
  let drop: () => Promise<void>;
  let sink: SmtpSink;
  let env: Record<string, string>;
  let dataDir: string;
  const workers: Worker[] = [];

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    await runMigrations(database.url);
    db = new Client({ connectionString: database.url });
    await db.connect();
    const [{ id: schoolId }] = (
      await db.query(
        `INSERT INTO school (name, brin, city, kind, default_language, settings)
         VALUES ('Crash School', '98ZZ', 'Utrecht', 'primary', 'nl', '{"matching":{"scope":"school","weights":{},"responseDays":5},"messages":{"bilingual":false,"reminderHour":17}}')
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
    await db.query(
      `INSERT INTO parent (school_id, given_name, languages, dutch_level, message_language, role, capacity, channels, email, consents, status, at_school_since)
       SELECT $1, 'Ouder' || i, '[{"code":"nl","level":"native"}]', 'basic', 'nl', 'seeker', 0,
              '{email}', 'parent' || i || '@crash.example', $2::jsonb, 'waiting', 2024
         FROM generate_series(1, $3) AS i`,
      [schoolId, consent, MESSAGES],
    );
    await db.query(
      `INSERT INTO notification (school_id, parent_id, kind, idempotency_key, subject_type, subject_id, payload, status, attempts, next_attempt_at)
       SELECT school_id, id, 'welcome', id || ':crash', 'parent', id, '{"role":"seeker"}', 'pending', 0, now()
         FROM parent`,
    );
    sink = new SmtpSink();
    await sink.start();
    dataDir = mkdtempSync(join(tmpdir(), 'oudermaatje-crash-'));
    env = {
      NODE_ENV: 'test',
      PROCESS_ROLE: 'worker',
      DATABASE_URL: database.url,
      RUN_MIGRATIONS: 'false',
      SEED_DEMO: 'false',
      DATA_DIR: dataDir,
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      LINK_SECRET: 'test-link-secret-that-is-long-enough-0123',
      PUBLIC_BASE_URL: 'https://oudermaatje.example',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(sink.port),
      SMTP_SECURE: 'false',
      SMTP_MAX_CONNECTIONS: '5',
      WORKER_POLL_MS: '100',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    };
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await sink?.stop();
    await db?.end();
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const sentCount = async (): Promise<number> =>
    (
      (await db.query(`SELECT count(*)::int AS n FROM notification WHERE status = 'sent'`))
        .rows[0] as { n: number }
    ).n;

  it('marks each message as its server accepts it; after SIGKILL mid-batch a restarted worker sends only the rest, at once', async () => {
    // Hold the acknowledgement from message KILL_AT on: the connections stay busy mid-batch.
    let arrived = 0;
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    sink.beforeAccept = () => (++arrived >= KILL_AT ? held : undefined);

    const first = startWorker(env);
    workers.push(first);
    await until(
      () => arrived >= KILL_AT,
      60_000,
      () => `message ${KILL_AT} (${first.output()})`,
    );
    const accepted = sink.received.length;
    expect(accepted).toBeGreaterThanOrEqual(KILL_AT - 1 - 5); // the other connections' last ones
    // Every message the server accepted is recorded as sent while the batch is still going
    // (before the fix the batch was marked only at its end).
    await until(async () => (await sentCount()) === accepted, 10_000, 'the accepted to be marked');
    const [{ sending }] = (
      await db.query(`SELECT count(*)::int AS sending FROM notification WHERE status = 'sending'`)
    ).rows as { sending: number }[];
    expect(sending).toBeGreaterThan(0); // mid-batch

    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    await new Promise((r) => setTimeout(r, 200)); // the sink sees the connections close
    sink.beforeAccept = undefined;
    release(); // the held messages were never acknowledged: the server drops them
    expect(sink.received).toHaveLength(accepted);

    const second = startWorker(env);
    workers.push(second);
    const readyAt = await second.ready;
    await until(() => sink.received.length >= MESSAGES, 30_000, 'the rest to arrive');
    const doneAt = Date.now();
    // Within seconds of the restart, not after the 120 s lease.
    expect(doneAt - readyAt).toBeLessThan(10_000);
    await until(async () => (await sentCount()) === MESSAGES, 5_000, 'all marked sent');

    const perRecipient = new Map<string, number>();
    for (const r of sink.received)
      for (const to of r.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    expect(perRecipient.size).toBe(MESSAGES);
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
    expect(sink.received).toHaveLength(MESSAGES);

    const rows = (
      await db.query(
        `SELECT status, attempts, count(*)::int AS n FROM notification GROUP BY status, attempts ORDER BY attempts`,
      )
    ).rows as { status: string; attempts: number; n: number }[];
    // The messages the killed worker had claimed but not handed over count one attempt.
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(rows[0]).toMatchObject({ attempts: 0 });
    expect(rows[1]).toMatchObject({ attempts: 1 });
    expect(rows[0].n + rows[1].n).toBe(MESSAGES);
    const [{ beats }] = (await db.query(`SELECT count(*)::int AS beats FROM worker_heartbeat`))
      .rows as { beats: number }[];
    expect(beats).toBe(1); // the killed worker's heartbeat was removed by its successor

    // What compose's worker health check runs: a worker on this host beats.
    const health = spawn(
      process.execPath,
      ['-r', 'ts-node/register', 'src/cli.ts', 'worker-health'],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          TS_NODE_SWC: 'true',
          TS_NODE_TRANSPILE_ONLY: 'true',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let said = '';
    health.stdout.on('data', (c: Buffer) => (said += c.toString()));
    const [code] = (await once(health, 'exit')) as [number | null];
    expect(said).toMatch(/^Worker alive \(last heartbeat \d+\.\d s ago\)\n$/);
    expect(code).toBe(0);
  }, 120_000);
});
