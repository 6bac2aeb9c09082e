import type { Grid, GridCell } from '../../model/index.js';
import { cleanCellText } from '../artifacts.js';

/** One cell as found in a text export: its raw lines and the 1-based source lines it spans (inclusive). */
export interface RawCell {
  readonly lines: string[];
  readonly start: number;
  end: number;
}

export type RawRow = RawCell[];

/**
 * Build an explicit grid from rows of raw cells. A text export has no spans: every cell is 1×1, rows keep the
 * number of cells they had (nCols is the widest row; shorter rows simply have no cells at their end, because
 * the export cannot tell a merged cell from a missing one and inventing cells would misplace values).
 */
export function buildGrid(id: string, rows: readonly RawRow[]): Grid {
  const cells: GridCell[] = [];
  let nCols = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  rows.forEach((row, r) => {
    nCols = Math.max(nCols, row.length);
    row.forEach((cell, c) => {
      first = Math.min(first, cell.start);
      last = Math.max(last, cell.end);
      cells.push({
        row: r,
        col: c,
        rowSpan: 1,
        colSpan: 1,
        text: cleanCellText(cell.lines.join('\n')),
        source: { line: { start: cell.start, end: cell.end }, cell: { grid: id, row: r, col: c } },
      });
    });
  });
  return {
    id,
    nRows: rows.length,
    nCols,
    cells,
    method: 'explicit',
    source: Number.isFinite(first) ? { line: { start: first, end: last } } : {},
  };
}
