import type { Grid, GridCell, Provenance } from '../model/index.js';

/** A dense view over a grid: every position knows the cell covering it. */
export class GridView {
  readonly nRows: number;
  readonly nCols: number;
  private readonly owners: (GridCell | undefined)[][];

  constructor(readonly grid: Grid) {
    this.nRows = grid.nRows;
    this.nCols = grid.nCols;
    this.owners = Array.from({ length: grid.nRows }, () =>
      Array<GridCell | undefined>(grid.nCols).fill(undefined),
    );
    for (const c of grid.cells) {
      for (let r = c.row; r < Math.min(c.row + c.rowSpan, grid.nRows); r++) {
        const line = this.owners[r];
        if (!line) continue;
        for (let k = c.col; k < Math.min(c.col + c.colSpan, grid.nCols); k++) line[k] = c;
      }
    }
  }

  /** The cell whose top-left corner is at (r, c). */
  ownerAt(r: number, c: number): GridCell | undefined {
    const cell = this.owners[r]?.[c];
    return cell && cell.row === r && cell.col === c ? cell : undefined;
  }

  /** The cell covering (r, c), merged or not. */
  coveringAt(r: number, c: number): GridCell | undefined {
    return this.owners[r]?.[c];
  }

  /** Text of the cell whose top-left is at (r, c); '' for covered or empty positions. */
  text(r: number, c: number): string {
    return this.ownerAt(r, c)?.text.trim() ?? '';
  }

  /** Text of the cell covering (r, c): a merged header applies to every column it spans. */
  spanText(r: number, c: number): string {
    return this.coveringAt(r, c)?.text.trim() ?? '';
  }

  /** Texts of the cells that start in row r, in column order (covered positions skipped). */
  rowTexts(r: number): string[] {
    const out: string[] = [];
    for (let c = 0; c < this.nCols; c++) {
      const cell = this.ownerAt(r, c);
      if (cell) out.push(cell.text.trim());
    }
    return out;
  }

  /** Non-empty texts of row r. */
  filled(r: number): string[] {
    return this.rowTexts(r).filter((t) => t !== '');
  }

  /** Provenance of the cell at (r, c), or of the grid when the position is empty. */
  source(r: number, c: number): Provenance {
    return this.coveringAt(r, c)?.source ?? this.grid.source;
  }

  /** Provenance of a whole row: the first cell's, widened to the row's line range and box. */
  rowSource(r: number): Provenance {
    return this.cellsSource(
      r,
      Array.from({ length: this.nCols }, (_, c) => c),
    );
  }

  /** Provenance of some cells of row r: the first one's, widened to their line range and box. */
  cellsSource(r: number, cols: readonly number[]): Provenance {
    const cells: GridCell[] = [];
    for (const c of cols) {
      const cell = this.ownerAt(r, c);
      if (cell) cells.push(cell);
    }
    const first = cells[0];
    if (!first) return this.grid.source;
    const src: Provenance = { ...first.source };
    const lines = cells.flatMap((c) => (c.source.line ? [c.source.line] : []));
    if (lines.length > 0) {
      src.line = { start: Math.min(...lines.map((l) => l.start)), end: Math.max(...lines.map((l) => l.end)) };
    }
    const boxes = cells.flatMap((c) =>
      c.source.bbox && c.source.page === first.source.page ? [c.source.bbox] : [],
    );
    if (boxes.length > 0) {
      src.bbox = {
        x0: Math.min(...boxes.map((b) => b.x0)),
        y0: Math.min(...boxes.map((b) => b.y0)),
        x1: Math.max(...boxes.map((b) => b.x1)),
        y1: Math.max(...boxes.map((b) => b.y1)),
      };
    }
    if (src.cell) src.cell = { ...src.cell, col: 0 };
    return src;
  }
}
