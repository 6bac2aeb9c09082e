import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { yearResult } from '../../test/store/years.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { csvField } from './csv.js';
import { writePanelXlsx } from './panel-xlsx.js';
import { jsonSchemaOfPanel, PanelRecordSchema } from './panel-schema.js';
import { panelRecords, wideSheets } from './panel.js';

let dir: string;
let store: Store;
const base = { income: 1000, expenditure: 990, opening: 20, closing: 30, fiscalOpening: 5, fiscalClosing: 8 };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-panel-'));
  store = openSqliteStore(join(dir, 'tally.db'));
  store.saveResult(yearResult({ department: '中共株洲市委组织部', year: 2022, figures: base }));
  const y2023 = yearResult({
    department: '株洲市委组织部（本级）',
    year: 2023,
    figures: { ...base, opening: 30, fiscalOpening: 8 },
  });
  y2023.tables[0] = { ...(y2023.tables[0] as NonNullable<(typeof y2023.tables)[0]>), unitText: '单位：万元' };
  store.saveResult(y2023);
  store.applyCorrection({
    sha256: y2023.source.sha256,
    kind: 'edit',
    table: 't0',
    row: 'income:income_total',
    column: 'amount',
    value: 1001.5,
    seen: 1000,
    reason: '核对原件',
    reviewer: 'alice',
  });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('panel export', () => {
  it('gives value cells only, one department across years, corrected values in the chosen unit with the printed ones', () => {
    const records = [...panelRecords(store.iterateCells())];
    expect(records.some((r) => r.column_key === 'line_no')).toBe(false);
    expect(new Set(records.map((r) => r.department))).toEqual(new Set(['中共株洲市委组织部']));
    expect(new Set(records.map((r) => r.department_printed))).toEqual(
      new Set(['中共株洲市委组织部', '株洲市委组织部（本级）']),
    );
    const total = records.find(
      (r) =>
        r.year === 2023 && r.family === 'income_expenditure_summary' && r.row_key === 'income:income_total',
    );
    expect(total).toMatchObject({
      family_name: '收入支出决算总表',
      value: 1001.5,
      unit: '万元',
      value_printed: 1001.5,
      unit_printed: '单位：万元',
      original_value: 1000,
      corrected: true,
      line: '10',
    });
    for (const r of records) PanelRecordSchema.parse(r);
    const inYuan = [...panelRecords(store.iterateCells(), 'yuan')].find(
      (r) => r.year === 2023 && r.row_key === 'income:income_total',
    );
    expect(inYuan).toMatchObject({
      value: 10015000,
      unit: '元',
      value_printed: 1001.5,
      original_value: 10000000,
    });
  });

  it('puts the years side by side in a wide sheet per family', () => {
    const [summary] = wideSheets(
      panelRecords(store.iterateCells({ tableType: 'income_expenditure_summary' })),
    );
    expect(summary?.header).toEqual([
      '部门',
      '科目编码',
      '项目',
      '行键',
      '单位',
      '决算数 2022',
      '决算数 2023',
    ]);
    expect(summary?.rows.find((r) => r[3] === 'income:opening_balance')).toEqual([
      '中共株洲市委组织部',
      null,
      '年初结转和结余',
      'income:opening_balance',
      '万元',
      20,
      30,
    ]);
  });

  it('writes XLSX with Chinese sheet names and headers, frozen filtered headers, widths and number formats', async () => {
    const path = join(dir, 'panel.xlsx');
    const n = await writePanelXlsx(path, panelRecords(store.iterateCells()));
    expect(n).toBeGreaterThan(10);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '面板',
      '收入支出决算总表',
      '财政拨款收入支出决算总表',
    ]);
    const long = wb.getWorksheet('面板');
    expect(long?.getRow(1).getCell(2).value).toBe('部门');
    expect(long?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(long?.autoFilter).toBeTruthy();
    const valueCol = (long?.getRow(1).values as unknown[]).indexOf('数值');
    expect(long?.getColumn(valueCol).width).toBe(16);
    expect(long?.getRow(2).getCell(valueCol).numFmt).toBe('#,##0.00');
    const wide = wb.getWorksheet('收入支出决算总表');
    expect(wide?.getRow(1).values).toContain('决算数 2023');
    expect(wide?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('adds the corrections trail as a last sheet 审核记录 when asked (--panel --format xlsx --audit)', async () => {
    const path = join(dir, 'audit.xlsx');
    await writePanelXlsx(
      path,
      panelRecords(store.iterateCells()),
      store.listCorrections({ includeUndone: true }),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name).at(-1)).toBe('审核记录');
    const ws = wb.getWorksheet('审核记录');
    const head = ws?.getRow(1).values as unknown[];
    expect(head).toEqual(expect.arrayContaining(['原值', '新值', '理由', '审核人']));
    const row = ws?.getRow(2).values as unknown[];
    expect(row[head.indexOf('新值')]).toBe(1001.5);
    expect(row[head.indexOf('理由')]).toBe('核对原件');
    expect(row[head.indexOf('审核人')]).toBe('alice');
    expect(ws?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // Without it, no such sheet.
    const plain = join(dir, 'plain.xlsx');
    await writePanelXlsx(plain, panelRecords(store.iterateCells()));
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.readFile(plain);
    expect(wb2.getWorksheet('审核记录')).toBeUndefined();
  });

  it('guards CSV cells against formula injection without touching numbers', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+86 10 1234')).toBe("'+86 10 1234");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-A1')).toBe("'-A1");
    expect(csvField('-12.50')).toBe('-12.50');
    expect(csvField('-1,234.5')).toBe('"-1,234.5"');
    expect(csvField(-3.25)).toBe('-3.25');
    expect(csvField('一般公共预算')).toBe('一般公共预算');
  });

  it('publishes the JSON Schema generated from the panel model (run `npm run schema` after changing it)', () => {
    const committed: unknown = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'panel-export.schema.json'), 'utf8'),
    );
    expect(committed).toEqual(jsonSchemaOfPanel());
    expect(JSON.stringify(committed)).toContain('PDF points');
  });
});
