import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate, type ValidationError as ClassValidatorError } from 'class-validator';
import type { TFunction } from 'i18next';
import { DomainError } from '../common/errors/domain-error';
import { RequestValidationException } from '../common/http/problem-details.filter';
import type { FieldError } from './views/components';

/**
 * Forms post url-encoded strings; the API's DTOs expect typed JSON. A page maps its form to
 * the DTO's plain shape, then validates with the same DTO class (and the same options) as
 * the API, and gets each problem as a sentence in the staff member's language.
 */
export type FormBody = Record<string, string | string[] | undefined>;

/** The first value of a field, trimmed ('' when absent). */
export function field(body: FormBody | undefined, key: string): string {
  const v = body?.[key];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first.trim() : '';
}

/** Every value of a repeated field (checkboxes), without empty ones. */
export function fields(body: FormBody | undefined, key: string): string[] {
  const v = body?.[key];
  const all = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return all
    .filter((x): x is string => typeof x === 'string')
    .map((x) => x.trim())
    .filter(Boolean);
}

/** A checkbox: on when present with any value. */
export function checked(body: FormBody | undefined, key: string): boolean {
  return fields(body, key).length > 0;
}

/** A whole number from a field, or undefined when empty; NaN stays for the validator to name. */
export function integer(body: FormBody | undefined, key: string): number | undefined {
  const v = field(body, key);
  if (v === '') return undefined;
  return /^-?\d+$/.test(v) ? Number(v) : Number.NaN;
}

/** A field left empty becomes undefined (so an optional DTO field is absent, not ''). */
export function optional(body: FormBody | undefined, key: string): string | undefined {
  const v = field(body, key);
  return v === '' ? undefined : v;
}

function flatten(errors: ClassValidatorError[], t: TFunction, prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      for (const [constraint, message] of Object.entries(error.constraints))
        out.push({ field: path, message: validationMessage(t, constraint, message) });
    }
    if (error.children?.length) out.push(...flatten(error.children, t, path));
  }
  return out;
}

/** A class-validator constraint as a plain sentence (workspace:validation.<constraint>). */
export function validationMessage(t: TFunction, constraint: string, fallback: string): string {
  return t(`workspace:validation.${constraint}`, {
    defaultValue: t('workspace:validation.default', { defaultValue: fallback }),
  });
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Validates a form's plain object with an API DTO class, exactly as the API's pipe does. */
export async function validateForm<T extends object>(
  cls: ClassConstructor<T>,
  plain: object,
  t: TFunction,
): Promise<FormResult<T>> {
  const instance = plainToInstance(cls, plain, { enableImplicitConversion: false });
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: false, value: false },
  });
  if (errors.length) return { ok: false, errors: flatten(errors, t) };
  return { ok: true, value: instance };
}

/** A domain error's sentence in the staff member's language (workspace:errors.<code>). */
export function errorMessage(t: TFunction, err: DomainError): string {
  // The page's own namespace first (errors.<code>), then the shell's, then the API's sentence.
  return t(`errors.${err.code}`, {
    defaultValue: t(`workspace:errors.${err.code}`, { defaultValue: err.message }),
  });
}

/**
 * The errors a form can show next to its fields (or at the top, as field '_form'), from
 * an error a service threw; undefined for errors a form cannot help with (not found, access).
 */
export function formErrorsFrom(err: unknown, t: TFunction): FieldError[] | undefined {
  if (err instanceof RequestValidationException)
    return err.fields.map((f) => ({
      field: f.field,
      message: t('workspace:validation.default', { defaultValue: f.messages.join(' ') }),
    }));
  if (!(err instanceof DomainError)) return undefined;
  if (
    !['invalid', 'conflict', 'precondition_failed', 'gone', 'too_many_requests'].includes(err.kind)
  )
    return undefined;
  const message = errorMessage(t, err);
  if (err.fields?.length) return err.fields.map((f) => ({ field: f.field, message }));
  return [{ field: '_form', message }];
}
