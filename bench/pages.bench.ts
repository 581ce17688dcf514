/**
 * Parent pages and the staff parents list under concurrent load, through the real HTTP path,
 * side by side in the same run with a minimal node:http + `pg` page that does the same token
 * lookup (one prepared query joining link, parent, school, activity and sign-up): the
 * practical limit on this machine.
 *
 *   npm run bench:pages                                   5,000 parents, 10 s per load, 3 rounds
 *   npm run bench:pages -- --parents 5000 --seconds 10 --rounds 3 --concurrency 200 --list-concurrency 50
 *   npm run bench:pages -- --only page                    only the parent page (or `--only list`)
 *   npm run bench:pages -- --in-process                   the app in this process; lists statements
 *   npx -y -p node@26 npm run bench:pages                 on the production image's Node.js
 *
 * The application runs as production runs it: built, `node dist/src/main.js` in a process of
 * its own, on the Node.js that runs this bench. The load generator (bench/load.ts) and the
 * minimal page each run in a worker thread of this process. With `--in-process` the
 * application runs in this process's main thread (with ts-node), and the statements each
 * request sends are listed first.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Client } from 'pg';
import { benchApp, benchAppProcess, benchDatabase, freePort, numberArg } from './bench-database';
import { seedSchool } from './bench-seed';
import { workspaceLogin } from './workspace-login';
import { formatLoad, LOAD_HEADER, runLoad, threadCpu, threadCpuMs } from './load';

type Cpu = { user: number; system: number };
/** CPU per request between two readings, user + system. */
const perRequest = (a: Cpu, b: Cpu, n: number): string =>
  `${((b.user + b.system - a.user - a.system) / n).toFixed(3)} ms (${((b.user - a.user) / n).toFixed(3)} user + ${((b.system - a.system) / n).toFixed(3)} system)`;

/** The LINK_SECRET benchApp configures. */
const LINK_SECRET = 'c'.repeat(40);

const MINIMAL_PAGE = `
const http = require('node:http');
const { createHash } = require('node:crypto');
const { parentPort, workerData } = require('node:worker_threads');
const { Pool } = require(workerData.pgPath);
const pool = new Pool({ connectionString: workerData.url, max: 10 });
const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ESC[c]);
const SQL = \`SELECT l.id, l.purpose, l.expires_at, p.id AS parent_id, p.given_name, p.message_language,
                     s.name AS school_name, a.title, a.starts_at, a.ends_at, a.location, a.capacity,
                     a.confirmed_count, a.status AS activity_status, r.status AS rsvp
                FROM parent_link l
                JOIN parent p ON p.id = l.parent_id AND p.school_id = l.school_id
                JOIN school s ON s.id = l.school_id
                LEFT JOIN activity a ON a.id = l.subject_id AND a.school_id = l.school_id
                LEFT JOIN activity_rsvp r ON r.activity_id = a.id AND r.parent_id = p.id
               WHERE l.token_hash = $1\`;
const server = http.createServer(async (req, res) => {
  const m = /^\\/p\\/([A-Za-z0-9_-]{43})/.exec(req.url);
  if (!m) { res.writeHead(404).end(); return; }
  try {
    const hash = createHash('sha256').update(m[1]).digest();
    const { rows } = await pool.query({ name: 'page', text: SQL, values: [hash] });
    const r = rows[0];
    if (!r) { res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<p>Unknown link</p>'); return; }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end('<!doctype html><html lang="' + esc(r.message_language) + '"><head><meta charset="utf-8"><title>' + esc(r.title) +
      '</title></head><body><main><h1>' + esc(r.title) + '</h1><p>Hallo ' + esc(r.given_name) + '</p><p>' +
      esc(r.starts_at.toISOString()) + ' – ' + esc(r.ends_at.toISOString()) + ', ' + esc(r.location) + '</p><p>' +
      esc(r.rsvp ?? 'none') + '</p><form method="post"><button name="action" value="sign_up">Aanmelden</button></form></main><footer>' +
      esc(r.school_name) + '</footer></body></html>');
  } catch (err) {
    res.writeHead(500).end(String(err));
  }
});
server.listen(workerData.port, '127.0.0.1', () => parentPort.postMessage('listening'));
const cpuMs = () => {
  const stat = require('node:fs').readFileSync('/proc/thread-self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(f[11]) * 10, system: Number(f[12]) * 10 };
};
parentPort.on('message', (m) => {
  if (m === 'cpu') parentPort.postMessage({ cpu: cpuMs() });
  else server.close(() => pool.end().then(() => process.exit(0)));
});
`;

function startMinimalPage(
  url: string,
  port: number,
): Promise<{ stop: () => void; cpuMs: () => Promise<Cpu> }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(MINIMAL_PAGE, {
      eval: true,
      workerData: { url, port, pgPath: require.resolve('pg') },
    });
    worker.once('error', reject);
    worker.once('message', () =>
      resolve({
        stop: () => worker.postMessage('stop'),
        cpuMs: () =>
          new Promise((done) => {
            worker.once('message', (m: { cpu: Cpu }) => done(m.cpu));
            worker.postMessage('cpu');
          }),
      }),
    );
  });
}

/**
 * The statements one request sends to PostgreSQL (this process's pg clients), counted while
 * the request runs alone: what a page costs besides its CPU.
 */
async function statementsOf(url: string, headers: Record<string, string> = {}): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg') as { Client: { prototype: { query: (...a: unknown[]) => unknown } } };
  const original = pg.Client.prototype.query;
  const seen: string[] = [];
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0] as string | { text?: string; name?: string };
    const text = typeof q === 'string' ? q : (q.text ?? q.name ?? '');
    seen.push(text.replace(/\s+/g, ' ').trim().slice(0, 70));
    return original.apply(this, args);
  };
  try {
    const res = await fetch(url, { headers });
    await res.text();
    await new Promise((r) => setTimeout(r, 50)); // a grouped audit write follows the answer
  } finally {
    pg.Client.prototype.query = original;
  }
  return seen;
}

async function main(): Promise<void> {
  const parents = numberArg('parents', 5000);
  const seconds = numberArg('seconds', 10);
  const rounds = numberArg('rounds', 3);
  const concurrency = numberArg('concurrency', 200);
  const listConcurrency = numberArg('list-concurrency', 50);
  // `--only page` or `--only list` runs one part (e.g. under a CPU profile).
  const only = process.argv[process.argv.indexOf('--only') + 1];
  const runs = (part: 'page' | 'list'): boolean =>
    !process.argv.includes('--only') || only === part;
  const db = await benchDatabase('pages');
  try {
    const { schoolId, email, password } = await seedSchool(db.url, parents);
    const inProcess = process.argv.includes('--in-process');
    const app = inProcess
      ? { ...(await benchApp(db.url, { email, password })), pid: process.pid }
      : await benchAppProcess(db.url, { email, password });
    const appThreadCpu = (): Cpu => threadCpu(inProcess ? undefined : app.pid);
    const appCpuMs = (): number => threadCpuMs(inProcess ? undefined : app.pid);
    const api = `${app.base}/api/v1/schools/${schoolId}`;
    const start = new Date(Date.now() + 7 * 86400_000);
    const created = await fetch(`${api}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'coffee_morning',
        title: 'Koffieochtend',
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 90 * 60_000).toISOString(),
        location: 'Ouderkamer',
        languages: ['nl', 'ar'],
        interpreter: true,
        childcare: false,
        costCents: 0,
        capacity: 30,
      }),
    });
    const { id: activityId } = (await created.json()) as { id: string };

    // An activity link for 1,000 parents (every tenth signed up), as an invitation makes them.
    const c = new Client({ connectionString: db.url });
    await c.connect();
    const { rows: ps } = await c.query<{ id: string }>(
      `SELECT id FROM parent WHERE school_id = $1 AND status <> 'left' ORDER BY id LIMIT 1000`,
      [schoolId],
    );
    const tokens: string[] = [];
    const ids: string[] = [];
    const hashes: Buffer[] = [];
    for (const _ of ps) {
      const id = randomUUID();
      const token = createHmac('sha256', LINK_SECRET)
        .update(`parent-link:${id}`)
        .digest('base64url');
      ids.push(id);
      tokens.push(token);
      hashes.push(createHash('sha256').update(token).digest());
    }
    await c.query(
      `INSERT INTO parent_link (id, token_hash, school_id, parent_id, purpose, subject_id, expires_at)
       SELECT l, h, $3, p, 'activity', $4, now() + interval '30 days'
         FROM unnest($1::uuid[], $2::bytea[], $5::uuid[]) AS t(l, h, p)`,
      [ids, hashes, schoolId, activityId, ps.map((p) => p.id)],
    );
    for (const p of ps.filter((_, i) => i % 10 === 0))
      await fetch(`${api}/activities/${activityId}/rsvps`, {
        method: 'POST',
        headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ parentId: p.id }),
      });
    // As autovacuum would after a bulk load: statistics, and the visibility map that lets a
    // count read the index alone.
    await c.query('VACUUM ANALYZE');
    await c.end();

    const minimalPort = await freePort();
    const minimal = await startMinimalPage(db.url, minimalPort);
    const minimalBase = `http://127.0.0.1:${minimalPort}`;
    const check = await fetch(`${app.base}/p/${tokens[0]}`);
    if (check.status !== 200) throw new Error(`parent page: HTTP ${check.status}`);

    const cookie = await workspaceLogin(app.base, email, password);
    const listUrl = `${api}/parents?pageSize=50`;
    const auth = { authorization: `Bearer ${app.token}` };
    const pageUrl = `${app.base}/schools/${schoolId}/parents`;
    for (const [what, url, headers] of inProcess
      ? ([
          ['GET /p/{token}', `${app.base}/p/${tokens[1]}`, {}],
          ['API parents list', listUrl, auth],
          ['workspace parents page', pageUrl, { cookie }],
        ] as const)
      : []) {
      const statements = await statementsOf(url, headers);
      console.log(`${what}: ${statements.length} statement(s)`);
      for (const q of statements) console.log(`    ${q}`);
    }
    console.log(
      `\n${parents} parents; activity links for ${tokens.length}; ${seconds} s per load after a 2 s warm-up; Node.js ${process.version}\n`,
    );
    const production = /^FROM node:(\d+)/m.exec(
      readFileSync(resolve(__dirname, '..', 'Dockerfile'), 'utf8'),
    )?.[1];
    if (production && process.versions.node.split('.')[0] !== production)
      console.log(
        `(The production image runs Node.js ${production}; for its figures: npx -y -p node@${production} npm run bench:pages)\n`,
      );
    console.log(LOAD_HEADER);
    const pageUrls = (base: string): string[] => tokens.map((t) => `${base}/p/${t}`);
    if (runs('page')) {
      // Rounds of the app then the minimal page, back to back: a busy neighbour on a shared
      // machine slows both sides of a round alike, so the ratio is read per round.
      await runLoad({ urls: pageUrls(app.base), concurrency, seconds: 2 });
      await runLoad({ urls: pageUrls(minimalBase), concurrency, seconds: 2 });
      const ratios: number[] = [];
      for (let round = 1; round <= rounds; round++) {
        const appCpu = appThreadCpu();
        const real = await runLoad({ urls: pageUrls(app.base), concurrency, seconds });
        const appPerRequest = perRequest(appCpu, appThreadCpu(), real.requests);
        const minimalCpu = await minimal.cpuMs();
        const min = await runLoad({ urls: pageUrls(minimalBase), concurrency, seconds });
        const minimalPerRequest = perRequest(minimalCpu, await minimal.cpuMs(), min.requests);
        ratios.push(real.perSecond / min.perSecond);
        console.log(formatLoad(`GET /p/{token} app, ${concurrency} concurrent`, real));
        console.log(formatLoad(`GET /p/{token} minimal, ${concurrency} concurrent`, min));
        console.log(
          `  round ${round}: app / minimal ${(100 * ratios[ratios.length - 1]).toFixed(0)} %; server thread CPU per page: app ${appPerRequest}, minimal ${minimalPerRequest}`,
        );
      }
      const sorted = [...ratios].sort((a, b) => a - b);
      console.log(
        `  app / minimal throughput, median of ${rounds} round(s): ${(100 * sorted[Math.floor((rounds - 1) / 2)]).toFixed(0)} %  (goal ≥ 50 %, app p99 < 250 ms)`,
      );
    }
    minimal.stop();

    if (runs('list')) {
      await runLoad({ urls: [listUrl], concurrency: listConcurrency, seconds: 2, headers: auth });
      const listCpu = appCpuMs();
      const list = await runLoad({
        urls: [listUrl],
        concurrency: listConcurrency,
        seconds,
        headers: auth,
      });
      console.log(formatLoad(`API parents list, ${listConcurrency} concurrent`, list));
      console.log(
        `  server thread CPU per request: ${((appCpuMs() - listCpu) / list.requests).toFixed(3)} ms`,
      );
      await runLoad({
        urls: [pageUrl],
        concurrency: listConcurrency,
        seconds: 2,
        headers: { cookie },
      });
      const wsCpu = appCpuMs();
      const wsList = await runLoad({
        urls: [pageUrl],
        concurrency: listConcurrency,
        seconds,
        headers: { cookie },
      });
      console.log(formatLoad(`workspace parents page, ${listConcurrency} concurrent`, wsList));
      console.log(
        `  server thread CPU per request: ${((appCpuMs() - wsCpu) / wsList.requests).toFixed(3)} ms`,
      );
      console.log('  goal: > 500 req/s for the list at 50 concurrent');
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
