import { describe, expect, it } from 'vitest';
import type { GreyImage } from '../render/index.js';
import { createCanvas } from '@napi-rs/canvas';
import { toGrey } from '../render/index.js';
import { findRules, isBilevel } from './ocr-page.js';

/** 300 dpi grey paper (238) with a 3×2 grid of hairline rules only 40 levels darker, as a scan renders 0.25 pt. */
function hairlineGrid(level: number): GreyImage {
  const width = 1200;
  const height = 600;
  const data = new Uint8Array(width * height).fill(238);
  for (const y of [100, 250, 400]) data.fill(level, y * width + 100, y * width + 1101);
  for (const x of [100, 600, 1100]) for (let y = 100; y <= 400; y++) data[y * width + x] = level;
  // Text-dark ink elsewhere, so the page's Otsu threshold sits between it and the paper.
  for (let y = 500; y < 530; y++) data.fill(30, y * width + 100, y * width + 400);
  return { width, height, channels: 1, dpi: 300, data };
}

describe('findRules', () => {
  it('finds hairline table rules far lighter than the text', () => {
    const rules = findRules(hairlineGrid(198));
    expect(
      rules.filter((r) => r.orientation === 'h' && r.x1 - r.x0 > 900).map((r) => Math.round(r.y0)),
    ).toEqual([100, 250, 400]);
    expect(
      rules
        .filter((r) => r.orientation === 'v' && r.y1 - r.y0 > 250)
        .map((r) => Math.round(r.x0))
        .sort((a, b) => a - b),
    ).toEqual([100, 600, 1100]);
  });

  it('does not find rules in paper grain', () => {
    expect(findRules(hairlineGrid(236)).filter((r) => r.y1 - r.y0 > 250 || r.x1 - r.x0 > 900)).toEqual([]);
  });
});

describe('isBilevel', () => {
  it('tells a hard black-and-white page (photocopy, fax) from a greyscale scan or rendering', () => {
    const c = createCanvas(800, 400);
    const ctx = c.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 800, 400);
    ctx.fillStyle = '#000';
    ctx.font = '28px sans-serif';
    for (let i = 0; i < 8; i++) ctx.fillText('Total 1,234.56 Rent 11.33 Other 0.50', 20, 40 + i * 45);
    const rgba = ctx.getImageData(0, 0, 800, 400).data;
    const grey = toGrey({
      width: 800,
      height: 400,
      channels: 4,
      data: new Uint8Array(rgba.buffer),
      dpi: 200,
    });
    expect(isBilevel(grey)).toBe(false);
    const hard = { ...grey, data: grey.data.map((v) => (v < 140 ? 0 : 255)) };
    expect(isBilevel(hard)).toBe(true);
    expect(isBilevel(hairlineGrid(198))).toBe(false);
  });
});
