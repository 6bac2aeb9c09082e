import type { BBox, TextSpan } from '../model/index.js';
import { unionBoxes } from '../model/index.js';
import { COLUMN_NUMBERS_LABEL, COLUMN_NUMBER_MARK } from '../catalog/vocabulary.js';

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

/**
 * Text that opens a new item (一、 （二） 1. (3) 第四条 ①): a new paragraph even when it sits close, a new table row
 * even when the row above ran to its column's edge.
 */
export const ITEM_START =
  /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|第[一二三四五六七八九十\d]+[章节条部分]|[①-⑳])/u;

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
    const gap = s.bbox.x0 - right;
    // A figure and the label or code after it sit close when the figure is right-aligned against the next column; so
    // do a long label and the code of the next column (西安's "机关事业单位基本养老保险缴费 50102").
    const before = cur[cur.length - 1]?.text;
    const cellEnds =
      before !== undefined &&
      gap > 0.25 * size &&
      (figureThenLabel(before, s.text) ||
        figureThenCode(before, s.text) ||
        labelThenCode(before, s.text) ||
        figureThenFigure(before, s.text, gap >= 0.5 * size));
    if (cur.length > 0 && (gap > gapEm * size || cellEnds)) {
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
 * Words that follow a figure inside a sentence ("3 个项目", "5.2 万元"; a year or a count is no cell figure anyway): a figure before one of them is a
 * quantity in running text, not the last cell of one column before the label of the next.
 */
const UNIT_AFTER_FIGURE =
  /^(?:万|亿|千|百|元|季|周|天|时|小时|分|个|人|名|位|项|次|辆|台|套|件|家|所|户|座|栋|间|处|部|本|册|张|份|篇|条|批|场|期|届|级|类|种|号|层|段|轮|倍|余|多|平方|公里|公顷|亩|吨|米|立方|岁)/u;

/** A figure as a table cell prints it, with a separator or a decimal part (so not a year or a count in a phrase). */
const CELL_FIGURE_BODY = String.raw`(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)`;
const CELL_FIGURE = new RegExp(`^[-−]?${CELL_FIGURE_BODY}$`, 'u');

/** A 科目编码 as printed in a code column: digits only (201, 20101, 2010101). */
export const CODE_TEXT = /^\d{3,8}$/;
/** Two figures or more with one space between them. */
const FIGURES_RUN = /^[-−]?\d[\d,.]*(?:\s[-−]?\d[\d,.]*)+$/u;
/** One figure with its thousands set apart by spaces ("3 200", "12 345.6"), as European tables print them. */
const SPACE_GROUPED = /^[-−]?\d{1,3}(?:\s\d{3})+(?:\.\d+)?$/u;
/** A run ending in a label or a figure, one space, and a code. */
const TRAILING_CODE = new RegExp(
  String.raw`(?:[\u3400-\u9fff]{2}|(?:^|\s)${CELL_FIGURE_BODY})\s\d{3,8}$`,
  'u',
);

/**
 * A table's figure and the label of the next column printed as one text run with a single space between
 * ("110,387.976749 一、一般公共服务支出", "508.64 年终结转结余"): the two belong to two cells.
 */
export function figureThenLabel(figure: string, next: string): boolean {
  return (
    CELL_FIGURE.test(figure.trim()) &&
    /^[\u3400-\u9fff]/u.test(next.trim()) &&
    !UNIT_AFTER_FIGURE.test(next.trim())
  );
}

/** A table's figure (with a separator or decimals) and, as the next text item, a 科目编码 alone (3 to 8 digits). */
export function figureThenCode(figure: string, next: string): boolean {
  return CELL_FIGURE.test(figure.trim()) && CODE_TEXT.test(next.trim());
}

/**
 * Two figures a space apart, each a cell of its own ("1005250" "126300" in a table of 29 narrow columns), unless they
 * read as one figure with its thousands set apart ("3" "200") or a year and a number ("2024" "301").
 */
export function figureThenFigure(figure: string, next: string, wideGap = false): boolean {
  return figuresApart(`${figure.trim()} ${next.trim()}`, wideGap);
}

/**
 * Figures one space apart that are not one figure with its thousands set apart, nor a year before a number. Two text
 * runs half an em apart or more are never one figure ("24" "302": a 序号 and the code after it).
 */
function figuresApart(text: string, wideGap = false): boolean {
  const t = text.trim();
  return FIGURES_RUN.test(t) && (wideGap || !SPACE_GROUPED.test(t)) && !/^(?:19|20)\d{2}\s/u.test(t);
}

/** A label (two ideographs or more at its end) and, as the next text item, a 科目编码 alone (3 to 8 digits). */
export function labelThenCode(label: string, next: string): boolean {
  return /[\u3400-\u9fff]{2}$/u.test(label.trim()) && CODE_TEXT.test(next.trim());
}

/**
 * Split spans at runs of two or more spaces: producers that print a whole table row as one text run
 * pad columns with spaces, and each column must become its own span. A figure followed by one space and a
 * label (figureThenLabel) is cut there too, and so is a label or a figure followed by one space and the code that ends
 * the run.
 */
export function splitAtWideSpaces(span: TextSpan): TextSpan[] {
  const wide = /\S\s{2,}\S/u.test(span.text);
  const figLabel = /\d\s[\u3400-\u9fff]/u.test(span.text);
  // A long label run on to the code of the next column, the code ending the run ("机关事业单位基本养老保险缴费 50102"),
  // or a figure of a two-sided table run on to the code of the other side ("92,835.98 302", 西安 基本支出决算表).
  const endsInCode = TRAILING_CODE.test(span.text);
  // Figures of neighbouring columns run together with one space ("1005250 126300", 西安's 三公 table of 29 columns).
  const figures = figuresApart(span.text);
  if (!wide && !figLabel && !endsInCode && !figures) return [span];
  const chars = [...span.text];
  const total = chars.reduce((a, c) => a + advance(c), 0);
  const w = width(span.bbox);
  // Pieces: runs of text separated by 2+ spaces, then each piece cut at "figure label".
  const pieces: Array<{ index: number; text: string }> = [];
  let cutByFigure = false;
  const re = /\S+(?:\s\S+)*/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(span.text)) !== null) {
    let start = 0;
    const text = m[0];
    if (figLabel) {
      // Cut at a single space whose left word is a figure and right word a label.
      const space = /\s/gu;
      let k: RegExpExecArray | null;
      while ((k = space.exec(text)) !== null) {
        const left = text.slice(start, k.index).split(/\s/u).pop() ?? '';
        const right = text.slice(k.index + 1).split(/\s/u)[0] ?? '';
        if (left !== '' && right !== '' && figureThenLabel(left, right)) {
          cutByFigure = true;
          pieces.push({ index: m.index + start, text: text.slice(start, k.index) });
          start = k.index + 1;
        }
      }
    }
    if (figures) {
      const space = /\s/gu;
      let k: RegExpExecArray | null;
      while ((k = space.exec(text)) !== null) {
        cutByFigure = true;
        pieces.push({ index: m.index + start, text: text.slice(start, k.index) });
        start = k.index + 1;
      }
    }
    const rest = text.slice(start);
    const code = endsInCode && m.index + text.length === span.text.length ? /\s(\d{3,8})$/u.exec(rest) : null;
    if (code) {
      cutByFigure = true;
      pieces.push({ index: m.index + start, text: rest.slice(0, code.index) });
      pieces.push({ index: m.index + start + code.index + 1, text: code[1]! });
    } else pieces.push({ index: m.index + start, text: rest });
  }
  if (!wide && pieces.length < 2) return [span];
  // Ideographs are one em wide: a label cut from the end of the run is placed from the run's right edge (digits and
  // commas vary in width, so estimating from the left puts the label a few points off its column's edge).
  const last = pieces[pieces.length - 1]!;
  const lastEm = [...last.text].reduce((a, c) => a + advance(c), 0);
  const fromRight =
    cutByFigure && CJK.test(last.text) && lastEm * span.fontSize < w
      ? span.bbox.x1 - lastEm * span.fontSize
      : undefined;
  const out: TextSpan[] = [];
  pieces.forEach((piece, i) => {
    const before = [...span.text.slice(0, piece.index)].reduce((a, c) => a + advance(c), 0);
    const len = [...piece.text].reduce((a, c) => a + advance(c), 0);
    let x0 = span.bbox.x0 + (before / total) * w;
    let x1 = span.bbox.x0 + ((before + len) / total) * w;
    if (fromRight !== undefined && i === pieces.length - 1) x0 = fromRight;
    if (fromRight !== undefined && i === pieces.length - 2)
      x1 = Math.max(x0 + 1, fromRight - 0.5 * span.fontSize);
    out.push({ ...span, text: piece.text, bbox: { ...span.bbox, x0, x1 } });
  });
  return out.length > 0 ? out : [span];
}

/** A figure as financial tables print it: 1,234.56, -12, (3.4), 12.5%, or a dash for nil. */
export function isNumeric(text: string): boolean {
  return /^[-−–+(（]?\s*[¥$€£]?\s*\d[\d,，.\s]*%?[)）]?$/u.test(text.trim()) || /^[-—–]$/u.test(text.trim());
}

/**
 * The column numbers of a 栏次 row, left to right: one- or two-digit numbers, each once, that make a run of
 * consecutive numbers (1, 2, 3 …). Their order is not required: a publisher that prints two columns the other way
 * round (事业单位经营收入 before 事业收入) moves their 栏次 with them ("… 8 10 9 11 …"); a data row of small counts
 * rarely makes such a run.
 */
export function isColumnNumberRun(numbers: readonly string[]): boolean {
  if (numbers.length < 3 || numbers.some((t) => !/^\d{1,2}$/.test(t))) return false;
  const sorted = numbers.map(Number).sort((a, b) => a - b);
  return sorted.every((n, i) => i === 0 || n === (sorted[i - 1] as number) + 1);
}

/**
 * The texts of a 栏次 line (the cells' or the chunks' texts, spaces removed): labelled so, or nothing but the column
 * numbers 1, 2, 3 … (isColumnNumberRun) and, where the labels go, marks instead of words ("**", "甲", "乙").
 */
export function isColumnNumberTexts(texts: readonly string[]): boolean {
  const filled = texts.filter((t) => t !== '');
  if (filled.some((t) => COLUMN_NUMBERS_LABEL.test(t))) return true;
  const numbers = filled.filter((t) => /^\d{1,2}$/.test(t));
  return (
    filled.every((t) => /^\d{1,2}$/.test(t) || COLUMN_NUMBER_MARK.test(t)) &&
    // Three numbers alone are the 栏次 only from 1 (not a row of three small counts).
    !(numbers.length === 3 && !numbers.includes('1')) &&
    isColumnNumberRun(numbers)
  );
}
