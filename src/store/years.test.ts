import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleResult } from '../../test/store/fixtures.js';
import { yearResult, type YearFigures } from '../../test/store/years.js';
import { departmentKey } from './department-key.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-years-'));
  store = openSqliteStore(join(dir, 'tally.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const base: YearFigures = {
  income: 1000,
  expenditure: 990,
  opening: 20,
  closing: 30,
  fiscalOpening: 5,
  fiscalClosing: 8,
};

describe('department identity', () => {
  it('normalizes the names one department prints across years, keeping the steps as evidence', () => {
    const names = [
      '中共株洲市委组织部',
      '株洲市委组织部2023年度部门决算',
      '株洲市委组织部（本级）',
      '株洲市委组织部 (汇总)',
    ];
    expect(new Set(names.map((n) => departmentKey(n).key))).toEqual(new Set(['株洲市委组织部']));
    expect(departmentKey('中共株洲市委组织部').steps).toContain('去掉“中共”');
    expect(departmentKey('株洲市委组织部（本级）').steps).toEqual(expect.arrayContaining(['全角→半角']));
    expect(departmentKey('株洲经济开发区管理委员会').key).toBe(departmentKey('株洲经济开发区管委会').key);
    // Seen on the 江苏 budgets: one 办公厅 printed three ways over 2017–2019.
    expect(
      new Set(
        ['中国共产党江苏省委员会办公厅', '中共江苏省委办公厅', '江苏省委办公厅'].map(
          (n) => departmentKey(n).key,
        ),
      ),
    ).toEqual(new Set(['江苏省委办公厅']));
    expect(departmentKey('株洲市发展和改革委员会').key).toBe('株洲市发展和改革委');
    expect(departmentKey('株洲市财政局').key).not.toBe(departmentKey('株洲市税务局').key);
  });

  it('links documents of one department under three printed names, then merges and splits on a reviewer’s word', () => {
    store.saveResult(yearResult({ department: '中共株洲市委组织部', year: 2022, figures: base }));
    store.saveResult(
      yearResult({
        department: '株洲市委组织部（本级）',
        year: 2023,
        figures: { ...base, opening: 30, fiscalOpening: 8 },
      }),
    );
    store.saveResult(
      yearResult({
        department: '株洲市组织部',
        year: 2024,
        figures: { ...base, opening: 30, fiscalOpening: 8 },
      }),
    );
    let depts = store.listDepartments();
    expect(depts.map((d) => [d.name, d.documents.map((x) => x.year)])).toEqual([
      ['中共株洲市委组织部', [2022, 2023]],
      ['株洲市组织部', [2024]],
    ]);
    const [zzw, other] = depts;
    expect(zzw?.documents[1]?.evidence).toMatchObject({
      printed: '株洲市委组织部（本级）',
      key: '株洲市委组织部',
      matched: 'key',
    });

    const merged = store.mergeDepartments(zzw?.id ?? 0, [other?.id ?? 0], 'alice');
    expect(merged.documents.map((d) => d.year)).toEqual([2022, 2023, 2024]);
    expect(merged.keys).toEqual(['株洲市委组织部', '株洲市组织部'].sort());
    // The merged name's next document follows the merge.
    const r2025 = yearResult({
      department: '株洲市组织部',
      year: 2025,
      figures: { ...base, opening: 30, fiscalOpening: 8 },
    });
    store.saveResult(r2025);
    expect(store.departmentOf(r2025.source.sha256)?.id).toBe(merged.id);

    const sha2024 = merged.documents[2]?.sha256 ?? '';
    const split = store.splitDepartment([sha2024], '株洲市组织部（另一单位）', 'bob');
    expect(split.documents.map((d) => [d.year, d.how, d.evidence.matched])).toEqual([
      [2024, 'manual', 'manual'],
    ]);
    depts = store.listDepartments();
    expect(depts).toHaveLength(2);
    // A manual link survives a re-extraction.
    store.saveResult(
      yearResult({
        department: '株洲市组织部',
        year: 2024,
        figures: { ...base, opening: 30, fiscalOpening: 8 },
      }),
    );
    expect(store.departmentOf(sha2024)?.id).toBe(split.id);
  });
});

describe('cross-year checks in the store', () => {
  const y2022 = () => yearResult({ department: '株洲市财政局', year: 2022, figures: base });
  const y2023 = () =>
    yearResult({
      department: '株洲市财政局2023年度部门决算',
      year: 2023,
      figures: { ...base, opening: 25, fiscalOpening: 8 },
    });
  const crossYear = (sha: string) =>
    store
      .listAnomalies(sha)
      .filter((a) => a.anomaly.rule === 'cross_year')
      .map((a) => [a.anomaly.id.split(':').slice(2).join(':'), a.state, a.anomaly.found, a.anomaly.expected]);

  for (const order of ['earlier first', 'later first'] as const) {
    it(`keeps the anomaly with the later document whichever arrives first (${order})`, () => {
      const [a, b] = order === 'earlier first' ? [y2022(), y2023()] : [y2023(), y2022()];
      expect(store.saveResult(a).crossYear).toBe(0);
      expect(store.saveResult(b).crossYear).toBe(1);
      const later = y2023().source.sha256;
      expect(crossYear(later)).toEqual([['balance:income_expenditure_summary:amount', 'open', 25, 30]]);
      expect(crossYear(y2022().source.sha256)).toEqual([]);
      expect(store.queryAnomalies({ rule: 'cross_year' }).items[0]?.anomaly.message).toContain(
        '株洲市财政局-2022.txt',
      );
    });
  }

  it('keeps a dismissed cross-year anomaly dismissed when either document is saved again, and drops it when the figures agree', () => {
    store.saveResult(y2022());
    store.saveResult(y2023());
    const later = y2023().source.sha256;
    const [a] = store.listAnomalies(later).filter((x) => x.anomaly.rule === 'cross_year');
    store.applyCorrection({
      sha256: later,
      kind: 'dismiss',
      anomalyId: a?.anomaly.id ?? '',
      seen: 'open',
      reason: '口径调整',
      reviewer: 'alice',
    });
    store.saveResult(y2022());
    store.saveResult(y2023());
    expect(crossYear(later)).toEqual([['balance:income_expenditure_summary:amount', 'dismissed', 25, 30]]);
    // A re-extracted 2022 whose closing balance matches: the pair holds; the anomaly is kept with the
    // reviewer's state (no longer produced, so it never reopens).
    store.saveResult(
      yearResult({ department: '株洲市财政局', year: 2022, figures: { ...base, closing: 25 } }),
    );
    expect(crossYear(later)).toEqual([['balance:income_expenditure_summary:amount', 'dismissed', 25, 30]]);
    expect(store.queryAnomalies({ rule: 'cross_year' }).total).toBe(0);
  });

  it('runs the pair again when a reviewer corrects one side, and undoing the correction reopens it', () => {
    store.saveResult(y2022());
    store.saveResult(y2023());
    const later = y2023().source.sha256;
    const fix = store.applyCorrection({
      sha256: later,
      kind: 'edit',
      table: 't0',
      row: 'income:opening_balance',
      column: 'amount',
      value: 30,
      seen: 25,
      reason: '与上年年末一致',
      reviewer: 'alice',
    });
    expect(crossYear(later)).toEqual([['balance:income_expenditure_summary:amount', 'resolved', 25, 30]]);
    store.undoCorrection(fix.id, 'alice');
    expect(crossYear(later)).toEqual([['balance:income_expenditure_summary:amount', 'open', 25, 30]]);
  });

  it('pairs a 决算 with the same year’s 部门预算 and keeps the 年初预算数 anomaly with the 决算', () => {
    const final = y2022();
    final.texts = [
      {
        kind: 'text',
        text: '2022年度财政拨款支出年初预算数为480.00万元。',
        source: { line: { start: 80, end: 80 } },
      },
    ];
    const budget = yearResult({ department: '株洲市财政局', year: 2022, figures: base, kind: 'budget' });
    const [summary, fiscal] = budget.tables;
    if (!summary || !fiscal) throw new Error('fixture');
    summary.type = 'budget_summary';
    fiscal.type = 'budget_fiscal_summary';
    const total = summary.rows.find((r) => r.id === 'expenditure:expenditure_total');
    if (total)
      fiscal.rows.push({
        ...total,
        cells: { ...total.cells, amount: { ...total.cells['amount']!, raw: '500.00', value: 500 } },
      });
    store.saveResult(budget);
    store.saveResult(final);
    expect(crossYear(final.source.sha256)).toEqual([['initial_budget:fiscal', 'open', 480, 500]]);
    expect(crossYear(budget.source.sha256)).toEqual([]);
  });

  it('does not pair two departments, and a split removes the pair’s anomalies', () => {
    store.saveResult(y2022());
    store.saveResult(
      yearResult({ department: '株洲市税务局', year: 2023, figures: { ...base, opening: 25 } }),
    );
    expect(store.queryAnomalies({ rule: 'cross_year' }).total).toBe(0);
    store.saveResult(y2023());
    expect(store.queryAnomalies({ rule: 'cross_year' }).total).toBe(1);
    store.splitDepartment([y2023().source.sha256], '另一个财政局', 'bob');
    expect(store.queryAnomalies({ rule: 'cross_year' }).total).toBe(0);
  });
});

describe('re-extraction keeps corrections at stable cells', () => {
  it('re-applies a correction after the table ids shift, and reports one whose cell is gone', () => {
    const first = yearResult({ department: '株洲市财政局', year: 2023, figures: base });
    const sha = first.source.sha256;
    store.saveResult(first);
    const edit = store.applyCorrection({
      sha256: sha,
      kind: 'edit',
      table: 't0',
      row: 'income:opening_balance',
      column: 'amount',
      value: 21,
      seen: 20,
      reason: '核对原件',
      reviewer: 'alice',
    });
    const gone = store.applyCorrection({
      sha256: sha,
      kind: 'edit',
      table: 't1',
      row: 'expenditure:closing_balance',
      column: 'general_budget',
      value: 9,
      seen: 8,
      reason: '核对原件',
      reviewer: 'alice',
    });
    expect(edit.anchor?.cell).toMatchObject({
      family: 'income_expenditure_summary',
      rowId: 'income:opening_balance',
      column: 'amount',
    });

    // The upgraded pipeline finds two more tables in front (t0 → t2) and no longer reads the fund column.
    const again = yearResult({ department: '株洲市财政局', year: 2023, figures: base, extraTables: 2 });
    const fiscal = again.tables.find((t) => t.type === 'fiscal_summary');
    for (const r of fiscal?.rows ?? []) delete r.cells['general_budget'];
    const report = store.saveResult(again);

    expect(report.reapplied).toBe(1);
    expect(report.orphaned.map((c) => c.id)).toEqual([gone.id]);
    const cell = [...store.iterateCells({ sha256: sha })].find(
      (c) => c.rowId === 'income:opening_balance' && c.columnKey === 'amount',
    );
    expect(cell).toMatchObject({ tableId: 't2', value: 21, originalValue: 20, corrected: true });
    const trail = store.listCorrections({ sha256: sha });
    expect(trail.map((c) => [c.id, c.table, c.orphanedAt !== null])).toEqual([
      [edit.id, 't2', false],
      [gone.id, 't1', true],
    ]);
    // Nothing was applied at the old address t0 (now an unrelated table).
    expect(store.getResult(sha, { applyCorrections: true })?.tables[0]?.type).toBe('unknown');
  });

  it('finds a row again by its code or label when its id changes, and a dismissed anomaly again by rule and stable cell', () => {
    const r = sampleResult();
    const sha = r.source.sha256;
    store.saveResult(r);
    store.applyCorrection({
      sha256: sha,
      kind: 'dismiss',
      anomalyId: 'column_sum:t0:total:total',
      seen: 'open',
      reason: '原表如此',
      reviewer: 'alice',
    });
    store.applyCorrection({
      sha256: sha,
      kind: 'edit',
      table: 't0',
      row: 'c201',
      column: 'basic_expenditure',
      value: 11,
      seen: 10,
      reason: 'x',
      reviewer: 'alice',
    });
    // Re-extracted with an unknown table in front: every id moves (t0 → t1) and the anomaly id with it.
    const shifted = sampleResult();
    const t = shifted.tables[0];
    if (!t) throw new Error('fixture');
    t.id = 't1';
    // This extraction gives positional row ids: 'total' → r0 (found by its label), 'c201' → r1 (by its code).
    t.rows.forEach((row, i) => (row.id = `r${i}`));
    shifted.tables.unshift({ ...t, id: 't0', type: 'unknown', title: '封面', rows: [] });
    const a = shifted.anomalies[0];
    if (!a) throw new Error('fixture');
    shifted.anomalies = [
      { ...a, id: 'column_sum:t1:r0:total', table: 't1', row: 'r0', related: [], suggestion: undefined },
    ];
    delete shifted.anomalies[0]?.suggestion;
    const report = store.saveResult(shifted);
    expect(report).toMatchObject({ reapplied: 2, orphaned: [] });
    expect(store.getAnomaly(sha, 'column_sum:t1:r0:total')?.state).toBe('dismissed');
    const cell = [...store.iterateCells({ sha256: sha })].find(
      (c) => c.rowId === 'r1' && c.columnKey === 'basic_expenditure',
    );
    expect(cell).toMatchObject({ tableId: 't1', value: 11 });
  });

  it('anchors a correction written before anchors were recorded from the result it was made on', () => {
    const first = yearResult({ department: '株洲市财政局', year: 2023, figures: base });
    const sha = first.source.sha256;
    store.saveResult(first);
    const edit = store.applyCorrection({
      sha256: sha,
      kind: 'edit',
      table: 't0',
      row: 'income:opening_balance',
      column: 'amount',
      value: 21,
      seen: 20,
      reason: '核对原件',
      reviewer: 'alice',
    });
    // As a store migrated from schema 1 holds it: no anchor.
    const raw = new Database(store.location);
    raw.prepare('UPDATE corrections SET anchor = NULL').run();
    raw.close();
    expect(store.listCorrections()[0]?.anchor).toBeNull();
    const report = store.saveResult(
      yearResult({ department: '株洲市财政局', year: 2023, figures: base, extraTables: 1 }),
    );
    expect(report).toMatchObject({ reapplied: 1, orphaned: [] });
    const [c] = store.listCorrections();
    expect(c).toMatchObject({
      id: edit.id,
      table: 't1',
      anchor: { cell: { family: 'income_expenditure_summary', rowId: 'income:opening_balance' } },
    });
    const cell = [...store.iterateCells({ sha256: sha })].find(
      (x) => x.rowId === 'income:opening_balance' && x.columnKey === 'amount',
    );
    expect(cell).toMatchObject({ tableId: 't1', value: 21 });
  });
});

describe('a cross-year anomaly corrected from the review page', () => {
  it('is resolved by an edit made from the anomaly itself (the page sends its id), and reopens on undo', () => {
    store.saveResult(yearResult({ department: '株洲市财政局', year: 2022, figures: base }));
    const later = yearResult({
      department: '株洲市财政局',
      year: 2023,
      figures: { ...base, opening: 25, fiscalOpening: 8 },
    });
    store.saveResult(later);
    const sha = later.source.sha256;
    const state = () =>
      store
        .listAnomalies(sha)
        .filter((a) => a.anomaly.rule === 'cross_year')
        .map((a) => a.state);
    const [a] = store.listAnomalies(sha).filter((x) => x.anomaly.rule === 'cross_year');
    expect(state()).toEqual(['open']);
    const fix = store.applyCorrection({
      sha256: sha,
      kind: 'edit',
      anomalyId: a?.anomaly.id ?? '',
      table: 't0',
      row: 'income:opening_balance',
      column: 'amount',
      value: 30,
      seen: 25,
      reason: '与上年年末一致',
      reviewer: 'alice',
    });
    expect(state()).toEqual(['resolved']);
    expect(store.queryAnomalies({ rule: 'cross_year' }).total).toBe(0);
    store.undoCorrection(fix.id, 'alice');
    expect(state()).toEqual(['open']);
  });
});
