import { timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EntityColumns, preparedQuery } from '../database/raw-rows';
import { Activity, ACTIVITY_SHOWN_FIELDS, ActivityShown } from '../activities/activity.entity';
import type { RsvpState } from '../activities/rsvp.service';
import { hashToken } from '../notifications/link-tokens.service';
import { ParentLink } from '../notifications/parent-link.entity';
import { Parent } from '../parents/parent.entity';
import { School } from '../schools/school.entity';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The parent as a page sees them: only the fields pages use are read (the type keeps it
 * so); their contact details and intake note are never shown on a page, so never read (nor
 * decrypted) for one.
 */
export type PageParent = Pick<Parent, (typeof PAGE_PARENT_FIELDS)[number]>;
const PAGE_PARENT_FIELDS = [
  'id',
  'schoolId',
  'givenName',
  'messageLanguage',
  // How the parent wants to be addressed: picks a page text's version for a woman or a man.
  'formOfAddress',
  'stoppedTopics',
  'messagesStopped',
  'consents',
  'erasedAt',
] as const;

export type PageSchool = Pick<School, 'id' | 'name'>;

/** The link as a page sees it (when it was made is of no use to a page). */
export type PageLink = Omit<ParentLink, 'createdAt'>;

/** Everything a parent page needs about its link, read in one query. */
export interface PageContextRow {
  link: PageLink;
  expired: boolean;
  /** Null when the parent is gone (removed); erased parents come with erasedAt set. */
  parent: PageParent | null;
  /** The school's id and name (the page's footer). */
  school: PageSchool;
  /** For an activity link: the activity (null when it is not of the link's school). */
  activity: ActivityShown | null;
  /** The parent's sign-up for that activity, and how many wait before them. */
  rsvp: { state: RsvpState; ahead: number | null };
}

/**
 * The parent page's one query: link, parent, school and (for an activity link) the activity
 * and the parent's sign-up, as a named prepared statement on the pool's connections, so
 * PostgreSQL plans it once per connection. Values are hydrated through TypeORM's column
 * metadata (types and column transformers apply: encrypted fields are read as plain text),
 * exactly as a repository read would.
 */
export class PageContextQuery {
  private prepared?: {
    link: EntityColumns<PageLink>;
    parent: EntityColumns<PageParent>;
    school: EntityColumns<PageSchool>;
    activity: EntityColumns<ActivityShown>;
    sql: string;
    offsets: { link: number; parent: number; school: number; activity: number; rsvp: number };
  };

  constructor(private readonly dataSource: DataSource) {}

  async find(token: string): Promise<PageContextRow | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    const hash = hashToken(token);
    const q = this.prepare();
    const rows = await preparedQuery<unknown[]>(this.dataSource, q.sql, [hash], 'array');
    const row = rows[0];
    if (!row) return null;
    // The columns come in the order of the select list: link, parent, school, activity, rsvp.
    const at = q.offsets;
    const link = q.link.readAt(row, at.link);
    if (!timingSafeEqual(link.tokenHash, hash)) return null;
    const status = row[at.rsvp] as string | null;
    return {
      link,
      expired: link.expiresAt.getTime() < Date.now(),
      parent: row[at.parent] === null ? null : q.parent.readAt(row, at.parent),
      school: q.school.readAt(row, at.school),
      activity: row[at.activity] === null ? null : q.activity.readAt(row, at.activity),
      rsvp: {
        state: status === 'confirmed' || status === 'waitlisted' ? status : 'none',
        ahead: status === 'waitlisted' ? Number(row[at.rsvp + 1]) : null,
      },
    };
  }

  private prepare(): NonNullable<PageContextQuery['prepared']> {
    if (this.prepared) return this.prepared;
    const link = new EntityColumns<PageLink>(this.dataSource, ParentLink, undefined, ['createdAt']);
    const parent = new EntityColumns<PageParent>(this.dataSource, Parent, PAGE_PARENT_FIELDS);
    const school = new EntityColumns<PageSchool>(this.dataSource, School, ['id', 'name']);
    const activity = new EntityColumns<ActivityShown>(
      this.dataSource,
      Activity,
      ACTIVITY_SHOWN_FIELDS,
    );
    const sql = `SELECT ${link.select('l', 'l_')}, ${parent.select('p', 'p_')},
              ${school.select('s', 's_')}, ${activity.select('a', 'a_')}, r.status AS r_status,
         CASE WHEN r.status = 'waitlisted' THEN (
           SELECT count(*)::int FROM activity_rsvp w
            WHERE w.activity_id = r.activity_id AND w.status = 'waitlisted' AND w.position < r.position)
         END AS r_ahead
       FROM parent_link l
       JOIN school s ON s.id = l.school_id
       LEFT JOIN parent p ON p.id = l.parent_id AND p.school_id = l.school_id
       LEFT JOIN activity a ON l.purpose = 'activity' AND a.id = l.subject_id AND a.school_id = l.school_id
       LEFT JOIN activity_rsvp r ON r.activity_id = a.id AND r.parent_id = l.parent_id
      WHERE l.token_hash = $1`;
    // Where each part starts in a row; a part's first column is its id (null: no such row).
    const parts = [link, parent, school, activity].map((p) => p.columns.length);
    for (const [i, p] of [parent, school, activity].entries())
      if (p.columns[0].propertyName !== 'id')
        throw new Error(`page context: part ${i + 1} does not start with its id`);
    const offsets = {
      link: 0,
      parent: parts[0],
      school: parts[0] + parts[1],
      activity: parts[0] + parts[1] + parts[2],
      rsvp: parts[0] + parts[1] + parts[2] + parts[3],
    };
    this.prepared = { link, parent, school, activity, sql, offsets };
    return this.prepared;
  }
}
