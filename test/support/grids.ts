import type { Block, Grid } from '../../src/model/index.js';

/** A grid from rows of cell texts, with cell provenance, as a structured reader would produce it. */
export function gridFrom(id: string, rows: readonly (readonly string[])[]): Grid {
  const nCols = Math.max(...rows.map((r) => r.length));
  return {
    id,
    nRows: rows.length,
    nCols,
    method: 'explicit',
    source: { cell: { grid: id, row: 0, col: 0 } },
    cells: rows.flatMap((r, row) =>
      r.map((text, col) => ({
        row,
        col,
        rowSpan: 1,
        colSpan: 1,
        text,
        source: { cell: { grid: id, row, col } },
      })),
    ),
  };
}

/** Blocks for a titled table: the title and unit as text lines, then the grid. */
export function titled(
  title: string,
  rows: readonly (readonly string[])[],
  id = 'g0',
  unit = '单位：万元',
): Block[] {
  return [
    { kind: 'text', text: title, source: { line: { start: 1, end: 1 } } },
    { kind: 'text', text: unit, source: { line: { start: 2, end: 2 } } },
    { kind: 'grid', grid: gridFrom(id, rows) },
  ];
}

/** A grid printed on `page`, each cell with a box there (10 pt cells), as a PDF reader would produce it. */
export function pagedGrid(id: string, page: number, rows: readonly (readonly string[])[]): Grid {
  const g = gridFrom(id, rows);
  return {
    ...g,
    pages: [page],
    cells: g.cells.map((c) => ({
      ...c,
      source: { page, bbox: { x0: 10 * c.col, y0: 10 * c.row, x1: 10 * c.col + 9, y1: 10 * c.row + 9 } },
    })),
  };
}
