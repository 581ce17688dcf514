import { QueryFailedError } from 'typeorm';
import {
  findNul,
  isDatabaseUnavailable,
  MAX_JSON_DEPTH,
  ProblemDetailsFilter,
  refuseDeepJson,
} from '../../src/common/http/problem-details.filter';
import { createLogger } from '../../src/common/logging/app-logger';
import { loadConfig } from '../../src/config/config';

const logger = createLogger(
  loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'postgres://x@localhost/x',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'x'.repeat(40),
    LINK_SECRET: 'y'.repeat(40),
  }),
);
const req = { method: 'GET', path: '/api/v1/x', originalUrl: '/api/v1/x', id: 'req-1' } as never;

describe('problem details for failures that are not the caller’s fault', () => {
  const filter = new ProblemDetailsFilter(logger);

  it('answers a refused database connection with 503 and a retry hint', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    expect(filter.toProblem(refused, req)).toMatchObject({
      status: 503,
      code: 'database.unavailable',
      retryAfterSeconds: 5,
    });
  });

  it('answers a database that shuts down mid-query with 503', () => {
    const shutdown = new QueryFailedError(
      'SELECT 1',
      [],
      Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
      }),
    );
    expect(isDatabaseUnavailable(shutdown)).toBe(true);
    expect(filter.toProblem(shutdown, req).status).toBe(503);
  });

  it('keeps a constraint violation a 409, not an outage', () => {
    const dup = new QueryFailedError(
      'INSERT',
      [],
      Object.assign(new Error('duplicate key'), { code: '23505' }),
    );
    expect(isDatabaseUnavailable(dup)).toBe(false);
    expect(filter.toProblem(dup, req).status).toBe(409);
  });
});

describe('bad input the parsers refuse', () => {
  it(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} levels, counting only outside strings`, () => {
    const deep = Buffer.from('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1));
    expect(() => refuseDeepJson(null, null, deep)).toThrow('JSON nested too deeply');
    const ok = Buffer.from(
      JSON.stringify({ a: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["\\"{' }),
    );
    expect(() => refuseDeepJson(null, null, ok)).not.toThrow();
    const limit = Buffer.from('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH));
    expect(() => refuseDeepJson(null, null, limit)).not.toThrow();
  });

  it('names the field holding a NUL character', () => {
    expect(findNul({ givenName: 'A', children: [{ note: 'ok' }, { note: 'x\u0000y' }] })).toBe(
      'children.1.note',
    );
    expect(findNul({ q: 'fine' })).toBeUndefined();
  });
});
