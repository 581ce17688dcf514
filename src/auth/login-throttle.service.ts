import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Brute-force protection for staff login, kept in PostgreSQL so all API replicas share it.
 * Per account and per address: failures within a window slow the answer down; at the
 * limit the key is locked for a while. Unknown e-mail addresses are counted the same way,
 * so the behaviour never reveals whether an account exists.
 */
export const THROTTLE = {
  windowMinutes: 15,
  accountLockAfter: 5,
  addressLockAfter: 20,
  lockMinutes: 15,
  /** Extra delay per earlier failure, capped. */
  delayStepMs: 200,
  maxDelayMs: 2000,
};

export interface ThrottleState {
  lockedForSeconds: number;
  failures: number;
}

@Injectable()
export class LoginThrottleService {
  constructor(private readonly dataSource: DataSource) {}

  /** The longest lock among the keys and the most failures, without changing anything. */
  async check(keys: string[]): Promise<ThrottleState> {
    const rows: { failures: number; locked_for: number | null }[] = await this.dataSource.query(
      `SELECT CASE WHEN window_started_at > now() - make_interval(mins => $2) THEN failures ELSE 0 END AS failures,
              EXTRACT(EPOCH FROM (locked_until - now()))::float AS locked_for
         FROM login_throttle WHERE key = ANY($1)`,
      [keys, THROTTLE.windowMinutes],
    );
    return {
      failures: Math.max(0, ...rows.map((r) => Number(r.failures))),
      lockedForSeconds: Math.max(0, ...rows.map((r) => Number(r.locked_for ?? 0))),
    };
  }

  /** Counts a failure for each key, locking a key that reaches its limit. */
  async fail(keys: { key: string; lockAfter: number }[]): Promise<void> {
    for (const { key, lockAfter } of keys) {
      await this.dataSource.query(
        `INSERT INTO login_throttle AS t (key, failures, window_started_at, locked_until)
              VALUES ($1, 1, now(), NULL)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN t.window_started_at > now() - make_interval(mins => $2) THEN t.failures + 1 ELSE 1 END,
           window_started_at = CASE WHEN t.window_started_at > now() - make_interval(mins => $2) THEN t.window_started_at ELSE now() END,
           locked_until = CASE
             WHEN (CASE WHEN t.window_started_at > now() - make_interval(mins => $2) THEN t.failures + 1 ELSE 1 END) >= $3
             THEN now() + make_interval(mins => $4) ELSE t.locked_until END`,
        [key, THROTTLE.windowMinutes, lockAfter, THROTTLE.lockMinutes],
      );
    }
  }

  async succeed(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_throttle WHERE key = $1`, [key]);
  }

  delayFor(failures: number): number {
    return Math.min(THROTTLE.maxDelayMs, failures * THROTTLE.delayStepMs);
  }
}
