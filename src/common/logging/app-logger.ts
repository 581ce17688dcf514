import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { maskDeep, maskSecrets } from './redact';
import { requestContext } from './request-context';

export const APP_LOGGER = Symbol('APP_LOGGER');
export type AppLogger = Logger;

/**
 * Structured logs: JSON lines in production, readable lines in development. Every line
 * written while a request is handled carries its request id (requestContext), whichever
 * logger wrote it; secrets and personal fields are redacted.
 */
export function createLogger(
  config: Pick<AppConfig, 'logLevel' | 'logFormat'>,
  /** Where JSON lines go (default standard output); tests pass a stream to read them. */
  destination?: pino.DestinationStream,
): AppLogger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    base: { service: 'oudermaatje' },
    mixin: () => {
      const context = requestContext.getStore();
      return context ? { requestId: context.requestId } : {};
    },
    // No link token, e-mail address or phone number in any line, whoever wrote it (redact.ts).
    formatters: { log: (object) => maskDeep(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? maskSecrets(a) : a)) as Parameters<
            typeof method
          >,
        );
      },
    },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.password',
        '*.token',
        '*.email',
        '*.phone',
        '*.to',
      ],
      censor: '[redacted]',
    },
  };
  if (config.logFormat === 'pretty' && config.logLevel !== 'silent') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pretty = require('pino-pretty') as (o: object) => NodeJS.WritableStream;
    return pino(
      options,
      pretty({
        sync: true,
        colorize: true,
        ignore: 'pid,hostname,service',
        translateTime: 'HH:MM:ss',
      }),
    );
  }
  return destination ? pino(options, destination) : pino(options);
}

const QUIET_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
]);

/** Lets Nest's own log lines go through the same structured logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: AppLogger) {}
  log(message: unknown, context?: string): void {
    // Nest's start-up chatter (one line per module and route) is only interesting when debugging.
    if (context && QUIET_CONTEXTS.has(context)) this.logger.debug({ context }, String(message));
    else this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
