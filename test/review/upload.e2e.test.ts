import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { exportCommand } from '../../src/cli/export.js';
import { startReviewServer, type RunningReviewServer } from '../../src/review/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { browserSuite, openPage, requireChromium } from '../support/chromium.js';
import { yearDocumentText } from '../support/year-documents.js';

/**
 * Issue 13 end to end in Chromium: two years of one department uploaded through the page (one with the file
 * picker, one dropped on the page), processed in the background by the ingest runner, the cross-year anomaly
 * (2023's 年初结转和结余 ≠ 2022's 年末结转和结余) in the queue, corrected in the page, found corrected in the panel
 * export; then the document page's re-extraction button keeps the correction.
 */

const DEPARTMENT = '株洲市测试局';
const NAME_2022 = `${DEPARTMENT} 2022年度 部门决算.txt`;
const NAME_2023 = `${DEPARTMENT} 2023年度 部门决算.txt`;
// 2022 closes with 30.00; 2023 prints 20.00 as its opening balance (its own 总计 says 30.00: 796.56 − 766.56).
const TEXT_2022 = yearDocumentText({ department: DEPARTMENT, year: 2022, opening: 30, closing: 30 });
const TEXT_2023 = yearDocumentText({
  department: DEPARTMENT,
  year: 2023,
  opening: 20,
  closing: 30,
  incomeTotal: 796.56,
});

let dir: string;
let store: Store;
let server: RunningReviewServer;
let browser: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

const text = async (l: Locator): Promise<string> =>
  (await l.count()) > 0 ? ((await l.first().textContent()) ?? '') : '';
const doc2023 = () => store.listDocuments({ status: 'done' }).find((d) => d.year === 2023);
const crossYear = () => {
  const d = doc2023();
  return d ? store.listAnomalies(d.sha256).filter((a) => a.anomaly.rule === 'cross_year') : [];
};

browserSuite('uploads in Chromium: two years of one department, the cross-year anomaly, corrected, exported', () => {
  beforeAll(async () => {
    requireChromium('upload e2e test');
    dir = mkdtempSync(join(tmpdir(), 'tally-upload-e2e-'));
    store = openSqliteStore(join(dir, '.tally', 'tally.db'));
    // The default runner, as `tally review` starts it: in-process, each extraction in an isolated child process.
    server = await startReviewServer({ store, reviewer: '测试审核员' });
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', NAME_2022), TEXT_2022);
    ({ browser, page } = await openPage(dir, pageErrors));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('uploads 2022 with the file picker and 2023 by dropping it on the page; both are extracted in the background', async () => {
    await page.goto(server.url);
    await page.waitForSelector('#upload-toggle');
    await page.click('#upload-toggle');
    await page.setInputFiles('#upload-input', join(dir, 'in', NAME_2022));
    // A drop on the page, as the browser delivers it: dragenter, dragover, drop with the file in a DataTransfer.
    const transfer = await page.evaluateHandle(
      ([name, body]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([body], name, { type: 'text/plain' }));
        return dt;
      },
      [NAME_2023, TEXT_2023] as const,
    );
    for (const type of ['dragenter', 'dragover', 'drop'])
      await page.dispatchEvent('body', type, { dataTransfer: transfer });

    const done = page.locator('#upload-list li.upload[data-status="done"]');
    await expect.poll(() => done.count(), { timeout: 120_000, interval: 250 }).toBe(2);
    expect(await page.locator('#upload-list li.upload .name').allTextContents()).toEqual(
      expect.arrayContaining([NAME_2022, NAME_2023]),
    );
    await expect
      .poll(() =>
        text(page.locator(`#upload-list li.upload[data-status="done"]:has-text("${NAME_2023}") .doc`)),
      )
      .toContain('2023 年');

    // The uploads table says the same, and the documents are the store's own copies under their names.
    const uploads = store.listUploads();
    expect(uploads.map((u) => [u.name, u.status]).sort()).toEqual([
      [NAME_2022, 'done'],
      [NAME_2023, 'done'],
    ]);
    for (const u of uploads)
      expect(u.storedPath).toBe(join(`${store.location}.files`, u.sha256 ?? '', u.name));
    expect(
      store
        .listDocuments({ status: 'done' })
        .map((d) => [d.department, d.year])
        .sort(),
    ).toEqual([
      [DEPARTMENT, 2022],
      [DEPARTMENT, 2023],
    ]);

    // Uploading the same bytes again is a duplicate, said so in the page.
    await page.setInputFiles('#upload-input', join(dir, 'in', NAME_2022));
    await expect
      .poll(() => page.locator('#upload-list li.upload[data-status="duplicate"]').count(), {
        timeout: 20_000,
      })
      .toBe(1);
    expect(await text(page.locator('#upload-list li.upload[data-status="duplicate"] .reason'))).toMatch(
      /^与已有文档“.*2022年度 部门决算\.txt”内容相同/,
    );
  });

  it('shows the cross-year anomaly in the queue, and the reviewer corrects 2023’s opening balance to 30', async () => {
    // The page offers to reload the queue once an upload has finished.
    await page.click('#upload-refresh');
    await page.waitForLoadState('load');
    await page.waitForSelector('#filter-rule');
    await page.selectOption('#filter-rule', 'cross_year');
    const item = page.locator('li.item[data-id^="cross_year:"]');
    await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(1);
    await item.locator('button').click();
    await page.waitForSelector('article.anomaly[data-id^="cross_year:"]');
    const message = await text(page.locator('article.anomaly .message'));
    expect(message).toContain('年初结转和结余 20.00 万元');
    expect(message).toContain('年末结转和结余 30.00 万元');
    expect(crossYear().map((a) => a.state)).toEqual(['open']);

    await page.keyboard.press('e');
    await page.fill('#edit-value', '30');
    await page.fill('#edit-note', '与上年年末结转和结余核对');
    await page.press('#edit-value', 'Enter');
    await page.waitForSelector('.state-banner');
    await page.waitForSelector('#detail[aria-busy="false"]');
    const sha = doc2023()?.sha256 ?? '';
    const c = store.listCorrections({ sha256: sha }).find((x) => x.kind === 'edit');
    expect(c).toMatchObject({
      row: 'income:opening_balance',
      column: 'amount',
      oldValue: 20,
      newValue: 30,
      reviewer: '测试审核员',
    });
    await expect.poll(() => crossYear().map((a) => a.state), { timeout: 15_000 }).toEqual(['resolved']);
  });

  it('exports the panel with the corrected value (tally export --panel)', async () => {
    const chunks: Buffer[] = [];
    const stdout = new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        cb();
      },
    });
    const code = await exportCommand.run(['--panel', '--format', 'json', '--store', store.location], {
      stdout,
      stderr: new Writable({ write: (_c, _e, cb) => cb() }),
      cwd: dir,
      env: {},
      signal: new AbortController().signal,
    });
    expect(code).toBe(0);
    const panel = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      records: Record<string, unknown>[];
    };
    const opening = (year: number) =>
      panel.records.find(
        (r) =>
          r['year'] === year &&
          r['family'] === 'income_expenditure_summary' &&
          r['row_id'] === 'income:opening_balance' &&
          r['column_key'] === 'amount',
      );
    expect(opening(2023)).toMatchObject({
      department: DEPARTMENT,
      value: 30,
      original_value: 20,
      corrected: true,
    });
    expect(opening(2022)).toMatchObject({ department: DEPARTMENT, value: 30, corrected: false });
    // One department across both years.
    expect(opening(2023)?.['department_id']).toBe(opening(2022)?.['department_id']);
  });

  it('shows each file’s progress while it is sent, then why it was refused', async () => {
    await page.goto(server.url);
    await page.click('#upload-toggle');
    // A slow link (CDP throttling), so the progress bar is seen moving: 640 KB at 160 KB/s.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 160 * 1024,
    });
    const blob = join(dir, 'in', '扫描 件.bin');
    writeFileSync(blob, Buffer.alloc(640 * 1024, 0));
    await page.setInputFiles('#upload-input', blob);
    const bar = page.locator('#upload-list li.upload[data-status="uploading"] progress');
    await expect
      .poll(
        async () =>
          (await bar.count()) > 0
            ? bar.evaluate((b: HTMLProgressElement) => b.value > 0 && b.value < b.max)
            : false,
        { timeout: 20_000, interval: 100 },
      )
      .toBe(true);
    expect(await text(page.locator('#upload-list li.upload[data-status="uploading"] .pct'))).toMatch(
      /^\d+%$/,
    );
    const refused = page.locator('#upload-list li.upload[data-status="rejected"]');
    await expect.poll(() => refused.count(), { timeout: 30_000 }).toBe(1);
    expect(await text(refused.locator('.name'))).toBe('扫描 件.bin');
    expect(await text(refused.locator('.reason'))).toMatch(/^格式不支持/);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await cdp.detach();
    // The browser logs the refusal's status as a console error: expected here, and the only one.
    const refusedLog = pageErrors.findIndex((e) => /status of 415/.test(e));
    expect(refusedLog).toBeGreaterThanOrEqual(0);
    pageErrors.splice(refusedLog, 1);
  });

  it('re-extracts the 2023 document from its page, keeping the correction', async () => {
    const sha = doc2023()?.sha256 ?? '';
    await page.goto(`${server.url}document?sha=${sha}`);
    await page.waitForSelector('#reprocess-button');
    await page.click('#reprocess-button');
    await expect
      .poll(() => text(page.locator('#reprocess .result')), { timeout: 60_000 })
      .toContain('重新提取完成');
    expect(await text(page.locator('#reprocess .result'))).toContain('重新应用修改 1 条');
    expect(await text(page.locator('#reprocess .result'))).toContain('没有失去对应单元格的修改');
    const t = store
      .getResult(sha, { applyCorrections: true })
      ?.tables.find((x) => x.type === 'income_expenditure_summary');
    expect(t?.rows.find((r) => r.id === 'income:opening_balance')?.cells['amount']?.value).toBe(30);
    await page.click('#reprocess-reload');
    await expect
      .poll(() => text(page.locator(`td[data-row="income:opening_balance"][data-column="amount"]`)))
      .toBe('30');
    expect(pageErrors).toEqual([]);
  });
});
