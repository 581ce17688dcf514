import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const WINDOW_MINUTES = 15;
const LIMIT = 30;

/**
 * Slows down guessing of parent links: unknown tokens are counted per address (in the
 * database, shared by all replicas); past the limit the address gets a "wait" page.
 */
@Injectable()
export class LinkAttemptsService {
  constructor(private readonly dataSource: DataSource) {}

  async blocked(ip: string | undefined): Promise<boolean> {
    const rows: { failures: number }[] = await this.dataSource.query(
      `SELECT failures FROM login_throttle WHERE key = $1 AND window_started_at > now() - make_interval(mins => $2)`,
      [`link-ip:${ip ?? 'unknown'}`, WINDOW_MINUTES],
    );
    return (rows[0]?.failures ?? 0) >= LIMIT;
  }

  async fail(ip: string | undefined): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO login_throttle AS t (key, failures, window_started_at) VALUES ($1, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_started_at > now() - make_interval(mins => $2) THEN t.failures + 1 ELSE 1 END,
         window_started_at = CASE WHEN t.window_started_at > now() - make_interval(mins => $2) THEN t.window_started_at ELSE now() END`,
      [`link-ip:${ip ?? 'unknown'}`, WINDOW_MINUTES],
    );
  }
}
