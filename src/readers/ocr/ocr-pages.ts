import type { Page } from '../../model/index.js';
import { ocrPageImage } from './ocr-page.js';
import { PageSource } from './page-source.js';
import { ocrPool } from './tesseract-pool.js';

/** What the pipeline's OCR stage hands over (see src/pipeline/extract.ts). */
export interface OcrInput {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly format: 'pdf' | 'image';
  readonly pages: readonly Page[];
  readonly signal?: AbortSignal;
}

export interface OcrOptions {
  /** Resolution for PDF pages that must be rendered (default 300). Images and embedded scans keep their own. */
  readonly renderDpi?: number;
}

/**
 * Recognize the given pages; returns them in the same order with OCR spans (replacing any unusable text
 * layer) and, when the page had no vector rules, rules found in the pixels. Pages run in parallel on the
 * worker pool; at most one page image per worker is held in memory at a time.
 */
export async function ocrPages(input: OcrInput, options: OcrOptions = {}): Promise<Page[]> {
  const { signal } = input;
  signal?.throwIfAborted();
  const source = new PageSource(input.bytes, input.format, input.path, options.renderDpi);
  try {
    await source.prepare(input.pages.map((p) => p.number));
    const out: Page[] = new Array<Page>(input.pages.length);
    let next = 0;
    const lane = async (): Promise<void> => {
      for (;;) {
        const i = next++;
        const page = input.pages[i];
        if (!page) return;
        const image = await source.image(page.number, signal);
        const result = await ocrPageImage(image, page, signal);
        out[i] = {
          ...page,
          spans: result.spans,
          // Vector rules from the PDF are exact; pixel rules only stand in when there are none.
          lines: page.lines.length > 0 ? page.lines : result.lines,
        };
      }
    };
    const lanes = Math.max(1, Math.min(ocrPool().size, input.pages.length));
    await Promise.all(Array.from({ length: lanes }, lane));
    return out;
  } finally {
    await source.close();
  }
}
