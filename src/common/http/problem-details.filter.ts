import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
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
  constructor(@Inject(APP_LOGGER) private readonly logger: AppLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const body = this.toProblem(exception, req);
    if (res.headersSent) return;
    if (exception instanceof DomainError && exception.kind === 'too_many_requests') {
      const retry = Number(exception.extra?.retryAfterSeconds ?? 60);
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retry))));
    }
    if (body.code === 'route.not_found' && wantsPage(req)) {
      res.status(404).type('html').send(NOT_FOUND_PAGE);
      return;
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
    } else if (exception instanceof QueryFailedError) {
      partial = fromDatabase(exception);
    } else if (exception && typeof exception === 'object') {
      partial = fromBodyParser(exception);
    }
    if (!partial || partial.status >= 500) {
      this.logger.error(
        { err: exception, requestId: req.id, method: req.method, path: req.path },
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
