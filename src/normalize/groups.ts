import type { Column, MoneyUnit, Row } from '../model/index.js';
import { numericAt } from './cells.js';
import { parseCode } from './codes.js';
import type { BodyResult } from './coded.js';
import { linkCodeParents, normalizeCoded } from './coded.js';
import type { GridView } from './grid-view.js';
import { parseNumber } from './numbers.js';
import { compact, oneLine } from './text.js';

const SPECIAL: ReadonlyArray<readonly [RegExp, string]> = [
  [/^人员经费(合计)?$/, 'personnel_total'],
  [/^公用经费(合计)?$/, 'public_total'],
  [/^(合计|总计|基本支出合计)$/, 'total'],
];

/**
 * The 基本支出(明细)表 prints three (code, name, amount) groups side by side. They are unfolded into one list
 * in reading order (group 1 top to bottom, then group 2, then group 3); 人员经费合计 / 公用经费合计 become rows of
 * their own. A table with one code column is a plain coded table.
 */
export function normalizeGroups(view: GridView, body: readonly number[], unit: MoneyUnit | null): BodyResult {
  const headerRow = body.find((r) => view.filled(r).filter((t) => /编码|代码/.test(compact(t))).length >= 2);
  if (headerRow === undefined) return normalizeCoded(view, body, unit);
  const starts: number[] = [];
  for (let c = 0; c < view.nCols; c++) if (/编码|代码/.test(compact(view.text(headerRow, c)))) starts.push(c);
  const groups = starts.map((start, i) => ({ start, end: starts[i + 1] ?? view.nCols }));
  const amountHeader = compact(view.text(headerRow, (starts[0] ?? 0) + 2)) || '决算数';

  const columns: Column[] = [{ key: 'amount', label: amountHeader, kind: 'amount' }];
  const rows: Row[] = [];
  const ids = new Set<string>();
  const consumed = new Set<string>();
  const dataRows = body.filter((r) => r > headerRow);
  for (const g of groups) {
    for (const r of dataRows) {
      if (consumed.has(`${r}:${g.start}`)) continue;
      const codeText = view.text(r, g.start);
      const name = oneLine(view.text(r, g.start + 1));
      const special = SPECIAL.find(([re]) => re.test(compact(codeText)) || re.test(compact(name)));
      let amountCol = g.start + 2;
      if (special) {
        // The total's figure may sit further right, under another group's amount column.
        for (let c = g.start + 2; c < view.nCols; c++) {
          if (parseNumber(view.text(r, c)).value !== null) {
            amountCol = c;
            break;
          }
        }
        for (let c = g.end; c <= amountCol; c++) consumed.add(`${r}:${c}`);
        for (const other of groups) if (other.start > g.start && other.start <= amountCol) consumed.add(`${r}:${other.start}`);
        const id = special[1];
        if (ids.has(id)) continue;
        ids.add(id);
        rows.push({
          id,
          label: oneLine(special[0].test(compact(codeText)) ? codeText : name),
          role: 'total',
          cells: { amount: numericAt(view, r, amountCol, unit) },
          source: view.rowSource(r),
        });
        continue;
      }
      const code = parseCode(codeText);
      const amount = numericAt(view, r, amountCol, unit);
      if (!code && !name && amount.blank) continue;
      if (/^(注|说明)/.test(codeText || name)) break;
      let id = code ? `c${code.code}` : `r${rows.length + 1}`;
      for (let i = 2; ids.has(id); i++) id = `${code ? `c${code.code}` : 'r'}_${i}`;
      ids.add(id);
      rows.push({
        id,
        ...(code ? { code: code.code, codeLevel: code.level } : {}),
        label: name || codeText,
        role: 'data',
        cells: { amount },
        source: view.cellsSource(r, [g.start, g.start + 1, amountCol]),
      });
    }
  }
  linkCodeParents(rows);
  return { columns, rows };
}
