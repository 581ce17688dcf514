/**
 * The matching run's worker thread: reads a school's pool on its own connection (set-based
 * queries), scores and solves (the CPU-heavy part), builds the reasons of the proposed pairs,
 * and answers with the outcome ready to be written in one statement. The API's event loop
 * stays free meanwhile. Plain TypeScript and `pg`: no Nest, no TypeORM in this thread.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { Client } from 'pg';
import { MatchingError, recruitmentAdvice } from '../engine';
import { SENSITIVE_SITUATIONS } from '../../taxonomy/taxonomy';
import { computeRun } from './run-compute';
import { loadRunInput } from './run-input';
import type { WorkerAnswer, WorkerJob } from './run-protocol';

/** Nice value of the thread (0 normal, 19 lowest): the pool's choice, else 10. */
const THREAD_NICE =
  typeof (workerData as { nice?: unknown } | null)?.nice === 'number'
    ? (workerData as { nice: number }).nice
    : 10;

const port = parentPort;
if (!port) throw new Error('matching-run.worker runs as a worker thread only');

// On Linux a nice value belongs to a thread: this thread yields the CPU to the API's event
// loop (requests, /health) whenever both want it. Elsewhere this may fail: then it stays as is.
try {
  setPriority(0, THREAD_NICE);
} catch {
  // not allowed here; the run still works
}

async function handle(job: WorkerJob): Promise<WorkerAnswer> {
  const db = new Client({
    connectionString: job.databaseUrl,
    application_name: 'oudermaatje-matching',
  });
  await db.connect();
  try {
    // One snapshot for every read of the run.
    await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const input = await loadRunInput(db, job.schoolId, new Date(job.now));
    await db.query('COMMIT');
    if (!input)
      return {
        id: job.id,
        type: 'failed',
        error: { code: 'school.not_found', message: 'School was not found' },
      };
    if (job.kind === 'recruitment') {
      const options = recruitmentAdvice(
        {
          parents: input.parents,
          excludedPairs: input.excludedPairs,
          pinnedPairs: [],
          weights: input.weights,
          allowCrossSchool: input.pool.length > 1,
          sensitiveSituations: [...SENSITIVE_SITUATIONS],
        },
        job.schoolId,
      );
      return { id: job.id, type: 'recruitment', optionsJson: JSON.stringify(options) };
    }
    port!.postMessage({ id: job.id, type: 'progress', phase: 'loading', done: 1, total: 1 });
    if (job.crash) process.exit(70);
    let last = 0;
    const computed = computeRun(input, (phase, done, total) => {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      port!.postMessage({ id: job.id, type: 'progress', phase, done, total });
    });
    const { result } = computed;
    return {
      id: job.id,
      type: 'done',
      weights: computed.weights,
      stats: result.stats,
      proposals: result.proposals.length,
      unmatched: result.unmatched.length,
      // JSON text: the main thread hands it to PostgreSQL as it is, never parsing it.
      proposalsJson: JSON.stringify(
        result.proposals.map((p) => ({
          seeker_id: p.seekerId,
          buddy_id: p.buddyId,
          score: p.score,
          reasons: p.reasons,
          pinned: p.pinned,
        })),
      ),
      unmatchedJson: JSON.stringify(result.unmatched),
      skippedPinsJson: JSON.stringify(computed.skippedPins),
    };
  } catch (err) {
    if (err instanceof MatchingError)
      return {
        id: job.id,
        type: 'failed',
        error: { code: err.code, message: err.message, details: err.details, invalid: true },
      };
    return {
      id: job.id,
      type: 'failed',
      error: {
        code: 'matching.run_failed',
        message: err instanceof Error ? err.message : String(err),
      },
    };
  } finally {
    await db.end().catch(() => undefined);
  }
}

port.on('message', (job: WorkerJob) => {
  void handle(job)
    .catch((err: unknown): WorkerAnswer => ({
      id: job.id,
      type: 'failed',
      error: {
        code: 'matching.run_failed',
        message: err instanceof Error ? err.message : String(err),
      },
    }))
    .then((answer) => port.postMessage(answer));
});
