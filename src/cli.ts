import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { isEmail } from 'class-validator';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { AppConfig, ConfigError, loadConfig } from './config/config';
import { devSecrets } from './config/dev-secrets';
import { createLogger, NestPinoLogger } from './common/logging/app-logger';
import { runMigrations } from './database/migrate';
import { PASSWORD_MIN_LENGTH } from './auth/password';
import { HEARTBEAT_STALE_SECONDS } from './worker/worker-heartbeat';

const USAGE = `Usage (in the image: node dist/src/cli.js <command> ...):
  npm run cli -- create-admin --email <e-mail> --name <name>
    Creates the first platform administrator. The password is read from the
    ADMIN_PASSWORD environment variable (at least ${PASSWORD_MIN_LENGTH} characters).
  npm run cli -- reset-password --email <e-mail>
    Prints a one-time link (valid for an hour) with which that staff member chooses a new
    password; for a lost demo password too.
  npm run cli -- migrate
    Applies pending migrations.
  npm run cli -- rotate-key
    Re-encrypts every encrypted value (parents' e-mail, phone and intake note; message
    addresses) with DATA_ENCRYPTION_KEY, reading older values with DATA_ENCRYPTION_KEYS_OLD,
    and recomputes the lookup hashes; in batches, printing counts. Safe to run again.
  npm run cli -- worker-health
    Exits 0 when a worker on this host wrote its heartbeat in the last ${HEARTBEAT_STALE_SECONDS} s (for health checks).
Needs DATABASE_URL (or a running embedded database from npm start).`;

/** A mistake in how the command was called: the message and exit code 2. */
class UsageError extends Error {}

type Command = 'create-admin' | 'reset-password' | 'migrate' | 'worker-health' | 'rotate-key';
const COMMANDS: readonly Command[] = [
  'create-admin',
  'reset-password',
  'migrate',
  'worker-health',
  'rotate-key',
];

export interface CliArgs {
  command: Command | 'help';
  email?: string;
  name?: string;
}

/** Parses and validates the command line (strict: an unknown option or a missing value is an error). */
export function parseCli(argv: string[]): CliArgs {
  let parsed: ReturnType<
    typeof parseArgs<{
      options: {
        email: { type: 'string' };
        name: { type: 'string' };
        help: { type: 'boolean'; short: 'h' };
      };
      allowPositionals: true;
      strict: true;
    }>
  >;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  const [command, ...extra] = positionals;
  if (values.help || !command) return { command: 'help' };
  if (!(COMMANDS as readonly string[]).includes(command))
    throw new UsageError(`Unknown command "${command}"`);
  if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}"`);
  const email = values.email?.trim();
  const name = values.name?.trim();
  if (command === 'create-admin' || command === 'reset-password') {
    if (!email) throw new UsageError('--email is required');
    if (email.startsWith('-') || !isEmail(email))
      throw new UsageError(`--email must be an e-mail address (got "${email}")`);
  }
  if (command === 'create-admin' && (!name || name.startsWith('--')))
    throw new UsageError('--name is required');
  return { command: command as Command, email, name };
}

function config(): AppConfig {
  const dataDir = resolve(process.env.DATA_DIR || '.data');
  return loadConfig(
    {
      ...process.env,
      PROCESS_ROLE: 'api',
      SEED_DEMO: 'false',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
    process.env.NODE_ENV === 'production' ? {} : devSecrets(dataDir),
  );
}

async function withApp<T>(
  cfg: AppConfig,
  databaseUrl: string,
  fn: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<T>,
): Promise<T> {
  // Loaded only here, so `worker-health` (run every 30 s by compose) stays light.
  const { AppModule } = await import('./app.module');
  const logger = createLogger(cfg);
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ ...cfg, databaseUrl, workerAutostart: false }, logger),
    { logger: new NestPinoLogger(logger) },
  );
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const args = parseCli(process.argv.slice(2));
  if (args.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const cfg = config();
  const databaseUrl =
    cfg.databaseUrl ??
    `postgres://postgres:oudermaatje-local@127.0.0.1:${cfg.embeddedPgPort}/oudermaatje`;
  switch (args.command) {
    case 'migrate': {
      const applied = await runMigrations(databaseUrl);
      process.stdout.write(`Applied ${applied.length} migration(s)\n`);
      return;
    }
    case 'worker-health': {
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ age: number }>(
          `SELECT extract(epoch FROM now() - max(beat_at))::float8 AS age
             FROM worker_heartbeat WHERE host = $1`,
          [hostname()],
        );
        const age = rows[0]?.age;
        if (age === null || age === undefined || age > HEARTBEAT_STALE_SECONDS) {
          process.stdout.write(
            `No worker on ${hostname()} wrote its heartbeat in the last ${HEARTBEAT_STALE_SECONDS} s\n`,
          );
          process.exitCode = 1;
        } else process.stdout.write(`Worker alive (last heartbeat ${age.toFixed(1)} s ago)\n`);
      } finally {
        await client.end();
      }
      return;
    }
    case 'rotate-key': {
      const { PersonalDataEncryptionService } =
        await import('./privacy/encryption/personal-data-encryption.service');
      const { dataCipher } = await import('./privacy/encryption/field-encryption');
      const summary = await withApp(cfg, databaseUrl, async (app) => {
        const service = app.get(PersonalDataEncryptionService);
        const keyId = dataCipher().current.id;
        process.stdout.write(
          `Re-encrypting with key ${keyId} (${cfg.dataEncryptionKeysOld.length} old key(s) to read with)\n`,
        );
        const done = await service.runAll('rotate', 500, (sofar) =>
          process.stdout.write(
            `  ${sofar.parents} parent(s), ${sofar.messages} message(s) so far\n`,
          ),
        );
        return { done, left: await service.pending('rotate'), keyId };
      });
      process.stdout.write(
        `Re-encrypted ${summary.done.parents} parent(s) and ${summary.done.messages} message(s) with key ${summary.keyId}; left: ${summary.left.parents} parent(s), ${summary.left.messages} message(s).\n`,
      );
      if (summary.left.parents || summary.left.messages) process.exitCode = 1;
      return;
    }
    case 'create-admin': {
      const password = process.env.ADMIN_PASSWORD;
      if (!password || password.length < PASSWORD_MIN_LENGTH)
        throw new ConfigError(
          `ADMIN_PASSWORD must be set to at least ${PASSWORD_MIN_LENGTH} characters`,
        );
      await runMigrations(databaseUrl);
      const { StaffService } = await import('./staff/staff.service');
      const admin = await withApp(cfg, databaseUrl, (app) =>
        app.get(StaffService).createPlatformAdmin({
          email: args.email ?? '',
          name: args.name ?? '',
          password,
        }),
      );
      process.stdout.write(`Platform administrator ${admin.email} created (id ${admin.id}).\n`);
      return;
    }
    case 'reset-password': {
      const { PasswordsService } = await import('./auth/passwords.service');
      const link = await withApp(cfg, databaseUrl, (app) =>
        app.get(PasswordsService).issueReset(args.email ?? ''),
      );
      if (!link) {
        process.stderr.write(
          `No staff account has the address ${args.email}, or it had 3 reset links in the last hour.\n`,
        );
        process.exitCode = 1;
        return;
      }
      process.stdout.write(
        [
          `A one-time link for ${link.email} (valid for an hour, usable once):`,
          `  ${cfg.publicBaseUrl}/password/set?token=${link.token}`,
          '',
        ].join('\n'),
      );
      return;
    }
  }
}

if (require.main === module)
  main().catch((err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
