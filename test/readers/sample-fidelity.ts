import { cellAt, type Grid } from '../../src/model/index.js';

/** How a read-back grid may legitimately differ from the text-export grid it was made from. */
export interface FidelityRules {
  /**
   * HTML collapses runs of whitespace to one space when rendering (and LibreOffice applies that on import),
   * so "年度重点       工作计划" comes back as "年度重点 工作计划". Compare with whitespace runs collapsed.
   */
  readonly collapseSpaces: boolean;
  /**
   * Word tables are rectangular: LibreOffice pads a short row with empty cells (or widens its last cell), so
   * positions the text export left absent may hold '' or be covered by the row's last cell.
   */
  readonly padShortRows: boolean;
}

const norm = (s: string, rules: FidelityRules): string => {
  let t = s;
  if (rules.collapseSpaces) t = t.replace(/[ \t\u00a0]+/g, ' ').replace(/ ?\n ?/g, '\n');
  return t.trim();
};

/**
 * Differences between an expected grid (from the text export) and a grid read back from a generated file:
 * every non-empty expected cell must be a cell at the same position with the same text; an empty expected
 * cell may be empty or covered by a merged cell that starts elsewhere; nothing may appear that the expected
 * grid does not have, except what the rules allow. Returns human-readable differences, [] when faithful.
 */
export function gridDifferences(expected: Grid, actual: Grid, rules: FidelityRules): string[] {
  const diffs: string[] = [];
  if (actual.nRows !== expected.nRows) diffs.push(`${expected.id}: ${actual.nRows} rows, expected ${expected.nRows}`);
  for (const e of expected.cells) {
    const a = cellAt(actual, e.row, e.col);
    const want = norm(e.text, rules);
    if (want === '') {
      if (a && a.row === e.row && a.col === e.col && norm(a.text, rules) !== '') {
        diffs.push(`${expected.id} r${e.row}c${e.col}: "${a.text}" where the export is empty`);
      }
      continue;
    }
    if (!a || a.row !== e.row || a.col !== e.col) diffs.push(`${expected.id} r${e.row}c${e.col}: "${want}" missing`);
    else if (norm(a.text, rules) !== want) diffs.push(`${expected.id} r${e.row}c${e.col}: "${a.text}" ≠ "${want}"`);
  }
  for (const a of actual.cells) {
    const e = cellAt(expected, a.row, a.col);
    if (!e && norm(a.text, rules) !== '') diffs.push(`${expected.id} r${a.row}c${a.col}: extra "${a.text}"`);
    if (!e && !rules.padShortRows && a.colSpan === 1) diffs.push(`${expected.id} r${a.row}c${a.col}: extra empty cell`);
  }
  return diffs;
}
