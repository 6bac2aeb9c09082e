import { describe, expect, it } from 'vitest';
import { findCellGrids, withBrokenRulesJoined, withoutCrossedStrokes } from './cell-grid.js';
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

describe('withoutCrossedStrokes', () => {
  // 200 dpi: a row 40 px tall between long rules at y 100 and 140, ruled down at x 100 and 700.
  const width = 800;
  const height = 300;
  const paintRule = (mask: Uint8Array, r: PixelRule): void => {
    for (let y = r.band.y0; y <= r.band.y1; y++) for (let x = r.band.x0; x <= r.band.x1; x++) mask[y * width + x] = 1;
  };
  const grid = [h(100, 100, 700), h(140, 100, 700), v(100, 100, 140), v(700, 100, 140)];

  it('drops the stem of a bold 计 that runs the height of its row, and the bar through it, in ink', () => {
    const mask = new Uint8Array(width * height);
    const stem = v(300, 101, 139);
    const bar = h(120, 240, 320);
    for (const r of [...grid, stem, bar]) paintRule(mask, r);
    expect(withoutCrossedStrokes([...grid, stem, bar], mask, width, height, 200)).toEqual(grid);
  });

  it('keeps the short rules of a header: between two cells, and crossing at a junction of the grid', () => {
    const mask = new Uint8Array(width * height);
    // A rule down between two header cells, text clear of it, and a small grid: a rule across meeting it
    // and the frame, both under half an inch.
    const down = v(400, 100, 140);
    const across = h(120, 400, 480);
    const corner = v(480, 100, 140);
    const rules = [...grid, down, across, corner];
    for (const r of rules) paintRule(mask, r);
    // Glyphs in the cells, a few pixels from the rules.
    for (let y = 110; y < 130; y++) for (let x = 380; x < 394; x++) mask[y * width + x] = 1;
    expect(withoutCrossedStrokes(rules, mask, width, height, 200)).toEqual(rules);
  });
});

describe('withBrokenRulesJoined', () => {
  // Rows every 40 px at 200 dpi (14 pt), columns at 100, 300, 500.
  const rows = [100, 140, 180, 220, 260].map((y) => h(y, 100, 500));
  const spanOf = (rules: readonly PixelRule[], x: number): Array<[number, number]> =>
    rules.filter((r) => r.orientation === 'v' && Math.abs(r.x0 - x) < 3).map((r) => [r.y0, r.y1]);

  it('joins a column rule the scan broke mid-row, and carries an end broken off short on to its rule', () => {
    // A photocopy's rule: gone for a row and a half (150 → 205), and short of the bottom rule (250 → 260).
    const rules = [...rows, v(100, 100, 260), v(300, 100, 150), v(300, 205, 250), v(500, 100, 260)];
    expect(spanOf(withBrokenRulesJoined(rules, 200), 300)).toEqual([[100, 260]]);
  });

  it('keeps a gap that runs from one rule across to another (a merged cell), and a piece across one crossing', () => {
    const merged = [...rows, v(100, 100, 260), v(300, 100, 140), v(300, 180, 260), v(500, 100, 260)];
    expect(spanOf(withBrokenRulesJoined(merged, 200), 300)).toEqual([
      [100, 140],
      [180, 260],
    ]);
    // Broken right at a crossing (4 px either side of the rule at 180): one rule.
    const crossing = [...rows, v(100, 100, 260), v(300, 100, 176), v(300, 184, 260), v(500, 100, 260)];
    expect(spanOf(withBrokenRulesJoined(crossing, 200), 300)).toEqual([[100, 260]]);
  });

  it('does not bridge pieces more than half an inch apart', () => {
    const rules = [h(100, 100, 500), h(400, 100, 500), v(100, 100, 400), v(300, 100, 150), v(300, 300, 400), v(500, 100, 400)];
    const out = withBrokenRulesJoined(rules, 200);
    // The gap 150 → 300 is 150 px (0.75 inch): kept; neither piece's loose end reaches a rule across.
    expect(spanOf(out, 300)).toEqual([
      [100, 150],
      [300, 400],
    ]);
  });
});
