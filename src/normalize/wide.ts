import type { Cell, Column, MoneyUnit, Row } from '../model/index.js';
import { numericAt } from './cells.js';
import type { BodyResult } from './coded.js';
import { headerPath } from './coded.js';
import { uniqueKey } from './columns.js';
import type { GridView } from './grid-view.js';
import { parseNumber } from './numbers.js';
import { compact } from './text.js';

/** Leaf headers of the 三公经费 tables, most specific first. */
const LEAVES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(公务用车)?购置费$/, 'vehicle_purchase'],
  [/^(公务用车)?运行(维护)?费$/, 'vehicle_operation'],
  [/^会议费$/, 'meeting'],
  [/^培训费$/, 'training'],
  [/^小计$|公务用车购置及运行(维护)?费/, 'vehicle_subtotal'],
  [/因公出国/, 'outbound'],
  [/公务接待/, 'reception'],
  [/^合计$|^总计$/, 'total'],
];

const GROUPS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^预算数?$|^本年预算|^全年预算/, 'budget'],
  [/^决算数?$|^本年决算|^支出决算/, 'final'],
  [/^上年/, 'prior'],
];

/**
 * Tables of a few rows under a deep header (财政拨款“三公”经费支出决算表). Column keys come from the leaf header
 * and the group it sits in (预算数 → budget_…, 决算数 → final_…). The group is counted by the "合计" columns, not by
 * where the top header cell sits: exports often misplace the top row of a spanned header.
 */
export function normalizeWide(view: GridView, body: readonly number[], unit: MoneyUnit | null): BodyResult {
  const isData = (r: number): boolean => {
    const t = view.filled(r);
    return t.length > 0 && t.filter((x) => parseNumber(x).value !== null).length >= Math.max(1, t.length / 2);
  };
  const firstData = body.findIndex(isData);
  const headerRows = firstData < 0 ? body : body.slice(0, firstData);
  const dataRows = firstData < 0 ? [] : body.slice(firstData);

  const groupNames: string[] = [];
  for (const r of headerRows) {
    for (const t of view.filled(r)) {
      const g = GROUPS.find(([re]) => re.test(compact(t)));
      if (g && !groupNames.includes(g[1])) groupNames.push(g[1]);
    }
  }
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
  for (let c = 0; c < view.nCols; c++) {
    const own =
      groupRow !== undefined
        ? GROUPS.find(([re]) => re.test(compact(view.spanText(groupRow, c))))?.[1]
        : undefined;
    const path = headerPath(view, headerRows, c).filter((p) => !GROUPS.some(([re]) => re.test(compact(p))));
    let leafKey: string | undefined;
    for (const p of [...path].reverse()) {
      leafKey = LEAVES.find(([re]) => re.test(compact(p)))?.[1];
      if (leafKey) break;
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
    // 合计 first or last (因公出国 | 公务用车 … | 公务接待 | 合计).
    if (leafKey && (group < 0 || (leafKey === 'total' && inGroup.has('total')))) {
      group += 1;
      inGroup.clear();
    }
    if (leafKey) inGroup.add(leafKey);
    const groupName = own ?? groupNames[group] ?? `g${group + 1}`;
    const prefix = groupNames.length > 1 || group > 0 || own ? `${groupName}_` : '';
    const key = uniqueKey(`${prefix}${leafKey ?? `col_${c + 1}`}`, used);
    const groupLabel =
      groupNames.length > 0 ? ({ budget: '预算数', final: '决算数', prior: '上年' }[groupName] ?? '') : '';
    columns.push({
      key,
      label: [groupLabel, ...path].filter(Boolean).join(' / ') || `第${c + 1}列`,
      kind: 'amount',
    });
    keys.push({ col: c, key });
  }
  const rows: Row[] = dataRows
    .filter((r) => view.filled(r).length > 0 && !/^(注|说明)/.test(view.filled(r)[0] ?? ''))
    .map((r, i) => {
      const cells: Record<string, Cell> = {};
      for (const { col, key } of keys) cells[key] = numericAt(view, r, col, unit);
      return { id: `r${i + 1}`, label: '', role: 'data' as const, cells, source: view.rowSource(r) };
    });
  return { columns, rows };
}
