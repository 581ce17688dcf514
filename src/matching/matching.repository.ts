import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { Parent } from '../parents/parent.entity';
import { Match, MatchStatus } from './match.entity';

export type AttentionReason = 'check_in' | 'no_answer' | 'declined';

/** Queries of the matching area; every one is scoped to a school. */
@Injectable()
export class MatchingRepository {
  constructor(@InjectRepository(Match) private readonly matches: Repository<Match>) {}

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

  /** How many pairs of the school are in each status (one query, for tabs with counts). */
  async countsByStatus(schoolId: string): Promise<Partial<Record<MatchStatus, number>>> {
    const rows: { status: MatchStatus; n: number }[] = await this.matches.query(
      `SELECT status, count(*)::int AS n FROM match WHERE school_id = $1 GROUP BY status`,
      [schoolId],
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /**
   * Pairs a consultant should look at first, oldest first, with why:
   * - check_in: an active pair flagged by a check-in that is not going well;
   * - no_answer: introduced, and a parent did not answer within the school's response days
   *   (or the follow-up task flagged it after the reminder);
   * - declined: a parent said no and the seeker still waits (nothing newer for them).
   */
  async needingAttention(
    schoolId: string,
    responseDays: number,
    now: Date,
    limit: number,
  ): Promise<{ items: { match: Match; why: AttentionReason }[]; total: number }> {
    const rows: { id: string; why: AttentionReason; total: number }[] = await this.matches.query(
      `SELECT m.id,
              CASE WHEN m.status = 'active' THEN 'check_in'
                   WHEN m.status = 'approved' THEN 'no_answer'
                   ELSE 'declined' END AS why,
              count(*) OVER ()::int AS total
         FROM match m
        WHERE m.school_id = $1
          AND (
            (m.status = 'active' AND m.needs_attention)
            OR (m.status = 'approved' AND (m.needs_attention OR (
                 m.approved_at <= $2::timestamptz - make_interval(days => $3::int)
                 AND (m.seeker_response IS NULL OR m.buddy_response IS NULL))))
            OR (m.status = 'declined'
                AND EXISTS (SELECT 1 FROM parent p WHERE p.id = m.seeker_id AND p.status = 'waiting')
                AND NOT EXISTS (SELECT 1 FROM match n WHERE n.seeker_id = m.seeker_id
                                  AND n.created_at > m.created_at
                                  AND n.status NOT IN ('superseded', 'rejected')))
          )
        ORDER BY m.updated_at ASC, m.id ASC
        LIMIT $4`,
      [schoolId, now, responseDays, limit],
    );
    if (!rows.length) return { items: [], total: 0 };
    const found = await this.matches.findBy({ id: In(rows.map((r) => r.id)) });
    const byId = new Map(found.map((m) => [m.id, m]));
    return {
      items: rows.flatMap((r) => {
        const match = byId.get(r.id);
        return match ? [{ match, why: r.why }] : [];
      }),
      total: rows[0].total,
    };
  }

  parentsByIds(m: EntityManager | undefined, ids: string[]): Promise<Parent[]> {
    if (!ids.length) return Promise.resolve([]);
    return (m ?? this.matches.manager).getRepository(Parent).findBy({ id: In(ids) });
  }
}
