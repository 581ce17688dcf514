import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { DomainError, NotFoundError } from '../common/errors/domain-error';
import { School } from '../schools/school.entity';
import { SENSITIVE_SITUATIONS } from '../taxonomy/taxonomy';
import {
  EngineParent,
  MatchingError,
  MatchingResult,
  MatchingWeights,
  PairRef,
  proposeMatches,
  resolveWeights,
} from './engine';
import { ParentLoad, toEngineParent } from './engine-input.mapper';
import { Match } from './match.entity';
import { MatchLifecycleService } from './match-lifecycle.service';
import { MatchingRun, SkippedPin, SkippedPinReason } from './matching-run.entity';
import { MatchingRepository } from './matching.repository';

/**
 * Hard rules a pin can break because a parent changed since it was set (paused, left,
 * found a buddy, withdrew consent, is full): such a pin is skipped and the run goes on.
 * A pin that contradicts the rules themselves (a forbidden pair, no shared language, the
 * same household, a seeker pinned twice) still stops the run, so staff resolve it.
 */
const STALE_PIN_RULES = new Set([
  'unknown_parent',
  'seeker_not_seeking',
  'buddy_not_offering',
  'inactive_status',
  'no_consent',
  'buddy_full',
]);

/** Why a stale pin was skipped, in words a page can show. */
function skipReason(
  rule: string,
  seeker: EngineParent | undefined,
  buddy: EngineParent | undefined,
  loads: Map<string, ParentLoad>,
): { reason: SkippedPinReason; parentId?: string } {
  switch (rule) {
    case 'seeker_not_seeking':
      return {
        reason: seeker && loads.get(seeker.id)?.hasBuddy ? 'has_buddy' : 'not_seeking',
        parentId: seeker?.id,
      };
    case 'buddy_not_offering':
      return { reason: 'not_offering', parentId: buddy?.id };
    case 'no_consent':
      return { reason: 'no_consent', parentId: seeker?.consentToMatch ? buddy?.id : seeker?.id };
    case 'inactive_status': {
      const inactive = [seeker, buddy].find((p) => p?.status === 'paused' || p?.status === 'left');
      return { reason: inactive?.status === 'left' ? 'left' : 'paused', parentId: inactive?.id };
    }
    case 'unknown_parent':
      return { reason: 'gone' };
    default:
      return { reason: 'buddy_full', parentId: buddy?.id };
  }
}

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
    private readonly lifecycle: MatchLifecycleService,
  ) {}

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
      let result: MatchingResult | undefined;
      const engineParents = parents.map((p) => {
        const ep = toEngineParent(p, loads.get(p.id) ?? { asBuddy: 0, hasBuddy: false }, now);
        // Parents of other schools in the board take part as buddies only.
        return p.schoolId === schoolId ? ep : { ...ep, seeksNow: false };
      });
      const { pins, skipped } = await this.pinsStillInPool(m, pinnedPairs, engineParents);
      try {
        weights = resolveWeights(school.settings.matching.weights);
        const byId = new Map(engineParents.map((p) => [p.id, p]));
        // A pin that can no longer hold is skipped with its reason and the engine asked
        // again; every round drops one pin, so this ends after at most pins.length + 1.
        while (!result) {
          try {
            result = proposeMatches({
              parents: engineParents,
              excludedPairs,
              pinnedPairs: pins,
              weights,
              allowCrossSchool: pool.length > 1,
              sensitiveSituations: [...SENSITIVE_SITUATIONS],
            });
          } catch (err) {
            const d = err instanceof MatchingError ? err.details : undefined;
            const rule = typeof d?.rule === 'string' ? d.rule : '';
            if (
              !(err instanceof MatchingError) ||
              err.code !== 'matching.pin_invalid' ||
              !STALE_PIN_RULES.has(rule)
            )
              throw err;
            const seekerId = String(d?.seekerId);
            const buddyId = String(d?.buddyId);
            const before = pins.length;
            pins.splice(
              0,
              pins.length,
              ...pins.filter((p) => p.seekerId !== seekerId || p.buddyId !== buddyId),
            );
            if (pins.length === before) throw err;
            const why = skipReason(rule, byId.get(seekerId), byId.get(buddyId), loads);
            skipped.push({
              seekerId,
              buddyId,
              reason: why.reason,
              // Without a parent to name (an unknown one), the one missing from the run.
              parentId: why.parentId ?? (byId.has(seekerId) ? buddyId : seekerId),
            });
          }
        }
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
        skippedPins: skipped,
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

  /**
   * Pins whose parents are still in the run's pool; the others (a parent paused, left,
   * erased, or moved out of the pool) are skipped with the reason.
   */
  private async pinsStillInPool(
    m: EntityManager,
    pinned: PairRef[],
    parents: EngineParent[],
  ): Promise<{ pins: PairRef[]; skipped: SkippedPin[] }> {
    const inPool = new Set(parents.map((p) => p.id));
    const missing = [
      ...new Set(pinned.flatMap((p) => [p.seekerId, p.buddyId]).filter((id) => !inPool.has(id))),
    ];
    if (!missing.length) return { pins: [...pinned], skipped: [] };
    const rows: { id: string; status: string; erased: boolean }[] = await m.query(
      `SELECT id, status, erased_at IS NOT NULL AS erased FROM parent WHERE id = ANY($1)`,
      [missing],
    );
    const state = new Map(rows.map((r) => [r.id, r]));
    const pins: PairRef[] = [];
    const skipped: SkippedPin[] = [];
    for (const pin of pinned) {
      const away = [pin.seekerId, pin.buddyId].find((id) => !inPool.has(id));
      if (!away) {
        pins.push(pin);
        continue;
      }
      const row = state.get(away);
      const reason: SkippedPinReason =
        row?.erased || row?.status === 'left'
          ? 'left'
          : row?.status === 'paused'
            ? 'paused'
            : 'gone';
      skipped.push({ seekerId: pin.seekerId, buddyId: pin.buddyId, reason, parentId: away });
    }
    return { pins, skipped };
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
