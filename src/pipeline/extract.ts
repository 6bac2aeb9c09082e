import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  BadInputError,
  type BBox,
  type Block,
  type ExtractedDocument,
  type ExtractionResult,
  type Page,
  type ResultStatus,
} from '../model/index.js';
import { detectFormat, readerFor } from '../readers/index.js';
import { pagesToBlocks } from '../tables/index.js';
import { blocksOnScannedPages } from './scan-coordinates.js';
import { normalizeDocument } from '../normalize/index.js';
import { narrativeClaimCount, validateDocument } from '../validate/index.js';
import { sha256Hex } from '../util/hash.js';
import { reviewOcrNumbers } from './ocr-repair.js';

/** Pages to OCR are handed to this; the default loads tesseract.js only when a page needs it. */
export type OcrStage = (input: {
  path: string;
  bytes: Uint8Array;
  format: 'pdf' | 'image';
  pages: readonly Page[];
  signal?: AbortSignal;
  /** Called when a page's recognition finishes: pages done so far, pages handed to this stage. */
  onPage?: (done: number, total: number) => void;
}) => Promise<Page[]>;

/** Progress through a paged document: `page` of `pages` finished in `stage`. */
export interface ExtractProgress {
  readonly page: number;
  readonly pages: number;
  readonly stage: 'read' | 'ocr';
}

export interface ExtractOptions {
  readonly signal?: AbortSignal;
  /** auto: OCR pages the reader marks; off: never (marked pages stay empty, with a warning); force: every page. */
  readonly ocr?: 'auto' | 'off' | 'force';
  /** Replace the OCR stage (tests, the queue's per-page jobs). */
  readonly ocrStage?: OcrStage;
  /**
   * Second look at numbers on OCR'd pages (see reviewOcrNumbers): reread (default) ranks the OCR confusion
   * variants and a re-read of the cell's crop; variants skips the re-read (no further recognition); off skips it.
   */
  readonly ocrReview?: 'reread' | 'variants' | 'off';
  /** Largest file accepted, bytes (default 512 MiB). */
  readonly maxBytes?: number;
  /** Called as pages are read and as OCR finishes them (paged formats only), for progress bars. */
  readonly onProgress?: (e: ExtractProgress) => void;
  /**
   * The document as its reader returned it, when already read (bench:judgment reads each PDF once and plants
   * faults in its spans): the reader is skipped, everything after it runs as usual.
   */
  readonly document?: ExtractedDocument;
}

const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

const defaultOcrStage: OcrStage = async (input) => {
  const { ocrPages } = await import('../readers/ocr/index.js');
  return ocrPages(input);
};

const FAILURE_ZH = {
  decode: '页面图像无法解码',
  engine: 'OCR 识别出错',
  timeout: 'OCR 识别超时',
} as const;

/** How a warning about an unread page starts (the CLI counts these): 第 N 页未能识别. */
export const UNREAD_PAGE_WARNING = /^第 (\d+) 页未能识别/;

/** The reviewer's warning for a page that could not be read, with the page and the cause. */
export function unreadPageWarning(
  page: number,
  failed: NonNullable<Page['ocr']['failed']>,
  keptTextLayer: boolean,
): string {
  const kept = keptTextLayer ? '保留该页原有文字层' : '该页内容缺失';
  return `第 ${page} 页未能识别（${FAILURE_ZH[failed.kind]}：${failed.detail}），${kept}，其余页面已照常处理；请核对原件该页`;
}

/** Read a file from disk and run the whole pipeline on it. */
export async function extractFile(path: string, options: ExtractOptions = {}): Promise<ExtractionResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new BadInputError(`${path}: not a regular file`);
    size = st.size;
  } catch (e) {
    if (e instanceof BadInputError) throw e;
    throw new BadInputError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, {
      cause: e,
    });
  }
  if (size > maxBytes) throw new BadInputError(`${path}: ${size} bytes is over the ${maxBytes}-byte limit`);
  const bytes = new Uint8Array(await readFile(path));
  return extractBytes(path, bytes, options);
}

/**
 * The pipeline: detect → read → (OCR marked pages) → reconstruct tables → normalize → validate.
 * Pure apart from the reader's and OCR's CPU work: no disk, no network, no store.
 */
export async function extractBytes(
  path: string,
  bytes: Uint8Array,
  options: ExtractOptions = {},
): Promise<ExtractionResult> {
  const { format, mediaType } = detectFormat(path, bytes);
  const { onProgress } = options;
  const readOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(onProgress
      ? { onPage: (page: number, pages: number) => onProgress({ page, pages, stage: 'read' }) }
      : {}),
  };
  const doc: ExtractedDocument =
    options.document ?? (await (await readerFor(format)).read({ path, bytes }, readOptions));
  const warnings = [...doc.warnings];

  let pages = doc.pages;
  // Reader notes are information; a page left unread makes the result partial.
  let unread = 0;
  if (pages.length > 0 && (format === 'pdf' || format === 'image')) {
    const mode = options.ocr ?? 'auto';
    const toOcr = pages.filter((p) => mode === 'force' || (mode === 'auto' && p.ocr.needed));
    if (mode === 'off') {
      for (const p of pages.filter((q) => q.ocr.needed)) {
        warnings.push(`page ${p.number}: ${p.ocr.reason ?? 'no usable text'}; OCR is off, page left unread`);
        unread++;
      }
    } else if (toOcr.length > 0) {
      const stage = options.ocrStage ?? defaultOcrStage;
      const recognized = await stage({
        path,
        bytes,
        format,
        pages: toOcr,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(onProgress
          ? { onPage: (page: number, pages: number) => onProgress({ page, pages, stage: 'ocr' }) }
          : {}),
      });
      const byNumber = new Map(recognized.map((p) => [p.number, p]));
      pages = pages.map((p) => byNumber.get(p.number) ?? p);
    }
  }
  // A page that could not be read (reader or OCR): one warning each, and the result is partial.
  for (const p of pages) {
    if (!p.ocr.failed) continue;
    warnings.push(unreadPageWarning(p.number, p.ocr.failed, p.spans.length > 0));
    unread++;
  }

  const blocks: Block[] =
    pages.length > 0 ? [...blocksOnScannedPages(pagesToBlocks(pages), pages), ...doc.blocks] : doc.blocks;
  const normalized = normalizeDocument({
    blocks,
    ...(doc.title !== undefined ? { title: doc.title } : {}),
    fileName: basename(path),
  });
  let anomalies = validateDocument(normalized);
  let tables = normalized.tables;
  const review = options.ocrReview ?? 'reread';
  if (
    review !== 'off' &&
    (format === 'pdf' || format === 'image') &&
    pages.some((p) => p.spans.some((s) => s.origin === 'ocr'))
  ) {
    // Loaded only when a page was OCR'd: native documents never pay for the OCR module.
    const ocr = await import('../readers/ocr/index.js');
    const { quarterTurn } = ocr;
    const scannedSize = new Map(doc.pages.map((p) => [p.number, { width: p.width, height: p.height }]));
    const reviewed = await reviewOcrNumbers({
      tables,
      anomalies,
      pages,
      variants: ocr.ocrVariants,
      ...(review === 'reread'
        ? {
            reread: (page: Page, bbox: BBox) =>
              ocr.rereadCell({
                bytes,
                format,
                page: page.number,
                bbox,
                // Cell boxes are on the scan already (blocksOnScannedPages): no deskew to undo, but a page
                // scanned on its side is cut from the scan as it lies, with the reader's page size, and
                // the crop turned upright.
                pageSize: scannedSize.get(page.number) ?? { width: page.width, height: page.height },
                turn: quarterTurn(page.deskew),
                ...(options.signal ? { signal: options.signal } : {}),
              }),
          }
        : {}),
    });
    tables = reviewed.tables;
    anomalies = reviewed.anomalies;
  }
  const grids = blocks.flatMap((b) => (b.kind === 'grid' ? [b.grid] : []));

  const status: ResultStatus =
    normalized.tables.length === 0 && normalized.texts.length === 0
      ? 'failed'
      : anomalies.some((a) => a.severity === 'error') || unread > 0
        ? 'partial'
        : 'ok';

  return {
    schemaVersion: 1,
    source: {
      path,
      sha256: sha256Hex(bytes),
      format,
      mediaType,
      bytes: bytes.length,
      pages: format === 'pdf' || format === 'image' ? pages.length : null,
    },
    meta: normalized.meta,
    tables,
    grids,
    texts: normalized.texts,
    anomalies,
    status,
    warnings,
    checks: { claims: narrativeClaimCount(normalized.texts, tables) },
  };
}
