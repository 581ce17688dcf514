import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * A small autocannon-like load generator (no dependency): `concurrency` keep-alive
 * connections, each sending its next GET as soon as the previous answer arrived, for
 * `seconds`. It runs in a worker thread so it does not share the event loop of an
 * application running in the calling thread.
 */
export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  statuses: Record<string, number>;
}

const LOAD_WORKER = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { urls, concurrency, seconds, headers } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const latencies = [];
const statuses = {};
let errors = 0;
let next = 0;
const started = Date.now();
const end = started + seconds * 1000;
function one() {
  return new Promise((resolve) => {
    const url = urls[next++ % urls.length];
    const t0 = process.hrtime.bigint();
    const req = http.get(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        statuses[res.statusCode] = (statuses[res.statusCode] || 0) + 1;
        resolve();
      });
    });
    req.on('error', () => { errors++; resolve(); });
  });
}
async function loop() { while (Date.now() < end) await one(); }
Promise.all(Array.from({ length: concurrency }, loop)).then(() => {
  const elapsed = (Date.now() - started) / 1000;
  agent.destroy();
  parentPort.postMessage({ latencies, statuses, errors, elapsed });
});
`;

export function runLoad(options: {
  urls: string[];
  concurrency: number;
  seconds: number;
  headers?: Record<string, string>;
}): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, {
      eval: true,
      workerData: { headers: {}, ...options },
    });
    worker.once('error', reject);
    worker.once(
      'message',
      (m: {
        latencies: number[];
        statuses: Record<string, number>;
        errors: number;
        elapsed: number;
      }) => {
        void worker.terminate();
        const sorted = Float64Array.from(m.latencies).sort();
        const q = (p: number): number =>
          sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0;
        resolve({
          requests: sorted.length,
          perSecond: sorted.length / m.elapsed,
          p50: q(0.5),
          p99: q(0.99),
          max: sorted.length ? sorted[sorted.length - 1] : 0,
          errors: m.errors,
          statuses: m.statuses,
        });
      },
    );
  });
}

/**
 * CPU time (ms) a thread has used, in user space and in the kernel (system calls: a socket
 * write on loopback also runs the receiving side's network stack), from /proc (Linux; 10 ms
 * ticks): the calling thread, or the main thread of process `pid`. What a server thread
 * spends per request, whatever else the machine runs.
 */
export function threadCpu(pid?: number): { user: number; system: number } {
  try {
    const stat = readFileSync(
      pid === undefined ? '/proc/thread-self/stat' : `/proc/${pid}/task/${pid}/stat`,
      'utf8',
    );
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
  } catch {
    return { user: NaN, system: NaN };
  }
}

export function threadCpuMs(pid?: number): number {
  const { user, system } = threadCpu(pid);
  return user + system;
}

export function formatLoad(label: string, r: LoadResult): string {
  const statuses = Object.entries(r.statuses)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  return `${label.padEnd(44)} ${r.perSecond.toFixed(0).padStart(7)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${r.max.toFixed(0).padStart(7)}   ${statuses}${r.errors ? ` errors×${r.errors}` : ''}`;
}

export const LOAD_HEADER = `${'what'.padEnd(44)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(7)}   statuses`;
