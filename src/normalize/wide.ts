import {
  THREE_PUBLIC_GROUP_LABELS,
  THREE_PUBLIC_GROUPS,
  THREE_PUBLIC_LEAVES,
  THREE_PUBLIC_YEAR_GROUP,
} from '../catalog/index.js';
import type { Cell, Column, MoneyUnit, Row } from '../model/index.js';
import { numericAt } from './cells.js';
import type { BodyResult } from './coded.js';
import { headerPath, isColumnNumbersRow } from './coded.js';
import { isColumnNumberRun } from '../tables/text-lines.js';
import { CODE_HEADER, LINE_NO_HEADER, NAME_HEADER, uniqueKey } from './columns.js';
import type { GridView } from './grid-view.js';
import { parseNumber } from './numbers.js';
import { compact, oneLine } from './text.js';

const LEAVES = THREE_PUBLIC_LEAVES;
const GROUPS = THREE_PUBLIC_GROUPS;

/**
 * Tables of a few rows under a deep header (财政拨款“三公”经费支出决算表). Column keys come from the leaf header
 * and the group it sits in (预算数 → budget_…, 决算数 → final_…). The group is counted by the "合计" columns, not by
 * where the top header cell sits: exports often misplace the top row of a spanned header.
 */
export function normalizeWide(view: GridView, body: readonly number[], unit: MoneyUnit | null): BodyResult {
  // "2025年预算数" heads a group (烟台): a year with words after it is a header, not a figure.
  const isFigure = (x: string): boolean =>
    parseNumber(x).value !== null && !/^(19|20)\d\d年/.test(compact(x));
  const isData = (r: number): boolean => {
    const t = view.filled(r);
    return t.length > 0 && t.filter(isFigure).length >= Math.max(1, t.length / 2);
  };
  const firstData = body.findIndex(isData);
  const headerRows = firstData < 0 ? body : body.slice(0, firstData);
  const dataRows = firstData < 0 ? [] : body.slice(firstData);

  // Group names in print order: the words (预算数, 上年, 增减变化情况) and years ("2021年 | 2022年 | 增减变化情况", 西安),
  // two years being 上年 and 当年 when no word says which.
  const printed: Array<{ group: string } | { year: string }> = [];
  for (const r of headerRows) {
    for (const t of view.filled(r)) {
      const g = GROUPS.find(([re]) => re.test(compact(t)));
      const y = THREE_PUBLIC_YEAR_GROUP.exec(compact(t))?.[1];
      if (g) {
        if (!printed.some((p) => 'group' in p && p.group === g[1])) printed.push({ group: g[1] });
      } else if (y && !printed.some((p) => 'year' in p && p.year === y)) printed.push({ year: y });
    }
  }
  const years = printed.flatMap((p) => ('year' in p ? [p.year] : []));
  const words = printed.flatMap((p) => ('group' in p ? [p.group] : []));
  const latest = [...years].sort().pop();
  const yearsAreGroups = years.length === 2 && words.every((w) => w === 'change');
  const groupNames = printed.flatMap((p) =>
    'group' in p ? [p.group] : yearsAreGroups ? [p.year === latest ? 'current' : 'prior'] : [],
  );
  // Where a header row names the group over (almost) every column (预算数 | 决算数 | 预算数 | …), that row decides;
  // otherwise the group is counted by the 合计 columns.
  // That row must be the deepest header (预算数 | 决算数 under each leaf, as Shanghai prints it); a group row on
  // top is a parent whose span exports often misplace, so there the 合计 columns decide.
  const deepest = headerRows[headerRows.length - 1];
  const groupRow = [deepest].find((r) => {
    if (r === undefined) return false;
    const words = Array.from({ length: view.nCols }, (_, c) => view.spanText(r, c)).filter((t) =>
      GROUPS.some(([re]) => re.test(compact(t))),
    );
    return words.length >= Math.max(2, view.nCols / 2);
  });
  const used = new Set<string>();
  const columns: Column[] = [];
  const keys: { col: number; key: string }[] = [];
  let group = -1;
  const inGroup = new Set<string>();
  // Leading columns naming the row (西安: 序号 | 单位编码 | 单位名称, one row per unit under the 合计): line numbers,
  // codes and labels, not amounts.
  const labelCols: number[] = [];
  const codeCols: number[] = [];
  const lineCols: number[] = [];
  for (let c = 0; c < view.nCols; c++) {
    const path = headerPath(view, headerRows, c).map(compact);
    if (path.length === 0 || path.some((p) => LEAVES.some(([re]) => re.test(p)))) break;
    if (path.some((p) => LINE_NO_HEADER.test(p))) lineCols.push(c);
    else if (path.some((p) => CODE_HEADER.test(p))) codeCols.push(c);
    else if (path.some((p) => NAME_HEADER.test(p))) labelCols.push(c);
    else break;
  }
  for (const c of [...lineCols, ...codeCols].sort((a, b) => a - b)) {
    const line = lineCols.includes(c);
    const key = uniqueKey(line ? 'line_no' : 'unit_code', used);
    columns.push({ key, label: headerPath(view, headerRows, c).join(' / '), kind: line ? 'number' : 'code' });
    keys.push({ col: c, key });
  }
  const skip = new Set([...labelCols, ...codeCols, ...lineCols]);
  for (let c = 0; c < view.nCols; c++) {
    if (skip.has(c)) continue;
    const own =
      groupRow !== undefined
        ? GROUPS.find(([re]) => re.test(compact(view.spanText(groupRow, c))))?.[1]
        : undefined;
    const path = headerPath(view, headerRows, c).filter((p) => !GROUPS.some(([re]) => re.test(compact(p))));
    let leafKey: string | undefined;
    const leafOf = (text: string): string | undefined => LEAVES.find(([re]) => re.test(compact(text)))?.[1];
    for (let i = path.length - 1; i >= 0 && !leafKey; i--) {
      // A header wrapped onto two rows of an unruled table ("公务用车购置" over "费", "因公出国" over "（境）费").
      leafKey = leafOf(path[i]!) ?? (i > 0 ? leafOf(path[i - 1]! + path[i]!) : undefined);
    }
    // "小计" right under "三公经费" (not under 公务用车…) is the 三公 subtotal.
    if (
      leafKey === 'vehicle_subtotal' &&
      /^小计$/.test(compact(path[path.length - 1] ?? '')) &&
      !path.some((p) => /公务用车/.test(p))
    ) {
      leafKey = 'three_public_subtotal';
    }
    // A new group (预算数 → 决算数) begins at a 合计 only when the current group has one already: publishers print
    // 合计 first or last (因公出国 | 公务用车 … | 公务接待 | 合计), or anywhere in the group (因公出国 | 合计 | …). Any
    // leaf the current group has already begins the next one.
    if (leafKey && (group < 0 || inGroup.has(leafKey))) {
      group += 1;
      inGroup.clear();
    }
    if (leafKey) inGroup.add(leafKey);
    const groupName = own ?? groupNames[group] ?? `g${group + 1}`;
    // The year's own figures (当年) keep the plain keys beside 上年 and 增减 groups.
    const prefix =
      groupName !== 'current' && (groupNames.length > 1 || group > 0 || own) ? `${groupName}_` : '';
    const key = uniqueKey(`${prefix}${leafKey ?? `col_${c + 1}`}`, used);
    const groupLabel = groupNames.length > 0 ? (THREE_PUBLIC_GROUP_LABELS[groupName] ?? '') : '';
    columns.push({
      key,
      label: [groupLabel, ...path].filter(Boolean).join(' / ') || `第${c + 1}列`,
      kind: 'amount',
    });
    keys.push({ col: c, key });
  }
  // A 栏次 row: labelled so, or printing nothing but the column numbers (1, 2, 3 …, isColumnNumberRun) in the figure columns.
  const columnNumbers = (r: number): boolean => {
    const t = view.filled(r).map(compact);
    if (t.some((x) => /^(栏次|行次)$/.test(x))) return true;
    const figures = keys
      .filter((k) => !codeCols.includes(k.col) && !lineCols.includes(k.col))
      .map((k) => compact(view.text(r, k.col)));
    return isColumnNumberRun(figures.filter((x) => x !== '')) || isColumnNumbersRow(view, r);
  };
  const rows: Row[] = dataRows
    .filter((r) => view.filled(r).length > 0 && !/^(注|说明)/.test(view.filled(r)[0] ?? ''))
    .filter((r) => !columnNumbers(r))
    .map((r, i) => {
      const cells: Record<string, Cell> = {};
      for (const { col, key } of keys)
        cells[key] = codeCols.includes(col)
          ? { ...numericAt(view, r, col, unit), value: null }
          : lineCols.includes(col)
            ? numericAt(view, r, col, null)
            : numericAt(view, r, col, unit);
      // The name, or the 合计 printed across the code and name columns.
      const label = oneLine(
        [...labelCols, ...codeCols].map((c) => view.text(r, c)).find((t) => t !== '' && !/^\d+$/.test(t)) ??
          '',
      );
      return { id: `r${i + 1}`, label, role: 'data' as const, cells, source: view.rowSource(r) };
    });
  return { columns, rows };
}
