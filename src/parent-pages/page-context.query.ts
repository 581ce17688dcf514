import { timingSafeEqual } from 'node:crypto';
import { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
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

interface Part {
  alias: string;
  metadata: EntityMetadata;
  /** The columns read. */
  columns: ColumnMetadata[];
}

/**
 * The parent page's one query: link, parent, school and (for an activity link) the activity
 * and the parent's sign-up, as a named prepared statement on the pool's connections, so
 * PostgreSQL plans it once per connection. Values are hydrated through TypeORM's column
 * metadata (types and column transformers apply: encrypted fields are read as plain text),
 * exactly as a repository read would.
 */
export class PageContextQuery {
  private sql?: string;
  private parts?: Record<'l' | 'p' | 's' | 'a', Part>;

  constructor(private readonly dataSource: DataSource) {}

  async find(token: string): Promise<PageContextRow | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    const hash = hashToken(token);
    const { sql, parts } = this.prepare();
    const driver = this.dataSource.driver as PostgresDriver;
    const pool = driver.master as {
      query: (q: { name: string; text: string; values: unknown[] }) => Promise<{
        rows: Record<string, unknown>[];
      }>;
    };
    const { rows } = await pool.query({ name: 'parent_page_context', text: sql, values: [hash] });
    const row = rows[0];
    if (!row) return null;
    const link = this.hydrate<PageLink>(parts.l, row);
    if (!timingSafeEqual(link.tokenHash, hash)) return null;
    const status = row.r_status as string | null;
    return {
      link,
      expired: link.expiresAt.getTime() < Date.now(),
      parent: row.p_id === null ? null : this.hydrate<PageParent>(parts.p, row),
      school: this.hydrate<PageSchool>(parts.s, row),
      activity: row.a_id === null ? null : this.hydrate<ActivityShown>(parts.a, row),
      rsvp: {
        state: status === 'confirmed' || status === 'waitlisted' ? status : 'none',
        ahead: status === 'waitlisted' ? Number(row.r_ahead) : null,
      },
    };
  }

  private prepare(): { sql: string; parts: Record<'l' | 'p' | 's' | 'a', Part> } {
    if (this.sql && this.parts) return { sql: this.sql, parts: this.parts };
    const part = (
      alias: string,
      target: EntityTarget<ObjectLiteral>,
      skip: readonly string[] = [],
      only?: readonly string[],
    ): Part => {
      const metadata = this.dataSource.getMetadata(target);
      const columns = metadata.columns.filter(
        (c) =>
          c.isSelect && !skip.includes(c.propertyName) && (!only || only.includes(c.propertyName)),
      );
      return { alias, metadata, columns };
    };
    const parts = {
      l: part('l', ParentLink, ['createdAt']),
      p: part('p', Parent, [], PAGE_PARENT_FIELDS),
      s: part('s', School, [], ['id', 'name']),
      a: part('a', Activity, [], ACTIVITY_SHOWN_FIELDS),
    };
    const columns = Object.values(parts).flatMap(({ alias, columns }) =>
      columns.map((c) => `${alias}."${c.databaseName}" AS "${alias}_${c.databaseName}"`),
    );
    this.sql = `SELECT ${columns.join(', ')}, r.status AS r_status,
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
    this.parts = parts;
    return { sql: this.sql, parts };
  }

  private hydrate<T>(part: Part, row: Record<string, unknown>): T {
    const driver = this.dataSource.driver;
    const entity = part.metadata.create() as Record<string, unknown>;
    for (const c of part.columns) {
      const raw = row[`${part.alias}_${c.databaseName}`];
      entity[c.propertyName] = driver.prepareHydratedValue(raw, c);
    }
    return entity as T;
  }
}
