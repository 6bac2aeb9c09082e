import type { BBox, GridMethod, TextSpan } from '../model/index.js';

/** One cell of a table found on one page, before grids are merged across pages. */
export interface PageCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  /** Lines joined with '\n'. */
  text: string;
  /** 1-based page the cell is on. */
  page: number;
  /** Cell box, points, origin top-left. */
  bbox: BBox;
  /**
   * Ruled cells only: the last line of text runs to the cell's right edge, so the text may go on (in
   * the next page's part of a row that a page break split).
   */
  open?: boolean;
}

/** A table as found on one page. */
export interface PageGrid {
  page: number;
  method: Exclude<GridMethod, 'explicit'>;
  bbox: BBox;
  nRows: number;
  nCols: number;
  /** Column boundaries, left to right (nCols + 1 values), points: used to recognise a continuation. */
  xs: number[];
  cells: PageCell[];
  /** The spans the table took, so they are not also emitted as text. */
  spans: Set<TextSpan>;
  /** Aligned-text grids: the horizontal rules that cut their lines into bands (y, points). */
  hRules?: number[];
}
