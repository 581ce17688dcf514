import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ProblemDto, problemTitle } from './problem';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (fields listed in errors)',
  401: 'Missing, expired or invalid token',
  403: 'Your role does not allow this',
  404: 'Not found (also for resources of another school)',
  409: 'Conflicts with the current state',
  412: 'The record changed since you read it (version mismatch)',
  413: 'Body too large',
  422: 'The request is well-formed but breaks a rule',
  429: 'Too many attempts; see Retry-After',
};

/** Documents the problem responses an endpoint can give. */
export const ApiProblems = (...statuses: number[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? problemTitle(status),
        content: {
          'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } },
        },
      }),
    ),
  );

export { ProblemDto };
