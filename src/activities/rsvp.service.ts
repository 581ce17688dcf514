import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AnyActor } from '../common/auth/actor';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../common/errors/domain-error';
import { ActivitiesRepository } from './activities.repository';
import { Activity, ActivityShown } from './activity.entity';
import { ActivityMessages } from './activity-messages';
import { Clock } from './clock';
import { localDateTime, SCHOOL_TIME_ZONE } from './core/local-time';
import { placesLeft } from './dto/activity-output.dto';
import { RsvpEntryDto, RsvpListDto } from './dto/rsvp.dto';

export type RsvpState = 'none' | 'confirmed' | 'waitlisted';

/** What a sign-up or cancellation did. */
export interface RsvpOutcome {
  activityId: string;
  parentId: string;
  state: RsvpState;
  /** Waitlisted: how many are before the parent; otherwise null. */
  ahead: number | null;
  /** false when nothing changed (already signed up; not signed up when cancelling). */
  changed: boolean;
  /** Parents moved up from the waitlist by this change. */
  promoted: number;
}

/** What the parent page shows about one activity for one parent (plain data). */
export interface ParentActivityView {
  activity: {
    id: string;
    kind: string;
    title: string;
    titles: Record<string, string>;
    description: string | null;
    descriptions: Record<string, string>;
    /** ISO 8601 UTC. */
    startsAt: string;
    endsAt: string;
    /** Local wall-clock time in timeZone, YYYY-MM-DDTHH:mm. */
    localStart: string;
    localEnd: string;
    timeZone: string;
    location: string;
    languages: string[];
    interpreter: boolean;
    childcare: boolean;
    costCents: number | null;
    capacity: number | null;
  };
  rsvp: { state: RsvpState; ahead: number | null };
  /** null when unlimited. */
  placesLeft: number | null;
  full: boolean;
  cancelled: boolean;
  /** The activity has started (or ended): no more sign-ups or cancellations. */
  past: boolean;
  canSignUp: boolean;
  canCancel: boolean;
}

/**
 * Sign-ups with capacity and a waitlist, the same for staff (on a parent's behalf) and for a
 * parent acting through their link. Every change locks the activity row first, so the
 * sign-ups of one activity are decided one at a time; the database refuses a confirmed count
 * above the capacity in any case (CHECK on activity.confirmed_count, kept by a trigger).
 */
@Injectable()
export class RsvpService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly activities: ActivitiesRepository,
    private readonly messages: ActivityMessages,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Signs a parent up: confirmed while places are left, else on the waitlist. Idempotent. */
  async signUp(
    actor: AnyActor,
    schoolId: string,
    activityId: string,
    parentId: string,
  ): Promise<RsvpOutcome> {
    assertMayActFor(actor, parentId);
    return this.dataSource.transaction(async (m) => {
      const a = await this.lockOpenActivity(m, schoolId, activityId);
      if (!(await this.activities.parentsOfSchool(m, schoolId, [parentId])).has(parentId))
        throw new ValidationError(
          'rsvp.unknown_parent',
          'parentId must be a parent of this school.',
          [{ field: 'parentId', messages: ['parentId must be a parent of this school'] }],
        );
      // No sign-up (and so no confirmation message) without consent to be invited to activities.
      const [consent]: { granted: boolean }[] = await m.query(
        `SELECT coalesce((consents->'activities'->>'granted')::boolean, false) AS granted FROM parent WHERE id = $1`,
        [parentId],
      );
      if (!consent?.granted)
        throw new ValidationError(
          'rsvp.no_consent',
          'This parent has not agreed to be invited to activities; record that consent first.',
          [{ field: 'parentId', messages: ['the parent has no consent for activities'] }],
        );
      const existing = await this.activities.findRsvp(m, activityId, parentId);
      if (existing && existing.status !== 'cancelled') {
        const ahead =
          existing.status === 'waitlisted'
            ? await this.activities.aheadOf(m, activityId, existing.position)
            : null;
        return { activityId, parentId, state: existing.status, ahead, changed: false, promoted: 0 };
      }
      const now = this.clock.now();
      const confirm = a.capacity === null || a.confirmedCount < a.capacity;
      const status = confirm ? 'confirmed' : 'waitlisted';
      const actorType = actor.kind;
      // A new position on every sign-up: someone who cancelled and signs up again joins the back.
      const [row]: { position: string }[] = existing
        ? await m
            .query(
              `UPDATE activity_rsvp SET status = $2, position = nextval('activity_rsvp_position_seq'), signed_up_at = $3,
                    confirmed_at = $4, promoted_at = NULL, cancelled_at = NULL, actor_type = $5, updated_at = now()
              WHERE id = $1 RETURNING position`,
              [existing.id, status, now, confirm ? now : null, actorType],
            )
            .then((r: [{ position: string }[], number]) => r[0])
        : await m.query(
            `INSERT INTO activity_rsvp (activity_id, school_id, parent_id, status, signed_up_at, confirmed_at, actor_type)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING position`,
            [activityId, schoolId, parentId, status, now, confirm ? now : null, actorType],
          );
      const ref = this.messages.ref(a);
      let ahead: number | null = null;
      if (confirm) {
        await this.messages.send(m, a, parentId, 'activity_confirmed', ref, `r${row.position}`);
      } else {
        ahead = await this.activities.aheadOf(m, activityId, row.position);
        await this.messages.send(
          m,
          a,
          parentId,
          'activity_waitlisted',
          { ...ref, ahead },
          `r${row.position}`,
        );
      }
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'activity.rsvp',
          entityType: 'parent',
          entityId: parentId,
          details: { activityId, state: status },
        },
        m,
      );
      return { activityId, parentId, state: status, ahead, changed: true, promoted: 0 };
    });
  }

  /** Cancels a parent's sign-up; a freed place goes to the first on the waitlist. Idempotent. */
  async cancel(
    actor: AnyActor,
    schoolId: string,
    activityId: string,
    parentId: string,
  ): Promise<RsvpOutcome> {
    assertMayActFor(actor, parentId);
    return this.dataSource.transaction(async (m) => {
      await this.lockOpenActivity(m, schoolId, activityId);
      if (!(await this.activities.parentsOfSchool(m, schoolId, [parentId])).has(parentId))
        throw new NotFoundError('Parent');
      const existing = await this.activities.findRsvp(m, activityId, parentId);
      if (!existing || existing.status === 'cancelled')
        return { activityId, parentId, state: 'none', ahead: null, changed: false, promoted: 0 };
      await m.query(
        `UPDATE activity_rsvp SET status = 'cancelled', cancelled_at = $2, updated_at = now() WHERE id = $1`,
        [existing.id, this.clock.now()],
      );
      const promoted = await this.promote(m, schoolId, activityId);
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'activity.rsvp_cancel',
          entityType: 'parent',
          entityId: parentId,
          details: { activityId, was: existing.status },
        },
        m,
      );
      return { activityId, parentId, state: 'none', ahead: null, changed: true, promoted };
    });
  }

  /**
   * Fills free places from the waitlist in sign-up order, inside the caller's transaction
   * (which must hold the activity's row lock). Each promoted parent is told once.
   */
  async promote(m: EntityManager, schoolId: string, activityId: string): Promise<number> {
    const a = await this.activities.findInSchool(schoolId, activityId, m);
    if (!a || a.status !== 'scheduled' || a.startsAt <= this.clock.now()) return 0;
    const free = a.capacity === null ? 10000 : a.capacity - a.confirmedCount;
    if (free <= 0) return 0;
    const next = await this.activities.nextOnWaitlist(m, activityId, free);
    if (!next.length) return 0;
    const now = this.clock.now();
    await m.query(
      `UPDATE activity_rsvp SET status = 'confirmed', confirmed_at = $2, promoted_at = $2, updated_at = now() WHERE id = ANY($1::uuid[])`,
      [next.map((r) => r.id), now],
    );
    const ref = this.messages.ref(a);
    for (const r of next)
      await this.messages.send(m, a, r.parent_id, 'activity_promoted', ref, `r${r.position}`);
    return next.length;
  }

  /** The confirmed sign-ups and the waitlist, each in order (a read of personal data: audited). */
  async list(actor: AnyActor, schoolId: string, activityId: string): Promise<RsvpListDto> {
    const a = await this.activities.findInSchool(schoolId, activityId);
    if (!a) throw new NotFoundError('Activity');
    const rows = await this.activities.listRsvps(activityId);
    const entry = (r: (typeof rows)[number], i: number): RsvpEntryDto => ({
      parentId: r.parentId,
      givenName: r.givenName,
      familyName: r.familyName,
      messageLanguage: r.messageLanguage,
      place: i + 1,
      signedUpAt: r.signedUpAt,
      confirmedAt: r.confirmedAt,
      promoted: r.promotedAt !== null,
    });
    const confirmed = rows.filter((r) => r.status === 'confirmed').map(entry);
    const waitlist = rows.filter((r) => r.status === 'waitlisted').map(entry);
    await this.audit.record(actor, {
      schoolId,
      action: 'activity.rsvps_read',
      entityType: 'activity',
      entityId: activityId,
      details: { count: rows.length },
    });
    return { capacity: a.capacity, placesLeft: placesLeft(a), confirmed, waitlist };
  }

  async viewForParent(
    schoolId: string,
    activityId: string,
    parentId: string,
  ): Promise<ParentActivityView> {
    const m = this.dataSource.manager;
    const a = await this.activities.findInSchool(schoolId, activityId, m);
    if (!a) throw new NotFoundError('Activity');
    if (!(await this.activities.parentsOfSchool(m, schoolId, [parentId])).has(parentId))
      throw new NotFoundError('Parent');
    const existing = await this.activities.findRsvp(m, activityId, parentId);
    const state: RsvpState = existing && existing.status !== 'cancelled' ? existing.status : 'none';
    const ahead =
      existing && state === 'waitlisted'
        ? await this.activities.aheadOf(m, activityId, existing.position)
        : null;
    return this.viewOf(a, state, ahead);
  }

  /**
   * The parent's view of an activity from what was read already (the parent page reads the
   * activity and the sign-up with the link, in one query): no query of its own.
   */
  viewOf(a: ActivityShown, state: RsvpState, ahead: number | null): ParentActivityView {
    const ref = this.messages.ref(a);
    const cancelled = a.status === 'cancelled';
    const past = a.startsAt <= this.clock.now();
    const left = placesLeft(a);
    return {
      activity: {
        id: a.id,
        kind: a.kind,
        title: a.title,
        titles: ref.titles ?? {},
        description: a.description,
        descriptions: a.descriptions,
        startsAt: ref.startsAt,
        endsAt: ref.endsAt,
        localStart: localDateTime(a.startsAt),
        localEnd: localDateTime(a.endsAt),
        timeZone: SCHOOL_TIME_ZONE,
        location: a.location,
        languages: a.languages,
        interpreter: a.interpreter,
        childcare: a.childcare,
        costCents: a.costCents,
        capacity: a.capacity,
      },
      rsvp: { state, ahead },
      placesLeft: left,
      full: left === 0,
      cancelled,
      past,
      canSignUp: !cancelled && !past && state === 'none',
      canCancel: !cancelled && !past && state !== 'none',
    };
  }

  private async lockOpenActivity(
    m: EntityManager,
    schoolId: string,
    activityId: string,
  ): Promise<Activity> {
    const a = await this.activities.lockInSchool(m, schoolId, activityId);
    if (!a) throw new NotFoundError('Activity');
    if (a.status === 'cancelled')
      throw new ConflictError('activity.cancelled', 'This activity is cancelled.');
    if (a.startsAt <= this.clock.now())
      throw new ConflictError(
        'activity.past',
        'This activity has already started; sign-ups are closed.',
      );
    return a;
  }
}

/** A parent acting through their link may only sign up or cancel for themselves. */
function assertMayActFor(actor: AnyActor, parentId: string): void {
  if (actor.kind === 'parent' && actor.parentId !== parentId)
    throw new ForbiddenError(
      'rsvp.other_parent',
      'A parent can only sign up or cancel for themselves.',
    );
}
