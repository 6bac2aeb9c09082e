import ExcelJS from 'exceljs';
import type { Correction, TidyCell } from '../store/index.js';
import { AUDIT_COLUMNS, TIDY_COLUMNS } from './tidy.js';

/** Chinese sheet names per family are what readers look for; falls back to the type key. */
const SHEET_TITLES: Record<string, string> = {
  income_expenditure_summary: '收入支出决算总表',
  income: '收入决算表',
  expenditure: '支出决算表',
  fiscal_summary: '财政拨款收入支出决算总表',
  general_budget_expenditure: '一般公共预算财政拨款支出决算表',
  basic_expenditure: '一般公共预算财政拨款基本支出决算表',
  government_fund: '政府性基金预算财政拨款收支决算表',
  state_capital: '国有资本经营预算财政拨款支出决算表',
  three_public: '财政拨款三公经费支出决算表',
};

interface WideFamily {
  columns: Map<string, string>;
  rows: Map<string, { head: (string | number | null)[]; values: Map<string, number | string | null> }>;
}

/**
 * XLSX export: the tidy long table on sheet "cells", one wide sheet per table family (a row per source
 * row of every document, a column per column key, corrected values), and with `audit` the corrections.
 * Written with exceljs's streaming writer; the wide sheets are gathered in memory (values only).
 */
export async function writeXlsx(
  path: string,
  cells: Iterable<TidyCell>,
  audit?: readonly Correction[],
): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: false,
    useSharedStrings: true,
  });
  const long = wb.addWorksheet('cells');
  long.addRow(TIDY_COLUMNS.map((c) => c.key)).commit();
  const families = new Map<string, WideFamily>();
  let n = 0;
  for (const c of cells) {
    long.addRow(TIDY_COLUMNS.map((col) => col.get(c))).commit();
    n++;
    let fam = families.get(c.tableType);
    if (!fam) {
      fam = { columns: new Map(), rows: new Map() };
      families.set(c.tableType, fam);
    }
    if (!fam.columns.has(c.columnKey)) fam.columns.set(c.columnKey, c.columnLabel);
    const rowKey = `${c.sha256}\u0000${c.tableId}\u0000${c.rowId}`;
    let row = fam.rows.get(rowKey);
    if (!row) {
      row = {
        head: [c.sha256, c.path, c.department, c.year, c.tableTitle, c.rowCode, c.rowLabel, c.unit],
        values: new Map(),
      };
      fam.rows.set(rowKey, row);
    }
    row.values.set(c.columnKey, c.value ?? (c.blank ? null : c.raw));
  }
  long.commit();
  const used = new Set<string>(['cells']);
  for (const [type, fam] of families) {
    let name = (SHEET_TITLES[type] ?? type).slice(0, 31);
    while (used.has(name)) name = `${name.slice(0, 28)}_${used.size}`;
    used.add(name);
    const ws = wb.addWorksheet(name);
    const keys = [...fam.columns.keys()];
    ws.addRow([
      'sha256',
      '文件',
      '部门',
      '年度',
      '表名',
      '科目编码',
      '项目',
      '单位',
      ...keys.map((k) => fam.columns.get(k) ?? k),
    ]).commit();
    for (const r of fam.rows.values())
      ws.addRow([...r.head, ...keys.map((k) => r.values.get(k) ?? null)]).commit();
    ws.commit();
  }
  if (audit) {
    const ws = wb.addWorksheet('审核记录');
    ws.addRow(AUDIT_COLUMNS.map((c) => c.key)).commit();
    for (const c of audit) ws.addRow(AUDIT_COLUMNS.map((col) => col.get(c))).commit();
    ws.commit();
  }
  await wb.commit();
  return n;
}
