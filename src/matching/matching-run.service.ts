import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { ConflictError, DomainError, NotFoundError } from '../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../config/config';
import { School } from '../schools/school.entity';
import { resolveWeights } from './engine';
import { Match } from './match.entity';
import { MatchLifecycleService } from './match-lifecycle.service';
import { MatchingRun, MatchingRunError, MatchingRunPhase } from './matching-run.entity';
import { MatchingRunPool, RecruitmentPool } from './run/matching-run.pool';
import type { WorkerDone, WorkerProgress } from './run/run-protocol';

/** A run whose heartbeat is older than this is taken for dead (its process stopped). */
export const STALE_RUN_SECONDS = 60;
const HEARTBEAT_MS = 10_000;
/** At most one progress write per run in this interval. */
const PROGRESS_WRITE_MS = 250;

/** Percent reached at the start of each phase, and the share the phase itself spans. */
const PHASE_RANGE: Record<WorkerProgress['phase'] | 'saving', [number, number]> = {
  loading: [5, 15],
  candidates: [20, 45],
  solving: [65, 25],
  reasons: [90, 5],
  saving: [95, 5],
};

function percent(phase: WorkerProgress['phase'] | 'saving', done: number, total: number): number {
  const [start, span] = PHASE_RANGE[phase];
  return Math.min(99, Math.round(start + (total > 0 ? (span * done) / total : 0)));
}

/** A failed run's error as the domain error a caller can act on (422), else null. */
export function runProblem(run: MatchingRun): DomainError | null {
  const e = run.error;
  if (run.status !== 'failed' || !e?.invalid) return null;
  return new DomainError('invalid', e.code, e.message, undefined, e.details);
}

/**
 * Matching runs: queued by a request, computed off the request thread (a worker thread reads
 * the pool and scores and solves), then written in one transaction with their proposals.
 * One run per school is queued or running at a time (a unique index); a run whose process
 * died is marked failed when someone next looks.
 */
@Injectable()
export class MatchingRunService implements OnModuleDestroy {
  /** Runs this process computes: their completion, and who started them. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly lifecycle: MatchLifecycleService,
    private readonly pool: MatchingRunPool,
    private readonly recruitmentPool: RecruitmentPool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleDestroy(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /**
   * Approves proposals of a run: the given ones, or every open proposal. Each approval is
   * its own transaction, so one that cannot be approved (a buddy got full) does not stop
   * the others; its problem is in the result.
   */
  async approveMany(
    actor: Actor,
    schoolId: string,
    runId: string,
    matchIds?: string[],
  ): Promise<{ matchId: string; status: string; problem?: string; error?: unknown }[]> {
    const { proposals } = await this.get(schoolId, runId);
    const wanted = matchIds
      ? proposals.filter((p) => matchIds.includes(p.id))
      : proposals.filter((p) => p.status === 'proposed');
    const results: { matchId: string; status: string; problem?: string; error?: unknown }[] = [];
    for (const p of wanted) {
      try {
        const m = await this.lifecycle.approve(actor, schoolId, p.id);
        results.push({ matchId: p.id, status: m.status });
      } catch (err) {
        results.push({
          matchId: p.id,
          status: p.status,
          problem: err instanceof Error ? err.message : String(err),
          error: err,
        });
      }
    }
    return results;
  }

  /**
   * Queues a run for the school and starts computing it in the background; answers at once
   * with the queued run. A school with a run still queued or running gets a conflict.
   */
  async start(actor: Actor, schoolId: string, now = new Date()): Promise<MatchingRun> {
    const school = await this.dataSource.manager.findOneBy(School, { id: schoolId });
    if (!school) throw new NotFoundError('School');
    await this.failStale(schoolId);
    let weights;
    try {
      weights = resolveWeights(school.settings.matching.weights);
    } catch (err) {
      const e = err as { code?: string; message: string; details?: Record<string, unknown> };
      throw new DomainError(
        'invalid',
        e.code ?? 'matching.invalid_weights',
        e.message,
        undefined,
        e.details,
      );
    }
    let run: MatchingRun;
    try {
      run = await this.dataSource.manager.save(
        this.dataSource.manager.create(MatchingRun, {
          schoolId,
          createdBy: actor.staffId,
          weights,
          status: 'queued',
          progress: 0,
          phase: null,
          error: null,
          stats: null,
          unmatched: [],
          skippedPins: [],
          durationMs: 0,
          heartbeatAt: now,
        }),
      );
    } catch (err) {
      if ((err as { code?: string }).code !== '23505') throw err;
      const active = await this.dataSource.manager.findOne(MatchingRun, {
        where: [
          { schoolId, status: 'queued' },
          { schoolId, status: 'running' },
        ],
      });
      throw new ConflictError(
        'matching.run_in_progress',
        'A matching run for this school is still in progress',
        { runId: active?.id },
      );
    }
    const done = this.execute(actor, run, now).finally(() => {
      this.inFlight.delete(run.id);
      if (!this.inFlight.size && this.heartbeat) {
        clearInterval(this.heartbeat);
        this.heartbeat = null;
      }
    });
    this.inFlight.set(run.id, done);
    this.heartbeat ??= setInterval(() => void this.beat(), HEARTBEAT_MS).unref();
    return run;
  }

  /**
   * Waits (at most timeoutMs) until the run is done or failed, then answers it as stored.
   * A run of this process is awaited; one of another process is polled.
   */
  async waitFor(schoolId: string, runId: string, timeoutMs = 120_000): Promise<MatchingRun> {
    const deadline = Date.now() + timeoutMs;
    const local = this.inFlight.get(runId);
    if (local) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        local,
        new Promise((r) => (timer = setTimeout(r, timeoutMs).unref())),
      ]).finally(() => clearTimeout(timer));
    }
    for (;;) {
      const run = await this.find(schoolId, runId);
      if (run.status === 'done' || run.status === 'failed' || Date.now() >= deadline) return run;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The run as stored (a stale one marked failed first). */
  async find(schoolId: string, runId: string): Promise<MatchingRun> {
    let run = await this.dataSource.manager.findOneBy(MatchingRun, { id: runId, schoolId });
    if (!run) throw new NotFoundError('Matching run');
    if ((run.status === 'queued' || run.status === 'running') && !this.inFlight.has(run.id)) {
      if (await this.failStale(schoolId))
        run = (await this.dataSource.manager.findOneBy(MatchingRun, { id: runId, schoolId }))!;
    }
    return run;
  }

  /** The school's latest run (any status), or null. */
  latest(schoolId: string): Promise<MatchingRun | null> {
    return this.dataSource.manager.findOne(MatchingRun, {
      where: { schoolId },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
  }

  /** One page of a run's proposals (by seeker), with the total. */
  async proposalsPage(
    schoolId: string,
    runId: string,
    page: number,
    pageSize: number,
  ): Promise<{ items: Match[]; total: number }> {
    const [items, total] = await Promise.all([
      this.dataSource.manager.find(Match, {
        where: { runId, schoolId },
        order: { seekerId: 'ASC', id: 'ASC' },
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
      this.dataSource.manager.count(Match, { where: { runId, schoolId } }),
    ]);
    return { items, total };
  }

  /** A run with all its proposals (for approving every open one). */
  async get(schoolId: string, runId: string): Promise<{ run: MatchingRun; proposals: Match[] }> {
    const run = await this.find(schoolId, runId);
    const proposals = await this.dataSource.manager.find(Match, {
      where: { runId, schoolId },
      order: { seekerId: 'ASC', id: 'ASC' },
    });
    return { run, proposals };
  }

  /** Marks the school's queued or running runs whose heartbeat stopped as failed. */
  private async failStale(schoolId: string): Promise<number> {
    const error: MatchingRunError = {
      code: 'matching.run_interrupted',
      message: 'The run stopped before it was done (the process computing it ended)',
    };
    const [, affected] = await this.dataSource.query<[unknown, number]>(
      `UPDATE matching_run SET status = 'failed', phase = NULL, error = $2, finished_at = now()
        WHERE school_id = $1 AND status IN ('queued', 'running')
          AND COALESCE(heartbeat_at, created_at) < now() - make_interval(secs => $3)
          AND NOT (id = ANY($4::uuid[]))`,
      [schoolId, error, STALE_RUN_SECONDS, [...this.inFlight.keys()]],
    );
    return affected;
  }

  private async beat(): Promise<void> {
    if (!this.inFlight.size) return;
    await this.dataSource
      .query(`UPDATE matching_run SET heartbeat_at = now() WHERE id = ANY($1::uuid[])`, [
        [...this.inFlight.keys()],
      ])
      .catch(() => undefined);
  }

  private async progress(
    runId: string,
    phase: MatchingRunPhase,
    progress: number,
    status: 'running' = 'running',
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE matching_run SET status = $2, phase = $3, progress = GREATEST(progress, $4),
              heartbeat_at = now(), started_at = COALESCE(started_at, now())
        WHERE id = $1 AND status IN ('queued', 'running')`,
      [runId, status, phase, progress],
    );
  }

  /** Computes a queued run in the worker thread and writes its outcome; never throws. */
  private async execute(actor: Actor, run: MatchingRun, now: Date): Promise<void> {
    const started = performance.now();
    let lastWrite = 0;
    let writing: Promise<void> = Promise.resolve();
    try {
      const answer = await this.pool.run(
        { databaseUrl: this.config.databaseUrl!, schoolId: run.schoolId, now: now.toISOString() },
        (p) => {
          const t = performance.now();
          if (t - lastWrite < PROGRESS_WRITE_MS && p.done < p.total) return;
          lastWrite = t;
          const phase: MatchingRunPhase = p.phase;
          writing = writing
            .then(() => this.progress(run.id, phase, percent(p.phase, p.done, p.total)))
            .catch(() => undefined);
        },
      );
      await writing;
      if (answer.type === 'failed') {
        await this.fail(run.id, answer.error);
        return;
      }
      if (answer.type !== 'done') throw new Error(`Unexpected answer: ${answer.type}`);
      await this.progress(run.id, 'saving', PHASE_RANGE.saving[0]);
      await this.save(actor, run, answer, started);
      // After the run, off the request thread too: which new buddies would help the most.
      this.recruiting = this.recruiting
        .then(() => this.adviseRecruitment(run.id, run.schoolId, now))
        .catch(() => undefined);
    } catch (err) {
      await writing;
      await this.fail(run.id, {
        code: 'matching.run_failed',
        message: err instanceof Error ? err.message : String(err),
      }).catch(() => undefined);
    }
  }

  /**
   * Computes the recruitment advice of a finished run (the engine re-run with one imagined
   * buddy of each kind the waiting seekers need) in the worker thread, and stores it on the
   * run for the overview. A failure leaves it empty (null): the overview then shows none.
   */
  async adviseRecruitment(runId: string, schoolId: string, now = new Date()): Promise<void> {
    const answer = await this.recruitmentPool.run({
      kind: 'recruitment',
      databaseUrl: this.config.databaseUrl!,
      schoolId,
      now: now.toISOString(),
    });
    if (answer.type !== 'recruitment') return;
    await this.dataSource.query(`UPDATE matching_run SET recruitment = $2::jsonb WHERE id = $1`, [
      runId,
      answer.optionsJson,
    ]);
  }

  /** Recruitment advice being computed (tests and shutdown wait for it). */
  private recruiting: Promise<void> = Promise.resolve();

  /** Resolves once every recruitment advice queued so far is stored. */
  recruitmentSettled(): Promise<void> {
    return this.recruiting;
  }

  private async fail(runId: string, error: MatchingRunError): Promise<void> {
    await this.dataSource.query(
      `UPDATE matching_run SET status = 'failed', phase = NULL, error = $2, finished_at = now()
        WHERE id = $1 AND status IN ('queued', 'running')`,
      [runId, error],
    );
  }

  /**
   * The outcome in one transaction: earlier open proposals superseded, every new proposal
   * inserted by one statement from the worker's JSON, the run marked done. A failure rolls
   * all of it back (the run is then marked failed), so no half-written set ever shows.
   */
  private async save(
    actor: Actor,
    run: MatchingRun,
    answer: WorkerDone,
    started: number,
  ): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `UPDATE match SET status = 'superseded', updated_at = now() WHERE school_id = $1 AND status = 'proposed'`,
        [run.schoolId],
      );
      // A seeker approved meanwhile (from an earlier run) is not proposed again.
      await m.query(
        `INSERT INTO match (school_id, run_id, seeker_id, buddy_id, status, score, reasons, pinned,
                            reminders_sent, needs_attention, check_ins)
         SELECT $1, $2, x.seeker_id, x.buddy_id, 'proposed', x.score, x.reasons, x.pinned, 0, false, '[]'
           FROM jsonb_to_recordset($3::jsonb)
                AS x(seeker_id uuid, buddy_id uuid, score int, reasons jsonb, pinned boolean)
          WHERE NOT EXISTS (SELECT 1 FROM match o WHERE o.seeker_id = x.seeker_id
                              AND o.status IN ('approved', 'active'))`,
        [run.schoolId, run.id, answer.proposalsJson],
      );
      const durationMs = Math.round(performance.now() - started);
      const [, updated] = await m.query<[unknown, number]>(
        `UPDATE matching_run
            SET status = 'done', progress = 100, phase = NULL, weights = $2, stats = $3,
                unmatched = $4::jsonb, skipped_pins = $5::jsonb, duration_ms = $6,
                started_at = COALESCE(started_at, now()), finished_at = now()
          WHERE id = $1 AND status IN ('queued', 'running')`,
        [
          run.id,
          answer.weights,
          answer.stats,
          answer.unmatchedJson,
          answer.skippedPinsJson,
          durationMs,
        ],
      );
      if (updated !== 1) throw new Error('The run was marked failed meanwhile');
      await this.audit.record(
        actor,
        {
          schoolId: run.schoolId,
          action: 'matching.run',
          entityType: 'matching_run',
          entityId: run.id,
          details: { proposals: answer.proposals, unmatched: answer.unmatched },
        },
        m,
      );
    });
  }
}
