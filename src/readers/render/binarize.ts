import type { GreyImage } from './page-image.js';

/** Otsu's global threshold: the grey level that best separates ink from paper (levels <= t are ink). */
export function otsuThreshold(image: GreyImage): number {
  const hist = new Float64Array(256);
  for (const v of image.data) hist[v] = (hist[v] ?? 0) + 1;
  const total = image.data.length;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) sumAll += i * (hist[i] ?? 0);
  let sumB = 0;
  let wB = 0;
  let best = 127;
  let bestVar = -1;
  for (let t = 0; t < 256; t++) {
    wB += hist[t] ?? 0;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * (hist[t] ?? 0);
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > bestVar) {
      bestVar = between;
      best = t;
    }
  }
  return best;
}

/**
 * Ink mask: 1 where a pixel is ink. A blank page has one grey level; Otsu would then split paper from
 * paper, so the threshold is capped well below white.
 */
export function binarize(image: GreyImage, threshold = otsuThreshold(image)): Uint8Array {
  const t = Math.min(threshold, 200);
  const out = new Uint8Array(image.data.length);
  for (let i = 0; i < out.length; i++) out[i] = (image.data[i] ?? 255) <= t ? 1 : 0;
  return out;
}

/** The paper's grey: the median level (most of a document page is paper). */
export function paperGrey(values: Uint8Array): number {
  const hist = new Uint32Array(256);
  for (const v of values) hist[v]!++;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += hist[v]!;
    if (seen * 2 >= values.length) return v;
  }
  return 255;
}
