import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    LOG_LEVEL: 'error',
    JWT_SECRET: 'b'.repeat(40),
    LINK_SECRET: 'c'.repeat(40),
    DATA_ENCRYPTION_KEY: 'd'.repeat(40),
    PROCESS_ROLE: 'api',
  });
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
