import 'reflect-metadata';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { createApp } from './bootstrap';
import { AppModule } from './app.module';
import { AppConfig, ConfigError, loadConfig } from './config/config';
import { devSecrets } from './config/dev-secrets';
import { createLogger, NestPinoLogger } from './common/logging/app-logger';
import { EmbeddedDatabase, StartupError } from './database/embedded-database';
import { runMigrations } from './database/migrate';

function readConfig(): AppConfig {
  try {
    const isProduction = process.env.NODE_ENV === 'production';
    const dataDir = resolve(process.env.DATA_DIR || '.data');
    return loadConfig(process.env, isProduction ? {} : devSecrets(dataDir));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

let embedded: EmbeddedDatabase | undefined;
let started: AppConfig | undefined;

/**
 * One line for a failed start: the cause and the setting to change. Only an error we did
 * not foresee also gets its stack (outside production).
 */
function startFailure(err: unknown): { line: string; expected: boolean } {
  if (err instanceof StartupError) return { line: err.message, expected: true };
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  if (e?.code === 'EADDRINUSE' && e.syscall === 'listen')
    return {
      line: `Port ${e.port ?? started?.port} on ${e.address ?? started?.host} is taken by another program: stop it or set PORT (and HOST) to a free address.`,
      expected: true,
    };
  if (e?.code === 'EACCES' && e.syscall === 'listen')
    return {
      line: `Not allowed to listen on port ${e.port ?? started?.port}: set PORT to a port above 1023.`,
      expected: true,
    };
  if (
    ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', '28P01', '3D000'].includes(
      e?.code ?? '',
    )
  )
    return {
      line: `Cannot use the database (${e.message}): check DATABASE_URL${started?.databaseUrl ? '' : ' (empty: the embedded PostgreSQL)'}.`,
      expected: true,
    };
  if (err instanceof Error) return { line: err.message || err.name, expected: false };
  return { line: `an unknown error (${String(err)}); see the log lines above`, expected: false };
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = readConfig();
  started = config;
  const logger = createLogger(config);
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = new EmbeddedDatabase({
      dir: resolve(config.dataDir, 'postgres'),
      port: config.embeddedPgPort,
      database: 'oudermaatje',
      persistent: true,
      log: (line) => (/ERROR|FATAL|PANIC/.test(line) ? logger.error(line) : logger.info(line)),
    });
    databaseUrl = await embedded.start();
    logger.info(
      `Embedded PostgreSQL runs on 127.0.0.1:${config.embeddedPgPort} (data in ${config.dataDir}/postgres)`,
    );
  }
  const resolved: AppConfig = { ...config, databaseUrl };
  if (config.runMigrations) {
    const applied = await runMigrations(databaseUrl);
    if (applied.length) logger.info({ applied }, `Applied ${applied.length} migration(s)`);
  }

  const app =
    config.processRole === 'worker'
      ? await NestFactory.createApplicationContext(AppModule.forRoot(resolved, logger), {
          logger: new NestPinoLogger(logger),
        })
      : await createApp(resolved, logger);
  await app.init();
  // The demo data exists before the API answers, so "ready" means ready to log in.
  if (config.seedDemo && config.processRole !== 'worker') {
    const { seedDemo } = await import('./seed/demo-seed');
    await seedDemo(app, resolved, logger);
  }
  if (config.processRole !== 'worker')
    await (app as Awaited<ReturnType<typeof createApp>>).listen(config.port, config.host);

  const base = config.publicBaseUrl;
  const took = ((Date.now() - startedAt) / 1000).toFixed(1);
  if (config.processRole === 'worker') {
    logger.info(`oudermaatje worker ready in ${took}s`);
  } else {
    logger.info(
      [
        `oudermaatje ready in ${took}s (${config.processRole === 'all' ? 'API and worker' : 'API'})`,
        `  Workspace  ${base}/  (staff login)`,
        `  API        ${base}/api/v1`,
        `  API docs   ${base}/api/docs`,
        `  Health     ${base}/health/ready`,
        ...(config.smtp
          ? []
          : [`  Outbox     ${config.outboxDir} (e-mail is written here as .eml files)`]),
      ].join('\n'),
    );
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      logger.warn('Second signal: exiting at once');
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal} received: stopping`);
    const force = setTimeout(() => {
      logger.error('Shutdown took longer than 20 s: exiting');
      process.exit(1);
    }, 20000);
    force.unref();
    void (async () => {
      try {
        await app.close();
        if (embedded) await embedded.stop();
        logger.info('Stopped cleanly');
        process.exit(0);
      } catch (err) {
        logger.error({ err }, 'Error while stopping');
        process.exit(1);
      }
    })();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch(async (err: unknown) => {
  const { line, expected } = startFailure(err);
  process.stderr.write(`oudermaatje could not start: ${line}\n`);
  if (!expected && process.env.NODE_ENV !== 'production' && err instanceof Error && err.stack)
    process.stderr.write(`${err.stack}\n`);
  await embedded?.stop().catch(() => undefined);
  process.exit(1);
});
