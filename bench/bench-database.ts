import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedDatabase } from '../src/database/embedded-database';
import { runMigrations } from '../src/database/migrate';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A fresh, migrated database for a benchmark: a new database on DATABASE_URL's server when
 * set, else an embedded PostgreSQL in a temporary folder. stop() removes what it made.
 */
export async function benchDatabase(name: string): Promise<{ url: string; stop: () => Promise<void> }> {
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
  const embedded = new EmbeddedDatabase({ dir: join(parent, 'pg'), port: await freePort(), database: 'bench', persistent: false, log: () => undefined });
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
