import type { Provenance, TextBlock } from '../model/index.js';

/** One printed piece of a sentence: the text it contributes and where that text is in the source. */
export interface SentencePiece {
  /** Offset of this piece in the sentence text (UTF-16 units). */
  readonly start: number;
  readonly text: string;
  readonly source: Provenance;
}

/** A sentence of running text, rejoined across printed-line wraps and page breaks. */
export interface Sentence {
  /** The sentence, whitespace between CJK characters and figures removed, ending punctuation kept. */
  readonly text: string;
  /** Every printed piece it was joined from, in order; the first piece's source is the sentence's place. */
  readonly pieces: readonly SentencePiece[];
  /**
   * Index of the paragraph (run of joined blocks) the sentence belongs to, in reading order. A printed paragraph
   * that ends with ；or ：is continued by the next unnumbered one: they share the index (a list printed one item a
   * paragraph, "…合计10,150.48万元，其中：" then "基本支出…，占55.94%；" then "项目支出…，占32.66%；").
   */
  readonly paragraph: number;
}

/** Where a paragraph ends: a printed line that ends with one of these is not continued by the next. */
const PARAGRAPH_END = /[。！？!?；;：:]\s*$/u;
/** Where a sentence ends inside a paragraph. */
const SENTENCE_END = /[。！？!?]/u;
/** A block that opens a new paragraph: a numbered heading or item ("一、", "（二）", "3.", "(1)", "第三部分"). */
const OPENS =
  /^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)|第[一二三四五六七八九十]+部分|附件|附表)/u;
/** Lines that are page furniture or captions, never part of a sentence. */
const FURNITURE =
  /^\s*(?:[-—–]?\s*\d+\s*[-—–]?|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|(?:金额)?单位\s*[:：]\s*(?:万元|元|亿元)|公开\s*\d+\s*表|附表\s*\d+)\s*$/u;

/**
 * Remove the spaces a PDF layout or an export puts between characters ("财政拨款支出 766.56 万元"), keeping the
 * spaces between two Latin words or two figures, which carry meaning.
 */
export function tidySpaces(text: string): string {
  return (
    text
      .replace(/\s+/g, ' ')
      // Letter-spaced figures ("1 8 1 . 2 9万元", "1 , 1 8 2 . 5 9"): one character between each space.
      .replace(/(?<![\d.,])\d(?: [\d.,])+(?![\d.,])/gu, (m) => m.replace(/ /g, ''))
      .replace(/(?<=[^\p{ASCII}]) (?=\S)|(?<=\S) (?=[^\p{ASCII}])/gu, '')
      .trim()
  );
}

/**
 * A block that is a heading (short, numbered, no sentence punctuation): it stands alone, so the paragraph that
 * follows is not joined to it.
 */
function isHeading(text: string): boolean {
  // A per-类 item ("5、社会保障和就业支出（类）…（款）…") opens a paragraph that wraps: never a heading alone.
  return OPENS.test(text) && text.length <= 40 && !/[，,。；;]|[（(][类款项][)）]/u.test(text);
}

/**
 * The printed lines of paged sources that reach the right margin of their page's running text (within about one
 * character), by their provenance object.
 */
function fullLines(blocks: readonly TextBlock[]): Set<Provenance> {
  const byPage = new Map<number, number[]>();
  for (const b of blocks) {
    const { page, bbox } = b.source;
    if (page === undefined || !bbox) continue;
    byPage.set(page, [...(byPage.get(page) ?? []), bbox.x1]);
  }
  const edge = new Map<number, number>();
  for (const [page, xs] of byPage) {
    if (xs.length < 3) continue;
    const sorted = [...xs].sort((a, b) => a - b);
    edge.set(page, sorted[Math.floor(sorted.length * 0.9)] ?? 0);
  }
  const out = new Set<Provenance>();
  for (const b of blocks) {
    const { page, bbox } = b.source;
    const e = page === undefined ? undefined : edge.get(page);
    if (!bbox || e === undefined) continue;
    const charWidth = Math.max(8, Math.min(16, bbox.y1 - bbox.y0));
    if (bbox.x1 >= e - 1.5 * charWidth && bbox.x1 - bbox.x0 > 10 * charWidth) out.add(b.source);
  }
  return out;
}

/**
 * Text blocks → sentences. Readers give printed lines (PDF) or paragraphs (DOCX, HTML, text exports); a
 * printed line that does not end a paragraph is continued by the next block, across page breaks and the page
 * numbers printed between them. Every piece keeps its provenance.
 */
export function toSentences(blocks: readonly TextBlock[]): Sentence[] {
  const full = fullLines(blocks);
  const paragraphs: { pieces: { text: string; source: Provenance }[] }[] = [];
  let open: { pieces: { text: string; source: Provenance }[] } | undefined;
  for (const block of blocks) {
    const text = tidySpaces(block.text);
    if (!text) continue;
    if (FURNITURE.test(text)) continue;
    const lastPiece = open?.pieces[open.pieces.length - 1];
    const last = lastPiece?.text;
    // A printed line that runs to the right margin wraps, whatever it ends with ("…，其中：" then the list).
    const wraps = lastPiece !== undefined && full.has(lastPiece.source) && !/[。！？!?]$/u.test(last ?? '');
    const continues =
      open !== undefined &&
      last !== undefined &&
      (wraps || (!PARAGRAPH_END.test(last) && !isHeading(last))) &&
      !OPENS.test(text) &&
      !isHeading(text);
    if (continues && open) {
      open.pieces.push({ text, source: block.source });
    } else {
      open = { pieces: [{ text, source: block.source }] };
      paragraphs.push(open);
    }
    if (isHeading(text) && !full.has(block.source)) open = undefined;
  }
  const out: Sentence[] = [];
  let paragraph = -1;
  let listGoesOn = false;
  for (const p of paragraphs) {
    const first = p.pieces[0]?.text ?? '';
    if (!(listGoesOn && !OPENS.test(first) && !isHeading(first))) paragraph++;
    listGoesOn = /[；;：:]$/u.test(p.pieces[p.pieces.length - 1]?.text ?? '');
    let text = '';
    const pieces: SentencePiece[] = [];
    for (const piece of p.pieces) {
      pieces.push({ start: text.length, text: piece.text, source: piece.source });
      text += piece.text;
    }
    // Cut into sentences at 。！？, each keeping the pieces it overlaps (offsets made relative to it).
    let from = 0;
    const cut = (to: number): void => {
      const raw = text.slice(from, to);
      const lead = raw.length - raw.trimStart().length;
      const body = raw.trim();
      if (body) {
        const s = from + lead;
        const e = s + body.length;
        const own = pieces
          .filter((q) => q.start < e && q.start + q.text.length > s)
          .map((q) => ({
            start: Math.max(0, q.start - s),
            text: text.slice(Math.max(q.start, s), Math.min(q.start + q.text.length, e)),
            source: q.source,
          }));
        out.push({ text: body, pieces: own, paragraph });
      }
      from = to;
    };
    for (let i = 0; i < text.length; i++) {
      if (SENTENCE_END.test(text[i] ?? '')) {
        let j = i + 1;
        while (j < text.length && /[。！？!?”」）)]/u.test(text[j] ?? '')) j++;
        cut(j);
        i = j - 1;
      }
    }
    cut(text.length);
  }
  return out;
}

/** The source of the printed piece that holds offset `at` of the sentence. */
export function sourceAt(sentence: Sentence, at: number): Provenance {
  let best = sentence.pieces[0];
  for (const p of sentence.pieces) if (p.start <= at) best = p;
  return best?.source ?? {};
}
