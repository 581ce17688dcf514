import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { DestinationStream } from 'pino';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap';
import { AppConfig, loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/common/logging/app-logger';
import { runMigrations } from '../../src/database/migrate';
import { createTestDatabase } from './test-database';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  baseUrl: string;
  db: DataSource;
  http: () => ReturnType<typeof request>;
  /** A request with the method given as a value (for tests that loop over routes). */
  call: (method: string, path: string) => request.Test;
  close: () => Promise<void>;
}

/**
 * Boots the real application on its own fresh database (real migrations), listening on
 * a free port. Background loops do not start by themselves: tests drain them explicitly.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  /** Where the log lines go (a test that reads them passes a stream); default as configured. */
  options: { logDestination?: DestinationStream } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  await runMigrations(database.url);
  const outboxDir = mkdtempSync(join(tmpdir(), 'oudermaatje-outbox-'));
  const base = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    WORKER_AUTOSTART: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    LOG_FORMAT: 'json',
    OUTBOX_DIR: outboxDir,
    DATABASE_POOL_SIZE: '20',
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    LINK_SECRET: 'test-link-secret-that-is-long-enough-0123',
    ...env,
  });
  const logger = createLogger(base, options.logDestination);
  let app = await createApp(base, logger);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const config: AppConfig = { ...base, publicBaseUrl: env.PUBLIC_BASE_URL ?? baseUrl };
  // The public URL is only known once listening; rebuild so links in messages point here.
  if (!env.PUBLIC_BASE_URL) {
    await app.close();
    app = await createApp(config, logger);
    await app.listen(address.port, '127.0.0.1');
  }
  return {
    app,
    config,
    baseUrl,
    db: app.get(DataSource),
    http: () => request(app.getHttpServer()),
    call: (method: string, path: string) =>
      (request(app.getHttpServer()) as unknown as Record<string, (p: string) => request.Test>)[
        method
      ](path),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
