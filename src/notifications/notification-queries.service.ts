import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { ConflictError, DomainError, NotFoundError } from '../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Parent } from '../parents/parent.entity';
import { School } from '../schools/school.entity';
import { LinkTokensService } from './link-tokens.service';
import { recipientOf, schoolOf } from './message-context';
import { MessageRenderer } from './message-renderer';
import { DeliveryChannel, Notification, NotificationStatus } from './notification.entity';
import { PrintedMessages } from './printed-messages';

export interface NotificationFilters {
  status?: NotificationStatus;
  channel?: DeliveryChannel;
  kind?: string;
  parentId?: string;
  language?: string;
}

export interface OpenTask {
  notification: Notification;
  parentName: string | null;
}

/** What staff see and do with messages: the list, one message, retry, tasks, letters. */
@Injectable()
export class NotificationQueriesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly renderer: MessageRenderer,
    private readonly printed: PrintedMessages,
    private readonly links: LinkTokensService,
  ) {}

  async list(
    schoolId: string,
    filters: NotificationFilters,
    page: number,
    pageSize: number,
  ): Promise<{ items: Notification[]; total: number }> {
    const qb = this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.school_id = :schoolId', { schoolId })
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize);
    if (filters.status) qb.andWhere('n.status = :status', { status: filters.status });
    if (filters.channel) qb.andWhere('n.channel = :channel', { channel: filters.channel });
    if (filters.kind) qb.andWhere('n.kind = :kind', { kind: filters.kind });
    if (filters.parentId) qb.andWhere('n.parent_id = :parentId', { parentId: filters.parentId });
    if (filters.language) qb.andWhere('n.language = :language', { language: filters.language });
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  /** One message with its text; reading the text is written to the audit log. */
  async get(
    actor: Actor,
    schoolId: string,
    id: string,
  ): Promise<{ notification: Notification; rendering: 'stored' | 'preview' }> {
    const n = await this.find(schoolId, id);
    let rendering: 'stored' | 'preview' = 'stored';
    if (n.bodyText === null) {
      const ctx = await this.context(n);
      if (ctx) {
        const preview = this.renderer.render(
          n.kind,
          n.payload,
          recipientOf(ctx.parent),
          schoolOf(ctx.school),
          ctx.linkUrl,
        );
        Object.assign(n, {
          subject: preview.subject,
          bodyText: preview.text,
          bodyHtml: preview.html,
          language: n.language ?? preview.language,
        });
        rendering = 'preview';
      }
    }
    await this.audit.record(actor, {
      schoolId,
      action: 'notification.read',
      entityType: 'notification',
      entityId: id,
      details: { parentId: n.parentId, kind: n.kind, rendering },
    });
    return { notification: n, rendering };
  }

  /** A dead or failed message goes back in the queue, due now, with a fresh count of attempts. */
  async retry(actor: Actor, schoolId: string, id: string): Promise<Notification> {
    return this.dataSource.transaction(async (m) => {
      const n = await this.lock(m, schoolId, id);
      if (n.status !== 'dead' && n.status !== 'failed')
        throw new ConflictError(
          'notification.not_retryable',
          `Only a failed or dead message can be retried; this one is ${n.status}.`,
          { currentStatus: n.status },
        );
      await m.query(
        `UPDATE notification SET status = 'pending', attempts = 0, next_attempt_at = now(), locked_until = NULL, updated_at = now() WHERE id = $1`,
        [id],
      );
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'notification.retry',
          entityType: 'notification',
          entityId: id,
          details: { from: n.status, attempts: n.attempts },
        },
        m,
      );
      return m.findOneByOrFail(Notification, { id });
    });
  }

  async openTasks(
    schoolId: string,
    page: number,
    pageSize: number,
  ): Promise<{ items: OpenTask[]; total: number }> {
    const [rows, total] = await this.dataSource.getRepository(Notification).findAndCount({
      where: { schoolId, status: 'task', taskDoneAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    const parentIds = [
      ...new Set(rows.map((n) => n.parentId).filter((id): id is string => id !== null)),
    ];
    const parents = parentIds.length
      ? await this.dataSource.getRepository(Parent).find({
          select: ['id', 'givenName', 'familyName'],
          where: { id: In(parentIds), schoolId },
        })
      : [];
    const names = new Map(
      parents.map((p) => [p.id, [p.givenName, p.familyName].filter(Boolean).join(' ')]),
    );
    return {
      items: rows.map((notification) => ({
        notification,
        parentName: (notification.parentId && names.get(notification.parentId)) || null,
      })),
      total,
    };
  }

  async markTaskDone(actor: Actor, schoolId: string, id: string): Promise<Notification> {
    return this.dataSource.transaction(async (m) => {
      const n = await this.lock(m, schoolId, id);
      if (n.status !== 'task') throw new NotFoundError('Task');
      if (n.taskDoneAt) return n;
      await m.update(Notification, { id }, { taskDoneAt: new Date() });
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'notification.task_done',
          entityType: 'notification',
          entityId: id,
          details: { parentId: n.parentId, kind: n.kind },
        },
        m,
      );
      return m.findOneByOrFail(Notification, { id });
    });
  }

  /** The printable letter (parent's language and Dutch); reading it is audited. */
  async letter(actor: Actor, schoolId: string, id: string): Promise<string> {
    const n = await this.find(schoolId, id);
    const ctx = await this.context(n);
    if (!ctx)
      throw new DomainError(
        'gone',
        'notification.parent_removed',
        'The parent of this message was removed.',
      );
    const page = this.printed.letter(
      n.kind,
      n.payload,
      recipientOf(ctx.parent),
      schoolOf(ctx.school),
      ctx.linkUrl,
    );
    await this.audit.record(actor, {
      schoolId,
      action: 'notification.letter',
      entityType: 'notification',
      entityId: id,
      details: { parentId: n.parentId, kind: n.kind },
    });
    return page;
  }

  private async find(schoolId: string, id: string): Promise<Notification> {
    const n = await this.dataSource.getRepository(Notification).findOneBy({ id, schoolId });
    if (!n) throw new NotFoundError('Notification');
    return n;
  }

  private async lock(m: EntityManager, schoolId: string, id: string): Promise<Notification> {
    const n = await m
      .getRepository(Notification)
      .findOne({ where: { id, schoolId }, lock: { mode: 'pessimistic_write' } });
    if (!n) throw new NotFoundError('Notification');
    return n;
  }

  private async context(
    n: Notification,
  ): Promise<{ parent: Parent; school: School; linkUrl: string } | null> {
    if (!n.parentId) return null;
    const [parent, school] = await Promise.all([
      this.dataSource.getRepository(Parent).findOneBy({ id: n.parentId, schoolId: n.schoolId }),
      this.dataSource.getRepository(School).findOneBy({ id: n.schoolId }),
    ]);
    if (!parent || !school || parent.erasedAt) return null;
    return {
      parent,
      school,
      linkUrl: n.linkId ? this.links.url(n.linkId) : this.config.publicBaseUrl,
    };
  }
}
