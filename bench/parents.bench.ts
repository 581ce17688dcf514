/**
 * Listing and filtering the parents of one school, through the real HTTP path (token,
 * school guard, query, audit entry), on a school of 5,000 parents.
 *
 *   npm run bench:parents                 5,000 parents, 200 requests per query
 *   npm run bench:parents -- --parents 20000 --requests 100
 */
import { performance } from 'node:perf_hooks';
import { benchApp, benchDatabase, numberArg } from './bench-database';
import { seedSchool } from './bench-seed';

async function main(): Promise<void> {
  const parents = numberArg('parents', 5000);
  const requests = numberArg('requests', 200);
  const db = await benchDatabase('parents');
  try {
    const { schoolId, email, password } = await seedSchool(db.url, parents);
    const app = await benchApp(db.url, { email, password });
    const base = app.base;
    const headers = { authorization: `Bearer ${app.token}` };
    const queries: [string, string][] = [
      ['first page, no filter', 'pageSize=50'],
      ['page 60 (deep offset)', 'pageSize=50&page=60'],
      ['role=seeker&status=waiting', 'role=seeker&status=waiting&pageSize=50'],
      ['language=ar', 'language=ar&pageSize=50'],
      ['situation=dyslexia&stance=seeking', 'situation=dyslexia&stance=seeking&pageSize=50'],
      ['availability=wed-morning', 'availability=wed-morning&pageSize=50'],
      ['text search q=fatima', 'q=fatima&pageSize=50'],
      ['combined filters', 'role=buddy&language=tr&situation=divorce&q=el&pageSize=50'],
    ];
    console.log(
      `${parents} parents in one school; ${requests} requests per query over HTTP (token, guard, query with total, audit entry)\n`,
    );
    console.log(
      'query'.padEnd(38),
      'total'.padStart(6),
      'p50 ms'.padStart(8),
      'p95 ms'.padStart(8),
      'max ms'.padStart(8),
    );
    for (const [label, qs] of queries) {
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < requests + 10; i++) {
        const t0 = performance.now();
        const res = await fetch(`${base}/api/v1/schools/${schoolId}/parents?${qs}`, { headers });
        const body = (await res.json()) as { total: number };
        const ms = performance.now() - t0;
        if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status}`);
        total = body.total;
        if (i >= 10) times.push(ms); // the first ten warm up
      }
      times.sort((a, b) => a - b);
      const q = (p: number): string =>
        times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
      console.log(
        label.padEnd(38),
        String(total).padStart(6),
        q(0.5).padStart(8),
        q(0.95).padStart(8),
        times[times.length - 1].toFixed(1).padStart(8),
      );
    }
    await app.close();
  } finally {
    await db.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
