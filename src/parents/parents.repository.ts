import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { EntityColumns, preparedQuery } from '../database/raw-rows';
import { Parent } from './parent.entity';
import { ParentRole, ParentStatus } from './parent.types';
import { contactLookup } from '../privacy/encryption/contact-lookup';

export interface ParentFilters {
  role?: ParentRole;
  language?: string;
  situation?: string;
  stance?: 'seeking' | 'experienced';
  status?: ParentStatus;
  availability?: string;
  /** Waiting for a buddy (status waiting) for more than this many days. */
  waitingMoreThanDays?: number;
  q?: string;
}

/** Every query takes the school id: a parent of another school is simply not found. */
@Injectable()
export class ParentsRepository {
  constructor(@InjectRepository(Parent) private readonly repo: Repository<Parent>) {}

  findInSchool(schoolId: string, id: string, manager?: EntityManager): Promise<Parent | null> {
    return (manager?.getRepository(Parent) ?? this.repo).findOneBy({ schoolId, id });
  }

  lockInSchool(manager: EntityManager, schoolId: string, id: string): Promise<Parent | null> {
    return manager
      .getRepository(Parent)
      .findOne({ where: { schoolId, id }, lock: { mode: 'pessimistic_write' } });
  }

  findByExternalRef(
    manager: EntityManager,
    schoolId: string,
    externalRef: string,
  ): Promise<Parent | null> {
    return manager
      .getRepository(Parent)
      .findOne({ where: { schoolId, externalRef }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * The language codes the school's (not erased) parents speak, for a filter's choices. The
   * parents list asks on every page, so the answer is kept for half a minute per school (a
   * language that just came or went shows in the choices a little later).
   */
  async languagesInSchool(schoolId: string): Promise<string[]> {
    const cached = this.languagesCache.get(schoolId);
    if (cached && cached.until > Date.now()) return cached.codes;
    const codes = await this.readLanguagesInSchool(schoolId);
    if (this.languagesCache.size > 1000) this.languagesCache.clear();
    this.languagesCache.set(schoolId, { codes, until: Date.now() + 30_000 });
    return codes;
  }

  private readonly languagesCache = new Map<string, { codes: string[]; until: number }>();

  private async readLanguagesInSchool(schoolId: string): Promise<string[]> {
    const rows: { code: string }[] = await this.repo.query(
      `SELECT DISTINCT l->>'code' AS code
         FROM parent p CROSS JOIN LATERAL jsonb_array_elements(p.languages) l
        WHERE p.school_id = $1 AND p.erased_at IS NULL`,
      [schoolId],
    );
    return rows.map((r) => r.code).filter(Boolean);
  }

  /** The other members of a household (never paired with each other), by name. */
  householdMembers(schoolId: string, householdId: string, exceptId: string): Promise<Parent[]> {
    return this.repo
      .createQueryBuilder('p')
      .where('p.school_id = :schoolId', { schoolId })
      .andWhere('p.household_id = :householdId', { householdId })
      .andWhere('p.id <> :exceptId', { exceptId })
      .andWhere('p.erased_at IS NULL')
      .orderBy('p.given_name', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .take(20)
      .getMany();
  }

  /** One page, ordered by name then id (stable), and the total matching the filters. */
  async page(
    schoolId: string,
    filters: ParentFilters,
    offset: number,
    limit: number,
  ): Promise<{ items: ParentListItem[]; total: number }> {
    const params: unknown[] = [schoolId];
    const param = (value: unknown): string => `$${params.push(value)}`;
    const where = ['p.school_id = $1', 'p.erased_at IS NULL'];
    if (filters.role === 'seeker') where.push("p.role IN ('seeker', 'both')");
    else if (filters.role === 'buddy') where.push("p.role IN ('buddy', 'both')");
    else if (filters.role) where.push("p.role = 'both'");
    if (filters.status) where.push(`p.status = ${param(filters.status)}`);
    if (filters.language)
      where.push(`p.languages @> ${param(JSON.stringify([{ code: filters.language }]))}::jsonb`);
    if (filters.situation)
      where.push(
        `p.situations @> ${param(
          JSON.stringify([
            { code: filters.situation, ...(filters.stance ? { stance: filters.stance } : {}) },
          ]),
        )}::jsonb`,
      );
    if (filters.waitingMoreThanDays !== undefined)
      where.push(
        "p.status = 'waiting'",
        `p.waiting_since < now() - make_interval(days => ${param(filters.waitingMoreThanDays)})`,
      );
    if (filters.availability) where.push(`${param(filters.availability)} = ANY(p.availability)`);
    const contact = filters.q ? contactLookup(filters.q) : undefined;
    if (contact) {
      // An exact e-mail address or phone number: compared by keyed hash (the columns are encrypted).
      where.push(`p.${contact.column} = ANY(${param(contact.hashes)}::text[])`);
    } else if (filters.q) {
      for (const word of filters.q.split(/\s+/).filter(Boolean).slice(0, 5))
        where.push(
          `lower(p.given_name || ' ' || coalesce(p.family_name, '')) ~ ${param(accentInsensitivePattern(word))}`,
        );
    }
    const condition = where.join(' AND ');
    const columns = this.listColumns();
    // The page reads the name index in order and stops after `limit` rows
    // (parent_school_name_live_idx); the total is an index-only count, asked at the same
    // time on another connection. A window count would read and sort every row instead.
    // Written as SQL (not through the query builder, whose building cost more than the
    // query): every value is a parameter, every column a known one; prepared once per
    // connection and shape of filters (planning cost more than running the page).
    const filterParams = [...params];
    const pageSql = `SELECT ${columns.select('p')}
         FROM parent p WHERE ${condition}
        ORDER BY p.given_name ASC, p.family_name ASC NULLS FIRST, p.id ASC
        OFFSET ${param(offset)} LIMIT ${param(limit)}`;
    const [rows, counted] = await Promise.all([
      preparedQuery<unknown[]>(this.repo.manager.connection, pageSql, params, 'array'),
      preparedQuery<{ n: number }>(
        this.repo.manager.connection,
        `SELECT count(*)::int AS n FROM parent p WHERE ${condition}`,
        filterParams,
      ),
    ]);
    const items = rows.map((row) => columns.readAt(row, 0));
    return { items, total: counted[0]?.n ?? 0 };
  }

  private columns?: EntityColumns<ParentListItem>;
  /** The list's columns, with their types and transformers (as a repository read applies them). */
  private listColumns(): EntityColumns<ParentListItem> {
    this.columns ??= new EntityColumns(this.repo.manager.connection, Parent, PARENT_LIST_FIELDS);
    return this.columns;
  }
}

/** What a list of parents shows (the API's summaries, the workspace list, household search). */
export const PARENT_LIST_FIELDS = [
  'id',
  'schoolId',
  'givenName',
  'familyName',
  'role',
  'status',
  'languages',
  'dutchLevel',
  'messageLanguage',
  'capacity',
  'situations',
  'waitingSince',
  'children',
] as const satisfies readonly (keyof Parent)[];
export type ParentListItem = Pick<Parent, (typeof PARENT_LIST_FIELDS)[number]>;

/**
 * Letters with accents and their plain form, so a search for "fatima" finds "Fátima" and
 * "sukru" finds "Şükrü" (the same folding on both sides of the comparison).
 */
const ACCENT_PAIRS: [string, string][] = [
  ['áàâäãåāăą', 'a'],
  ['çćč', 'c'],
  ['ď', 'd'],
  ['éèêëēėęě', 'e'],
  ['ğ', 'g'],
  ['íìîïīįı', 'i'],
  ['ł', 'l'],
  ['ñńň', 'n'],
  ['óòôöõøōő', 'o'],
  ['ř', 'r'],
  ['śšşș', 's'],
  ['ťţț', 't'],
  ['úùûüūůűų', 'u'],
  ['ýÿ', 'y'],
  ['žźż', 'z'],
];
/** Per plain letter, a regular-expression class of it with its accented forms (also capitals). */
const LETTER_CLASS = new Map(
  ACCENT_PAIRS.map(([from, to]) => {
    const upper = [...from.toUpperCase()].filter((c) => !/[A-Z]/.test(c)).join('');
    return [to, `[${to}${from}${upper}]`];
  }),
);
const FOLD = new Map(ACCENT_PAIRS.flatMap(([from, to]) => [...from].map((c) => [c, to] as const)));

/**
 * A search word as a POSIX regular expression over the lower-cased name, in which a letter
 * also matches its accented forms: "fatima" finds "Fátima", "sukru" finds "Şükrü". The name
 * is not rewritten per row (cheap, and the trigram index on lower(name) still applies).
 */
export function accentInsensitivePattern(word: string): string {
  return [...word.toLowerCase()]
    .map((c) => FOLD.get(c) ?? c)
    .map((c) => LETTER_CLASS.get(c) ?? c.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&'))
    .join('');
}
