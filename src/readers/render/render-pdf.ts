import { createCanvas } from '@napi-rs/canvas';
import { BadInputError } from '../../model/index.js';
import { loadPdfDocument, type PDFDocumentProxy } from '../pdf/pdfjs.js';
import { toGrey, type GreyImage, type PageImage } from './page-image.js';

export interface RenderOptions {
  /** Pixels per inch (default 200: as accurate as 300 for OCR on these tables, and cheaper). */
  readonly dpi?: number;
  /** Return one grey channel instead of RGBA (what OCR wants; a quarter of the memory). Default true. */
  readonly grey?: boolean;
  readonly signal?: AbortSignal;
}

/** Largest side in pixels we agree to allocate; a 10 m-wide page at 300 dpi is a mistake, not a page. */
const MAX_SIDE = 20_000;

/**
 * Render one page (1-based) of a PDF with pdfjs-dist and @napi-rs/canvas (the copy pdfjs itself loads, so
 * Path2D and friends agree). Accepts the bytes or an already open document; bytes are opened and closed here.
 */
export async function renderPdfPage(
  source: Uint8Array | PDFDocumentProxy,
  pageNumber: number,
  options: RenderOptions = {},
): Promise<PageImage> {
  const dpi = options.dpi ?? 200;
  const owned = source instanceof Uint8Array;
  const doc = owned ? await loadPdfDocument(source) : source;
  try {
    if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > doc.numPages) {
      throw new BadInputError(`page ${pageNumber} is not in the PDF (it has ${doc.numPages})`);
    }
    options.signal?.throwIfAborted();
    const page = await doc.getPage(pageNumber);
    try {
      const viewport = page.getViewport({ scale: dpi / 72 });
      const width = Math.ceil(viewport.width);
      const height = Math.ceil(viewport.height);
      if (width > MAX_SIDE || height > MAX_SIDE) {
        throw new BadInputError(
          `page ${pageNumber} is ${width}×${height} px at ${dpi} dpi, over the ${MAX_SIDE}-px limit`,
        );
      }
      const canvas = createCanvas(width, height);
      const ctx = canvas.getContext('2d');
      // Transparent pixels would read as black once alpha is dropped.
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, width, height);
      const task = page.render({
        canvas: canvas as unknown as HTMLCanvasElement,
        canvasContext: ctx as unknown as CanvasRenderingContext2D,
        viewport,
      });
      const onAbort = (): void => task.cancel();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        await task.promise;
      } finally {
        options.signal?.removeEventListener('abort', onAbort);
      }
      options.signal?.throwIfAborted();
      const rgba = ctx.getImageData(0, 0, width, height).data;
      const image: PageImage = {
        width,
        height,
        channels: 4,
        data: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength),
        dpi,
      };
      return options.grey === false ? image : toGrey(image);
    } finally {
      page.cleanup();
    }
  } finally {
    if (owned) await doc.destroy();
  }
}

/** Render straight to grey (the OCR path). */
export async function renderPdfPageGrey(
  source: Uint8Array | PDFDocumentProxy,
  pageNumber: number,
  options: Omit<RenderOptions, 'grey'> = {},
): Promise<GreyImage> {
  return toGrey(await renderPdfPage(source, pageNumber, { ...options, grey: true }));
}
