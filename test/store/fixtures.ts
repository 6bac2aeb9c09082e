import { createHash } from 'node:crypto';
import type { Anomaly, ExtractionResult } from '../../src/model/index.js';

/**
 * A small but complete ExtractionResult: one 支出决算表 with a total row whose 合计 disagrees with the
 * sum of its rows, and the anomaly (with a suggestion) the validator would raise for it.
 */
export function sampleResult(
  opts: { seed?: string; path?: string; year?: number; department?: string } = {},
): ExtractionResult {
  const seed = opts.seed ?? 'a';
  const sha256 = createHash('sha256').update(seed).digest('hex');
  const cell = (raw: string, line: number, value: number | null = raw === '' ? null : Number(raw)) => ({
    raw,
    value,
    blank: raw === '',
    source: { line: { start: line, end: line } },
  });
  const anomaly: Anomaly = {
    id: 'column_sum:t0:total:total',
    rule: 'column_sum',
    severity: 'error',
    table: 't0',
    row: 'total',
    column: 'total',
    found: 30,
    expected: 31,
    difference: -1,
    message: '合计 30 与各行之和 31 不符',
    related: [
      { table: 't0', row: 'c201', column: 'total' },
      { table: 't0', row: 'c208', column: 'total' },
    ],
    suggestion: {
      table: 't0',
      row: 'total',
      column: 'total',
      value: 31,
      derivation: '10 + 21',
      restores: ['column_sum:t0:total:total'],
      confirmedBy: [],
    },
    source: { line: { start: 3, end: 3 } },
  };
  return {
    schemaVersion: 1,
    source: {
      path: opts.path ?? `/data/${seed}.txt`,
      sha256,
      format: 'text',
      mediaType: 'text/plain',
      bytes: 123,
      pages: null,
    },
    meta: {
      department: opts.department ?? '产业发展局',
      year: opts.year ?? 2023,
      kind: 'final_accounts',
      unit: 'wan_yuan',
    },
    tables: [
      {
        id: 't0',
        type: 'expenditure',
        title: '支出决算表',
        unit: 'wan_yuan',
        columns: [
          { key: 'item', label: '项目', kind: 'label' },
          { key: 'total', label: '本年支出合计', kind: 'amount' },
          { key: 'basic_expenditure', label: '基本支出', kind: 'amount' },
        ],
        rows: [
          {
            id: 'total',
            label: '合计',
            role: 'total',
            cells: { total: cell('30', 3), basic_expenditure: cell('', 3) },
            source: { line: { start: 3, end: 3 } },
          },
          {
            id: 'c201',
            code: '201',
            codeLevel: 'lei',
            label: '一般公共服务支出',
            role: 'data',
            cells: { total: cell('10', 4), basic_expenditure: cell('10', 4) },
            source: { line: { start: 4, end: 4 } },
          },
          {
            id: 'c208',
            code: '208',
            codeLevel: 'lei',
            label: '社会保障和就业支出',
            role: 'data',
            cells: { total: cell('21', 5), basic_expenditure: cell('21', 5) },
            source: { line: { start: 5, end: 5 } },
          },
        ],
        template: false,
        grid: 'g0',
        source: { line: { start: 1, end: 5 } },
      },
    ],
    grids: [],
    texts: [{ kind: 'text', text: '支出决算情况说明', source: { line: { start: 7, end: 7 } } }],
    anomalies: [anomaly],
    status: 'partial',
    warnings: [],
  };
}
