import type { Column, MoneyUnit, Row } from '../model/index.js';
import { numericAt } from './cells.js';
import { parseCode } from './codes.js';
import type { BodyResult } from './coded.js';
import { linkCodeParents, normalizeCoded } from './coded.js';
import type { GridView } from './grid-view.js';
import { placeRowsBySums } from './hierarchy.js';
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
  // A header wrapped over lines that a table without rules reads as rows of its own ("科目代" / "码", 科目名称 centred
  // between them): a column's header is its text down to the row, joined.
  const down = (r: number, c: number): string =>
    body
      .filter((x) => x <= r)
      .map((x) => compact(view.spanText(x, c)))
      .join('');
  const codeHeaded = (r: number, c: number): boolean =>
    view.spanText(r, c) !== '' && /编码|代码/.test(down(r, c));
  const wrappedCodeHeaders = (r: number): number =>
    Array.from({ length: view.nCols }, (_, c) => c).filter(
      (c) => codeHeaded(r, c) && (c === 0 || !codeHeaded(r, c - 1)),
    ).length;
  const headerRow =
    body.find((r) => view.filled(r).filter((t) => /编码|代码/.test(compact(t))).length >= 2) ??
    body.find((r) => wrappedCodeHeaders(r) >= 2);
  if (headerRow === undefined) {
    // Read as a coded table, it is placed like one: rows with no code (西安's units, each above its own 类 rows)
    // by their sums.
    const coded = normalizeCoded(view, body, unit);
    placeRowsBySums(coded);
    return coded;
  }
  // A group starts where a run of code columns starts (类 | 款 may be two columns under one 科目编码 header).
  const isCodeCol = (c: number): boolean => /编码|代码/.test(down(headerRow, c));
  const starts: number[] = [];
  for (let c = 0; c < view.nCols; c++) if (isCodeCol(c) && (c === 0 || !isCodeCol(c - 1))) starts.push(c);
  const groups = starts.map((start, i) => {
    const end = starts[i + 1] ?? view.nCols;
    let codeEnd = start;
    while (codeEnd + 1 < end && isCodeCol(codeEnd + 1)) codeEnd++;
    return {
      start,
      end,
      codeCols: Array.from({ length: codeEnd - start + 1 }, (_, k) => start + k),
      nameCol: codeEnd + 1,
      amountCol: Math.min(codeEnd + 2, end - 1),
    };
  });
  // Two classifications of one row (烟台: 部门经济分类 类 | 款 | 名称 | 政府经济分类 类 | 款 | 名称 | 小计 | 人员支出 |
  // 日常公用支出): a group with no figure under its amount column is no group but the row's first classification.
  // Read as groups, the 部门 codes got their names for figures and the 政府 codes the figures, so neither the 301 /
  // 302 / 303 hierarchy, the 合计 row nor 小计 = 人员 + 公用 was checked.
  const below = body.filter((r) => r > headerRow);
  const figured = (c: number): boolean => below.some((r) => parseNumber(view.text(r, c)).value !== null);
  if (groups.length > 1 && groups.slice(0, -1).some((g) => !figured(g.amountCol))) {
    const coded = normalizeCoded(view, body, unit);
    placeRowsBySums(coded);
    return coded;
  }
  const amountHeader = compact(view.spanText(headerRow, groups[0]?.amountCol ?? 2)) || '决算数';
  const columns: Column[] = [{ key: 'amount', label: amountHeader, kind: 'amount' }];
  const rows: Row[] = [];
  const ids = new Set<string>();
  const consumed = new Set<string>();
  // Header rows below the first one that names the code columns (类 | 款 | 科目名称 | 决算数) are not data.
  const dataRows = body.filter(
    (r) =>
      r > headerRow && !/^(类|款|项|科目编码|经济分类)$/.test(compact(view.text(r, groups[0]?.start ?? 0))),
  );
  for (const g of groups) {
    for (const r of dataRows) {
      if (consumed.has(`${r}:${g.start}`)) continue;
      const codeText = g.codeCols
        .map((c) => view.text(r, c))
        .join(' ')
        .trim();
      const name = oneLine(view.text(r, g.nameCol));
      const special = SPECIAL.find(([re]) => re.test(compact(codeText)) || re.test(compact(name)));
      let amountCol = g.amountCol;
      if (special) {
        // The total's figure may sit further right, under another group's amount column.
        for (let c = g.nameCol; c < view.nCols; c++) {
          if (parseNumber(view.text(r, c)).value !== null) {
            amountCol = c;
            break;
          }
        }
        for (let c = g.end; c <= amountCol; c++) consumed.add(`${r}:${c}`);
        for (const other of groups)
          if (other.start > g.start && other.start <= amountCol) consumed.add(`${r}:${other.start}`);
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
      const code = parseCode(...g.codeCols.map((c) => view.text(r, c)));
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
        source: view.cellsSource(r, [...g.codeCols, g.nameCol, amountCol]),
      });
    }
  }
  linkCodeParents(rows);
  return { columns, rows };
}
