import { SENSITIVE_SITUATIONS } from '../../taxonomy/taxonomy';
import {
  EngineParent,
  MatchingError,
  MatchingResult,
  MatchingWeights,
  PairRef,
  ProgressPhase,
  proposeMatches,
  resolveWeights,
} from '../engine';
import type { SkippedPin, SkippedPinReason } from '../matching-run.entity';
import type { AbsentParent, RunInput } from './run-input';

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
  hasBuddy: ReadonlySet<string>,
): { reason: SkippedPinReason; parentId?: string } {
  switch (rule) {
    case 'seeker_not_seeking':
      return {
        reason: seeker && hasBuddy.has(seeker.id) ? 'has_buddy' : 'not_seeking',
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

/**
 * Pins whose parents are still in the run's pool; the others (a parent paused, left,
 * erased, or moved out of the pool) are skipped with the reason.
 */
function pinsStillInPool(
  pinned: readonly PairRef[],
  parents: readonly EngineParent[],
  absent: readonly AbsentParent[],
): { pins: PairRef[]; skipped: SkippedPin[] } {
  const inPool = new Set(parents.map((p) => p.id));
  const state = new Map(absent.map((r) => [r.id, r]));
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
      row?.erased || row?.status === 'left' ? 'left' : row?.status === 'paused' ? 'paused' : 'gone';
    skipped.push({ seekerId: pin.seekerId, buddyId: pin.buddyId, reason, parentId: away });
  }
  return { pins, skipped };
}

export interface RunComputed {
  weights: MatchingWeights;
  result: MatchingResult;
  skippedPins: SkippedPin[];
}

/**
 * The CPU-heavy part of a run (scoring, solving, reasons), pure: the engine asked again
 * without each pin that can no longer hold, until it answers. Throws MatchingError for a
 * pin that contradicts the rules or invalid weights.
 */
export function computeRun(
  input: RunInput,
  onProgress?: (phase: ProgressPhase, done: number, total: number) => void,
): RunComputed {
  const weights = resolveWeights(input.weights);
  const { pins, skipped } = pinsStillInPool(input.pinnedPairs, input.parents, input.absent);
  const byId = new Map(input.parents.map((p) => [p.id, p]));
  const hasBuddy = new Set(input.hasBuddy);
  // A pin that can no longer hold is skipped with its reason and the engine asked again;
  // every round drops one pin, so this ends after at most pins.length + 1.
  for (;;) {
    try {
      const result = proposeMatches(
        {
          parents: input.parents,
          excludedPairs: input.excludedPairs,
          pinnedPairs: pins,
          weights,
          allowCrossSchool: input.pool.length > 1,
          sensitiveSituations: [...SENSITIVE_SITUATIONS],
        },
        { onProgress },
      );
      return { weights, result, skippedPins: skipped };
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
      const why = skipReason(rule, byId.get(seekerId), byId.get(buddyId), hasBuddy);
      skipped.push({
        seekerId,
        buddyId,
        reason: why.reason,
        // Without a parent to name (an unknown one), the one missing from the run.
        parentId: why.parentId ?? (byId.has(seekerId) ? buddyId : seekerId),
      });
    }
  }
}
