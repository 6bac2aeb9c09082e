import { describe, expect, it } from 'vitest';
import type { Block, Page } from '../model/index.js';
import { blocksOnScannedPages } from './scan-coordinates.js';

const page = (deskew?: Page['deskew']): Page => ({
  number: 1,
  width: 600,
  height: 800,
  spans: [],
  lines: [],
  rects: [],
  ocr: { needed: false },
  ...(deskew ? { deskew } : {}),
});
const block: Block = { kind: 'text', text: '合计', source: { page: 1, bbox: { x0: 500, y0: 100, x1: 550, y1: 110 } } };

describe('boxes of OCR-levelled pages, back on the scan', () => {
  it('leaves pages without skew alone', () => {
    expect(blocksOnScannedPages([block], [page()])).toEqual([block]);
  });
  it('rotates a box about the page centre by the removed skew', () => {
    const [out] = blocksOnScannedPages([block], [page({ angleDeg: 1, cx: 300, cy: 400 })]);
    const box = out?.kind === 'text' ? out.source.bbox : undefined;
    // 1° about (300, 400): a point 200 pt right and 300 pt up moves by about 3.5–5 pt.
    expect(box).toBeDefined();
    expect(Math.abs((box?.y0 ?? 0) - 100)).toBeGreaterThan(2);
    expect((box?.x1 ?? 0) - (box?.x0 ?? 0)).toBeGreaterThanOrEqual(50);
  });
});
