import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Parent } from '../parents/parent.entity';
import { School } from '../schools/school.entity';
import type { MessageKind } from './message-kinds';
import type { DeliveryChannel, NotificationStatus } from './notification.entity';

/** A row the worker claimed: it holds the lease until lockedUntil. */
export interface ClaimedNotification {
  id: string;
  schoolId: string;
  parentId: string | null;
  kind: MessageKind;
  payload: Record<string, unknown>;
  linkId: string | null;
  /** Failed attempts so far (an expired lease counts as one). */
  attempts: number;
}

/** What happened to one claimed row; written back in one statement per batch. */
export interface DeliveryOutcome {
  id: string;
  status: Extract<NotificationStatus, 'sent' | 'task' | 'skipped' | 'failed' | 'dead'>;
  channel: DeliveryChannel | null;
  language: string | null;
  recipient: string | null;
  subject: string | null;
  bodyText: string | null;
  bodyHtml: string | null;
  messageId: string | null;
  attempts: number;
  /** For 'failed': when to try again. */
  nextAttemptAt: Date | null;
  lastError: string | null;
}

export type RecipientParent = Pick<
  Parent,
  | 'id'
  | 'schoolId'
  | 'givenName'
  | 'familyName'
  | 'messageLanguage'
  | 'languages'
  | 'prefersSpoken'
  | 'channels'
  | 'email'
  | 'phone'
  | 'consents'
  | 'stoppedTopics'
  | 'messagesStopped'
  | 'erasedAt'
>;
export type RecipientSchool = Pick<School, 'id' | 'name' | 'settings'>;

interface ClaimRow {
  id: string;
  school_id: string;
  parent_id: string | null;
  kind: MessageKind;
  payload: Record<string, unknown>;
  link_id: string | null;
  attempts: number;
}

/**
 * The worker's queries on the outbox. Claiming uses FOR UPDATE SKIP LOCKED, so several
 * worker processes take disjoint batches; a row left in 'sending' after its lease ran out
 * (a worker died between sending and marking) is claimed again.
 */
@Injectable()
export class NotificationDeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async claim(limit: number, leaseSeconds: number): Promise<ClaimedNotification[]> {
    const rows: [ClaimRow[], number] = await this.dataSource.query(
      `UPDATE notification n
          SET status = 'sending',
              locked_until = now() + make_interval(secs => $2),
              attempts = CASE WHEN n.status = 'sending' THEN n.attempts + 1 ELSE n.attempts END,
              last_error = CASE WHEN n.status = 'sending' THEN 'lease expired: a worker stopped while sending' ELSE n.last_error END,
              updated_at = now()
         FROM (SELECT id FROM notification
                WHERE status IN ('pending', 'failed', 'sending')
                  AND next_attempt_at <= now()
                  AND (status <> 'sending' OR locked_until IS NULL OR locked_until < now())
                ORDER BY next_attempt_at
                LIMIT $1
                FOR UPDATE SKIP LOCKED) due
        WHERE n.id = due.id
    RETURNING n.id, n.school_id, n.parent_id, n.kind, n.payload, n.link_id, n.attempts`,
      [limit, leaseSeconds],
    );
    return rows[0].map((r) => ({
      id: r.id,
      schoolId: r.school_id,
      parentId: r.parent_id,
      kind: r.kind,
      payload: r.payload,
      linkId: r.link_id,
      attempts: r.attempts,
    }));
  }

  async parents(ids: string[]): Promise<Map<string, RecipientParent>> {
    if (!ids.length) return new Map();
    const rows = await this.dataSource.getRepository(Parent).find({
      select: [
        'id',
        'schoolId',
        'givenName',
        'familyName',
        'messageLanguage',
        'languages',
        'prefersSpoken',
        'channels',
        'email',
        'phone',
        'consents',
        'stoppedTopics',
        'messagesStopped',
        'erasedAt',
      ],
      where: { id: In(ids) },
    });
    return new Map(rows.map((p) => [p.id, p]));
  }

  async schools(ids: string[]): Promise<Map<string, RecipientSchool>> {
    if (!ids.length) return new Map();
    const rows = await this.dataSource
      .getRepository(School)
      .find({ select: ['id', 'name', 'settings'], where: { id: In(ids) } });
    return new Map(rows.map((s) => [s.id, s]));
  }

  /** Writes the outcomes of a batch in one statement; only rows still in 'sending' change. */
  async finish(outcomes: DeliveryOutcome[]): Promise<void> {
    if (!outcomes.length) return;
    const col = <K extends keyof DeliveryOutcome>(k: K): DeliveryOutcome[K][] =>
      outcomes.map((o) => o[k]);
    await this.dataSource.query(
      `UPDATE notification n
          SET status = u.status,
              channel = COALESCE(u.channel, n.channel),
              language = COALESCE(u.language, n.language),
              recipient = COALESCE(u.recipient, n.recipient),
              subject = COALESCE(u.subject, n.subject),
              body_text = COALESCE(u.body_text, n.body_text),
              body_html = COALESCE(u.body_html, n.body_html),
              message_id = COALESCE(u.message_id, n.message_id),
              attempts = u.attempts,
              next_attempt_at = COALESCE(u.next_attempt_at, n.next_attempt_at),
              last_error = u.last_error,
              sent_at = CASE WHEN u.status = 'sent' THEN now() ELSE n.sent_at END,
              locked_until = NULL,
              updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[], $11::timestamptz[], $12::text[])
              AS u(id, status, channel, language, recipient, subject, body_text, body_html, message_id, attempts, next_attempt_at, last_error)
        WHERE n.id = u.id AND n.status = 'sending'`,
      [
        col('id'),
        col('status'),
        col('channel'),
        col('language'),
        col('recipient'),
        col('subject'),
        col('bodyText'),
        col('bodyHtml'),
        col('messageId'),
        col('attempts'),
        col('nextAttemptAt'),
        col('lastError'),
      ],
    );
  }
}
