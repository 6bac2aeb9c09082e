import { BadInputError } from '../../model/index.js';
import { loadPdfDocument, type PDFDocumentProxy } from '../pdf/pdfjs.js';
import {
  decodeImageFrame,
  findEmbeddedPageImages,
  renderPdfPageGrey,
  type EmbeddedPageImage,
  type GreyImage,
} from '../render/index.js';

/** Resolution for rendering PDF pages that have no page-sized scan inside. */
export const DEFAULT_RENDER_DPI = 300;

/**
 * Page images of one document, opened once. A PDF page that is a single full-page JPEG (what scanners
 * write) is decoded directly at its own resolution; any other page is rendered with pdfjs.
 */
export class PageSource {
  private doc: PDFDocumentProxy | undefined;
  private embedded: Map<number, EmbeddedPageImage> | undefined;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly format: 'pdf' | 'image',
    private readonly name: string,
    private readonly renderDpi = DEFAULT_RENDER_DPI,
  ) {}

  /** Look for embedded scans of these pages in one pass over the PDF (cheap: no decoding). */
  async prepare(pages: readonly number[]): Promise<void> {
    if (this.format === 'pdf' && this.embedded === undefined)
      this.embedded = await findEmbeddedPageImages(this.bytes, pages);
  }

  /** How the page image was obtained (for warnings and the benchmark). */
  kind(page: number): 'image-frame' | 'embedded-jpeg' | 'render' {
    if (this.format === 'image') return 'image-frame';
    return this.embedded?.has(page) ? 'embedded-jpeg' : 'render';
  }

  async image(page: number, signal?: AbortSignal): Promise<GreyImage> {
    signal?.throwIfAborted();
    if (this.format === 'image') return decodeImageFrame(this.bytes, page - 1, this.name);
    const scan = this.embedded?.get(page);
    if (scan) {
      try {
        const img = await decodeImageFrame(scan.jpeg, 0, `${this.name} page ${page}`);
        if (img.width === scan.width && img.height === scan.height) {
          // The resolution that matters is the one the page draws it at, not the JPEG's own header.
          return {
            ...img,
            dpi: scan.dpi,
            ...(Math.abs(scan.dpiY - scan.dpi) > 0.5 ? { dpiY: scan.dpiY } : {}),
          };
        }
      } catch (e) {
        if (!(e instanceof BadInputError)) throw e;
        // A damaged embedded JPEG: let pdfjs render what it can.
      }
    }
    this.doc ??= await loadPdfDocument(this.bytes, { name: this.name });
    return renderPdfPageGrey(this.doc, page, { dpi: this.renderDpi, ...(signal ? { signal } : {}) });
  }

  async close(): Promise<void> {
    const doc = this.doc;
    this.doc = undefined;
    await doc?.destroy();
  }
}
