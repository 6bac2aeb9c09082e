import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { yearResult } from '../../test/store/years.js';
import type { ExtractionResult } from '../model/index.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { sha256File } from '../util/hash.js';
import { createInProcessRunner } from './in-process.js';
import type { ExtractFn } from './runner.js';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-reprocess-'));
  store = openSqliteStore(join(dir, 'store.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const figures = {
  income: 1000,
  expenditure: 990,
  opening: 20,
  closing: 30,
  fiscalOpening: 5,
  fiscalClosing: 8,
};

/** Version 1 of the pipeline, then an "upgrade" that finds two more tables in front (every table id shifts). */
const extractWith =
  (version: { extraTables: number; fail?: boolean }, calls: string[]): ExtractFn =>
  async (path) => {
    calls.push(path);
    if (version.fail) throw new Error('reader crashed');
    const r = yearResult({
      department: '株洲市财政局',
      year: 2023,
      figures,
      extraTables: version.extraTables,
    });
    return { ...r, source: { ...r.source, path, sha256: await sha256File(path) } } satisfies ExtractionResult;
  };

describe('reprocess', () => {
  it('re-runs done documents, re-applies the correction to the same stable cell, and reports an orphan', async () => {
    const file = join(dir, 'zhuzhou-2023.txt');
    writeFileSync(file, 'the bytes');
    copyFileSync(file, join(dir, 'copy.txt'));
    const calls: string[] = [];
    await createInProcessRunner({ store, extract: extractWith({ extraTables: 0 }, calls) }).run([file]);
    const sha = await sha256File(file);
    store.applyCorrection({
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
    // A correction on a cell the new version will not have: a row only version 1 reads.
    store.applyCorrection({
      sha256: sha,
      kind: 'edit',
      table: 't0',
      row: 'expenditure:c201',
      column: 'amount',
      value: 991,
      seen: 990,
      reason: '核对原件',
      reviewer: 'alice',
    });

    // Without reprocess, done documents are skipped.
    const upgraded: ExtractFn = async (path, o) => {
      const r = await extractWith({ extraTables: 2 }, calls)(path, o);
      const summary = r.tables.find((t) => t.type === 'income_expenditure_summary');
      if (summary) summary.rows = summary.rows.filter((row) => row.id !== 'expenditure:c201');
      return r;
    };
    const skipped = await createInProcessRunner({ store, extract: upgraded }).run([file]);
    expect(skipped).toMatchObject({ processed: 0, skipped: 1, reprocessed: 0 });

    calls.length = 0;
    const run = await createInProcessRunner({ store, extract: upgraded }).run([file, join(dir, 'copy.txt')], {
      reprocess: true,
    });
    expect(run).toMatchObject({ processed: 1, skipped: 1, reprocessed: 1, reapplied: 1, failed: [] });
    expect(calls).toHaveLength(1);
    expect(run.orphaned).toHaveLength(1);
    expect(run.orphaned[0]?.correction).toMatch(
      /^#2 edit 收入支出决算总表 \/ 一、一般公共服务支出 \/ amount: 990 → 991 \(alice\)$/,
    );
    const cell = [...store.iterateCells({ sha256: sha })].find(
      (c) => c.rowId === 'income:opening_balance' && c.columnKey === 'amount',
    );
    expect(cell).toMatchObject({ tableId: 't2', value: 21, originalValue: 20, corrected: true });
    expect(store.listCorrections({ sha256: sha }).map((c) => c.orphanedAt !== null)).toEqual([false, true]);
  });

  it('keeps the stored result when the re-extraction fails', async () => {
    const file = join(dir, 'a.txt');
    writeFileSync(file, 'x');
    await createInProcessRunner({ store, extract: extractWith({ extraTables: 0 }, []) }).run([file]);
    const sha = await sha256File(file);
    const run = await createInProcessRunner({
      store,
      extract: extractWith({ extraTables: 0, fail: true }, []),
      attempts: 1,
    }).run([file], { reprocess: true });
    expect(run.failed).toHaveLength(1);
    expect(store.getDocument(sha)).toMatchObject({ status: 'done', year: 2023 });
    expect(store.getResult(sha)?.tables).toHaveLength(2);
  });
});
