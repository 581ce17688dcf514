import request from 'supertest';
import { PASSWORD } from '../factories/staff.factory';
import type { TestApp } from './test-app';

export type Agent = ReturnType<typeof request.agent>;

/** The value of the first hidden `_csrf` field in a page. */
export function csrfIn(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF field in the page');
  return m[1];
}

/** A browser-like client (keeps cookies) logged in to the staff workspace. */
export async function workspaceAgent(
  t: TestApp,
  email: string,
  password = PASSWORD,
): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(t.app.getHttpServer());
  const form = await agent.get('/').expect(200);
  const res = await agent
    .post('/login')
    .type('form')
    .send({ _csrf: csrfIn(form.text), email, password });
  if (res.status !== 303) throw new Error(`workspace login ${email} failed: ${res.status}`);
  const home = await agent.get('/account').expect(200);
  return { agent, csrf: csrfIn(home.text) };
}

/** Logs a staff member in through the login form of a real browser page. */
export async function browserLogin(
  page: import('playwright-core').Page,
  baseUrl: string,
  email: string,
  password = PASSWORD,
): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([
    page.waitForNavigation(),
    page.click('form[action="/login"] button[type=submit]'),
  ]);
}

/**
 * Keeps a screenshot as a test artifact (test-artifacts/screenshots/<name>.png, not committed),
 * full page, so a reviewer can look at every page a browser test visited.
 */
export async function keepScreenshot(
  page: import('playwright-core').Page,
  name: string,
): Promise<void> {
  const { mkdirSync } = await import('node:fs');
  const { join, resolve } = await import('node:path');
  const dir = resolve(__dirname, '..', '..', 'test-artifacts', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({
    path: join(dir, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`),
    fullPage: true,
  });
}
