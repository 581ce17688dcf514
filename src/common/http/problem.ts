import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export class FieldProblemDto {
  @ApiProperty({ example: 'email' }) field!: string;
  @ApiProperty({ type: [String], example: ['email must be an email'] }) messages!: string[];
}

/** RFC 9457 problem document, as every error of this API is answered. */
export class ProblemDto {
  @ApiProperty({ example: 'https://oudermaatje.nl/problems/validation' }) type!: string;
  @ApiProperty({ example: 'Bad Request' }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty({ example: 'The request body has 1 invalid field.' }) detail!: string;
  @ApiPropertyOptional({ example: '/api/v1/schools' }) instance?: string;
  @ApiPropertyOptional({ example: 'validation.failed' }) code?: string;
  @ApiPropertyOptional({ type: [FieldProblemDto] }) errors?: FieldProblemDto[];
  @ApiPropertyOptional({ example: '6d1f2a0e-3c52-4a8e-9d0b-3f5d2b1c7e11' }) requestId?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}
