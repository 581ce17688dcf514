import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { ConflictError, NotFoundError, ValidationError } from '../common/errors/domain-error';
import { ActivitiesRepository } from './activities.repository';
import { Clock } from './clock';
import { AttendanceResultDto } from './dto/rsvp.dto';

/** Registration opens this long before the start (people come early to set up). */
export const OPENS_BEFORE_START_MS = 60 * 60_000;

export interface ActivityReach {
  /** Activities held (not cancelled) that started in the period. */
  activitiesHeld: number;
  /** Distinct parents who came to at least one of them. */
  parentsReached: number;
  /** Of those, parents whose first activity at the school ever was in the period. */
  firstTimers: number;
  /** Distinct parents reached per language (the language asked for at intake, else the message language). */
  byLanguage: Record<string, number>;
}

/** Who came to an activity; the figures the dashboard shows about reach. */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly activities: ActivitiesRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Registers parents as present; registering a parent again changes nothing. */
  async record(
    actor: Actor,
    schoolId: string,
    activityId: string,
    parentIds: string[],
  ): Promise<AttendanceResultDto> {
    const ids = parentIds.map((id) => id.toLowerCase());
    return this.dataSource.transaction(async (m) => {
      const a = await this.activities.findInSchool(schoolId, activityId, m);
      if (!a) throw new NotFoundError('Activity');
      if (a.status === 'cancelled')
        throw new ConflictError(
          'activity.cancelled',
          'This activity was cancelled; nobody can have attended.',
        );
      if (a.startsAt.getTime() - OPENS_BEFORE_START_MS > this.clock.now().getTime())
        throw new ConflictError(
          'activity.not_started',
          'Attendance can be registered from one hour before the start.',
        );
      const found = await this.activities.parentsOfSchool(m, schoolId, ids);
      const unknown = ids.filter((id) => !found.has(id));
      if (unknown.length)
        throw new ValidationError(
          'attendance.unknown_parent',
          `parentIds must be parents of this school (unknown: ${unknown.join(', ')}).`,
          [{ field: 'parentIds', messages: ['parentIds must be parents of this school'] }],
        );
      const seenBefore: { parent_id: string }[] = await m.query(
        `SELECT DISTINCT parent_id FROM activity_attendance WHERE school_id = $1 AND parent_id = ANY($2::uuid[])`,
        [schoolId, ids],
      );
      const before = new Set(seenBefore.map((r) => r.parent_id));
      const inserted: { parent_id: string }[] = await m.query(
        `INSERT INTO activity_attendance (activity_id, parent_id, school_id, recorded_by, recorded_at)
         SELECT $1, unnest($2::uuid[]), $3, $4, $5 ON CONFLICT DO NOTHING RETURNING parent_id`,
        [activityId, ids, schoolId, actor.staffId, this.clock.now()],
      );
      const [{ total }]: { total: number }[] = await m.query(
        `SELECT count(*)::int AS total FROM activity_attendance WHERE activity_id = $1`,
        [activityId],
      );
      if (inserted.length)
        await this.audit.recordMany(
          actor,
          inserted.map((r) => ({
            schoolId,
            action: 'activity.attended',
            entityType: 'parent',
            entityId: r.parent_id,
            details: { activityId },
          })),
          m,
        );
      return {
        recorded: inserted.length,
        alreadyRecorded: ids.length - inserted.length,
        total,
        firstTimers: inserted.filter((r) => !before.has(r.parent_id)).length,
      };
    });
  }

  /** Takes a parent off the attendance (a registration made by mistake). */
  async remove(
    actor: Actor,
    schoolId: string,
    activityId: string,
    parentId: string,
  ): Promise<void> {
    const a = await this.activities.findInSchool(schoolId, activityId);
    if (!a) throw new NotFoundError('Activity');
    await this.dataSource.transaction(async (m) => {
      const deleted: [unknown[], number] = await m.query(
        `DELETE FROM activity_attendance WHERE activity_id = $1 AND parent_id = $2 AND school_id = $3`,
        [activityId, parentId, schoolId],
      );
      if (deleted[1] === 0) throw new NotFoundError('Attendance');
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'activity.attendance_removed',
          entityType: 'parent',
          entityId: parentId,
          details: { activityId },
        },
        m,
      );
    });
  }

  async list(
    actor: Actor,
    schoolId: string,
    activityId: string,
  ): Promise<
    { parentId: string; givenName: string; familyName: string | null; recordedAt: Date }[]
  > {
    const a = await this.activities.findInSchool(schoolId, activityId);
    if (!a) throw new NotFoundError('Activity');
    const rows: {
      parentId: string;
      givenName: string;
      familyName: string | null;
      recordedAt: Date;
    }[] = await this.dataSource.query(
      `SELECT p.id AS "parentId", p.given_name AS "givenName", p.family_name AS "familyName", t.recorded_at AS "recordedAt"
         FROM activity_attendance t JOIN parent p ON p.id = t.parent_id
        WHERE t.activity_id = $1 AND p.erased_at IS NULL ORDER BY p.given_name, p.id`,
      [activityId],
    );
    await this.audit.record(actor, {
      schoolId,
      action: 'activity.attendance_read',
      entityType: 'activity',
      entityId: activityId,
      details: { count: rows.length },
    });
    return rows;
  }

  /**
   * Of the given parents, those who never came to an activity of the school that started
   * before this one: first-time visitors (aggregate, no audit of its own; the attendance
   * sheet that shows it reads the sign-ups and attendance through audited calls).
   */
  async firstTimeVisitors(
    schoolId: string,
    activityId: string,
    parentIds: string[],
  ): Promise<Set<string>> {
    if (!parentIds.length) return new Set();
    const seen: { parent_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT t.parent_id
         FROM activity_attendance t
         JOIN activity a ON a.id = t.activity_id
         JOIN activity this ON this.id = $2 AND this.school_id = $1
        WHERE t.school_id = $1 AND t.parent_id = ANY($3::uuid[]) AND t.activity_id <> $2
          AND a.starts_at < this.starts_at`,
      [schoolId, activityId, parentIds],
    );
    const before = new Set(seen.map((r) => r.parent_id));
    return new Set(parentIds.filter((id) => !before.has(id)));
  }

  /** Reach of the school's activities that started in [from, to): for the dashboard. */
  async reach(schoolId: string, from: Date, to: Date): Promise<ActivityReach> {
    const [summary]: { held: number; reached: number; first_timers: number }[] =
      await this.dataSource.query(
        `WITH held AS (
         SELECT id FROM activity WHERE school_id = $1 AND status = 'scheduled' AND starts_at >= $2 AND starts_at < $3
       ), reached AS (
         SELECT DISTINCT t.parent_id FROM activity_attendance t JOIN held h ON h.id = t.activity_id
       ), first_seen AS (
         SELECT t.parent_id, min(a.starts_at) AS first_at
           FROM activity_attendance t JOIN activity a ON a.id = t.activity_id
          WHERE t.school_id = $1 AND t.parent_id IN (SELECT parent_id FROM reached)
          GROUP BY t.parent_id
       )
       SELECT (SELECT count(*)::int FROM held) AS held,
              (SELECT count(*)::int FROM reached) AS reached,
              (SELECT count(*)::int FROM first_seen WHERE first_at >= $2) AS first_timers`,
        [schoolId, from, to],
      );
    const languages: { language: string; n: number }[] = await this.dataSource.query(
      `SELECT coalesce(p.requested_language, p.message_language) AS language, count(DISTINCT p.id)::int AS n
         FROM activity_attendance t
         JOIN activity a ON a.id = t.activity_id AND a.status = 'scheduled' AND a.starts_at >= $2 AND a.starts_at < $3
         JOIN parent p ON p.id = t.parent_id
        WHERE t.school_id = $1
        GROUP BY 1 ORDER BY 1`,
      [schoolId, from, to],
    );
    return {
      activitiesHeld: summary.held,
      parentsReached: summary.reached,
      firstTimers: summary.first_timers,
      byLanguage: Object.fromEntries(languages.map((l) => [l.language, l.n])),
    };
  }
}
