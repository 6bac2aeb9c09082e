import { existsSync, readdirSync } from 'node:fs';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageForOcr } from '../../../test/support/scan-fixtures.js';
import type { TextSpan } from '../../model/index.js';
import { imageReader } from '../image/index.js';
import { deskew, encodePng, renderPdfPageGrey } from '../render/index.js';
import {
  closeOcr,
  ocrPages,
  toScannedPage,
  ocrPool,
  rereadCell,
  traineddataPaths,
  workerOptions,
} from './index.js';

/** Real tesseract runs: a few seconds a page. Skip locally with TALLY_SKIP_SLOW=1 (never in CI). */
const slow = describe.skipIf(process.env.TALLY_SKIP_SLOW === '1');

const COLS = [72, 252, 392, 532];
const ROWS = [150, 180, 210, 240, 270];
const CELLS: readonly (readonly [string, string, string])[] = [
  ['Total', '1,234.56', '17.37'],
  ['Salaries', '905.20', '48.00'],
  ['Rent', '11.33', '2,995.39'],
  ['Other', '0.50', '300.00'],
];

/** A4 page, a ruled 4×3 table of known numbers (top-left origin coordinates as in the model). */
async function tablePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  const H = 842;
  for (const y of ROWS)
    page.drawLine({
      start: { x: COLS[0]!, y: H - y },
      end: { x: COLS[3]!, y: H - y },
      thickness: 0.8,
      color: rgb(0, 0, 0),
    });
  for (const x of COLS)
    page.drawLine({
      start: { x, y: H - ROWS[0]! },
      end: { x, y: H - ROWS[4]! },
      thickness: 0.8,
      color: rgb(0, 0, 0),
    });
  CELLS.forEach((row, r) => {
    row.forEach((text, c) => {
      const size = 11;
      const w = font.widthOfTextAtSize(text, size);
      // Labels left-aligned, numbers right-aligned, as in the real tables.
      const x = c === 0 ? COLS[0]! + 6 : COLS[c + 1]! - 6 - w;
      page.drawText(text, { x, y: H - (ROWS[r]! + 20), size, font, color: rgb(0, 0, 0) });
    });
  });
  return doc.save();
}


/** The span holding exactly this text, after dropping thousands separators on both sides. */
const find = (spans: readonly TextSpan[], text: string): TextSpan | undefined =>
  spans.find((s) => s.text.replace(/[,\s]/g, '') === text.replace(/,/g, ''));

slow('OCR of a rendered ruled table [slow]', () => {
  let bytes: Uint8Array;
  beforeAll(async () => {
    bytes = await tablePdf();
  });
  afterAll(async () => {
    await closeOcr();
  });

  it('finds every number where it was printed, and the rules', async () => {
    const [page] = await ocrPages({ path: 't.pdf', bytes, format: 'pdf', pages: [pageForOcr(1)] });
    expect(page!.number).toBe(1);
    for (const [r, row] of CELLS.entries()) {
      for (const c of [1, 2]) {
        const span = find(page!.spans, row[c]!);
        expect(span, `${row[c]} in ${JSON.stringify(page!.spans.map((s) => s.text))}`).toBeDefined();
        expect(span!.origin).toBe('ocr');
        expect(span!.confidence).toBeGreaterThan(0.5);
        expect(span!.confidence).toBeLessThanOrEqual(1);
        // Right-aligned 6 pt inside the column's right rule, on the row's baseline (points, top-left).
        expect(span!.bbox.x1).toBeGreaterThan(COLS[c + 1]! - 9);
        expect(span!.bbox.x1).toBeLessThan(COLS[c + 1]! - 3);
        expect(span!.bbox.y1).toBeGreaterThan(ROWS[r]! + 17);
        expect(span!.bbox.y1).toBeLessThan(ROWS[r]! + 24);
      }
    }
    expect(find(page!.spans, 'Salaries')).toBeDefined();
    const h = page!.lines
      .filter((l) => Math.abs(l.y0 - l.y1) < 0.5)
      .map((l) => l.y0)
      .sort((a, b) => a - b);
    const v = page!.lines
      .filter((l) => Math.abs(l.x0 - l.x1) < 0.5)
      .map((l) => l.x0)
      .sort((a, b) => a - b);
    expect(h).toHaveLength(ROWS.length);
    h.forEach((y, i) => expect(Math.abs(y - ROWS[i]!)).toBeLessThan(1));
    expect(v).toHaveLength(COLS.length);
    v.forEach((x, i) => expect(Math.abs(x - COLS[i]!)).toBeLessThan(1));
    // The LSTM-only core, not the legacy one tesseract.js 7 would pick by itself.
    expect(ocrPool().coreName).toMatch(/-lstm$/);
  }, 180_000);

  it('reads a tilted PNG scan: boxes and rules on the levelled page, and the way back to the scan', async () => {
    const level = await renderPdfPageGrey(bytes, 1, { dpi: 200 });
    // deskew(img, -a) turns the content by +a: a scan fed in 0.8° crooked.
    const png = encodePng(deskew(level, -0.8).image);
    const read = await imageReader.read({ path: 'scan.png', bytes: png });
    const [page] = await ocrPages({ path: 'scan.png', bytes: png, format: 'image', pages: read.pages });
    expect(page!.width).toBeCloseTo(595, 0);
    expect(page!.deskew?.angleDeg).toBeCloseTo(0.8, 1);
    // Levelled: the table rules are axis-aligned again, where they were printed.
    const h = page!.lines
      .filter((l) => l.y0 === l.y1)
      .map((l) => l.y0)
      .sort((a, b) => a - b);
    expect(h).toHaveLength(ROWS.length);
    h.forEach((y, i) => expect(Math.abs(y - ROWS[i]!)).toBeLessThan(1.5));
    const span = find(page!.spans, '2,995.39');
    expect(span).toBeDefined();
    const printed = { x: COLS[3]! - 6 - 22, y: ROWS[2]! + 16 };
    const centre = { x: (span!.bbox.x0 + span!.bbox.x1) / 2, y: (span!.bbox.y0 + span!.bbox.y1) / 2 };
    expect(Math.abs(centre.x - printed.x)).toBeLessThan(1.5);
    expect(Math.abs(centre.y - printed.y)).toBeLessThan(1.5);
    // On the scan the printed centre moved by the 0.8° turn about the page centre (~2.5 pt each way).
    const a = (0.8 * Math.PI) / 180;
    const [dx, dy] = [printed.x - 595 / 2, printed.y - 842 / 2];
    const onScan = {
      x: Math.cos(a) * dx - Math.sin(a) * dy + 595 / 2,
      y: Math.sin(a) * dx + Math.cos(a) * dy + 842 / 2,
    };
    const back = toScannedPage(page!, centre.x, centre.y);
    expect(Math.abs(back.x - onScan.x)).toBeLessThan(1.5);
    expect(Math.abs(back.y - onScan.y)).toBeLessThan(1.5);
    // And a cell re-read on the scan, given the levelled box and the record.
    const readings = await rereadCell({
      bytes: png,
      format: 'image',
      page: 1,
      bbox: span!.bbox,
      deskew: page!.deskew,
    });
    expect(readings.map((r) => r.text)).toContain('2,995.39');
  }, 180_000);

  it('re-reads one cell as digits', async () => {
    const readings = await rereadCell({
      bytes,
      format: 'pdf',
      page: 1,
      bbox: { x0: COLS[2]!, y0: ROWS[0]!, x1: COLS[3]!, y1: ROWS[1]! },
      pageSize: { width: 595, height: 842 },
    });
    expect(readings[0]?.text).toBe('17.37');
    expect(readings[0]!.confidence).toBeGreaterThan(0.5);
  }, 120_000);

  it('stops at once on an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      ocrPages({ path: 't.pdf', bytes, format: 'pdf', pages: [pageForOcr(1)], signal: controller.signal }),
    ).rejects.toThrow();
  });

  it('wrote no traineddata cache into the working directory', () => {
    expect(readdirSync(process.cwd()).filter((f) => f.includes('traineddata'))).toEqual([]);
  });
});

describe('OCR stays offline', () => {
  it('gives tesseract.js only local paths and an inline worker that cannot fetch', () => {
    const opts = workerOptions(() => undefined);
    expect(opts.cacheMethod).toBe('none');
    expect(typeof opts.langPath).toBe('string');
    expect(opts.langPath).not.toMatch(/^[a-z]+:\/\//i);
    expect(existsSync(opts.langPath!)).toBe(true);
    expect(opts.corePath).toBeUndefined();
    const worker = opts.workerPath as unknown as URL;
    expect(worker).toBeInstanceOf(URL);
    expect(worker.protocol).toBe('data:');
    const source = decodeURIComponent(worker.href);
    expect(source).not.toMatch(/https?:\/\//);
    expect(source).toMatch(/refused to fetch/);
    for (const file of Object.values(traineddataPaths())) {
      expect(file).toMatch(/4\.0\.0_best_int/);
      expect(existsSync(file)).toBe(true);
    }
  });
});
