import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AnyActor } from '../common/auth/actor';
import { AuditDetails, AuditLogEntry } from './audit-log.entity';

export interface AuditEvent {
  schoolId: string | null;
  action: string;
  entityType?: string;
  entityId?: string;
  details?: AuditDetails;
}

export interface AuditPage {
  items: AuditLogEntry[];
  nextCursor: string | null;
}

/** Writes and reads the append-only audit log. */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditLogEntry) private readonly repo: Repository<AuditLogEntry>) {}

  /** Records one event; pass the transaction's manager so the entry commits with the change. */
  async record(actor: AnyActor | null, event: AuditEvent, manager?: EntityManager): Promise<void> {
    const row = {
      schoolId: event.schoolId,
      action: event.action,
      entityType: event.entityType ?? null,
      entityId: event.entityId ?? null,
      details: event.details ?? null,
      ...actorColumns(actor),
    };
    await (manager ?? this.repo.manager).insert(AuditLogEntry, row);
  }

  async recordMany(
    actor: AnyActor | null,
    events: AuditEvent[],
    manager?: EntityManager,
  ): Promise<void> {
    if (!events.length) return;
    const columns = actorColumns(actor);
    await (manager ?? this.repo.manager).insert(
      AuditLogEntry,
      events.map((e) => ({
        schoolId: e.schoolId,
        action: e.action,
        entityType: e.entityType ?? null,
        entityId: e.entityId ?? null,
        details: e.details ?? null,
        ...columns,
      })),
    );
  }

  /** A school's log, newest first, paged by an opaque cursor (the last id seen). */
  async pageForSchool(
    schoolId: string,
    limit: number,
    cursor?: string,
    entityId?: string,
  ): Promise<AuditPage> {
    const qb = this.repo
      .createQueryBuilder('a')
      .where('a.school_id = :schoolId', { schoolId })
      .orderBy('a.id', 'DESC')
      .take(limit + 1);
    if (cursor) qb.andWhere('a.id < :cursor', { cursor });
    if (entityId) qb.andWhere('a.entity_id = :entityId', { entityId });
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  }

  /** Everything logged about one record (for a parent's right of access). */
  findForEntity(schoolId: string, entityType: string, entityId: string): Promise<AuditLogEntry[]> {
    return this.repo.find({ where: { schoolId, entityType, entityId }, order: { id: 'ASC' } });
  }
}

function actorColumns(actor: AnyActor | null): {
  actorType: string;
  actorId: string | null;
  ip: string | null;
  requestId: string | null;
} {
  if (!actor) return { actorType: 'anonymous', actorId: null, ip: null, requestId: null };
  switch (actor.kind) {
    case 'staff':
      return {
        actorType: 'staff',
        actorId: actor.staffId,
        ip: actor.ip ?? null,
        requestId: actor.requestId ?? null,
      };
    case 'parent':
      return {
        actorType: 'parent',
        actorId: actor.parentId,
        ip: actor.ip ?? null,
        requestId: actor.requestId ?? null,
      };
    case 'system':
      return { actorType: 'system', actorId: actor.name, ip: null, requestId: null };
  }
}
