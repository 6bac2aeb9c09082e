import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describe } from 'vitest';

/** The system Chromium the browser tests drive (scripts/test-all.sh installs it); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
/** Skipped without a browser, except in CI, where the suite's beforeAll must throw: a missing browser fails there. */
export const browserSuite = haveChromium || process.env['CI'] === 'true' ? describe : describe.skip;
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Throws in CI when there is no browser (see browserSuite). */
export function requireChromium(what: string): void {
  if (!haveChromium)
    throw new Error(`chromium not found at ${CHROMIUM}; the ${what} cannot be skipped in CI`);
}

/**
 * A fresh profile under `dir` (Playwright's way of passing --user-data-dir) and one page whose script errors and
 * console errors are collected into `errors`, so a test can assert the page threw none.
 */
export async function openPage(
  dir: string,
  errors: string[],
): Promise<{ browser: BrowserContext; page: Page }> {
  const browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 960 },
  });
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return { browser, page };
}
