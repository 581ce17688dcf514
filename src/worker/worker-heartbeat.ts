import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';

/**
 * This process's identity as a worker: the outbox rows it claims carry it (claimed_by), and its
 * heartbeat row (worker_heartbeat) says it is alive. One per process, new on every start.
 */
export const WORKER_ID = randomUUID();

/** How often a worker writes its heartbeat. */
export const HEARTBEAT_INTERVAL_MS = 2_000;
/** A worker whose heartbeat is older than this is gone: its claimed rows are claimed again. */
export const HEARTBEAT_STALE_SECONDS = 10;

export interface WorkerBeat {
  id: string;
  host: string;
  pid: number;
  role: string;
  startedAt: Date;
  beatAt: Date;
  ageSeconds: number;
}

/** Writes (or refreshes) this process's heartbeat row. */
export async function beat(db: DataSource, role: string): Promise<void> {
  await db.query(
    `INSERT INTO worker_heartbeat (id, host, pid, role) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET beat_at = now()`,
    [WORKER_ID, hostname(), process.pid, role],
  );
}

/** Removes this process's heartbeat (a clean stop): its rows can be claimed at once. */
export async function leave(db: DataSource): Promise<void> {
  await db.query(`DELETE FROM worker_heartbeat WHERE id = $1`, [WORKER_ID]);
}

function processGone(pid: number): boolean {
  if (pid === process.pid) return true; // our previous life in the same container (pid 1 again)
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * On start: earlier workers on this host whose process no longer exists (killed, crashed) are
 * removed, so the rows they held are claimed again now rather than when their heartbeat ages
 * out. Heartbeats silent for an hour are removed too. Returns how many were removed.
 */
export async function buryDeadWorkers(db: DataSource): Promise<number> {
  const rows: { id: string; pid: number }[] = await db.query(
    `SELECT id, pid FROM worker_heartbeat WHERE host = $1 AND id <> $2`,
    [hostname(), WORKER_ID],
  );
  const dead = rows.filter((r) => processGone(r.pid)).map((r) => r.id);
  const [, removed]: [unknown, number] = await db.query(
    `DELETE FROM worker_heartbeat WHERE id = ANY($1::uuid[]) OR beat_at < now() - interval '1 hour'`,
    [dead],
  );
  return removed;
}

/** Every worker's heartbeat, newest first (for health checks). */
export async function workerBeats(db: DataSource): Promise<WorkerBeat[]> {
  const rows: {
    id: string;
    host: string;
    pid: number;
    role: string;
    started_at: Date;
    beat_at: Date;
    age: number;
  }[] = await db.query(
    `SELECT id, host, pid, role, started_at, beat_at,
            extract(epoch FROM now() - beat_at)::float8 AS age
       FROM worker_heartbeat ORDER BY beat_at DESC`,
  );
  return rows.map((r) => ({
    id: r.id,
    host: r.host,
    pid: r.pid,
    role: r.role,
    startedAt: r.started_at,
    beatAt: r.beat_at,
    ageSeconds: r.age,
  }));
}
