import { BadInputError, type BBox, type Page } from '../../model/index.js';
import { toScannedPage } from './ocr-page.js';
import { binarize, cropGrey, encodePgm, type GreyImage } from '../render/index.js';
import { detectRules, eraseRules } from './ruling-lines.js';
import { PageSource } from './page-source.js';
import { ocrPool, tesseractDpi } from './tesseract-pool.js';
import { leastConfidence, linesText, type OcrEngineName } from './engine.js';
import { ppocrEngine, rotateGrey } from './ppocr.js';

export interface RereadInput {
  readonly bytes: Uint8Array;
  readonly format: 'pdf' | 'image';
  /** 1-based page number. */
  readonly page: number;
  /** The cell, PDF points, origin top-left, on the original page. */
  readonly bbox: BBox;
  /** Page size in points (defaults: the image's own size at its dpi; for PDFs pass the page's size). */
  readonly pageSize?: { readonly width: number; readonly height: number };
  /** The page's deskew record when `bbox` comes from a levelled OCR page: the cell is cut from the scan there. */
  readonly deskew?: Page['deskew'];
  /** The page was scanned on its side or upside down: the crop is turned clockwise by this before reading. */
  readonly turn?: 0 | 90 | 180 | 270;
  readonly signal?: AbortSignal;
}

export interface Reading {
  readonly text: string;
  /** 0..1 */
  readonly confidence: number;
  /** Which engine gave it. */
  readonly engine?: OcrEngineName;
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
  if (!(input.bbox.x1 > input.bbox.x0 && input.bbox.y1 > input.bbox.y0))
    throw new BadInputError(`reread: empty cell box ${JSON.stringify(input.bbox)}`);
  const bbox = onScan(input.bbox, input.deskew);
  const image = await cachedPageImage(input);
  const ptW = input.pageSize?.width ?? (image.width * 72) / image.dpi;
  const ptH = input.pageSize?.height ?? (image.height * 72) / (image.dpiY ?? image.dpi);
  const sx = image.width / ptW;
  const sy = image.height / ptH;
  // A point of margin so a tight text box does not clip glyph edges; a cell's own borders that come in
  // with it are erased below.
  const margin = 1;
  const raw = rotateGrey(
    cropGrey(
      image,
      (bbox.x0 - margin) * sx,
      (bbox.y0 - margin) * sy,
      (bbox.x1 - bbox.x0 + 2 * margin) * sx,
      (bbox.y1 - bbox.y0 + 2 * margin) * sy,
    ),
    input.turn ?? 0,
  );
  if (raw.width < 4 || raw.height < 4)
    throw new BadInputError(`reread: cell box ${JSON.stringify(bbox)} is outside page ${input.page}`);
  const borders = detectRules(binarize(raw), raw.width, raw.height, {
    dpi: raw.dpi,
    minHorizontal: (0.7 * raw.width) / raw.dpi,
    minVertical: (0.7 * raw.height) / raw.dpi,
    verticalsMeetHorizontals: false,
  });
  const crop: GreyImage = { ...raw, data: eraseRules(raw.data, raw.width, raw.height, borders) };
  const padded = pad(crop, Math.round(image.dpi / 20));
  const pgm = Buffer.from(encodePgm(padded));
  const dpi = tesseractDpi(image.dpi);
  const readings: Reading[] = [];
  for (const psm of ['7', '13']) {
    const r = await ocrPool().run(async (worker) => {
      const res = await worker.recognize(
        pgm,
        {
          tessedit_pageseg_mode: psm,
          tessedit_char_whitelist: NUMERIC_WHITELIST,
          user_defined_dpi: dpi,
        } as Record<string, string>,
        { text: true },
      );
      const data = res.data as { text?: unknown; confidence?: unknown };
      return {
        text: typeof data.text === 'string' ? data.text.replace(/\s+/g, ' ').trim() : '',
        confidence: typeof data.confidence === 'number' ? Math.min(1, Math.max(0, data.confidence / 100)) : 0,
      };
    }, input.signal);
    if (r.text !== '' && !readings.some((x) => x.text === r.text))
      readings.push({ ...r, engine: 'tesseract' });
  }
  // The second engine's reading of the same crop: where the two engines read a cell differently, both
  // readings go to the ranking by identities (src/pipeline/ocr-repair.ts).
  const pp = await ppocrEngine.recognizeLine(padded, input.signal);
  const ppText = linesText(pp).replace(/[,，\s]/g, '');
  if (/^-?\d[\d.]*$/.test(ppText) && !readings.some((x) => x.text.replace(/[,\s]/g, '') === ppText))
    readings.push({ text: ppText, confidence: leastConfidence(pp) / 100, engine: 'ppocr' });
  return readings.sort((a, b) => b.confidence - a.confidence);
}

/** The box on the scan that holds a box of the levelled page (the turned corners' bounds). */
function onScan(box: BBox, deskew: Page['deskew']): BBox {
  if (!deskew) return box;
  const corners = [
    toScannedPage({ deskew }, box.x0, box.y0),
    toScannedPage({ deskew }, box.x1, box.y0),
    toScannedPage({ deskew }, box.x0, box.y1),
    toScannedPage({ deskew }, box.x1, box.y1),
  ];
  return {
    x0: Math.min(...corners.map((c) => c.x)),
    y0: Math.min(...corners.map((c) => c.y)),
    x1: Math.max(...corners.map((c) => c.x)),
    y1: Math.max(...corners.map((c) => c.y)),
  };
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
