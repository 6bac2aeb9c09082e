import { describe, expect, it } from 'vitest';
import { binarize } from './binarize.js';
import { deskew, estimateSkew, toOriginal } from './deskew.js';
import type { GreyImage } from './page-image.js';

/** A white page with horizontal rules drawn at `angleDeg` (y grows with x for positive angles). */
function ruledPage(angleDeg: number): GreyImage {
  const width = 1200;
  const height = 900;
  const data = new Uint8Array(width * height).fill(255);
  const t = Math.tan((angleDeg * Math.PI) / 180);
  for (let row = 100; row < 800; row += 60) {
    for (let x = 100; x < 1100; x++) {
      const y = Math.round(row + (x - width / 2) * t);
      for (let k = 0; k < 3; k++) data[(y + k) * width + x] = 0;
    }
  }
  return { width, height, channels: 1, data, dpi: 200 };
}

describe('skew', () => {
  it.each([0, 0.6, -0.9, 1.5])('estimates a skew of %s°', (angle) => {
    const page = ruledPage(angle);
    expect(estimateSkew(binarize(page), page.width, page.height)).toBeCloseTo(angle, 1);
  });

  it('levels the rules and maps deskewed points back onto the original', () => {
    const page = ruledPage(0.8);
    const { image, transform } = deskew(page, estimateSkew(binarize(page), page.width, page.height));
    expect(transform.angleDeg).toBeCloseTo(0.8, 1);
    expect(estimateSkew(binarize(image), image.width, image.height)).toBeCloseTo(0, 1);
    // Take the first rule where it crosses u = 300 in the deskewed image, map that pixel back, and it
    // must sit on the slanted rule of the original.
    let found = false;
    for (let v = 0; v < image.height && !found; v++) {
      if ((image.data[v * image.width + 300] ?? 255) < 128) {
        const o = toOriginal(transform, 300, v);
        const expected = 100 + (o.x - 600) * Math.tan((0.8 * Math.PI) / 180) + 1;
        expect(Math.abs(o.y - expected)).toBeLessThan(2);
        found = true;
      }
    }
    expect(found).toBe(true);
  });

  it('leaves a level page untouched', () => {
    const page = ruledPage(0);
    expect(deskew(page, 0.01).image).toBe(page);
  });
});
