import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Anomaly } from '../model/index.js';
import { sampleResult } from '../../test/store/fixtures.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-review-store-'));
  store = openSqliteStore(join(dir, 'tally.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const extra = (id: string, severity: Anomaly['severity'] = 'warning'): Anomaly => ({
  id,
  rule: 'decimal_pattern',
  severity,
  table: 't0',
  row: 'c201',
  column: 'total',
  message: `异常 ${id}`,
  related: [],
  source: { line: { start: 4, end: 4 } },
});

describe('replaceAnomalies', () => {
  it('keeps review states by id, opens new anomalies and resolves the ones that disappeared', () => {
    const r = sampleResult();
    const sha = r.source.sha256;
    r.anomalies.push(extra('decimal_pattern:t0:c201:total'), extra('decimal_pattern:t0:c208:total'));
    store.saveResult(r);
    store.applyCorrection({
      sha256: sha,
      kind: 'dismiss',
      anomalyId: 'decimal_pattern:t0:c201:total',
      seen: 'open',
      reason: '原值无误',
      reviewer: 'a',
    });

    // A fresh validation: the column sum is gone (fixed), c201's warning is still raised, c208's is gone, one is new.
    const out = store.replaceAnomalies(sha, [
      extra('decimal_pattern:t0:c201:total'),
      extra('row_identity:t0:c201', 'error'),
    ]);
    expect(out.opened).toEqual(['row_identity:t0:c201']);
    expect([...out.closed].sort()).toEqual(['column_sum:t0:total:total', 'decimal_pattern:t0:c208:total']);
    const states = Object.fromEntries(store.listAnomalies(sha).map((a) => [a.anomaly.id, a.state]));
    expect(states).toEqual({
      'column_sum:t0:total:total': 'resolved',
      'decimal_pattern:t0:c201:total': 'dismissed',
      'decimal_pattern:t0:c208:total': 'resolved',
      'row_identity:t0:c201': 'open',
    });
    // What export flags follows: only the open anomaly marks its cell.
    const c201 = [...store.iterateCells({ sha256: sha })].find(
      (c) => c.rowId === 'c201' && c.columnKey === 'total',
    );
    expect(c201?.anomalyRules).toEqual(['decimal_pattern']);

    // An anomaly that comes back (say after an undo) is open again; an accepted one stays resolved.
    const back = store.replaceAnomalies(sha, [extra('decimal_pattern:t0:c208:total')]);
    expect(back.opened).toEqual(['decimal_pattern:t0:c208:total']);
    expect(back.closed).toEqual(['row_identity:t0:c201']);
  });

  it('leaves an anomaly with a live accept resolved even when validation still raises it', () => {
    const r = sampleResult();
    const sha = r.source.sha256;
    store.saveResult(r);
    store.applyCorrection({
      sha256: sha,
      kind: 'accept',
      anomalyId: 'column_sum:t0:total:total',
      seen: 30,
      reason: '采纳',
      reviewer: 'a',
    });
    const out = store.replaceAnomalies(sha, r.anomalies);
    expect(out).toEqual({ opened: [], closed: [] });
    expect(store.listAnomalies(sha)[0]?.state).toBe('resolved');
  });
});

describe('queryAnomalies', () => {
  it('pages open anomalies errors first, with counts per filter that ignore that filter', () => {
    const a = sampleResult({ seed: 'a', year: 2023, department: '甲局' });
    a.anomalies.push(extra('w1'), extra('w2'));
    const b = sampleResult({ seed: 'b', year: 2022, department: '乙局' });
    b.anomalies = [extra('w3'), { ...extra('i1'), severity: 'info' }];
    store.saveResult(a);
    store.saveResult(b);

    const all = store.queryAnomalies({ limit: 2 });
    expect(all.total).toBe(5);
    expect(all.items.map((i) => i.anomaly.severity)).toEqual(['error', 'warning']);
    expect(all.items[0]).toMatchObject({
      sha256: a.source.sha256,
      tableType: 'expenditure',
      tableTitle: '支出决算表',
      year: 2023,
    });
    expect(store.queryAnomalies({ limit: 2, offset: 4 }).items.map((i) => i.anomaly.id)).toEqual(['i1']);

    const warnings = store.queryAnomalies({ severity: 'warning' });
    expect(warnings.total).toBe(3);
    // The severity counts are those of the other filters (none): every severity stays choosable.
    expect(warnings.facets.severity).toEqual([
      { value: 'warning', count: 3 },
      { value: 'error', count: 1 },
      { value: 'info', count: 1 },
    ]);
    expect(warnings.facets.year).toEqual([
      { value: '2023', count: 2 },
      { value: '2022', count: 1 },
    ]);
    expect(store.queryAnomalies({ department: '乙局', rule: 'decimal_pattern' }).total).toBe(2);
    expect(store.queryAnomalies({ sha256: b.source.sha256, tableType: 'income' }).total).toBe(0);

    store.applyCorrection({
      sha256: a.source.sha256,
      kind: 'dismiss',
      anomalyId: 'w1',
      seen: 'open',
      reason: '误报',
      reviewer: 'x',
    });
    expect(store.queryAnomalies({}).total).toBe(4);
    expect(store.queryAnomalies({ state: 'dismissed' }).items.map((i) => i.anomaly.id)).toEqual(['w1']);

    // Writes through another connection (an ingest beside the review server) are seen too.
    const other = openSqliteStore(store.location);
    other.saveResult(sampleResult({ seed: 'c' }));
    other.close();
    expect(store.queryAnomalies({}).total).toBe(5);
  });

  it('reads one anomaly with its state', () => {
    const r = sampleResult();
    store.saveResult(r);
    expect(store.getAnomaly(r.source.sha256, 'column_sum:t0:total:total')).toMatchObject({
      state: 'open',
      anomaly: { found: 30 },
    });
    expect(store.getAnomaly(r.source.sha256, 'nope')).toBeUndefined();
  });
});
