import { THROTTLE } from '../../src/auth/login-throttle.service';
import { aPlatformAdmin, aSchool, PASSWORD } from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';

describe('login brute-force protection', () => {
  let t: TestApp;
  let admin: { email: string };
  beforeAll(async () => {
    // Behind a proxy, so each test can come from its own address (X-Forwarded-For).
    t = await createTestApp({ TRUST_PROXY: 'true' });
    admin = await aPlatformAdmin(t);
  });
  afterAll(() => t.close());

  it('slows failed attempts down and locks the account after five, even for the right password', async () => {
    const durations: number[] = [];
    for (let i = 0; i < THROTTLE.accountAddressLockAfter; i++) {
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
    for (let i = 0; i < THROTTLE.accountAddressLockAfter; i++)
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

  const failedChecks = async (email: string): Promise<number> => {
    const [row] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log a JOIN staff s ON s.id::text = a.entity_id
        WHERE a.action = 'login.failed' AND s.email = $1`,
      [email],
    );
    return row.n as number;
  };

  it('checks at most the limit of passwords when 60 wrong logins arrive at once', async () => {
    const victim = await aPlatformAdmin(t);
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        t
          .http()
          .post('/api/v1/auth/login')
          .set('x-forwarded-for', '198.51.100.60')
          .send({ email: victim.email, password: `parallel-${i}` }),
      ),
    );
    expect(answers.filter((r) => r.status === 401)).toHaveLength(THROTTLE.accountAddressLockAfter);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(
      60 - THROTTLE.accountAddressLockAfter,
    );
    expect(await failedChecks(victim.email)).toBe(THROTTLE.accountAddressLockAfter);
    // The right password from that address is refused too while the lock lasts.
    await t
      .http()
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', '198.51.100.60')
      .send({ email: victim.email, password: PASSWORD })
      .expect(429);
  });

  it('does not lock colleagues out who share the address of a guesser', async () => {
    const school = await aSchool(t, (await aPlatformAdmin(t)).token);
    const shared = '203.0.113.7';
    // Someone at the school's address guesses at many addresses' accounts.
    for (let i = 0; i < 30; i++)
      await t
        .http()
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', shared)
        .send({ email: `guess-${i}@example.org`, password: 'x' });
    await t
      .http()
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', shared)
      .send({ email: school.coordinator.email, password: PASSWORD })
      .expect(200);
  }, 60_000);

  it('stops a guesser who spreads over many addresses at the per-account limit', async () => {
    const victim = await aPlatformAdmin(t);
    for (let i = 0; i < THROTTLE.accountLockAfter; i++)
      await t
        .http()
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', `192.0.2.${i + 1}`)
        .send({ email: victim.email, password: `spread-${i}` })
        .expect(401);
    await t
      .http()
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', '192.0.2.200')
      .send({ email: victim.email, password: 'spread-last' })
      .expect(429);
    expect(await failedChecks(victim.email)).toBe(THROTTLE.accountLockAfter);
  }, 60_000);

  it('counts unknown parent links per forwarded address behind the trusted proxy', async () => {
    const guess = (i: number, from: string) =>
      t
        .http()
        .get(`/p/${'G'.repeat(40)}${String(i).padStart(3, '0')}`)
        .set('x-forwarded-for', from);
    for (let i = 0; i < 30; i++) await guess(i, '203.0.113.70').expect(404);
    await guess(30, '203.0.113.70').expect(429);
    // The proxy's own address is shared by everyone behind it: another client is not refused.
    await guess(31, '203.0.113.71').expect(404);
  }, 60_000);
});
