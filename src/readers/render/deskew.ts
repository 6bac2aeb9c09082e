import type { GreyImage } from './page-image.js';

/**
 * How a deskewed image relates to the original: the deskewed pixel (u, v) shows the original pixel
 * `toOriginal(u, v)`. Rotation is about the image centre, so both images have the same size.
 */
export interface SkewTransform {
  /** Skew of the original, degrees; positive when horizontal rules fall to the right (y grows with x). */
  readonly angleDeg: number;
  readonly cx: number;
  readonly cy: number;
}

export const NO_SKEW: SkewTransform = { angleDeg: 0, cx: 0, cy: 0 };

/** Map a point of the deskewed image back to the original image (pixels). */
export function toOriginal(t: SkewTransform, u: number, v: number): { x: number; y: number } {
  if (t.angleDeg === 0) return { x: u, y: v };
  const a = (t.angleDeg * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const du = u - t.cx;
  const dv = v - t.cy;
  return { x: c * du - s * dv + t.cx, y: s * du + c * dv + t.cy };
}

/**
 * Skew angle by projection profiles: shear the ink rows by each candidate angle and keep the one whose
 * row histogram is sharpest (sum of squares). Ruled tables make this very peaked. Coarse 0.1° steps over
 * ±maxDeg, then 0.02° around the best. Samples at most ~200k ink pixels so a page costs a few ms.
 */
export function estimateSkew(mask: Uint8Array, width: number, height: number, maxDeg = 2): number {
  const xs: number[] = [];
  const ys: number[] = [];
  let ink = 0;
  for (const v of mask) ink += v;
  if (ink < 50) return 0;
  const stride = Math.max(1, Math.floor(ink / 200_000));
  let k = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (mask[row + x] === 1 && k++ % stride === 0) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  const bins = new Float64Array(height + 2 * Math.ceil(width * Math.tan((maxDeg * Math.PI) / 180)) + 4);
  const offset = (bins.length - height) / 2;
  const score = (deg: number): number => {
    bins.fill(0);
    const t = Math.tan((deg * Math.PI) / 180);
    for (let i = 0; i < xs.length; i++) {
      const b = Math.round((ys[i] ?? 0) - (xs[i] ?? 0) * t + offset);
      bins[b] = (bins[b] ?? 0) + 1;
    }
    let s = 0;
    for (const v of bins) s += v * v;
    return s;
  };
  let best = 0;
  let bestScore = score(0);
  for (let d = -maxDeg; d <= maxDeg + 1e-9; d += 0.1) {
    const s = score(d);
    if (s > bestScore) [best, bestScore] = [d, s];
  }
  const coarse = best;
  for (let d = coarse - 0.1; d <= coarse + 0.1 + 1e-9; d += 0.02) {
    const s = score(d);
    if (s > bestScore) [best, bestScore] = [d, s];
  }
  return Math.round(best * 100) / 100;
}

/** Rotate so the content is level (bilinear, white outside). Angles under 0.05° are left alone. */
export function deskew(image: GreyImage, angleDeg: number): { image: GreyImage; transform: SkewTransform } {
  if (Math.abs(angleDeg) < 0.05) return { image, transform: NO_SKEW };
  const { width, height, data } = image;
  const transform: SkewTransform = { angleDeg, cx: width / 2, cy: height / 2 };
  const a = (angleDeg * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const out = new Uint8Array(width * height);
  for (let v = 0; v < height; v++) {
    const dv = v - transform.cy;
    for (let u = 0; u < width; u++) {
      const du = u - transform.cx;
      const x = c * du - s * dv + transform.cx;
      const y = s * du + c * dv + transform.cy;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= width || y0 + 1 >= height) {
        out[v * width + u] = 255;
        continue;
      }
      const fx = x - x0;
      const fy = y - y0;
      const i = y0 * width + x0;
      const top = (data[i] ?? 255) * (1 - fx) + (data[i + 1] ?? 255) * fx;
      const bottom = (data[i + width] ?? 255) * (1 - fx) + (data[i + width + 1] ?? 255) * fx;
      out[v * width + u] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { image: { ...image, data: out }, transform };
}
