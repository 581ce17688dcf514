/**
 * The cost of encryption at rest on the parents list and a parent's record, through the real
 * HTTP path: the same school first with contact details in clear text (as before encryption
 * at rest), then after the backfill encrypted them (which is timed too); and the lookup by
 * exact e-mail address (keyed hash).
 *
 *   npx ts-node --transpile-only bench/encryption.bench.ts                 5,000 parents, 200 requests
 *   npx ts-node --transpile-only bench/encryption.bench.ts --parents 20000 --requests 100
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataCipher } from '../src/privacy/encryption/data-cipher';
import { benchApp, benchDatabase, numberArg } from './bench-database';
import { seedSchool } from './bench-seed';

const KEY = 'd'.repeat(40); // benchApp's DATA_ENCRYPTION_KEY

async function main(): Promise<void> {
  const parents = numberArg('parents', 5000);
  const requests = numberArg('requests', 200);
  const db = await benchDatabase('encryption');
  const c = new Client({ connectionString: db.url });
  await c.connect();
  try {
    const { schoolId, email, password } = await seedSchool(db.url, parents);
    await c.query(
      `UPDATE parent SET email = 'ouder' || n || '@bench.example', phone = '+3161' || lpad(n::text, 7, '0'),
              intake_note = 'Wil graag andere ouders leren kennen; spreekt een beetje Nederlands (' || n || ')'
         FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM parent) x WHERE parent.id = x.id`,
    );
    const [{ id: someId }] = (await c.query(`SELECT id FROM parent ORDER BY id LIMIT 1 OFFSET 7`))
      .rows as { id: string }[];
    const app = await benchApp(db.url, { email, password });
    const headers = { authorization: `Bearer ${app.token}` };
    const measure = async (label: string, path: string): Promise<void> => {
      const times: number[] = [];
      for (let i = 0; i < requests + 10; i++) {
        const t0 = performance.now();
        const res = await fetch(`${app.base}/api/v1/schools/${schoolId}${path}`, { headers });
        await res.json();
        if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status}`);
        if (i >= 10) times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const q = (p: number): string =>
        times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
      console.log(label.padEnd(52), q(0.5).padStart(8), q(0.95).padStart(8));
    };
    console.log(`${parents} parents, ${requests} requests per line\n`);
    console.log('request'.padEnd(52), 'p50 ms'.padStart(8), 'p95 ms'.padStart(8));
    await measure('clear text: parents list, page of 50', '/parents?pageSize=50');
    await measure('clear text: one parent', `/parents/${someId}`);

    // The backfill, as the worker's task does it (batches of 500, set-based updates).
    const { PersonalDataEncryptionService } =
      await import('../src/privacy/encryption/personal-data-encryption.service');
    const { DataSource } = await import('typeorm');
    const { dataSourceOptions } = await import('../src/database/data-source-options');
    const ds = new DataSource(dataSourceOptions(db.url, 2));
    await ds.initialize();
    const t0 = performance.now();
    const done = await new PersonalDataEncryptionService(ds).runAll('clear');
    const took = performance.now() - t0;
    await ds.destroy();
    console.log(
      `\nbackfill: ${done.parents} parents encrypted in ${(took / 1000).toFixed(2)} s (${((took / done.parents) * 1000).toFixed(0)} µs per parent)\n`,
    );

    await measure('encrypted: parents list, page of 50', '/parents?pageSize=50');
    await measure('encrypted: one parent', `/parents/${someId}`);
    await measure(
      'encrypted: search by exact e-mail (keyed hash)',
      '/parents?q=ouder4321%40bench.example',
    );
    await measure('encrypted: search by phone (keyed hash)', '/parents?q=0610004321');
    await measure('name search q=fatima (for comparison)', '/parents?q=fatima&pageSize=50');

    const cipher = new DataCipher(KEY);
    const sealed = cipher.encrypt('ouder4321@bench.example');
    const n = 100_000;
    let t = performance.now();
    for (let i = 0; i < n; i++) cipher.decrypt(sealed);
    const dec = ((performance.now() - t) / n) * 1000;
    t = performance.now();
    for (let i = 0; i < n; i++) cipher.encrypt('ouder4321@bench.example');
    const enc = ((performance.now() - t) / n) * 1000;
    console.log(
      `\nin process: decrypt ${dec.toFixed(1)} µs, encrypt ${enc.toFixed(1)} µs per value`,
    );
    await app.close();
  } finally {
    await c.end();
    await db.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
