import type { TextSpan } from '../../model/index.js';
import { apply, multiply, toMatrix, type Matrix } from './matrix.js';

/** The parts of a pdfjs TextItem this module reads. */
export interface RawTextItem {
  readonly str: string;
  readonly transform: readonly number[];
  readonly width: number;
  readonly height: number;
  readonly fontName: string;
}

/** The parts of a pdfjs TextStyle this module reads. */
export interface RawTextStyle {
  readonly ascent: number;
  readonly descent: number;
  readonly vertical: boolean;
}

/**
 * Kangxi radicals (U+2F00–2FDF), CJK radicals supplement (U+2E80–2EFF) and compatibility ideographs
 * (U+F900–FAFF) come out of fonts whose ToUnicode maps glyphs to the wrong but look-alike code points
 * (common in Word-to-PDF exports of Chinese documents: "⼀般公共预算" for "一般公共预算"). Their
 * compatibility decomposition is the intended ideograph; everything else keeps plain NFC, so full-width
 * punctuation such as （ stays as written.
 */
const LOOKALIKE_IDEOGRAPHS = /[\u2e80-\u2fdf\uf900-\ufaff]/gu;

export function normalizeText(s: string): string {
  return s.normalize('NFC').replace(LOOKALIKE_IDEOGRAPHS, (c) => c.normalize('NFKC'));
}

/** Clamp a font's ascent/descent: some CJK fonts report 1.16 or 0, which would make boxes overlap rows. */
function metrics(style: RawTextStyle | undefined): { ascent: number; descent: number } {
  const ascent = style && style.ascent > 0.5 && style.ascent < 1.05 ? style.ascent : 0.86;
  const descent = style && style.descent < 0 && style.descent > -0.4 ? style.descent : -0.14;
  return { ascent, descent };
}

/**
 * Turn one text item into a span with a box in viewport coordinates (points, origin top-left, page
 * rotation applied). The box is the item's advance along its baseline, from descent to ascent, so it
 * follows rotated and vertical text as well as horizontal.
 */
export function itemToSpan(
  item: RawTextItem,
  style: RawTextStyle | undefined,
  viewport: Matrix,
  pageNumber: number,
  fontName: string | undefined,
): TextSpan | undefined {
  const text = normalizeText(item.str);
  if (text.trim() === '') return undefined;
  const tm = toMatrix(item.transform);
  if (!tm) return undefined;
  const fontHeight = Math.hypot(tm[2], tm[3]);
  const fontWidth = Math.hypot(tm[0], tm[1]);
  if (fontHeight === 0 || fontWidth === 0) return undefined;
  const { ascent, descent } = metrics(style);
  // Unit vectors of the text direction and of "up", in PDF user space.
  const dir: [number, number] = [tm[0] / fontWidth, tm[1] / fontWidth];
  const up: [number, number] = [tm[2] / fontHeight, tm[3] / fontHeight];
  const ox = tm[4];
  const oy = tm[5];
  let corners: Array<[number, number]>;
  if (style?.vertical) {
    // Vertical writing: the item advances downward by `height`; glyphs are centred on the origin.
    const half = fontWidth / 2;
    const adv = item.height;
    corners = [
      [ox - dir[0] * half, oy - dir[1] * half],
      [ox + dir[0] * half, oy + dir[1] * half],
      [ox - dir[0] * half - up[0] * adv, oy - dir[1] * half - up[1] * adv],
      [ox + dir[0] * half - up[0] * adv, oy + dir[1] * half - up[1] * adv],
    ];
  } else {
    const w = item.width;
    const a = ascent * fontHeight;
    const d = descent * fontHeight;
    corners = [
      [ox + up[0] * d, oy + up[1] * d],
      [ox + dir[0] * w + up[0] * d, oy + dir[1] * w + up[1] * d],
      [ox + up[0] * a, oy + up[1] * a],
      [ox + dir[0] * w + up[0] * a, oy + dir[1] * w + up[1] * a],
    ];
  }
  const m = multiply(viewport, [1, 0, 0, 1, 0, 0]);
  const pts = corners.map(([x, y]) => apply(m, x, y));
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const scale = Math.hypot(viewport[0], viewport[1]) || 1;
  return {
    text,
    page: pageNumber,
    bbox: { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) },
    fontSize: fontHeight * scale,
    ...(fontName !== undefined ? { fontName } : {}),
    confidence: 1,
    origin: 'native',
  };
}

/**
 * Drops the copies of text drawn again over itself: some producers print bold headings by drawing the same
 * glyphs several times a hair apart (西安's 部门综合预算: "序号" six times within 0.02 pt), which would read as
 * "序号序号序号序号序号序号". A span is a copy when an earlier span has the same text, the same size, and starts
 * within a tenth of its height of it; text repeated anywhere else on the page (two "预算数" headers) is kept.
 */
export function dropOverprints(spans: readonly TextSpan[]): TextSpan[] {
  const seen = new Map<string, TextSpan[]>();
  const kept: TextSpan[] = [];
  for (const s of spans) {
    const h = s.bbox.y1 - s.bbox.y0;
    const tol = Math.max(0.1 * h, 0.05);
    const same = seen.get(s.text);
    const copy = same?.some(
      (o) =>
        Math.abs(o.bbox.x0 - s.bbox.x0) <= tol &&
        Math.abs(o.bbox.y0 - s.bbox.y0) <= tol &&
        Math.abs(o.bbox.x1 - s.bbox.x1) <= tol &&
        Math.abs(o.bbox.y1 - s.bbox.y1) <= tol,
    );
    if (copy) continue;
    if (same) same.push(s);
    else seen.set(s.text, [s]);
    kept.push(s);
  }
  return kept;
}
