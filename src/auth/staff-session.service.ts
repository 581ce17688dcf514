import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';

/** Sessions end at the latest this long after login, however active. */
const ABSOLUTE_HOURS = 12;
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_AFTER_MS = 60_000;

export interface ActiveSession {
  id: string;
  staffId: string;
  csrfToken: string;
  schoolId: string | null;
}

const hashOf = (secret: string): Buffer => createHash('sha256').update(secret).digest();
const newSecret = (): string => randomBytes(32).toString('base64url');

/**
 * Server-side sessions of the staff workspace. The cookie carries a random secret; the
 * database keeps its hash, so logging out (or a password change) ends a session at once,
 * and a session nobody used for SESSION_IDLE_MINUTES is over.
 */
@Injectable()
export class StaffSessionService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get idleSeconds(): number {
    return this.config.sessionIdleMinutes * 60;
  }

  async start(staffId: string, schoolId: string | null = null): Promise<{ secret: string }> {
    const secret = newSecret();
    await this.dataSource.query(
      `INSERT INTO staff_session (token_hash, staff_id, csrf_token, school_id, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))`,
      [hashOf(secret), staffId, newSecret(), schoolId, ABSOLUTE_HOURS],
    );
    // Old sessions are cleaned up on the way, a few at a time.
    await this.dataSource.query(
      `DELETE FROM staff_session WHERE id IN (
         SELECT id FROM staff_session
          WHERE expires_at < now() OR last_seen_at < now() - make_interval(mins => $1)
          LIMIT 100)`,
      [this.config.sessionIdleMinutes],
    );
    return { secret };
  }

  /** The live session behind a cookie value, or undefined (unknown, idle too long, expired). */
  async resolve(secret: string | undefined): Promise<ActiveSession | undefined> {
    if (!secret || secret.length > 100 || !/^[A-Za-z0-9_-]+$/.test(secret)) return undefined;
    const rows: {
      id: string;
      staff_id: string;
      csrf_token: string;
      school_id: string | null;
      idle_ms: number;
    }[] = await this.dataSource.query(
      `SELECT id, staff_id, csrf_token, school_id,
              (EXTRACT(EPOCH FROM (now() - last_seen_at)) * 1000)::float8 AS idle_ms
         FROM staff_session
        WHERE token_hash = $1 AND expires_at > now()
          AND last_seen_at > now() - make_interval(mins => $2)`,
      [hashOf(secret), this.config.sessionIdleMinutes],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (Number(row.idle_ms) > TOUCH_AFTER_MS)
      await this.dataSource.query(`UPDATE staff_session SET last_seen_at = now() WHERE id = $1`, [
        row.id,
      ]);
    return {
      id: row.id,
      staffId: row.staff_id,
      csrfToken: row.csrf_token,
      schoolId: row.school_id,
    };
  }

  checkCsrf(session: ActiveSession, given: unknown): boolean {
    if (typeof given !== 'string') return false;
    const a = Buffer.from(given);
    const b = Buffer.from(session.csrfToken);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  async chooseSchool(sessionId: string, schoolId: string): Promise<void> {
    await this.dataSource.query(`UPDATE staff_session SET school_id = $2 WHERE id = $1`, [
      sessionId,
      schoolId,
    ]);
  }

  async end(sessionId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM staff_session WHERE id = $1`, [sessionId]);
  }

  /** Ends every session of a staff member but one (after a password change). */
  async endAllOf(staffId: string, except?: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM staff_session WHERE staff_id = $1 AND ($2::uuid IS NULL OR id <> $2)`,
      [staffId, except ?? null],
    );
  }
}

export const sessionSecretHash = hashOf;
export const newSessionSecret = newSecret;
