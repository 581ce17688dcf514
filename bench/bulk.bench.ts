/**
 * Bulk work over the real HTTP path: inviting a whole school to an activity (and how long a
 * sign-up for that activity waits meanwhile), and importing a CSV file of parents.
 *
 *   npm run bench:bulk                              invite 5,000 parents, import 5,000 rows
 *   npm run bench:bulk -- --parents 2000 --rows 1000 --runs 3
 *
 * Each figure is min / median / max over --runs runs (a fresh activity, a fresh file each).
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { benchApp, benchDatabase, numberArg } from './bench-database';
import { seedSchool } from './bench-seed';

const fmt = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[0].toFixed(0)} / ${s[Math.floor(s.length / 2)].toFixed(0)} / ${s[s.length - 1].toFixed(0)} ms`;
};

/** A file of `rows` valid parents (external ids prefixed so every run creates new parents). */
export function importFile(rows: number, prefix: string): string {
  const header =
    'external_id,given_name,family_name,household,role,capacity,languages,dutch_level,message_language,channels,email,phone,consent_matching,consent_messages_email,consent_activities,situations,availability';
  const lines = [header];
  const langs = ['ar:native|nl:basic', 'tr:native|nl:conversational', 'nl:native', 'pl:native'];
  for (let i = 0; i < rows; i++) {
    const role = i % 3 === 0 ? 'buddy' : 'seeker';
    const email = i % 4 !== 3;
    lines.push(
      [
        `${prefix}-${i}`,
        `Ouder${i}`,
        i % 5 ? `Familie ${i % 97}` : '',
        i % 7 === 0 ? `H${i}` : '',
        role,
        role === 'buddy' ? String(1 + (i % 3)) : '',
        langs[i % langs.length],
        ['basic', 'conversational', 'native', 'none'][i % 4],
        ['ar', 'tr', 'nl', 'pl'][i % 4],
        email ? 'email' : 'in_person',
        email ? `ouder${i}.${prefix.toLowerCase()}@example.org` : '',
        i % 2 ? `06 1234 ${String(i % 10000).padStart(4, '0')}` : '',
        'ja',
        email ? 'ja' : 'nee',
        i % 2 ? 'ja' : 'nee',
        i % 6 === 1 ? 'dyslexia:seeking' : '',
        'wed-morning|fri-afternoon',
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const parents = numberArg('parents', 5000);
  const rows = numberArg('rows', 5000);
  const runs = numberArg('runs', 3);
  const db = await benchDatabase('bulk');
  try {
    const { schoolId, email, password } = await seedSchool(db.url, parents);
    const c = new Client({ connectionString: db.url });
    await c.connect();
    await c.query(
      `UPDATE parent SET consents = consents || '{"activities": {"granted": true, "at": "2026-01-01T00:00:00Z", "method": "import", "recordedBy": null}}', status = CASE WHEN status = 'left' THEN 'enrolled' ELSE status END`,
    );
    const app = await benchApp(db.url, { email, password });
    const api = `${app.base}/api/v1/schools/${schoolId}`;
    const json = { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' };
    const { rows: someParents } = await c.query<{ id: string }>(
      `SELECT id FROM parent WHERE school_id = $1 ORDER BY id LIMIT 200`,
      [schoolId],
    );

    const newActivity = async (title: string): Promise<string> => {
      const start = new Date(Date.now() + 7 * 86400_000);
      const res = await fetch(`${api}/activities`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          kind: 'coffee_morning',
          title,
          startsAt: start.toISOString(),
          endsAt: new Date(start.getTime() + 90 * 60_000).toISOString(),
          location: 'Ouderkamer',
          languages: ['nl'],
          interpreter: false,
          childcare: false,
          costCents: 0,
          capacity: 100,
        }),
      });
      return ((await res.json()) as { id: string }).id;
    };
    /** Sign-ups for an activity, one every 100 ms until `busy()` says stop; their durations. */
    let failedSignUps = 0;
    const signUpStream = async (id: string, busy: () => boolean): Promise<number[]> => {
      const signUps: Promise<number>[] = [];
      let k = 0;
      while (busy() && k < someParents.length) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        if (!busy()) break;
        const s0 = performance.now();
        signUps.push(
          fetch(`${api}/activities/${id}/rsvps`, {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ parentId: someParents[k++].id }),
          }).then(async (r) => {
            await r.text();
            if (r.status >= 300) failedSignUps++;
            return performance.now() - s0;
          }),
        );
      }
      return Promise.all(signUps);
    };

    // The same stream of sign-ups for 3 s without an invitation: what a sign-up costs anyway.
    const quietId = await newActivity('Quiet');
    const quietEnd = performance.now() + 3000;
    const quiet = (await signUpStream(quietId, () => performance.now() < quietEnd)).sort(
      (a, b) => a - b,
    );
    console.log(
      `Sign-ups alone (one every 100 ms for 3 s): median ${quiet[Math.floor(quiet.length / 2)].toFixed(0)} ms, slowest ${quiet[quiet.length - 1].toFixed(0)} ms\n`,
    );

    console.log(`Inviting all ${parents} parents of one school (audience "all"), ${runs} runs`);
    const inviteMs: number[] = [];
    const signUpMax: number[] = [];
    let invited = 0;
    let signUpCount = 0;
    for (let run = 0; run < runs; run++) {
      const id = await newActivity(`Bench ${run}`);
      // Sign-ups for the same activity every 100 ms while the invitation runs.
      let inviting = true;
      const t0 = performance.now();
      const invite = fetch(`${api}/activities/${id}/invitations`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ audience: 'all' }),
      }).then(async (r) => {
        const ms = performance.now() - t0;
        inviting = false;
        if (r.status >= 300) throw new Error(`invite: HTTP ${r.status} ${await r.text()}`);
        invited = ((await r.json()) as { invited: number }).invited;
        return ms;
      });
      const waits = await signUpStream(id, () => inviting);
      inviteMs.push(await invite);
      signUpMax.push(waits.length ? Math.max(...waits) : 0);
      signUpCount += waits.length;
    }
    console.log(`  invited per run                  ${invited}`);
    console.log(`  invitation until queued          ${fmt(inviteMs)}  (min / median / max)`);
    console.log(`  slowest sign-up during it        ${fmt(signUpMax)}`);
    console.log(
      `  sign-ups sent during it          ${signUpCount} (one every 100 ms), failed ${failedSignUps}`,
    );

    console.log(`\nImporting a CSV file of ${rows} new parents, ${runs} runs`);
    const importMs: number[] = [];
    let summary = '';
    for (let run = 0; run < runs; run++) {
      const body = importFile(rows, `R${run}`);
      const t0 = performance.now();
      const res = await fetch(`${api}/parents/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${app.token}`, 'content-type': 'text/csv' },
        body,
      });
      let report = (await res.json()) as Record<string, unknown>;
      if (res.status === 202) {
        // A large file runs as a job: poll its status until it has finished.
        const url = new URL(res.headers.get('location')!, app.base).toString();
        while (report.status !== 'done' && report.status !== 'failed') {
          await new Promise((resolve) => setTimeout(resolve, 200));
          report = (await (
            await fetch(url, { headers: { authorization: `Bearer ${app.token}` } })
          ).json()) as Record<string, unknown>;
        }
        report = (report.report ?? report) as Record<string, unknown>;
      } else if (res.status !== 200) throw new Error(`import: HTTP ${res.status}`);
      importMs.push(performance.now() - t0);
      summary = `created ${String(report.created)}, rejected ${String(report.rejected)}`;
    }
    console.log(`  rows per run                     ${summary}`);
    console.log(`  import until done                ${fmt(importMs)}  (min / median / max)`);
    await c.end();
    await app.close();
  } finally {
    await db.stop();
  }
}

if (require.main === module)
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
