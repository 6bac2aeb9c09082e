import type { Block } from '../../model/index.js';
import { cleanTextLine } from '../artifacts.js';
import { buildGrid, type RawCell, type RawRow } from './raw-grid.js';

/**
 * The Word-table dialect (a .docx saved as text): every table cell is written as a TAB followed by the cell's
 * paragraphs, one per line, and every row ends with an empty line. A line " \t" (space, TAB) is written where a
 * new Word table begins. Paragraphs outside tables are plain lines without a TAB.
 *
 * The format is ambiguous in two places, and the rules below are what the real exports support:
 *
 * 1. An empty line ends a row, but a cell's own empty paragraph is also written as an empty line. So a line
 *    without a TAB after exactly one empty line continues the cell before it (seed 001: "≥90%；", "", "满意以上"),
 *    while after two or more empty lines it is running text between tables ("单位负责人签字：" is followed by
 *    several empty lines and then "填表人：… 联系电话：…", which belongs under the table, not in it). The text
 *    closes the grid: the next TAB line starts a new grid.
 * 2. A TAB line after four or more empty lines starts a new table (see NEW_TABLE_BLANKS).
 * 3. A TAB line after an empty line starts a new row, unless the cell before ended with empty paragraphs. That
 *    case is recognised afterwards by counting cells: two adjacent rows whose cell counts add up to exactly
 *    the width of the rows on both sides (each of them shorter) are one row that was cut in two
 *    (seed 000 "加快完善新城 公共配套" row: 2 + 2 cells between rows of 4).
 */
/**
 * Empty lines before a TAB line that mean a new table even without the " \t" marker. Word needs at least
 * one paragraph between two tables, and the exports that lack the marker (seeds 000, 001) leave four or more
 * empty lines there, while inside a table a cell's trailing empty paragraphs never made more than three.
 */
const NEW_TABLE_BLANKS = 4;

export function parseWordTableExport(lines: readonly string[], gridIds: () => string): Block[] {
  const blocks: Block[] = [];
  let rows: RawRow[] | null = null;
  let row: RawRow | null = null;
  let cell: RawCell | null = null;
  let blanks = 0;

  const flushGrid = (): void => {
    if (rows && rows.length > 0)
      blocks.push({ kind: 'grid', grid: buildGrid(gridIds(), mergeCutRows(rows)) });
    rows = null;
    row = null;
    cell = null;
  };

  lines.forEach((raw, index) => {
    const n = index + 1;
    // Only ASCII spaces make a line empty: a line holding a full-width space is a paragraph Word wrote.
    if (/^ *$/.test(raw)) {
      blanks++;
      return;
    }
    const tab = /^ ?\t/.exec(raw);
    if (tab) {
      const newTable = raw.startsWith(' \t');
      if (newTable || rows === null || blanks >= NEW_TABLE_BLANKS) {
        flushGrid();
        row = [];
        rows = [row];
      } else if (blanks > 0 || row === null) {
        row = [];
        rows.push(row);
      }
      cell = { lines: [raw.slice(tab[0].length)], start: n, end: n };
      row.push(cell);
    } else if (cell !== null && blanks <= 1) {
      for (let k = 0; k < blanks; k++) cell.lines.push('');
      cell.lines.push(raw);
      cell.end = n;
    } else {
      flushGrid();
      const text = cleanTextLine(raw);
      if (text !== '') blocks.push({ kind: 'text', text, source: { line: { start: n, end: n } } });
    }
    blanks = 0;
  });
  flushGrid();
  return blocks;
}

/** Rejoin rows cut in two by a cell's trailing empty paragraph (rule 3 above). */
export function mergeCutRows(rows: readonly RawRow[]): RawRow[] {
  const out = rows.map((r) => [...r]);
  for (let k = 1; k + 2 < out.length; k++) {
    const prev = out[k - 1]?.length ?? 0;
    const a = out[k]?.length ?? 0;
    const b = out[k + 1]?.length ?? 0;
    const next = out[k + 2]?.length ?? 0;
    if (prev === next && a < prev && b < prev && a + b === prev) {
      out.splice(k, 2, [...(out[k] ?? []), ...(out[k + 1] ?? [])]);
    }
  }
  return out;
}
