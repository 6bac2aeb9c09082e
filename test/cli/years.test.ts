import ExcelJS from 'exceljs';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCommand } from '../../src/cli/export.js';
import { ingestCommand } from '../../src/cli/ingest.js';
import { PanelExportSchema } from '../../src/export/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { captureIo } from '../setup/cli-io.js';
import { hasShared, sharedPath } from '../support/shared.js';

const SEED = ['seeds', '004_4ab3c6d7eb047470.txt'];

describe.skipIf(!hasShared(SEED))('ingest --reprocess and export --panel, end to end on a real 决算', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tally-years-cli-'));
  const db = join(dir, 'tally.db');
  let sha = '';
  let corrected = { table: '', row: 'income:income_total', value: 0 };

  beforeAll(async () => {
    mkdirSync(join(dir, 'in'));
    copyFileSync(sharedPath(...SEED), join(dir, 'in', 'zhuzhou-2023.txt'));
    expect(await ingestCommand.run(['--store', db, 'in'], captureIo(dir))).toBe(0);
    const store = openSqliteStore(db);
    try {
      const [doc] = store.listDocuments({ status: 'done' });
      sha = doc?.sha256 ?? '';
      const cell = [...store.iterateCells({ sha256: sha, tableType: 'income_expenditure_summary' })].find(
        (c) => c.rowId === 'income:income_total' && c.columnKey === 'amount',
      );
      corrected = { table: cell?.tableId ?? '', row: 'income:income_total', value: (cell?.value ?? 0) + 1 };
      store.applyCorrection({
        sha256: sha,
        kind: 'edit',
        table: corrected.table,
        row: corrected.row,
        column: 'amount',
        value: corrected.value,
        seen: cell?.value ?? null,
        reason: '核对原件',
        reviewer: 'alice',
      });
    } finally {
      store.close();
    }
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('re-extracts every done document without paths and keeps the correction', async () => {
    const io = captureIo(dir);
    expect(await ingestCommand.run(['--store', db, '--reprocess'], io)).toBe(0);
    expect(io.out()).toContain('processed 1, skipped (already done) 0');
    expect(io.out()).toContain('reprocessed 1, corrections re-applied 1, orphaned 0');
    const store = openSqliteStore(db);
    try {
      const cell = [...store.iterateCells({ sha256: sha })].find(
        (c) =>
          c.rowId === corrected.row &&
          c.columnKey === 'amount' &&
          c.tableType === 'income_expenditure_summary',
      );
      expect(cell).toMatchObject({ value: corrected.value, corrected: true });
    } finally {
      store.close();
    }
  }, 120_000);

  it('exports the panel as JSON that fits its schema, with the correction and without 行次', async () => {
    const io = captureIo(dir);
    expect(
      await exportCommand.run(['--store', db, '--panel', '--format', 'json', '--out', 'panel.json'], io),
    ).toBe(0);
    const doc = PanelExportSchema.parse(JSON.parse(readFileSync(join(dir, 'panel.json'), 'utf8')));
    expect(doc.unit).toBe('万元');
    expect(doc.records.some((r) => r['column_key'] === 'line_no')).toBe(false);
    const total = doc.records.find(
      (r) => r['family'] === 'income_expenditure_summary' && r['row_key'] === 'income:income_total',
    );
    expect(total).toMatchObject({
      value: corrected.value,
      corrected: true,
      year: 2023,
      unit: '万元',
      line: expect.any(String),
    });
  });

  it('exports the panel to SQLite with typed columns and to CSV in 元', async () => {
    expect(
      await exportCommand.run(
        ['--store', db, '--panel', '--format', 'sqlite', '--out', 'panel.sqlite'],
        captureIo(dir),
      ),
    ).toBe(0);
    const s = new Database(join(dir, 'panel.sqlite'), { readonly: true });
    const types = Object.fromEntries(
      (s.prepare('PRAGMA table_info(panel)').all() as { name: string; type: string }[]).map((c) => [
        c.name,
        c.type,
      ]),
    );
    const v = s
      .prepare(
        `SELECT value, typeof(value) AS t, year FROM panel WHERE family = 'income_expenditure_summary' AND row_key = 'income:income_total'`,
      )
      .get() as { value: number; t: string; year: number };
    s.close();
    expect(types).toMatchObject({ year: 'INTEGER', value: 'REAL', department: 'TEXT', corrected: 'INTEGER' });
    expect(v).toMatchObject({ value: corrected.value, t: 'real', year: 2023 });

    expect(
      await exportCommand.run(
        ['--store', db, '--panel', '--unit', 'yuan', '--out', 'panel.csv'],
        captureIo(dir),
      ),
    ).toBe(0);
    const csv = readFileSync(join(dir, 'panel.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^\uFEFFdepartment_id,department,/);
    expect(csv).toContain(`,${Math.round(corrected.value * 10000)},元,`);
  });

  it('exports the panel to XLSX with the corrections trail as a sheet (--audit)', async () => {
    expect(
      await exportCommand.run(
        ['--store', db, '--panel', '--format', 'xlsx', '--audit', '--out', 'panel.xlsx'],
        captureIo(dir),
      ),
    ).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'panel.xlsx'));
    const trail = wb.getWorksheet('审核记录');
    const head = trail?.getRow(1).values as unknown[];
    expect((trail?.getRow(2).values as unknown[])[head.indexOf('新值')]).toBe(corrected.value);
  });
});
