import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { AppConfig } from './config/config';
import { configureHttpApp } from './common/http/http-app';
import { AppLogger, NestPinoLogger } from './common/logging/app-logger';

/** Builds the Nest application for a resolved configuration (database URL known). */
export async function createApp(
  config: AppConfig,
  logger: AppLogger,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    bodyParser: false,
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  configureHttpApp(app, config, logger);
  return app;
}
