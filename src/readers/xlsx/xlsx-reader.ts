import ExcelJS from 'exceljs';
import { BadInputError, type Block, type ExtractedDocument, type GridCell } from '../../model/index.js';
import { cleanCellText, cleanTextLine } from '../artifacts.js';
import type { Reader, ReaderInput } from '../reader.js';
import { checkZip, countElements } from '../zip/index.js';
import { formatDate, formatNumber } from './display-text.js';

/** Grid positions one sheet may cover; a used range beyond this is a broken or hostile workbook. */
const MAX_SHEET_POSITIONS = 4_000_000;
/**
 * Cells (`<c>` elements) all worksheets together may hold, counted in the sheet XML before exceljs loads the
 * workbook: exceljs keeps about 1 KB of heap per cell and builds every sheet at once, so a 42 MB workbook ran
 * out of memory before the positions limit above could be checked. Disclosure workbooks hold a few thousand.
 */
export const MAX_XLSX_CELLS = 500_000;

/** "AB12" → 1-based column and row. */
export function decodeAddress(address: string): { row: number; col: number } | undefined {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(address.trim().toUpperCase());
  if (!m) return undefined;
  let col = 0;
  for (const ch of m[1] ?? '') col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

/** What Excel displays in the cell: numbers in their number format, dates as dates, formulas by result. */
function displayText(cell: ExcelJS.Cell): string {
  const v: unknown = cell.value;
  const numFmt = typeof cell.numFmt === 'string' ? cell.numFmt : undefined;
  const result: unknown = v !== null && typeof v === 'object' && 'result' in v ? v.result : v;
  if (typeof result === 'number') return formatNumber(result, numFmt) ?? cell.text;
  if (result instanceof Date) return formatDate(result);
  if (typeof result === 'boolean') return result ? 'TRUE' : 'FALSE';
  if (result !== null && typeof result === 'object' && 'error' in result) return String(result.error);
  return cell.text;
}

/**
 * The used range: the smallest box holding every cell with a value and every merged range. Excel's own
 * dimension also counts cells that only carry formatting (whole formatted columns reach row 1048576), which
 * would turn a small table into a million empty rows.
 */
function usedRange(
  ws: ExcelJS.Worksheet,
): { top: number; left: number; bottom: number; right: number } | undefined {
  let top = Infinity;
  let left = Infinity;
  let bottom = 0;
  let right = 0;
  const include = (row: number, col: number): void => {
    top = Math.min(top, row);
    left = Math.min(left, col);
    bottom = Math.max(bottom, row);
    right = Math.max(right, col);
  };
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (cell.value !== null && cell.value !== undefined && cell.value !== '') include(r, c);
    });
  });
  for (const range of ws.model.merges) {
    for (const end of range.split(':')) {
      const a = decodeAddress(end);
      if (a) include(a.row, a.col);
    }
  }
  return bottom === 0 ? undefined : { top, left, bottom, right };
}

/**
 * XLSX through exceljs: every worksheet becomes its sheet name (a TextBlock) and one grid of its used range.
 * Merged ranges become spans on their top-left (master) cell; the cells they cover are not emitted.
 * Provenance carries the sheet and the A1 address, so a reviewer finds the cell in Excel.
 */
export const xlsxReader: Reader = {
  format: 'xlsx',
  async read(input: ReaderInput): Promise<ExtractedDocument> {
    if (input.bytes.length === 0) throw new BadInputError(`${input.path}: file is empty`);
    const sheets = checkZip(input.path, input.bytes, 'XLSX', (name) =>
      /^xl\/worksheets\/[^/]+\.xml$/.test(name),
    );
    let cells = 0;
    for (const xml of sheets?.values() ?? []) {
      cells += countElements(xml, 'c', MAX_XLSX_CELLS + 1 - cells);
      if (cells > MAX_XLSX_CELLS)
        throw new BadInputError(
          `${input.path}: the XLSX has more than ${MAX_XLSX_CELLS} cells, over the cell limit`,
        );
    }
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(
        Buffer.from(
          input.bytes.buffer,
          input.bytes.byteOffset,
          input.bytes.byteLength,
        ) as unknown as ExcelJS.Buffer,
      );
    } catch (e) {
      const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
      throw new BadInputError(`${input.path}: not a readable XLSX (${reason})`, { cause: e });
    }
    const blocks: Block[] = [];
    const warnings: string[] = [];
    let gridCount = 0;
    workbook.worksheets.forEach((ws, sheetIndex) => {
      blocks.push({ kind: 'text', text: cleanTextLine(ws.name), source: { paragraph: sheetIndex + 1 } });
      if (ws.state !== 'visible')
        warnings.push(`sheet "${ws.name}" is ${ws.state} in the workbook; read anyway`);
      const dim = usedRange(ws);
      if (!dim) return;
      const nRows = dim.bottom - dim.top + 1;
      const nCols = dim.right - dim.left + 1;
      if (nRows * nCols > MAX_SHEET_POSITIONS) {
        throw new BadInputError(
          `${input.path}: sheet "${ws.name}" uses ${nRows}×${nCols} cells, over the ${MAX_SHEET_POSITIONS} limit`,
        );
      }
      const id = `g${gridCount++}`;
      // Span of each merged range, by its master's address; covered positions are skipped below.
      const spans = new Map<string, { rowSpan: number; colSpan: number }>();
      const covered = new Set<string>();
      for (const range of ws.model.merges) {
        const [a, b] = range.split(':');
        const from = a ? decodeAddress(a) : undefined;
        const to = b ? decodeAddress(b) : from;
        if (!from || !to) continue;
        const top = Math.max(Math.min(from.row, to.row), dim.top);
        const left = Math.max(Math.min(from.col, to.col), dim.left);
        const bottom = Math.min(Math.max(from.row, to.row), dim.bottom);
        const right = Math.min(Math.max(from.col, to.col), dim.right);
        if (bottom < top || right < left) continue;
        spans.set(`${top},${left}`, { rowSpan: bottom - top + 1, colSpan: right - left + 1 });
        for (let r = top; r <= bottom; r++)
          for (let c = left; c <= right; c++) if (r !== top || c !== left) covered.add(`${r},${c}`);
      }
      const cells: GridCell[] = [];
      for (let r = dim.top; r <= dim.bottom; r++) {
        const row = ws.getRow(r);
        for (let c = dim.left; c <= dim.right; c++) {
          if (covered.has(`${r},${c}`)) continue;
          const cell = row.getCell(c);
          const span = spans.get(`${r},${c}`) ?? { rowSpan: 1, colSpan: 1 };
          const gr = r - dim.top;
          const gc = c - dim.left;
          cells.push({
            row: gr,
            col: gc,
            ...span,
            text: cleanCellText(displayText(cell)),
            source: { cell: { grid: id, row: gr, col: gc, sheet: ws.name, address: cell.address } },
          });
        }
      }
      blocks.push({
        kind: 'grid',
        grid: {
          id,
          nRows,
          nCols,
          cells,
          method: 'explicit',
          source: { cell: { grid: id, row: 0, col: 0, sheet: ws.name } },
        },
      });
    });
    if (blocks.length === 0) throw new BadInputError(`${input.path}: the workbook has no worksheets`);
    return { pages: [], blocks, warnings };
  },
};
