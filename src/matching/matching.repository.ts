import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { Parent } from '../parents/parent.entity';
import { School } from '../schools/school.entity';
import { Match, MatchStatus } from './match.entity';
import { MatchRule } from './match-rule.entity';
import { ParentLoad } from './engine-input.mapper';

/** Queries of the matching area; every one is scoped to a school. */
@Injectable()
export class MatchingRepository {
  constructor(@InjectRepository(Match) private readonly matches: Repository<Match>) {}

  /** Schools whose parents take part in a run for this school (itself, or its board's when allowed). */
  async poolSchools(m: EntityManager, school: School): Promise<string[]> {
    if (school.settings.matching.scope !== 'board' || !school.boardId) return [school.id];
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM school WHERE board_id = $1 AND (id = $2 OR settings->'matching'->>'scope' = 'board')`,
      [school.boardId, school.id],
    );
    return rows.map((r) => r.id);
  }

  activeParents(m: EntityManager, schoolIds: string[]): Promise<Parent[]> {
    return m
      .getRepository(Parent)
      .createQueryBuilder('p')
      .where('p.school_id IN (:...schoolIds)', { schoolIds })
      .andWhere("p.status IN ('enrolled', 'waiting', 'matched')")
      .andWhere('p.erased_at IS NULL')
      .getMany();
  }

  async loads(m: EntityManager, schoolIds: string[]): Promise<Map<string, ParentLoad>> {
    const rows: { parent_id: string; as_buddy: number; has_buddy: boolean }[] = await m.query(
      `SELECT parent_id, sum(as_buddy)::int AS as_buddy, bool_or(has_buddy) AS has_buddy FROM (
         SELECT buddy_id AS parent_id, 1 AS as_buddy, false AS has_buddy FROM match WHERE school_id = ANY($1) AND status IN ('approved', 'active')
         UNION ALL
         SELECT seeker_id, 0, true FROM match WHERE school_id = ANY($1) AND status IN ('approved', 'active')
       ) x GROUP BY parent_id`,
      [schoolIds],
    );
    return new Map(rows.map((r) => [r.parent_id, { asBuddy: r.as_buddy, hasBuddy: r.has_buddy }]));
  }

  /** Pairs never to propose again: declined, rejected by staff, ended badly, forbidden. */
  async exclusions(
    m: EntityManager,
    schoolIds: string[],
  ): Promise<{ seekerId: string; buddyId: string }[]> {
    const rows: { seeker_id: string; buddy_id: string }[] = await m.query(
      `SELECT seeker_id, buddy_id FROM match WHERE school_id = ANY($1)
          AND (status IN ('declined', 'rejected') OR (status = 'ended' AND end_outcome = 'bad'))
       UNION
       SELECT seeker_id, buddy_id FROM match_rule WHERE school_id = ANY($1) AND kind = 'forbid'`,
      [schoolIds],
    );
    return rows.map((r) => ({ seekerId: r.seeker_id, buddyId: r.buddy_id }));
  }

  async pins(m: EntityManager, schoolId: string): Promise<{ seekerId: string; buddyId: string }[]> {
    return m
      .getRepository(MatchRule)
      .find({ select: { seekerId: true, buddyId: true }, where: { schoolId, kind: 'pin' } });
  }

  findInSchool(schoolId: string, id: string, m?: EntityManager): Promise<Match | null> {
    return (m?.getRepository(Match) ?? this.matches).findOneBy({ schoolId, id });
  }

  lockInSchool(m: EntityManager, schoolId: string, id: string): Promise<Match | null> {
    return m
      .getRepository(Match)
      .findOne({ where: { schoolId, id }, lock: { mode: 'pessimistic_write' } });
  }

  list(
    schoolId: string,
    filters: { statuses?: MatchStatus[]; parentId?: string; needsAttention?: boolean },
    offset: number,
    limit: number,
  ): Promise<[Match[], number]> {
    const { statuses, parentId, needsAttention } = filters;
    const qb = this.matches.createQueryBuilder('m').where('m.school_id = :schoolId', { schoolId });
    if (statuses?.length) qb.andWhere('m.status IN (:...statuses)', { statuses });
    if (parentId) qb.andWhere('(m.seeker_id = :parentId OR m.buddy_id = :parentId)', { parentId });
    if (needsAttention !== undefined)
      qb.andWhere('m.needs_attention = :needsAttention', { needsAttention });
    return qb
      .orderBy('m.created_at', 'DESC')
      .addOrderBy('m.id', 'ASC')
      .skip(offset)
      .take(limit)
      .getManyAndCount();
  }

  parentsByIds(m: EntityManager | undefined, ids: string[]): Promise<Parent[]> {
    if (!ids.length) return Promise.resolve([]);
    return (m ?? this.matches.manager).getRepository(Parent).findBy({ id: In(ids) });
  }
}
