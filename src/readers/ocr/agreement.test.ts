import { createCanvas } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';
import { toGrey, type GreyImage } from '../render/index.js';
import { AGREED, DISAGREED, agree, prepareCell } from './cell-ocr.js';
import type { OcrEngine } from './engine.js';
import type { OcrLine } from './spans.js';
import { closeOcr, ocrPool } from './tesseract-pool.js';

const slow = describe.skipIf(process.env.TALLY_SKIP_SLOW === '1');

/** A 200 dpi cell holding one figure, on white. */
function cellImage(text: string): GreyImage {
  const c = createCanvas(400, 80);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 400, 80);
  ctx.fillStyle = '#000';
  ctx.font = '30px sans-serif';
  ctx.fillText(text, 40, 52);
  const rgba = ctx.getImageData(0, 0, 400, 80).data;
  return toGrey({ width: 400, height: 80, channels: 4, data: new Uint8Array(rgba.buffer), dpi: 200 });
}

/** A second engine that reads every line as `text` (the crafted disagreement). */
const reading = (text: string): OcrEngine => ({
  name: 'ppocr',
  recognizeRegion: () => Promise.resolve([]),
  recognizeLine: () =>
    Promise.resolve([
      {
        words: [{ text, confidence: 97, bbox: { x0: 0, y0: 0, x1: 10, y1: 10 } }],
        bbox: { x0: 0, y0: 0, x1: 10, y1: 10 },
      },
    ]),
});

const first = (text: string, confidence: number): OcrLine[] => [
  {
    words: [{ text, confidence, bbox: { x0: 40, y0: 20, x1: 140, y1: 55 } }],
    bbox: { x0: 40, y0: 20, x1: 140, y1: 55 },
  },
];

slow('two engines on a figure (cell-ocr agree)', () => {
  afterAll(() => closeOcr());
  const image = cellImage('17.37');
  const prepared = prepareCell(image, { x0: 0, y0: 0, x1: 400, y1: 80 }, 128)!;
  const run = (lines: OcrLine[], second?: OcrEngine): Promise<OcrLine[]> =>
    ocrPool().run((_joined, lane) => agree(lines, prepared, lane, 200, undefined, second));

  it(
    'records agreement as confidence (the real PP-OCR reads the same figure)',
    { timeout: 60_000 },
    async () => {
      const out = await run(first('17.37', 62));
      expect(out[0]!.words[0]).toMatchObject({ text: '17.37', confidence: AGREED });
    },
  );

  it(
    'takes the re-read when it agrees with the second engine (first reading lost its point)',
    { timeout: 60_000 },
    async () => {
      // Tesseract's first reading 1737; PP-OCR says 17.37; the English model's re-read says 17.37 too.
      const out = await run(first('1737', 90), reading('17.37'));
      expect(out.map((l) => l.words.map((w) => w.text).join('')).join('')).toBe('17.37');
      expect(Math.min(...out.flatMap((l) => l.words.map((w) => w.confidence)))).toBe(AGREED);
    },
  );

  it(
    'takes the second reading, marked doubtful, when the engines still disagree (the second look settles it)',
    { timeout: 60_000 },
    async () => {
      const out = await run(first('17.37', 91), reading('11.37'));
      expect(out[0]!.words[0]).toMatchObject({ text: '11.37', confidence: DISAGREED });
      // In page pixels: the second engine's box moved by the cell's offset.
      expect(out[0]!.words[0]!.bbox.x0).toBe(prepared.dx);
    },
  );

  it(
    'asks the second engine about a figure garbled by a letter or a mark, and takes the agreed figure',
    { timeout: 60_000 },
    async () => {
      // Tesseract's first reading 17.3C (small type); PP-OCR says 17.37; the English model's re-read says 17.37.
      const out = await run(first('17.3C', 80), reading('17.37'));
      expect(out.map((l) => l.words.map((w) => w.text).join('')).join('')).toBe('17.37');
      expect(Math.min(...out.flatMap((l) => l.words.map((w) => w.confidence)))).toBe(AGREED);
    },
  );

  it('compares figures as the spans will have them: separators read as periods, a last 0 clipped to C', async () => {
    const a = await run(first('1.234.56', 80), reading('1,234.56'));
    expect(a[0]!.words[0]).toMatchObject({ text: '1.234.56', confidence: AGREED });
    const b = await run(first('11,815,120.0C', 80), reading('11,815,120.00'));
    expect(b[0]!.words[0]).toMatchObject({ text: '11,815,120.00', confidence: AGREED });
  });

  it('leaves text cells alone', async () => {
    const lines = first('合计', 88);
    expect(await run(lines, reading('17.37'))).toBe(lines);
  });
});
