/**
 * A 目录 printed as a table (西安's 报表目录: 报表 | 报表名称 | 是否空表 | 表格为空的理由), or a 目录's indented lines
 * that the reader rebuilt as a grid (上海's "1. | 2026年预算单位财务收支预算总表"), is a list of the document's tables,
 * not a table of figures: read as one text line per entry, where the document checks read a 目录 (and the year
 * claims read a heading). Left a grid, its rows became the titles and headers of empty "tables" of the families
 * it lists, which then stood in for the real ones. The grid itself stays in the result.
 */
import { ENTRY_NUMBER, TOC_ENTRY_TITLE, TOC_HEADER_WORDS, TOC_LEADER } from '../catalog/documents.js';
import { unionBoxes, type Grid, type GridCell, type TextBlock } from '../model/index.js';
import { compact, oneLine } from './text.js';

/** A money figure ("1,234.56", "0.00", "12,000"): a grid that holds one is a table of figures, not a 目录. */
const FIGURE = /\d\.\d|\d{1,3}(,\d{3})+/;

/** The cell's text names a table: numbering, leader dots and page number aside, it ends in 表 (or 表（…）). */
function namesTable(text: string): boolean {
  let c = compact(text).replace(TOC_LEADER, '');
  for (let i = 0; i < 2; i++) c = c.replace(ENTRY_NUMBER, '');
  return c.length >= 4 && c.length <= 80 && TOC_ENTRY_TITLE.test(c) && !TOC_HEADER_WORDS.test(c);
}

/**
 * The grid's entries as text lines ("表9 部门综合预算政府性基金收支表"), when the grid is a 目录: three or more rows
 * name a table, they are most of its rows (a header row aside), and no cell holds a figure. Otherwise undefined.
 * Each line is the row's cells up to the one naming the table (its number and name; what follows — 是否空表,
 * a page number — is not part of the entry), with the page and box of those cells.
 */
export function tocGridLines(grid: Grid): TextBlock[] | undefined {
  const rows = new Map<number, GridCell[]>();
  for (const c of grid.cells) {
    if (!c.text.trim()) continue;
    if (FIGURE.test(c.text)) return undefined;
    const r = rows.get(c.row) ?? [];
    r.push(c);
    rows.set(c.row, r);
  }
  const out: TextBlock[] = [];
  for (const [, cells] of [...rows].sort((a, b) => a[0] - b[0])) {
    cells.sort((a, b) => a.col - b.col);
    const at = cells.findIndex((c) => namesTable(c.text));
    if (at < 0) continue;
    const parts = cells.slice(0, at + 1);
    const bbox = unionBoxes(parts.flatMap((c) => (c.source.bbox ? [c.source.bbox] : [])));
    out.push({
      kind: 'text',
      text: parts.map((c) => oneLine(c.text)).join(' '),
      source: { ...parts[at]!.source, ...(bbox ? { bbox } : {}) },
    });
  }
  // A header row (报表 | 报表名称 | …) aside, nearly every row is an entry.
  return out.length >= 3 && out.length + 1 >= 0.8 * rows.size ? out : undefined;
}
