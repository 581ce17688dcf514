import { ArgumentsHost, INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import proxyAddress from 'proxy-addr';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../../config/config';
import { I18nService } from '../../i18n/i18n.service';
import { AppLogger } from '../logging/app-logger';
import { loggablePath, requestContext } from '../logging/request-context';
import { ConsentRecordDto } from '../../parents/dto/parent-output.dto';
import { answerFirst, parentPageRoute } from '../../parent-pages/parent-page.route';
import { ParentPageService } from '../../parent-pages/parent-page.service';
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
  const securityHeaders = helmet({
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
  });
  const filter = new ProblemDetailsFilter(logger);
  // A parent's page (GET /p/{token}) is answered first, with the same headers, request id and
  // log line as every other response (see parent-page.route.ts for why).
  const application = app.getHttpAdapter().getInstance();
  answerFirst(
    app.getHttpServer(),
    parentPageRoute(app.get(ParentPageService), {
      headers: headersOf(securityHeaders),
      // As `req.ip` reads it: the forwarded address only through a trusted proxy.
      clientIp: (req) =>
        proxyAddress(
          req,
          application.get('trust proxy fn') as (addr: string, i: number) => boolean,
        ),
      logRequest: (req, res) => logCompleted(logger, req, res),
      adopt: (req, res) => adopt(application, req, res),
      fail: (err, req, res) => filter.catch(err, hostOf(req, res)),
    }),
  );
  app.use(securityHeaders);
  // Every request gets its id and one access line; every log line written while handling it
  // carries that id (see createLogger).
  app.use((req: Request, res: Response, next: NextFunction) => {
    logCompleted(logger, req, res);
    requestContext.run({ requestId: String(req.id) }, next);
  });
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
  // A post without a body (or of a type no parser reads) is an empty form, not `undefined`
  // that a page would fail on with a 500. A file upload is parsed later by its route.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    const multipart = /^multipart\//i.test(req.headers['content-type'] ?? '');
    if (req.body === undefined && !multipart && !['GET', 'HEAD', 'OPTIONS'].includes(req.method))
      req.body = {};
    next();
  });
  const i18n = app.get(I18nService);
  filter.describe = (code, lang) => i18n.errorSentence(lang, code);
  app.useGlobalFilters(filter);
  app.useGlobalPipes(createValidationPipe());
  setupOpenApi(app);
}

/** The request's id: the caller's `X-Request-Id` when it is sane, else a new one; echoed. */
function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * The request's id (`req.id`, `X-Request-Id`) and its access line when the response is done:
 * "request completed" (or "request aborted" when the client left first) with the id, method,
 * loggable path (no link token, no query string), status and time in ms; a warning for a 4xx,
 * an error for a 5xx. Health checks get an id but no line. One listener, no per-request child
 * logger (which cost more than a parent page's query).
 */
function logCompleted(logger: AppLogger, req: IncomingMessage, res: ServerResponse): void {
  const id = requestIdOf(req, res);
  req.id = id;
  if (req.url?.startsWith('/health')) return;
  const started = Date.now();
  res.once('close', () => {
    const status = res.statusCode;
    const done = res.writableFinished;
    const level = !done || status >= 400 ? (status >= 500 ? 'error' : 'warn') : 'info';
    // The line is only built when its level is written.
    if (!logger.isLevelEnabled(level)) return;
    logger[level](
      {
        req: { id, method: req.method, url: loggablePath(req.url) },
        res: { statusCode: status },
        responseTime: Date.now() - started,
        requestId: id,
      },
      done ? 'request completed' : 'request aborted',
    );
  });
}

/**
 * A request and response made the application's, as its own handler does first for every
 * request it gets (the same prototypes, circular references and locals), for one answered
 * before it (an error, a file).
 */
function adopt(
  application: express.Express,
  req: IncomingMessage,
  res: ServerResponse,
): { req: Request; res: Response } {
  const request = req as Request;
  const response = res as Response;
  Object.setPrototypeOf(request, application.request);
  Object.setPrototypeOf(response, application.response);
  request.res = response;
  response.req = request;
  response.locals ??= Object.create(null) as Record<string, unknown>;
  return { req: request, res: response };
}

/** The headers a middleware that only sets fixed headers (helmet) sets, read once. */
function headersOf(middleware: RequestHandler): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  const res = {
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  void middleware({ headers: {} } as Request, res as unknown as Response, () => undefined);
  return headers;
}

/** What an exception filter needs to answer one request outside the framework's pipeline. */
function hostOf(req: Request, res: Response): ArgumentsHost {
  return {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ArgumentsHost;
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
    {
      // Referenced by hand (a map of them in ParentDto.consents), so registered here.
      extraModels: [ProblemDto, ConsentRecordDto],
      operationIdFactory: operationId,
    },
  );
  completeDocument(document);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: 'oudermaatje API',
  });
}

/**
 * Stable operation ids from the controller and method names: `ParentsController.list` is
 * `parentsList`, `ActivityParticipantsController.signUp` is `activityParticipantsSignUp`.
 */
export function operationId(controllerKey: string, methodKey: string): string {
  const area = controllerKey.replace(/Controller$/, '');
  return `${area.charAt(0).toLowerCase()}${area.slice(1)}${methodKey.charAt(0).toUpperCase()}${methodKey.slice(1)}`;
}

const HTTP_METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'] as const;

/**
 * What holds for every operation and is not worth a decorator on each: a path id ({id},
 * {schoolId}, {parentId}, ...) is read through IdParam, so it is a UUID; and any operation can
 * fail unexpectedly (500, logged with the request id).
 */
function completeDocument(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      for (const p of op.parameters ?? []) {
        if (!('in' in p) || p.in !== 'path' || !/(^id$|Id$)/.test(p.name)) continue;
        p.schema = { ...(p.schema ?? {}), type: 'string', format: 'uuid' };
      }
      if (!Object.keys(op.responses).some((s) => s.startsWith('5')))
        op.responses['500'] = {
          description: 'An unexpected error; the log line carries the request id (X-Request-Id).',
        };
    }
  }
}
