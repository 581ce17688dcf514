import { Inject, Injectable } from '@nestjs/common';
import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Actor, SystemActor } from '../../common/auth/actor';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { PrivacyService } from '../privacy.service';

/** The actor retention erases as (audit log: actor_type 'system', actor_id 'retention'). */
export const RETENTION_ACTOR: SystemActor = { kind: 'system', name: 'retention' };

export interface RetentionCounts {
  /** Parents erased because they left long ago. */
  leftParents: number;
  /** Parents erased because nothing happened with them for a long time. */
  inactiveParents: number;
  /** Messages whose subject, body, payload and address were dropped (the row stays). */
  messageBodies: number;
  parentLinks: number;
  passwordLinks: number;
  loginThrottles: number;
  outboxFiles: number;
  auditIps: number;
  /** Finished CSV import jobs (their report holds names and rejected rows): kept one day. */
  importJobs: number;
}

/** The most parents one run erases (each is one erasure transaction); the rest the next run. */
const ERASE_BATCH = 50;

/**
 * What the worker deletes when its time is up (PRIVACY.md "Retention"; periods in
 * RETENTION_* settings). All clean-ups are set-based statements; a parent is erased with the
 * erasure service (the same as staff use), so retention leaves what erasure leaves.
 * Every statement compares with the database clock (now()).
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly privacy: PrivacyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(): Promise<RetentionCounts> {
    const r = this.config.retention;
    return {
      leftParents: await this.eraseParents(await this.leftParents(r.leftParentDays)),
      inactiveParents: await this.eraseParents(await this.inactiveParents(r.inactiveParentDays)),
      messageBodies: await this.purgeMessageBodies(r.messageBodyDays),
      parentLinks: await this.count(
        `DELETE FROM parent_link WHERE expires_at < now() - make_interval(days => $1) RETURNING 1`,
        [r.linkDays],
      ),
      passwordLinks: await this.count(
        `DELETE FROM password_link
          WHERE coalesce(used_at, expires_at) < now() - make_interval(days => $1)
         RETURNING 1`,
        [r.linkDays],
      ),
      loginThrottles: await this.count(
        `DELETE FROM login_throttle
          WHERE window_started_at < now() - make_interval(days => $1)
            AND (locked_until IS NULL OR locked_until < now())
         RETURNING 1`,
        [r.loginThrottleDays],
      ),
      outboxFiles: await this.purgeOutbox(r.outboxDays),
      auditIps: await this.count(
        `UPDATE audit_log SET ip = NULL
          WHERE ip IS NOT NULL AND at < now() - make_interval(days => $1)
         RETURNING 1`,
        [r.auditIpDays],
      ),
      importJobs: await this.count(
        `DELETE FROM import_job WHERE status <> 'running' AND created_at < now() - interval '1 day'
         RETURNING 1`,
        [],
      ),
    };
  }

  /** Parents who left and whose record has not changed since, for longer than the period. */
  private async leftParents(days: number): Promise<{ id: string; school_id: string }[]> {
    return this.dataSource.query(
      `SELECT id, school_id FROM parent
        WHERE status = 'left' AND erased_at IS NULL
          AND updated_at < now() - make_interval(days => $1)
        ORDER BY updated_at LIMIT $2`,
      [days, ERASE_BATCH],
    );
  }

  /**
   * Parents with no sign of life for longer than the period: their record unchanged, no
   * match changed, no sign-up or attendance, no message to them. A parent in a match that
   * runs is never inactive.
   */
  private async inactiveParents(days: number): Promise<{ id: string; school_id: string }[]> {
    return this.dataSource.query(
      `SELECT p.id, p.school_id FROM parent p
        WHERE p.erased_at IS NULL
          AND p.updated_at < now() - make_interval(days => $1)
          AND NOT EXISTS (SELECT 1 FROM match m
                           WHERE (m.seeker_id = p.id OR m.buddy_id = p.id)
                             AND (m.status IN ('approved', 'active')
                                  OR m.updated_at >= now() - make_interval(days => $1)))
          AND NOT EXISTS (SELECT 1 FROM activity_rsvp r
                           WHERE r.parent_id = p.id AND r.updated_at >= now() - make_interval(days => $1))
          AND NOT EXISTS (SELECT 1 FROM activity_attendance a
                           WHERE a.parent_id = p.id AND a.recorded_at >= now() - make_interval(days => $1))
          AND NOT EXISTS (SELECT 1 FROM notification n
                           WHERE n.parent_id = p.id AND n.created_at >= now() - make_interval(days => $1))
        ORDER BY p.updated_at LIMIT $2`,
      [days, ERASE_BATCH],
    );
  }

  private async eraseParents(rows: { id: string; school_id: string }[]): Promise<number> {
    let erased = 0;
    for (const row of rows) {
      // The erasure service records who erased; here the system does, not a staff member.
      await this.privacy.erase(RETENTION_ACTOR as unknown as Actor, row.school_id, row.id);
      erased++;
    }
    return erased;
  }

  /**
   * A finished message keeps its row (kind, channel, status, dates: the figures need them)
   * but loses what it said and where it went.
   */
  private purgeMessageBodies(days: number): Promise<number> {
    return this.count(
      `UPDATE notification
          SET subject = NULL, body_text = NULL, body_html = NULL, payload = '{}',
              recipient = CASE WHEN recipient LIKE 'task:%' THEN recipient ELSE NULL END,
              last_error = NULL
        WHERE created_at < now() - make_interval(days => $1)
          AND (status IN ('sent', 'dead', 'skipped') OR (status = 'task' AND task_done_at IS NOT NULL))
          AND (subject IS NOT NULL OR body_text IS NOT NULL OR body_html IS NOT NULL
               OR payload <> '{}'::jsonb OR (recipient IS NOT NULL AND recipient NOT LIKE 'task:%'))
       RETURNING 1`,
      [days],
    );
  }

  /** Files in the development outbox older than the period (by modification time). */
  private async purgeOutbox(days: number): Promise<number> {
    const dir = this.config.outboxDir;
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return 0; // no outbox (SMTP configured, or nothing written yet)
    }
    const before = Date.now() - days * 86_400_000;
    let removed = 0;
    for (const name of names) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile() || info.mtimeMs >= before) continue;
      await unlink(path).catch(() => undefined);
      removed++;
    }
    return removed;
  }

  private async count(sql: string, params: unknown[]): Promise<number> {
    const result: unknown = await this.dataSource.query(sql, params);
    // pg returns [rows, affected] for UPDATE/DELETE through TypeORM.
    if (Array.isArray(result) && typeof result[1] === 'number') return result[1];
    return Array.isArray(result) ? result.length : 0;
  }
}
