/**
 * A matching run for one school, end to end through HTTP: load the pool, score, solve,
 * save the proposals, answer with reasons rendered for staff.
 *
 *   npm run bench:matching:school                  300 parents, 30 runs
 *   npm run bench:matching:school -- --parents 1000
 */
import { performance } from 'node:perf_hooks';
import { benchApp, benchDatabase, numberArg } from './bench-database';
import { seedSchool } from './bench-seed';

async function main(): Promise<void> {
  const parents = numberArg('parents', 300);
  const runs = numberArg('runs', 30);
  const db = await benchDatabase('matching');
  try {
    const { schoolId, email, password } = await seedSchool(db.url, parents);
    const app = await benchApp(db.url, { email, password });
    const base = app.base;
    const accessToken = app.token;
    const wall: number[] = [];
    const server: number[] = [];
    let last:
      { stats: Record<string, number>; proposals: unknown[]; unmatched: unknown[] } | undefined;
    for (let i = 0; i < runs + 5; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/v1/schools/${schoolId}/matching/runs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}` },
      });
      const body = (await res.json()) as {
        durationMs: number;
        stats: Record<string, number>;
        proposals: unknown[];
        unmatched: unknown[];
      };
      if (res.status !== 201) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body)}`);
      if (i >= 5) {
        wall.push(performance.now() - t0);
        server.push(body.durationMs);
      }
      last = body;
    }
    const med = (xs: number[]): string =>
      [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(1);
    const max = (xs: number[]): string => Math.max(...xs).toFixed(1);
    console.log(`school of ${parents} parents: ${JSON.stringify(last?.stats)}`);
    console.log(
      `run in the service (load, score, solve, save): median ${med(server)} ms, max ${max(server)} ms`,
    );
    console.log(
      `whole HTTP request (also reasons rendered, JSON): median ${med(wall)} ms, max ${max(wall)} ms (${runs} runs after 5 warm-up)`,
    );
    await app.close();
  } finally {
    await db.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
