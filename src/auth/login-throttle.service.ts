import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Brute-force protection for staff login, kept in PostgreSQL so all API replicas share it.
 *
 * Every attempt is COUNTED BEFORE the password is checked, in one statement per attempt, so
 * no number of parallel requests gets more guesses than the limit. Counters are kept per
 * account and address together (a guesser from one address is stopped after a few tries,
 * without locking the colleagues who share the school's network address) and per account
 * (a guesser from many addresses is stopped too). Unknown e-mail addresses are counted the
 * same way, so the behaviour never reveals whether an account exists. A successful login
 * clears the account's counters; old rows are pruned on the way.
 */
export const THROTTLE = {
  windowMinutes: 15,
  /** Attempts per account from one address within the window. */
  accountAddressLockAfter: 5,
  /** Attempts per account from all addresses together within the window. */
  accountLockAfter: 20,
  lockMinutes: 15,
  /** Extra delay per earlier failure, capped. */
  delayStepMs: 200,
  maxDelayMs: 2000,
};

export interface AttemptResult {
  /** False: the attempt is refused without checking the password. */
  allowed: boolean;
  lockedForSeconds: number;
  /** Attempts of the first (the narrowest) key so far in the window, this one included. */
  attempts: number;
}

export interface ThrottleKey {
  key: string;
  limit: number;
}

/** The counters of one login attempt: this account from this address, and this account. */
export function loginKeys(email: string, ip: string | undefined): ThrottleKey[] {
  const account = email.trim().toLowerCase();
  return [
    { key: `acct-ip:${account}|${ip ?? 'unknown'}`, limit: THROTTLE.accountAddressLockAfter },
    { key: `acct:${account}`, limit: THROTTLE.accountLockAfter },
  ];
}

@Injectable()
export class LoginThrottleService {
  constructor(private readonly dataSource: DataSource) {}

  /** Counts an attempt on every key at once; refuses it when a key is locked or over its limit. */
  async attempt(keys: ThrottleKey[]): Promise<AttemptResult> {
    const rows: { key: string; failures: number; locked_for: number | null }[] =
      await this.dataSource.query(
        `INSERT INTO login_throttle AS t (key, failures, window_started_at, locked_until)
         SELECT k, 1, now(), NULL FROM unnest($1::text[]) AS k
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN t.window_started_at > now() - make_interval(mins => $2) THEN t.failures + 1 ELSE 1 END,
           window_started_at = CASE WHEN t.window_started_at > now() - make_interval(mins => $2) THEN t.window_started_at ELSE now() END
         RETURNING key, failures, EXTRACT(EPOCH FROM (t.locked_until - now()))::float8 AS locked_for`,
        [keys.map((k) => k.key), THROTTLE.windowMinutes],
      );
    const limitOf = new Map(keys.map((k) => [k.key, k.limit]));
    const over = rows.filter((r) => Number(r.failures) > (limitOf.get(r.key) ?? 0));
    let lockedFor = Math.max(0, ...rows.map((r) => Number(r.locked_for ?? 0)));
    if (over.length) {
      await this.dataSource.query(
        `UPDATE login_throttle SET locked_until = now() + make_interval(mins => $2)
          WHERE key = ANY($1) AND (locked_until IS NULL OR locked_until < now())`,
        [over.map((r) => r.key), THROTTLE.lockMinutes],
      );
      lockedFor = Math.max(lockedFor, THROTTLE.lockMinutes * 60);
    }
    return {
      allowed: lockedFor <= 0,
      lockedForSeconds: lockedFor,
      attempts: Number(rows.find((r) => r.key === keys[0]?.key)?.failures ?? 0),
    };
  }

  /** A successful login clears the counters of its keys, and prunes rows nobody needs. */
  async succeed(keys: ThrottleKey[]): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_throttle WHERE key = ANY($1)`, [
      keys.map((k) => k.key),
    ]);
    await this.prune();
  }

  /** Rows whose window passed and that hold no lock (a few at a time). */
  async prune(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM login_throttle WHERE key IN (
         SELECT key FROM login_throttle
          WHERE window_started_at < now() - make_interval(mins => $1)
            AND (locked_until IS NULL OR locked_until < now())
          LIMIT 200)`,
      [THROTTLE.windowMinutes],
    );
  }

  delayFor(earlierAttempts: number): number {
    return Math.min(THROTTLE.maxDelayMs, Math.max(0, earlierAttempts) * THROTTLE.delayStepMs);
  }
}
