import type { OcrReason } from '../../model/index.js';

export interface TextStats {
  /** Non-space characters. */
  total: number;
  /** CJK ideographs (incl. extension A and compatibility blocks). */
  cjk: number;
  /** Private-use-area characters, U+FFFD replacement characters and C0/C1 controls: glyphs that did not decode. */
  undecoded: number;
  /** Latin-1 supplement and similar accented letters: what GBK bytes look like when read as a single-byte font. */
  latinJunk: number;
}

export function textStats(text: string): TextStats {
  const s: TextStats = { total: 0, cjk: 0, undecoded: 0, latinJunk: 0 };
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (/\s/u.test(ch)) continue;
    s.total++;
    if (
      (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0x20000 && cp <= 0x2ffff)
    ) {
      s.cjk++;
    } else if (
      (cp >= 0xe000 && cp <= 0xf8ff) ||
      cp >= 0xf0000 ||
      cp === 0xfffd ||
      cp < 0x20 ||
      (cp >= 0x7f && cp <= 0x9f)
    ) {
      s.undecoded++;
    } else if (cp >= 0xa0 && cp <= 0x24f) {
      s.latinJunk++;
    }
  }
  return s;
}

/** Fewer decoded characters than this on a page is too little to judge the text layer by. */
const MIN_CHARS_TO_JUDGE = 10;

export interface PageQualityInput {
  readonly stats: TextStats;
  /** True when the document or the page's fonts say Chinese text is expected (CJK fonts, other pages in CJK). */
  readonly cjkExpected: boolean;
  readonly imageCoverage: number;
  readonly curveCount: number;
}

/**
 * Decide whether a page's text layer is usable. Missing: nothing to read but something drawn (a scan,
 * or text drawn as outlines). Garbled: the characters are there but do not decode to readable text.
 */
export function judgeTextLayer(input: PageQualityInput): { needed: boolean; reason?: OcrReason } {
  const { stats, cjkExpected, imageCoverage, curveCount } = input;
  if (stats.total === 0) {
    // A blank page needs no OCR; a scanned one (images) or outlined glyphs (many curves) does.
    if (imageCoverage >= 0.05 || curveCount >= 200) return { needed: true, reason: 'no-text-layer' };
    return { needed: false };
  }
  if (stats.total >= MIN_CHARS_TO_JUDGE) {
    if (stats.undecoded / stats.total > 0.1) return { needed: true, reason: 'garbled-text-layer' };
    if (cjkExpected && stats.cjk / stats.total < 0.1 && stats.latinJunk / stats.total > 0.2) {
      return { needed: true, reason: 'garbled-text-layer' };
    }
  } else if (stats.undecoded > 0 && stats.undecoded / stats.total > 0.5) {
    return { needed: true, reason: 'garbled-text-layer' };
  }
  // A scan with a few stray native characters (a page number stamped on it) still needs OCR.
  if (stats.total < MIN_CHARS_TO_JUDGE && imageCoverage >= 0.5)
    return { needed: true, reason: 'no-text-layer' };
  return { needed: false };
}

/** Font names that announce Chinese faces, as producers write them (ASCII, or GBK bytes as #XX escapes). */
const CJK_FONT =
  /song|hei|kai|fang|ming|simsun|simhei|stsong|stheiti|msyh|yahei|gb|unigb|adobesong|noto\s?sans\s?cjk|sourcehan|#[89a-f][0-9a-f]#/i;

export function isCjkFontName(name: string | undefined): boolean {
  return name !== undefined && CJK_FONT.test(name);
}
