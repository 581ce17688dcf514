import { ValidationError as ClassValidatorError, ValidationPipe } from '@nestjs/common';
import { FieldProblem } from '../errors/domain-error';
import { RequestValidationException } from './problem-details.filter';

function flatten(errors: ClassValidatorError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      const messages = Object.entries(error.constraints).map(([key, message]) =>
        key === 'whitelistValidation'
          ? `${field} is not a known field`
          : message.replace(error.property, field),
      );
      out.push({ field, messages });
    }
    if (error.children?.length) out.push(...flatten(error.children, field));
  }
  return out;
}

/** Rejects unknown fields, converts types, and reports every offending field by its path. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => new RequestValidationException(flatten(errors)),
  });
}
