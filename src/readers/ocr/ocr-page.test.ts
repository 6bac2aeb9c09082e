import { describe, expect, it } from 'vitest';
import type { GreyImage } from '../render/index.js';
import { createCanvas } from '@napi-rs/canvas';
import { toGrey } from '../render/index.js';
import { findCellGrids } from './cell-grid.js';
import { findRules, isBilevel, quarterTurn, scanRecord, toScannedPage } from './ocr-page.js';

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

/**
 * 200 dpi white paper, a table frame (black rules at 100 and 400, columns at 100 and 1100) and a middle rule at
 * 250 as a levelled photocopy shows it: black dashes 80 px long with grey gaps of 10 px between them.
 */
function dashedRuleTable(): GreyImage {
  const width = 1200;
  const height = 600;
  const data = new Uint8Array(width * height).fill(255);
  for (const y of [100, 400]) data.fill(0, y * width + 100, y * width + 1101);
  for (const x of [100, 1100]) for (let y = 100; y <= 400; y++) data[y * width + x] = 0;
  for (let x = 100; x <= 1100; x++) data[250 * width + x] = (x - 100) % 90 < 80 ? 0 : 200;
  for (let y = 500; y < 530; y++) data.fill(30, y * width + 100, y * width + 400);
  return { width, height, channels: 1, dpi: 200, data };
}

describe('findRules', () => {
  it('takes a thin rule the ink mask holds only in dashes whole from the light mask', () => {
    const middle = findRules(dashedRuleTable()).filter((r) => r.orientation === 'h' && Math.abs(r.y0 - 250) <= 2);
    expect(middle.map((r) => [r.x0, r.x1])).toEqual([[100, 1100]]);
  });

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

  it('does not take the strokes of a large bold title for a ruled table', () => {
    // 200 dpi: a 2-row table under a title of two 27 pt characters drawn as bold strokes (井-like: two
    // 0.33-inch bars across, two 0.3-inch bars down, 6 px thick), as a 一般公共预算 title scans.
    const width = 1600;
    const height = 800;
    const data = new Uint8Array(width * height).fill(250);
    const bar = (x0: number, y0: number, x1: number, y1: number): void => {
      for (let y = y0; y < y1; y++) data.fill(10, y * width + x0, y * width + x1);
    };
    for (const left of [400, 500]) {
      bar(left, 120, left + 66, 126);
      bar(left, 150, left + 66, 156);
      bar(left + 18, 105, left + 24, 165);
      bar(left + 44, 105, left + 50, 165);
    }
    for (const y of [300, 360, 420]) bar(100, y, 1500, y + 2);
    for (const x of [100, 600, 1500]) bar(x, 300, x + 2, 422);
    const image: GreyImage = { width, height, channels: 1, dpi: 200, data };
    const rules = findRules(image);
    expect(rules.filter((r) => r.y1 < 200)).toEqual([]);
    const tables = findCellGrids(rules, { dpi: 200 });
    expect(tables.map((t) => [t.rows, t.columns])).toEqual([[2, 2]]);
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

describe('scanRecord', () => {
  // A 400 × 600 pt scan; the page read upright is 600 × 400 after a quarter turn.
  const scan = { width: 400, height: 600 };
  it.each([
    // Turned 90° clockwise to read: the upright top-left came from the scan's bottom-left.
    [90, { x: 0, y: 0 }, { x: 0, y: 600 }],
    [90, { x: 600, y: 0 }, { x: 0, y: 0 }],
    [270, { x: 0, y: 0 }, { x: 400, y: 0 }],
    [270, { x: 600, y: 400 }, { x: 0, y: 600 }],
  ] as const)('maps the upright page turned %s° back onto the scan', (turn, upright, scanned) => {
    const record = scanRecord({ angleDeg: 0, cx: 0, cy: 0 }, turn, scan)!;
    const p = toScannedPage({ deskew: record }, upright.x, upright.y);
    expect(p.x).toBeCloseTo(scanned.x, 1);
    expect(p.y).toBeCloseTo(scanned.y, 1);
    expect(quarterTurn(record)).toBe(turn);
  });

  it('composes the skew removed with the turn', () => {
    // Upside down and 1.5° crooked: levelled point → upright (turned by the skew about the centre) → scan.
    const skew = { angleDeg: 1.5, cx: 200, cy: 300 };
    const record = scanRecord(skew, 180, scan)!;
    const a = (1.5 * Math.PI) / 180;
    const [x, y] = [50, 80];
    const ux = Math.cos(a) * (x - 200) - Math.sin(a) * (y - 300) + 200;
    const uy = Math.sin(a) * (x - 200) + Math.cos(a) * (y - 300) + 300;
    const p = toScannedPage({ deskew: record }, x, y);
    expect(p.x).toBeCloseTo(400 - ux, 1);
    expect(p.y).toBeCloseTo(600 - uy, 1);
    expect(quarterTurn(record)).toBe(180);
    expect(scanRecord(skew, 0, scan)).toEqual(skew);
    expect(scanRecord({ angleDeg: 0, cx: 0, cy: 0 }, 0, scan)).toBeUndefined();
    expect(quarterTurn(skew)).toBe(0);
  });
});
