import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { loggablePath } from '../logging/request-context';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DomainError, DomainErrorKind, FieldProblem } from '../errors/domain-error';
import { APP_LOGGER, AppLogger } from '../logging/app-logger';
import { PROBLEM_CONTENT_TYPE, problemTitle } from './problem';

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  precondition_failed: 412,
  too_many_requests: 429,
  unavailable: 503,
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code?: string;
  errors?: FieldProblem[];
  requestId?: string;
  /** Extra members a specific problem adds (e.g. retryAfterSeconds). */
  extra?: Record<string, unknown>;
}

/** Raised by the validation pipe: the body or query does not match its DTO. */
export class RequestValidationException extends HttpException {
  constructor(readonly fields: FieldProblem[]) {
    super('Request validation failed', 400);
  }
}

/** How deep a JSON body may nest; deeper bodies are refused before they are parsed. */
export const MAX_JSON_DEPTH = 32;

/**
 * Refuses a JSON body nested deeper than MAX_JSON_DEPTH, by scanning the raw bytes before
 * they are parsed (a deep body would otherwise exhaust the stack of validators later).
 */
export function refuseDeepJson(_req: unknown, _res: unknown, buf: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH)
        throw Object.assign(new Error('JSON nested too deeply'), {
          status: 400,
          type: 'entity.too.deep',
          expose: true,
        });
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/** The path of the first string holding a NUL character (PostgreSQL cannot store one). */
export function findNul(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'value' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], path ? `${path}.${i}` : String(i));
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = findNul(v, path ? `${path}.${k}` : k);
      if (found) return found;
    }
  }
  return undefined;
}

const problemType = (code: string): string =>
  `https://oudermaatje.nl/problems/${code.split('.')[0]}`;

/** Body-parser errors carry a `type` such as entity.parse.failed and a status. */
interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message?: string;
}

function fromHttpException(err: HttpException, req: Request): Omit<ProblemBody, 'title'> {
  const status = err.getStatus();
  if (err instanceof RequestValidationException) {
    const n = err.fields.length;
    return {
      type: problemType('validation'),
      status,
      code: 'validation.failed',
      detail: `The request has ${n} invalid field${n === 1 ? '' : 's'}: ${err.fields.map((f) => f.field).join(', ')}.`,
      errors: err.fields,
    };
  }
  if (status === 404) {
    return {
      type: problemType('not_found'),
      status,
      code: 'route.not_found',
      detail: `No resource at ${req.method} ${req.path}.`,
    };
  }
  const response = err.getResponse();
  const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : err.message;
  return { type: problemType('http'), status, code: `http.${status}`, detail: message };
}

function fromBodyParser(err: BodyParserError): Omit<ProblemBody, 'title'> | undefined {
  if (!err.type || typeof err.status !== 'number') return undefined;
  switch (err.type) {
    case 'entity.parse.failed':
      return {
        type: problemType('body'),
        status: 400,
        code: 'body.malformed_json',
        detail: 'The request body is not valid JSON.',
      };
    case 'entity.too.deep':
      return {
        type: problemType('body'),
        status: 400,
        code: 'body.too_deep',
        detail: `The request body is nested deeper than ${MAX_JSON_DEPTH} levels.`,
      };
    case 'entity.too.large':
      return {
        type: problemType('body'),
        status: 413,
        code: 'body.too_large',
        detail: 'The request body is larger than this endpoint accepts.',
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        type: problemType('body'),
        status: 415,
        code: 'body.unsupported_encoding',
        detail: 'The request body uses an encoding or character set this service does not accept.',
      };
    default:
      return err.status < 500
        ? {
            type: problemType('body'),
            status: err.status,
            code: 'body.invalid',
            detail: 'The request body could not be read.',
          }
        : undefined;
  }
}

/** Error codes of a database that is down, restarting or unreachable. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300', // too_many_connections
]);

/** A database outage: the service is unavailable for a moment (503 with Retry-After). */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const code = (err as { code?: unknown }).code;
  const driverCode = (err as { driverError?: { code?: unknown } }).driverError?.code;
  if (
    (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) ||
    (typeof driverCode === 'string' && UNAVAILABLE_CODES.has(driverCode))
  )
    return true;
  const message = err instanceof Error ? err.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Connection refused/i.test(
    message,
  );
}

function fromDatabase(err: QueryFailedError): Omit<ProblemBody, 'title'> | undefined {
  const code = (err.driverError as { code?: string } | undefined)?.code;
  switch (code ?? '') {
    case '23505':
      return {
        type: problemType('conflict'),
        status: 409,
        code: 'conflict.duplicate',
        detail: 'This would create a duplicate of something that already exists.',
      };
    case '23503':
      return {
        type: problemType('conflict'),
        status: 409,
        code: 'conflict.reference',
        detail: 'This refers to something that does not exist, or is still referred to.',
      };
    case '23514':
    case '23P01':
      return {
        type: problemType('conflict'),
        status: 409,
        code: 'conflict.constraint',
        detail: 'This change would break a rule of the data (for example a capacity).',
      };
    case '40001':
    case '40P01':
      return {
        type: problemType('conflict'),
        status: 409,
        code: 'conflict.concurrent',
        detail: 'Another change happened at the same time; please try again.',
      };
  }
  return undefined;
}

/** A browser asking for an unknown address outside the API gets a page, not JSON. */
function wantsPage(req: Request): boolean {
  return (
    !req.path.startsWith('/api/') &&
    req.method === 'GET' &&
    req.accepts(['json', 'html']) === 'html'
  );
}

const NOT_FOUND_PAGE = `<!doctype html><html lang="nl" dir="ltr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>Pagina niet gevonden · oudermaatje</title><link rel="stylesheet" href="/assets/utrecht.css"><link rel="stylesheet" href="/assets/workspace.css"></head><body class="utrecht-body utrecht-document om-body om-theme"><main id="main" class="om-main om-main--narrow"><h1 class="utrecht-heading-1">Deze pagina bestaat niet</h1><p class="utrecht-paragraph">Controleer het adres, of ga naar de <a class="utrecht-link" href="/">startpagina</a>.</p><p class="utrecht-paragraph" lang="en">This page does not exist. Check the address, or go to the <a class="utrecht-link" href="/">start page</a>.</p></main></body></html>`;

/** Maps every error to an application/problem+json response; no stack trace leaves the server. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  /**
   * The error's sentence in Dutch for a caller that asks for Dutch (Accept-Language), when one
   * is written (the staff workspace's texts); the API answers in English otherwise.
   */
  describe?: (code: string, lang: 'nl') => string | undefined;

  constructor(@Inject(APP_LOGGER) private readonly logger: AppLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const body = this.toProblem(exception, req);
    if (res.headersSent) return;
    if (body.status === 503 || body.status === 429) {
      const retry = Number((body as { retryAfterSeconds?: unknown }).retryAfterSeconds ?? 60);
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retry))));
    }
    if (body.code === 'route.not_found' && wantsPage(req)) {
      res.status(404).type('html').send(NOT_FOUND_PAGE);
      return;
    }
    if (body.code && req.headers['accept-language'] && req.acceptsLanguages('en', 'nl') === 'nl') {
      const dutch = this.describe?.(body.code, 'nl');
      if (dutch) {
        body.detail = dutch;
        res.setHeader('Content-Language', 'nl');
      }
    }
    res.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  toProblem(exception: unknown, req: Request): ProblemBody {
    let partial: Omit<ProblemBody, 'title'> | undefined;
    if (exception instanceof DomainError) {
      partial = {
        type: problemType(exception.code),
        status: STATUS_BY_KIND[exception.kind],
        code: exception.code,
        detail: exception.message,
        ...(exception.fields ? { errors: exception.fields } : {}),
        ...(exception.extra ? { extra: exception.extra } : {}),
      };
    } else if (exception instanceof HttpException) {
      partial = fromHttpException(exception, req);
    } else if (isDatabaseUnavailable(exception)) {
      partial = {
        type: problemType('unavailable'),
        status: 503,
        code: 'database.unavailable',
        detail: 'The database cannot be reached right now. Please try again in a moment.',
        extra: { retryAfterSeconds: 5 },
      };
    } else if (exception instanceof QueryFailedError) {
      partial = fromDatabase(exception);
    } else if (exception && typeof exception === 'object') {
      partial = fromBodyParser(exception);
    }
    if (!partial || partial.status >= 500) {
      this.logger.error(
        { err: exception, requestId: req.id, method: req.method, path: loggablePath(req.path) },
        'unhandled error',
      );
      partial = partial ?? {
        type: problemType('internal'),
        status: 500,
        code: 'internal',
        detail: 'Something went wrong on our side. The error was logged; please try again later.',
      };
    }
    const { extra, ...core } = partial;
    return {
      ...core,
      title: problemTitle(core.status),
      ...(extra ?? {}),
      instance: req.originalUrl?.split('?')[0],
      requestId: typeof req.id === 'string' ? req.id : undefined,
    };
  }
}
