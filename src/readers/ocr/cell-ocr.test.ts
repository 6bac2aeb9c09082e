import { describe, expect, it } from 'vitest';
import type { GreyImage } from '../render/index.js';
import { clippedZero, garbledFigure, garbledQuantity, leadingMinus, prepareCell, quantityFromSecond, shrinkGrey, withoutTables } from './cell-ocr.js';
import type { OcrLine } from './spans.js';

const PAPER = 238;

/** A 300 dpi grey page of paper with a 400×60 px cell at (100, 100). */
function page(): GreyImage {
  const width = 600;
  const height = 300;
  return { width, height, channels: 1, dpi: 300, data: new Uint8Array(width * height).fill(PAPER) };
}

function paint(img: GreyImage, x0: number, y0: number, x1: number, y1: number, value: number): void {
  for (let y = y0; y < y1; y++) img.data.fill(value, y * img.width + x0, y * img.width + x1);
}

const inner = { x0: 100, y0: 100, x1: 500, y1: 160 };

describe('prepareCell', () => {
  it('cuts a cell to its ink, leaving out a rule remnant along its edge and dust', () => {
    const img = page();
    // The blurred fringe of the left rule: a light column the full height of the cell.
    paint(img, 100, 100, 102, 160, 215);
    // Dust: a 2×2 speck.
    paint(img, 140, 110, 142, 112, 60);
    // A glyph-sized mark: 20×30 px of ink with holes.
    for (let y = 115; y < 145; y++)
      for (let x = 400; x < 420; x++) if ((x + y) % 3 !== 0) img.data[y * img.width + x] = 40;
    const cell = prepareCell(img, inner, 120);
    expect(cell).toBeDefined();
    const margin = Math.round(300 / 20);
    // The cut holds the glyph and the margin only: the remnant at x 100–101 and the speck at x 140 are gone.
    expect(cell!.dx).toBe(400 - margin);
    expect(cell!.dy).toBe(115 - margin);
    expect(cell!.image.width).toBe(20 + 2 * margin);
    expect(cell!.multiline).toBe(false);
    // The margin is paper, not white: a white frame on grey paper reads as "1".
    expect(cell!.image.data[0]).toBe(PAPER);
  });

  it('calls a cell with only dust or a rule remnant in it empty', () => {
    const img = page();
    paint(img, 100, 100, 102, 160, 215);
    paint(img, 300, 130, 302, 132, 60);
    expect(prepareCell(img, inner, 120)).toBeUndefined();
  });

  it.each([
    // Measured on corpus pages: 20 px of ink in a 5 × 14 box at 200 dpi, 66 px in 10 × 25 at 300.
    [200, 14, 1],
    [300, 25, 2],
  ])('keeps a lone small "1" (%s dpi), the only figure of its cell', (dpi, tall, stem) => {
    const width = 600;
    const img: GreyImage = { width, height: 300, channels: 1, dpi, data: new Uint8Array(width * 300).fill(PAPER) };
    // The stem, a short flag up to the left, a foot.
    paint(img, 300, 110, 300 + stem, 110 + tall, 40);
    for (let k = 1; k <= 3; k++) paint(img, 300 - k, 110 + k, 301 - k, 111 + k, 40);
    paint(img, 298, 110 + tall - 1, 303, 110 + tall, 40);
    const cell = prepareCell(img, inner, 120);
    expect(cell).toBeDefined();
    expect(cell!.dx).toBeLessThanOrEqual(297);
  });

  it('keeps a figure in small type that binarized into pieces, all of them, not only those by a whole glyph', () => {
    // 200 dpi, 7 pt: five pieces of digits (5×6 px, 7 px apart) and one whole digit (5×10 px) at the right.
    const width = 600;
    const img: GreyImage = { width, height: 300, channels: 1, dpi: 200, data: new Uint8Array(width * 300).fill(PAPER) };
    for (let k = 0; k < 5; k++) paint(img, 200 + 7 * k, 122, 205 + 7 * k, 128, 40);
    paint(img, 235, 120, 240, 130, 40);
    const cell = prepareCell(img, { x0: 150, y0: 100, x1: 260, y1: 150 }, 120);
    expect(cell).toBeDefined();
    // The ink box starts at the leftmost piece, 0.15 inch from the whole digit.
    expect(cell!.dx + Math.max(4, Math.round(200 / 20))).toBe(200);
  });

  it('keeps the broken-up pieces of a thin stroke that run off a glyph (the diagonal of a serif 4)', () => {
    const width = 600;
    const img: GreyImage = { width, height: 300, channels: 1, dpi: 200, data: new Uint8Array(width * 300).fill(PAPER) };
    // The stem (2×20 px) and, down to its left, the diagonal as single pixels a pixel apart.
    paint(img, 220, 110, 222, 130, 40);
    for (let k = 1; k <= 4; k++) paint(img, 220 - 2 * k, 110 + 2 * k, 221 - 2 * k, 111 + 2 * k, 40);
    // Dust: a lone pixel far from any ink.
    paint(img, 170, 140, 171, 141, 40);
    const cell = prepareCell(img, { x0: 150, y0: 100, x1: 260, y1: 150 }, 120);
    expect(cell!.dx + Math.max(4, Math.round(200 / 20))).toBe(212);
  });

  it('keeps the light bar of a 一 at 150 dpi, that the threshold leaves as a speck, and its 、; clears dust', () => {
    // 150 dpi, white paper, threshold 153 (as Otsu put it on a 上海 page): "一、财政…", the 一 a 20×2 px bar of
    // grey 170–190 with two pixels under the threshold, the 、 a 4×4 px mark, the first whole glyph 16 px on.
    const width = 400;
    const img: GreyImage = { width, height: 100, channels: 1, dpi: 150, data: new Uint8Array(width * 100).fill(255) };
    paint(img, 110, 40, 130, 41, 170);
    paint(img, 111, 41, 131, 42, 190);
    paint(img, 128, 40, 130, 41, 140);
    paint(img, 133, 44, 137, 48, 100);
    paint(img, 153, 30, 170, 50, 40);
    // Dust: a 2×2 speck with a grey halo, far from the rest.
    paint(img, 229, 39, 233, 43, 200);
    paint(img, 230, 40, 232, 42, 100);
    const cell = prepareCell(img, { x0: 100, y0: 20, x1: 260, y1: 70 }, 153);
    expect(cell).toBeDefined();
    const margin = Math.max(4, Math.round(150 / 20));
    expect(cell!.dx + margin).toBe(110);
    expect(cell!.image.width).toBe(170 - 110 + 2 * margin);
  });

  it('sees two lines of text as several lines', () => {
    const img = page();
    const tall = { x0: 100, y0: 20, x1: 500, y1: 200 };
    paint(img, 150, 30, 300, 60, 40);
    paint(img, 150, 120, 300, 150, 40);
    expect(prepareCell(img, tall, 120)?.multiline).toBe(true);
  });

  it('sees two lines of small type as several lines, and one line of flat strokes as one', () => {
    // 200 dpi, a header cell of a wide table: two lines of 7 pt type (20 px tall, 4 px apart), 44 px in
    // all, under the quarter inch that two lines of body type exceed.
    const width = 600;
    const img: GreyImage = { width, height: 300, channels: 1, dpi: 200, data: new Uint8Array(width * 300).fill(PAPER) };
    const cell = { x0: 100, y0: 100, x1: 300, y1: 160 };
    for (const top of [108, 132]) for (let x = 120; x < 260; x += 22) paint(img, x, top, x + 18, top + 20, 40);
    expect(prepareCell(img, cell, 120)?.multiline).toBe(true);
    // A lone 三 (three flat strokes with blank rows between them) is one line.
    const flat: GreyImage = { ...img, data: new Uint8Array(width * 300).fill(PAPER) };
    for (const y of [110, 120, 130]) paint(flat, 120, y, 150, y + 3, 40);
    expect(prepareCell(flat, cell, 120)?.multiline).toBe(false);
  });
});

describe('withoutTables', () => {
  it('paints the tables over in the paper grey, leaving the rest', () => {
    const img = page();
    paint(img, 0, 0, 50, 10, 40);
    paint(img, 150, 150, 160, 160, 40);
    const rest = withoutTables(img, [{ x0: 100, y0: 100, x1: 500, y1: 200, cells: [], rows: 2, columns: 2 }]);
    expect(rest.data[155 * img.width + 155]).toBe(PAPER);
    expect(rest.data[5 * img.width + 5]).toBe(40);
    // The input is not changed.
    expect(img.data[155 * img.width + 155]).toBe(40);
  });
});

describe('shrinkGrey', () => {
  it('averages the pixels each output pixel covers and scales the resolution', () => {
    const img: GreyImage = {
      width: 4,
      height: 2,
      channels: 1,
      dpi: 200,
      data: new Uint8Array([0, 100, 200, 200, 0, 100, 200, 200]),
    };
    const small = shrinkGrey(img, 0.5);
    expect([small.width, small.height, small.dpi]).toEqual([2, 1, 100]);
    expect([...small.data]).toEqual([50, 200]);
  });
});

describe('quantityFromSecond', () => {
  const line = (...words: string[]): OcrLine[] => [
    {
      words: words.map((text, i) => ({ text, confidence: 90, bbox: { x0: 10 * i, y0: 0, x1: 10 * i + 9, y1: 10 } })),
      bbox: { x0: 0, y0: 0, x1: 10 * words.length, y1: 10 },
    },
  ];
  const at = { dx: 100, dy: 50 };

  it('takes the second engine\'s quantity where tesseract garbled the comparator around the same digits', () => {
    const got = quantityFromSecond(line('三', '5', '个'), line('≥5个'), at);
    expect(got?.map((l) => l.words.map((w) => w.text).join(''))).toEqual(['≥5个']);
    // In page pixels.
    expect(got?.[0]?.words[0]?.bbox).toEqual({ x0: 100, y0: 50, x1: 109, y1: 60 });
    expect(quantityFromSecond(line('二2个'), line('≥2个'), at)).toBeDefined();
  });

  it('leaves the reading when the digits differ, the second is no quantity, or nothing was garbled', () => {
    expect(quantityFromSecond(line('三5个'), line('≥6个'), at)).toBeUndefined();
    expect(quantityFromSecond(line('三5个'), line('三5个'), at)).toBeUndefined();
    expect(quantityFromSecond(line('≥95%'), line('≥95%'), at)).toBeUndefined();
    expect(quantityFromSecond(line('12.50'), line('12.50'), at)).toBeUndefined();
    expect(garbledQuantity('通过项目实施')).toBe(false);
    expect(garbledQuantity('三95%')).toBe(true);
  });
});

describe('leadingMinus', () => {
  /** A 200 dpi cut of a figure in 7 pt type: digits 5×12 px, 2 px apart, starting at x 30. */
  const cut = (): GreyImage => {
    const img: GreyImage = { width: 80, height: 30, channels: 1, dpi: 200, data: new Uint8Array(80 * 30).fill(PAPER) };
    for (let k = 0; k < 5; k++) paint(img, 30 + 7 * k, 9, 35 + 7 * k, 21, 40);
    return img;
  };

  it('finds a one-pixel dash level with the middle of the digits, close before them', () => {
    const img = cut();
    paint(img, 20, 15, 28, 16, 40);
    expect(leadingMinus(img, 120)).toBe(true);
  });

  it('finds none before a plain figure, a flat mark at the foot or top, or a bar sharing a digit\'s columns', () => {
    expect(leadingMinus(cut(), 120)).toBe(false);
    const low = cut();
    paint(low, 20, 20, 28, 21, 40);
    expect(leadingMinus(low, 120)).toBe(false);
    // The crossbar of a 4 reaching left of its stem: other ink above it in its columns.
    const four = cut();
    paint(four, 24, 15, 32, 16, 40);
    paint(four, 24, 9, 25, 13, 40);
    expect(leadingMinus(four, 120)).toBe(false);
    // A dash far before the figure is no sign of it.
    const far = cut();
    paint(far, 2, 15, 10, 16, 40);
    expect(leadingMinus(far, 120)).toBe(false);
  });
});

describe('garbledFigure', () => {
  it('is a figure with a letter or a mark or two in it, of three digits or more', () => {
    expect(garbledFigure('11,815,1200C')).toBe(true);
    expect(garbledFigure('50,937,608.3°')).toBe(true);
    expect(garbledFigure('17.3C')).toBe(true);
  });

  it('is no plain figure, no short code, no text, no figure with a unit', () => {
    expect(garbledFigure('11,815,120.00')).toBe(false);
    expect(garbledFigure('A12')).toBe(false);
    expect(garbledFigure('合计')).toBe(false);
    expect(garbledFigure('2,557.50万元')).toBe(false);
    expect(garbledFigure('ABC1234')).toBe(false);
  });
});

describe('clippedZero', () => {
  const box = { x0: 0, y0: 0, x1: 10, y1: 10 };
  const lines = (...texts: string[]): OcrLine[] => [
    { words: texts.map((text) => ({ text, confidence: 80, bbox: box })), bbox: box },
  ];
  const text = (ls: OcrLine[]): string => ls.map((l) => l.words.map((w) => w.text).join('')).join('');

  it('makes a C after the last digit of a figure its 0', () => {
    expect(text(clippedZero(lines('11,815,120', '0C')))).toBe('11,815,12000');
    expect(text(clippedZero(lines('11,815,120.0C')))).toBe('11,815,120.00');
  });

  it('leaves a C that is no clipped 0: after text, in the middle, alone', () => {
    for (const t of ['ABC', '12C3', 'C', '合计C', '°C']) expect(text(clippedZero(lines(t)))).toBe(t);
  });
});
