import type { Grid } from '../../src/model/index.js';

/**
 * Seed 004's text export moved one header cell (公开09: 决算数 sits at column 4 where the form prints it over
 * columns 6–10). The samples print the form; the sample tests compare against the seed grids with the same fix.
 */
/** Header cells the text export moved: [table index, row, from col, to col]. */
export const HEADER_FIXES: ReadonlyArray<readonly [number, number, number, number]> = [[8, 0, 4, 6]];

export function applyHeaderFixes(grids: readonly Grid[]): Grid[] {
  return grids.map((g, i) => {
    const fixes = HEADER_FIXES.filter(([t]) => t === i);
    if (fixes.length === 0) return g;
    const cells = g.cells.map((c) => {
      for (const [, row, from, to] of fixes) {
        if (c.row === row && c.col === from) return { ...c, text: '' };
        if (c.row === row && c.col === to) return { ...c, text: g.cells.find((x) => x.row === row && x.col === from)?.text ?? c.text };
      }
      return c;
    });
    return { ...g, cells };
  });
}

