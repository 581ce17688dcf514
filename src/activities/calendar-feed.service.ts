import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { APP_CONFIG, AppConfig } from '../config/config';
import { CalendarFeed } from './calendar-feed.entity';

/** 32 random-looking bytes in base64url: the secret part of a calendar address. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface CalendarFeedAddress {
  /** The secret, or null when it can no longer be shown (the server's key changed): renew. */
  token: string | null;
  createdAt: Date;
}

/**
 * The school's secret calendar address: calendar programs subscribe to it without logging
 * in, so it is a bearer secret. Only its SHA-256 (to find the school) and a random nonce are
 * stored; the secret is HMAC(server key, school + nonce), so staff can be shown the address
 * again while a copy of the database alone does not reveal it. Renewing replaces the
 * secret, revoking removes it: the old address answers 404 at once.
 */
@Injectable()
export class CalendarFeedService {
  private readonly key: Buffer;

  constructor(
    @InjectRepository(CalendarFeed) private readonly repo: Repository<CalendarFeed>,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = createHmac('sha256', config.linkSecret).update('activity-calendar-feed').digest();
  }

  private tokenOf(schoolId: string, nonce: Buffer): string {
    return createHmac('sha256', this.key)
      .update(`${schoolId}:${nonce.toString('hex')}`)
      .digest('base64url');
  }

  /** The school's current address, or null when it has none. */
  async current(schoolId: string): Promise<CalendarFeedAddress | null> {
    const row = await this.repo.findOneBy({ schoolId });
    if (!row) return null;
    const token = this.tokenOf(schoolId, row.nonce);
    const same = timingSafeEqual(sha256(token), row.tokenHash);
    return { token: same ? token : null, createdAt: row.createdAt };
  }

  /** A new secret address for the school; the previous one stops working. */
  async renew(actor: Actor, schoolId: string): Promise<string> {
    const nonce = randomBytes(16);
    const token = this.tokenOf(schoolId, nonce);
    await this.repo.manager.transaction(async (m) => {
      const [{ existed }]: { existed: boolean }[] = await m.query(
        `SELECT EXISTS (SELECT 1 FROM activity_calendar_feed WHERE school_id = $1) AS existed`,
        [schoolId],
      );
      await m.query(
        `INSERT INTO activity_calendar_feed (school_id, token_hash, nonce, created_by, created_at)
         VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (school_id) DO UPDATE
           SET token_hash = EXCLUDED.token_hash, nonce = EXCLUDED.nonce,
               created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at`,
        [schoolId, sha256(token), nonce, actor.staffId],
      );
      await this.audit.record(
        actor,
        {
          schoolId,
          action: existed ? 'activity.calendar_feed_renewed' : 'activity.calendar_feed_created',
          entityType: 'school',
          entityId: schoolId,
        },
        m,
      );
    });
    return token;
  }

  /** Ends the school's address; false when there was none. */
  async revoke(actor: Actor, schoolId: string): Promise<boolean> {
    return this.repo.manager.transaction(async (m) => {
      const deleted: [unknown[], number] = await m.query(
        `DELETE FROM activity_calendar_feed WHERE school_id = $1`,
        [schoolId],
      );
      if (!deleted[1]) return false;
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'activity.calendar_feed_revoked',
          entityType: 'school',
          entityId: schoolId,
        },
        m,
      );
      return true;
    });
  }

  /** The school whose address holds this secret, or null (unknown, revoked or malformed). */
  async schoolOf(token: string): Promise<string | null> {
    if (!TOKEN.test(token)) return null;
    const row = await this.repo.findOneBy({ tokenHash: sha256(token) });
    return row?.schoolId ?? null;
  }
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
