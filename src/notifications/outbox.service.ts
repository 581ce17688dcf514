import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { taskRecipient } from './channel-choice';
import { LinkPurpose } from './parent-link.entity';
import { LinkTokensService } from './link-tokens.service';
import { MessageKind } from './message-kinds';
import { Notification } from './notification.entity';

/** Messages written per statement by `enqueueMany`. */
const BULK_CHUNK = 5000;

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
   * The bulk form of `enqueue`, for invitations and imports: whatever the number of
   * messages, one statement finds those enqueued before, one writes their links and one
   * writes the messages. Returns the idempotency keys of the messages enqueued now.
   */
  async enqueueMany(manager: EntityManager, requests: MessageRequest[]): Promise<Set<string>> {
    const enqueued = new Set<string>();
    for (let i = 0; i < requests.length; i += BULK_CHUNK) {
      const chunk = requests.slice(i, i + BULK_CHUNK);
      const keyed = chunk.map((r) => ({ r, key: OutboxService.idempotencyKey(r) }));
      const seen = new Set(
        (
          await manager.query<{ idempotency_key: string }[]>(
            'SELECT idempotency_key FROM notification WHERE idempotency_key = ANY($1::text[])',
            [keyed.map((k) => k.key)],
          )
        ).map((row) => row.idempotency_key),
      );
      const fresh = keyed.filter(({ key }) => !seen.has(key) && (seen.add(key), true));
      if (!fresh.length) continue;
      const links = await this.links.createMany(
        manager,
        fresh.map(({ r }) => ({
          schoolId: r.schoolId,
          parentId: r.parentId,
          purpose: r.link?.purpose ?? 'preferences',
          subjectId: r.link?.subjectId ?? null,
          expiresAt: r.link?.expiresAt,
        })),
      );
      const now = new Date();
      // Many messages share one payload (an invitation's): each distinct payload is sent and
      // parsed once, the rows refer to it by index.
      const payloads = new Map<string, number>();
      const payloadIndex: number[] = [];
      for (const { r } of fresh) {
        // In slices, so other requests are answered meanwhile.
        if (payloadIndex.length % 500 === 499)
          await new Promise((resolve) => setImmediate(resolve));
        const json = JSON.stringify(r.payload);
        let i = payloads.get(json);
        if (i === undefined) payloads.set(json, (i = payloads.size + 1));
        payloadIndex.push(i);
      }
      const rows = await manager.query<{ idempotency_key: string }[]>(
        `WITH pl AS (SELECT array_agg(x::jsonb ORDER BY n) AS items FROM unnest($7::text[]) WITH ORDINALITY AS u(x, n))
         INSERT INTO notification (school_id, parent_id, kind, idempotency_key, subject_type, subject_id,
                                   payload, link_id, status, attempts, next_attempt_at)
         SELECT s, p, k, key, st, sid, pl.items[i], l, 'pending', 0, nb
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[],
                       $10::int[], $8::uuid[], $9::timestamptz[]) AS t(s, p, k, key, st, sid, i, l, nb), pl
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING idempotency_key`,
        [
          fresh.map(({ r }) => r.schoolId),
          fresh.map(({ r }) => r.parentId),
          fresh.map(({ r }) => r.kind),
          fresh.map(({ key }) => key),
          fresh.map(({ r }) => r.subject.type),
          fresh.map(({ r }) => r.subject.id),
          [...payloads.keys()],
          links.map((l) => l.id),
          fresh.map(({ r }) => r.notBefore ?? now),
          payloadIndex,
        ],
      );
      for (const row of rows) enqueued.add(row.idempotency_key);
    }
    return enqueued;
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
