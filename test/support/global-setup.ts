import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabase } from '../../src/database/embedded-database';
import { freePort } from './free-port';

/**
 * Starts one real PostgreSQL for the whole run: the embedded one, unless TEST_DATABASE_URL
 * points at a server (any database on it; each test file creates its own database).
 */
export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
  if (process.env.TEST_DATABASE_URL) {
    process.env.TEST_ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  const parent = mkdtempSync(join(tmpdir(), 'oudermaatje-test-'));
  chmodSync(parent, 0o755); // the postgres user must be able to reach its folder
  const dir = join(parent, 'pg');
  const db = new EmbeddedDatabase({
    dir,
    port: await freePort(),
    database: 'oudermaatje_test',
    persistent: false,
    log: (line) => process.stderr.write(`[test postgres] ${line}\n`),
  });
  await db.start();
  (globalThis as { __EMBEDDED_DB__?: EmbeddedDatabase }).__EMBEDDED_DB__ = db;
  process.env.TEST_ADMIN_DATABASE_URL = db.adminUrl;
}
