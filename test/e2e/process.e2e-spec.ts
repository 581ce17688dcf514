import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { freePort } from '../support/free-port';

const ROOT = resolve(__dirname, '..', '..');

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `npm start` as a newcomer runs it: the built service on an embedded PostgreSQL in DATA_DIR. */
function start(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      LOG_FORMAT: 'json',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

describe('the service as a process: start, stop, restart with the data kept', () => {
  let dir: string;
  let env: Record<string, string>;
  let base: string;
  let running: Running | undefined;

  beforeAll(async () => {
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/@swc/cli/bin/swc.js'),
        'src',
        'migrations',
        '-d',
        'dist',
        '--quiet',
      ],
      { cwd: ROOT },
    );
    dir = mkdtempSync(join(tmpdir(), 'oudermaatje-process-'));
    chmodSync(dir, 0o755);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      DATA_DIR: join(dir, 'data'),
      PORT: String(port),
      HOST: '127.0.0.1',
      EMBEDDED_PG_PORT: String(await freePort()),
    };
  }, 60_000);
  afterAll(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGTERM');
      await running.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const ready = () =>
    until(async () => (await fetch(`${base}/health/ready`)).status === 200, 60_000);

  it('starts from nothing, keeps data across a clean stop, and recovers from kill -9', async () => {
    running = start(env);
    await ready();
    await until(
      async () => /consulent@demo\.oudermaatje\.nl\s+[A-Za-z0-9_-]+/.test(running!.output()),
      5_000,
    );
    const password = /consulent@demo\.oudermaatje\.nl\s+([A-Za-z0-9_-]+)/.exec(
      running.output(),
    )?.[1];
    expect(password).toBeDefined();
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'consulent@demo.oudermaatje.nl', password }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}` };
    const me = (await (await fetch(`${base}/api/v1/me`, { headers: auth })).json()) as {
      schools: { id: string }[];
    };
    const parents = `${base}/api/v1/schools/${me.schools[0].id}/parents`;
    const count = async () =>
      ((await (await fetch(parents, { headers: auth })).json()) as { total: number }).total;
    const before = await count();
    expect(before).toBe(7); // the demo parents

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    expect(running.output()).toContain('Stopped cleanly');
    expect(existsSync(join(env.DATA_DIR, 'postgres', 'postmaster.pid'))).toBe(false);

    running = start(env);
    await ready();
    expect(await count()).toBe(before); // same data, same secrets: the old token still works
    expect(running.output()).not.toContain('Demo school created');

    running.child.kill('SIGKILL'); // leaves an orphaned postgres and its lock behind
    await running.exited;
    running = start(env);
    await ready();
    expect(running.output()).toMatch(/orphaned embedded PostgreSQL|stale PostgreSQL lock/);
    expect(await count()).toBe(before);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  }, 120_000);

  it('refuses to start with a wrong setting, naming it in one line', async () => {
    const bad = start({ ...env, PORT: 'eighty' });
    expect(await bad.exited).toBe(1);
    expect(bad.output().trim()).toBe(
      'Configuration error: PORT must be a whole number (got "eighty")',
    );
  });

  it('logs every request line with its request id, and never a parent link token', async () => {
    running = start({ ...env, LOG_LEVEL: 'info' });
    await ready();
    // The log is written asynchronously: wait for the line rather than race it.
    await until(
      async () =>
        running!.output().includes('Lost a password? npm run cli -- reset-password --email'),
      5_000,
    );
    const token = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5';
    await fetch(`${base}/p/${token}`, { headers: { 'x-request-id': 'trace-link-0001' } });
    await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-login-0001' },
      body: JSON.stringify({ email: 'nobody@school.example', password: 'wrong password!' }),
    });
    await until(async () => running!.output().includes('trace-login-0001'), 5_000);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    const out = running.output();
    expect(out).not.toContain(token);
    expect(out).not.toContain('nobody@school.example');
    const lines = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { req?: { url: string }; requestId?: string });
    const link = lines.filter((l) => l.requestId === 'trace-link-0001');
    expect(link.map((l) => l.req?.url)).toContain('/p/…');
    const requestLines = lines.filter((l) => l.req);
    expect(requestLines.length).toBeGreaterThanOrEqual(2);
    expect(requestLines.every((l) => typeof l.requestId === 'string')).toBe(true);
  }, 60_000);

  it('stops with one line naming EMBEDDED_PG_PORT when the embedded database port is taken', async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGTERM');
      await running.exited;
    }
    const pgPort = String(await freePort());
    const blocker = createServer().listen(Number(pgPort), '127.0.0.1');
    await once(blocker, 'listening');
    try {
      const taken = start({ ...env, EMBEDDED_PG_PORT: pgPort });
      expect(await taken.exited).toBe(1);
      expect(taken.output().trim().split('\n').pop()).toBe(
        `oudermaatje could not start: Port ${pgPort} for the embedded PostgreSQL is taken by another program: set EMBEDDED_PG_PORT to a free port (or DATABASE_URL to use another PostgreSQL).`,
      );
    } finally {
      blocker.close();
    }
  }, 60_000);
});
