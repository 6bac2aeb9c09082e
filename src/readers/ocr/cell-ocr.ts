import type Tesseract from 'tesseract.js';
import type { BBox } from '../../model/index.js';
import { binarize, cropGrey, encodePgm, paperGrey, type GreyImage } from '../render/index.js';
import type { PixelTable } from './cell-grid.js';
import { linesFromBlocks, numberSeparators, type OcrLine } from './spans.js';
import type { OcrEngine } from './engine.js';
import { ppocrEngine, ppocrReadCells } from './ppocr.js';
import { ocrPool, tesseractDpi, type Lane } from './tesseract-pool.js';

/**
 * Reading a ruled table cell by cell. Whole-page recognition (PSM 3) finds the text lines itself and, on
 * dense tables, glues neighbouring cells ("1.5 0" → 15), drops decimal points and misreads lone digits in
 * narrow 栏次/行次 cells. A cell cut out along the rules found in the pixels and read alone as one line
 * (PSM 7; PSM 6 for a cell with several lines) has none of those failure modes, and costs about the same:
 * the layout analysis of a whole page is traded for many small images.
 */

export interface CellOcrOptions {
  readonly signal?: AbortSignal;
  /** Ink threshold of the page (grey levels <= it are ink), so every cell is judged alike. */
  readonly threshold: number;
  /** Ask PP-OCR too for every figure (see agree). Default true. */
  readonly agreement?: boolean;
}

/** A cell's reading, in pixels of the page image the cells were cut from. */
export interface CellReading {
  readonly cell: BBox;
  readonly lines: OcrLine[];
}

/**
 * Read every non-empty cell of the tables. The cells of a grid column are read top to bottom, and the columns
 * side by side, each cell a job of its own on the shared pool, so a single page keeps every OCR worker busy.
 * Down a column, once three cells in a row have read as sure figures, the next cell is tried with the English
 * model first (half the cost of a call to the joined model; see readCell). Returns the readings (empty cells
 * are skipped; they hold no words).
 */
export async function ocrTableCells(
  image: GreyImage,
  tables: readonly PixelTable[],
  options: CellOcrOptions,
): Promise<CellReading[]> {
  const dpi = Math.round(image.dpi);
  const columns = new Map<string, { cell: PixelTable['cells'][number]; prepared: PreparedCell }[]>();
  tables.forEach((table, t) => {
    for (const cell of table.cells) {
      const prepared = prepareCell(image, cell.inner, options.threshold);
      if (!prepared) continue;
      const key = `${t}:${Math.round(cell.x0)}`;
      columns.set(key, [...(columns.get(key) ?? []), { cell, prepared }]);
    }
  });
  const read: { cell: PixelTable['cells'][number]; prepared: PreparedCell; lines: OcrLine[] }[] = [];
  await Promise.all(
    [...columns.values()].map(async (column) => {
      const run = { figures: 0 };
      for (const { cell, prepared } of column.sort((a, b) => a.cell.y0 - b.cell.y0)) {
        const lines = await ocrPool().run(
          (joined, lane) => readCell(joined, lane, prepared, dpi, run),
          options.signal,
        );
        read.push({ cell, prepared, lines });
      }
    }),
  );
  if (options.agreement !== false) {
    // Every figure read by PP-OCR too (inPpocrBatches); then each figure compared (agree).
    const figures = read.filter((r) => figureOrGarbled(figureText(r.lines)));
    await inPpocrBatches(figures, options.signal, (batch, theirs) =>
      Promise.all(
        batch.map(async (r, k) => {
          const pp = theirs[k] ?? [];
          // The same figure needs no lane; a different one is re-read on one.
          const ours = figureText(r.lines);
          const other = figureText(pp);
          r.lines =
            FIGURE.test(other) && figureKey(other) !== figureKey(ours)
              ? await ocrPool().run(
                  (_joined, lane) => agree(r.lines, r.prepared, lane, dpi, options.signal, ppocrEngine, pp),
                  options.signal,
                )
              : await agree(r.lines, r.prepared, NO_LANE, dpi, options.signal, ppocrEngine, pp);
        }),
      ),
    );
    // A quantity tesseract garbled around its digits (a performance target's "≥5个" read "三5个"): PP-OCR reads
    // the cell too, and its reading is taken where it is a clean quantity with the same digits.
    const garbled = read.filter((r) => !r.prepared.multiline && garbledQuantity(textOf(r.lines)));
    await inPpocrBatches(garbled, options.signal, (batch, theirs) => {
      batch.forEach((r, k) => {
        r.lines = quantityFromSecond(r.lines, theirs[k] ?? [], r.prepared) ?? r.lines;
      });
    });
  }
  // A minus sign of small type (a pixel tall at 7 pt and 200 dpi) that both engines passed over.
  for (const r of read) {
    const first = r.lines[0]?.words[0];
    if (!first || !FIGURE.test(textOf(r.lines)) || /^[-+]/.test(first.text)) continue;
    if (!leadingMinus(r.prepared.image, options.threshold)) continue;
    const [line, ...rest] = r.lines;
    r.lines = [{ ...line!, words: [{ ...first, text: `-${first.text}` }, ...line!.words.slice(1)] }, ...rest];
  }
  const out: CellReading[] = read.map(({ cell, lines }) => ({
    cell: { x0: cell.x0, y0: cell.y0, x1: cell.x1, y1: cell.y1 },
    lines,
  }));
  return out.sort((a, b) => a.cell.y0 - b.cell.y0 || a.cell.x0 - b.cell.x0);
}

/**
 * Cells read by PP-OCR in batches (one model run per 16 cells instead of one per cell), each batch holding a lane,
 * and `use` given each batch with its readings.
 */
async function inPpocrBatches<T extends { prepared: PreparedCell }>(
  cells: readonly T[],
  signal: AbortSignal | undefined,
  use: (batch: readonly T[], theirs: readonly OcrLine[][]) => unknown,
): Promise<void> {
  const BATCH = 16;
  const batches: T[][] = [];
  for (let i = 0; i < cells.length; i += BATCH) batches.push(cells.slice(i, i + BATCH));
  await Promise.all(
    batches.map(async (batch) => {
      const theirs = await ocrPool().run(
        () =>
          ppocrReadCells(
            batch.map((r) => r.prepared.image),
            signal,
          ),
        signal,
      );
      await use(batch, theirs);
    }),
  );
}

/** A table figure as printed: digits with separators, a sign, a percent. */
const FIGURE = /^[-+]?[\d,，]*\d(\.\d+)?%?$/u;

/**
 * A figure tesseract garbled with a letter or a mark in small type ("11,815,1200C" for 11,815,120.00 in 6 pt at
 * 150 dpi, "50,937,608.3°"): at most two letters or marks, without which it is a figure of three digits or more.
 * It is asked of PP-OCR like a figure (agree), not left as text no check can read.
 */
export function garbledFigure(text: string): boolean {
  if (FIGURE.test(text) || text.length > 20) return false;
  const rest = text.replace(/[A-Za-z°'"`~*^]/gu, '');
  return text.length - rest.length <= 2 && FIGURE.test(rest) && (rest.match(/\d/gu)?.length ?? 0) >= 3;
}
const figureOrGarbled = (text: string): boolean => FIGURE.test(text) || garbledFigure(text);

/**
 * A figure's last 0 cut by the cell's right rule (a figure wider than its cell, 6 pt at 150 dpi: the ink runs
 * into the rule and the cut keeps the 0's left half) reads "C" in both engines ("11,815,120.0C"). A C right
 * after a digit at the end of a figure is that 0.
 */
export function clippedZero(lines: readonly OcrLine[]): OcrLine[] {
  const last = lines[lines.length - 1];
  const word = last?.words[last.words.length - 1];
  if (!last || !word || !/\dC$/u.test(textOf(lines)) || !FIGURE.test(textOf(lines).slice(0, -1)))
    return [...lines];
  const words = [...last.words.slice(0, -1), { ...word, text: `${word.text.slice(0, -1)}0` }];
  return [...lines.slice(0, -1), { ...last, words }];
}

/** A quantity as a form prints it: a figure with a comparator before it and a short unit after ("≥95%", "≤60天"). */
const QUANTITY = /^[≥≤＝=<>＜＞]?[-+]?[\d,，]*\d(\.\d+)?%?[\u3400-\u9fff（）()/]{0,6}$/u;

const digitsOf = (text: string): string => text.normalize('NFKC').replace(/\D/g, '');

/** A short reading with digits that is neither a figure nor a clean quantity ("三5个", "二2个", "所9.98"). */
export function garbledQuantity(text: string): boolean {
  return /\d/.test(text) && text.length <= 12 && !FIGURE.test(text) && !QUANTITY.test(text);
}

/**
 * The second engine's reading of a garbled quantity (see garbledQuantity), in page pixels, when it is a clean
 * quantity with the same digits: the engines agree on the figure and the second one read what stood around it
 * (tesseract's Chinese model makes 三 or 二 of a "≥"). Undefined otherwise: the reading stays as it was.
 */
export function quantityFromSecond(
  mine: readonly OcrLine[],
  theirs: readonly OcrLine[],
  prepared: Pick<PreparedCell, 'dx' | 'dy'>,
): OcrLine[] | undefined {
  const a = textOf(mine);
  const b = textOf(theirs);
  if (!garbledQuantity(a) || !QUANTITY.test(b) || digitsOf(a) !== digitsOf(b)) return undefined;
  return theirs.map((l) => shiftLine(l, prepared.dx, prepared.dy));
}

type Worker = Parameters<Parameters<ReturnType<typeof ocrPool>['run']>[0]>[0];

/**
 * The page segmentation mode and resolution each worker was last set to. Passing them with every call
 * makes tesseract save, set and restore its parameters each time, a few ms per call that cells, read by
 * the hundred, add up; so they are set once and again only when they change. (Calls elsewhere that pass
 * their own parameters restore these afterwards.)
 */
const workerSettings = new WeakMap<Worker, string>();

async function recognizeLines(worker: Worker, pgm: Buffer, psm: string, dpi: number): Promise<OcrLine[]> {
  const settings = `${psm}@${dpi}`;
  if (workerSettings.get(worker) !== settings) {
    await worker.setParameters({
      tessedit_pageseg_mode: psm as Tesseract.PSM,
      user_defined_dpi: tesseractDpi(dpi),
    });
    workerSettings.set(worker, settings);
  }
  const result = await worker.recognize(pgm, {}, { blocks: true, text: false });
  return linesFromBlocks((result.data as { blocks?: unknown }).blocks);
}

const textOf = (lines: readonly OcrLine[]): string =>
  lines.map((l) => l.words.map((w) => w.text).join('')).join('');

/** A reading as a figure is compared: a clipped last 0 restored, separators read as periods made commas. */
const figureText = (lines: readonly OcrLine[]): string => numberSeparators(textOf(clippedZero(lines)));

/**
 * One cell's words, in page pixels. A single line is read first by the joined chi_sim+eng model as a raw
 * line (PSM 13: no layout analysis, which on a lone figure is what splits "17.37" into "7B"); a figure or
 * Chinese text read with good confidence is kept. A doubtful figure, or a reading made only of digits and their look-alikes
 * ("B", "17:37", "Il"), gets a second opinion from the English model alone, which reads lone digits and
 * decimal points better but now and then invents a leading "1" on a long code: the surer of the two
 * figures wins. Anything else is text, read again by the Chinese model alone as a single line (PSM 7), and
 * the surer reading wins: the joined model reads a lone "合计" as "ait", PSM 7 sometimes garbles a label
 * that PSM 13 read right ("二、外交支出"), and the Chinese model alone makes Chinese of lone digits
 * ("1" → "计"), so no one model or mode reads every cell. Several lines: PSM 6, Chinese model.
 */
async function readCell(
  joined: Worker,
  lane: Lane,
  prepared: PreparedCell,
  dpi: number,
  column: { figures: number },
): Promise<OcrLine[]> {
  const pgm = Buffer.from(encodePgm(prepared.image));
  const shift = (lines: OcrLine[]): OcrLine[] => lines.map((l) => shiftLine(l, prepared.dx, prepared.dy));
  const done = (lines: OcrLine[], figure: boolean): OcrLine[] => {
    column.figures = figure ? column.figures + 1 : 0;
    return shift(lines);
  };
  if (prepared.multiline)
    return done(await recognizeLines(await lane.worker('chi_sim'), pgm, '6', dpi), false);
  if (column.figures >= 3) {
    // A column of figures: the English model first. Not for long whole numbers, where it now and then
    // invents a leading "1" (2150599 → 12150599): codes go the joined model's way.
    const eng = await recognizeLines(await lane.worker('eng'), pgm, '13', dpi);
    const text = textOf(eng);
    if (FIGURE.test(text) && !/^\d{5,}$/.test(text) && minConfidence(eng) >= SURE) return done(eng, true);
  }
  const raw = await recognizeLines(joined, pgm, '13', dpi);
  const rawText = textOf(raw);
  const rawIsFigure = FIGURE.test(rawText);
  if ((rawIsFigure || CJK.test(rawText)) && minConfidence(raw) >= SURE) return done(raw, rawIsFigure);
  if (rawIsFigure || DIGIT_LOOKALIKE.test(rawText)) {
    const eng = await recognizeLines(await lane.worker('eng'), pgm, '13', dpi);
    if (FIGURE.test(textOf(eng)) && (!rawIsFigure || minConfidence(eng) > minConfidence(raw)))
      return done(eng, true);
    if (rawIsFigure) return done(raw, true);
  }
  const line = await recognizeLines(await lane.worker('chi_sim'), pgm, '7', dpi);
  const lineText = textOf(line);
  if (lineText === '') return done(raw, false);
  // Latin-only text in a cell of these Chinese tables is a misread when the Chinese model sees Chinese there.
  if (CJK.test(lineText) && !CJK.test(rawText)) return done(line, false);
  return done(meanConfidence(raw) > meanConfidence(line) ? raw : line, false);
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

/** Confidence (0..100) of a figure both engines read alike; ceiling of one they still read differently. */
export const AGREED = 98;
export const DISAGREED = 30;

/** A figure's digits as compared between engines: separators, spaces and full-width forms aside. */
const figureKey = (text: string): string => text.normalize('NFKC').replace(/[,，\s]/g, '');

const withConfidence = (lines: readonly OcrLine[], f: (c: number) => number): OcrLine[] =>
  lines.map((l) => ({ ...l, words: l.words.map((w) => ({ ...w, confidence: f(w.confidence) })) }));

/**
 * A second engine on every figure. The cell's tesseract reading (readCell) is compared with PP-OCR's reading
 * of the same crop: the same figure, and the agreement becomes its confidence (AGREED). Different figures, and
 * the cell is re-read by the English model alone as a raw line; if that reading is PP-OCR's, the two engines
 * agree on it and it is taken. Still different, and PP-OCR's reading is taken with its confidence capped at
 * DISAGREED: the pipeline's second look at numbers (src/pipeline/ocr-repair.ts) then re-reads the cell with
 * both engines (rereadCell) and ranks the readings by the identities; an unresolved one becomes an anomaly
 * with both readings. Nothing is overwritten silently. Text cells and PP-OCR readings that are no figure
 * (an empty or garbled crop) are left as read.
 */
export async function agree(
  lines: OcrLine[],
  prepared: PreparedCell,
  lane: Lane,
  dpi: number,
  signal?: AbortSignal,
  second: OcrEngine = ppocrEngine,
  /** The second engine's reading of `prepared.image` when already made (ppocrReadCells). */
  secondLines?: OcrLine[],
): Promise<OcrLine[]> {
  if (!figureOrGarbled(figureText(lines))) return lines;
  lines = clippedZero(lines);
  const mine = figureText(lines);
  const other = clippedZero(secondLines ?? (await second.recognizeLine(prepared.image, signal)));
  const theirs = figureText(other);
  if (!FIGURE.test(theirs)) return lines;
  if (figureKey(theirs) === figureKey(mine)) return withConfidence(lines, (c) => Math.max(c, AGREED));
  const pgm = Buffer.from(encodePgm(prepared.image));
  const eng = (await recognizeLines(await lane.worker('eng'), pgm, '13', dpi)).map((l) =>
    shiftLine(l, prepared.dx, prepared.dy),
  );
  const again = figureText(eng);
  if (FIGURE.test(again) && figureKey(again) === figureKey(theirs))
    return withConfidence(clippedZero(eng), (c) => Math.max(c, AGREED));
  // Unresolved: PP-OCR's reading, which the benchmark found right more often on figures (95.7% against
  // 93.5% of table numbers at 150 and 200 dpi), doubtful, for the second look to settle.
  return withConfidence(
    other.map((l) => shiftLine(l, prepared.dx, prepared.dy)),
    (c) => Math.min(c, DISAGREED),
  );
}

/** A lane for agree calls that need none (the engines agree, or the second gave no figure). */
const NO_LANE: Lane = {
  worker: () => Promise.reject(new Error('agree: no lane for a re-read')),
};

/** Word confidence (0..100) above which a figure or Chinese text read by the joined model is not questioned. */
const SURE = 80;
/** Digits mixed with what tesseract makes of digits when it guesses letters or punctuation. */
const DIGIT_LOOKALIKE =
  /^(?=.*\d)[\dBbIilL|!OoDSsZzGgqT:;.,'"`()[\]{}/-]{1,16}$|^[BbIilL|!OoDSsZzGgqT]{1,2}$/u;

const meanConfidence = (lines: readonly OcrLine[]): number => {
  const words = lines.flatMap((l) => l.words);
  return words.length === 0 ? 0 : words.reduce((a, w) => a + w.confidence, 0) / words.length;
};

const minConfidence = (lines: readonly OcrLine[]): number => {
  const words = lines.flatMap((l) => l.words);
  return words.length === 0 ? 0 : Math.min(...words.map((w) => w.confidence));
};

export interface PreparedCell {
  readonly image: GreyImage;
  /** Add to a pixel of `image` to get the page pixel. */
  readonly dx: number;
  readonly dy: number;
  readonly multiline: boolean;
}

/**
 * Cut a cell out, erase what is left of its rules, trim to its ink and pad with white. Undefined for an
 * empty cell (scan specks are not ink: a cell needs a few glyph-sized marks).
 */
export function prepareCell(page: GreyImage, inner: BBox, threshold: number): PreparedCell | undefined {
  const raw = cropGrey(page, inner.x0, inner.y0, inner.x1 - inner.x0, inner.y1 - inner.y0);
  if (raw.width < 3 || raw.height < 3) return undefined;
  const mask = binarize(raw, threshold);
  const paper = paperGrey(raw.data);
  const data = clearEdgeRemnants(raw, mask, paper);
  clearSpecks(data, mask, raw.width, raw.height, raw.dpi, paper, threshold);
  const crop: GreyImage = { ...raw, data };
  const box = inkBox(mask, crop.width, crop.height, crop.dpi);
  if (!box) return undefined;
  const margin = Math.max(4, Math.round(crop.dpi / 20));
  const tight = cropGrey(crop, box.x0, box.y0, box.x1 - box.x0 + 1, box.y1 - box.y0 + 1);
  const image = pad(tight, margin, paper);
  const x0 = Math.max(0, Math.floor(inner.x0));
  const y0 = Math.max(0, Math.floor(inner.y0));
  return {
    image,
    dx: x0 + box.x0 - margin,
    dy: y0 + box.y0 - margin,
    // Two lines of 9–12 pt text are over a quarter inch tall; one line is under. Smaller type (the 6–8 pt
    // headers of wide tables, "财政专户管" over "理资金收入") is two lines under that height: its lines are
    // told apart by the blank rows between them.
    multiline: box.y1 - box.y0 + 1 > 0.26 * crop.dpi || inkLines(mask, crop.width, box, crop.dpi) >= 2,
  };
}

/**
 * How many lines of text the ink in `box` makes: bands of rows holding ink, parted by blank rows. A band
 * under half the height of the tallest, or under a twentieth of an inch (the flat strokes of 二 or 三 alone,
 * what is left of a rule along an edge, an underline), is not a line of its own.
 */
function inkLines(
  mask: Uint8Array,
  width: number,
  box: { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number },
  dpi: number,
): number {
  const bands: number[] = [];
  let run = 0;
  for (let y = box.y0; y <= box.y1 + 1; y++) {
    let ink = false;
    if (y <= box.y1) {
      for (let x = box.x0; x <= box.x1 && !ink; x++) ink = mask[y * width + x] === 1;
    }
    if (ink) run++;
    else if (run > 0) {
      bands.push(run);
      run = 0;
    }
  }
  const tallest = Math.max(0, ...bands);
  return bands.filter((h) => h >= 0.5 * tallest && h >= dpi / 20).length;
}

/**
 * What is left of the cell's rules along the edges of the cut (the grey fringe of a blurred rule, a thick
 * or doubled rule, a residual tilt) reads as "|", "[" or "_" glued to the figure. A column (row) near an edge
 * that is darker than the paper over nearly the whole height (width) of the cell is such a remnant, never a
 * glyph (no glyph runs the full height of its cell), even where a digit touches it. Those columns and rows
 * are painted over with paper in the image and cleared in the mask. Returns the cleaned grey pixels.
 */
function clearEdgeRemnants(image: GreyImage, mask: Uint8Array, paper: number): Uint8Array {
  const { width, height } = image;
  const reach = Math.max(3, Math.round(image.dpi / 30));
  const data = new Uint8Array(image.data);
  // Grain on scanned paper is a few grey levels; a blurred rule's fringe is at least a dozen darker.
  const dark = paper - 12;
  const columnIsRule = (x: number): boolean => {
    let n = 0;
    for (let y = 0; y < height; y++) if (data[y * width + x]! < dark) n++;
    return n >= 0.85 * height;
  };
  const rowIsRule = (y: number): boolean => {
    let n = 0;
    for (let x = 0; x < width; x++) if (data[y * width + x]! < dark) n++;
    return n >= 0.85 * width;
  };
  const clearColumn = (x: number): void => {
    for (let y = 0; y < height; y++) {
      data[y * width + x] = paper;
      mask[y * width + x] = 0;
    }
  };
  const clearRow = (y: number): void => {
    data.fill(paper, y * width, (y + 1) * width);
    mask.fill(0, y * width, (y + 1) * width);
  };
  for (let y = 0; y < Math.min(reach, height); y++) {
    if (rowIsRule(y)) clearRow(y);
    if (rowIsRule(height - 1 - y)) clearRow(height - 1 - y);
  }
  for (let x = 0; x < Math.min(reach, width); x++) {
    if (columnIsRule(x)) clearColumn(x);
    if (columnIsRule(width - 1 - x)) clearColumn(width - 1 - x);
  }
  return data;
}

/** Calls `visit` with each of the (up to) eight pixels around (x, y) inside a width × height image. */
function forNeighbours(
  x: number,
  y: number,
  width: number,
  height: number,
  visit: (j: number, xx: number, yy: number) => void,
): void {
  for (let dy = -1; dy <= 1; dy++)
    for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx;
      const yy = y + dy;
      if ((dx !== 0 || dy !== 0) && xx >= 0 && yy >= 0 && xx < width && yy < height)
        visit(yy * width + xx, xx, yy);
    }
}
/**
 * Dust, painted over in the image and cleared in the mask, so it neither widens a cell's ink box nor reads as
 * a stray "." or "'": bits of ink smaller than a decimal point (a period at 9 pt is some 0.02 in across), and
 * small marks (under 0.04 in either way) with no glyph within 0.06 in, nor a mark that is itself kept; a bit that
 * all but touches kept ink is a piece of a stroke and stays. A decimal
 * point or a comma always sits beside the digits it belongs to; a speck of dust in an empty stretch of a cell
 * does not.
 */
function clearSpecks(
  data: Uint8Array,
  mask: Uint8Array,
  width: number,
  height: number,
  dpi: number,
  paper: number,
  threshold: number,
): void {
  const minArea = Math.max(3, Math.round(3 * (dpi / 150) ** 2));
  const markSize = dpi * 0.04;
  const reach = dpi * 0.06;
  const seen = new Uint8Array(mask.length);
  const stack: number[] = [];
  type Blob = { pixels: number[]; x0: number; y0: number; x1: number; y1: number };
  const blobs: Blob[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] !== 1 || seen[start] === 1) continue;
    const blob: Blob = { pixels: [], x0: width, y0: height, x1: -1, y1: -1 };
    stack.length = 0;
    stack.push(start);
    seen[start] = 1;
    while (stack.length > 0) {
      const i = stack.pop()!;
      blob.pixels.push(i);
      const x = i % width;
      const y = (i - x) / width;
      if (x < blob.x0) blob.x0 = x;
      if (x > blob.x1) blob.x1 = x;
      if (y < blob.y0) blob.y0 = y;
      if (y > blob.y1) blob.y1 = y;
      forNeighbours(x, y, width, height, (j) => {
        if (mask[j] === 1 && seen[j] === 0) {
          seen[j] = 1;
          stack.push(j);
        }
      });
    }
    blobs.push(blob);
  }
  const isMark = (b: Blob): boolean => b.x1 - b.x0 + 1 < markSize && b.y1 - b.y0 + 1 < markSize;
  // A thin stroke of a glyph in light type at a low resolution (the 一 of "一、财政拨款收入" at 150 dpi: a
  // pixel-high bar, anti-aliased to mid grey, of which the threshold keeps two or three pixels) is a mark
  // in the mask but a glyph-long stroke in the grey: followed through the pixels halfway from the threshold
  // to the paper, it runs twice the mark size or more, where dust (a dot and its grey halo) stays a dot. Such
  // a stroke is a glyph, and its grey pixels join the mask, so the cell's ink box holds the whole of it.
  const faint = (threshold + paper) / 2;
  function faintStroke(b: Blob): boolean {
    const seenFaint = new Set<number>(b.pixels);
    const todo = [...b.pixels];
    let [x0, y0, x1, y1] = [b.x0, b.y0, b.x1, b.y1];
    while (todo.length > 0 && seenFaint.size < 16 * markSize * markSize) {
      const i = todo.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      forNeighbours(x, y, width, height, (j, xx, yy) => {
        if (seenFaint.has(j) || data[j]! >= faint) return;
        seenFaint.add(j);
        todo.push(j);
        x0 = Math.min(x0, xx);
        x1 = Math.max(x1, xx);
        y0 = Math.min(y0, yy);
        y1 = Math.max(y1, yy);
      });
    }
    // Along the cut's edge it is what is left of a rule, not a stroke.
    if (x0 === 0 || y0 === 0 || x1 === width - 1 || y1 === height - 1) return false;
    if (Math.max(x1 - x0 + 1, y1 - y0 + 1) < 2 * markSize) return false;
    for (const j of seenFaint) mask[j] = 1;
    return true;
  }
  const glyphs = blobs.filter((b) => !isMark(b) || faintStroke(b));
  const gap = (a: Blob, b: Blob): number => Math.max(a.x0 - b.x1, b.x0 - a.x1, a.y0 - b.y1, b.y0 - a.y1, 0);
  // Beside a glyph is beside a kept mark too: small type (7 pt at 200 dpi) binarizes into pieces under the
  // mark size, and a figure printed so ("-53550") is a chain of marks with one whole glyph at its end; only
  // the pieces next to it were kept ("3550").
  // A bit of ink under the decimal point's size that nearly touches kept ink is a thin stroke the threshold
  // broke up (the diagonal of a serif "4" at 200 dpi: without it the 4 reads as 1), never dust to clear.
  const touch = Math.max(2, Math.round(dpi / 100));
  const kept = new Set(glyphs);
  for (let grown = true; grown;) {
    grown = false;
    for (const b of blobs) {
      if (kept.has(b)) continue;
      const near = b.pixels.length >= minArea ? reach : touch;
      if ([...kept].some((g) => gap(b, g) <= near)) {
        kept.add(b);
        grown = true;
      }
    }
  }
  for (const b of blobs) {
    if (kept.has(b)) continue;
    for (const i of b.pixels) {
      mask[i] = 0;
      data[i] = paper;
    }
  }
}

/**
 * A minus sign before the figure in a cell's cut: the leftmost mark, flat (at least twice as wide as tall, at
 * most 0.02 in tall, 0.02–0.08 in wide), level with the middle of the figure's ink, close before it, and with
 * no other ink above or below it (the crossbar of a 4 or the foot of a 2 shares its columns with the rest of
 * its digit). Tesseract and PP-OCR both drop such a dash in 7 pt type at 200 dpi ("-20400" read 20400).
 */
export function leadingMinus(image: GreyImage, threshold: number): boolean {
  const { width, height, dpi } = image;
  const mask = binarize(image, threshold);
  const label = new Int32Array(width * height).fill(-1);
  const blobs: { x0: number; y0: number; x1: number; y1: number }[] = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] !== 1 || label[start] !== -1) continue;
    const b = { x0: width, y0: height, x1: -1, y1: -1 };
    label[start] = blobs.length;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      b.x0 = Math.min(b.x0, x);
      b.x1 = Math.max(b.x1, x);
      b.y0 = Math.min(b.y0, y);
      b.y1 = Math.max(b.y1, y);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
          const j = yy * width + xx;
          if (mask[j] === 1 && label[j] === -1) {
            label[j] = blobs.length;
            stack.push(j);
          }
        }
      }
    }
    blobs.push(b);
  }
  if (blobs.length < 2) return false;
  const dash = blobs.reduce((a, b) => (b.x0 < a.x0 ? b : a));
  const rest = blobs.filter((b) => b !== dash);
  const w = dash.x1 - dash.x0 + 1;
  const h = dash.y1 - dash.y0 + 1;
  if (w < 2 * h || h > 0.02 * dpi || w < 0.02 * dpi || w > 0.08 * dpi) return false;
  if (rest.some((b) => b.x0 <= dash.x1)) return false;
  const top = Math.min(...rest.map((b) => b.y0));
  const bottom = Math.max(...rest.map((b) => b.y1));
  const mid = (dash.y0 + dash.y1) / 2;
  if (mid < top + 0.3 * (bottom - top) || mid > top + 0.7 * (bottom - top)) return false;
  if (bottom - top < 3 * h) return false;
  return Math.min(...rest.map((b) => b.x0)) - dash.x1 <= 0.04 * dpi;
}

/** The box of a cell's ink; undefined when it holds less ink than a small glyph. */
function inkBox(
  mask: Uint8Array,
  width: number,
  height: number,
  dpi: number,
): { x0: number; y0: number; x1: number; y1: number } | undefined {
  let total = 0;
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (mask[y * width + x] !== 1) continue;
      total++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  // A lone "1" at 7–8 pt, as Otsu leaves it, is a stem a pixel or two wide and 0.07 in tall with its flag:
  // some 20 pixels of ink at 200 dpi, 66 at 300 (a 北京 绩效 target "1", a 西安 栏次 "1"), 0.0004 in². Dust
  // is cleared before this (clearSpecks), so the floor only needs to stay under the smallest glyph.
  const minInk = Math.max(8, Math.round(0.0004 * dpi * dpi));
  if (total < minInk) return undefined;
  // Ink spread thin over a cell (left-over noise): no glyph is shorter than a twentieth of an inch.
  if (y1 - y0 + 1 < dpi / 25) return undefined;
  return { x0, y0, x1, y1 };
}

/**
 * A margin of the paper's own grey: tesseract reads a line poorly when ink touches the image edge, and its
 * LSTM sees grey levels, so a white frame around grey paper would be an edge it reads as "1" or "|".
 */
function pad(image: GreyImage, margin: number, paper: number): GreyImage {
  const width = image.width + 2 * margin;
  const height = image.height + 2 * margin;
  const data = new Uint8Array(width * height).fill(paper);
  for (let y = 0; y < image.height; y++) {
    data.set(image.data.subarray(y * image.width, (y + 1) * image.width), (y + margin) * width + margin);
  }
  return { ...image, width, height, data };
}

/**
 * The page with the tables' areas painted over in the paper's own grey: what is left for whole-page
 * recognition (titles, units, notes). Pure white on grey paper would make the area an edge-bounded block
 * that tesseract's layout analysis takes for a picture, and it then finds no text on the page at all.
 */
export function withoutTables(image: GreyImage, tables: readonly PixelTable[]): GreyImage {
  const data = new Uint8Array(image.data);
  const paper = paperGrey(image.data);
  for (const t of tables) {
    const x0 = Math.max(0, Math.floor(t.x0) - 2);
    const x1 = Math.min(image.width - 1, Math.ceil(t.x1) + 2);
    for (
      let y = Math.max(0, Math.floor(t.y0) - 2);
      y <= Math.min(image.height - 1, Math.ceil(t.y1) + 2);
      y++
    ) {
      data.fill(paper, y * image.width + x0, y * image.width + x1 + 1);
    }
  }
  return { ...image, data };
}

/** A line of words moved by (dx, dy) pixels. */
function shiftLine(line: OcrLine, dx: number, dy: number): OcrLine {
  return mapLine(line, (x, y) => ({ x: x + dx, y: y + dy }));
}

/** A line with every box mapped through `f` (pixel → pixel). */
function mapLine(line: OcrLine, f: (x: number, y: number) => { x: number; y: number }): OcrLine {
  const mapBox = (b: BBox): BBox => {
    const a = f(b.x0, b.y0);
    const c = f(b.x1, b.y1);
    return { x0: a.x, y0: a.y, x1: c.x, y1: c.y };
  };
  return {
    bbox: mapBox(line.bbox),
    words: line.words.map((w) => ({
      ...w,
      bbox: mapBox(w.bbox),
      ...(w.symbols ? { symbols: w.symbols.map((s) => ({ text: s.text, bbox: mapBox(s.bbox) })) } : {}),
    })),
  };
}

/** Shrink a grey image by `f` (0 < f < 1), each output pixel the mean of the input pixels it covers. */
export function shrinkGrey(image: GreyImage, f: number): GreyImage {
  const width = Math.max(1, Math.round(image.width * f));
  const height = Math.max(1, Math.round(image.height * f));
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy0 = Math.floor(y / f);
    const sy1 = Math.min(image.height, Math.max(sy0 + 1, Math.floor((y + 1) / f)));
    for (let x = 0; x < width; x++) {
      const sx0 = Math.floor(x / f);
      const sx1 = Math.min(image.width, Math.max(sx0 + 1, Math.floor((x + 1) / f)));
      let sum = 0;
      for (let yy = sy0; yy < sy1; yy++)
        for (let xx = sx0; xx < sx1; xx++) sum += image.data[yy * image.width + xx]!;
      data[y * width + x] = Math.round(sum / ((sy1 - sy0) * (sx1 - sx0)));
    }
  }
  return {
    ...image,
    width,
    height,
    data,
    dpi: image.dpi * f,
    ...(image.dpiY !== undefined ? { dpiY: image.dpiY * f } : {}),
  };
}

/**
 * The text outside the tables (titles, 部门/单位 lines, notes), read band by band: each run of rows holding
 * ink is cut out and read on its own (PSM 3), and a band of large type is first shrunk to some 0.2 in.
 * Tesseract's models are trained on text-sized glyphs; a 26 pt title read as it is comes out
 * "财政拨亚收文预算总表" for 财政拨款收支预算总表, and shrunk it reads right (0.15–0.25 in read best on the
 * Jiangsu titles). Lines come back in pixels of
 * `image`.
 */
export async function readOutsideTables(
  page: GreyImage,
  tables: readonly PixelTable[],
  threshold: number,
  signal?: AbortSignal,
): Promise<OcrLine[]> {
  const image = withoutTables(page, tables);
  const { width, height, dpi } = image;
  const mask = binarize(image, threshold);
  clearSpecks(new Uint8Array(image.data), mask, width, height, dpi, paperGrey(image.data), threshold);
  const rowInk = new Uint32Array(height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rowInk[y]! += mask[y * width + x]!;
  const bands: { y0: number; y1: number }[] = [];
  const join = Math.round(dpi * 0.03);
  for (let y = 0; y < height; y++) {
    if (rowInk[y]! < 2) continue;
    const last = bands[bands.length - 1];
    if (last && y - last.y1 <= join) last.y1 = y;
    else bands.push({ y0: y, y1: y });
  }
  // Neighbouring bands of text-sized type are read together (one call instead of one per line of a note);
  // a band of large type is read alone, shrunk.
  const groups: { y0: number; y1: number; f: number }[] = [];
  for (const band of bands) {
    const h = band.y1 - band.y0 + 1;
    if (h < dpi * 0.04) continue;
    const f = h > dpi * 0.3 ? (dpi * 0.2) / h : 1;
    const last = groups[groups.length - 1];
    if (last && last.f === 1 && f === 1) last.y1 = band.y1;
    else groups.push({ y0: band.y0, y1: band.y1, f });
  }
  const out: OcrLine[] = [];
  for (const { y0: top, y1: bottom, f } of groups) {
    const margin = Math.round(dpi / 20);
    const y0 = Math.max(0, top - margin);
    const y1 = Math.min(height - 1, bottom + margin);
    // Across, only as far as the ink goes.
    let left = width;
    let right = -1;
    for (let y = top; y <= bottom; y++) {
      for (let x = 0; x < width; x++) {
        if (mask[y * width + x] !== 1) continue;
        if (x < left) left = x;
        if (x > right) right = x;
      }
    }
    const x0 = Math.max(0, left - margin);
    const cut = cropGrey(image, x0, y0, Math.min(width - 1, right + margin) - x0 + 1, y1 - y0 + 1);
    const small = f < 1 ? shrinkGrey(cut, f) : cut;
    const pgm = Buffer.from(encodePgm(small));
    const blocks = await ocrPool().run(async (worker) => {
      const result = await worker.recognize(
        pgm,
        { tessedit_pageseg_mode: '3', user_defined_dpi: tesseractDpi(small.dpi) } as Record<string, string>,
        { blocks: true, text: false },
      );
      return (result.data as { blocks?: unknown }).blocks;
    }, signal);
    out.push(...linesFromBlocks(blocks).map((l) => mapLine(l, (x, y) => ({ x: x / f + x0, y: y / f + y0 }))));
  }
  return out;
}
