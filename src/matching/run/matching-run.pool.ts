import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ResourceLimits, Worker } from 'node:worker_threads';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { WorkerAnswer, WorkerJob, WorkerMessage, WorkerProgress } from './run-protocol';

interface Pending {
  job: WorkerJob;
  /** Which heap limit (index into heapLimitsMb) the job runs with. */
  attempt: number;
  onProgress: (p: WorkerProgress) => void;
  resolve: (answer: WorkerAnswer) => void;
  reject: (err: Error) => void;
}

/**
 * A pool of one worker thread for matching runs: runs queue and are computed one after the
 * other off the event loop, so /health, parent pages and the other requests keep answering.
 * The thread starts on the first run and stays (unref'd) for the next; when it dies mid-run,
 * that run is rejected and the next run starts a fresh thread.
 *
 * The thread's heap is kept small, so a run does not hold on to memory it no longer needs
 * (a board of 20,000 parents computes within 96 MB). A run that needs more makes the thread
 * run out of memory: it is then computed again in a thread with the next, larger limit.
 */
@Injectable()
export class MatchingRunPool implements OnModuleDestroy {
  private worker: Worker | null = null;
  private current: Pending | null = null;
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  /** Old-generation heap limits of the thread, tried in order when a run runs out of memory. */
  heapLimitsMb: readonly number[] = [96, 512, 2048];
  private limitOfWorker = 0;
  /** Nice value of the thread (Linux: 0 normal, 19 lowest): it yields to the API's event loop. */
  protected readonly nice: number = 10;

  /** Runs waiting for the thread (not counting the one it computes). */
  get waiting(): number {
    return this.queue.length;
  }

  run(
    job: Omit<WorkerJob, 'id'>,
    onProgress: (p: WorkerProgress) => void = () => undefined,
  ): Promise<WorkerAnswer> {
    if (this.closed) return Promise.reject(new Error('The matching pool is closed'));
    return new Promise((resolve, reject) => {
      const pending: Pending = {
        job: { ...job, id: this.nextId++ },
        attempt: 0,
        onProgress,
        resolve,
        reject,
      };
      // A run someone waits for goes before recruitment advice computed in the background.
      const behind =
        job.kind === 'recruitment' ? -1 : this.queue.findIndex((p) => p.job.kind === 'recruitment');
      if (behind < 0) this.queue.push(pending);
      else this.queue.splice(behind, 0, pending);
      this.pump();
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('The application stopped'));
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private pump(): void {
    if (this.current || !this.queue.length) return;
    const next = this.queue.shift()!;
    this.current = next;
    try {
      const worker = this.thread(next.attempt);
      worker.ref(); // a run in progress keeps the process alive
      worker.postMessage(next.job);
    } catch (err) {
      this.finish((p) => p.reject(err instanceof Error ? err : new Error(String(err))));
    }
  }

  private finish(settle: (p: Pending) => void): void {
    const p = this.current;
    this.current = null;
    if (!this.queue.length) this.worker?.unref();
    if (p) settle(p);
    this.pump();
  }

  private thread(attempt: number): Worker {
    if (this.worker && this.limitOfWorker === attempt) return this.worker;
    if (this.worker) {
      const old = this.worker;
      this.worker = null; // its exit is no run's failure
      void old.terminate();
    }
    const limit = this.heapLimitsMb[Math.min(attempt, this.heapLimitsMb.length - 1)];
    const worker = spawnWorker(
      { maxOldGenerationSizeMb: limit, maxYoungGenerationSizeMb: 8 },
      { nice: this.nice },
    );
    worker.unref();
    worker.on('message', (m: WorkerMessage) => {
      const p = this.current;
      if (!p || m.id !== p.job.id) return;
      if (m.type === 'progress') p.onProgress(m);
      else this.finish((q) => q.resolve(m));
    });
    const died = (err: Error & { code?: string }): void => {
      if (this.worker !== worker) return;
      this.worker = null;
      const p = this.current;
      if (
        p &&
        err.code === 'ERR_WORKER_OUT_OF_MEMORY' &&
        p.attempt + 1 < this.heapLimitsMb.length &&
        !this.closed
      ) {
        // Again, first in line, with more memory.
        this.current = null;
        this.queue.unshift({ ...p, attempt: p.attempt + 1 });
        this.pump();
        return;
      }
      this.finish((q) => q.reject(err));
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`The matching thread stopped (exit code ${code})`)));
    this.worker = worker;
    this.limitOfWorker = attempt;
    return worker;
  }
}

/**
 * A second thread, at the lowest priority, for the recruitment advice computed after each run
 * (the engine re-run up to 13 times): a run someone waits for never queues behind it, and
 * gets the CPU first when both compute.
 */
@Injectable()
export class RecruitmentPool extends MatchingRunPool {
  protected override readonly nice: number = 19;
}

/**
 * The compiled worker next to this file (the build); from TypeScript sources (tests and
 * benchmarks run with ts-node or jest) the worker's modules transpiled once to plain
 * JavaScript under node_modules/.cache, so the thread loads neither a compiler nor a
 * transpiler's native addon.
 */
function spawnWorker(resourceLimits: ResourceLimits, workerData: { nice: number }): Worker {
  const js = join(__dirname, 'matching-run.worker.js');
  if (existsSync(js)) return new Worker(js, { resourceLimits, workerData });
  return new Worker(transpiledWorker(join(__dirname, 'matching-run.worker.ts')), {
    resourceLimits,
    workerData,
  });
}

/** Transpiles a TypeScript module and the relative modules it imports; returns its .js path. */
function transpiledWorker(entry: string): string {
  // Only reached from TypeScript sources, where the compiler is installed (dev dependency).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof import('typescript');
  const root = join(__dirname, '..', '..', '..');
  const out = join(root, 'node_modules', '.cache', 'oudermaatje', 'matching-worker');
  const target = (file: string): string => join(out, relative(root, file)).replace(/\.ts$/, '.js');
  const todo = [entry];
  const seen = new Set<string>();
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        experimentalDecorators: true,
        useDefineForClassFields: false,
      },
    });
    const dest = target(file);
    mkdirSync(dirname(dest), { recursive: true });
    // Several test processes may do this at once: write aside, then rename (atomic).
    const temp = `${dest}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(temp, outputText);
    renameSync(temp, dest);
    for (const [, spec] of outputText.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
      const base = join(dirname(file), spec);
      todo.push(existsSync(`${base}.ts`) ? `${base}.ts` : join(base, 'index.ts'));
    }
  }
  return target(entry);
}
