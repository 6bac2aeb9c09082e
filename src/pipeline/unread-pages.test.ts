import { describe, expect, it } from 'vitest';
import type { ExtractionResult } from '../model/index.js';
import type { OcrEngine } from '../readers/ocr/index.js';
import { ocrPages } from '../readers/ocr/index.js';
import { unreadPagesLine } from '../cli/extract.js';
import { multiPageTiff, pageImage, type TestImage } from '../../test/support/scan-fixtures.js';
import { extractBytes } from './extract.js';

/**
 * A page that cannot be read (an engine throwing, an engine stalling past the time limit, a frame that does
 * not decode) leaves a warning with its page; the other pages are read and the document completes.
 * The engine is a stand-in behind the OcrEngine interface: it tells the pages apart by their width.
 */
const blankFrame = (widthIn: number): TestImage => pageImage({ dpi: 100, widthIn, heightIn: 1 });

const fakeEngine: OcrEngine = {
  name: 'tesseract',
  recognizeLine: () => Promise.resolve([]),
  recognizeRegion: (image) => {
    const inches = Math.round(image.width / 100);
    if (inches === 3) return Promise.reject(new Error('engine crashed on this page'));
    // Never settles and ignores the signal: only the page's time limit ends it.
    if (inches === 4) return new Promise(() => undefined);
    const word = `Page${inches}text`;
    const bbox = { x0: 10, y0: 20, x1: 90, y1: 40 };
    return Promise.resolve([{ bbox, words: [{ text: word, confidence: 95, bbox }] }]);
  },
};

async function run(bytes: Uint8Array): Promise<ExtractionResult> {
  return extractBytes('pages.tif', bytes, {
    ocrReview: 'off',
    ocrStage: (input) =>
      ocrPages(input, {
        engine: 'tesseract',
        cells: false,
        engines: { tesseract: fakeEngine },
        pageTimeoutMs: 300,
      }),
  });
}

describe('a page that cannot be read', () => {
  it('is a warning with its page; the other pages are read', async () => {
    // Pages 2 and 5 read, page 3 throws, page 4 stalls.
    const bytes = multiPageTiff([2, 2, 3, 4, 5].map(blankFrame));
    const t0 = Date.now();
    const result = await run(bytes);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(result.texts.map((t) => [t.source.page, t.text])).toEqual([
      [1, 'Page2text'],
      [2, 'Page2text'],
      [5, 'Page5text'],
    ]);
    expect(result.status).toBe('partial');
    const unread = result.warnings.filter((w) => w.startsWith('第'));
    expect(unread).toHaveLength(2);
    expect(unread[0]).toMatch(/^第 3 页未能识别（OCR 识别出错：engine crashed on this page）/);
    expect(unread[1]).toMatch(/^第 4 页未能识别（OCR 识别超时/);
    expect(unreadPagesLine(result)).toBe(
      'tally: 2 of 5 pages could not be read (pages 3, 4); the result is partial, see its warnings',
    );
  });

  it('is a warning when its frame does not decode (a truncated multi-page TIFF)', async () => {
    const whole = multiPageTiff([2, 5, 2].map(blankFrame));
    // Cut into the last frame's pixels: its directory is intact, its strip runs past the end.
    const bytes = whole.subarray(0, whole.length - 50);
    const result = await run(bytes);
    expect(result.texts.map((t) => [t.source.page, t.text])).toEqual([
      [1, 'Page2text'],
      [2, 'Page5text'],
    ]);
    expect(result.status).toBe('partial');
    expect(result.warnings.filter((w) => w.startsWith('第'))).toEqual([
      expect.stringMatching(/^第 3 页未能识别（页面图像无法解码：.*truncated/),
    ]);
  });

  it('still rejects when the document is aborted', async () => {
    const controller = new AbortController();
    const stalled = multiPageTiff([blankFrame(4)]);
    const p = extractBytes('one.tif', stalled, {
      signal: controller.signal,
      ocrStage: (input) =>
        ocrPages(input, { engine: 'tesseract', cells: false, engines: { tesseract: fakeEngine } }),
    });
    setTimeout(() => controller.abort(), 100);
    await expect(p).rejects.toThrow();
  });
});
