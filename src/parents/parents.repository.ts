import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, Repository } from 'typeorm';
import { Parent } from './parent.entity';
import { ParentRole, ParentStatus } from './parent.types';

export interface ParentFilters {
  role?: ParentRole;
  language?: string;
  situation?: string;
  stance?: 'seeking' | 'experienced';
  status?: ParentStatus;
  availability?: string;
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

  /** One page, ordered by name then id (stable), and the total matching the filters. */
  async page(
    schoolId: string,
    filters: ParentFilters,
    offset: number,
    limit: number,
  ): Promise<{ items: Parent[]; total: number }> {
    const qb = this.repo
      .createQueryBuilder('p')
      .where('p.school_id = :schoolId', { schoolId })
      .andWhere('p.erased_at IS NULL');
    if (filters.role) {
      if (filters.role === 'seeker') qb.andWhere("p.role IN ('seeker', 'both')");
      else if (filters.role === 'buddy') qb.andWhere("p.role IN ('buddy', 'both')");
      else qb.andWhere("p.role = 'both'");
    }
    if (filters.status) qb.andWhere('p.status = :status', { status: filters.status });
    if (filters.language)
      qb.andWhere('p.languages @> :lang::jsonb', {
        lang: JSON.stringify([{ code: filters.language }]),
      });
    if (filters.situation)
      qb.andWhere('p.situations @> :sit::jsonb', {
        sit: JSON.stringify([
          { code: filters.situation, ...(filters.stance ? { stance: filters.stance } : {}) },
        ]),
      });
    if (filters.availability)
      qb.andWhere(':slot = ANY(p.availability)', { slot: filters.availability });
    if (filters.q) {
      const words = filters.q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
      qb.andWhere(
        new Brackets((w) => {
          words.forEach((word, i) =>
            w.andWhere(`lower(p.given_name || ' ' || coalesce(p.family_name, '')) LIKE :w${i}`, {
              [`w${i}`]: `%${escapeLike(word)}%`,
            }),
          );
        }),
      );
    }
    const [items, total] = await qb
      .orderBy('p.given_name', 'ASC')
      .addOrderBy('p.family_name', 'ASC', 'NULLS FIRST')
      .addOrderBy('p.id', 'ASC')
      .skip(offset)
      .take(limit)
      .getManyAndCount();
    return { items, total };
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
