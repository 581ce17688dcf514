import { Writable } from 'node:stream';
import { createLogger } from '../../../src/common/logging/app-logger';
import { maskSecrets } from '../../../src/common/logging/redact';
import { loggablePath } from '../../../src/common/logging/request-context';

describe('logs never print a link token, an e-mail address or a phone number', () => {
  it.each([
    ['GET /p/AbCdEfGhIjKlMnOp/calendar 200', 'GET /p/…/calendar 200'],
    ['code /c/K7PQ-M2XZ', 'code /c/…'],
    ['/calendar/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ.ics', '/calendar/…'],
    ['/invitations/accept?token=abc123&lang=nl', '/invitations/accept?token=…&lang=nl'],
    ['/password/set?token=xyz', '/password/set?token=…'],
    ['550 5.1.1 <jan.de.vries@example.nl>: unknown', '550 5.1.1 <[email]>: unknown'],
    ['call +31612345678 now', 'call [phone] now'],
    ['call 0031 6 1234 5678 now', 'call [phone] now'],
    ['06-12345678 or 06 12 34 56 78', '[phone] or [phone]'],
  ])('masks %s', (input, expected) => {
    expect(maskSecrets(input)).toBe(expected);
  });

  it('leaves ids, times and counts as they are', () => {
    const line =
      'notification 550e8400-e29b-41d4-a716-446655440000 at 2026-11-29T18:54:19.123Z took 1234567890 ms, 12 rows';
    expect(maskSecrets(line)).toBe(line);
  });

  it('masks request paths: the parent link, the short code and the calendar secret', () => {
    expect(loggablePath('/p/abcdefghijklmnop?view=preferences')).toBe('/p/…');
    expect(loggablePath('/c/K7PQM2XZ')).toBe('/c/…');
    expect(loggablePath('/calendar/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ.ics?lang=nl')).toBe(
      '/calendar/…',
    );
    expect(loggablePath('/password/set?token=abc')).toBe('/password/set');
  });

  it('masks what any code puts in a log line: the message, nested fields and errors', () => {
    let out = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        out += chunk.toString();
        done();
      },
    });
    const logger = createLogger({ logLevel: 'info', logFormat: 'json' }, sink);
    logger.warn(
      {
        err: new Error('550 <fatima@example.org> rejected'),
        detail: { to: 'x', text: 'sms to 06 48 12 34 57 via /p/SECRETTOKEN123' },
      },
      'not delivered to fatima@example.org',
    );
    logger.info('opened /p/ANOTHERSECRET99 from +31 6 4812 3457');
    expect(out).not.toMatch(/fatima@example\.org|48 12 34 57|4812 3457|SECRETTOKEN|ANOTHERSECRET/);
    const [first, second] = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first.msg).toBe('not delivered to [email]');
    expect(first.err).toMatchObject({ message: '550 <[email]> rejected' });
    expect(first.detail).toEqual({ to: '[redacted]', text: 'sms to [phone] via /p/…' });
    expect(second.msg).toBe('opened /p/… from [phone]');
  });
});
