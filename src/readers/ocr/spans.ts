import type { BBox, TextSpan } from '../../model/index.js';
import type { PixelRule } from './ruling-lines.js';

/** The parts of tesseract.js's `blocks` output used here (pixel boxes, confidences 0..100). */
export interface OcrWord {
  readonly text: string;
  readonly confidence: number;
  readonly bbox: BBox;
  /** The word's characters with their boxes, when tesseract gave them. */
  readonly symbols?: readonly { readonly text: string; readonly bbox: BBox }[];
}
export interface OcrLine {
  readonly words: readonly OcrWord[];
  readonly bbox: BBox;
}

const isBox = (v: unknown): v is BBox =>
  typeof v === 'object' &&
  v !== null &&
  ['x0', 'y0', 'x1', 'y1'].every((k) => typeof (v as Record<string, unknown>)[k] === 'number');

/** Pull lines of words out of tesseract.js `blocks` (block → paragraph → line → word), checking shapes. */
export function linesFromBlocks(blocks: unknown): OcrLine[] {
  const lines: OcrLine[] = [];
  if (!Array.isArray(blocks)) return lines;
  for (const block of blocks as unknown[]) {
    const paragraphs = (block as { paragraphs?: unknown }).paragraphs;
    if (!Array.isArray(paragraphs)) continue;
    for (const para of paragraphs as unknown[]) {
      const ls = (para as { lines?: unknown }).lines;
      if (!Array.isArray(ls)) continue;
      for (const line of ls as unknown[]) {
        const ws = (line as { words?: unknown }).words;
        const bbox = (line as { bbox?: unknown }).bbox;
        if (!Array.isArray(ws) || !isBox(bbox)) continue;
        const words: OcrWord[] = [];
        for (const w of ws as unknown[]) {
          const {
            text,
            confidence,
            bbox: wb,
            symbols,
          } = w as { text?: unknown; confidence?: unknown; bbox?: unknown; symbols?: unknown };
          if (typeof text !== 'string' || typeof confidence !== 'number' || !isBox(wb)) continue;
          const syms = Array.isArray(symbols)
            ? (symbols as unknown[]).flatMap((y) => {
                const { text: st, bbox: sb } = y as { text?: unknown; bbox?: unknown };
                return typeof st === 'string' && isBox(sb) ? [{ text: st, bbox: sb }] : [];
              })
            : [];
          words.push({ text, confidence, bbox: wb, ...(syms.length > 0 ? { symbols: syms } : {}) });
        }
        lines.push({ words, bbox });
      }
    }
  }
  return lines;
}

/** CJK ideographs and full-width punctuation: written without spaces between them. */
const CJK = /[\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/u;
/** What a table rule left over after erasing reads as. */
const RULE_DEBRIS = /^[|｜丨_—\-=~]+$/u;
/** What a speck of dust or toner reads as, alone as a word: "·", "`", "." ("· 合计" is no total label). */
const SPECK = /^[·`'‘’.]+$/u;

export interface SpanOptions {
  readonly page: number;
  /** Vertical rules in the same pixel frame as the words: a span never crosses one. */
  readonly rules: readonly PixelRule[];
  /** Pixel of the recognized image → page point (PDF points, origin top-left). */
  readonly toPage: (x: number, y: number) => { x: number; y: number };
}

/**
 * OCR words → TextSpans shaped like a PDF's text items: neighbouring words on a line merge into one span
 * (Chinese characters join with no space; Latin and digits keep one space where the gap shows one), and a
 * span ends at a wide gap or a vertical rule, so one table cell's text stays one span.
 */
export function wordsToSpans(lines: readonly OcrLine[], options: SpanOptions): TextSpan[] {
  const spans: TextSpan[] = [];
  const verticals = options.rules.filter((r) => r.orientation === 'v');
  for (const line of lines) {
    const words = line.words
      .flatMap((w) => splitAtRules(trimRuleEdges(w, verticals), verticals))
      .flatMap(splitBeforeOrdinal)
      .filter((w) => w.text.trim() !== '')
      .sort((a, b) => a.bbox.x0 - b.bbox.x0)
      // A dash read alone before "、" is the ordinal 一 (ordinalOne), not what is left of a rule.
      .filter(
        (w, i, all) =>
          !SPECK.test(w.text.trim()) &&
          (!RULE_DEBRIS.test(w.text.trim()) || all[i + 1]?.text.trim().startsWith('、') === true),
      );
    if (words.length === 0) continue;
    const heights = words.map((w) => w.bbox.y1 - w.bbox.y0).sort((a, b) => a - b);
    const h = Math.max(1, heights[Math.floor(heights.length / 2)] ?? 1);
    let group: OcrWord[] = [];
    let text = '';
    const flush = (): void => {
      if (group.length > 0) spans.push(toSpan(text, group, options));
      group = [];
      text = '';
    };
    for (const w of words) {
      const wt = w.text.trim();
      const prev = group[group.length - 1];
      if (prev) {
        const gap = w.bbox.x0 - prev.bbox.x1;
        const midY = (w.bbox.y0 + w.bbox.y1) / 2;
        // Between the words' centres, not their edges: tesseract's word boxes can reach over an erased rule.
        const from = (prev.bbox.x0 + prev.bbox.x1) / 2;
        const to = (w.bbox.x0 + w.bbox.x1) / 2;
        const ruled = verticals.some((r) => r.x0 > from && r.x0 < to && r.y0 <= midY && r.y1 >= midY);
        // A figure and then a heading's ordinal ("8,332,285" "一、社会保障和就业支出"): two cells, however close.
        const ordinal = /\d$/.test(text) && ORDINAL.test(wt);
        if (ruled || ordinal || gap > 1.5 * h) {
          flush();
        } else {
          const cjk = CJK.test(text.slice(-1)) || CJK.test(wt.charAt(0));
          // Inside a number tesseract often ends a word at a separator ("11," "700.63"): the gap after a
          // comma looks like a space but is not one.
          const numeric = /[\d,.]$/.test(text) && /^[\d,.]/.test(wt);
          // A digit and a comma, then three digits: a thousands group ("13," "025.38"), whatever the gap.
          const group3 = /\d,$/.test(text) && /^\d{3}(?!\d)/.test(wt);
          text += !cjk && !group3 && gap > (numeric ? 0.8 : 0.35) * h ? ' ' : '';
        }
      }
      group.push(w);
      text += wt;
    }
    flush();
  }
  return spans;
}

/** A heading's ordinal: 一、 二、 …, (一) （二） …. */
const ORDINAL = /^(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])/u;

/**
 * A figure and the label of the next cell read as one word ("8,332,285一、社会保障和就业支出"): PP-OCR finds one
 * text line across two cells of a table whose rules it cannot see, the figure right-aligned against the
 * label, 3 pt apart. A figure's last digit right before a heading's ordinal is such a join (no amount has an
 * ordinal after it), and the word is cut there: by its characters' boxes when it has them, else in proportion.
 */
export function splitBeforeOrdinal(word: OcrWord): OcrWord[] {
  const text = word.text.trim();
  const m = /^([-+]?\d[\d,]*(?:\.\d+)?)(?=[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])/u.exec(text);
  if (!m || text !== word.text) return [word];
  const k = m[1]!.length;
  const syms = word.symbols && word.symbols.length === text.length ? word.symbols : undefined;
  const at = word.bbox.x0 + ((word.bbox.x1 - word.bbox.x0) * k) / text.length;
  const end = syms ? syms[k - 1]!.bbox.x1 : at;
  const start = syms ? syms[k]!.bbox.x0 : at;
  const piece = (t: string, x0: number, x1: number, s?: OcrWord['symbols']): OcrWord => ({
    text: t,
    confidence: word.confidence,
    bbox: { ...word.bbox, x0, x1 },
    ...(s ? { symbols: s } : {}),
  });
  return [
    piece(text.slice(0, k), word.bbox.x0, end, syms?.slice(0, k)),
    piece(text.slice(k), start, word.bbox.x1, syms?.slice(k)),
  ];
}

/** What a vertical rule reads as when it is taken into a word. */
const RULE_GLYPH = /^[1lIj|｜丨\][!]$/u;

/**
 * A word read with a table rule at its edge as a glyph ("3,894.091", "12080506"): PP-OCR reads a hard
 * black-and-white page whole, rules and all, and its character boxes (from the CTC steps) are too rough for
 * splitAtRules to cut there. Where a vertical rule crosses the word's box at its first or last character
 * (within half a character), that character is one a rule reads as, and the rest is a figure, the character is
 * the rule: dropped, and the box ends at the rule.
 */
export function trimRuleEdges(word: OcrWord, verticals: readonly PixelRule[]): OcrWord {
  const text = word.text.trim();
  if (text !== word.text || text.length < 3 || !/\d/.test(text)) return word;
  const { x0, x1, y0, y1 } = word.bbox;
  const char = (x1 - x0) / text.length;
  const midY = (y0 + y1) / 2;
  const crossing = verticals.filter((r) => r.x0 > x0 - 1 && r.x0 < x1 + 1 && r.y0 <= midY && r.y1 >= midY);
  if (crossing.length === 0) return word;
  const syms = word.symbols && word.symbols.length === text.length ? [...word.symbols] : undefined;
  let out = text;
  let bbox = word.bbox;
  const lastX0 = syms ? syms[syms.length - 1]!.bbox.x0 : x1 - char;
  const right = crossing.find((r) => r.x0 >= lastX0 - 0.5 * char);
  if (right && RULE_GLYPH.test(out.slice(-1)) && /\d[\d.,]*$/.test(out.slice(0, -1))) {
    out = out.slice(0, -1);
    syms?.pop();
    bbox = { ...bbox, x1: Math.min(bbox.x1, right.x0) };
  }
  const firstX1 = syms ? syms[0]!.bbox.x1 : x0 + char;
  const left = crossing.find((r) => r.x0 <= firstX1 + 0.5 * char);
  if (left && RULE_GLYPH.test(out.charAt(0)) && /^[\d.,]*\d/.test(out.slice(1))) {
    out = out.slice(1);
    syms?.shift();
    bbox = { ...bbox, x0: Math.max(bbox.x0, left.x0) };
  }
  if (out === text) return word;
  return { ...word, text: out, bbox, ...(syms ? { symbols: syms } : {}) };
}

/**
 * Tesseract sometimes reads across an erased rule as one word ("766.56一" from a number and the next
 * cell's label); cut such a word at the rule using its characters' boxes.
 */
function splitAtRules(word: OcrWord, verticals: readonly PixelRule[]): OcrWord[] {
  const syms = word.symbols;
  if (!syms || syms.length < 2) return [word];
  const midY = (word.bbox.y0 + word.bbox.y1) / 2;
  const cuts = verticals
    .filter((r) => r.x0 > word.bbox.x0 && r.x0 < word.bbox.x1 && r.y0 <= midY && r.y1 >= midY)
    .map((r) => r.x0);
  if (cuts.length === 0) return [word];
  const pieces: OcrWord[] = [];
  let current: { text: string; bbox: BBox }[] = [];
  const push = (): void => {
    if (current.length === 0) return;
    const bbox = {
      x0: Math.min(...current.map((c) => c.bbox.x0)),
      y0: Math.min(...current.map((c) => c.bbox.y0)),
      x1: Math.max(...current.map((c) => c.bbox.x1)),
      y1: Math.max(...current.map((c) => c.bbox.y1)),
    };
    pieces.push({
      text: current.map((c) => c.text).join(''),
      confidence: word.confidence,
      bbox,
      symbols: current,
    });
    current = [];
  };
  for (const [i, sym] of syms.entries()) {
    const prev = syms[i - 1];
    // Cut before a character that starts right of the rule. Its left edge, not its centre: the last
    // character's box is often stretched over the erased rule, and cutting by centre would split
    // "766.56" into "766.5" and "6".
    if (prev && cuts.some((x) => x >= (prev.bbox.x0 + prev.bbox.x1) / 2 && x <= sym.bbox.x0 + 2)) push();
    current.push(sym);
  }
  push();
  return pieces;
}

/**
 * A table rule or a stain read as a glyph at the edge of a figure: "288.41]", "0)", "242.70)", ". 26.99", "“766.56".
 * Only a span that is otherwise one plain figure is trimmed; text and figures with signs or units are left alone.
 */
const EDGE_DEBRIS =
  /^[\s|｜[\]{}()（）“”"'‘’.,，:;：；`·]*?(\d[\d,]*(?:\.\d+)?)[\s|｜[\]{}()（）“”"'‘’,，:;：；`·]*$/u;
/**
 * A code or a figure with a rule's or a speck's trace after it, as a photocopy reads them: "208-", "213.". A
 * trailing minus or point after a whole figure is no sign and no decimal.
 */
const TRAILING_MARK = /^(\d[\d,]*)[-.·]$/u;

/**
 * Thousands separators as low-resolution scans come out of both engines: at 96–144 dpi a comma is a few pixels
 * and is read as a period ("12,954.16" → "12.954.16") or as a full-width comma ("101，673.03"). A figure with
 * two decimal points is no number, so where the groups between them are three digits each and the last part
 * has one or two (amounts in 万元 or 元), the inner periods are separators, among commas read right too
 * ("50,937.608.35", 6 pt at 150 dpi); a full-width comma between a digit
 * and exactly three digits is one too. "3.1.2", "2022.12.31", "1.234.567" (no telling) are left as they are.
 */
export function numberSeparators(text: string): string {
  return text
    .replace(/(?<=\d)，(?=\d{3}(?!\d))/gu, ',')
    .replace(
      /(?<![\d.,])(\d{1,3})((?:[.,]\d{3})+)\.(\d{1,2})(?![\d.])/gu,
      (m, head: string, groups: string, tail: string) =>
        groups.includes('.') ? `${head}${groups.replace(/\./g, ',')}.${tail}` : m,
    );
}

/**
 * The ordinal 一 of a heading ("一、财政拨款收入") is a bare bar, and tesseract reads it as a dash when the bar is
 * light (thin type at 150 dpi): "-、财政拨款收入". No text opens with a dash and an enumeration comma, so a dash
 * there is the 一.
 */
export function ordinalOne(text: string): string {
  return text.replace(/^[-‐‑‒–—―－_~]\s*、/u, '一、');
}

export function trimFigureDebris(text: string): string {
  const m = EDGE_DEBRIS.exec(text);
  if (m?.[1] && m[1] !== text) return m[1];
  return TRAILING_MARK.exec(text)?.[1] ?? text;
}

function toSpan(text: string, words: readonly OcrWord[], options: SpanOptions): TextSpan {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const w of words) {
    // All four corners, so a mapping that turns boxes still yields the box that holds the word.
    for (const [px, py] of [
      [w.bbox.x0, w.bbox.y0],
      [w.bbox.x1, w.bbox.y0],
      [w.bbox.x0, w.bbox.y1],
      [w.bbox.x1, w.bbox.y1],
    ] as const) {
      const p = options.toPage(px, py);
      x0 = Math.min(x0, p.x);
      y0 = Math.min(y0, p.y);
      x1 = Math.max(x1, p.x);
      y1 = Math.max(y1, p.y);
    }
  }
  const confidence = Math.min(...words.map((w) => w.confidence)) / 100;
  const heights = words.map((w) => options.toPage(0, w.bbox.y1).y - options.toPage(0, w.bbox.y0).y);
  return {
    text: ordinalOne(trimFigureDebris(numberSeparators(text.normalize('NFC')))),
    page: options.page,
    bbox: { x0: round2(x0), y0: round2(y0), x1: round2(x1), y1: round2(y1) },
    fontSize: round2(Math.max(0, ...heights)),
    confidence: Math.min(1, Math.max(0, confidence)),
    origin: 'ocr',
  };
}

const round2 = (v: number): number => Math.round(v * 100) / 100;
