import type { Block } from '../../model/index.js';
import { joinWrappedLines } from '../artifacts.js';
import { buildGrid, type RawRow } from './raw-grid.js';

/**
 * The PDF-text dialect (a PDF converted to text with table rows kept as TAB-separated lines): a line holding a
 * TAB is one table row and every TAB separates two cells, so empty cells at either end are kept ("\t9\t\t22\t"
 * is five cells). A grid is a maximal run of such lines; one empty line inside the run is a page break (the
 * converter writes one between pages) and does not end the grid, two or more do, and so does any text line.
 * Lines without a TAB are running text: one TextBlock per paragraph, paragraphs separated by empty lines,
 * and a line starting with a list marker ("- ", "• ") starting a paragraph of its own.
 */
export function parsePdfTextExport(lines: readonly string[], gridIds: () => string): Block[] {
  const blocks: Block[] = [];
  let rows: RawRow[] = [];
  let para: { lines: string[]; start: number; end: number } | null = null;
  let blanks = 0;

  const flushGrid = (): void => {
    if (rows.length > 0) blocks.push({ kind: 'grid', grid: buildGrid(gridIds(), rows) });
    rows = [];
  };
  const flushPara = (): void => {
    if (para) {
      const text = joinWrappedLines(para.lines);
      if (text !== '')
        blocks.push({ kind: 'text', text, source: { line: { start: para.start, end: para.end } } });
    }
    para = null;
  };

  lines.forEach((raw, index) => {
    const n = index + 1;
    if (!raw.includes('\t') && raw.trim() === '') {
      blanks++;
      flushPara();
      return;
    }
    if (raw.includes('\t')) {
      flushPara();
      if (blanks > 1) flushGrid();
      rows.push(raw.split('\t').map((text) => ({ lines: [text], start: n, end: n })));
    } else {
      flushGrid();
      if (para && /^\s*(?:[-–•·●▪]\s)/u.test(raw)) flushPara();
      if (para) {
        para.lines.push(raw);
        para.end = n;
      } else {
        para = { lines: [raw], start: n, end: n };
      }
    }
    blanks = 0;
  });
  flushPara();
  flushGrid();
  return blocks;
}
