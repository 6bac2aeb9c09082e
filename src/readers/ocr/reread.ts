import { BadInputError, type BBox } from '../../model/index.js';
import { cropGrey, encodePgm, type GreyImage } from '../render/index.js';
import { PageSource } from './page-source.js';
import { ocrPool } from './tesseract-pool.js';

export interface RereadInput {
  readonly bytes: Uint8Array;
  readonly format: 'pdf' | 'image';
  /** 1-based page number. */
  readonly page: number;
  /** The cell, PDF points, origin top-left, on the original page. */
  readonly bbox: BBox;
  /** Page size in points (defaults: the image's own size at its dpi; for PDFs pass the page's size). */
  readonly pageSize?: { readonly width: number; readonly height: number };
  readonly signal?: AbortSignal;
}

export interface Reading {
  readonly text: string;
  /** 0..1 */
  readonly confidence: number;
}

/** Characters a money or count cell can hold. */
const NUMERIC_WHITELIST = '0123456789.,-';

/**
 * Read one cell again, alone, as a single line of digits (PSM 7 with a whitelist, then PSM 13 raw line):
 * whole-page recognition sometimes glues a cell to its neighbour or drops its decimal point, and a cell by
 * itself with only digits allowed usually comes out right. Returns the distinct readings, best first.
 * Page images are cached for the last document, so re-reading many cells of one page renders it once.
 */
export async function rereadCell(input: RereadInput): Promise<Reading[]> {
  const { bbox } = input;
  if (!(bbox.x1 > bbox.x0 && bbox.y1 > bbox.y0)) throw new BadInputError(`reread: empty cell box ${JSON.stringify(bbox)}`);
  const image = await cachedPageImage(input);
  const ptW = input.pageSize?.width ?? (image.width * 72) / image.dpi;
  const ptH = input.pageSize?.height ?? (image.height * 72) / (image.dpiY ?? image.dpi);
  const sx = image.width / ptW;
  const sy = image.height / ptH;
  // Shrink by a point so the cell's own borders stay out of the crop.
  const inset = 1;
  const crop = cropGrey(
    image,
    (bbox.x0 + inset) * sx,
    (bbox.y0 + inset) * sy,
    (bbox.x1 - bbox.x0 - 2 * inset) * sx,
    (bbox.y1 - bbox.y0 - 2 * inset) * sy,
  );
  if (crop.width < 4 || crop.height < 4) throw new BadInputError(`reread: cell box ${JSON.stringify(bbox)} is outside page ${input.page}`);
  const padded = pad(crop, Math.round(image.dpi / 20));
  const pgm = Buffer.from(encodePgm(padded));
  const dpi = String(Math.round(image.dpi));
  const readings: Reading[] = [];
  for (const psm of ['7', '13']) {
    const r = await ocrPool().run(async (worker) => {
      const res = await worker.recognize(
        pgm,
        { tessedit_pageseg_mode: psm, tessedit_char_whitelist: NUMERIC_WHITELIST, user_defined_dpi: dpi } as Record<string, string>,
        { text: true },
      );
      const data = res.data as { text?: unknown; confidence?: unknown };
      return {
        text: typeof data.text === 'string' ? data.text.replace(/\s+/g, ' ').trim() : '',
        confidence: typeof data.confidence === 'number' ? Math.min(1, Math.max(0, data.confidence / 100)) : 0,
      };
    }, input.signal);
    if (r.text !== '' && !readings.some((x) => x.text === r.text)) readings.push(r);
  }
  return readings.sort((a, b) => b.confidence - a.confidence);
}

/** A white margin: tesseract reads a line poorly when its ink touches the image edge. */
function pad(image: GreyImage, margin: number): GreyImage {
  const width = image.width + 2 * margin;
  const height = image.height + 2 * margin;
  const data = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < image.height; y++) {
    data.set(image.data.subarray(y * image.width, (y + 1) * image.width), (y + margin) * width + margin);
  }
  return { ...image, width, height, data };
}

let cache: { bytes: Uint8Array; page: number; image: Promise<GreyImage> } | undefined;

async function cachedPageImage(input: RereadInput): Promise<GreyImage> {
  if (cache && cache.bytes === input.bytes && cache.page === input.page) return cache.image;
  const source = new PageSource(input.bytes, input.format, 'reread');
  const image = (async () => {
    try {
      await source.prepare([input.page]);
      return await source.image(input.page, input.signal);
    } finally {
      await source.close();
    }
  })();
  cache = { bytes: input.bytes, page: input.page, image };
  image.catch(() => {
    if (cache?.image === image) cache = undefined;
  });
  return image;
}
