import type { Cell, Column, MoneyUnit, Row } from '../model/index.js';
import { textCell } from './cells.js';
import type { BodyResult } from './coded.js';
import type { GridView } from './grid-view.js';
import { parseNumber } from './numbers.js';
import { oneLine } from './text.js';

/**
 * Any table of no known family: every column is kept (col_1 … col_n, labelled by the first row when it reads
 * like a header), every row is kept as text cells with numbers parsed. Nothing is dropped.
 */
export function normalizeGeneric(
  view: GridView,
  body: readonly number[],
  _unit: MoneyUnit | null,
): BodyResult {
  const first = body[0];
  const firstTexts =
    first === undefined ? [] : Array.from({ length: view.nCols }, (_, c) => view.spanText(first, c));
  const headerLike =
    firstTexts.some((t) => t !== '') && firstTexts.every((t) => t === '' || parseNumber(t).value === null);
  const columns: Column[] = Array.from({ length: view.nCols }, (_, c) => ({
    key: `col_${c + 1}`,
    label: (headerLike ? oneLine(firstTexts[c] ?? '') : '') || `第${c + 1}列`,
    kind: 'text' as const,
  }));
  const rows: Row[] = [];
  for (const r of headerLike ? body.slice(1) : body) {
    const cells: Record<string, Cell> = {};
    for (let c = 0; c < view.nCols; c++) cells[`col_${c + 1}`] = textCell(view.text(r, c), view.source(r, c));
    if (Object.values(cells).every((x) => x.blank)) continue;
    rows.push({
      id: `r${rows.length + 1}`,
      label: oneLine(view.text(r, 0)),
      role: 'data',
      cells,
      source: view.rowSource(r),
    });
  }
  return { columns, rows };
}
