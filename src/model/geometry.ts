import { z } from 'zod';

/**
 * An axis-aligned box on a page.
 * Unit: PDF points (1/72 inch). Origin: top-left corner of the page, y grows downward.
 * Pixel coordinates from page images are converted with `pt = px * 72 / dpi` before they enter the model,
 * so one unit serves every format that has pages.
 */
export const BBox = z
  .object({
    /** Left edge, points from the page's left edge. */
    x0: z.number(),
    /** Top edge, points from the page's top edge. */
    y0: z.number(),
    /** Right edge, points from the page's left edge (x1 >= x0). */
    x1: z.number(),
    /** Bottom edge, points from the page's top edge (y1 >= y0). */
    y1: z.number(),
  })
  .meta({ description: 'Box in PDF points, origin top-left, y downward.' });
export type BBox = z.infer<typeof BBox>;

/** The smallest box holding every box given; undefined for none. */
export function unionBoxes(boxes: readonly BBox[]): BBox | undefined {
  if (boxes.length === 0) return undefined;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x0);
    y0 = Math.min(y0, b.y0);
    x1 = Math.max(x1, b.x1);
    y1 = Math.max(y1, b.y1);
  }
  return { x0, y0, x1, y1 };
}
