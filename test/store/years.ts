import { createHash } from 'node:crypto';
import type { ExtractionResult, NormalizedTable } from '../../src/model/index.js';

/** Figures of a 收入支出决算总表 (万元) and of the 财政拨款总表's 年初/年末 by fund. */
export interface YearFigures {
  readonly income: number;
  readonly expenditure: number;
  readonly opening: number;
  readonly closing: number;
  /** 一般公共预算财政拨款 年初 / 年末 in the 财政拨款总表. */
  readonly fiscalOpening?: number;
  readonly fiscalClosing?: number;
}

const cell = (v: number | null, line: number) => ({
  raw: v === null ? '' : v.toFixed(2),
  value: v,
  blank: v === null,
  source: { line: { start: line, end: line } },
});

/**
 * A small 部门决算 of one department and year: a 收入支出决算总表 and a 财政拨款收入支出决算总表 with the catalog's
 * row ids (income:opening_balance, expenditure:closing_balance …), optionally preceded by `extraTables`
 * unknown tables so the positional table ids shift.
 */
export function yearResult(opts: {
  department: string;
  year: number;
  figures: YearFigures;
  extraTables?: number;
  kind?: 'final_accounts' | 'budget';
}): ExtractionResult {
  const sha256 = createHash('sha256')
    .update(`${opts.department}:${opts.year}:${opts.kind ?? ''}`)
    .digest('hex');
  const f = opts.figures;
  const extra: NormalizedTable[] = Array.from({ length: opts.extraTables ?? 0 }, (_, i) => ({
    id: `t${i}`,
    type: 'unknown',
    title: `附表${i + 1}`,
    unit: null,
    columns: [{ key: 'c0', label: '说明', kind: 'text' }],
    rows: [
      {
        id: 'r0',
        label: '说明',
        role: 'data',
        cells: { c0: { raw: 'x', value: null, blank: false, source: { line: { start: 1, end: 1 } } } },
        source: { line: { start: 1, end: 1 } },
      },
    ],
    template: false,
    grid: `g${i}`,
    source: { line: { start: 1, end: 1 } },
  }));
  const n = extra.length;
  const summaryRow = (id: string, label: string, v: number, line: number) => ({
    id,
    label,
    role: id.endsWith('_total') ? ('total' as const) : ('data' as const),
    section: id.split(':')[0] ?? '',
    cells: { line_no: { ...cell(line, line), raw: String(line) }, amount: cell(v, line) },
    source: { line: { start: line, end: line } },
  });
  const summary: NormalizedTable = {
    id: `t${n}`,
    type: 'income_expenditure_summary',
    title: '收入支出决算总表',
    unit: 'wan_yuan',
    unitText: '单位：万元',
    columns: [
      { key: 'line_no', label: '行次', kind: 'number' },
      { key: 'amount', label: '决算数', kind: 'amount' },
    ],
    rows: [
      summaryRow('income:general_budget', '一、一般公共预算财政拨款收入', f.income, 1),
      summaryRow('income:income_total', '本年收入合计', f.income, 10),
      summaryRow('income:opening_balance', '年初结转和结余', f.opening, 12),
      summaryRow('expenditure:c201', '一、一般公共服务支出', f.expenditure, 14),
      summaryRow('expenditure:expenditure_total', '本年支出合计', f.expenditure, 23),
      summaryRow('expenditure:closing_balance', '年末结转和结余', f.closing, 25),
    ],
    template: false,
    grid: `g${n}`,
    source: { line: { start: 1, end: 30 } },
  };
  const fiscal: NormalizedTable = {
    id: `t${n + 1}`,
    type: 'fiscal_summary',
    title: '财政拨款收入支出决算总表',
    unit: 'wan_yuan',
    columns: [
      { key: 'line_no', label: '行次', kind: 'number' },
      { key: 'amount', label: '金额｜合计', kind: 'amount' },
      { key: 'general_budget', label: '一般公共预算财政拨款', kind: 'amount' },
    ],
    rows: [
      {
        id: 'income:opening_balance.general_budget',
        label: '一般公共预算财政拨款',
        role: 'data',
        section: 'income',
        cells: {
          line_no: { ...cell(11, 41), raw: '11' },
          amount: cell(f.fiscalOpening ?? null, 41),
          general_budget: cell(null, 41),
        },
        source: { line: { start: 41, end: 41 } },
      },
      {
        id: 'expenditure:closing_balance',
        label: '年末财政拨款结转和结余',
        role: 'data',
        section: 'expenditure',
        cells: {
          line_no: { ...cell(24, 42), raw: '24' },
          amount: cell(f.fiscalClosing ?? null, 42),
          general_budget: cell(f.fiscalClosing ?? null, 42),
        },
        source: { line: { start: 42, end: 42 } },
      },
    ],
    template: false,
    grid: `g${n + 1}`,
    source: { line: { start: 40, end: 42 } },
  };
  return {
    schemaVersion: 1,
    source: {
      path: `/data/${opts.department}-${opts.year}.txt`,
      sha256,
      format: 'text',
      mediaType: 'text/plain',
      bytes: 100,
      pages: null,
    },
    meta: {
      department: opts.department,
      year: opts.year,
      kind: opts.kind ?? 'final_accounts',
      unit: 'wan_yuan',
    },
    tables: [...extra, summary, fiscal],
    grids: [],
    texts: [],
    anomalies: [],
    status: 'ok',
    warnings: [],
  };
}
