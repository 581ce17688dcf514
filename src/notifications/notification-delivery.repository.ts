import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, QueryRunner } from 'typeorm';
import { Parent } from '../parents/parent.entity';
import { School } from '../schools/school.entity';
import type { MessageKind } from './message-kinds';
import type { DeliveryChannel, NotificationStatus } from './notification.entity';
import { HEARTBEAT_STALE_SECONDS, WORKER_ID } from '../worker/worker-heartbeat';
import { sealRecipient } from '../privacy/encryption/field-encryption';

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
  /** The claim's fencing token: only this claim may write the row's outcome. */
  claimToken: string;
}

/** What happened to one claimed row; written back in one statement per batch. */
export interface DeliveryOutcome {
  id: string;
  /** The token of the claim that produced this outcome (see ClaimedNotification). */
  claimToken: string;
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
  | 'formOfAddress'
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
 * worker processes take disjoint batches. Each claim writes a new token into its rows, and an
 * outcome is written only where the row still carries that token (fencing): a worker that
 * outlived its lease cannot overwrite the outcome of the claim that took the row over. A row
 * left in 'sending' is claimed again when its lease ran out, or at once when the worker that
 * claimed it stopped beating (worker_heartbeat): a worker killed mid-batch leaves only the
 * messages it had not yet handed over, because each outcome is written as soon as it is known.
 */
@Injectable()
export class NotificationDeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async claim(
    limit: number,
    leaseSeconds: number,
    workerId: string = WORKER_ID,
  ): Promise<ClaimedNotification[]> {
    const claimToken = randomUUID();
    const rows: [ClaimRow[], number] = await this.dataSource.query(
      `UPDATE notification n
          SET status = 'sending',
              locked_until = now() + make_interval(secs => $2),
              claim_token = $3,
              claimed_by = $4,
              attempts = CASE WHEN n.status = 'sending' THEN n.attempts + 1 ELSE n.attempts END,
              last_error = CASE WHEN n.status = 'sending' THEN 'a worker stopped while sending (lease expired or worker gone)' ELSE n.last_error END,
              updated_at = now()
         FROM (SELECT id FROM notification c
                WHERE status IN ('pending', 'failed', 'sending')
                  AND next_attempt_at <= now()
                  AND (status <> 'sending' OR locked_until IS NULL OR locked_until < now()
                       OR NOT EXISTS (SELECT 1 FROM worker_heartbeat h
                                       WHERE h.id = c.claimed_by
                                         AND h.beat_at > now() - make_interval(secs => $5)))
                ORDER BY next_attempt_at
                LIMIT $1
                FOR UPDATE SKIP LOCKED) due
        WHERE n.id = due.id
    RETURNING n.id, n.school_id, n.parent_id, n.kind, n.payload, n.link_id, n.attempts`,
      [limit, leaseSeconds, claimToken, workerId, HEARTBEAT_STALE_SECONDS],
    );
    return rows[0].map((r) => ({
      claimToken,
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
        'formOfAddress',
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

  /**
   * Writes outcomes in one statement; only rows still in 'sending' under the same claim token
   * change. Returns how many rows were written (fewer when another claim took a row over).
   */
  async finish(outcomes: DeliveryOutcome[], session?: QueryRunner): Promise<number> {
    if (!outcomes.length) return 0;
    const col = <K extends keyof DeliveryOutcome>(k: K): DeliveryOutcome[K][] =>
      outcomes.map((o) => o[k]);
    const [, written]: [unknown, number] = await (session ?? this.dataSource).query(
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
              claim_token = NULL,
              claimed_by = NULL,
              updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[], $11::timestamptz[], $12::text[], $13::uuid[])
              AS u(id, status, channel, language, recipient, subject, body_text, body_html, message_id, attempts, next_attempt_at, last_error, claim_token)
        WHERE n.id = u.id AND n.status = 'sending' AND n.claim_token = u.claim_token`,
      [
        col('id'),
        col('status'),
        col('channel'),
        col('language'),
        // The address a message went to is encrypted at rest, like the parent's own.
        col('recipient').map((r) => sealRecipient(r)),
        col('subject'),
        col('bodyText'),
        col('bodyHtml'),
        col('messageId'),
        col('attempts'),
        col('nextAttemptAt'),
        col('lastError'),
        col('claimToken'),
      ],
    );
    return written;
  }

  /**
   * A connection for writing a batch's outcomes as they come: its commits do not wait for the
   * WAL to reach the disk (synchronous_commit off; one fsync per message would halve the
   * throughput). A crash of the worker loses nothing written; only a crash of PostgreSQL itself
   * can lose the last fraction of a second of outcomes, whose messages are then sent again
   * (with the same Message-ID, so receivers can drop the repeat).
   */
  async outcomeSession(): Promise<QueryRunner> {
    const session = this.dataSource.createQueryRunner();
    await session.connect();
    await session.query('SET synchronous_commit = off');
    return session;
  }

  async closeOutcomeSession(session: QueryRunner): Promise<void> {
    await session.query('RESET synchronous_commit').catch(() => undefined);
    await session.release();
  }
}
