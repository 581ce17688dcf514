/**
 * Listing and filtering the parents of one school, through the real HTTP path (token,
 * school guard, query, audit entry), on a school of 5,000 parents.
 *
 *   npm run bench:parents                 5,000 parents, 200 requests per query
 *   npm run bench:parents -- --parents 20000 --requests 100
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { hashPassword } from '../src/auth/password';
import { createApp } from '../src/bootstrap';
import { loadConfig } from '../src/config/config';
import { createLogger } from '../src/common/logging/app-logger';
import { DEFAULT_SCHOOL_SETTINGS } from '../src/schools/school-settings';
import { SITUATION_CODES } from '../src/taxonomy/taxonomy';
import { benchDatabase, freePort } from './bench-database';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

/** Small seeded generator so every run measures the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const LANGS = ['nl', 'ar', 'tr', 'pl', 'uk', 'ti', 'so', 'fa', 'ps', 'es', 'ro', 'bg', 'fr', 'ber', 'ru', 'pt'];
const NAMES = ['Fatima', 'Mohamed', 'Anna', 'Jan', 'Olena', 'Yusuf', 'Maria', 'Ahmed', 'Sara', 'Daan', 'Ewa', 'Khalid', 'Noor', 'Lotte', 'Ayaan', 'Bilal'];
const FAMILY = ['de Vries', 'El Amrani', 'Yilmaz', 'Kowalski', 'Bakker', 'Haile', 'Ahmadi', 'Jansen', 'Popescu', 'Ivanova', 'Visser', 'Hassan'];

async function seed(url: string, parents: number): Promise<{ schoolId: string; email: string; password: string }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const [{ id: schoolId }] = (await c.query(
    `INSERT INTO school (name, brin, city, kind, default_language, settings) VALUES ('Bench school', '99BB', 'Utrecht', 'primary', 'nl', $1) RETURNING id`,
    [DEFAULT_SCHOOL_SETTINGS],
  )).rows as { id: string }[];
  const password = 'bench passphrase 123';
  const [{ id: staffId }] = (await c.query(
    `INSERT INTO staff (email, name, interface_language, password_hash) VALUES ('bench@example.org', 'Bench', 'nl', $1) RETURNING id`,
    [await hashPassword(password)],
  )).rows as { id: string }[];
  await c.query(`INSERT INTO membership (staff_id, school_id, role) VALUES ($1, $2, 'coordinator')`, [staffId, schoolId]);
  const r = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const rows: unknown[][] = [];
  for (let i = 0; i < parents; i++) {
    const lang = r() < 0.4 ? 'nl' : pick(LANGS);
    const role = r() < 0.6 ? 'seeker' : r() < 0.5 ? 'buddy' : 'both';
    const situations = Array.from({ length: Math.floor(r() * 3) }, () => ({ code: pick(SITUATION_CODES), stance: role === 'buddy' ? 'experienced' : pick(['seeking', 'experienced']), shareWithBuddy: false }));
    rows.push([
      schoolId, `${pick(NAMES)}${i}`, pick(FAMILY), JSON.stringify([{ code: lang, level: 'native' }, ...(lang === 'nl' ? [] : [{ code: 'nl', level: pick(['basic', 'conversational', 'fluent']) }])]),
      lang === 'nl' ? 'native' : pick(['none', 'basic', 'conversational']), ['nl', 'ar', 'tr', 'pl', 'uk', 'es'].includes(lang) ? lang : 'nl', role, role === 'seeker' ? 0 : 1 + Math.floor(r() * 3),
      JSON.stringify(situations), [pick(['mon', 'tue', 'wed', 'thu', 'fri']) + '-' + pick(['morning', 'afternoon', 'evening'])],
      role === 'buddy' ? 'enrolled' : pick(['waiting', 'waiting', 'matched', 'enrolled', 'paused']),
    ]);
  }
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const values = chunk.map((_, j) => `(${Array.from({ length: 11 }, (_, k) => `$${j * 11 + k + 1}`).join(', ')}, '{"matching": {"granted": true, "at": "2026-01-01T00:00:00Z", "method": "import", "recordedBy": null}}', 2024, ARRAY['in_person'])`);
    await c.query(
      `INSERT INTO parent (school_id, given_name, family_name, languages, dutch_level, message_language, role, capacity, situations, availability, status, consents, at_school_since, channels)
       VALUES ${values.join(', ')}`,
      chunk.flat(),
    );
  }
  await c.query('ANALYZE parent');
  await c.end();
  return { schoolId, email: 'bench@example.org', password };
}

async function main(): Promise<void> {
  const parents = arg('parents', 5000);
  const requests = arg('requests', 200);
  const db = await benchDatabase('parents');
  try {
    const { schoolId, email, password } = await seed(db.url, parents);
    const port = await freePort();
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: db.url, PORT: String(port), LOG_LEVEL: 'error', JWT_SECRET: 'b'.repeat(40), LINK_SECRET: 'c'.repeat(40), PROCESS_ROLE: 'api' });
    const app = await createApp(config, createLogger(config));
    await app.listen(port, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    const login = (await (await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })).json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${login.accessToken}` };
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
    console.log(`${parents} parents in one school; ${requests} requests per query over HTTP (token, guard, query with total, audit entry)\n`);
    console.log('query'.padEnd(38), 'total'.padStart(6), 'p50 ms'.padStart(8), 'p95 ms'.padStart(8), 'max ms'.padStart(8));
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
      const q = (p: number): string => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
      console.log(label.padEnd(38), String(total).padStart(6), q(0.5).padStart(8), q(0.95).padStart(8), times[times.length - 1].toFixed(1).padStart(8));
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
