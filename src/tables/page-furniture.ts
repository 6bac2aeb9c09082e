import type { Page, TextSpan } from '../model/index.js';
import { groupLines, joinSpans, type TextLine } from './text-lines.js';

/** Share of the page height, from the top and from the bottom, where running heads and folios live. */
const MARGIN = 0.1;

/** Page numbers as printed: "3", "- 3 -", "—3—", "第3页", "第 3 页 共 20 页", "3/20", "Page 3", "3 of 20". */
const PAGE_NUMBER =
  /^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d{1,4}\s*页(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?|\d{1,4}\s*of\s*\d{1,4})$/iu;

/** Digits vary between pages (page numbers, dates); compare running heads without them. */
const shape = (text: string): string => text.replace(/\d+/gu, '#').replace(/\s+/gu, '');

function inMargin(line: TextLine, page: Page): boolean {
  return line.bbox.y1 <= page.height * MARGIN || line.bbox.y0 >= page.height * (1 - MARGIN);
}

/**
 * Spans that are page furniture: lines in the top or bottom margin that are page numbers, or whose
 * text (digits aside) repeats in the margin of at least two other pages. They are left out of every
 * block so a folio never becomes a table row or splits a continued table.
 */
export function furnitureSpans(
  pages: readonly Page[],
  inTables: ReadonlySet<TextSpan> = new Set(),
): Set<TextSpan> {
  // Text inside ruled tables is never furniture, even in the margin (a 合计 row at the foot of each page).
  const marginLines = pages.map((p) =>
    groupLines(p.spans.filter((s) => !inTables.has(s))).filter((l) => inMargin(l, p)),
  );
  const seen = new Map<string, Set<number>>();
  marginLines.forEach((lines, i) => {
    for (const l of lines) {
      const key = shape(joinSpans(l.spans));
      if (key === '') continue;
      let set = seen.get(key);
      if (!set) seen.set(key, (set = new Set()));
      set.add(i);
    }
  });
  const out = new Set<TextSpan>();
  marginLines.forEach((lines, i) => {
    const page = pages[i];
    const hasTable = page !== undefined && page.spans.some((sp) => inTables.has(sp));
    for (const l of lines) {
      const text = joinSpans(l.spans);
      const repeated = (seen.get(shape(text))?.size ?? 0) >= 3;
      // A table printed over pages repeats its title at the top of each: that is the table's caption, not a
      // running head (北京 预算12表 项目支出绩效目标表 over twelve pages).
      const tableTitle =
        page !== undefined && hasTable && l.bbox.y1 <= page.height * MARGIN && TABLE_TITLE.test(text);
      if (PAGE_NUMBER.test(text.trim()) || (repeated && !tableTitle)) for (const s of l.spans) out.add(s);
    }
  });
  return out;
}

/** A table's title as printed: a short line ending in 表, perhaps marked 续 or followed by a bracketed note. */
const TABLE_TITLE = /^[^。；;，,]{4,40}表\s*([(（][^)）]{0,12}[)）])?$/u;
