/**
 * Export artifacts every reader strips, and nothing else: the text of a cell or paragraph is otherwise kept
 * exactly as printed (wrapped labels, inner spaces, comparators), because the normalizer and the review page
 * rely on seeing what the document says.
 */

/** Word writes its hidden bookmarks into text exports as "[bookmark: _GoBack]" in front of the text. */
const BOOKMARK = /\[bookmark:[^\]\n]*\]/g;

/**
 * A bullet glyph left in front of a number by PDF-to-text conversion ("• 0"): the printed cell is "0".
 * Only before a number, so a list item such as "· 说明" is left alone.
 */
const STRAY_BULLET = /^[•·●▪∙]\s*(?=[-+−]?[0-9０-９.])/u;

/**
 * Whitespace at the edge of a cell: ASCII blanks, tabs, line breaks, NBSP, ideographic (full-width) space and
 * the zero-width characters Word and PDF exports leave behind.
 */
const EDGE_SPACE = /^[\s\u00a0\u3000\u200b\ufeff]+|[\s\u00a0\u3000\u200b\ufeff]+$/gu;

/** Trailing blanks at the end of each line (exports pad lines with spaces and full-width spaces). */
const TRAILING_SPACE = /[ \t\u00a0\u3000]+$/gmu;

/** Remove `[bookmark: …]` markers anywhere in the text. */
export function stripBookmarks(text: string): string {
  return text.replace(BOOKMARK, '');
}

/**
 * Clean one cell's text: NFC, bookmarks removed, trailing spaces removed from every line, whitespace and blank
 * lines trimmed at the cell's edges, a stray bullet before a number dropped. Inner blank lines are kept (a cell
 * may hold several paragraphs, e.g. "≥90%；\n\n满意以上").
 */
export function cleanCellText(text: string): string {
  let t = stripBookmarks(text.normalize('NFC'));
  t = t.replace(TRAILING_SPACE, '').replace(EDGE_SPACE, '');
  t = t.replace(STRAY_BULLET, '');
  return t;
}

/** Clean a line of running text: NFC, bookmarks removed, edges trimmed. */
export function cleanTextLine(text: string): string {
  return stripBookmarks(text.normalize('NFC')).replace(EDGE_SPACE, '');
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/u;

/**
 * Join the wrapped lines of one paragraph into one line. Chinese text wraps without a space, so two lines are
 * joined directly when either side of the break is a CJK character or full-width punctuation; otherwise with
 * one space (Latin words and numbers must not run together).
 */
export function joinWrappedLines(lines: readonly string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = cleanTextLine(raw);
    if (line === '') continue;
    if (out === '') {
      out = line;
      continue;
    }
    const left = out.at(-1) ?? '';
    const right = line[0] ?? '';
    out += CJK.test(left) || CJK.test(right) ? line : ` ${line}`;
  }
  return out;
}
