import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Anomaly, ExtractionResult } from '../model/index.js';
import { isRoundingNote, openSqliteStore, parseSearchValue, type Store } from '../store/index.js';
import { sampleResult } from '../../test/store/fixtures.js';
import { yearResult } from '../../test/store/years.js';
import { createReviewApp, type ReviewApp } from './server.js';

const ORIGIN = 'http://127.0.0.1:8080';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-scale-'));
  store = openSqliteStore(join(dir, '.tally', 'tally.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const app = (): ReviewApp =>
  createReviewApp({ store, allowedHosts: new Set(['127.0.0.1:8080']), reviewer: '审核员甲' });
const call = (r: ReviewApp, path: string, init: RequestInit = {}) => r.app.request(`${ORIGIN}${path}`, init);

async function session(r: ReviewApp): Promise<{ cookie: string; csrf: string }> {
  const page = await call(r, '/');
  const cookie = /tally_review=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')?.[0] ?? '';
  const s = (await (await call(r, '/api/session', { headers: { cookie } })).json()) as { csrf: string };
  return { cookie, csrf: s.csrf };
}
async function getJson<T = Record<string, unknown>>(
  r: ReviewApp,
  path: string,
  cookie: string,
): Promise<{ status: number; body: T }> {
  const res = await call(r, path, { headers: { cookie } });
  return { status: res.status, body: (await res.json()) as T };
}
async function post<T = Record<string, unknown>>(
  r: ReviewApp,
  path: string,
  body: unknown,
  s: { cookie: string; csrf?: string },
): Promise<{ status: number; body: T }> {
  const res = await call(r, path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: {
      'content-type': 'application/json',
      origin: ORIGIN,
      cookie: s.cookie,
      ...(s.csrf !== undefined ? { 'x-csrf-token': s.csrf } : {}),
    },
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** A 尾数误差 note as validate's identity checks write it (info, |difference| ≤ tolerance, no suggestion). */
const rounding = (id: string, found: number, expected: number): Anomaly => ({
  id,
  rule: 'column_sum',
  severity: 'info',
  table: 't0',
  row: 'c201',
  column: 'total',
  found,
  expected,
  difference: Math.round((found - expected) * 1e6) / 1e6,
  tolerance: 0.015,
  formula: '合计 = Σ 行',
  message: `支出决算表：列合计，合计 ${found} 与合计数 ${expected} 相差 0.01，在尾数误差范围（±0.015）内。`,
  related: [],
  source: { line: { start: 4, end: 4 } },
});

/** Documents of every status: A (error + two rounding notes + a non-rounding info), B (no anomalies), failed, queued. */
function seed(): { a: ExtractionResult; b: ExtractionResult; failed: string; queued: string } {
  const a = sampleResult({ seed: 'a', department: '产业发展局', year: 2023 });
  a.tables[0]!.rows[1]!.cells['total'] = {
    raw: '1,234.50',
    value: 1234.5,
    blank: false,
    source: { line: { start: 4, end: 4 } },
  };
  a.anomalies.push(rounding('column_sum:t0:r1', 10.01, 10), rounding('column_sum:t0:r2', 20.99, 21), {
    id: 'decimal_pattern:t0:c208',
    rule: 'decimal_pattern',
    severity: 'info',
    table: 't0',
    row: 'c208',
    column: 'total',
    message: '小数位数多于本表其余金额',
    related: [],
    source: { line: { start: 5, end: 5 } },
  });
  store.saveResult(a);
  const b = sampleResult({ seed: 'b', department: '教育局', year: 2022, path: '/data/教育局-2022.txt' });
  b.anomalies = [];
  b.status = 'ok';
  store.saveResult(b);
  const failed = 'f'.repeat(64);
  store.registerDocument({ sha256: failed, path: '/data/坏文件.pdf', bytes: 10 });
  store.claimDocument(failed);
  store.markFailed(failed, 'PDF 已加密，无法读取');
  const queued = 'e'.repeat(64);
  store.registerDocument({ sha256: queued, path: '/data/待处理.pdf', bytes: 10 });
  return { a, b, failed, queued };
}

interface ListItem {
  sha256: string;
  status: string;
  error: string | null;
  path: string;
  counts: {
    total: number;
    open: number;
    reviewed: number;
    roundingOpen: number;
    openBySeverity: Record<string, number>;
  };
  departmentId: number | null;
}
interface ListBody {
  total: number;
  items: ListItem[];
  facets: {
    status: { value: string; count: number }[];
    department: { value: string; label: string; count: number }[];
  };
}

describe('document list', () => {
  it('lists every document, of every status, with its counts, including those without anomalies', async () => {
    const { a, b, failed, queued } = seed();
    const r = app();
    const { cookie } = await session(r);
    const res = await getJson<ListBody>(r, '/api/document-list?sort=added', cookie);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(4);
    const by = new Map(res.body.items.map((i) => [i.sha256, i]));
    expect(by.get(a.source.sha256)?.counts).toMatchObject({
      total: 4,
      open: 4,
      reviewed: 0,
      roundingOpen: 2,
      openBySeverity: { error: 1, warning: 0, info: 3 },
    });
    expect(by.get(b.source.sha256)?.counts).toMatchObject({ total: 0, open: 0 });
    expect(by.get(failed)).toMatchObject({
      status: 'failed',
      error: 'PDF 已加密，无法读取',
      path: '/data/坏文件.pdf',
    });
    expect(by.get(queued)).toMatchObject({ status: 'queued' });
    expect(res.body.facets.status).toEqual(
      expect.arrayContaining([
        { value: 'done', count: 2 },
        { value: 'failed', count: 1 },
        { value: 'queued', count: 1 },
      ]),
    );
  });

  it('filters, sorts and pages in SQL', async () => {
    const { a, b } = seed();
    const r = app();
    const { cookie } = await session(r);
    const page1 = await getJson<ListBody & { offset: number }>(
      r,
      '/api/document-list?sort=open&order=desc&limit=1',
      cookie,
    );
    expect(page1.body.total).toBe(4);
    expect(page1.body.items.map((i) => i.sha256)).toEqual([a.source.sha256]);
    const page2 = await getJson<ListBody>(
      r,
      '/api/document-list?sort=open&order=desc&limit=1&offset=1',
      cookie,
    );
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.items[0]?.sha256).not.toBe(a.source.sha256);

    const done = await getJson<ListBody>(r, '/api/document-list?status=done&year=2022', cookie);
    expect(done.body.items.map((i) => i.sha256)).toEqual([b.source.sha256]);
    const dept = store.departmentOf(b.source.sha256)!.id;
    const byDept = await getJson<ListBody>(r, `/api/document-list?department=${dept}`, cookie);
    expect(byDept.body.items.map((i) => i.sha256)).toEqual([b.source.sha256]);
    expect(byDept.body.facets.department.map((d) => d.label).sort()).toEqual(['产业发展局', '教育局']);
    const clean = await getJson<ListBody>(r, '/api/document-list?status=done&open=no', cookie);
    expect(clean.body.items.map((i) => i.sha256)).toEqual([b.source.sha256]);
    const text = await getJson<ListBody>(
      r,
      `/api/document-list?text=${encodeURIComponent('坏文件')}`,
      cookie,
    );
    expect(text.body.items.map((i) => i.status)).toEqual(['failed']);
    expect((await getJson(r, '/api/document-list?sort=nope', cookie)).status).toBe(400);
  });

  it('the document page API answers for a document with no anomalies and for a failed one', async () => {
    const { b, failed } = seed();
    const r = app();
    const { cookie } = await session(r);
    const clean = await getJson<{ document: { status: string }; tables: unknown[]; anomalies: unknown[] }>(
      r,
      `/api/documents/${b.source.sha256}`,
      cookie,
    );
    expect(clean.status).toBe(200);
    expect(clean.body.anomalies).toEqual([]);
    expect(clean.body.tables).toHaveLength(1);
    expect(clean.body.document.status).toBe('done');
    const bad = await getJson<{ document: { status: string; error: string }; tables: unknown[] }>(
      r,
      `/api/documents/${failed}`,
      cookie,
    );
    expect(bad.status).toBe(200);
    expect(bad.body.document).toMatchObject({ status: 'failed', error: 'PDF 已加密，无法读取' });
    expect(bad.body.tables).toEqual([]);
    const page = await call(r, '/documents', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('文档列表');
  });
});

describe('counts', () => {
  it('gives reviewed / open overall and per document, and follows a correction', async () => {
    const { a } = seed();
    const r = app();
    const s = await session(r);
    const before = await getJson<{
      documents: Record<string, number>;
      anomalies: { open: number; reviewed: number; roundingOpen: number };
    }>(r, '/api/stats', s.cookie);
    expect(before.body.documents).toMatchObject({
      total: 4,
      done: 2,
      failed: 1,
      queued: 1,
      withoutAnomalies: 1,
      fullyReviewed: 0,
    });
    expect(before.body.anomalies).toMatchObject({ open: 4, reviewed: 0, roundingOpen: 2 });
    const accepted = await post(
      r,
      '/api/corrections',
      { action: 'accept', sha256: a.source.sha256, anomalyId: 'column_sum:t0:total:total', seen: 30 },
      s,
    );
    expect(accepted.status).toBe(201);
    const after = await getJson<{ anomalies: { open: number; reviewed: number; resolved: number } }>(
      r,
      `/api/stats?sha256=${a.source.sha256}`,
      s.cookie,
    );
    expect(after.body.anomalies).toMatchObject({ open: 3, reviewed: 1, resolved: 1 });
    expect((await getJson(r, '/api/stats?year=abc', s.cookie)).status).toBe(400);
  });
});

interface SearchBody {
  value: { value: number; unit: string | null } | null;
  anomalies: { total: number; items: { id: string; matched: string }[] };
  cells: {
    total: number;
    items: { sha256: string; rowId: string; columnKey: string | null; matched: string; raw: string | null }[];
  };
}

describe('search', () => {
  it('reads numbers as reviewers type them', () => {
    expect(parseSearchValue('1,234.56')).toEqual({ value: 1234.56, unit: null });
    expect(parseSearchValue('1 234.56 万元')).toEqual({ value: 1234.56, unit: 'wan_yuan' });
    expect(parseSearchValue('１２，３４５元')).toEqual({ value: 12345, unit: 'yuan' });
    expect(parseSearchValue('(12.5)')).toEqual({ value: -12.5, unit: null });
    expect(parseSearchValue('合计')).toBeUndefined();
  });

  it('by text: anomaly messages, row labels and table titles', async () => {
    seed();
    const r = app();
    const { cookie } = await session(r);
    const msg = await getJson<SearchBody>(
      r,
      `/api/search?by=text&q=${encodeURIComponent('尾数误差')}`,
      cookie,
    );
    expect(msg.body.anomalies.total).toBe(2);
    const label = await getJson<SearchBody>(
      r,
      `/api/search?by=text&q=${encodeURIComponent('社会保障')}`,
      cookie,
    );
    expect(label.body.cells.items.map((c) => c.rowId)).toEqual(['c208', 'c208']);
    expect(label.body.cells.items[0]?.matched).toBe('label');
    // A title match is one hit per table (not each of its rows), listed before row matches; pages run across both.
    const title = await getJson<SearchBody>(
      r,
      `/api/search?by=text&q=${encodeURIComponent('支出决算表')}&limit=1`,
      cookie,
    );
    expect(title.body.cells.total).toBe(2);
    expect(title.body.cells.items).toEqual([expect.objectContaining({ matched: 'title', rowId: null })]);
    const mixed = await getJson<SearchBody>(
      r,
      `/api/search?by=text&q=${encodeURIComponent('支出')}&limit=3&offset=1`,
      cookie,
    );
    expect(mixed.body.cells.total).toBe(6);
    expect(mixed.body.cells.items.map((c) => c.matched)).toEqual(['title', 'label', 'label']);
    // LIKE wildcards in the text are literal.
    expect((await getJson<SearchBody>(r, '/api/search?by=text&q=%25', cookie)).body.cells.total).toBe(0);
  });

  it('by row code, a prefix finding the code and its children', async () => {
    const { a } = seed();
    const r = app();
    const { cookie } = await session(r);
    const res = await getJson<SearchBody>(r, `/api/search?by=code&q=20&sha256=${a.source.sha256}`, cookie);
    expect(res.body.cells.items.map((c) => c.rowId)).toEqual(['c201', 'c208']);
    expect(res.body.cells.items.every((c) => c.matched === 'code')).toBe(true);
  });

  it('by value: cells and found / expected figures, with separators and units', async () => {
    const { a } = seed();
    const r = app();
    const { cookie } = await session(r);
    const cell = await getJson<SearchBody>(
      r,
      `/api/search?by=value&q=${encodeURIComponent('1,234.50')}`,
      cookie,
    );
    expect(cell.body.cells.items).toEqual([
      expect.objectContaining({
        sha256: a.source.sha256,
        rowId: 'c201',
        columnKey: 'total',
        raw: '1,234.50',
      }),
    ]);
    // 12,345,000 元 is 1234.5 万元: the table is in 万元.
    const yuan = await getJson<SearchBody>(
      r,
      `/api/search?by=value&q=${encodeURIComponent('12,345,000元')}`,
      cookie,
    );
    expect(yuan.body.value).toEqual({ value: 12345000, unit: 'yuan' });
    expect(yuan.body.cells.total).toBe(1);
    expect((await getJson<SearchBody>(r, `/api/search?by=value&q=12345000`, cookie)).body.cells.total).toBe(
      0,
    );
    const wan = await getJson<SearchBody>(
      r,
      `/api/search?by=value&q=${encodeURIComponent('1234.5万元')}`,
      cookie,
    );
    expect(wan.body.cells.total).toBe(1);
    const found = await getJson<SearchBody>(r, '/api/search?by=value&q=20.99', cookie);
    expect(found.body.anomalies.items).toEqual([
      expect.objectContaining({ id: 'column_sum:t0:r2', matched: 'found' }),
    ]);
    const expected = await getJson<SearchBody>(r, '/api/search?by=value&q=31', cookie);
    expect(expected.body.anomalies.items).toEqual([
      expect.objectContaining({ id: 'column_sum:t0:total:total', matched: 'expected' }),
    ]);
    expect((await getJson(r, `/api/search?by=value&q=${encodeURIComponent('合计')}`, cookie)).status).toBe(
      400,
    );
  });

  it('finds a corrected cell by its corrected figure, not its old one', async () => {
    const { a } = seed();
    const r = app();
    const s = await session(r);
    await post(
      r,
      '/api/corrections',
      { action: 'accept', sha256: a.source.sha256, anomalyId: 'column_sum:t0:total:total', seen: 30 },
      s,
    );
    const hits = await getJson<SearchBody>(r, '/api/search?by=value&q=31', s.cookie);
    expect(hits.body.cells.items).toEqual([expect.objectContaining({ rowId: 'total', columnKey: 'total' })]);
    const old = await getJson<SearchBody>(r, `/api/search?by=value&q=30&sha256=${a.source.sha256}`, s.cookie);
    expect(old.body.cells.items.filter((c) => c.rowId === 'total')).toEqual([]);
  });
});

interface Batch {
  id: number;
  count: number;
  live: number;
  undoneAt: string | null;
}

describe('bulk actions', () => {
  it('accepts every rounding note of a document: dry run count, one audited correction each, undo of the batch', async () => {
    const { a } = seed();
    const sha = a.source.sha256;
    const r = app();
    const s = await session(r);
    const selection = { action: 'accept_rounding', sha256: sha };
    const preview = await post<{ count: number; sample: { anomalyId: string }[] }>(
      r,
      '/api/bulk/preview',
      { selection },
      s,
    );
    expect(preview.status).toBe(200);
    expect(preview.body.count).toBe(2);
    expect(preview.body.sample.map((x) => x.anomalyId).sort()).toEqual([
      'column_sum:t0:r1',
      'column_sum:t0:r2',
    ]);
    expect(store.listCorrections()).toEqual([]);

    // The same CSRF rules as every write.
    expect((await post(r, '/api/bulk', { selection, expected: 2 }, { cookie: s.cookie })).status).toBe(403);
    expect((await post(r, '/api/bulk/preview', { selection }, { cookie: s.cookie })).status).toBe(403);
    // The count confirmed must still hold.
    const stale = await post(r, '/api/bulk', { selection, expected: 3 }, s);
    expect(stale.status).toBe(409);
    expect(store.listCorrections()).toEqual([]);

    const done = await post<{ batch: Batch }>(r, '/api/bulk', { selection, expected: 2 }, s);
    expect(done.status).toBe(201);
    expect(done.body.batch).toMatchObject({ count: 2, live: 2, undoneAt: null });
    const trail = store.listCorrections();
    expect(trail.map((c) => c.anomalyId).sort()).toEqual(['column_sum:t0:r1', 'column_sum:t0:r2']);
    expect(
      trail.every(
        (c) =>
          c.kind === 'accept' &&
          c.reviewer === '审核员甲' &&
          c.reason.includes('尾数误差') &&
          c.table === null,
      ),
    ).toBe(true);
    expect(trail.every((c) => c.anchor?.anomaly?.rule === 'column_sum')).toBe(true);
    const states = new Map(store.listAnomalies(sha).map((x) => [x.anomaly.id, x.state]));
    expect(states.get('column_sum:t0:r1')).toBe('resolved');
    expect(states.get('decimal_pattern:t0:c208')).toBe('open');
    expect(states.get('column_sum:t0:total:total')).toBe('open');
    const stats = await getJson<{ anomalies: { open: number; reviewed: number; roundingOpen: number } }>(
      r,
      '/api/stats',
      s.cookie,
    );
    expect(stats.body.anomalies).toMatchObject({ open: 2, reviewed: 2, roundingOpen: 0 });
    // Nothing left to accept: a second run has nothing to do.
    expect((await post<{ count: number }>(r, '/api/bulk/preview', { selection }, s)).body.count).toBe(0);

    const undone = await post<{ batch: Batch }>(r, `/api/bulk/${done.body.batch.id}/undo`, {}, s);
    expect(undone.status).toBe(200);
    expect(undone.body.batch).toMatchObject({ live: 0 });
    expect(undone.body.batch.undoneAt).not.toBeNull();
    expect(store.listAnomalies(sha, { state: 'open' })).toHaveLength(4);
    expect(store.listCorrections({ includeUndone: true }).every((c) => c.undoneAt !== null)).toBe(true);
    expect((await post(r, `/api/bulk/${done.body.batch.id}/undo`, {}, s)).status).toBe(409);
    const list = await getJson<{ batches: Batch[] }>(r, '/api/bulk', s.cookie);
    expect(list.body.batches.map((b) => b.id)).toEqual([done.body.batch.id]);
  });

  it('dismisses by rule over a year or a department, with a note, never unscoped', async () => {
    const a = sampleResult({ seed: 'x', year: 2023, department: '甲局' });
    const b = sampleResult({ seed: 'y', year: 2023, department: '乙局' });
    const c = sampleResult({ seed: 'z', year: 2022, department: '甲局' });
    for (const x of [a, b, c]) store.saveResult(x);
    const r = app();
    const s = await session(r);
    const byYear = { action: 'dismiss_rule', rule: 'column_sum', year: 2023 };
    expect(
      (await post<{ count: number; documents: number }>(r, '/api/bulk/preview', { selection: byYear }, s))
        .body,
    ).toMatchObject({ count: 2, documents: 2 });
    expect(
      (await post(r, '/api/bulk/preview', { selection: { action: 'dismiss_rule', rule: 'column_sum' } }, s))
        .status,
    ).toBe(400);
    expect((await post(r, '/api/bulk', { selection: byYear, expected: 2 }, s)).status).toBe(400);
    const dept = store.departmentOf(a.source.sha256)!.id;
    const byDept = { action: 'dismiss_rule', rule: 'column_sum', departmentId: dept };
    const preview = await post<{ count: number }>(r, '/api/bulk/preview', { selection: byDept }, s);
    expect(preview.body.count).toBe(2);
    const done = await post<{ batch: Batch }>(
      r,
      '/api/bulk',
      { selection: byDept, expected: 2, note: '模板合计行按惯例不含此项' },
      s,
    );
    expect(done.status).toBe(201);
    expect(store.listAnomalies(a.source.sha256)[0]?.state).toBe('dismissed');
    expect(store.listAnomalies(c.source.sha256)[0]?.state).toBe('dismissed');
    expect(store.listAnomalies(b.source.sha256)[0]?.state).toBe('open');
    expect(
      store.listCorrections().map((x) => [x.kind, x.reason.endsWith('模板合计行按惯例不含此项')]),
    ).toEqual([
      ['dismiss', true],
      ['dismiss', true],
    ]);
  });

  it("counts the narrative check's 尾数误差 notes as rounding notes, not its rate notes", async () => {
    const r0 = sampleResult({ seed: 'n' });
    const note = (id: string, message: string): Anomaly => ({
      id,
      rule: 'narrative_mismatch',
      severity: 'info',
      table: 't0',
      row: 'c201',
      column: 'total',
      found: 1361,
      expected: 1361.6271,
      message,
      related: [],
      source: { line: { start: 7, end: 7 } },
    });
    r0.anomalies = [
      note(
        'narrative_mismatch:amount:t0:c201:total:1,361',
        '说明文字中的本年收入合计 1,361 万元与收入预算总表「合计」的 13,616,271 相差 -0.6271 万元，属尾数误差范围。',
      ),
      note('narrative_mismatch:change_rate:x:5:12', '说明文字称…增长 12%，但按上年计算应为 13%。请核对。'),
    ];
    store.saveResult(r0);
    expect(r0.anomalies.map((a) => isRoundingNote(a))).toEqual([true, false]);
    const r = app();
    const s = await session(r);
    const preview = await post<{ count: number; sample: { anomalyId: string }[] }>(
      r,
      '/api/bulk/preview',
      { selection: { action: 'accept_rounding', sha256: r0.source.sha256 } },
      s,
    );
    expect(preview.body.sample.map((x) => x.anomalyId)).toEqual([
      'narrative_mismatch:amount:t0:c201:total:1,361',
    ]);
    const doc = await getJson<{ anomalies: { id: string; rounding: boolean }[] }>(
      r,
      `/api/documents/${r0.source.sha256}`,
      s.cookie,
    );
    expect(doc.body.anomalies.map((a) => a.rounding)).toEqual([true, false]);
  });

  it('keeps a bulk decision when the document is extracted again', async () => {
    const { a } = seed();
    const r = app();
    const s = await session(r);
    const selection = { action: 'accept_rounding', sha256: a.source.sha256 };
    expect((await post(r, '/api/bulk', { selection, expected: 2 }, s)).status).toBe(201);
    const report = store.saveResult(a);
    expect(report.orphaned).toEqual([]);
    expect(store.listAnomalies(a.source.sha256).find((x) => x.anomaly.id === 'column_sum:t0:r1')?.state).toBe(
      'resolved',
    );
  });
});

const figures = (opening: number, closing: number, income = 100, expenditure = 90) => ({
  income,
  expenditure,
  opening,
  closing,
});

describe('department across years', () => {
  it('shows documents by year, the key figures side by side and the cross_year anomalies with both figures', async () => {
    const y22 = yearResult({ department: '中共某县委办公室', year: 2022, figures: figures(5, 15) });
    const y23 = yearResult({ department: '某县委办公室', year: 2023, figures: figures(12, 22) });
    store.saveResult(y22);
    store.saveResult(y23);
    const id = store.departmentOf(y23.source.sha256)!.id;
    expect(store.departmentOf(y22.source.sha256)!.id).toBe(id);
    const r = app();
    const { cookie } = await session(r);
    const list = await getJson<{ departments: { id: number; years: number[] }[] }>(
      r,
      '/api/departments',
      cookie,
    );
    expect(list.body.departments).toEqual([expect.objectContaining({ id, years: [2022, 2023] })]);
    const res = await getJson<{
      department: { documents: { evidence: { steps: string[] } }[] };
      years: { year: number; figures: { row: string; value: number }[] }[];
      crossYear: { sha256: string; found: number; expected: number; otherSha256: string }[];
    }>(r, `/api/departments/${id}`, cookie);
    expect(res.status).toBe(200);
    expect(res.body.years.map((y) => y.year)).toEqual([2022, 2023]);
    const fig = (y: number, row: string) =>
      res.body.years.find((x) => x.year === y)?.figures.find((f) => f.row === row)?.value;
    expect(fig(2023, 'income:opening_balance')).toBe(12);
    expect(fig(2022, 'expenditure:closing_balance')).toBe(15);
    expect(fig(2023, 'income:income_total')).toBe(100);
    const balance = res.body.crossYear.find((x) => x.found === 12);
    expect(balance).toMatchObject({
      sha256: y23.source.sha256,
      expected: 15,
      otherSha256: y22.source.sha256,
    });
    expect(res.body.department.documents.some((d) => d.evidence.steps.length > 0)).toBe(true);
    expect((await getJson(r, '/api/departments/999', cookie)).status).toBe(404);
  });

  it('merges two departments and splits a document off from the page, with CSRF', async () => {
    const y22 = yearResult({ department: '某县财政局', year: 2022, figures: figures(5, 15) });
    const y23 = yearResult({ department: '某县财政服务中心', year: 2023, figures: figures(12, 22) });
    store.saveResult(y22);
    store.saveResult(y23);
    const a = store.departmentOf(y22.source.sha256)!.id;
    const b = store.departmentOf(y23.source.sha256)!.id;
    expect(a).not.toBe(b);
    const r = app();
    const s = await session(r);
    expect(
      (await post(r, '/api/departments/merge', { into: a, from: [b] }, { cookie: s.cookie })).status,
    ).toBe(403);
    const merged = await post<{ department: { id: number; documents: unknown[] } }>(
      r,
      '/api/departments/merge',
      { into: a, from: [b] },
      s,
    );
    expect(merged.status).toBe(200);
    expect(merged.body.department.documents).toHaveLength(2);
    const view = await getJson<{ crossYear: unknown[]; history: { kind: string; reviewer: string }[] }>(
      r,
      `/api/departments/${a}`,
      s.cookie,
    );
    expect(view.body.crossYear.length).toBeGreaterThan(0);
    expect(view.body.history).toEqual([expect.objectContaining({ kind: 'merge', reviewer: '审核员甲' })]);

    const split = await post<{ department: { id: number; name: string } }>(
      r,
      '/api/departments/split',
      { sha256s: [y23.source.sha256], name: '某县财政服务中心' },
      s,
    );
    expect(split.status).toBe(201);
    expect(store.departmentOf(y23.source.sha256)?.id).toBe(split.body.department.id);
    const after = await getJson<{ crossYear: { state: string }[] }>(r, `/api/departments/${a}`, s.cookie);
    expect(after.body.crossYear.every((x) => x.state !== 'open')).toBe(true);
    expect((await post(r, '/api/departments/merge', { into: a, from: [a] }, s)).status).toBe(400);
  });
});
