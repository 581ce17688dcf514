import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, AnyActor } from '../common/auth/actor';
import { ConflictError, DomainError, NotFoundError } from '../common/errors/domain-error';
import { OutboxService } from '../notifications/outbox.service';
import { Parent } from '../parents/parent.entity';
import { School } from '../schools/school.entity';
import { CheckInRecord, Match } from './match.entity';
import { MatchingRepository } from './matching.repository';

const DAY = 86_400_000;
/** Check-ins ("how is it going?") after about two and six weeks. */
export const CHECK_IN_WEEKS = [2, 6];

export type Side = 'seeker' | 'buddy';
export type DeclineReason = 'no_time' | 'not_now' | 'someone_else' | 'other';
export type EndOutcome = 'good' | 'neutral' | 'bad';

function constraintOf(err: unknown): string | undefined {
  if (!(err instanceof QueryFailedError)) return undefined;
  const driver = err.driverError as { constraint?: string } | undefined;
  return driver?.constraint;
}

/**
 * The life of a match after a run: approve (introductions go out in the same
 * transaction), each parent's answer, activation, check-ins and the end. Whoever acts,
 * staff or a parent through their link, the same rules and messages apply.
 */
@Injectable()
export class MatchLifecycleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: MatchingRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  async approve(actor: Actor, schoolId: string, matchId: string): Promise<Match> {
    return this.dataSource.transaction(async (m) => {
      const match = await this.repo.lockInSchool(m, schoolId, matchId);
      if (!match) throw new NotFoundError('Match');
      if (match.status === 'approved' || match.status === 'active') return match;
      if (match.status !== 'proposed')
        throw new ConflictError(
          'match.not_proposed',
          `Only a proposal can be approved; this match is ${match.status}.`,
        );
      await this.assertMayBeMatched(m, match);
      try {
        await m.update(
          Match,
          { id: match.id },
          { status: 'approved', approvedAt: new Date(), approvedBy: actor.staffId },
        );
      } catch (err) {
        const constraint = constraintOf(err);
        if (constraint === 'match_buddy_capacity')
          throw new ConflictError(
            'match.buddy_full',
            'This buddy has no free place any more; run the matching again.',
          );
        if (constraint === 'match_one_open_per_seeker')
          throw new ConflictError(
            'match.seeker_has_buddy',
            'This parent already has a buddy (approved or active).',
          );
        throw err;
      }
      await m.query(
        `UPDATE match SET status = 'superseded', updated_at = now() WHERE seeker_id = $1 AND status = 'proposed' AND id <> $2`,
        [match.seekerId, match.id],
      );
      const [seeker, buddy] = await this.pair(m, match);
      const school = await m.findOneByOrFail(School, { id: schoolId });
      const responseDays = school.settings.matching.responseDays;
      const shared = match.reasons
        .filter((r) => !r.staffOnly)
        .map((r) => ({ code: r.code, params: r.params }));
      for (const [to, other, kind] of [
        [seeker, buddy, 'intro_seeker'],
        [buddy, seeker, 'intro_buddy'],
      ] as const) {
        await this.outbox.enqueue(m, {
          schoolId: to.schoolId,
          parentId: to.id,
          kind,
          subject: { type: 'match', id: match.id },
          payload: { matchId: match.id, otherParentId: other.id, reasons: shared, responseDays },
          link: {
            purpose: 'match',
            subjectId: match.id,
            expiresAt: new Date(Date.now() + (responseDays * 3 + 30) * DAY),
          },
        });
      }
      await this.audit.record(
        actor,
        { schoolId, action: 'match.approve', entityType: 'match', entityId: match.id },
        m,
      );
      return m.findOneByOrFail(Match, { id: match.id });
    });
  }

  async reject(actor: Actor, schoolId: string, matchId: string, reason?: string): Promise<Match> {
    return this.dataSource.transaction(async (m) => {
      const match = await this.repo.lockInSchool(m, schoolId, matchId);
      if (!match) throw new NotFoundError('Match');
      if (match.status === 'rejected') return match;
      if (match.status !== 'proposed')
        throw new ConflictError(
          'match.not_proposed',
          `Only a proposal can be rejected; this match is ${match.status}.`,
        );
      await m.update(
        Match,
        { id: match.id },
        { status: 'rejected', declineReason: reason ?? null },
      );
      await this.audit.record(
        actor,
        { schoolId, action: 'match.reject', entityType: 'match', entityId: match.id },
        m,
      );
      return m.findOneByOrFail(Match, { id: match.id });
    });
  }

  /** A parent's accept or decline, given through their link or recorded by staff. */
  async respond(
    actor: AnyActor,
    schoolId: string,
    matchId: string,
    parentId: string,
    response: 'accepted' | 'declined',
    reason?: DeclineReason,
  ): Promise<Match> {
    return this.dataSource.transaction(async (m) => {
      const match = await this.repo.lockInSchool(m, schoolId, matchId);
      if (!match) throw new NotFoundError('Match');
      const side: Side | undefined =
        match.seekerId === parentId ? 'seeker' : match.buddyId === parentId ? 'buddy' : undefined;
      if (!side)
        throw new DomainError(
          'invalid',
          'match.not_a_party',
          'This parent is not part of this match.',
          [
            {
              field: 'parentId',
              messages: ['parentId must be the seeker or the buddy of this match'],
            },
          ],
        );
      const given = side === 'seeker' ? match.seekerResponse : match.buddyResponse;
      if (given === response) return match; // a second tap changes nothing
      if (given)
        throw new ConflictError(
          'match.already_answered',
          `This parent already ${given} the match.`,
        );
      if (match.status !== 'approved')
        throw new ConflictError(
          'match.not_open',
          `The match is ${match.status}; it can no longer be answered.`,
        );
      const now = new Date();
      const patch: Partial<Match> =
        side === 'seeker'
          ? { seekerResponse: response, seekerRespondedAt: now }
          : { buddyResponse: response, buddyRespondedAt: now };
      const [seeker, buddy] = await this.pair(m, match);
      if (response === 'declined') {
        Object.assign(patch, { status: 'declined', declineReason: reason ?? null });
        await m.update(Match, { id: match.id }, patch);
        // The seeker goes back into the pool, keeping their waiting time (priority).
        await m.update(
          Parent,
          { id: seeker.id },
          { status: 'waiting', waitingSince: seeker.waitingSince ?? now },
        );
        if (side === 'buddy')
          await this.outbox.enqueue(m, {
            schoolId: seeker.schoolId,
            parentId: seeker.id,
            kind: 'buddy_declined',
            subject: { type: 'match', id: match.id },
            payload: { matchId: match.id, otherParentId: buddy.id },
          });
      } else {
        const bothAccepted =
          (side === 'seeker' ? match.buddyResponse : match.seekerResponse) === 'accepted';
        if (bothAccepted) Object.assign(patch, { status: 'active', activatedAt: now });
        await m.update(Match, { id: match.id }, patch);
        if (bothAccepted) await this.activate(m, match, seeker, buddy, now);
      }
      await this.audit.record(
        actor,
        {
          schoolId,
          action: `match.${response === 'accepted' ? 'accept' : 'decline'}`,
          entityType: 'match',
          entityId: match.id,
          details: { side },
        },
        m,
      );
      return m.findOneByOrFail(Match, { id: match.id });
    });
  }

  async end(
    actor: Actor,
    schoolId: string,
    matchId: string,
    reason: string,
    outcome: EndOutcome,
    rematch: boolean,
  ): Promise<Match> {
    return this.dataSource.transaction(async (m) => {
      const match = await this.repo.lockInSchool(m, schoolId, matchId);
      if (!match) throw new NotFoundError('Match');
      if (match.status === 'ended') return match;
      if (match.status !== 'active' && match.status !== 'approved')
        throw new ConflictError(
          'match.not_open',
          `Only an approved or active match can be ended; this one is ${match.status}.`,
        );
      const now = new Date();
      await m.update(
        Match,
        { id: match.id },
        { status: 'ended', endedAt: now, endReason: reason, endOutcome: outcome },
      );
      await m.update(
        Parent,
        { id: match.seekerId },
        rematch
          ? { status: 'waiting', waitingSince: now }
          : { status: 'enrolled', waitingSince: null },
      );
      await m.query(
        `UPDATE parent SET status = 'enrolled' WHERE id = $1 AND status = 'matched'
            AND NOT EXISTS (SELECT 1 FROM match WHERE buddy_id = $1 AND status IN ('approved', 'active'))
            AND NOT EXISTS (SELECT 1 FROM match WHERE seeker_id = $1 AND status IN ('approved', 'active'))`,
        [match.buddyId],
      );
      // Check-ins planned for later are no longer needed.
      await m.query(
        `UPDATE notification SET status = 'skipped', last_error = 'match ended', updated_at = now() WHERE subject_id = $1 AND kind = 'check_in' AND status = 'pending'`,
        [match.id],
      );
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'match.end',
          entityType: 'match',
          entityId: match.id,
          details: { reason, outcome, rematch },
        },
        m,
      );
      return m.findOneByOrFail(Match, { id: match.id });
    });
  }

  /** A parent's answer to "how is it going?". "Stopped" or "could be better" flags the pair for staff. */
  async checkIn(
    actor: AnyActor,
    schoolId: string,
    matchId: string,
    parentId: string,
    answer: CheckInRecord['answer'],
  ): Promise<Match> {
    return this.dataSource.transaction(async (m) => {
      const match = await this.repo.lockInSchool(m, schoolId, matchId);
      if (!match) throw new NotFoundError('Match');
      if (match.seekerId !== parentId && match.buddyId !== parentId)
        throw new DomainError(
          'invalid',
          'match.not_a_party',
          'This parent is not part of this match.',
          [
            {
              field: 'parentId',
              messages: ['parentId must be the seeker or the buddy of this match'],
            },
          ],
        );
      if (match.status !== 'active')
        throw new ConflictError('match.not_active', 'Only an active match has check-ins.');
      const last = [...match.checkIns].reverse().find((c) => c.parentId === parentId);
      if (last?.answer === answer && Date.now() - Date.parse(last.at) < DAY) return match; // double tap
      const checkIns = [...match.checkIns, { parentId, answer, at: new Date().toISOString() }];
      await m.update(
        Match,
        { id: match.id },
        { checkIns, needsAttention: match.needsAttention || answer !== 'good' },
      );
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'match.check_in',
          entityType: 'match',
          entityId: match.id,
          details: { answer },
        },
        m,
      );
      return m.findOneByOrFail(Match, { id: match.id });
    });
  }

  /** A consultant looked at a flagged pair (a worrying check-in): it leaves the attention list. */
  async clearAttention(actor: Actor, schoolId: string, matchId: string): Promise<Match> {
    return this.dataSource.transaction(async (m) => {
      const match = await this.repo.lockInSchool(m, schoolId, matchId);
      if (!match) throw new NotFoundError('Match');
      if (!match.needsAttention) return match;
      await m.update(Match, { id: match.id }, { needsAttention: false });
      await this.audit.record(
        actor,
        { schoolId, action: 'match.attention_cleared', entityType: 'match', entityId: match.id },
        m,
      );
      return m.findOneByOrFail(Match, { id: match.id });
    });
  }

  private async activate(
    m: EntityManager,
    match: Match,
    seeker: Parent,
    buddy: Parent,
    now: Date,
  ): Promise<void> {
    await m.update(Parent, { id: seeker.id }, { status: 'matched' });
    await m.query(
      `UPDATE parent SET status = 'matched' WHERE id = $1 AND status IN ('enrolled', 'waiting')`,
      [buddy.id],
    );
    const shareContact =
      seeker.consents.share_contact?.granted === true &&
      buddy.consents.share_contact?.granted === true;
    for (const [to, other] of [
      [seeker, buddy],
      [buddy, seeker],
    ] as const) {
      await this.outbox.enqueue(m, {
        schoolId: to.schoolId,
        parentId: to.id,
        kind: 'both_accepted',
        subject: { type: 'match', id: match.id },
        payload: {
          matchId: match.id,
          otherParentId: other.id,
          shareContact,
        },
      });
      for (const weeks of CHECK_IN_WEEKS) {
        await this.outbox.enqueue(m, {
          schoolId: to.schoolId,
          parentId: to.id,
          kind: 'check_in',
          subject: { type: 'match', id: match.id },
          repeatKey: `week-${weeks}`,
          payload: { matchId: match.id, otherParentId: other.id, weeks },
          link: {
            purpose: 'check_in',
            subjectId: match.id,
            expiresAt: new Date(now.getTime() + (weeks * 7 + 60) * DAY),
          },
          notBefore: new Date(now.getTime() + weeks * 7 * DAY),
        });
      }
    }
  }

  /**
   * Consent and participation count at the moment of approval, not at the run: a parent who
   * paused, left, was erased or withdrew consent to be matched since is not introduced.
   */
  private async assertMayBeMatched(m: EntityManager, match: Match): Promise<void> {
    for (const p of await this.pair(m, match)) {
      if (p.erasedAt || p.status === 'left' || p.status === 'paused')
        throw new ConflictError(
          'match.parent_inactive',
          `This proposal cannot be approved: one of the two parents ${p.status === 'paused' ? 'is paused' : 'has left'}. Run the matching again.`,
        );
      if (p.consents.matching?.granted !== true)
        throw new ConflictError(
          'match.no_consent',
          'This proposal cannot be approved: one of the two parents no longer agrees to be matched. Run the matching again.',
        );
    }
  }

  private async pair(m: EntityManager, match: Match): Promise<[Parent, Parent]> {
    const seeker = await m.findOneByOrFail(Parent, { id: match.seekerId });
    const buddy = await m.findOneByOrFail(Parent, { id: match.buddyId });
    return [seeker, buddy];
  }
}
