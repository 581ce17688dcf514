import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { taskRecipient } from './channel-choice';
import { LinkPurpose } from './parent-link.entity';
import { LinkTokensService } from './link-tokens.service';
import { MessageKind } from './message-kinds';
import { Notification } from './notification.entity';

export interface MessageRequest {
  schoolId: string;
  parentId: string;
  kind: MessageKind;
  /** What the message is about, e.g. ('match', matchId); part of the idempotency key. */
  subject: { type: 'parent' | 'match' | 'activity' | 'rsvp'; id: string };
  /** Distinguishes deliberate repeats of one kind about one subject (e.g. a reminder round, a change version). */
  repeatKey?: string;
  payload: Record<string, unknown>;
  /** The link the message carries, for messages that ask something. */
  link?: { purpose: LinkPurpose; subjectId?: string | null; expiresAt?: Date };
  notBefore?: Date;
}

/**
 * Writes messages into the outbox inside the caller's transaction, so a message exists if
 * and only if the event that causes it was committed. Delivery happens in the worker.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly links: LinkTokensService) {}

  static idempotencyKey(
    r: Pick<MessageRequest, 'parentId' | 'kind' | 'subject' | 'repeatKey'>,
  ): string {
    return [r.parentId, r.kind, r.subject.type, r.subject.id, r.repeatKey ?? ''].join(':');
  }

  /** Returns true when enqueued, false when the same message was enqueued before. */
  async enqueue(manager: EntityManager, r: MessageRequest): Promise<boolean> {
    const key = OutboxService.idempotencyKey(r);
    const exists: unknown[] = await manager.query(
      'SELECT 1 FROM notification WHERE idempotency_key = $1',
      [key],
    );
    if (exists.length) return false;
    // Every message carries a link: to answer (when it asks something) or to change
    // language and stop messages (List-Unsubscribe).
    const link = await this.links.create(manager, {
      schoolId: r.schoolId,
      parentId: r.parentId,
      purpose: r.link?.purpose ?? 'preferences',
      subjectId: r.link?.subjectId ?? null,
      expiresAt: r.link?.expiresAt,
    });
    const result: unknown[] = await manager
      .createQueryBuilder()
      .insert()
      .into(Notification)
      .values({
        schoolId: r.schoolId,
        parentId: r.parentId,
        kind: r.kind,
        idempotencyKey: key,
        subjectType: r.subject.type,
        subjectId: r.subject.id,
        payload: r.payload,
        linkId: link.id,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: r.notBefore ?? new Date(),
      } as QueryDeepPartialEntity<Notification>)
      .orIgnore()
      .returning('id')
      .execute()
      .then((res) => res.raw as unknown[]);
    return result.length > 0;
  }

  /**
   * Messages that became a consultant's task only because no channel could be used (no
   * consent for e-mail or SMS yet, no address) go out after all once the parent can be
   * reached: call this, in the transaction that changed the parent, when a written channel
   * is usable now. A task the consultant already handled, and a message whose answer link
   * has expired, stay as they are. Returns how many messages were released.
   */
  async releaseUnreachable(
    manager: EntityManager,
    schoolId: string,
    parentId: string,
  ): Promise<number> {
    const rows: unknown[] = await manager.query(
      `UPDATE notification n
          SET status = 'pending', channel = NULL, language = NULL, recipient = NULL,
              subject = NULL, body_text = NULL, body_html = NULL, last_error = NULL,
              attempts = 0, next_attempt_at = now(), locked_until = NULL, updated_at = now()
        WHERE n.school_id = $1 AND n.parent_id = $2 AND n.status = 'task'
          AND n.task_done_at IS NULL AND n.recipient = $3
          AND NOT EXISTS (SELECT 1 FROM parent_link l
                           WHERE l.id = n.link_id AND l.expires_at <= now())
    RETURNING n.id`,
      [schoolId, parentId, taskRecipient('no_usable_channel')],
    );
    return (rows[0] as unknown[] | undefined)?.length ?? 0;
  }
}
