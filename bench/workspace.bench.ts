/**
 * The staff workspace's pages for a school of 2,000 parents, through the real HTTP path
 * (session cookie, school guard, services, audit, rendering), timed on loopback.
 *
 *   npm run bench:workspace                    2,000 parents, 50 requests per page
 *   npm run bench:workspace -- --parents 5000 --requests 20
 */
import { performance } from 'node:perf_hooks';
import { benchApp, benchDatabase, numberArg } from './bench-database';
import { seedSchool } from './bench-seed';
import { workspaceLogin } from './workspace-login';

async function main(): Promise<void> {
  const parents = numberArg('parents', 2000);
  const requests = numberArg('requests', 50);
  const db = await benchDatabase('workspace');
  try {
    const { schoolId, email, password } = await seedSchool(db.url, parents);
    const app = await benchApp(db.url, { email, password });
    const cookie = await workspaceLogin(app.base, email, password);
    const list = (await (
      await fetch(`${app.base}/api/v1/schools/${schoolId}/parents?pageSize=1`, {
        headers: { authorization: `Bearer ${app.token}` },
      })
    ).json()) as { items: { id: string }[] };
    const parentId = list.items[0]?.id ?? '';
    const s = `/schools/${schoolId}`;
    const pages: [string, string][] = [
      ['home', s],
      ['overview', `${s}/overview`],
      ['parents list', `${s}/parents`],
      ['parents list, page 20', `${s}/parents?page=20`],
      ['parents list, filtered', `${s}/parents?role=seeker&status=waiting&q=el`],
      ["a parent's page", `${s}/parents/${parentId}`],
      ['intake form', `${s}/parents/new`],
      ['tasks', `${s}/tasks`],
      ['matching', `${s}/matching`],
      ['follow-up', `${s}/matches`],
      ['activities', `${s}/activities`],
      ['messages', `${s}/messages`],
    ];
    console.log(
      `${parents} parents in one school; ${requests} requests per page over HTTP (session, guard, services, audit, rendering)\n`,
    );
    console.log(
      'page'.padEnd(26),
      'status'.padStart(6),
      'p50 ms'.padStart(8),
      'p95 ms'.padStart(8),
      'max ms'.padStart(8),
      'kB'.padStart(6),
    );
    for (const [label, path] of pages) {
      const times: number[] = [];
      let status = 0;
      let size = 0;
      for (let i = 0; i < requests + 5; i++) {
        const t0 = performance.now();
        const res = await fetch(`${app.base}${path}`, { headers: { cookie }, redirect: 'manual' });
        const body = await res.text();
        const ms = performance.now() - t0;
        status = res.status;
        size = body.length;
        if (i >= 5) times.push(ms); // the first five warm up
      }
      times.sort((a, b) => a - b);
      const q = (p: number): string =>
        times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
      console.log(
        label.padEnd(26),
        String(status).padStart(6),
        q(0.5).padStart(8),
        q(0.95).padStart(8),
        times[times.length - 1].toFixed(1).padStart(8),
        (size / 1024).toFixed(0).padStart(6),
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
