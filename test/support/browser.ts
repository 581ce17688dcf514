import { existsSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium), or CHROMIUM_PATH. */
export function chromiumPath(): string | undefined {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (p): p is string => !!p && existsSync(p),
  );
}

/**
 * Browser tests run when Chromium is installed. In CI they must run: a missing Chromium
 * fails the run instead of being skipped.
 */
export function describeWithBrowser(name: string, fn: () => void): void {
  if (chromiumPath()) {
    describe(name, fn);
    return;
  }
  if (process.env.CI)
    throw new Error('Chromium is required in CI for the browser tests (apt-get install chromium)');
  process.stderr.write(
    `\n  Browser tests SKIPPED: Chromium not found (apt-get install chromium, or set CHROMIUM_PATH).\n\n`,
  );
  describe.skip(`${name} (skipped: no Chromium)`, fn);
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page; returns serious and critical findings. */
export async function seriousA11yFindings(page: Page): Promise<AxeViolation[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy (no inline
  // scripts) stays in force for the page itself.
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * The page has no serious or critical axe finding (each listed with where it is), and a
 * screenshot of it is kept as a test artifact under test-artifacts/screenshots/.
 */
export async function expectAccessible(page: Page, screenshot: string): Promise<void> {
  const findings = await seriousA11yFindings(page);
  expect(
    findings.map(
      (f) => `${f.id}: ${f.help} (${f.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    ),
  ).toEqual([]);
  const { keepScreenshot } = await import('./workspace');
  await keepScreenshot(page, screenshot);
}
