import { randomBytes } from 'node:crypto';
import { PasswordsService } from '../../src/auth/passwords.service';
import { StaffService } from '../../src/staff/staff.service';
import { TestApp } from '../support/test-app';

let counter = 0;
const unique = (): string =>
  `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString('hex')}`;

/** A BRIN code not used before in this process: 2 digits, 2 letters, 2 digits. */
export function aBrin(): string {
  const n = counter++;
  const letters =
    String.fromCharCode(65 + (n % 26)) + String.fromCharCode(65 + (Math.floor(n / 26) % 26));
  return `${String(10 + (n % 90)).padStart(2, '0')}${letters}${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`;
}

export const PASSWORD = 'correct horse battery staple';

export async function login(t: TestApp, email: string, password = PASSWORD): Promise<string> {
  const res = await t.http().post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200)
    throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/**
 * Test-only: an invited staff member chooses their password, the way the e-mailed link
 * does it (PasswordsService.useLink), without reading the e-mail. The API never takes a
 * password for someone else.
 */
export async function choosePassword(
  t: TestApp,
  staffId: string,
  password = PASSWORD,
): Promise<void> {
  // The invitation's own e-mail issues a link in the background: wait for it, so that the
  // link used here spends it too and no open link is left behind.
  for (let i = 0; i < 100; i++) {
    const [row]: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM password_link WHERE staff_id = $1 AND purpose = 'invite'`,
      [staffId],
    );
    if (row.n > 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const passwords = t.app.get(PasswordsService);
  await passwords.useLink(await passwords.issueInvite(staffId), password);
}

export async function aPlatformAdmin(
  t: TestApp,
): Promise<{ id: string; email: string; token: string }> {
  const email = `admin-${unique()}@example.org`;
  const admin = await t.app
    .get(StaffService)
    .createPlatformAdmin({ email, name: 'Platform Admin', password: PASSWORD });
  return { id: admin.id, email, token: await login(t, email) };
}

export interface SchoolFixture {
  schoolId: string;
  admin: { id: string; email: string; token: string };
  coordinator: { id: string; email: string; token: string };
  viewer: { id: string; email: string; token: string };
}

/** A school with a school admin, a coordinator and a viewer, each logged in. */
export async function aSchool(
  t: TestApp,
  platformToken: string,
  overrides: Record<string, unknown> = {},
): Promise<SchoolFixture> {
  const tag = unique();
  const adminEmail = `school-admin-${tag}@example.org`;
  const res = await t
    .http()
    .post('/api/v1/schools')
    .set('authorization', `Bearer ${platformToken}`)
    .send({
      name: `School ${tag}`,
      brin: aBrin(),
      city: 'Utrecht',
      kind: 'primary',
      firstAdmin: { email: adminEmail, name: 'Admin' },
      ...overrides,
    });
  if (res.status !== 201)
    throw new Error(`create school failed: ${res.status} ${JSON.stringify(res.body)}`);
  const schoolId = res.body.id as string;
  await choosePassword(t, res.body.firstAdmin.id as string);
  const adminToken = await login(t, adminEmail);
  const add = async (role: string): Promise<{ id: string; email: string; token: string }> => {
    const email = `${role}-${tag}@example.org`;
    const r = await t
      .http()
      .post(`/api/v1/schools/${schoolId}/staff`)
      .set('authorization', `Bearer ${adminToken}`)
      .send({ email, name: role, role });
    if (r.status !== 201)
      throw new Error(`add ${role} failed: ${r.status} ${JSON.stringify(r.body)}`);
    await choosePassword(t, r.body.id as string);
    return { id: r.body.id as string, email, token: await login(t, email) };
  };
  const me = await t.http().get('/api/v1/me').set('authorization', `Bearer ${adminToken}`);
  return {
    schoolId,
    admin: { id: me.body.id as string, email: adminEmail, token: adminToken },
    coordinator: await add('coordinator'),
    viewer: await add('viewer'),
  };
}

/** Requests under /api/v1/schools/{schoolId} with a staff member's token. */
export function schoolApi(t: TestApp, schoolId: string, token: string) {
  return (method: 'get' | 'post' | 'patch' | 'delete', path: string) =>
    t.call(method, `/api/v1/schools/${schoolId}${path}`).set('authorization', `Bearer ${token}`);
}
