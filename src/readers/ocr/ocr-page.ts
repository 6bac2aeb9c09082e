import type { Page, RulingLine, TextSpan } from '../../model/index.js';
import {
  binarize,
  deskew,
  estimateSkew,
  otsuThreshold,
  paperGrey,
  toOriginal,
  type GreyImage,
} from '../render/index.js';
import {
  findCellGrids,
  withBrokenRulesJoined,
  withoutCrossedStrokes,
  withoutGlyphStrokes,
} from './cell-grid.js';
import { ocrTableCells, readOutsideTables, withoutTables } from './cell-ocr.js';
import { detectRules, eraseRules, ruleExtent, rulePosition, type PixelRule } from './ruling-lines.js';
import { wordsToSpans, type OcrLine } from './spans.js';
import { ocrPool } from './tesseract-pool.js';
import type { OcrEngine, OcrEngineName } from './engine.js';
import { pageOrientation, ppocrEngine, rotateGrey } from './ppocr.js';
import { tesseractEngine } from './tesseract-engine.js';

export interface PageGeometry {
  /** 1-based page number. */
  readonly number: number;
  /** Page size in points; the image is stretched onto it. */
  readonly width: number;
  readonly height: number;
}

export interface PageOcr {
  /** On the levelled page (see `deskew`), points, origin top-left. */
  readonly spans: TextSpan[];
  /** On the levelled page, so horizontal rules have y0 === y1 and vertical ones x0 === x1. */
  readonly lines: RulingLine[];
  /** Skew found and removed before recognition, degrees (0 when level). */
  readonly skewDeg: number;
  /** The Page.deskew record (points) when a skew was removed. */
  readonly deskew?: NonNullable<Page['deskew']>;
  /**
   * The page was scanned turned: it was turned this far clockwise before reading, and spans and rules are on
   * the upright page (for 90 and 270 its width and height are swapped).
   */
  readonly turnedDeg?: 90 | 180 | 270;
}

/**
 * A point of a levelled OCR page (its spans and lines) on the page as scanned: what the review page needs
 * to draw a box over the original image. Identity for pages without a deskew record.
 */
export function toScannedPage(page: Pick<Page, 'deskew'>, x: number, y: number): { x: number; y: number } {
  const d = page.deskew;
  if (!d) return { x, y };
  const p = toOriginal({ angleDeg: d.angleDeg, cx: d.cx, cy: d.cy }, x, y);
  return { x: p.x, y: p.y };
}

/**
 * One page image → spans and rules in points. Steps: binarize, estimate and remove skew, find rules from
 * pixel runs, recognize the whole page (PSM 3: auto layout, which the team measured far ahead
 * of PSM 6 on ruled tables), scale pixels to points.
 *
 * Boxes stay on the levelled page, with the removed skew returned as `deskew` (Page.deskew) so any box maps
 * back onto the scan with `toScannedPage`. Mapping them back here instead would tilt every table rule by
 * the skew (9 pt across a 500 pt rule at 1°), and the lattice stage, like any PDF consumer, expects
 * horizontal rules to be horizontal.
 */
export interface PageOcrOptions {
  readonly signal?: AbortSignal;
  /**
   * White out detected rules before recognition. Default false: on the corpus at 200 dpi it cost 21 points
   * of numeric accuracy (76.9% vs 97.7% of numbers exact; bench/ocr.ts --erase), as glyphs touching a rule
   * lose strokes, while tesseract's own layout analysis already keeps rules out of the words.
   */
  readonly eraseRules?: boolean;
  /**
   * Read ruled tables cell by cell (cells found from the pixel rules; see cell-ocr.ts) and only the rest of
   * the page as a whole. Default true; false reads the whole page at once (bench/ocr.ts --whole-page).
   */
  readonly cells?: boolean;
  /**
   * Which engine reads which region. auto (default), as the benchmark chose (bench/ocr-engines.ts): ruled tables
   * cell by cell with tesseract.js, every figure checked by PP-OCR (`agreement`), and the text outside the tables
   * (paragraphs, titles, notes; whole pages without a ruled grid) found and read by PP-OCR, which reads
   * narrative text far better (99.3% of characters against 95.4% at 200 dpi). tesseract: tesseract.js only,
   * the text outside tables band by band, pages without a grid whole (PSM 3). ppocr: PP-OCRv4 finds and
   * reads every text line of the page, tables included.
   */
  readonly engine?: OcrEngineName | 'auto';
  /** Every figure of a ruled table read by PP-OCR too (cell-ocr.ts `agree`). Default true. */
  readonly agreement?: boolean;
  /** Find pages turned 90°/180°/270° and turn them upright (ppocr.ts `pageOrientation`). Default true. */
  readonly orientation?: boolean;
  /**
   * The engines that read whole regions (a page without a ruled grid, the text outside the tables under
   * engine ppocr or auto); default tesseractEngine and ppocrEngine. Tests put a failing or stalling engine here.
   */
  readonly engines?: { readonly [K in OcrEngineName]?: OcrEngine };
}

export async function ocrPageImage(
  scan: GreyImage,
  scanned: PageGeometry,
  options: PageOcrOptions = {},
): Promise<PageOcr> {
  const { signal } = options;
  const chosen = options.engine ?? 'auto';
  // A hard black-and-white page (a photocopy, a fax, a bilevel scan): broken rules cut cells wrongly, and
  // PP-OCR reading the whole page did far better (bench, harsh photocopy: 89.1% of table numbers against
  // 76.1% cell by cell and 68.5% for tesseract.js alone).
  const engine = chosen === 'auto' && isBilevel(scan) ? 'ppocr' : chosen;
  // A page scanned on its side or upside down is turned upright first (PP-OCR tells which way is up).
  const { turn, levelled } =
    engine === 'tesseract' || options.orientation === false
      ? { turn: 0 as const, levelled: undefined }
      : await uprightTurn(scan, signal);
  const grey = rotateGrey(scan, turn);
  const page =
    turn === 90 || turn === 270 ? { ...scanned, width: scanned.height, height: scanned.width } : scanned;
  // Upright as scanned: the page levelled above is the one read.
  const { image: level, transform } = turn === 0 && levelled ? levelled : levelScan(grey);
  const rules = findRules(level);
  const cleaned: GreyImage =
    options.eraseRules === true
      ? { ...level, data: eraseRules(level.data, level.width, level.height, rules) }
      : level;

  const sx = page.width / grey.width;
  const sy = page.height / grey.height;
  const toPage = (x: number, y: number): { x: number; y: number } => ({ x: x * sx, y: y * sy });

  const tesseract = options.engines?.tesseract ?? tesseractEngine;
  const ppocr = options.engines?.ppocr ?? ppocrEngine;
  // A whole page by tesseract.js (PSM 3, its own layout analysis).
  const wholePage = (image: GreyImage): Promise<OcrLine[]> => tesseract.recognizeRegion(image, signal);

  const tables =
    options.cells === false || engine === 'ppocr' ? [] : findCellGrids(rules, { dpi: level.dpi });
  let ocrLines: OcrLine[];
  // PP-OCR on a region while holding one of the pool's lanes, so the two engines together never run more
  // recognitions at once than there are lanes.
  const ppocrRegion = (image: GreyImage): Promise<OcrLine[]> =>
    ocrPool().run(() => ppocr.recognizeRegion(image, signal), signal);
  if (engine === 'ppocr') {
    ocrLines = await ppocr.recognizeRegion(cleaned, signal);
  } else if (tables.length === 0) {
    ocrLines = engine === 'auto' ? await ppocrRegion(cleaned) : await wholePage(cleaned);
  } else if (engine === 'auto') {
    const threshold = otsuThreshold(level);
    const [cells, restLines] = await Promise.all([
      ocrTableCells(level, tables, {
        threshold,
        ...(signal ? { signal } : {}),
        ...(options.agreement !== undefined ? { agreement: options.agreement } : {}),
      }),
      ppocrRegion(withoutTables(level, tables)),
    ]);
    ocrLines = [...restLines, ...cells.flatMap((c) => c.lines)];
  } else {
    const threshold = otsuThreshold(level);
    const [cells, restLines] = await Promise.all([
      ocrTableCells(level, tables, {
        threshold,
        ...(signal ? { signal } : {}),
        ...(options.agreement !== undefined ? { agreement: options.agreement } : {}),
      }),
      readOutsideTables(level, tables, threshold, signal),
    ]);
    ocrLines = [...restLines, ...cells.flatMap((c) => c.lines)];
  }

  const spans = wordsToSpans(ocrLines, { page: page.number, rules, toPage });
  const lines = rulesInPoints(rules, page, grey);
  const record = scanRecord(
    { angleDeg: transform.angleDeg, cx: transform.cx * sx, cy: transform.cy * sy },
    turn,
    scanned,
  );
  return {
    spans,
    lines,
    skewDeg: transform.angleDeg,
    ...(record ? { deskew: record } : {}),
    ...(turn !== 0 ? { turnedDeg: turn } : {}),
  };
}

/** A scan levelled as the OCR path levels it: its skew, estimated on the binarized image, undone. */
export function levelScan(grey: GreyImage): ReturnType<typeof deskew> {
  return deskew(grey, estimateSkew(binarize(grey), grey.width, grey.height));
}

/** Rules found in an image of the page, in page points (the page's size over the image's), as ruling lines. */
export function rulesInPoints(
  rules: readonly PixelRule[],
  page: { readonly number: number; readonly width: number; readonly height: number },
  image: { readonly width: number; readonly height: number },
): RulingLine[] {
  const sx = page.width / image.width;
  const sy = page.height / image.height;
  return rules.map((r) => ({
    page: page.number,
    x0: round2(r.x0 * sx),
    y0: round2(r.y0 * sy),
    x1: round2(r.x1 * sx),
    y1: round2(r.y1 * sy),
    width: round2(r.thickness * (r.orientation === 'h' ? sy : sx)),
  }));
}

/**
 * The clockwise turn that sets a scan upright (pageOrientation), told on the scan levelled, and that levelled
 * scan. A tilted hard black-and-white page (a photocopy, 1.5–2°) read as it lies was taken for upside down: the
 * boxes of its long lines hold parts of the lines above and below, which read as garbage either way up.
 */
export async function uprightTurn(
  scan: GreyImage,
  signal?: AbortSignal,
): Promise<{ turn: 0 | 90 | 180 | 270; levelled: ReturnType<typeof deskew> }> {
  const levelled = levelScan(scan);
  const turn = await ocrPool().run(() => pageOrientation(levelled.image, signal), signal);
  return { turn, levelled };
}

/**
 * The page's rules: those in the text's ink mask (Otsu), plus hairlines. A hairline rule (a quarter point,
 * under a pixel at 300 dpi) comes out of a scan as a light grey line some 40 levels under the paper, far
 * lighter than the text threshold; a threshold just under the paper's grey keeps it. That mask also fattens
 * glyphs, and the strokes of a large title would pass for short rules, so from it only long rules are taken
 * (an inch across, half an inch down), and only where the ink mask did not find it in one piece. The strokes
 * of a large title are dropped (withoutGlyphStrokes), and rules the scan broke are joined again at the end
 * (withBrokenRulesJoined).
 */
export function findRules(image: GreyImage): PixelRule[] {
  const { width, height, dpi } = image;
  const ink = binarize(image);
  const rules = detectRules(ink, width, height, { dpi });
  const paper = paperGrey(image.data);
  const t = Math.max(otsuThreshold(image), paper - 25);
  const light = new Uint8Array(image.data.length);
  for (let i = 0; i < light.length; i++) light[i] = image.data[i]! <= t ? 1 : 0;
  const near = Math.max(3, Math.round(dpi / 50));
  for (const r of detectRules(light, width, height, { dpi, minHorizontal: 1, minVertical: 0.5 })) {
    const [from, to] = ruleExtent(r);
    const pieces = rules.filter((k) => {
      if (k.orientation !== r.orientation) return false;
      const [a, b] = ruleExtent(k);
      return Math.abs(rulePosition(k) - rulePosition(r)) <= near && a < to && from < b;
    });
    // Known where the ink mask has it whole, in one piece. A thin rule on a hard black-and-white scan, levelled,
    // comes out of the ink mask in dashes (its turned pixels go grey, and some fall above the threshold), and
    // dashes shorter than half an inch were then taken for glyph strokes: the light mask holds the rule whole,
    // and takes the place of the dashes it covers.
    const whole = pieces.some((k) => {
      const [a, b] = ruleExtent(k);
      return Math.min(b, to) - Math.max(a, from) >= 0.9 * (to - from);
    });
    if (whole) continue;
    for (const k of pieces) {
      const [a, b] = ruleExtent(k);
      if (a >= from - near && b <= to + near) rules.splice(rules.indexOf(k), 1);
    }
    rules.push(r);
  }
  return withBrokenRulesJoined(
    withoutCrossedStrokes(withoutGlyphStrokes(rules, dpi), ink, width, height, dpi),
    dpi,
  );
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

/**
 * The Page.deskew record of a page read levelled and upright: how a point of the page as read maps onto the
 * page as scanned. The skew removed (`skew`, points, about its centre on the upright page) and the quarter
 * turn that set the page upright (clockwise) compose into one rotation by skew − turn about some point,
 * which is found here, so every consumer of Page.deskew (boxes mapped back onto the scan, re-reads cut from
 * it, the review page) handles a page scanned on its side like a tilted one. Undefined for a page read as is.
 */
export function scanRecord(
  skew: { readonly angleDeg: number; readonly cx: number; readonly cy: number },
  turn: 0 | 90 | 180 | 270,
  scanned: { readonly width: number; readonly height: number },
): NonNullable<Page['deskew']> | undefined {
  if (turn === 0)
    return skew.angleDeg === 0
      ? undefined
      : { angleDeg: skew.angleDeg, cx: round2(skew.cx), cy: round2(skew.cy) };
  // Upright → scan: turned back by −turn, then shifted into the scan's frame.
  const t =
    turn === 90 ? [0, scanned.height] : turn === 180 ? [scanned.width, scanned.height] : [scanned.width, 0];
  const back = (-turn * Math.PI) / 180;
  const toScan = (x: number, y: number): [number, number] => [
    Math.cos(back) * x - Math.sin(back) * y + t[0]!,
    Math.sin(back) * x + Math.cos(back) * y + t[1]!,
  ];
  // The levelled page's origin on the scan: scan = R(α)·p + b.
  const o = toOriginal(skew, 0, 0);
  const [bx, by] = toScan(o.x, o.y);
  const angleDeg = skew.angleDeg - turn;
  const a = (angleDeg * Math.PI) / 180;
  const c = Math.cos(a);
  const sn = Math.sin(a);
  // The fixed point q of the rotation: (I − R)·q = b.
  const det = 2 - 2 * c;
  const qx = ((1 - c) * bx - sn * by) / det;
  const qy = (sn * bx + (1 - c) * by) / det;
  return { angleDeg: Math.round(angleDeg * 1e4) / 1e4, cx: round2(qx), cy: round2(qy) };
}

/** The clockwise quarter turn that set a page upright, from its Page.deskew record (0 for a tilted page). */
export function quarterTurn(deskew: Page['deskew']): 0 | 90 | 180 | 270 {
  if (!deskew) return 0;
  const t = (((Math.round(-deskew.angleDeg / 90) * 90) % 360) + 360) % 360;
  return t as 0 | 90 | 180 | 270;
}

/**
 * Hard black and white: nine in ten of the pixels that are not paper are full black (a greyscale scan or a
 * rendering has the grey edges of every stroke). Sampled.
 */
export function isBilevel(image: GreyImage): boolean {
  const { data } = image;
  const step = Math.max(1, Math.floor(data.length / 400_000));
  let ink = 0;
  let black = 0;
  let n = 0;
  for (let i = 0; i < data.length; i += step) {
    n++;
    const v = data[i]!;
    if (v < 243) ink++;
    if (v <= 12) black++;
  }
  return ink > 0.002 * n && black > 0.9 * ink;
}
