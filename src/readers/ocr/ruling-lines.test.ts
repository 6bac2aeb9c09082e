import { describe, expect, it } from 'vitest';
import { detectRules, eraseRules } from './ruling-lines.js';

/** A 3×2-cell table at 200 dpi with 2-px rules, plus text-sized blobs inside the cells. */
function tableMask(): { mask: Uint8Array; width: number; height: number } {
  const width = 1000;
  const height = 600;
  const mask = new Uint8Array(width * height);
  const set = (x: number, y: number): void => {
    mask[y * width + x] = 1;
  };
  for (const y of [100, 200, 300]) for (let x = 100; x <= 700; x++) for (let k = 0; k < 2; k++) set(x, y + k);
  for (const x of [100, 300, 500, 700])
    for (let y = 100; y <= 301; y++) for (let k = 0; k < 2; k++) set(x + k, y);
  // "Characters": 25×30 px blocks with strokes shorter than any rule.
  for (const [cx, cy] of [
    [150, 140],
    [350, 240],
    [560, 140],
  ] as const) {
    for (let y = cy; y < cy + 30; y++)
      for (let x = cx; x < cx + 25; x++) if (x % 6 < 3 || y % 7 < 2) set(x, y);
  }
  // A rule with a 1-px scan break in it still counts as one.
  mask[200 * width + 400] = 0;
  mask[201 * width + 400] = 0;
  return { mask, width, height };
}

describe('detectRules', () => {
  it('finds the table rules and nothing in the text', () => {
    const { mask, width, height } = tableMask();
    const rules = detectRules(mask, width, height, { dpi: 200 });
    const h = rules.filter((r) => r.orientation === 'h').sort((a, b) => a.y0 - b.y0);
    const v = rules.filter((r) => r.orientation === 'v').sort((a, b) => a.x0 - b.x0);
    expect(h.map((r) => Math.round(r.y0))).toEqual([101, 201, 301].map((y) => y - 0.5).map(Math.round));
    expect(v.map((r) => Math.round(r.x0 - 0.5))).toEqual([100, 300, 500, 700]);
    for (const r of h) {
      expect(r.x0).toBeLessThanOrEqual(101);
      expect(r.x1).toBeGreaterThanOrEqual(700);
      expect(r.thickness).toBe(2);
    }
  });

  it('erases the rules but not the text', () => {
    const { mask, width, height } = tableMask();
    const grey = mask.map((m) => (m ? 0 : 255));
    const cleaned = eraseRules(grey, width, height, detectRules(mask, width, height, { dpi: 200 }));
    expect(cleaned[200 * width + 600]).toBe(255);
    expect(cleaned[150 * width + 300]).toBe(255);
    expect(cleaned[140 * width + 150]).toBe(0);
  });
});
