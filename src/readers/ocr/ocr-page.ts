import type { RulingLine, TextSpan } from '../../model/index.js';
import { binarize, deskew, encodePgm, estimateSkew, toOriginal, type GreyImage } from '../render/index.js';
import { detectRules, eraseRules } from './ruling-lines.js';
import { linesFromBlocks, wordsToSpans } from './spans.js';
import { ocrPool } from './tesseract-pool.js';

export interface PageGeometry {
  /** 1-based page number. */
  readonly number: number;
  /** Page size in points; the image is stretched onto it. */
  readonly width: number;
  readonly height: number;
}

export interface PageOcr {
  readonly spans: TextSpan[];
  readonly lines: RulingLine[];
  /** Skew found and removed before recognition, degrees. */
  readonly skewDeg: number;
}

/**
 * One page image → spans and rules in the page's own coordinates (points, origin top-left, the ORIGINAL
 * unrotated page). Steps: binarize, estimate and remove skew, find rules from pixel runs, erase them,
 * recognize the whole page (PSM 3: auto layout, which the team measured far ahead of PSM 6 on ruled tables),
 * then map every box back through the deskew and the pixel→point scale.
 */
export async function ocrPageImage(grey: GreyImage, page: PageGeometry, signal?: AbortSignal): Promise<PageOcr> {
  let mask = binarize(grey);
  const angle = estimateSkew(mask, grey.width, grey.height);
  const { image: level, transform } = deskew(grey, angle);
  if (level !== grey) mask = binarize(level);
  const rules = detectRules(mask, level.width, level.height, { dpi: level.dpi });
  const cleaned: GreyImage = { ...level, data: eraseRules(level.data, level.width, level.height, rules) };

  const sx = page.width / grey.width;
  const sy = page.height / grey.height;
  const toPage = (x: number, y: number): { x: number; y: number } => {
    const o = toOriginal(transform, x, y);
    return { x: o.x * sx, y: o.y * sy };
  };

  const pgm = Buffer.from(encodePgm(cleaned));
  const dpi = String(Math.round(level.dpi));
  const blocks = await ocrPool().run(async (worker) => {
    const result = await worker.recognize(
      pgm,
      { user_defined_dpi: dpi, tessedit_pageseg_mode: '3' } as Record<string, string>,
      { blocks: true, text: false },
    );
    return (result.data as { blocks?: unknown }).blocks;
  }, signal);

  const spans = wordsToSpans(linesFromBlocks(blocks), { page: page.number, rules, toPage });
  const lines: RulingLine[] = rules.map((r) => {
    const a = toPage(r.x0, r.y0);
    const b = toPage(r.x1, r.y1);
    return {
      page: page.number,
      x0: round2(a.x),
      y0: round2(a.y),
      x1: round2(b.x),
      y1: round2(b.y),
      width: round2(r.thickness * (r.orientation === 'h' ? sy : sx)),
    };
  });
  return { spans, lines, skewDeg: transform.angleDeg };
}

const round2 = (v: number): number => Math.round(v * 100) / 100;
