import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import {
  ConflictError,
  DomainError,
  FieldProblem,
  NotFoundError,
  ValidationError,
} from '../common/errors/domain-error';
import { ActivitiesRepository, ActivityFilters } from './activities.repository';
import { Activity } from './activity.entity';
import { ActivityMessages } from './activity-messages';
import { Clock } from './clock';
import { ActivityKind, rankHosts } from './core/host-skills';
import { localDate, parseTime } from './core/local-time';
import { CreateActivityDto, UpdateActivityDto } from './dto/activity-input.dto';
import { ActivityCounts } from './dto/activity-output.dto';
import { HostSuggestionDto } from './dto/rsvp.dto';
import { RsvpService } from './rsvp.service';

/** Fields whose change parents who signed up are told about. */
const NOTIFIED_FIELDS = [
  'startsAt',
  'endsAt',
  'location',
  'languages',
  'interpreter',
  'childcare',
  'costCents',
  'kind',
  'title',
] as const;

/** Scheduling, changing and cancelling activities; host suggestions. */
@Injectable()
export class ActivitiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly activities: ActivitiesRepository,
    private readonly messages: ActivityMessages,
    private readonly rsvps: RsvpService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async schedule(actor: Actor, schoolId: string, dto: CreateActivityDto): Promise<Activity> {
    const now = this.clock.now();
    const { startsAt, endsAt } = readTimes(dto.startsAt, dto.endsAt, dto.timeZone);
    if (startsAt <= now)
      throw invalid(
        'activity.start_in_past',
        'startsAt',
        'startsAt must be in the future for a new activity',
      );
    return this.dataSource.transaction(async (m) => {
      const hostIds = (dto.hostParentIds ?? []).map((id) => id.toLowerCase());
      await this.assertHosts(m, schoolId, hostIds);
      const [school]: { default_language: string }[] = await m.query(
        'SELECT default_language FROM school WHERE id = $1',
        [schoolId],
      );
      const title = dto.title?.trim();
      const inserted = await m.insert(Activity, {
        schoolId,
        kind: dto.kind,
        title: title || this.messages.kindLabel(dto.kind, school?.default_language ?? 'nl'),
        titleFromKind: !title,
        titles: dto.titles ?? {},
        description: dto.description?.trim() || null,
        descriptions: dto.descriptions ?? {},
        startsAt,
        endsAt,
        location: dto.location.trim(),
        languages: dto.languages ?? [],
        interpreter: dto.interpreter ?? false,
        childcare: dto.childcare ?? false,
        costCents: dto.costCents ?? null,
        capacity: dto.capacity ?? null,
        status: 'scheduled',
        cancelledAt: null,
        changeCount: 0,
        remindersSentAt: null,
        createdBy: actor.staffId,
        version: 1,
      });
      const id = inserted.identifiers[0].id as string;
      await this.activities.replaceHosts(m, id, hostIds);
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'activity.create',
          entityType: 'activity',
          entityId: id,
          details: { kind: dto.kind, hosts: hostIds.length },
        },
        m,
      );
      return m.findOneByOrFail(Activity, { id });
    });
  }

  async get(schoolId: string, id: string): Promise<{ activity: Activity; counts: ActivityCounts }> {
    const activity = await this.activities.findInSchool(schoolId, id);
    if (!activity) throw new NotFoundError('Activity');
    return { activity, counts: await this.activities.counts(id) };
  }

  async list(
    schoolId: string,
    filters: ActivityFilters,
    page: number,
    pageSize: number,
  ): Promise<{ items: Activity[]; total: number; waitlists: Map<string, number> }> {
    const result = await this.activities.page(
      schoolId,
      filters,
      this.clock.now(),
      (page - 1) * pageSize,
      pageSize,
    );
    return {
      ...result,
      waitlists: await this.activities.waitlistCounts(result.items.map((a) => a.id)),
    };
  }

  /**
   * Changes an activity. Those signed up (confirmed and waitlisted) are told once per change
   * of time, place or what is offered; a larger capacity moves the waitlist up.
   */
  async update(
    actor: Actor,
    schoolId: string,
    id: string,
    dto: UpdateActivityDto,
    expectedVersion?: number,
  ): Promise<Activity> {
    return this.dataSource.transaction(async (m) => {
      const current = await this.activities.lockInSchool(m, schoolId, id);
      if (!current) throw new NotFoundError('Activity');
      const version = expectedVersion ?? dto.version;
      if (version !== undefined && version !== current.version)
        throw new DomainError(
          'precondition_failed',
          'activity.version_mismatch',
          `The activity was changed by someone else (now version ${current.version}); reload and try again.`,
          undefined,
          {
            currentVersion: current.version,
          },
        );
      if (current.status === 'cancelled')
        throw new ConflictError(
          'activity.cancelled',
          'This activity is cancelled and can no longer be changed.',
        );
      const now = this.clock.now();
      if (current.startsAt <= now)
        throw new ConflictError(
          'activity.past',
          'This activity has already started and can no longer be changed.',
        );
      const { version: _v, hostParentIds, timeZone, ...fields } = dto;

      const next: Partial<Activity> = {};
      if (fields.startsAt !== undefined || fields.endsAt !== undefined) {
        const zone = timeZone;
        const startsAt =
          fields.startsAt !== undefined
            ? readTime('startsAt', fields.startsAt, zone)
            : current.startsAt;
        const endsAt =
          fields.endsAt !== undefined ? readTime('endsAt', fields.endsAt, zone) : current.endsAt;
        if (endsAt <= startsAt)
          throw invalid('activity.end_before_start', 'endsAt', 'endsAt must be after startsAt');
        if (fields.startsAt !== undefined && startsAt <= now)
          throw invalid('activity.start_in_past', 'startsAt', 'startsAt must be in the future');
        if (startsAt.getTime() !== current.startsAt.getTime()) next.startsAt = startsAt;
        if (endsAt.getTime() !== current.endsAt.getTime()) next.endsAt = endsAt;
      }
      if (
        fields.capacity !== undefined &&
        fields.capacity !== null &&
        fields.capacity < current.confirmedCount
      )
        throw new DomainError(
          'invalid',
          'activity.capacity_below_signups',
          `capacity cannot be below the ${current.confirmedCount} confirmed sign-ups; cancel sign-ups first.`,
          [
            {
              field: 'capacity',
              messages: [
                `capacity must be at least ${current.confirmedCount} (the confirmed sign-ups)`,
              ],
            },
          ],
          { confirmedCount: current.confirmedCount },
        );
      if (fields.capacity !== undefined) next.capacity = fields.capacity ?? null;
      if (fields.kind !== undefined) next.kind = fields.kind;
      if (fields.title !== undefined) {
        next.title = fields.title.trim();
        next.titleFromKind = false;
      } else if (fields.kind !== undefined && current.titleFromKind) {
        const [school]: { default_language: string }[] = await m.query(
          'SELECT default_language FROM school WHERE id = $1',
          [schoolId],
        );
        next.title = this.messages.kindLabel(fields.kind, school?.default_language ?? 'nl');
      }
      if (fields.titles !== undefined) next.titles = fields.titles;
      if (fields.description !== undefined) next.description = fields.description.trim() || null;
      if (fields.descriptions !== undefined) next.descriptions = fields.descriptions;
      if (fields.location !== undefined) next.location = fields.location.trim();
      if (fields.languages !== undefined) next.languages = fields.languages;
      if (fields.interpreter !== undefined) next.interpreter = fields.interpreter;
      if (fields.childcare !== undefined) next.childcare = fields.childcare;
      if (fields.costCents !== undefined) next.costCents = fields.costCents ?? null;

      const changed = (Object.keys(next) as (keyof Activity)[]).filter(
        (k) => !sameValue(current[k], next[k]),
      );
      const notify = changed.some((k) => (NOTIFIED_FIELDS as readonly string[]).includes(k));
      if (next.startsAt && localDate(next.startsAt) !== localDate(current.startsAt))
        next.remindersSentAt = null;
      if (hostParentIds !== undefined) {
        const hostIds = hostParentIds.map((h) => h.toLowerCase());
        await this.assertHosts(m, schoolId, hostIds);
        await this.activities.replaceHosts(m, id, hostIds);
      }
      const changeCount = current.changeCount + (notify ? 1 : 0);
      await m.update(
        Activity,
        { id, schoolId },
        { ...next, changeCount, version: current.version + 1 },
      );
      const updated = await m.findOneByOrFail(Activity, { id });
      let promoted = 0;
      if (next.capacity !== undefined) promoted = await this.rsvps.promote(m, schoolId, id);
      if (notify) {
        const ref = this.messages.ref(updated);
        for (const parentId of await this.activities.parentIdsWith(m, id, [
          'confirmed',
          'waitlisted',
        ]))
          await this.messages.send(
            m,
            updated,
            parentId,
            'activity_changed',
            ref,
            `c${changeCount}`,
          );
      }
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'activity.update',
          entityType: 'activity',
          entityId: id,
          details: {
            fields: [...changed, ...(hostParentIds ? ['hosts'] : [])],
            notified: notify,
            promoted,
          },
        },
        m,
      );
      return promoted ? m.findOneByOrFail(Activity, { id }) : updated;
    });
  }

  /** Cancels an activity: everyone signed up or on the waitlist is told. Idempotent. */
  async cancel(actor: Actor, schoolId: string, id: string): Promise<Activity> {
    return this.dataSource.transaction(async (m) => {
      const current = await this.activities.lockInSchool(m, schoolId, id);
      if (!current) throw new NotFoundError('Activity');
      if (current.status === 'cancelled') return current;
      if (current.endsAt <= this.clock.now())
        throw new ConflictError(
          'activity.past',
          'This activity has already taken place and cannot be cancelled.',
        );
      await m.update(
        Activity,
        { id, schoolId },
        { status: 'cancelled', cancelledAt: this.clock.now(), version: current.version + 1 },
      );
      const cancelled = await m.findOneByOrFail(Activity, { id });
      const ref = this.messages.ref(cancelled);
      const told = await this.activities.parentIdsWith(m, id, ['confirmed', 'waitlisted']);
      for (const parentId of told)
        await this.messages.send(m, cancelled, parentId, 'activity_cancelled', ref);
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'activity.cancel',
          entityType: 'activity',
          entityId: id,
          details: { notified: told.length },
        },
        m,
      );
      return cancelled;
    });
  }

  /** Parents whose intake skills fit the kind, best first; hosts already named are marked. */
  async hostSuggestions(
    actor: Actor,
    schoolId: string,
    id: string,
    limit = 20,
  ): Promise<HostSuggestionDto[]> {
    const activity = await this.activities.findInSchool(schoolId, id);
    if (!activity) throw new NotFoundError('Activity');
    return this.suggestHosts(
      actor,
      schoolId,
      { kind: activity.kind, languages: activity.languages, activityId: id },
      limit,
    );
  }

  /**
   * Host suggestions for a kind of activity that may not exist yet (the scheduling form):
   * parents of the school with consent for activities whose intake skills fit the kind,
   * ranked by core/host-skills. With an activity, its hosts are marked and their earlier
   * hosting counts other activities only.
   */
  async suggestHosts(
    actor: Actor,
    schoolId: string,
    about: { kind: ActivityKind; languages: string[]; activityId?: string },
    limit = 20,
  ): Promise<HostSuggestionDto[]> {
    const id = about.activityId ?? null;
    const rows: {
      id: string;
      given_name: string;
      family_name: string | null;
      skills: string[];
      languages: { code: string }[];
      hosted: number;
      is_host: boolean;
    }[] = await this.dataSource.query(
      `SELECT p.id, p.given_name, p.family_name, p.skills, p.languages,
                (SELECT count(*)::int FROM activity_host h JOIN activity a ON a.id = h.activity_id
                  WHERE h.parent_id = p.id AND a.id IS DISTINCT FROM $2::uuid AND a.status = 'scheduled') AS hosted,
                EXISTS (SELECT 1 FROM activity_host h WHERE h.parent_id = p.id AND h.activity_id = $2::uuid) AS is_host
           FROM parent p
          WHERE p.school_id = $1 AND p.erased_at IS NULL AND p.status <> 'left' AND cardinality(p.skills) > 0
            AND coalesce((p.consents->'activities'->>'granted')::boolean, false)`,
      [schoolId, id],
    );
    const ranked = rankHosts(
      about.kind,
      about.languages,
      rows.map((r) => ({
        ...r,
        languages: r.languages.map((l) => l.code),
        hostedBefore: r.hosted,
      })),
    ).slice(0, limit);
    await this.audit.record(actor, {
      schoolId,
      action: 'activity.host_suggestions',
      entityType: id ? 'activity' : 'school',
      entityId: id ?? schoolId,
      details: { ids: ranked.map((r) => r.candidate.id), ...(id ? {} : { kind: about.kind }) },
    });
    return ranked.map((r) => ({
      parentId: r.candidate.id,
      givenName: r.candidate.given_name,
      familyName: r.candidate.family_name,
      matchingSkills: r.matchingSkills,
      sharedLanguages: r.sharedLanguages,
      hostedBefore: r.candidate.hostedBefore,
      alreadyHost: r.candidate.is_host,
    }));
  }

  private async assertHosts(m: EntityManager, schoolId: string, hostIds: string[]): Promise<void> {
    const found = await this.activities.parentsOfSchool(m, schoolId, hostIds);
    const unknown = hostIds.filter((h) => !found.has(h));
    if (unknown.length)
      throw new ValidationError(
        'activity.unknown_host',
        `hostParentIds must be parents of this school (unknown: ${unknown.join(', ')}).`,
        [{ field: 'hostParentIds', messages: ['hostParentIds must be parents of this school'] }],
      );
  }
}

function invalid(
  code: string,
  field: string,
  message: string,
  extra?: FieldProblem[],
): ValidationError {
  return new ValidationError(code, `${message}.`, [
    { field, messages: [message] },
    ...(extra ?? []),
  ]);
}

function readTime(field: string, text: string, timeZone: string | undefined): Date {
  const parsed = parseTime(text, timeZone);
  if (parsed.ok) return parsed.instant;
  switch (parsed.reason) {
    case 'needs_zone':
      return fail(
        `${field} has no offset: add one (e.g. +02:00) or send timeZone "Europe/Amsterdam"`,
      );
    case 'nonexistent':
      return fail(
        `${field} does not exist in ${timeZone ?? 'the time zone'} (the hour skipped when summer time starts)`,
      );
    case 'format':
      return fail(`${field} is not a valid date and time`);
  }
  function fail(message: string): never {
    throw invalid('activity.invalid_time', field, message);
  }
}

function readTimes(
  start: string,
  end: string,
  timeZone: string | undefined,
): { startsAt: Date; endsAt: Date } {
  const startsAt = readTime('startsAt', start, timeZone);
  const endsAt = readTime('endsAt', end, timeZone);
  if (endsAt <= startsAt)
    throw invalid('activity.end_before_start', 'endsAt', 'endsAt must be after startsAt');
  return { startsAt, endsAt };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return JSON.stringify(a) === JSON.stringify(b);
}
