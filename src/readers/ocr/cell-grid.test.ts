import { describe, expect, it } from 'vitest';
import { findCellGrids } from './cell-grid.js';
import type { PixelRule } from './ruling-lines.js';

const h = (y: number, x0: number, x1: number, thickness = 2): PixelRule => ({
  orientation: 'h',
  x0,
  y0: y,
  x1,
  y1: y,
  thickness,
  band: { x0, y0: y - 1, x1, y1: y + 1 },
});
const v = (x: number, y0: number, y1: number, thickness = 2): PixelRule => ({
  orientation: 'v',
  x0: x,
  y0,
  x1: x,
  y1,
  thickness,
  band: { x0: x - 1, y0, x1: x + 1, y1 },
});

describe('findCellGrids', () => {
  it('cuts a fully ruled table into its cells, inside the rules', () => {
    const rules = [
      h(100, 100, 700),
      h(200, 100, 700),
      h(300, 100, 700),
      v(100, 100, 300),
      v(400, 100, 300),
      v(700, 100, 300),
    ];
    const [table, ...rest] = findCellGrids(rules, { dpi: 200 });
    expect(rest).toEqual([]);
    expect(table).toMatchObject({ rows: 2, columns: 2, x0: 100, y0: 100, x1: 700, y1: 300 });
    expect(table!.cells.map((c) => [c.x0, c.y0, c.x1, c.y1])).toEqual([
      [100, 100, 400, 200],
      [400, 100, 700, 200],
      [100, 200, 400, 300],
      [400, 200, 700, 300],
    ]);
    // The cut starts past the rule's ink: half its stroke and a pixel.
    expect(table!.cells[0]!.inner).toEqual({ x0: 102, y0: 102, x1: 398, y1: 198 });
  });

  it('keeps a merged cell whole: no rule between two elementary cells makes them one', () => {
    // The middle vertical rule stops at y = 200: the top row is one cell across both columns.
    const rules = [
      h(100, 100, 700),
      h(200, 100, 700),
      h(300, 100, 700),
      v(100, 100, 300),
      v(400, 200, 300),
      v(700, 100, 300),
    ];
    const [table] = findCellGrids(rules, { dpi: 200 });
    expect(table!.cells.map((c) => [c.x0, c.y0, c.x1, c.y1])).toEqual([
      [100, 100, 700, 200],
      [100, 200, 400, 300],
      [400, 200, 700, 300],
    ]);
  });

  it('treats the undrawn outer sides of an open table as its edge', () => {
    // Published forms often have no outer vertical rules: the horizontal rules' ends are the edge.
    const rules = [h(100, 50, 750), h(200, 50, 750), h(300, 50, 750), v(400, 100, 300)];
    const [table] = findCellGrids(rules, { dpi: 200 });
    expect(table).toMatchObject({ rows: 2, columns: 2, x0: 50, x1: 750 });
    expect(table!.cells).toHaveLength(4);
  });

  it('ignores a lone box and separate underlines: not tables', () => {
    const box = [h(100, 100, 300), h(150, 100, 300), v(100, 100, 150), v(300, 100, 150)];
    const underlines = [h(500, 100, 400), h(600, 100, 400)];
    expect(findCellGrids([...box, ...underlines], { dpi: 200 })).toEqual([]);
  });

  it('finds two tables on one page separately', () => {
    const grid = (top: number): PixelRule[] => [
      h(top, 100, 700),
      h(top + 50, 100, 700),
      h(top + 100, 100, 700),
      v(100, top, top + 100),
      v(400, top, top + 100),
      v(700, top, top + 100),
    ];
    const tables = findCellGrids([...grid(100), ...grid(600)], { dpi: 200 });
    expect(tables.map((t) => [t.y0, t.cells.length])).toEqual([
      [100, 4],
      [600, 4],
    ]);
  });
});
