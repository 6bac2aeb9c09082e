import type { BBox, Block, Page, Provenance } from '../model/index.js';
import { toOriginal } from '../readers/render/deskew.js';

/**
 * OCR'd pages are read levelled (Page.deskew says by how much), because the table stage needs horizontal rules
 * to be horizontal. A reviewer sees the scan as it is, so once the tables are built every box on such a page is
 * mapped back onto the scan: the box holding the four rotated corners.
 */
export function blocksOnScannedPages(blocks: readonly Block[], pages: readonly Page[]): Block[] {
  const skew = new Map(pages.flatMap((p) => (p.deskew && p.deskew.angleDeg !== 0 ? [[p.number, p.deskew] as const] : [])));
  if (skew.size === 0) return [...blocks];
  const mapBox = (page: number | undefined, box: BBox | undefined): BBox | undefined => {
    const d = page !== undefined ? skew.get(page) : undefined;
    if (!d || !box) return box;
    const corners = [
      toOriginal(d, box.x0, box.y0),
      toOriginal(d, box.x1, box.y0),
      toOriginal(d, box.x0, box.y1),
      toOriginal(d, box.x1, box.y1),
    ];
    return {
      x0: Math.min(...corners.map((c) => c.x)),
      y0: Math.min(...corners.map((c) => c.y)),
      x1: Math.max(...corners.map((c) => c.x)),
      y1: Math.max(...corners.map((c) => c.y)),
    };
  };
  const mapSource = (s: Provenance): Provenance => {
    const bbox = mapBox(s.page, s.bbox);
    return bbox ? { ...s, bbox } : s;
  };
  return blocks.map((b) =>
    b.kind === 'text'
      ? { ...b, source: mapSource(b.source) }
      : {
          kind: 'grid',
          grid: {
            ...b.grid,
            source: mapSource(b.grid.source),
            ...(b.grid.bbox ? { bbox: mapBox(b.grid.pages?.[0], b.grid.bbox) ?? b.grid.bbox } : {}),
            cells: b.grid.cells.map((c) => ({ ...c, source: mapSource(c.source) })),
          },
        },
  );
}
