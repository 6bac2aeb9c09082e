import type { Cell, Column, MoneyUnit, Row } from '../model/index.js';
import { numericAt } from './cells.js';
import type { BodyResult } from './coded.js';
import { headerPath } from './coded.js';
import { AMOUNT_COLUMNS, matchColumn, uniqueKey } from './columns.js';
import type { GridView } from './grid-view.js';
import { parseNumber } from './numbers.js';
import { compact, oneLine } from './text.js';

/**
 * Tables labelled by a category column and an item column (收入预算总表: "一般公共预算资金 | 小计",
 * "一般公共预算资金 | 公共财政拨款(补助)资金" …). A category's 小计 row adds up its items; the 总计 row adds up
 * the 小计 rows. Category cells merged down the rows are read once per row through their span.
 */
export function normalizeTwoLevel(
  view: GridView,
  body: readonly number[],
  unit: MoneyUnit | null,
): BodyResult {
  const isData = (r: number): boolean => view.filled(r).some((t) => parseNumber(t).value !== null);
  const first = body.findIndex(isData);
  const headerRows = first < 0 ? body : body.slice(0, first);
  const dataRows = first < 0 ? [] : body.slice(first);
  // The label columns are the leading columns without figures in any data row.
  let labelCols = 0;
  while (
    labelCols < view.nCols - 1 &&
    dataRows.every((r) => parseNumber(view.text(r, labelCols)).value === null)
  )
    labelCols++;
  labelCols = Math.max(1, Math.min(labelCols, 2));

  const used = new Set<string>();
  const columns: Column[] = [];
  const amountCols: { col: number; key: string }[] = [];
  for (let c = labelCols; c < view.nCols; c++) {
    const path = headerPath(view, headerRows, c);
    const leaf = path[path.length - 1] ?? '';
    const spec = matchColumn(leaf, AMOUNT_COLUMNS);
    const key = uniqueKey(
      spec?.key === 'total' || !spec ? (amountCols.length === 0 ? 'amount' : `col_${c + 1}`) : spec.key,
      used,
    );
    columns.push({ key, label: path.join(' / ') || `第${c + 1}列`, kind: 'amount' });
    amountCols.push({ col: c, key });
  }

  const rows: Row[] = [];
  const ids = new Set<string>();
  let subtotal: string | undefined;
  let category = '';
  for (const r of dataRows) {
    const cat = oneLine(view.spanText(r, 0));
    const item = labelCols > 1 ? oneLine(view.spanText(r, 1)) : '';
    if (!cat && !item) continue;
    const cells: Record<string, Cell> = {};
    for (const { col, key } of amountCols) cells[key] = numericAt(view, r, col, unit);
    const isGrand = /总计$|^合计$/.test(compact(cat)) && (item === '' || compact(item) === compact(cat));
    const isSub = /^小计$/.test(compact(item));
    if (cat !== category) {
      category = cat;
      subtotal = undefined;
    }
    let id = isGrand
      ? 'total'
      : isSub
        ? `cat:${compact(cat)}`
        : `cat:${compact(cat)}:${compact(item) || rows.length}`;
    for (let i = 2; ids.has(id); i++) id = `${id}_${i}`;
    ids.add(id);
    const parent = isGrand ? undefined : isSub ? (ids.has('total') ? 'total' : undefined) : subtotal;
    if (isSub) subtotal = id;
    rows.push({
      id,
      label: isSub ? `${cat} 小计` : item && item !== cat ? `${cat} / ${item}` : cat,
      role: isGrand ? 'total' : isSub ? 'subtotal' : 'data',
      ...(parent ? { parent } : {}),
      cells,
      source: view.rowSource(r),
    });
  }
  // "其中：" items are part of, not all of, their category: they do not add up into it.
  for (const row of rows) {
    if (!/其中[:：]/.test(row.label)) continue;
    delete row.parent;
    row.role = 'note';
  }
  return { columns, rows };
}
