import { z } from 'zod';
import { BBox } from './geometry.js';
import { Provenance } from './provenance.js';

/**
 * One cell of a reconstructed or explicit table grid. A merged cell appears once, at its top-left
 * position, with rowSpan/colSpan > 1; the positions it covers hold no other cell.
 */
export const GridCell = z.object({
  /** 0-based row of the cell's top-left corner. */
  row: z.number().int().nonnegative(),
  /** 0-based column of the cell's top-left corner. */
  col: z.number().int().nonnegative(),
  rowSpan: z.number().int().positive(),
  colSpan: z.number().int().positive(),
  /** Cell text: lines joined with '\n', export artifacts stripped, NFC. Empty string for an empty cell. */
  text: z.string(),
  /** Where the cell is in the source (page+bbox for PDFs, line/cell for structured sources). */
  source: Provenance,
});
export type GridCell = z.infer<typeof GridCell>;

/** How a grid was obtained. */
export const GridMethod = z.enum(['explicit', 'lattice', 'stream']);
export type GridMethod = z.infer<typeof GridMethod>;

/** A table as rows and columns, before any interpretation. */
export const Grid = z.object({
  /** Stable id within the document, e.g. "g3" (the 4th grid in reading order). */
  id: z.string(),
  nRows: z.number().int().nonnegative(),
  nCols: z.number().int().nonnegative(),
  cells: z.array(GridCell),
  /** explicit: the source said where cells are (DOCX/HTML/XLSX/text export); lattice/stream: rebuilt from positions. */
  method: GridMethod,
  /** First and last page the grid spans (paged sources); a table continued over pages is merged into one grid. */
  pages: z.array(z.number().int().positive()).optional(),
  /** Union box on its first page, points, origin top-left (paged sources). */
  bbox: BBox.optional(),
  /** Where the grid is in the source as a whole. */
  source: Provenance,
});
export type Grid = z.infer<typeof Grid>;

/** Text at position (row, col), resolving merged cells to their owner; '' when nothing is there. */
export function cellText(grid: Grid, row: number, col: number): string {
  return cellAt(grid, row, col)?.text ?? '';
}

/** The cell covering (row, col), if any. */
export function cellAt(grid: Grid, row: number, col: number): GridCell | undefined {
  for (const c of grid.cells) {
    if (row >= c.row && row < c.row + c.rowSpan && col >= c.col && col < c.col + c.colSpan) return c;
  }
  return undefined;
}
