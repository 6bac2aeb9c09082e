import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { yearResult, type YearFigures } from '../../test/store/years.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-cross-year-edit-'));
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
