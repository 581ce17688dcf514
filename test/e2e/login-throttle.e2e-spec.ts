import { THROTTLE } from '../../src/auth/login-throttle.service';
import { aPlatformAdmin, PASSWORD } from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';

describe('login brute-force protection', () => {
  let t: TestApp;
  let admin: { email: string };
  beforeAll(async () => {
    t = await createTestApp();
    admin = await aPlatformAdmin(t);
  });
  afterAll(() => t.close());

  it('slows failed attempts down and locks the account after five, even for the right password', async () => {
    const durations: number[] = [];
    for (let i = 0; i < THROTTLE.accountLockAfter; i++) {
      const started = Date.now();
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: admin.email, password: `wrong-${i}` })
        .expect(401);
      durations.push(Date.now() - started);
    }
    // Each further failure waits longer (200 ms per earlier failure).
    expect(durations[4]).toBeGreaterThanOrEqual(4 * THROTTLE.delayStepMs);
    const locked = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: admin.email, password: PASSWORD })
      .expect(429);
    expect(locked.body.code).toBe('auth.locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(THROTTLE.lockMinutes * 60 - 5);
  });

  it('locks unknown accounts the same way, so the answer reveals nothing', async () => {
    for (let i = 0; i < THROTTLE.accountLockAfter; i++)
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'ghost@example.org', password: 'x' })
        .expect(401);
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'ghost@example.org', password: 'x' })
      .expect(429);
    expect(res.body.code).toBe('auth.locked');
  });
});
