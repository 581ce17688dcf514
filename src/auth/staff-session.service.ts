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

/** A session as lookup() reads it. */
export interface SessionRow {
  session_id: string;
  session_staff_id: string;
  session_csrf_token: string;
  session_school_id: string | null;
  session_idle_ms: number;
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
    const lookup = this.lookup(secret);
    if (!lookup) return undefined;
    const rows: SessionRow[] = await this.dataSource.query(lookup.sql, lookup.params);
    return rows[0] ? this.found(rows[0]) : undefined;
  }

  /**
   * The statement that finds a live session by its cookie's secret ($1 and $2 of `params`),
   * with the columns of SessionRow, or undefined for a secret that cannot be one. Read alone
   * by resolve(), or with the staff member in one statement (ActorResolver.resolveSession).
   */
  lookup(secret: string | undefined): { sql: string; params: unknown[] } | undefined {
    if (!secret || secret.length > 100 || !/^[A-Za-z0-9_-]+$/.test(secret)) return undefined;
    return {
      sql: `SELECT id AS session_id, staff_id AS session_staff_id, csrf_token AS session_csrf_token,
                   school_id AS session_school_id,
                   (EXTRACT(EPOCH FROM (now() - last_seen_at)) * 1000)::float8 AS session_idle_ms
              FROM staff_session
             WHERE token_hash = $1 AND expires_at > now()
               AND last_seen_at > now() - make_interval(mins => $2)`,
      params: [hashOf(secret), this.config.sessionIdleMinutes],
    };
  }

  /** The session of a row lookup() found; it is marked as used (at most once a minute). */
  async found(row: SessionRow): Promise<ActiveSession> {
    if (Number(row.session_idle_ms) > TOUCH_AFTER_MS)
      await this.dataSource.query(`UPDATE staff_session SET last_seen_at = now() WHERE id = $1`, [
        row.session_id,
      ]);
    return {
      id: row.session_id,
      staffId: row.session_staff_id,
      csrfToken: row.session_csrf_token,
      schoolId: row.session_school_id,
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
