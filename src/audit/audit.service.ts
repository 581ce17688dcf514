import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { SCHOOL_TIME_ZONE } from '../activities/core/local-time';
import { AnyActor } from '../common/auth/actor';
import { preparedQuery } from '../database/raw-rows';
import { ValidationError } from '../common/errors/domain-error';
import { AuditDetails, AuditLogEntry } from './audit-log.entity';

export interface AuditEvent {
  schoolId: string | null;
  action: string;
  entityType?: string;
  entityId?: string;
  details?: AuditDetails;
}

/** Filters of a school's log; days are YYYY-MM-DD in the school's time zone, both inclusive. */
export interface AuditFilter {
  entityId?: string;
  action?: string;
  actorId?: string;
  from?: string;
  to?: string;
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

  /**
   * Records a read (a list, a record viewed) outside any transaction, for requests that
   * come many at a time: entries of concurrent requests are written together, one insert
   * per round (the next round collects those that arrived meanwhile), and the commit does
   * not wait for the disk flush (synchronous_commit off for that transaction only; a crash
   * of the database server may lose the last fraction of a second of such entries, never
   * an entry of a change). Resolves once the entry is committed, so a request answers only
   * after its entry is stored, and nothing is pending when the application shuts down.
   */
  recordRead(actor: AnyActor | null, event: AuditEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.reads.push({
        row: {
          schoolId: event.schoolId,
          action: event.action,
          entityType: event.entityType ?? null,
          entityId: event.entityId ?? null,
          details: event.details ?? null,
          ...actorColumns(actor),
        },
        resolve,
        reject,
      });
      if (!this.writingReads) void this.writeReads();
    });
  }

  private readonly reads: {
    row: Partial<AuditLogEntry>;
    resolve: () => void;
    reject: (err: unknown) => void;
  }[] = [];
  private writingReads = false;

  private async writeReads(): Promise<void> {
    this.writingReads = true;
    try {
      while (this.reads.length) {
        const batch = this.reads.splice(0, 500);
        try {
          await preparedQuery(this.repo.manager.connection, INSERT_READS, [
            JSON.stringify(batch.map((b) => readRow(b.row))),
          ]);
          for (const b of batch) b.resolve();
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      this.writingReads = false;
    }
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

  /** A school's log, newest first, paged by an opaque cursor (the last id seen), filtered. */
  async pageForSchool(
    schoolId: string,
    limit: number,
    cursor?: string,
    /** The filters, or (as before) only the id of the record the entries are about. */
    filterOrEntityId: AuditFilter | string = {},
  ): Promise<AuditPage> {
    const filter: AuditFilter =
      typeof filterOrEntityId === 'string' ? { entityId: filterOrEntityId } : filterOrEntityId;
    if (filter.from && filter.to && filter.from > filter.to)
      throw new ValidationError('audit.range_reversed', 'to must not be before from.', [
        { field: 'to', messages: ['to must not be before from'] },
      ]);
    const qb = this.repo
      .createQueryBuilder('a')
      .where('a.school_id = :schoolId', { schoolId })
      .orderBy('a.id', 'DESC')
      .take(limit + 1);
    if (cursor) qb.andWhere('a.id < :cursor', { cursor });
    if (filter.entityId)
      qb.andWhere('a.entity_id = :entityId', { entityId: filter.entityId.toLowerCase() });
    if (filter.action) qb.andWhere('a.action = :action', { action: filter.action });
    if (filter.actorId)
      qb.andWhere("a.actor_type = 'staff' AND a.actor_id = :actorId", {
        actorId: filter.actorId.toLowerCase(),
      });
    if (filter.from)
      qb.andWhere('a.at >= (CAST(:from AS date)::timestamp AT TIME ZONE :tz)', {
        from: filter.from,
        tz: SCHOOL_TIME_ZONE,
      });
    if (filter.to)
      qb.andWhere('a.at < ((CAST(:to AS date) + 1)::timestamp AT TIME ZONE :tz)', {
        to: filter.to,
        tz: SCHOOL_TIME_ZONE,
      });
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

/**
 * A group of read entries in one statement, committed without waiting for the disk (an entry
 * about a read may be lost in a crash of the server, never half written): set_config(…, true)
 * holds for the statement's own transaction, up to and including its commit.
 */
const INSERT_READS = `WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true))
  INSERT INTO audit_log (school_id, actor_type, actor_id, action, entity_type, entity_id, ip, request_id, details)
  SELECT r.school_id, r.actor_type, r.actor_id, r.action, r.entity_type, r.entity_id, r.ip, r.request_id, r.details
    FROM relaxed CROSS JOIN jsonb_to_recordset($1::jsonb) AS r(school_id uuid, actor_type text, actor_id text,
         action text, entity_type text, entity_id text, ip text, request_id text, details jsonb)`;

function readRow(row: Partial<AuditLogEntry>): Record<string, unknown> {
  return {
    school_id: row.schoolId ?? null,
    actor_type: row.actorType,
    actor_id: row.actorId ?? null,
    action: row.action,
    entity_type: row.entityType ?? null,
    entity_id: row.entityId ?? null,
    ip: row.ip ?? null,
    request_id: row.requestId ?? null,
    details: row.details ?? null,
  };
}
