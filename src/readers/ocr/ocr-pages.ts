import { BadInputError, InternalError, type Page } from '../../model/index.js';
import { ocrPageImage, type PageOcr } from './ocr-page.js';
import { PageSource } from './page-source.js';
import { ocrPool } from './tesseract-pool.js';
import type { OcrEngine, OcrEngineName } from './engine.js';

/** Time one page may take (TALLY_OCR_PAGE_TIMEOUT_S, seconds; default 300, some 30× a 300 dpi table page). */
export function pageTimeoutMs(): number {
  const v = Number(process.env['TALLY_OCR_PAGE_TIMEOUT_S']);
  return Number.isFinite(v) && v > 0 ? v * 1000 : 300_000;
}

/** A page's OCR ran past its time limit. */
class PageTimeout extends Error {
  constructor(readonly ms: number) {
    super(`OCR of the page took over ${Math.round(ms / 1000)} s`);
  }
}

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
  /** See PageOcrOptions.orientation (default true). */
  readonly orientation?: boolean;
  /** See PageOcrOptions.engines (tests inject engines here). */
  readonly engines?: PageOcrEngines;
  /** Time limit per page, ms (default pageTimeoutMs()): a page past it is given up with a warning. */
  readonly pageTimeoutMs?: number;
}

type PageOcrEngines = { readonly [K in OcrEngineName]?: OcrEngine };

/**
 * Recognize the given pages; returns them in the same order with OCR spans (replacing any unusable text
 * layer), rules (the PDF's own when the page was level, else those found in the pixels) and, for a tilted
 * scan, `deskew`: spans and rules are on the levelled page (see ocrPageImage). Pages run in parallel on the
 * worker pool; at most one page image per worker is held in memory at a time.
 *
 * A page that cannot be read (its image does not decode, an engine throws, or it runs past the time limit)
 * does not stop the others: it comes back without OCR text and with `ocr.failed` saying why, and the pipeline
 * turns that into a warning. Only an abort of `input.signal` or an engine that cannot start at all
 * (InternalError: every page would fail the same way) rejects the call.
 */
export async function ocrPages(input: OcrInput, options: OcrOptions = {}): Promise<Page[]> {
  const { signal } = input;
  signal?.throwIfAborted();
  const engine = options.engine ?? configuredEngine();
  const limit = options.pageTimeoutMs ?? pageTimeoutMs();
  const source = new PageSource(input.bytes, input.format, input.path, options.renderDpi);
  try {
    await source.prepare(input.pages.map((p) => p.number));
    const out: Page[] = new Array<Page>(input.pages.length);
    let next = 0;
    let fatal = false;
    let done = 0;
    const readPage = async (page: Page, pageSignal: AbortSignal): Promise<PageOcr> => {
      let image;
      try {
        image = await source.image(page.number, pageSignal);
      } catch (e) {
        throw e instanceof BadInputError ? new PageDecodeError(e) : e;
      }
      return ocrPageImage(image, page, {
        signal: pageSignal,
        ...(options.eraseRules !== undefined ? { eraseRules: options.eraseRules } : {}),
        ...(options.cells !== undefined ? { cells: options.cells } : {}),
        engine,
        ...(options.agreement !== undefined ? { agreement: options.agreement } : {}),
        ...(options.orientation !== undefined ? { orientation: options.orientation } : {}),
        ...(options.engines ? { engines: options.engines } : {}),
      });
    };
    const lane = async (): Promise<void> => {
      for (;;) {
        const i = next++;
        const page = input.pages[i];
        // After a fatal failure the call rejects; the other lanes stop taking pages instead of running on.
        if (!page || fatal) return;
        const timeout = new AbortController();
        const timer = setTimeout(() => timeout.abort(new PageTimeout(limit)), limit);
        const pageSignal = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
        let result: PageOcr;
        try {
          // Raced against the page's signal, so an engine that ignores it cannot hold the document; the
          // pool drops a tesseract worker whose job was aborted, so nothing of the page keeps a lane.
          const work = readPage(page, pageSignal);
          work.catch(() => undefined);
          result = await Promise.race([work, rejectOnAbort(pageSignal)]);
        } catch (e) {
          if (signal?.aborted || e instanceof InternalError) {
            fatal = true;
            throw e;
          }
          out[i] = unreadPage(page, timeout.signal.aborted ? new PageTimeout(limit) : e);
          input.onPage?.(++done, input.pages.length);
          continue;
        } finally {
          clearTimeout(timer);
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

/** The page image does not decode (a damaged embedded JPEG pdfjs cannot render either, a broken TIFF frame). */
class PageDecodeError extends Error {
  constructor(cause: Error) {
    super(cause.message, { cause });
  }
}

const rejectOnAbort = (signal: AbortSignal): Promise<never> =>
  new Promise<never>((_, reject) => {
    const fail = (): void =>
      reject(signal.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });

/**
 * The page as handed in, marked unread: a text layer that did not need OCR (ocr: 'force') is kept, an unusable
 * one is dropped; the page's own rules stay.
 */
function unreadPage(page: Page, e: unknown): Page {
  const kind = e instanceof PageTimeout ? 'timeout' : e instanceof PageDecodeError ? 'decode' : 'engine';
  const detail = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
  return {
    ...page,
    spans: page.ocr.needed ? [] : page.spans,
    ocr: { ...page.ocr, failed: { kind, detail: detail.slice(0, 300) } },
  };
}
