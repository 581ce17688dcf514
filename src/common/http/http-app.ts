import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import pinoHttp from 'pino-http';
import type { AppConfig } from '../../config/config';
import { AppLogger } from '../logging/app-logger';
import { PROBLEM_CONTENT_TYPE, ProblemDto } from './problem';
import {
  findNul,
  ProblemDetailsFilter,
  refuseDeepJson,
  RequestValidationException,
} from './problem-details.filter';
import { createValidationPipe } from './validation.pipe';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Everything an HTTP app needs, shared by main.ts and the end-to-end tests. */
export function configureHttpApp(
  app: NestExpressApplication,
  config: AppConfig,
  logger: AppLogger,
): void {
  if (config.trustProxy) app.set('trust proxy', 1);
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/health/ready' },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url?.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  const filter = new ProblemDetailsFilter(logger);
  app.use(
    express.json({
      limit: config.bodyLimit,
      type: ['application/json', 'application/*+json'],
      verify: refuseDeepJson,
    }),
  );
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));
  app.use(express.text({ type: ['text/csv', 'text/plain'], limit: '2mb' }));
  // Errors of the body parsers above happen before Nest's router; answer them as problems too.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    const body = filter.toProblem(err, req);
    res.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  });
  // PostgreSQL cannot store a NUL character: refuse it up front, naming the field.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const inBody = findNul(req.body);
    const field = inBody ?? findNul(req.query);
    if (!field) return next();
    const body = filter.toProblem(
      new RequestValidationException([
        { field, messages: [`${field} contains a NUL character, which cannot be stored`] },
      ]),
      req,
    );
    res.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  });
  app.useGlobalFilters(filter);
  app.useGlobalPipes(createValidationPipe());
  setupOpenApi(app);
}

export function setupOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('oudermaatje API')
      .setDescription(
        'Pair parents as buddies and bring them into school life. Staff endpoints live under /api/v1 and take a bearer token; errors are application/problem+json (RFC 9457).',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
    { extraModels: [ProblemDto] },
  );
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: 'oudermaatje API',
  });
}
