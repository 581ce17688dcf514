import { resolve } from 'node:path';

/** The whole configuration, validated once at start. Nothing else reads process.env. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Base URL parents and staff reach the service on; used in links inside messages. */
  publicBaseUrl: string;
  /** Which parts this process runs: the HTTP API, the background worker, or both. */
  processRole: 'all' | 'api' | 'worker';
  /** PostgreSQL connection string; undefined means: start the embedded database. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  runMigrations: boolean;
  dataDir: string;
  embeddedPgPort: number;
  jwtSecret: string;
  jwtTtlSeconds: number;
  /** A staff workspace session ends after this many minutes without a request. */
  sessionIdleMinutes: number;
  /** Secret for parent-page tokens and forms (CSRF); separate from the staff token secret. */
  linkSecret: string;
  smtp: SmtpConfig | undefined;
  mailFrom: string;
  outboxDir: string;
  smsProvider: 'outbox';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  logFormat: 'json' | 'pretty';
  bodyLimit: string;
  seedDemo: boolean;
  workerPollMs: number;
  /** Start the background loops on boot; tests switch this off and drain by hand. */
  workerAutostart: boolean;
  trustProxy: boolean;
  /** Encrypts e-mail, phone and intake notes at rest; keys the lookup hashes (see PRIVACY.md). */
  dataEncryptionKey: string;
  /** Earlier keys, only to read values written before a rotation (`npm run cli -- rotate-key`). */
  dataEncryptionKeysOld: string[];
  retention: RetentionConfig;
}

/** How long the worker keeps things (days); see PRIVACY.md "Retention". */
export interface RetentionConfig {
  /** A parent who left (status left, record unchanged since) is erased after this many days. */
  leftParentDays: number;
  /** A parent with no activity at all (record, matches, sign-ups, attendance) is erased after this many days. */
  inactiveParentDays: number;
  /** Subject, body and payload of a finished message are dropped after this many days (the row stays for figures). */
  messageBodyDays: number;
  /** Parent links and password links are deleted this many days after they expired (or were used). */
  linkDays: number;
  /** Login-throttle rows are deleted this many days after their window started (and any lock ended). */
  loginThrottleDays: number;
  /** Files in the development outbox (OUTBOX_DIR) are deleted after this many days. */
  outboxDays: number;
  /** The IP address in an audit-log entry is cleared after this many days (the entry stays). */
  auditIpDays: number;
}

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user: string | undefined;
  password: string | undefined;
  pool: boolean;
  maxConnections: number;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string, fallback?: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    if (fallback === undefined) throw new ConfigError(`${name} is required but not set`);
    return fallback;
  }
  return value;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim()))
    throw new ConfigError(`${name} must be a whole number (got "${raw}")`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(`${name} must be between ${min} and ${max} (got ${value})`);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw))
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
  return raw as T;
}

function url(
  env: Env,
  name: string,
  fallback: string | undefined,
  protocols: string[],
): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL (got an unparsable value)`);
  }
  if (!protocols.includes(parsed.protocol))
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  return raw.replace(/\/$/, '');
}

function secret(
  env: Env,
  name: string,
  fallback: string | undefined,
  isProduction: boolean,
): string {
  const value = env[name];
  if (value === undefined || value === '') {
    if (isProduction || fallback === undefined)
      throw new ConfigError(`${name} is required in production (at least 32 characters)`);
    return fallback;
  }
  if (value.length < 32) throw new ConfigError(`${name} must be at least 32 characters long`);
  if (isProduction && /change[-_ ]?me|changeme|example|placeholder|secret-of-32/i.test(value))
    throw new ConfigError(
      `${name} is a placeholder; set a long random value (openssl rand -base64 48)`,
    );
  return value;
}

export interface ConfigDefaults {
  /** Secrets generated and kept under .data/ for a development machine. */
  devJwtSecret?: string;
  devLinkSecret?: string;
  devDataEncryptionKey?: string;
}

/** Reads and validates the environment. Throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env, defaults: ConfigDefaults = {}): AppConfig {
  const nodeEnv = oneOf(
    env,
    'NODE_ENV',
    ['development', 'production', 'test'] as const,
    'development',
  );
  const isProduction = nodeEnv === 'production';
  const port = int(env, 'PORT', 3000, 0, 65535);
  const dataDir = resolve(str(env, 'DATA_DIR', '.data'));
  const databaseUrl = url(env, 'DATABASE_URL', undefined, ['postgres:', 'postgresql:']);
  if (isProduction && !databaseUrl) throw new ConfigError('DATABASE_URL is required in production');
  const smtpHost = env.SMTP_HOST || undefined;
  const smtpPort = int(env, 'SMTP_PORT', 587, 1, 65535);
  const smtp: SmtpConfig | undefined = smtpHost
    ? {
        host: smtpHost,
        port: smtpPort,
        secure: bool(env, 'SMTP_SECURE', smtpPort === 465),
        user: env.SMTP_USER || undefined,
        password: env.SMTP_PASSWORD || undefined,
        pool: bool(env, 'SMTP_POOL', true),
        maxConnections: int(env, 'SMTP_MAX_CONNECTIONS', 5, 1, 100),
      }
    : undefined;
  const mailFrom = str(env, 'MAIL_FROM', 'Oudermaatje <no-reply@oudermaatje.localhost>');
  if (!/@/.test(mailFrom)) throw new ConfigError('MAIL_FROM must contain an e-mail address');
  const jwtSecret = secret(env, 'JWT_SECRET', defaults.devJwtSecret, isProduction);
  const linkSecret = secret(
    env,
    'LINK_SECRET',
    defaults.devLinkSecret ?? defaults.devJwtSecret,
    isProduction,
  );
  if (isProduction && jwtSecret === linkSecret)
    throw new ConfigError('LINK_SECRET must differ from JWT_SECRET');
  // Outside production without a key of its own (tests): one derived from JWT_SECRET, stable per secret.
  const dataEncryptionKey = secret(
    env,
    'DATA_ENCRYPTION_KEY',
    defaults.devDataEncryptionKey ?? `development-only-data-key:${jwtSecret}`,
    isProduction,
  );
  if (isProduction && (dataEncryptionKey === jwtSecret || dataEncryptionKey === linkSecret))
    throw new ConfigError('DATA_ENCRYPTION_KEY must differ from JWT_SECRET and LINK_SECRET');
  const dataEncryptionKeysOld = (env.DATA_ENCRYPTION_KEYS_OLD ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  for (const old of dataEncryptionKeysOld)
    if (old.length < 32)
      throw new ConfigError(
        'DATA_ENCRYPTION_KEYS_OLD must be a comma-separated list of keys of at least 32 characters',
      );
  return {
    env: nodeEnv,
    host: str(env, 'HOST', '0.0.0.0'),
    port,
    publicBaseUrl: url(env, 'PUBLIC_BASE_URL', `http://localhost:${port}`, ['http:', 'https:'])!,
    processRole: oneOf(env, 'PROCESS_ROLE', ['all', 'api', 'worker'] as const, 'all'),
    databaseUrl,
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    runMigrations: bool(env, 'RUN_MIGRATIONS', true),
    dataDir,
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 54329, 1, 65535),
    jwtSecret,
    jwtTtlSeconds: int(env, 'JWT_TTL_SECONDS', 3600, 60, 86400),
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 30, 5, 720),
    linkSecret,
    smtp,
    mailFrom,
    outboxDir: resolve(str(env, 'OUTBOX_DIR', resolve(dataDir, 'outbox'))),
    smsProvider: oneOf(env, 'SMS_PROVIDER', ['outbox'] as const, 'outbox'),
    logLevel: oneOf(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
    ),
    logFormat: oneOf(
      env,
      'LOG_FORMAT',
      ['json', 'pretty'] as const,
      isProduction ? 'json' : 'pretty',
    ),
    bodyLimit: str(env, 'BODY_LIMIT', '1mb'),
    seedDemo: bool(env, 'SEED_DEMO', !isProduction && !databaseUrl),
    workerPollMs: int(env, 'WORKER_POLL_MS', 1000, 10, 60000),
    workerAutostart: bool(env, 'WORKER_AUTOSTART', true),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    dataEncryptionKey,
    dataEncryptionKeysOld,
    retention: {
      leftParentDays: int(env, 'RETENTION_LEFT_PARENT_DAYS', 365, 1, 3650),
      inactiveParentDays: int(env, 'RETENTION_INACTIVE_PARENT_DAYS', 1095, 30, 3650),
      messageBodyDays: int(env, 'RETENTION_MESSAGE_BODY_DAYS', 180, 1, 3650),
      linkDays: int(env, 'RETENTION_LINK_DAYS', 30, 0, 3650),
      loginThrottleDays: int(env, 'RETENTION_LOGIN_THROTTLE_DAYS', 1, 1, 365),
      outboxDays: int(env, 'RETENTION_OUTBOX_DAYS', 30, 1, 3650),
      auditIpDays: int(env, 'RETENTION_AUDIT_IP_DAYS', 90, 1, 3650),
    },
  };
}
