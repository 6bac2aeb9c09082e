import type { Page } from '../../model/index.js';
import { ocrPageImage } from './ocr-page.js';
import { PageSource } from './page-source.js';
import { ocrPool } from './tesseract-pool.js';
import type { OcrEngineName } from './engine.js';

/** TALLY_OCR_ENGINE: tesseract or ppocr for one engine throughout; unset (or anything else), auto. */
function configuredEngine(): OcrEngineName | 'auto' {
  const v = process.env['TALLY_OCR_ENGINE'];
  return v === 'ppocr' || v === 'tesseract' ? v : 'auto';
}

/** What the pipeline's OCR stage hands over (see src/pipeline/extract.ts). */
export interface OcrInput {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly format: 'pdf' | 'image';
  readonly pages: readonly Page[];
  readonly signal?: AbortSignal;
  /** Called as each page finishes (progress): pages done so far, pages asked for. */
  readonly onPage?: (done: number, total: number) => void;
}

export interface OcrOptions {
  /** Resolution for PDF pages that must be rendered (default 300). Images and embedded scans keep their own. */
  readonly renderDpi?: number;
  /** See PageOcrOptions.eraseRules (default false). */
  readonly eraseRules?: boolean;
  /** See PageOcrOptions.cells (default true). */
  readonly cells?: boolean;
  /** See PageOcrOptions.engine (default: TALLY_OCR_ENGINE, else auto). */
  readonly engine?: OcrEngineName | 'auto';
  /** See PageOcrOptions.agreement (default true). */
  readonly agreement?: boolean;
}

/**
 * Recognize the given pages; returns them in the same order with OCR spans (replacing any unusable text
 * layer), rules (the PDF's own when the page was level, else those found in the pixels) and, for a tilted
 * scan, `deskew`: spans and rules are on the levelled page (see ocrPageImage). Pages run in parallel on the
 * worker pool; at most one page image per worker is held in memory at a time.
 */
export async function ocrPages(input: OcrInput, options: OcrOptions = {}): Promise<Page[]> {
  const { signal } = input;
  signal?.throwIfAborted();
  const engine = options.engine ?? configuredEngine();
  const source = new PageSource(input.bytes, input.format, input.path, options.renderDpi);
  try {
    await source.prepare(input.pages.map((p) => p.number));
    const out: Page[] = new Array<Page>(input.pages.length);
    let next = 0;
    let failed = false;
    let done = 0;
    const lane = async (): Promise<void> => {
      for (;;) {
        const i = next++;
        const page = input.pages[i];
        // After one page fails the call rejects; the other lanes stop taking pages instead of running on.
        if (!page || failed) return;
        let result;
        try {
          const image = await source.image(page.number, signal);
          result = await ocrPageImage(image, page, {
            ...(signal ? { signal } : {}),
            ...(options.eraseRules !== undefined ? { eraseRules: options.eraseRules } : {}),
            ...(options.cells !== undefined ? { cells: options.cells } : {}),
            engine,
            ...(options.agreement !== undefined ? { agreement: options.agreement } : {}),
          });
        } catch (e) {
          failed = true;
          throw e;
        }
        // Vector rules from the PDF are exact, but on the unlevelled page: keep them only when no skew
        // was removed (a text-less PDF page with drawn rules); otherwise use the rules found in the pixels.
        const keepVector = page.lines.length > 0 && result.deskew === undefined;
        const { deskew: _stale, ...rest } = page;
        const sideways = result.turnedDeg === 90 || result.turnedDeg === 270;
        out[i] = {
          ...rest,
          ...(sideways ? { width: page.height, height: page.width } : {}),
          spans: result.spans,
          lines: keepVector ? page.lines : result.lines,
          ...(result.deskew ? { deskew: result.deskew } : {}),
        };
        input.onPage?.(++done, input.pages.length);
      }
    };
    const lanes = Math.max(1, Math.min(ocrPool().size, input.pages.length));
    await Promise.all(Array.from({ length: lanes }, lane));
    return out;
  } finally {
    await source.close();
  }
}
