import type { Column, Row } from '../model/index.js';
import { parseNumber } from './numbers.js';

/**
 * A row's figure in one column for the sums: a blank cell or a placeholder printed for zero ("-", "—", "－") is 0; a
 * cell that does not read as a number is null.
 */
function figureOf(r: Row, key: string): number | null {
  const c = r.cells[key];
  return c?.value ?? (c?.blank || c?.placeholder ? 0 : null);
}

/** Largest number of search steps spent on one table before giving up (the flat reading then stands). */
const BUDGET = 20_000;

/**
 * Rows printed without codes (units listed as 汇总 then 本级 and each 单位; 款 and 项 names under a 类 with no
 * code column) carry their hierarchy only in their figures: a parent is the sum of the rows below it. Where the
 * flat reading fails (合计 ≠ Σ rows) this finds, among the rows at the top of the table, the fewest parent links
 * under which 合计 = Σ top rows and every parent = Σ its children, in the given column, and sets them.
 * Returns the number of links set (0 when the flat reading holds or nothing consistent was found).
 */
export function inferParentsBySums(
  rows: readonly Row[],
  key: string,
  totalValue: number,
  tolerance: number,
): number {
  const top = rows.filter((r) => r.role === 'data' && r.parent === undefined);
  const values = top.map((r) => figureOf(r, key));
  if (top.length < 2 || values.some((v) => v === null || v < 0)) return 0;
  const v = values as number[];
  const flat = v.reduce((a, b) => a + b, 0);
  if (Math.abs(flat - totalValue) <= tolerance * top.length) return 0;

  const slack = tolerance * (top.length + 1);
  let steps = 0;
  const parentOf = new Map<number, number>();
  // Σ v[0..k): the roots of rows [i, j) sum to at most Σ v[i..j) (every row a leaf), so a larger target fails at once
  // (a department row over its 60 units: no subtree search among the units for the department's figure).
  const prefix = [0];
  for (const x of v) prefix.push((prefix[prefix.length - 1] ?? 0) + x);
  const upTo = (i: number, j: number): number => (prefix[j] ?? 0) - (prefix[i] ?? 0);
  // A range that failed for a target fails again for it: the search is then polynomial in practice, not exponential.
  const failed = new Set<string>();
  // forest(i, j, target): rows [i, j) form a forest whose roots sum to target; records links on success.
  const forest = (i: number, j: number, target: number): boolean => {
    if (++steps > BUDGET) return false;
    // Every printed figure may be off by its rounding: allow one unit of rounding per row of the table.
    if (i === j) return Math.abs(target) <= slack;
    const here = v[i] ?? 0;
    // The same allowance as at the end of a range: a range's last figure may carry the whole table's rounding.
    if (here - target > slack) return false;
    if (target - upTo(i, j) > slack) return false;
    const memo = `${i}:${j}:${Math.round(target / tolerance)}`;
    if (failed.has(memo)) return false;
    if (search(i, j, target, here)) return true;
    failed.add(memo);
    return false;
  };
  const search = (i: number, j: number, target: number, here: number): boolean => {
    // Leaf first (the fewest links), then ever larger subtrees.
    for (let e = i + 1; e <= j; e++) {
      const saved = new Map(parentOf);
      if (e > i + 1) {
        if (!forest(i + 1, e, here)) {
          restore(saved);
          continue;
        }
        for (let k = i + 1; k < e; k++) if (!parentOf.has(k)) parentOf.set(k, i);
      }
      if (forest(e, j, target - here)) return true;
      restore(saved);
    }
    return false;
  };
  const restore = (saved: Map<number, number>): void => {
    parentOf.clear();
    for (const [a, b] of saved) parentOf.set(a, b);
  };
  if (!forest(0, top.length, totalValue) || parentOf.size === 0) return 0;
  for (const [child, parent] of parentOf) {
    const c = top[child];
    const p = top[parent];
    if (c && p) c.parent = p.id;
  }
  return parentOf.size;
}

/**
 * Place rows by their sums in a table read by rows (coded, two-level): the 合计 column, else the first amount
 * column, at the precision its total prints.
 */
export function placeRowsBySums(body: { columns: readonly Column[]; rows: Row[] }): void {
  const total = body.rows.find((r) => r.role === 'total');
  const figures = body.columns.filter(
    (c) => c.kind === 'amount' && typeof total?.cells[c.key]?.value === 'number',
  );
  // The 合计 column first, then the others: one wrong figure in a column (a unit's 合计) leaves no placement there,
  // and the table read flat then doubles every column's sum; another column still places the rows, and the wrong
  // figure is then the one broken sum it is.
  const ordered = [...figures.filter((c) => c.key === 'total'), ...figures.filter((c) => c.key !== 'total')];
  for (const { key } of ordered) {
    const totalRaw = total?.cells[key]?.raw;
    const totalValue = total?.cells[key]?.value;
    if (totalRaw === undefined || typeof totalValue !== 'number') continue;
    const tolerance = toleranceOf(totalRaw);
    if (flatHolds(body.rows, key, totalValue, tolerance)) return;
    if (inferParentsBySums(body.rows, key, totalValue, tolerance) > 0) return;
  }
}

/** 合计 = Σ the rows at the top, in one column, within one unit of rounding per row (as inferParentsBySums). */
function flatHolds(rows: readonly Row[], key: string, totalValue: number, tolerance: number): boolean {
  const top = rows.filter((r) => r.role === 'data' && r.parent === undefined);
  const values = top.map((r) => figureOf(r, key));
  if (top.length < 2 || values.some((v) => v === null || v < 0)) return true;
  const flat = (values as number[]).reduce((a, b) => a + b, 0);
  return Math.abs(flat - totalValue) <= tolerance * top.length;
}

/** Half a unit of the last digit a figure prints: 0.005 for 12.34, 0.05 for 936647884.3, 0.5 for 1,234. */
function toleranceOf(raw: string): number {
  return 0.5 * 10 ** -Math.max(parseNumber(raw).decimals, 0);
}

/**
 * The 总表s: the 支出 side and any third side (支出用途) add up to 本年支出合计, the 收入 rows above 本年收入合计 to it;
 * where their rows print no hierarchy (一、部门预算 / 1、人员经费和公用经费 / …; 烟台's 一般公共预算收入 indented under
 * 一、财政拨款收入 with no number), it is found from the sums.
 */
export function placeSummaryRowsBySums(rows: Row[]): void {
  const incomeTotal = rows.findIndex((r) => r.id === 'income:income_total');
  const incomeCell = rows[incomeTotal]?.cells['amount'];
  if (incomeCell && incomeCell.value !== null) {
    const own = rows.filter((r, i) => r.section === 'income' && i < incomeTotal && r.role === 'data');
    inferParentsBySums(own, 'amount', incomeCell.value, toleranceOf(incomeCell.raw));
  }
  const total = rows.find((r) => r.id === 'expenditure:expenditure_total');
  const cell = total?.cells['amount'];
  if (!cell || cell.value === null) return;
  for (const section of new Set(rows.map((r) => r.section))) {
    if (!section || section === 'income') continue;
    const stop = rows.findIndex((r) => r.id === 'expenditure:expenditure_total');
    const own = rows.filter(
      (r, i) =>
        r.section === section &&
        !/(total|grand_total|balance_distribution|closing_balance|unallocated_account)$/.test(r.id) &&
        (section !== 'expenditure' || i < stop),
    );
    inferParentsBySums(own, 'amount', cell.value, toleranceOf(cell.raw));
  }
}
