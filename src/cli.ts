import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { resolve } from 'node:path';
import { AppModule } from './app.module';
import { ConfigError, loadConfig } from './config/config';
import { devSecrets } from './config/dev-secrets';
import { createLogger, NestPinoLogger } from './common/logging/app-logger';
import { runMigrations } from './database/migrate';
import { PASSWORD_MIN_LENGTH } from './auth/password';
import { StaffService } from './staff/staff.service';

const USAGE = `Usage:
  npm run cli -- create-admin --email <e-mail> --name <name>
    Creates the first platform administrator. The password is read from the
    ADMIN_PASSWORD environment variable (at least ${PASSWORD_MIN_LENGTH} characters).
  npm run cli -- migrate
    Applies pending migrations.
Needs DATABASE_URL (or a running embedded database from npm start).`;

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const dataDir = resolve(process.env.DATA_DIR || '.data');
  const config = loadConfig(
    {
      ...process.env,
      PROCESS_ROLE: 'api',
      SEED_DEMO: 'false',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
    process.env.NODE_ENV === 'production' ? {} : devSecrets(dataDir),
  );
  const databaseUrl =
    config.databaseUrl ??
    `postgres://postgres:oudermaatje-local@127.0.0.1:${config.embeddedPgPort}/oudermaatje`;
  if (command === 'migrate') {
    const applied = await runMigrations(databaseUrl);
    process.stdout.write(`Applied ${applied.length} migration(s)\n`);
    return;
  }
  if (command !== 'create-admin') {
    process.stdout.write(`${USAGE}\n`);
    process.exitCode = command ? 2 : 0;
    return;
  }
  const email = arg(args, 'email');
  const name = arg(args, 'name');
  const password = process.env.ADMIN_PASSWORD;
  if (!email || !name) throw new ConfigError('--email and --name are required');
  if (!password || password.length < PASSWORD_MIN_LENGTH)
    throw new ConfigError(
      `ADMIN_PASSWORD must be set to at least ${PASSWORD_MIN_LENGTH} characters`,
    );
  await runMigrations(databaseUrl);
  const logger = createLogger(config);
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ ...config, databaseUrl, workerAutostart: false }, logger),
    {
      logger: new NestPinoLogger(logger),
    },
  );
  try {
    const admin = await app.get(StaffService).createPlatformAdmin({ email, name, password });
    process.stdout.write(`Platform administrator ${admin.email} created (id ${admin.id}).\n`);
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
