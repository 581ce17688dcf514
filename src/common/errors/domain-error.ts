/**
 * Errors the domain raises. Services throw these; one exception filter maps them to
 * RFC 9457 problem documents. Services never throw HTTP exceptions.
 */
export type DomainErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'precondition_failed'
  | 'too_many_requests'
  | 'unavailable';

export interface FieldProblem {
  field: string;
  messages: string[];
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** Stable machine-readable code, e.g. `parent.not_found`. */
    readonly code: string,
    message: string,
    readonly fields?: FieldProblem[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, code = `${what.toLowerCase().replace(/\s+/g, '_')}.not_found`) {
    super('not_found', code, `${what} was not found`);
  }
}

export class ValidationError extends DomainError {
  constructor(code: string, message: string, fields?: FieldProblem[]) {
    super('invalid', code, message, fields);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, extra?: Record<string, unknown>) {
    super('conflict', code, message, undefined, extra);
  }
}

export class ForbiddenError extends DomainError {
  constructor(code: string, message: string) {
    super('forbidden', code, message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(code: string, message: string) {
    super('unauthenticated', code, message);
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('too_many_requests', code, message, undefined, { retryAfterSeconds });
  }
}
