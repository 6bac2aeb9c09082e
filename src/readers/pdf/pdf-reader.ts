import { BadInputError, type ExtractedDocument, type Page, type TextSpan } from '../../model/index.js';
import type { Reader, ReaderInput, ReadOptions } from '../reader.js';
import { collectGraphics, type OpCodes, type PageGraphics } from './graphics.js';
import { toMatrix } from './matrix.js';
import { loadPdfDocument, loadPdfJs, type PDFDocumentProxy, type PDFPageProxy } from './pdfjs.js';
import { isCjkFontName, judgeTextLayer, textStats, type TextStats } from './text-quality.js';
import { dropOverprints, itemToSpan, normalizeText, type RawTextStyle } from './text-spans.js';

interface PageDraft {
  page: Page;
  stats: TextStats;
  graphics: PageGraphics;
  cjkFont: boolean;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw signal.reason instanceof Error ? signal.reason : new Error('aborted', { cause: signal.reason });
  }
}

/** The real font name (e.g. "ABCDEF+SimSun") behind pdfjs's internal id, once the operator list loaded it. */
function realFontName(page: PDFPageProxy, id: string): string | undefined {
  try {
    if (!page.commonObjs.has(id)) return undefined;
    const font: unknown = page.commonObjs.get(id);
    if (font && typeof font === 'object' && 'name' in font && typeof font.name === 'string') return font.name;
  } catch {
    // Fonts that failed to load are not in commonObjs; the span just has no name.
  }
  return undefined;
}

async function readPage(page: PDFPageProxy, opCodes: OpCodes): Promise<PageDraft> {
  const viewport = page.getViewport({ scale: 1 });
  const vt = toMatrix(viewport.transform);
  if (!vt) throw new BadInputError(`page ${page.pageNumber}: unusable page size`);
  // The operator list first: it loads the fonts, so their real names are known when reading text.
  const opList = await page.getOperatorList();
  const graphics = collectGraphics(
    opCodes,
    opList.fnArray,
    opList.argsArray as unknown[],
    vt,
    page.pageNumber,
    viewport.width,
    viewport.height,
  );
  const content = await page.getTextContent();
  const spans: TextSpan[] = [];
  const names = new Map<string, string | undefined>();
  let raw = '';
  let cjkFont = false;
  for (const item of content.items) {
    if (!('str' in item)) continue;
    if (!names.has(item.fontName)) {
      const name = realFontName(page, item.fontName);
      names.set(item.fontName, name);
      if (isCjkFontName(name)) cjkFont = true;
    }
    const style: RawTextStyle | undefined = content.styles[item.fontName];
    const span = itemToSpan(item, style, vt, page.pageNumber, names.get(item.fontName));
    if (span) spans.push(span);
  }
  const kept = dropOverprints(spans);
  for (const span of kept) raw += span.text;
  return {
    page: {
      number: page.pageNumber,
      width: viewport.width,
      height: viewport.height,
      spans: kept,
      lines: graphics.lines,
      rects: graphics.rects,
      ocr: { needed: false },
    },
    stats: textStats(raw),
    graphics,
    cjkFont,
  };
}

/** Read the OPS codes from the loaded pdfjs module, so they follow the installed version. */
async function opCodes(): Promise<OpCodes> {
  const { OPS } = await loadPdfJs();
  return OPS;
}

function infoTitle(info: unknown): string | undefined {
  if (!info || typeof info !== 'object' || !('Title' in info)) return undefined;
  const t = info.Title;
  if (typeof t !== 'string') return undefined;
  const clean = normalizeText(t).replace(/\s+/g, ' ').trim();
  return clean === '' ? undefined : clean;
}

/**
 * Reads a PDF's text layer and drawing into pages: spans with boxes, ruling lines, filled rectangles,
 * and a per-page OCR mark where the text layer is missing or does not decode. Tables are built later,
 * from these pages, by the tables stage.
 */
/**
 * Pages one PDF may have. Disclosures run to a few hundred pages (a province's budget book about 600); each
 * page costs its text and, when scanned, an OCR pass of seconds, so past this a file is not one disclosure.
 */
export const MAX_PDF_PAGES = 2000;

export const pdfReader: Reader = {
  format: 'pdf',
  async read(input: ReaderInput, options: ReadOptions = {}): Promise<ExtractedDocument> {
    const { signal } = options;
    throwIfAborted(signal);
    const doc: PDFDocumentProxy = await loadPdfDocument(input.bytes, { name: input.path });
    try {
      if (doc.numPages === 0) throw new BadInputError(`${input.path}: the PDF has no pages`);
      if (doc.numPages > MAX_PDF_PAGES)
        throw new BadInputError(
          `${input.path}: the PDF has ${doc.numPages} pages, over the ${MAX_PDF_PAGES}-page limit`,
        );
      const codes = await opCodes();
      const wanted = options.pages
        ? [...new Set(options.pages)].filter((n) => n >= 1 && n <= doc.numPages).sort((a, b) => a - b)
        : Array.from({ length: doc.numPages }, (_, i) => i + 1);
      if (options.pages && wanted.length === 0) {
        throw new BadInputError(
          `${input.path}: none of the requested pages exist (the PDF has ${doc.numPages})`,
        );
      }
      const drafts: PageDraft[] = [];
      const warnings: string[] = [];
      for (const n of wanted) {
        throwIfAborted(signal);
        let page: PDFPageProxy;
        try {
          page = await doc.getPage(n);
        } catch (e) {
          throw new BadInputError(
            `${input.path}: page ${n} cannot be read (${e instanceof Error ? e.message : String(e)})`,
            {
              cause: e,
            },
          );
        }
        try {
          drafts.push(await readPage(page, codes));
        } finally {
          page.cleanup();
        }
        options.onPage?.(drafts.length, wanted.length);
      }
      // Chinese is expected on every page when the document's fonts or most of its decoded text say so.
      const docStats = drafts.reduce(
        (acc, d) => ({ total: acc.total + d.stats.total, cjk: acc.cjk + d.stats.cjk }),
        {
          total: 0,
          cjk: 0,
        },
      );
      const docCjk =
        drafts.some((d) => d.cjkFont) || (docStats.total > 0 && docStats.cjk / docStats.total > 0.3);
      const pages = drafts.map((d) => {
        const ocr = judgeTextLayer({
          stats: d.stats,
          cjkExpected: docCjk || d.cjkFont,
          imageCoverage: d.graphics.imageCoverage,
          curveCount: d.graphics.curveCount,
        });
        if (ocr.needed)
          warnings.push(`page ${d.page.number}: ${ocr.reason ?? 'unusable text layer'}, marked for OCR`);
        return { ...d.page, ocr };
      });
      let title: string | undefined;
      try {
        title = infoTitle((await doc.getMetadata()).info);
      } catch {
        // A broken Info dictionary costs the title only.
      }
      return { pages, blocks: [], ...(title !== undefined ? { title } : {}), warnings };
    } finally {
      await doc.destroy();
    }
  },
};
