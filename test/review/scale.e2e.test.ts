import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ExtractionResult } from '../../src/model/index.js';
import { extractFile } from '../../src/pipeline/index.js';
import { startReviewServer, type RunningReviewServer } from '../../src/review/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { browserSuite, openPage, requireChromium } from '../support/chromium.js';
import { yearResult } from '../store/years.js';

/**
 * Review at scale in Chromium: the document list (every status, a document with no anomalies reachable), a search
 * by value, a bulk acceptance of 尾数误差 notes with its confirmation, counts that follow, the batch undone, and a
 * department across two years with its cross-year anomaly.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// Seed 004's 决算 tables (19 anomalies, 9 of them 尾数误差 notes) and a 绩效目标表 with no anomaly at all.
const SEED = join(ROOT, 'samples/004-final-accounts-2023-tables.txt');
const CLEAN = join(ROOT, 'samples/001-performance-yingshang-2023.txt');


let dir: string;
let store: Store;
let server: RunningReviewServer;
let browser: BrowserContext;
let page: Page;
let seedSha: string;
let cleanSha: string;
let deptId: number;
const failedSha = 'f'.repeat(64);
const pageErrors: string[] = [];
// Screenshots for the README only when asked (TALLY_SCREENSHOTS=1): they need CJK fonts to be worth keeping.
const shoot = async (name: string, fullPage = false): Promise<void> => {
  if (process.env['TALLY_SCREENSHOTS'] === '1')
    await page.screenshot({ path: join(ROOT, `docs/${name}`), fullPage });
};

async function ingest(s: Store, file: string): Promise<ExtractionResult> {
  const r = await extractFile(file);
  s.registerDocument({ sha256: r.source.sha256, path: file, bytes: r.source.bytes });
  s.saveResult(r);
  return r;
}

const attr = async (selector: string, name: string): Promise<number> =>
  Number(await page.locator(selector).getAttribute(name));
const rounding = (): number => store.reviewStats().anomalies.roundingOpen;

browserSuite('review at scale in Chromium', () => {
  beforeAll(async () => {
    requireChromium('review e2e test');
    dir = mkdtempSync(join(tmpdir(), 'tally-scale-e2e-'));
    store = openSqliteStore(join(dir, '.tally', 'tally.db'));
    seedSha = (await ingest(store, SEED)).source.sha256;
    cleanSha = (await ingest(store, CLEAN)).source.sha256;
    store.registerDocument({ sha256: failedSha, path: join(dir, '加密文件.pdf'), bytes: 10 });
    store.claimDocument(failedSha);
    store.markFailed(failedSha, 'PDF 已加密，无法读取');
    // Two years of one department whose 年初结转和结余 (2023) differs from 年末结转和结余 (2022).
    const y22 = yearResult({
      department: '中共某县委办公室',
      year: 2022,
      figures: { income: 100, expenditure: 90, opening: 5, closing: 15 },
    });
    const y23 = yearResult({
      department: '某县委办公室',
      year: 2023,
      figures: { income: 300, expenditure: 280, opening: 12, closing: 32 },
    });
    store.saveResult(y22);
    store.saveResult(y23);
    deptId = store.departmentOf(y23.source.sha256)!.id;
    // Two names of one office that normalization does not join: a reviewer merges them on the page.
    store.saveResult(
      yearResult({
        department: '某县财政局',
        year: 2022,
        figures: { income: 50, expenditure: 40, opening: 1, closing: 11 },
      }),
    );
    store.saveResult(
      yearResult({
        department: '某县财政事务中心',
        year: 2023,
        figures: { income: 55, expenditure: 50, opening: 9, closing: 14 },
      }),
    );
    server = await startReviewServer({ store, reviewer: '测试审核员' });
    ({ browser, page } = await openPage(dir, pageErrors));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists every document with its status and counts, and opens one that has no anomalies', async () => {
    await page.goto(`${server.url}documents`);
    await page.waitForSelector('tr.doc-row');
    expect(await page.locator('tr.doc-row').count()).toBe(7);
    const failed = page.locator(`tr.doc-row[data-sha="${failedSha}"]`);
    expect(await failed.textContent()).toContain('PDF 已加密，无法读取');
    const seedRow = page.locator(`tr.doc-row[data-sha="${seedSha}"]`);
    expect(await seedRow.locator('.reviewed-cell').textContent()).toBe('0 / 19');
    expect(await seedRow.locator('progress').count()).toBe(1);
    await shoot('review-documents.png');

    // Done documents with nothing open, then the clean one: its page shows its tables and says there is nothing to review.
    await page.selectOption('#doc-filter-status', 'done');
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('tr.doc-row')).every((r) => r.classList.contains('status-done')),
    );
    await page.selectOption('#doc-filter-open', 'no');
    // The 2022 documents of the departments below have no anomaly either.
    await page.waitForFunction(() => document.querySelectorAll('tr.doc-row').length === 4);
    expect(await page.locator('tr.doc-row[data-open="0"]').count()).toBe(4);
    const clean = page.locator(`tr.doc-row.no-anomalies[data-sha="${cleanSha}"]`);
    expect(await clean.count()).toBe(1);
    await clean.locator('td.file a').click();
    await page.waitForSelector('#doc-summary');
    expect(await page.locator('#doc-summary').textContent()).toContain('本文档没有异常');
    expect(await page.locator('section.doc-table').count()).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });

  it('searches a value typed with a thousands separator and finds the cell and the anomaly', async () => {
    await page.goto(server.url);
    await page.waitForSelector('article.anomaly');
    await page.waitForSelector('#review-stats[data-open]');
    await page.selectOption('#search-by', 'value');
    await page.fill('#search-q', '85,715.09');
    await page.press('#search-q', 'Enter');
    await page.waitForSelector('#search-results');
    expect(await attr('#search-results', 'data-cells')).toBeGreaterThanOrEqual(1);
    expect(await page.locator('.cell-hits li').first().textContent()).toContain('85715.09');
    await shoot('review-search.png');
    const hit = page.locator('.anomaly-hits li[data-id="row_identity:t2:c2159999:total"]');
    expect(await hit.count()).toBe(1);
    // The hit opens the anomaly in the queue.
    await hit.locator('a').click();
    await page.waitForSelector('article.anomaly[data-id="row_identity:t2:c2159999:total"]');
    expect(pageErrors).toEqual([]);
  });

  it('accepts every rounding note of a document after confirming the count; the counts follow, and the batch undoes', async () => {
    await page.goto(server.url);
    await page.waitForSelector('#review-stats[data-open]');
    const open0 = await attr('#review-stats', 'data-open');
    const reviewed0 = await attr('#review-stats', 'data-reviewed');
    expect(rounding()).toBe(9);
    await page.selectOption('#filter-sha256', seedSha);
    await page.click('#bulk-rounding');
    await page.waitForSelector('.bulk-confirm');
    expect(await page.locator('.bulk-confirm .bulk-count').textContent()).toBe('9');
    await shoot('review-bulk.png');
    // The dry run wrote nothing.
    expect(store.listCorrections()).toEqual([]);
    await page.click('#bulk-confirm-yes');
    await page.waitForSelector('.bulk-done');
    await expect.poll(() => attr('#review-stats', 'data-open')).toBe(open0 - 9);
    expect(await attr('#review-stats', 'data-reviewed')).toBe(reviewed0 + 9);
    expect(store.listCorrections()).toHaveLength(9);
    expect(rounding()).toBe(0);
    // The queue no longer lists them.
    await expect.poll(() => page.locator('#queue-summary').textContent()).toContain('共 10 条');

    await page.click('#bulk-undo');
    await page.waitForSelector('.bulk-undone');
    await expect.poll(() => attr('#review-stats', 'data-open')).toBe(open0);
    expect(rounding()).toBe(9);

    // The same from the document list, whose counts change too.
    await page.goto(`${server.url}documents`);
    const row = page.locator(`tr.doc-row[data-sha="${seedSha}"]`);
    await row.locator('button.bulk-rounding').click();
    await page.waitForSelector('.bulk-confirm');
    await page.click('#bulk-confirm-yes');
    await expect.poll(() => row.locator('.reviewed-cell').textContent()).toBe('9 / 19');
    expect(await page.locator('#overall-anomalies').getAttribute('data-reviewed')).toBe(
      String(reviewed0 + 9),
    );
    expect(pageErrors).toEqual([]);
  });

  it("shows one department's years side by side with its cross-year anomaly and both figures", async () => {
    await page.goto(`${server.url}department?id=${deptId}`);
    await page.waitForSelector('table.key-figures');
    const opening = page.locator('table.key-figures tr[data-row="income:opening_balance"] td');
    expect(await opening.allTextContents()).toEqual(['5', '12']);
    const balance = page.locator('table.cross-year tr').filter({ hasText: '年初结转和结余' });
    expect(await balance.count()).toBeGreaterThan(0);
    expect(await balance.first().locator('td.found').textContent()).toContain('12');
    expect(await balance.first().locator('td.expected').textContent()).toContain('15');
    expect(await page.locator('table.dept-docs').textContent()).toContain('去掉');
    await shoot('review-department.png', true);
    expect(pageErrors).toEqual([]);
  });

  it('merges another department into this one after showing its evidence, and the cross-year check runs', async () => {
    const bureau = store.listDepartments().find((d) => d.name === '某县财政局')!;
    const centre = store.listDepartments().find((d) => d.name === '某县财政事务中心')!;
    await page.goto(`${server.url}department?id=${bureau.id}`);
    await page.waitForSelector('#merge-pick');
    expect(await page.locator('table.cross-year').count()).toBe(0);
    await page.selectOption('#merge-pick', String(centre.id));
    await page.waitForSelector('#merge-go');
    expect(await page.locator('#merge-evidence').textContent()).toContain('某县财政事务中心');
    await page.click('#merge-go');
    await page.waitForSelector('table.cross-year');
    expect(await page.locator('table.dept-docs tbody tr').count()).toBe(2);
    // 2023 年初 9 against 2022 年末 11.
    const balance = page.locator('table.cross-year tr').filter({ hasText: '年初结转和结余' }).first();
    expect(await balance.locator('td.found').textContent()).toContain('9');
    expect(await balance.locator('td.expected').textContent()).toContain('11');
    expect(store.getDepartment(centre.id)).toBeUndefined();
    expect(pageErrors).toEqual([]);
  });
});
