import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { reviewCommand } from '../../src/cli/review.js';
import { extractFile } from '../../src/pipeline/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { browserSuite, CHROMIUM, CHROMIUM_ARGS, requireChromium } from '../support/chromium.js';

/**
 * Token mode from a real browser: `tally review --host 127.0.0.1 --token …` as a deployment starts it, a
 * Chromium that opens the page, is sent to the login form, types the token and reaches the queue. The
 * page is served with Referrer-Policy: no-referrer, so Chromium posts the form with `Origin: null`; the
 * server must take the form by its `Sec-Fetch-Site: same-origin` (it answered 403 before).
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TOKEN = 'e2e-token-0123456789abcdef';

let dir: string;
let browser: BrowserContext;
let controller: AbortController;
let running: Promise<number>;
let url: string;

browserSuite('review login with a token, in Chromium', () => {
  beforeAll(async () => {
    requireChromium('review e2e test');
    dir = mkdtempSync(join(tmpdir(), 'tally-login-e2e-'));
    const storePath = join(dir, 'tally.db');
    const store = openSqliteStore(storePath);
    const r = await extractFile(join(ROOT, 'samples/004-final-accounts-2023-tables.txt'));
    store.registerDocument({ sha256: r.source.sha256, path: r.source.path, bytes: r.source.bytes });
    store.saveResult(r);
    store.close();
    controller = new AbortController();
    const stdout = new PassThrough();
    const printed = new Promise<string>((res) => stdout.once('data', (b: Buffer) => res(b.toString())));
    running = reviewCommand.run(['--host', '127.0.0.1', '--token', TOKEN, '--store', storePath], {
      stdout,
      stderr: new PassThrough(),
      cwd: dir,
      env: {},
      signal: controller.signal,
    });
    url = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(await printed)?.[1] ?? '';
    browser = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    controller?.abort();
    await running;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is sent to the login form, logs in with the token typed in the form, and reaches the queue', async () => {
    expect(url).not.toBe('');
    const page = await browser.newPage();
    const loginPosts: { origin: string | undefined; site: string | undefined; status: number }[] = [];
    page.on('response', (res) => {
      const req = res.request();
      if (req.method() === 'POST' && new URL(req.url()).pathname === '/login') {
        void req.allHeaders().then((h) => loginPosts.push({ origin: h['origin'], site: h['sec-fetch-site'], status: res.status() }));
      }
    });
    await page.goto(url);
    expect(new URL(page.url()).pathname).toBe('/login');
    // A wrong token first: the form says so and stays.
    await page.fill('input[name="reviewer"]', '浏览器审核员');
    await page.fill('input[name="token"]', 'not-the-token-at-all');
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    expect(await page.locator('p.error').textContent()).toContain('令牌不正确');
    await page.fill('input[name="reviewer"]', '浏览器审核员');
    await page.fill('input[name="token"]', TOKEN);
    await Promise.all([page.waitForURL(url), page.click('button[type="submit"]')]);
    await page.waitForSelector('li.item');
    expect(await page.locator('#reviewer').textContent()).toContain('浏览器审核员');
    expect(await page.locator('li.item').count()).toBeGreaterThan(0);
    // What the browser really sent: the opaque origin of a no-referrer page, vouched for by Sec-Fetch-Site.
    await expect.poll(() => loginPosts.length).toBe(2);
    expect(loginPosts.map((p) => p.status)).toEqual([401, 303]);
    expect(loginPosts[1]).toMatchObject({ site: 'same-origin' });
    console.log(`[login e2e] Chromium's login POST: Origin ${loginPosts[1]?.origin ?? '(none)'}, Sec-Fetch-Site ${loginPosts[1]?.site ?? '(none)'}`);
  });
});
