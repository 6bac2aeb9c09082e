import { THREE_PUBLIC_GROUP_LABELS } from '../catalog/index.js';
import type { Cell, MoneyUnit, NormalizedTable, RuleId, Row } from '../model/index.js';

/** One figure in an identity: a cell of a table (a row's column, or a form field). */
export interface Term {
  readonly table: NormalizedTable;
  /** Row id, or undefined for a form field. */
  readonly row?: string;
  /** Column key, or the field key when row is undefined. */
  readonly column: string;
  readonly cell: Cell;
  /** +1 added, -1 subtracted. */
  readonly sign: 1 | -1;
  /** How a reviewer reads this figure: "基本支出", "2159999 其他资源勘探工业信息等支出". */
  readonly name: string;
}

/**
 * An arithmetic fact the documents promise: lhs = Σ sign·rhs. Identities are data; the checker evaluates them,
 * the repairer searches them, and anomalies cite them.
 */
export interface Identity {
  /** Stable within the document, e.g. "row_identity:t2:c2159999:total". */
  readonly id: string;
  readonly rule: RuleId;
  readonly lhs: Term;
  readonly rhs: readonly Term[];
  /** Severity when the gap is beyond rounding: error for printed arithmetic, warning where balances may explain it. */
  readonly onFail: 'error' | 'warning' | 'info';
  /** Said after the figures when the identity fails (why a gap may be legitimate). */
  readonly note?: string;
  /** Short Chinese description of the identity, e.g. "本年支出合计 = 基本支出 + 项目支出 + …". */
  readonly title: string;
  /** The anchor for the anomaly; defaults to lhs. */
  readonly anchor?: Term;
}

/** Key of a cell, to find every identity a cell takes part in. */
export function termKey(t: Pick<Term, 'table' | 'row' | 'column'>): string {
  return `${t.table.id}|${t.row ?? '@'}|${t.column}`;
}

/** Value of a figure for arithmetic: blanks and placeholders count as 0 (the documents leave zeros empty). */
export function numeric(cell: Cell, override?: number): number | undefined {
  if (override !== undefined) return override;
  if (cell.value !== null) return cell.value;
  if (cell.blank || cell.placeholder) return 0;
  return undefined;
}

export interface Evaluation {
  readonly found: number;
  readonly expected: number;
  /** found − expected. */
  readonly difference: number;
  /** Largest gap that rounding each printed figure to the table's precision can explain. */
  readonly tolerance: number;
  readonly state: 'holds' | 'rounding' | 'fails';
}

const precisionCache = new WeakMap<NormalizedTable, number>();

/**
 * Decimal places a table prints amounts with: the most common among its figures (a whole-元 table prints none,
 * so it gets ±0.5 元 per term; a 万元 table prints two). Figures that print no decimals where others do (a "0" in
 * a x.xx column) do not lower it.
 */
export function tablePrecision(table: NormalizedTable): number {
  const cached = precisionCache.get(table);
  if (cached !== undefined) return cached;
  const p = computePrecision(table);
  precisionCache.set(table, p);
  return p;
}

function computePrecision(table: NormalizedTable): number {
  const counts = new Map<number, number>();
  const amountKeys = new Set(table.columns.filter((c) => c.kind === 'amount').map((c) => c.key));
  const all: Cell[] = [
    ...table.rows.flatMap((r) =>
      Object.entries(r.cells)
        .filter(([k]) => amountKeys.has(k))
        .map(([, c]) => c),
    ),
    ...Object.values(table.fields ?? {}),
  ];
  let integers = 0;
  for (const c of all) {
    if (c.value === null) continue;
    const m = /\.(\d+)/.exec(c.raw.replace(/[^\d.]/g, ''));
    if (m?.[1]) counts.set(m[1].length, (counts.get(m[1].length) ?? 0) + 1);
    else if (c.value !== 0) integers++;
  }
  let best = 2;
  let n = 0;
  for (const [d, k] of counts) if (k > n || (k === n && d < best)) [best, n] = [d, k];
  // Whole numbers throughout (元 tables, 1,234,567): no decimals printed, so rounding is to the unit.
  if (n === 0 && integers > 0) return 0;
  if (integers > 4 * n && table.unit === 'yuan') return 0;
  return n === 0 ? 2 : best;
}

const EPS = 1e-9;

const YUAN_PER: Record<MoneyUnit, number> = { yuan: 1, wan_yuan: 1e4, yi_yuan: 1e8 };

/**
 * What one of a term's figures is worth in the identity's unit (its left-hand side's): 1 within a table; 1e-4 for a
 * term of a 元 table in an identity of a 万元 one (a document that prints the 三公 or 政府采购 table in 元 beside
 * 万元 tables). Amount columns only carry a unit; tables without one count as the identity's.
 */
export function unitFactor(identity: Pick<Identity, 'lhs'>, t: Term): number {
  const from = t.table.unit;
  const to = identity.lhs.table.unit;
  if (!from || !to || from === to) return 1;
  return YUAN_PER[from] / YUAN_PER[to];
}

export function evaluate(
  identity: Identity,
  overrides: ReadonlyMap<string, number> = new Map(),
): Evaluation | undefined {
  const lhs = numeric(identity.lhs.cell, overrides.get(termKey(identity.lhs)));
  if (lhs === undefined) return undefined;
  let sum = 0;
  for (const t of identity.rhs) {
    const v = numeric(t.cell, overrides.get(termKey(t)));
    if (v === undefined) return undefined;
    sum += t.sign * v * unitFactor(identity, t);
  }
  const terms = [identity.lhs, ...identity.rhs];
  // Every printed figure may be off by half a unit in its last place (尾数误差); blanks are exact zeros.
  const printed = terms.filter((t) => !t.cell.blank && !overrides.has(termKey(t)));
  // Decimals in the identity's unit: a 元 table's 2 decimals are 6 in a 万元 identity.
  const precision = Math.max(
    ...terms.map((t) => tablePrecision(t.table) - Math.round(Math.log10(unitFactor(identity, t)))),
  );
  // Each printed figure is off by at most half a unit of its own last digit: the table's precision, or fewer
  // decimals where the figure prints fewer (a spreadsheet column too narrow shows 936647884.3 for …884.33).
  const tolerance =
    (printed.reduce(
      (sum, t) =>
        sum + 0.5 * 10 ** -figureDecimals(t.cell, tablePrecision(t.table)) * unitFactor(identity, t),
      0,
    ) || 0.5 * 10 ** -precision) + EPS;
  const difference = round9(lhs - sum);
  const gap = Math.abs(difference);
  // A gap far below the last printed digit is float noise, not a rounding note (no "相差 0").
  const state =
    gap <= Math.max(EPS, 0.05 * 10 ** -precision) ? 'holds' : gap <= tolerance ? 'rounding' : 'fails';
  return { found: lhs, expected: round9(sum), difference, tolerance: round9(tolerance), state };
}

/**
 * Decimals a figure of a table is printed to: its own when it shows some but fewer than the table, else the table's
 * (a "0" in a x.xx column is 0.00, not ±0.5).
 */
export function cellDecimals(cell: Cell, table: NormalizedTable): number {
  return figureDecimals(cell, tablePrecision(table));
}

/** Decimals a figure is printed to: its own when it shows some but fewer than the table, else the table's. */
function figureDecimals(cell: Cell, tablePrecisionDigits: number): number {
  const m = /\.(\d+)/.exec(cell.raw.replace(/[^\d.]/g, ''));
  const own = m?.[1]?.length;
  return own !== undefined && own > 0 && own < tablePrecisionDigits ? own : tablePrecisionDigits;
}

function round9(v: number): number {
  return Math.round(v * 1e9) / 1e9;
}

/** Build a term for a row's cell; undefined when the row does not have that column. */
export function cellTerm(
  table: NormalizedTable,
  row: Row,
  column: string,
  sign: 1 | -1 = 1,
  name?: string,
): Term | undefined {
  const cell = row.cells[column];
  if (!cell) return undefined;
  return { table, row: row.id, column, cell, sign, name: name ?? rowColumnName(table, row, column) };
}

/** Build a term for a form field. */
export function fieldTerm(
  table: NormalizedTable,
  field: string,
  name: string,
  sign: 1 | -1 = 1,
): Term | undefined {
  const cell = table.fields?.[field];
  if (!cell) return undefined;
  return { table, column: field, cell, sign, name };
}

const GROUP_LABELS = new Set(Object.values(THREE_PUBLIC_GROUP_LABELS));

/** A column's own header, and the group it is printed in (预算数, 上年, 增减变化 …) in tables of several. */
export function columnName(table: NormalizedTable, key: string): { name: string; group?: string } {
  const label = table.columns.find((c) => c.key === key)?.label ?? key;
  const parts = label.split(' / ');
  const name = parts[parts.length - 1] ?? label;
  const group = parts.length > 1 && GROUP_LABELS.has(parts[0]!) ? parts[0] : undefined;
  return group && group !== name ? { name, group } : { name };
}

/** A column as a reviewer reads it: "培训费", or "培训费（增减变化）" where the same header is printed in several groups. */
export function columnLabel(table: NormalizedTable, key: string): string {
  const { name, group } = columnName(table, key);
  return group ? `${name}（${group}）` : name;
}

export function rowName(row: Row): string {
  return [row.code, row.label].filter(Boolean).join(' ') || row.id;
}

function rowColumnName(table: NormalizedTable, row: Row, column: string): string {
  return `${rowName(row)}·${columnLabel(table, column)}`;
}
