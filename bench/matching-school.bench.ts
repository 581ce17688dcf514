/**
 * A board-scope matching run, end to end through HTTP: the board's parents spread over its
 * schools, all matching across the board; the coordinator of the first school starts a run
 * (POST answers 202) and polls it until done. Meanwhile /health is asked every 20 ms. The
 * application runs as production runs it (`npm run build`, then `node dist/src/main.js` in a
 * process of its own); `--in-process` runs it in this process instead (under ts-node, whose
 * compiler takes some 60 MB), which also measures the API's event-loop delay.
 *
 *   npm run bench:matching:school -- --parents 20000              board of 10 schools, 3 runs
 *   npm run bench:matching:school -- --parents 5000 --schools 5 --runs 5
 *   npm run bench:matching:school -- --parents 20000 --in-process
 *
 * Prints per run: wall time from POST to done, the time the service reports, the largest
 * /health latency seen during the run; and the peak resident memory of the application's
 * process (its worker threads included).
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Client } from 'pg';
import { benchApp, benchAppProcess, benchDatabase, numberArg } from './bench-database';
import { seedSchool } from './bench-seed';

/** Asks a URL every 20 ms until told to stop, then answers the largest latency. */
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false, max = 0, count = 0, errors = 0;
parentPort.once('message', () => { stop = true; });
(async () => {
  while (!stop) {
    const t0 = performance.now();
    try { await (await fetch(workerData)).arrayBuffer(); } catch { errors++; }
    max = Math.max(max, performance.now() - t0);
    count++;
    await new Promise((r) => setTimeout(r, 20));
  }
  parentPort.postMessage({ max, count, errors });
})();
`;

async function seedBoard(url: string, parents: number, schools: number) {
  const seeded = await seedSchool(url, parents);
  const c = new Client({ connectionString: url });
  await c.connect();
  const [{ id: boardId }] = (
    await c.query(`INSERT INTO board (name) VALUES ('Bench board') RETURNING id`)
  ).rows as { id: string }[];
  await c.query(
    `UPDATE school SET board_id = $1,
            settings = jsonb_set(settings, '{matching,scope}', '"board"') WHERE id = $2`,
    [boardId, seeded.schoolId],
  );
  const ids = [seeded.schoolId];
  for (let i = 1; i < schools; i++) {
    const [{ id }] = (
      await c.query(
        `INSERT INTO school (name, brin, city, kind, default_language, settings, board_id)
         SELECT 'Bench school ' || $2::text, '99BB' || lpad($2::text, 2, '0'), city, kind, default_language, settings, board_id
           FROM school WHERE id = $1 RETURNING id`,
        [seeded.schoolId, String(i)],
      )
    ).rows as { id: string }[];
    ids.push(id);
  }
  // Spread the parents over the schools, round robin.
  await c.query(
    `UPDATE parent p SET school_id = ($1::uuid[])[1 + (x.n % $2)]
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM parent) x WHERE x.id = p.id`,
    [ids, schools],
  );
  await c.query('ANALYZE parent');
  await c.end();
  return seeded;
}

async function main(): Promise<void> {
  const parents = numberArg('parents', 20000);
  const schools = numberArg('schools', 10);
  const runs = numberArg('runs', 3);
  const db = await benchDatabase('matching');
  try {
    const { schoolId, email, password } = await seedBoard(db.url, parents, schools);
    const inProcess = process.argv.includes('--in-process');
    const own = inProcess ? null : await benchAppProcess(db.url, { email, password });
    const app = own ?? (await benchApp(db.url, { email, password }));
    const headers = { authorization: `Bearer ${app.token}` };
    const rssMb = (): number => (own ? own.rssMb() : process.memoryUsage().rss / 2 ** 20);
    const startRss = rssMb();
    let peakRss = startRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssMb());
    }, 10);

    /** One run: POST, then poll until done, asking /health every 20 ms meanwhile. */
    async function oneRun() {
      // /health is asked from a thread of its own: a probe on the API's event loop could not
      // even start while that loop is blocked.
      const probe = new Worker(PROBE, { eval: true, workerData: `${app.base}/health` });
      const probed = new Promise<{ max: number; count: number; errors: number }>((resolve) =>
        probe.once('message', resolve),
      );
      await new Promise((r) => probe.once('online', r));
      const lag = monitorEventLoopDelay({ resolution: 10 });
      lag.enable();
      const t0 = performance.now();
      const res = await fetch(`${app.base}/api/v1/schools/${schoolId}/matching/runs`, {
        method: 'POST',
        headers,
      });
      let body = (await res.json()) as Record<string, unknown>;
      if (res.status === 202) {
        const location = res.headers.get('location')!;
        while (body.status !== 'done' && body.status !== 'failed') {
          await new Promise((r) => setTimeout(r, 50));
          body = (await (await fetch(`${app.base}${location}`, { headers })).json()) as Record<
            string,
            unknown
          >;
        }
      } else if (res.status !== 201) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body)}`);
      const wall = performance.now() - t0;
      lag.disable();
      probe.postMessage('stop');
      const health = await probed;
      await probe.terminate();
      if (body.status === 'failed') throw new Error(`run failed: ${JSON.stringify(body.error)}`);
      return {
        wall,
        server: body.durationMs as number,
        stats: body.stats,
        healthMax: health.max,
        healthCount: health.count,
        healthErrors: health.errors,
        loopDelayMax: lag.max / 1e6,
      };
    }

    // The noise floor: /health with no run, for as long as a run takes (the machine is shared).
    async function idleHealth(ms: number) {
      const probe = new Worker(PROBE, { eval: true, workerData: `${app.base}/health` });
      const probed = new Promise<{ max: number }>((resolve) => probe.once('message', resolve));
      await new Promise((r) => setTimeout(r, ms));
      probe.postMessage('stop');
      const { max } = await probed;
      await probe.terminate();
      return max;
    }

    const warm = await oneRun(); // starts the worker thread
    const idle = await idleHealth(3000);
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await oneRun());
    clearInterval(sampler);
    const fmt = (xs: number[]): string => {
      const s = [...xs].sort((a, b) => a - b);
      return `min ${s[0].toFixed(0)} / median ${s[Math.floor(s.length / 2)].toFixed(0)} / max ${s[s.length - 1].toFixed(0)} ms`;
    };
    console.log(
      `board of ${schools} schools, ${parents} parents (board scope): ${JSON.stringify(results[0].stats)}`,
    );
    console.log(`warm-up run (starts the thread): ${warm.wall.toFixed(0)} ms`);
    console.log(`run, POST to done over HTTP: ${fmt(results.map((r) => r.wall))} (${runs} runs)`);
    console.log(`run in the service (queued to saved): ${fmt(results.map((r) => r.server))}`);
    console.log(
      `max /health latency during a run: ${fmt(results.map((r) => r.healthMax))} (${results
        .map((r) => `${r.healthCount}${r.healthErrors ? ` (${r.healthErrors} failed)` : ''}`)
        .join(', ')} probes)`,
    );
    if (inProcess)
      console.log(
        `max event-loop delay of the API during a run: ${fmt(results.map((r) => r.loopDelayMax))}`,
      );
    console.log(`max /health latency with no run (3 s, the noise floor): ${idle.toFixed(0)} ms`);
    if (own) peakRss = Math.max(peakRss, own.peakRssMb());
    console.log(
      `peak RSS of the ${inProcess ? 'bench process (API and its threads, under ts-node)' : 'API process (node dist/src/main.js, its threads included)'}: ${peakRss.toFixed(0)} MB (${startRss.toFixed(0)} MB before the first run)`,
    );
    await app.close();
  } catch (err) {
    console.error(err); // before the database stops (its connections then fail too)
    process.exit(1);
  } finally {
    await db.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
