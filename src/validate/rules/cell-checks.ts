import type { Anomaly, NormalizedTable } from '../../model/index.js';
import { parseNumber } from '../../normalize/index.js';
import { tablePrecision, rowName, columnLabel } from '../identity.js';
import { isEmptyTable } from './cross-table.js';

const label = (t: NormalizedTable): string => t.title || t.type;

/** Words, not a figure: Chinese text ("一般公共服务支出", "本年支出", "2025年预算数"), not a number with a unit; or a comparison sign. */
export function isLabelText(raw: string): boolean {
  const han = raw.match(/[\u4e00-\u9fff]/gu)?.length ?? 0;
  // A comparison sign alone (an indicator's ≥ / ＝ in a column read as figures) is text of the form, not a figure.
  return han >= 2 || (han === 1 && !/\d/.test(raw)) || /^[≥≤＝=<>＜＞≧≦]+$/u.test(raw.trim());
}

/**
 * Checks on single cells and whole tables: more decimals than the table prints (10.618 among x.xx), amounts
 * in 元 inside a 万元 table, figures that do not parse, unfilled templates, tables left empty.
 */
export function cellChecks(tables: readonly NormalizedTable[]): Anomaly[] {
  const out: Anomaly[] = [];
  for (const table of tables) {
    if (table.template) {
      out.push({
        id: `template_unfilled:${table.id}`,
        rule: 'template_unfilled',
        severity: 'info',
        table: table.id,
        message: `${label(table)}是未填写的模板（如“A专项”“支出方向（子项）1”），已识别为模板，不作为数据。`,
        related: [],
        source: table.source,
      });
      continue;
    }
    const precision = Math.max(tablePrecision(table), 2);
    const amountKeys = new Set(table.columns.filter((c) => c.kind === 'amount').map((c) => c.key));
    for (const row of table.rows) {
      for (const [key, cell] of Object.entries(row.cells)) {
        if (!amountKeys.has(key)) continue;
        const p = parseNumber(cell.raw);
        // Header or label text in a figure column is a structure problem (see structure.ts), not a misread number.
        if (!cell.blank && !cell.placeholder && cell.value === null && !isLabelText(cell.raw)) {
          out.push({
            id: `parse_error:${table.id}:${row.id}:${key}`,
            rule: 'parse_error',
            severity: 'warning',
            table: table.id,
            row: row.id,
            column: key,
            found: cell.raw,
            message: `${label(table)}「${rowName(row)}」的${columnLabel(table, key)}“${cell.raw}”不是数字。`,
            related: [],
            source: cell.source,
          });
        } else if (p.decimals > precision && table.unit !== 'yuan') {
          out.push({
            id: `decimal_pattern:${table.id}:${row.id}:${key}`,
            rule: 'decimal_pattern',
            severity: 'warning',
            table: table.id,
            row: row.id,
            column: key,
            found: cell.raw,
            message: `${label(table)}「${rowName(row)}」的${columnLabel(table, key)} ${cell.raw} 有 ${p.decimals} 位小数，本表其余金额为 ${precision} 位，疑为录入或识别错误。`,
            related: [],
            source: cell.source,
          });
        }
      }
    }
    unitSuspect(table, out);
    magnitude(table, out);
  }
  return out;
}

/**
 * A figure that dwarfs its own column's 合计 (85715.09 in a 基本支出 column totalling 538.88) is implausible
 * whatever the identities say: a merged or misread number.
 */
function magnitude(table: NormalizedTable, out: Anomaly[]): void {
  const total = table.rows.find((r) => r.id === 'total');
  if (!total) return;
  for (const col of table.columns.filter((c) => c.kind === 'amount')) {
    const t = total.cells[col.key]?.value;
    if (t === null || t === undefined || t <= 0) continue;
    for (const row of table.rows) {
      const cell = row.cells[col.key];
      if (row === total || !cell || cell.value === null || cell.value <= 10 * t) continue;
      out.push({
        id: `magnitude_outlier:${table.id}:${row.id}:${col.key}`,
        rule: 'magnitude_outlier',
        severity: 'warning',
        table: table.id,
        row: row.id,
        column: col.key,
        found: cell.value,
        message: `${label(table)}「${rowName(row)}」的${columnLabel(table, col.key)} ${cell.raw} 超过本列合计 ${total.cells[col.key]?.raw ?? t} 的十倍，数量级异常，疑为识别时合并了相邻数字或丢失小数点。`,
        related: [{ table: table.id, row: total.id, column: col.key }],
        source: cell.source,
      });
    }
  }
}

/**
 * 支出明细 written in 元 inside a 万元 form: the 合计 is ≥ 1000 × 项目金额 and, divided by 10 000, matches a figure
 * of the form. The suggestion is the figure in 万元.
 */
function unitSuspect(table: NormalizedTable, out: Anomaly[]): void {
  if (table.unit !== 'wan_yuan') return;
  const reference = [
    table.fields?.['project_amount'],
    table.fields?.['amount'],
    table.fields?.['total_funds'],
  ]
    .map((c) => c?.value)
    .filter((v): v is number => typeof v === 'number' && v > 0);
  for (const row of table.rows) {
    const cell = row.cells['amount'];
    const v = cell?.value;
    if (!cell || v === null || v === undefined || v < 1000) continue;
    const inWan = v / 10000;
    const matches = reference.find((r) => Math.abs(r - inWan) < 0.005 * 2);
    const dwarfs = reference.length > 0 && reference.every((r) => v > 100 * r);
    if (!matches && !dwarfs) continue;
    out.push({
      id: `unit_suspect:${table.id}:${row.id}:amount`,
      rule: 'unit_suspect',
      severity: 'error',
      table: table.id,
      row: row.id,
      column: 'amount',
      found: v,
      expected: Math.round(inWan * 1e6) / 1e6,
      ...(matches !== undefined
        ? {
            suggestion: {
              table: table.id,
              row: row.id,
              column: 'amount',
              value: Math.round(inWan * 1e6) / 1e6,
              derivation: `${v} 元 ÷ 10000`,
              restores: [],
              confirmedBy: [],
            },
          }
        : {}),
      message:
        matches !== undefined
          ? `${label(table)}「${row.label}」金额 ${cell.raw} 疑似以“元”填写（表头单位为万元）：折合 ${Math.round(inWan * 1e4) / 1e4} 万元，与本表金额 ${matches} 万元一致。`
          : `${label(table)}「${row.label}」金额 ${cell.raw} 远大于本表其他金额，疑似以“元”填写（表头单位为万元）。`,
      related: [],
      source: cell.source,
    });
  }
}

/** A table with no figure where the 总表 shows money for it (公开05表 left blank while 一般公共预算 spent 766.56). */
export function emptyTableChecks(tables: readonly NormalizedTable[]): Anomaly[] {
  const out: Anomaly[] = [];
  const fiscal = tables.find((t) => t.type === 'fiscal_summary');
  const spent = fiscal?.rows.find((r) => r.id === 'expenditure:expenditure_total');
  const pairs = [
    ['general_budget_expenditure', 'general_budget', '一般公共预算财政拨款'],
    ['government_fund', 'government_fund', '政府性基金预算财政拨款'],
    ['state_capital', 'state_capital', '国有资本经营预算财政拨款'],
  ] as const;
  for (const [type, key, name] of pairs) {
    const table = tables.find((t) => t.type === type);
    const figure = spent?.cells[key]?.value ?? 0;
    if (!table || !fiscal || figure === 0 || !isEmptyTable(table)) continue;
    out.push({
      id: `empty_table:${table.id}`,
      rule: 'empty_table',
      severity: 'error',
      table: table.id,
      found: 0,
      expected: figure,
      message: `${label(table)}没有数据，但财政拨款收入支出决算总表显示${name}支出 ${spent?.cells[key]?.raw ?? figure} 万元。`,
      related: [{ table: fiscal.id, row: 'expenditure:expenditure_total', column: key }],
      source: table.source,
    });
  }
  return out;
}
