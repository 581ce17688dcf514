import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { AuditLogEntry } from '../../audit/audit-log.entity';
import type { Match } from '../../matching/match.entity';
import { MatchingRepository } from '../../matching/matching.repository';
import type { Notification } from '../../notifications/notification.entity';
import { NotificationQueriesService } from '../../notifications/notification-queries.service';
import type { Parent } from '../parent.entity';
import { ParentsRepository } from '../parents.repository';

/** How many rows each part of a parent's page shows (the newest first). */
export const RECORD_ROWS = 20;

export interface RecordMatch {
  match: Match;
  /** This parent's side of the pair. */
  side: 'seeker' | 'buddy';
  other: { id: string; givenName: string; familyName: string | null; erased: boolean } | null;
}

export interface RecordActivity {
  id: string;
  title: string;
  titles: Record<string, string>;
  startsAt: Date;
  activityStatus: string;
  signUp: 'confirmed' | 'waitlisted' | 'cancelled' | null;
  signedUpAt: Date | null;
  invited: boolean;
  attended: boolean;
}

export interface ParentRecordData {
  household: Parent[];
  matches: { items: RecordMatch[]; total: number };
  messages: { items: Notification[]; total: number };
  activities: { items: RecordActivity[]; total: number };
  audit: { items: AuditLogEntry[]; nextCursor: string | null };
  /** Names of the staff who appear (audit entries, consents). */
  staffNames: Map<string, string>;
}

/**
 * What a parent's page shows beside the record itself: the same repositories and services
 * the API's lists use (matches, messages, audit), filtered to one parent, plus the
 * activities the parent was invited to, signed up for or attended. Each part is one query
 * with a limit; nothing is loaded per row.
 */
@Injectable()
export class ParentRecordQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly parents: ParentsRepository,
    private readonly matching: MatchingRepository,
    private readonly notifications: NotificationQueriesService,
    private readonly audit: AuditService,
  ) {}

  async load(
    schoolId: string,
    parent: Parent,
    auditBefore: string | undefined,
  ): Promise<ParentRecordData> {
    const [household, matches, messages, activities, audit] = await Promise.all([
      this.parents.householdMembers(schoolId, parent.householdId, parent.id),
      this.matchesOf(schoolId, parent.id),
      this.notifications.list(schoolId, { parentId: parent.id }, 1, RECORD_ROWS),
      this.activitiesOf(schoolId, parent.id),
      this.audit.pageForSchool(schoolId, RECORD_ROWS, auditBefore, parent.id),
    ]);
    const staffIds = new Set<string>();
    for (const e of audit.items) if (e.actorType === 'staff' && e.actorId) staffIds.add(e.actorId);
    for (const c of Object.values(parent.consents)) if (c?.recordedBy) staffIds.add(c.recordedBy);
    return {
      household,
      matches,
      messages,
      activities,
      audit,
      staffNames: await this.staffNames([...staffIds]),
    };
  }

  private async matchesOf(
    schoolId: string,
    parentId: string,
  ): Promise<{ items: RecordMatch[]; total: number }> {
    const [items, total] = await this.matching.list(schoolId, { parentId }, 0, RECORD_ROWS);
    const others = await this.matching.parentsByIds(
      undefined,
      items.map((m) => (m.seekerId === parentId ? m.buddyId : m.seekerId)),
    );
    const byId = new Map(others.map((p) => [p.id, p]));
    return {
      total,
      items: items.map((match) => {
        const side = match.seekerId === parentId ? 'seeker' : 'buddy';
        const other = byId.get(side === 'seeker' ? match.buddyId : match.seekerId);
        return {
          match,
          side,
          other: other
            ? {
                id: other.id,
                givenName: other.givenName,
                familyName: other.familyName,
                erased: other.erasedAt !== null,
              }
            : null,
        };
      }),
    };
  }

  private async activitiesOf(
    schoolId: string,
    parentId: string,
  ): Promise<{ items: RecordActivity[]; total: number }> {
    const rows: (Omit<RecordActivity, 'invited' | 'attended'> & {
      invited: boolean;
      attended: boolean;
      total: string;
    })[] = await this.dataSource.query(
      `WITH mine AS (
         SELECT activity_id FROM activity_rsvp WHERE parent_id = $1 AND school_id = $2
         UNION SELECT activity_id FROM activity_invitation WHERE parent_id = $1 AND school_id = $2
         UNION SELECT activity_id FROM activity_attendance WHERE parent_id = $1 AND school_id = $2
       )
       SELECT a.id, a.title, a.titles, a.starts_at AS "startsAt", a.status AS "activityStatus",
              r.status AS "signUp", r.signed_up_at AS "signedUpAt",
              EXISTS (SELECT 1 FROM activity_invitation i WHERE i.activity_id = a.id AND i.parent_id = $1) AS invited,
              EXISTS (SELECT 1 FROM activity_attendance t WHERE t.activity_id = a.id AND t.parent_id = $1) AS attended,
              count(*) OVER () AS total
         FROM mine JOIN activity a ON a.id = mine.activity_id AND a.school_id = $2
         LEFT JOIN activity_rsvp r ON r.activity_id = a.id AND r.parent_id = $1
        ORDER BY a.starts_at DESC, a.id
        LIMIT $3`,
      [parentId, schoolId, RECORD_ROWS],
    );
    return {
      total: rows.length ? Number(rows[0].total) : 0,
      items: rows.map(({ total: _total, ...r }) => r),
    };
  }

  private async staffNames(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows: { id: string; name: string }[] = await this.dataSource.query(
      `SELECT id, name FROM staff WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
