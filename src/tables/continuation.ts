import type { PageCell, PageGrid } from './page-grid.js';
import { isNumeric } from './text-lines.js';

/** A grid being assembled, possibly over several pages. */
export interface MergedGrid {
  first: PageGrid;
  pages: number[];
  nRows: number;
  nCols: number;
  cells: PageCell[];
  /** Column boundaries of the last page's part, for the next continuation test. */
  xs: number[];
}

export function startMerged(g: PageGrid): MergedGrid {
  return { first: g, pages: [g.page], nRows: g.nRows, nCols: g.nCols, cells: [...g.cells], xs: g.xs };
}

/** Column boundaries agree when every boundary is within `tolerance` points of its counterpart. */
function sameColumns(a: readonly number[], b: readonly number[], tolerance: number): boolean {
  return a.length === b.length && a.every((x, i) => Math.abs(x - (b[i] ?? Infinity)) <= tolerance);
}

/** Texts of row r as an array, '' for positions no cell starts at. */
function rowTexts(cells: readonly PageCell[], r: number, nCols: number): string[] {
  const out = new Array<string>(nCols).fill('');
  for (const c of cells) if (c.row === r && c.col < nCols) out[c.col] = c.text;
  return out;
}

/**
 * True when `next` (at the top of the following page) continues `prev` (at the bottom of its page):
 * same number of columns, at the same places. Ruled tables must match closely; aligned-text tables
 * have looser column edges (gutters move with the widest value on each page).
 */
export function continues(prev: MergedGrid, next: PageGrid): boolean {
  if (next.page !== prev.pages[prev.pages.length - 1]! + 1) return false;
  if (next.nCols !== prev.nCols || next.nCols < 2) return false;
  const tolerance = prev.first.method === 'lattice' && next.method === 'lattice' ? 6 : 20;
  return sameColumns(prev.xs, next.xs, tolerance);
}

/**
 * How many rows at the top of `next` repeat the first rows of `prev`'s grid, text for text (0 when none). The header
 * may start a row or two into the first page's part (an aligned-text grid that took the "编制单位：… 单位：元" line
 * above its header, which the next page does not print again).
 */
export function repeatedHeaderRows(prev: MergedGrid, next: PageGrid): number {
  let repeated = 0;
  for (let from = 0; from <= 2 && repeated === 0; from++) {
    const maxHeader = Math.min(6, prev.nRows - 1 - from, next.nRows - 1);
    for (let k = 1; k <= maxHeader; k++) {
      let same = true;
      for (let r = 0; r < k && same; r++) {
        const a = rowTexts(prev.cells, from + r, prev.nCols);
        const b = rowTexts(next.cells, r, next.nCols);
        same = a.every((t, i) => t === b[i]) && a.some((t) => t !== '');
      }
      if (same) repeated = k;
      else break;
    }
  }
  return repeated;
}

/**
 * Append a continuation. A header repeated at the top of the new page (rows equal, text for text, to
 * the first rows of the grid) is dropped; every cell keeps the page it was read on.
 */
export function appendContinuation(prev: MergedGrid, next: PageGrid): void {
  const repeated = repeatedHeaderRows(prev, next);
  // An empty ruled row where the page breaks (the remainder of a row box at the foot of one page or
  // the top of the next) carries nothing and would split the table's rows.
  const emptyRow = (cells: readonly PageCell[], r: number): boolean =>
    cells.every((c) => c.row > r || c.row + c.rowSpan <= r || (c.text === '' && c.rowSpan === 1));
  let skip = repeated;
  while (skip < next.nRows - 1 && emptyRow(next.cells, skip)) skip++;
  while (prev.nRows > 1 && emptyRow(prev.cells, prev.nRows - 1)) {
    const last = prev.nRows - 1;
    prev.cells = prev.cells.filter((c) => c.row !== last);
    prev.nRows--;
  }
  const joined = joinSplitRow(prev, next, skip);
  const first = joined ? skip + 1 : skip;
  const offset = prev.nRows - first;
  for (const c of next.cells) {
    if (c.row < first) continue;
    prev.cells.push({ ...c, row: c.row + offset });
  }
  prev.nRows += next.nRows - first;
  prev.pages.push(next.page);
  prev.xs = next.xs;
}

/**
 * The opening of a numbered item or a coded row ("2010101 行政运行", "208社会保障"): never the rest of the label above it.
 * A figure with its unit ("300万元以上", "2024年") is no code.
 */
const ITEM_START =
  /^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、]|[2-3]\d{2}(?:\d{2}){0,2}(?=\s|[-－]|(?![万亿元年月日个人次项件台辆])[\u4e00-\u9fff]|$))/u;

const lastLine = (text: string): string => text.slice(text.lastIndexOf('\n') + 1);

/** The cell covering (row, col), if any. */
function coveringCell(cells: readonly PageCell[], row: number, col: number): PageCell | undefined {
  return cells.find(
    (c) => row >= c.row && row < c.row + c.rowSpan && col >= c.col && col < c.col + c.colSpan,
  );
}

/**
 * A row that a page break split (Word and Writer let a row break across pages) arrives as two rows: the
 * text that fit at the foot of one page, the rest at the top of the next. Row `r` of `next` is such a
 * remainder when each of its filled cells sits under a filled cell of `prev`'s last row whose last line
 * ran to the cell's right edge (the text was still going). A new row under vertically merged labels
 * also leaves those labels empty, but the cells above it end where their text ended.
 * On a match the remainder's text is appended to the cells above it, and true is returned.
 */
function joinSplitRow(prev: MergedGrid, next: PageGrid, r: number): boolean {
  if (prev.first.method !== 'lattice' || next.method !== 'lattice' || r >= next.nRows) return false;
  const last = prev.nRows - 1;
  if (next.cells.some((c) => c.row < r && c.row + c.rowSpan > r)) return false;
  const remainder = next.cells.filter((c) => c.row === r);
  if (!remainder.some((c) => c.text !== '')) return false;
  // A label that opens with an item's number ("十四、", "（二）", "3、") or a 功能分类 code starts an item of its own.
  if (remainder.some((c) => ITEM_START.test(c.text.trimStart()))) return false;
  const above = new Map<PageCell, PageCell>();
  for (const c of remainder) {
    const p = coveringCell(prev.cells, last, c.col);
    const aligned = p !== undefined && p.col === c.col && p.colSpan === c.colSpan;
    if (c.text !== '' && !(aligned && p.text !== '' && p.open === true)) return false;
    // Figures and codes do not run on: a figure under a figure that fills its narrow column is a new row.
    if (c.text !== '' && p && isNumeric(c.text.split('\n')[0]!) && isNumeric(lastLine(p.text))) return false;
    if (aligned) above.set(c, p);
    else if (c.rowSpan > 1) return false;
  }
  prev.cells = prev.cells.map((p) => {
    const parts = remainder.filter((c) => above.get(c) === p);
    if (parts.length === 0) return p;
    const c = parts[0]!;
    return {
      ...p,
      text: c.text === '' ? p.text : `${p.text}\n${c.text}`,
      rowSpan: p.rowSpan + c.rowSpan - 1,
      open: (c.text === '' ? p.open : c.open) === true,
    };
  });
  return true;
}
