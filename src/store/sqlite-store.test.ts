import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleResult } from '../../test/store/fixtures.js';
import { CorrectionConflictError } from './errors.js';
import { MIGRATIONS } from './schema.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-store-'));
  store = openSqliteStore(join(dir, 'nested', 'tally.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sqlite store', () => {
  it('migrates to the latest user_version with WAL and foreign keys', () => {
    const db = new Database(store.location, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    // Re-opening an up-to-date store runs nothing and keeps the data.
    store.registerDocument({ sha256: 'f'.repeat(64), path: '/x', bytes: 1 });
    store.close();
    store = openSqliteStore(store.location);
    expect(store.getDocument('f'.repeat(64))?.status).toBe('queued');
  });

  it('round-trips a result exactly and records every path a document was seen at', () => {
    const r = sampleResult();
    for (const p of ['/in/a.txt', '/in/copy of a.txt', '/drop/a-renamed.txt']) {
      store.registerDocument({ sha256: r.source.sha256, path: p, bytes: r.source.bytes });
    }
    expect(store.claimDocument(r.source.sha256)).toBe(true);
    store.saveResult({ ...r, source: { ...r.source, path: '/in/a.txt' } });
    expect(store.getResult(r.source.sha256)).toEqual({ ...r, source: { ...r.source, path: '/in/a.txt' } });
    expect(store.getPaths(r.source.sha256).map((p) => p.path)).toEqual([
      '/in/a.txt',
      '/in/copy of a.txt',
      '/drop/a-renamed.txt',
    ]);
    const doc = store.getDocument(r.source.sha256);
    expect(doc).toMatchObject({
      status: 'done',
      department: '产业发展局',
      year: 2023,
      resultStatus: 'partial',
      path: '/in/a.txt',
    });
    // Done documents are not claimed again: this is what makes ingest skip them.
    expect(store.claimDocument(r.source.sha256)).toBe(false);
    expect(store.countByStatus()).toEqual({ queued: 0, processing: 0, done: 1, failed: 0 });
    expect(store.openAnomaliesBySeverity()).toEqual({ error: 1, warning: 0, info: 0 });
  });

  it('saves a result in one transaction: a failure half-way leaves the previous state', () => {
    const r = sampleResult();
    store.registerDocument({ sha256: r.source.sha256, path: r.source.path, bytes: 1 });
    const bad = sampleResult();
    // Two tables with the same id violate the primary key after the document row was updated.
    bad.tables.push({ ...bad.tables[0]! });
    expect(() => store.saveResult(bad)).toThrow();
    expect(store.getDocument(r.source.sha256)?.status).toBe('queued');
    expect(store.getResult(r.source.sha256)).toBeUndefined();
    expect([...store.iterateCells()]).toHaveLength(0);
  });

  it('records failures with their reason', () => {
    store.registerDocument({ sha256: 'e'.repeat(64), path: '/bad.pdf', bytes: 5 });
    store.markFailed('e'.repeat(64), '/bad.pdf: file is empty\nstack…');
    expect(store.getDocument('e'.repeat(64))).toMatchObject({
      status: 'failed',
      error: '/bad.pdf: file is empty',
    });
    // A failed document can be tried again.
    expect(store.claimDocument('e'.repeat(64))).toBe(true);
  });

  it('applies corrections with optimistic concurrency and keeps the audit trail', () => {
    const r = sampleResult();
    const sha = r.source.sha256;
    store.saveResult(r);
    const accepted = store.applyCorrection({
      sha256: sha,
      kind: 'accept',
      anomalyId: 'column_sum:t0:total:total',
      seen: 30,
      reason: '按各行之和更正',
      reviewer: 'alice',
    });
    expect(accepted).toMatchObject({
      oldValue: 30,
      newValue: 31,
      table: 't0',
      row: 'total',
      column: 'total',
    });

    // Bob saw 30 too; his edit must be refused, telling him the current value.
    let conflict: unknown;
    try {
      store.applyCorrection({
        sha256: sha,
        kind: 'edit',
        table: 't0',
        row: 'total',
        column: 'total',
        value: 32,
        seen: 30,
        reason: 'x',
        reviewer: 'bob',
      });
    } catch (e) {
      conflict = e;
    }
    expect(conflict).toBeInstanceOf(CorrectionConflictError);
    expect((conflict as CorrectionConflictError).current).toBe(31);
    expect(store.listCorrections({ sha256: sha })).toHaveLength(1);

    const corrected = store.getResult(sha, { applyCorrections: true });
    expect(corrected?.tables[0]?.rows[0]?.cells['total']?.value).toBe(31);
    expect(corrected?.anomalies).toHaveLength(0);
    expect(store.getResult(sha)?.tables[0]?.rows[0]?.cells['total']?.value).toBe(30);
    expect(store.listAnomalies(sha)[0]?.state).toBe('resolved');

    const cell = [...store.iterateCells()].find((c) => c.rowId === 'total' && c.columnKey === 'total');
    expect(cell).toMatchObject({ value: 31, originalValue: 30, corrected: true, anomalyRules: [] });

    // Undo: back to the extracted value and an open anomaly.
    store.undoCorrection(accepted.id, 'alice');
    expect(store.getResult(sha, { applyCorrections: true })?.tables[0]?.rows[0]?.cells['total']?.value).toBe(
      30,
    );
    expect(store.listAnomalies(sha)[0]?.state).toBe('open');
    expect(() => store.undoCorrection(accepted.id, 'alice')).toThrow(CorrectionConflictError);
    expect(store.listCorrections({ sha256: sha, includeUndone: true })[0]?.undoneAt).not.toBeNull();

    // Dismiss checks the state the reviewer saw.
    store.applyCorrection({
      sha256: sha,
      kind: 'dismiss',
      anomalyId: 'column_sum:t0:total:total',
      seen: 'open',
      reason: '已核实',
      reviewer: 'bob',
    });
    expect(() =>
      store.applyCorrection({
        sha256: sha,
        kind: 'dismiss',
        anomalyId: 'column_sum:t0:total:total',
        seen: 'open',
        reason: '',
        reviewer: 'carol',
      }),
    ).toThrow(CorrectionConflictError);
  });

  it('keeps corrections when a document is extracted again', () => {
    const r = sampleResult();
    store.saveResult(r);
    store.applyCorrection({
      sha256: r.source.sha256,
      kind: 'edit',
      table: 't0',
      row: 'c201',
      column: 'total',
      value: 9,
      seen: 10,
      reason: '',
      reviewer: 'a',
    });
    store.saveResult(r);
    expect(
      store.getResult(r.source.sha256, { applyCorrections: true })?.tables[0]?.rows[1]?.cells['total']?.value,
    ).toBe(9);
  });

  it('streams tidy cells with anomaly flags on the anchored and related cells, filtered', () => {
    store.saveResult(sampleResult({ seed: 'a', year: 2023 }));
    store.saveResult(sampleResult({ seed: 'b', year: 2022, department: '财政局' }));
    const all = [...store.iterateCells()];
    expect(all).toHaveLength(12);
    const related = all.find((c) => c.year === 2023 && c.rowId === 'c201' && c.columnKey === 'total');
    expect(related).toMatchObject({
      anomalyRules: ['column_sum'],
      anomalySeverities: ['error'],
      columnLabel: '本年支出合计',
      unit: 'wan_yuan',
    });
    expect(related?.source).toEqual({ line: { start: 4, end: 4 } });
    expect([...store.iterateCells({ year: 2022 })].every((c) => c.department === '财政局')).toBe(true);
    expect([...store.iterateCells({ department: '财政' })]).toHaveLength(6);
    expect([...store.iterateCells({ tableType: 'income' })]).toHaveLength(0);
  });

  it('records runs', () => {
    const id = store.startRun('ingest', ['a', 'b']);
    store.finishRun(id, { processed: 2, skipped: 1, failed: 0 });
    expect(store.listRuns()[0]).toMatchObject({
      id,
      kind: 'ingest',
      args: ['a', 'b'],
      processed: 2,
      skipped: 1,
    });
  });
});
