import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { EmbeddedDatabase } from '../src/database/embedded-database';
import { runMigrations } from '../src/database/migrate';
import { freePort } from '../test/support/free-port';

export { freePort };

/**
 * A fresh, migrated database for a benchmark: a new database on DATABASE_URL's server when
 * set, else an embedded PostgreSQL in a temporary folder. stop() removes what it made.
 */
export async function benchDatabase(
  name: string,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const given = process.env.DATABASE_URL;
  if (given) {
    const db = `bench_${name}_${Date.now()}`;
    const admin = new Client({ connectionString: given });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${db}`);
    await admin.end();
    const url = new URL(given);
    url.pathname = `/${db}`;
    await runMigrations(url.toString());
    return {
      url: url.toString(),
      stop: async () => {
        const c = new Client({ connectionString: given });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const parent = mkdtempSync(join(tmpdir(), `oudermaatje-bench-${name}-`));
  chmodSync(parent, 0o755);
  const embedded = new EmbeddedDatabase({
    dir: join(parent, 'pg'),
    port: await freePort(),
    database: 'bench',
    persistent: false,
    log: () => undefined,
  });
  const url = await embedded.start();
  await runMigrations(url);
  return {
    url,
    stop: async () => {
      await embedded.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

/** `--name value` from the command line, as a number. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** The real application (API role, production settings) on a free loopback port, logged in. */
export async function benchApp(
  databaseUrl: string,
  login: { email: string; password: string },
): Promise<{ base: string; token: string; close: () => Promise<void> }> {
  const { createApp } = await import('../src/bootstrap');
  const { loadConfig } = await import('../src/config/config');
  const { createLogger } = await import('../src/common/logging/app-logger');
  const port = await freePort();
  const config = loadConfig(benchEnv(databaseUrl, port));
  const app = await createApp(config, createLogger(config));
  await app.listen(port, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(login),
  });
  const { accessToken } = (await res.json()) as { accessToken: string };
  return { base, token: accessToken, close: () => app.close() };
}

/** The settings the bench's application runs with (production mode, API role). */
function benchEnv(databaseUrl: string, port: number): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    JWT_SECRET: 'b'.repeat(40),
    LINK_SECRET: 'c'.repeat(40),
    DATA_ENCRYPTION_KEY: 'd'.repeat(40),
    PROCESS_ROLE: 'api',
    ...(process.env.BENCH_POOL ? { DATABASE_POOL_SIZE: process.env.BENCH_POOL } : {}),
  };
}

/**
 * The application as production runs it: `npm run build`, then `node dist/src/main.js` in a
 * process of its own (no TypeScript compiler in memory), logged in. peakRssMb() reads the
 * kernel's high-water mark of its resident memory (VmHWM: every thread, the whole life).
 */
export async function benchAppProcess(
  databaseUrl: string,
  login: { email: string; password: string },
): Promise<{
  base: string;
  token: string;
  pid: number;
  peakRssMb: () => number;
  rssMb: () => number;
  close: () => Promise<void>;
}> {
  const root = resolve(__dirname, '..');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  const port = await freePort();
  // e.g. BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the application
  const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'dist/src/main.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      ...benchEnv(databaseUrl, port),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the application stopped (${child.exitCode})`);
    const ok = await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 600) throw new Error('the application did not get ready in 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(login),
  });
  const { accessToken } = (await res.json()) as { accessToken: string };
  const status = (field: string): number => {
    const line = readFileSync(`/proc/${child.pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return line ? Number(/(\d+)/.exec(line)![1]) / 1024 : NaN;
  };
  return {
    base,
    token: accessToken,
    pid: child.pid!,
    peakRssMb: () => status('VmHWM'),
    rssMb: () => status('VmRSS'),
    close: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
