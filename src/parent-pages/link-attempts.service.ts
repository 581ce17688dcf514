import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export const LINK_GUESSES = {
  windowMinutes: 15,
  /** Unknown links or codes per address within the window; more are refused. */
  limit: 30,
};

/**
 * Slows down guessing of parent links (`/p/{token}`) and letter codes (`/c`). Only UNKNOWN
 * tokens are counted, per address, in the database (shared by all replicas): a valid link
 * always works, also from an address that guessed too often (a school's network or a proxy
 * is one address for many parents). Each guess is counted in one statement before it is
 * answered, so parallel requests get no more answers than the limit. Old rows are pruned
 * on the way.
 */
@Injectable()
export class LinkAttemptsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Counts an unknown token from this address. False when the address is over the limit:
   * the caller then answers "too many attempts" instead of "not found".
   */
  async unknown(ip: string | undefined): Promise<boolean> {
    const rows: { failures: number }[] = await this.dataSource.query(
      `INSERT INTO login_throttle AS t (key, failures, window_started_at) VALUES ($1, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_started_at > now() - make_interval(mins => $2) THEN t.failures + 1 ELSE 1 END,
         window_started_at = CASE WHEN t.window_started_at > now() - make_interval(mins => $2) THEN t.window_started_at ELSE now() END
       RETURNING failures`,
      [linkKey(ip), LINK_GUESSES.windowMinutes],
    );
    const failures = Number(rows[0]?.failures ?? 0);
    // The first guess of a window cleans up a few rows whose window passed.
    if (failures === 1) await this.prune();
    return failures <= LINK_GUESSES.limit;
  }

  /** Rows of link guesses whose window passed (a few at a time). */
  async prune(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM login_throttle WHERE key IN (
         SELECT key FROM login_throttle
          WHERE key LIKE 'link-ip:%' AND window_started_at < now() - make_interval(mins => $1)
          LIMIT 200)`,
      [LINK_GUESSES.windowMinutes],
    );
  }
}

export const linkKey = (ip: string | undefined): string => `link-ip:${ip ?? 'unknown'}`;
