import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { DomainError, NotFoundError } from '../common/errors/domain-error';
import { School } from '../schools/school.entity';
import { SENSITIVE_SITUATIONS } from '../taxonomy/taxonomy';
import {
  MatchingError,
  MatchingResult,
  MatchingWeights,
  proposeMatches,
  resolveWeights,
} from './engine';
import { toEngineParent } from './engine-input.mapper';
import { Match } from './match.entity';
import { MatchingRun } from './matching-run.entity';
import { MatchingRepository } from './matching.repository';

export interface RunOutcome {
  run: MatchingRun;
  proposals: Match[];
  result: MatchingResult;
}

/** Loads a school's pool, asks the engine for the optimal proposals, and saves them. */
@Injectable()
export class MatchingRunService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: MatchingRepository,
    private readonly audit: AuditService,
  ) {}

  async run(actor: Actor, schoolId: string, now = new Date()): Promise<RunOutcome> {
    const started = performance.now();
    return this.dataSource.transaction(async (m) => {
      // One run per school at a time: a second one waits, then sees the first one's result.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('matching-run:' || $1))`, [schoolId]);
      const school = await m.findOneBy(School, { id: schoolId });
      if (!school) throw new NotFoundError('School');
      const pool = await this.repo.poolSchools(m, school);
      // One connection per transaction: the queries run one after the other.
      const parents = await this.repo.activeParents(m, pool);
      const loads = await this.repo.loads(m, pool);
      const excludedPairs = await this.repo.exclusions(m, pool);
      const pinnedPairs = await this.repo.pins(m, schoolId);
      let weights: MatchingWeights;
      let result: MatchingResult;
      try {
        weights = resolveWeights(school.settings.matching.weights);
        const engineParents = parents.map((p) => {
          const ep = toEngineParent(p, loads.get(p.id) ?? { asBuddy: 0, hasBuddy: false }, now);
          // Parents of other schools in the board take part as buddies only.
          return p.schoolId === schoolId ? ep : { ...ep, seeksNow: false };
        });
        result = proposeMatches({
          parents: engineParents,
          excludedPairs,
          pinnedPairs,
          weights,
          allowCrossSchool: pool.length > 1,
          sensitiveSituations: [...SENSITIVE_SITUATIONS],
        });
      } catch (err) {
        if (err instanceof MatchingError)
          throw new DomainError('invalid', err.code, err.message, undefined, err.details);
        throw err;
      }
      await m.query(
        `UPDATE match SET status = 'superseded', updated_at = now() WHERE school_id = $1 AND status = 'proposed'`,
        [schoolId],
      );
      const run = m.create(MatchingRun, {
        schoolId,
        createdBy: actor.staffId,
        weights,
        stats: result.stats,
        unmatched: result.unmatched,
        durationMs: 0,
      });
      await m.insert(MatchingRun, run);
      const proposals = result.proposals.map((p) =>
        m.create(Match, {
          schoolId,
          runId: run.id,
          seekerId: p.seekerId,
          buddyId: p.buddyId,
          status: 'proposed',
          score: p.score,
          reasons: p.reasons,
          pinned: p.pinned,
          remindersSent: 0,
          needsAttention: false,
          checkIns: [],
        }),
      );
      if (proposals.length) await m.insert(Match, proposals);
      run.durationMs = Math.round(performance.now() - started);
      await m.update(MatchingRun, { id: run.id }, { durationMs: run.durationMs });
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'matching.run',
          entityType: 'matching_run',
          entityId: run.id,
          details: { proposals: proposals.length, unmatched: result.unmatched.length },
        },
        m,
      );
      return { run, proposals, result };
    });
  }

  async get(schoolId: string, runId: string): Promise<{ run: MatchingRun; proposals: Match[] }> {
    const run = await this.dataSource.manager.findOneBy(MatchingRun, { id: runId, schoolId });
    if (!run) throw new NotFoundError('Matching run');
    const proposals = await this.dataSource.manager.find(Match, {
      where: { runId, schoolId },
      order: { seekerId: 'ASC' },
    });
    return { run, proposals };
  }
}
