import type { BBox, TextSpan } from '../model/index.js';
import { unionBoxes } from '../model/index.js';

/** Spans that share a baseline, left to right. */
export interface TextLine {
  spans: TextSpan[];
  bbox: BBox;
  /** Median font size of the line's spans, points. */
  fontSize: number;
}

/** Spans of a line that sit close together: one cell's worth of text in an unruled table. */
export interface Chunk {
  spans: TextSpan[];
  bbox: BBox;
  text: string;
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/u;

export const centerX = (b: BBox): number => (b.x0 + b.x1) / 2;
export const centerY = (b: BBox): number => (b.y0 + b.y1) / 2;
export const height = (b: BBox): number => b.y1 - b.y0;
export const width = (b: BBox): number => b.x1 - b.x0;

/** Length of the overlap of [a0,a1] and [b0,b1], 0 when apart. */
export function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/**
 * Two texts never share the same stretch of one printed line: a span lying over a span of the line (most of the
 * narrower one's width) and set lower or higher is the line below or above, packed tight (a wrapped label at a line
 * spacing under 1). Glyph by glyph, such lines would otherwise interleave ("缴20费80支50出6").
 */
function stackedOn(line: readonly TextSpan[], s: TextSpan): boolean {
  const h = height(s.bbox);
  return line.some(
    (t) =>
      Math.abs(centerY(t.bbox) - centerY(s.bbox)) > 0.25 * Math.min(h, height(t.bbox)) &&
      overlap(t.bbox.x0, t.bbox.x1, s.bbox.x0, s.bbox.x1) > 0.5 * Math.min(width(t.bbox), width(s.bbox)),
  );
}

/**
 * Group spans into lines: a span joins a line when it overlaps the line vertically by at least half of
 * the smaller height. Lines come out top to bottom, spans left to right.
 */
export function groupLines(spans: readonly TextSpan[]): TextLine[] {
  const sorted = [...spans].sort((a, b) => centerY(a.bbox) - centerY(b.bbox) || a.bbox.x0 - b.bbox.x0);
  const lines: Array<{ spans: TextSpan[]; y0: number; y1: number }> = [];
  for (const s of sorted) {
    const h = height(s.bbox);
    let best: (typeof lines)[number] | undefined;
    // Only the last few lines can still take a span: spans are sorted by their centre.
    for (let i = lines.length - 1; i >= 0 && i >= lines.length - 3; i--) {
      const l = lines[i]!;
      const ov = overlap(l.y0, l.y1, s.bbox.y0, s.bbox.y1);
      if (ov >= 0.5 * Math.min(h, l.y1 - l.y0) && !stackedOn(l.spans, s)) {
        best = l;
        break;
      }
    }
    if (best) {
      best.spans.push(s);
      best.y0 = Math.min(best.y0, s.bbox.y0);
      best.y1 = Math.max(best.y1, s.bbox.y1);
    } else {
      lines.push({ spans: [s], y0: s.bbox.y0, y1: s.bbox.y1 });
    }
  }
  return lines
    .map((l) => {
      const ss = l.spans.sort((a, b) => a.bbox.x0 - b.bbox.x0);
      return {
        spans: ss,
        bbox: unionBoxes(ss.map((s) => s.bbox))!,
        fontSize: median(ss.map((s) => s.fontSize)),
      };
    })
    .sort((a, b) => a.bbox.y0 - b.bbox.y0);
}

/** Letter-spaced Chinese (因 公 出 国) is one word: spaces between two ideographs inside a run carry no meaning. */
const LETTER_SPACED = /(?<=[\u3400-\u9fff（）])\s+(?=[\u3400-\u9fff（）])/gu;

/**
 * Join spans of one line into text: a space where a visible gap separates non-CJK text, none between
 * ideographs that sit together, and a space for a wide gap even in Chinese ("部门：XX   单位：万元").
 */
export function joinSpans(spans: readonly TextSpan[]): string {
  const ss = [...spans].sort((a, b) => a.bbox.x0 - b.bbox.x0);
  let out = '';
  let prev: TextSpan | undefined;
  for (const s of ss) {
    const text = s.text.replace(LETTER_SPACED, '');
    if (prev) {
      const gap = s.bbox.x0 - prev.bbox.x1;
      const size = Math.max(1, Math.min(prev.fontSize, s.fontSize));
      const cjkJoin = CJK.test(out.slice(-1)) && CJK.test(text.slice(0, 1));
      const wide = gap > 1.5 * size;
      if ((wide || (gap > 0.2 * size && !cjkJoin)) && !/\s$/u.test(out) && !/^\s/u.test(text)) out += ' ';
    }
    out += text;
    prev = s;
  }
  return out.replace(/\s+/gu, ' ').trim();
}

/** Text of spans laid out on several lines: lines joined with '\n'. */
export function spansToText(spans: readonly TextSpan[]): string {
  const lines = groupLines(spans)
    .map((l) => joinSpans(l.spans))
    .filter((t) => t !== '');
  // A figure too wide for its column wraps digit-wise ("85715.0" over "9"); it is still one number.
  const joined = lines.join('');
  // Only a short tail counts: two stacked figures ("2.3" over "0.21") are two values of unruled rows.
  if (
    lines.length === 2 &&
    isNumeric(joined) &&
    /^[-\d,.%()（）]+$/u.test(lines[0]!) &&
    /^\d{1,3}%?$/u.test(lines[1]!)
  )
    return joined;
  return lines.join('\n');
}

/**
 * Split a line into chunks at gaps wider than `gapEm` times the font size. Inside a chunk the text
 * reads as one phrase; between chunks lies a column gap (or a very wide space).
 */
export function chunkLine(line: TextLine, gapEm = 0.8): Chunk[] {
  const chunks: Chunk[] = [];
  let cur: TextSpan[] = [];
  let right = -Infinity;
  for (const s of line.spans) {
    const size = Math.max(1, s.fontSize);
    if (cur.length > 0 && s.bbox.x0 - right > gapEm * size) {
      chunks.push(makeChunk(cur));
      cur = [];
    }
    cur.push(s);
    right = Math.max(right, s.bbox.x1);
  }
  if (cur.length > 0) chunks.push(makeChunk(cur));
  return chunks;
}

function makeChunk(spans: TextSpan[]): Chunk {
  return { spans, bbox: unionBoxes(spans.map((s) => s.bbox))!, text: joinSpans(spans) };
}

/** Relative advance of a character: ideographs and full-width forms are about 1 em, the rest about half. */
function advance(ch: string): number {
  return CJK.test(ch) ? 1 : 0.5;
}

/**
 * Split a span at page x, estimating where characters fall from their relative widths (pdfjs gives one
 * box per text item, not per glyph). Returns the span unchanged when the cut leaves nothing on a side.
 */
export function splitSpanAt(span: TextSpan, x: number): TextSpan[] {
  const chars = [...span.text];
  const total = chars.reduce((a, c) => a + advance(c), 0);
  if (total === 0 || x <= span.bbox.x0 || x >= span.bbox.x1) return [span];
  const w = width(span.bbox);
  let acc = 0;
  let cut = 0;
  for (let i = 0; i < chars.length; i++) {
    const mid = span.bbox.x0 + ((acc + advance(chars[i]!) / 2) / total) * w;
    if (mid > x) break;
    acc += advance(chars[i]!);
    cut = i + 1;
  }
  if (cut === 0 || cut === chars.length) return [span];
  const xCut = span.bbox.x0 + (acc / total) * w;
  const left = chars.slice(0, cut).join('');
  const right = chars.slice(cut).join('');
  const out: TextSpan[] = [];
  if (left.trim() !== '') out.push({ ...span, text: left.trimEnd(), bbox: { ...span.bbox, x1: xCut } });
  if (right.trim() !== '') out.push({ ...span, text: right.trimStart(), bbox: { ...span.bbox, x0: xCut } });
  return out;
}

/**
 * Split spans at runs of two or more spaces: producers that print a whole table row as one text run
 * pad columns with spaces, and each column must become its own span.
 */
export function splitAtWideSpaces(span: TextSpan): TextSpan[] {
  if (!/\S\s{2,}\S/u.test(span.text)) return [span];
  const chars = [...span.text];
  const total = chars.reduce((a, c) => a + advance(c), 0);
  const w = width(span.bbox);
  const out: TextSpan[] = [];
  const re = /\S+(?:\s\S+)*/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(span.text)) !== null) {
    const before = [...span.text.slice(0, m.index)].reduce((a, c) => a + advance(c), 0);
    const len = [...m[0]].reduce((a, c) => a + advance(c), 0);
    out.push({
      ...span,
      text: m[0],
      bbox: {
        ...span.bbox,
        x0: span.bbox.x0 + (before / total) * w,
        x1: span.bbox.x0 + ((before + len) / total) * w,
      },
    });
  }
  return out.length > 0 ? out : [span];
}

/** A figure as financial tables print it: 1,234.56, -12, (3.4), 12.5%, or a dash for nil. */
export function isNumeric(text: string): boolean {
  return /^[-−–+(（]?\s*[¥$€£]?\s*\d[\d,，.\s]*%?[)）]?$/u.test(text.trim()) || /^[-—–]$/u.test(text.trim());
}
