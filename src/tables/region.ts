import type { BBox, Grid, Page } from '../model/index.js';
import { startMerged } from './continuation.js';
import { latticeGrids } from './lattice.js';
import { toGrid } from './pages-to-blocks.js';
import { horizontalRules, streamGrid } from './stream.js';
import { centerX, centerY, splitAtWideSpaces } from './text-lines.js';

/**
 * The grid of a table whose region is known (a reviewer drew it, or a benchmark gives it): ruled when
 * rules inside the region form a table, else rebuilt from the text alignment inside the region.
 */
export function gridInRegion(page: Page, region: BBox, id = `p${page.number}r`): Grid | undefined {
  const inRegion = (x: number, y: number, tol: number): boolean =>
    x >= region.x0 - tol && x <= region.x1 + tol && y >= region.y0 - tol && y <= region.y1 + tol;
  const spans = page.spans.flatMap(splitAtWideSpaces).filter((s) => inRegion(centerX(s.bbox), centerY(s.bbox), 0));
  // Rules often run a little past the region drawn around the text: take those that reach into it.
  const lines = page.lines.filter(
    (l) => inRegion((l.x0 + l.x1) / 2, (l.y0 + l.y1) / 2, 8) || inRegion(l.x0, l.y0, 8) || inRegion(l.x1, l.y1, 8),
  );
  const lattice = latticeGrids({ ...page, lines }, spans)
    .filter((g) => g.spans.size > 0)
    .sort((a, b) => b.spans.size - a.spans.size)[0];
  const covered = lattice ? lattice.spans.size >= 0.8 * spans.length : false;
  const g = covered && lattice ? lattice : streamGrid(page.number, spans, region, horizontalRules(page.lines, region));
  return g ? toGrid(startMerged(g), id) : undefined;
}
