import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Activity } from './activity.entity';
import { ActivityRsvp } from './activity-rsvp.entity';
import { ActivityCounts } from './dto/activity-output.dto';

export interface ActivityFilters {
  when?: 'upcoming' | 'past';
  kind?: string;
  status?: 'scheduled' | 'cancelled';
}

export interface RsvpRow {
  parentId: string;
  givenName: string;
  familyName: string | null;
  messageLanguage: string;
  status: 'confirmed' | 'waitlisted';
  position: string;
  signedUpAt: Date;
  confirmedAt: Date | null;
  promotedAt: Date | null;
}

/** Every query takes the school id (or works on an activity already found in the school). */
@Injectable()
export class ActivitiesRepository {
  constructor(@InjectRepository(Activity) private readonly repo: Repository<Activity>) {}

  findInSchool(schoolId: string, id: string, manager?: EntityManager): Promise<Activity | null> {
    return (manager?.getRepository(Activity) ?? this.repo).findOneBy({ schoolId, id });
  }

  /**
   * Locks the activity row: sign-ups, cancellations and changes of one activity run one at a
   * time. FOR NO KEY UPDATE, so rows that merely refer to the activity (an invitation being
   * written, whose foreign key takes a key-share lock) do not make a sign-up wait.
   */
  lockInSchool(manager: EntityManager, schoolId: string, id: string): Promise<Activity | null> {
    return manager
      .getRepository(Activity)
      .findOne({ where: { schoolId, id }, lock: { mode: 'for_no_key_update' } });
  }

  async page(
    schoolId: string,
    filters: ActivityFilters,
    now: Date,
    offset: number,
    limit: number,
  ): Promise<{ items: Activity[]; total: number }> {
    const qb = this.repo.createQueryBuilder('a').where('a.school_id = :schoolId', { schoolId });
    if (filters.kind) qb.andWhere('a.kind = :kind', { kind: filters.kind });
    if (filters.status) qb.andWhere('a.status = :status', { status: filters.status });
    if (filters.when === 'upcoming') qb.andWhere('a.ends_at > :now', { now });
    if (filters.when === 'past') qb.andWhere('a.ends_at <= :now', { now });
    const direction = filters.when === 'past' ? 'DESC' : 'ASC';
    const [items, total] = await qb
      .orderBy('a.starts_at', direction)
      .addOrderBy('a.id', 'ASC')
      .skip(offset)
      .take(limit)
      .getManyAndCount();
    return { items, total };
  }

  /** Scheduled activities of a school for the calendar feed: from 30 days ago on. */
  feed(schoolId: string, since: Date): Promise<Activity[]> {
    return this.repo
      .createQueryBuilder('a')
      .where('a.school_id = :schoolId', { schoolId })
      .andWhere('a.ends_at >= :since', { since })
      .orderBy('a.starts_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .take(1000)
      .getMany();
  }

  /**
   * The languages of the school's parents (figures only, most parents first): those they
   * speak, and those they read messages in (the translations worth writing).
   */
  async parentLanguages(
    schoolId: string,
  ): Promise<{ spoken: { code: string; n: number }[]; messages: { code: string; n: number }[] }> {
    const rows: { kind: 'spoken' | 'messages'; code: string; n: number }[] = await this.repo.query(
      `SELECT 'spoken' AS kind, l->>'code' AS code, count(DISTINCT p.id)::int AS n
         FROM parent p CROSS JOIN LATERAL jsonb_array_elements(p.languages) l
        WHERE p.school_id = $1 AND p.erased_at IS NULL AND p.status <> 'left'
        GROUP BY 2
       UNION ALL
       SELECT 'messages', p.message_language, count(*)::int
         FROM parent p
        WHERE p.school_id = $1 AND p.erased_at IS NULL AND p.status <> 'left'
        GROUP BY 2
       ORDER BY 3 DESC, 2`,
      [schoolId],
    );
    const pick = (kind: 'spoken' | 'messages') =>
      rows.filter((r) => r.kind === kind && r.code).map(({ code, n }) => ({ code, n }));
    return { spoken: pick('spoken'), messages: pick('messages') };
  }

  /** Names of the given parents of the school (for a list of parents picked in a form). */
  parentNames(
    schoolId: string,
    ids: string[],
  ): Promise<{ id: string; givenName: string; familyName: string | null }[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo.query(
      `SELECT id, given_name AS "givenName", family_name AS "familyName"
         FROM parent WHERE school_id = $1 AND id = ANY($2::uuid[]) AND erased_at IS NULL
        ORDER BY given_name, family_name NULLS FIRST, id`,
      [schoolId, ids.slice(0, 2000)],
    );
  }

  async waitlistCounts(activityIds: string[]): Promise<Map<string, number>> {
    if (!activityIds.length) return new Map();
    const rows: { activity_id: string; n: number }[] = await this.repo.query(
      `SELECT activity_id, count(*)::int AS n FROM activity_rsvp WHERE activity_id = ANY($1) AND status = 'waitlisted' GROUP BY activity_id`,
      [activityIds],
    );
    return new Map(rows.map((r) => [r.activity_id, r.n]));
  }

  async counts(activityId: string, manager?: EntityManager): Promise<ActivityCounts> {
    const m = manager ?? this.repo.manager;
    const [row]: { waitlist: number; invited: number; attended: number }[] = await m.query(
      `SELECT (SELECT count(*)::int FROM activity_rsvp WHERE activity_id = $1 AND status = 'waitlisted') AS waitlist,
              (SELECT count(*)::int FROM activity_invitation WHERE activity_id = $1) AS invited,
              (SELECT count(*)::int FROM activity_attendance WHERE activity_id = $1) AS attended`,
      [activityId],
    );
    const hosts: { parentId: string; givenName: string }[] = await m.query(
      `SELECT p.id AS "parentId", p.given_name AS "givenName"
         FROM activity_host h JOIN parent p ON p.id = h.parent_id
        WHERE h.activity_id = $1 AND p.erased_at IS NULL
        ORDER BY h.created_at, p.id`,
      [activityId],
    );
    return {
      waitlistCount: row.waitlist,
      invitedCount: row.invited,
      attendedCount: row.attended,
      hosts,
    };
  }

  /** The ids among `ids` that are parents of the school (not erased). */
  async parentsOfSchool(
    manager: EntityManager,
    schoolId: string,
    ids: string[],
  ): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM parent WHERE school_id = $1 AND id = ANY($2::uuid[]) AND erased_at IS NULL`,
      [schoolId, ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  async replaceHosts(
    manager: EntityManager,
    activityId: string,
    parentIds: string[],
  ): Promise<void> {
    await manager.query(
      `DELETE FROM activity_host WHERE activity_id = $1 AND NOT (parent_id = ANY($2::uuid[]))`,
      [activityId, parentIds],
    );
    if (parentIds.length)
      await manager.query(
        `INSERT INTO activity_host (activity_id, parent_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
        [activityId, parentIds],
      );
  }

  // --- sign-ups -------------------------------------------------------------------------

  findRsvp(
    manager: EntityManager,
    activityId: string,
    parentId: string,
  ): Promise<ActivityRsvp | null> {
    return manager.getRepository(ActivityRsvp).findOneBy({ activityId, parentId });
  }

  /** How many are before this position on the waitlist. */
  async aheadOf(manager: EntityManager, activityId: string, position: string): Promise<number> {
    const [row]: { n: number }[] = await manager.query(
      `SELECT count(*)::int AS n FROM activity_rsvp WHERE activity_id = $1 AND status = 'waitlisted' AND position < $2`,
      [activityId, position],
    );
    return row.n;
  }

  /** The first `n` on the waitlist, in sign-up order. */
  nextOnWaitlist(
    manager: EntityManager,
    activityId: string,
    n: number,
  ): Promise<{ id: string; parent_id: string; position: string }[]> {
    return manager.query(
      `SELECT id, parent_id, position FROM activity_rsvp WHERE activity_id = $1 AND status = 'waitlisted' ORDER BY position LIMIT $2`,
      [activityId, n],
    );
  }

  /** Parents with the given sign-up states, in sign-up order (for messages). */
  async parentIdsWith(
    manager: EntityManager,
    activityId: string,
    statuses: ('confirmed' | 'waitlisted')[],
  ): Promise<string[]> {
    const rows: { parent_id: string }[] = await manager.query(
      `SELECT r.parent_id FROM activity_rsvp r JOIN parent p ON p.id = r.parent_id
        WHERE r.activity_id = $1 AND r.status = ANY($2) AND p.erased_at IS NULL ORDER BY r.position`,
      [activityId, statuses],
    );
    return rows.map((r) => r.parent_id);
  }

  listRsvps(activityId: string): Promise<RsvpRow[]> {
    return this.repo.query(
      `SELECT r.parent_id AS "parentId", p.given_name AS "givenName", p.family_name AS "familyName", p.message_language AS "messageLanguage",
              r.status, r.position, r.signed_up_at AS "signedUpAt", r.confirmed_at AS "confirmedAt", r.promoted_at AS "promotedAt"
         FROM activity_rsvp r JOIN parent p ON p.id = r.parent_id
        WHERE r.activity_id = $1 AND r.status IN ('confirmed', 'waitlisted') AND p.erased_at IS NULL
        ORDER BY CASE WHEN r.status = 'confirmed' THEN r.confirmed_at END, r.position`,
      [activityId],
    );
  }
}
