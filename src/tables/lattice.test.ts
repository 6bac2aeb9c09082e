import { describe, expect, it } from 'vitest';
import type { Page, RulingLine, TextSpan } from '../model/index.js';
import { latticeGrids } from './lattice.js';

const SIZE = 9;
const span = (text: string, x0: number, y0: number): TextSpan => ({
  text,
  page: 1,
  bbox: { x0, y0, x1: x0 + text.length * SIZE * 0.6, y1: y0 + SIZE },
  fontSize: SIZE,
  confidence: 1,
  origin: 'native',
});
const h = (y: number, x0: number, x1: number): RulingLine => ({ page: 1, x0, y0: y, x1, y1: y, width: 0.5 });
const v = (x: number, y0: number, y1: number): RulingLine => ({ page: 1, x0: x, y0, x1: x, y1, width: 0.5 });

/**
 * A unit line boxed above a table (its own column rules), the table below with a new column grid, so the two
 * are cut apart at the shared rule; the table's left border is missing, as on a scan of a page whose border
 * lies off the paper, or a table printed without side borders.
 */
function openSidedStack(leftBorder: boolean): Page {
  const lines = [
    h(100, 0, 593),
    h(130, 0, 593),
    h(160, 0, 593),
    h(190, 0, 593),
    v(300, 100, 130),
    v(593, 100, 190),
    v(73, 130, 190),
    v(200, 130, 190),
    ...(leftBorder ? [v(0, 100, 190)] : []),
  ];
  const spans = [
    span('Unit', 310, 110),
    span('Code', 10, 140),
    span('Name', 80, 140),
    span('Amount', 400, 140),
    span('201', 10, 170),
    span('General', 80, 170),
    span('12.50', 400, 170),
  ];
  return { number: 1, width: 596, height: 843, spans, lines, rects: [], ocr: { needed: false } };
}

describe('latticeGrids', () => {
  it('keeps the first column of a stacked table that has no left border', () => {
    for (const leftBorder of [true, false]) {
      const grids = latticeGrids(openSidedStack(leftBorder), openSidedStack(leftBorder).spans);
      const body = grids.find((g) => g.cells.some((c) => c.text === 'Amount'));
      expect(body, `left border ${leftBorder}`).toBeDefined();
      expect(body!.nCols).toBe(3);
      expect(body!.bbox.x0).toBeLessThan(5);
      expect(body!.cells.find((c) => c.text === '201')).toMatchObject({ row: 1, col: 0 });
    }
  });
});
