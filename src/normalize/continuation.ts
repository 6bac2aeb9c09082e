import type { Grid, GridCell } from '../model/index.js';
import { candidateFamily, candidateHeaderText, chooseLayout } from './families.js';
import { GridView } from './grid-view.js';
import { parseNumber } from './numbers.js';
import type { TableCandidate } from './segment.js';
import { compact } from './text.js';

/** Layouts whose tables run on over pages (the forms are one per page and repeat their title per project). */
const RUNS_ON = new Set(['coded', 'summary', 'groups', 'wide', 'two_level', 'indicator_grid', 'generic']);

const TOTAL = /^(合计|总计|本年收入合计|本年支出合计|收入总计|支出总计)$/;

/** The title without its 续表 mark and its year: a year misprinted on one page's heading does not split the table. */
function titleKey(title: string): string {
  return compact(title)
    .replace(/[(（]?续(表)?\d*[)）]?$/u, '')
    .replace(/(19|20)\d{2}年度?/gu, '');
}

function rowKey(view: GridView, r: number): string {
  return view.rowTexts(r).map(compact).join('|');
}

/** The total labels (合计 …) of the candidate's total rows: in one of its first four columns, with a figure. */
function totalLabels(c: TableCandidate): Set<string> {
  const out = new Set<string>();
  for (const r of c.rows) {
    const texts = c.view.rowTexts(r).map(compact);
    if (!texts.some((t) => parseNumber(t).value !== null)) continue;
    for (const t of texts.slice(0, 4)) if (TOTAL.test(t)) out.add(t);
  }
  return out;
}

/** A's rows and B's rows as one grid: B's cells shifted below A's, every cell keeping its own provenance. */
function joinGrids(a: Grid, b: Grid, bRows: readonly number[]): { grid: Grid; rows: number[] } {
  const keep = new Set(bRows);
  const map = new Map<number, number>();
  let next = a.nRows;
  for (const r of [...keep].sort((x, y) => x - y)) map.set(r, next++);
  const cells: GridCell[] = [...a.cells];
  for (const c of b.cells) {
    const row = map.get(c.row);
    if (row !== undefined) cells.push({ ...c, row, rowSpan: 1 });
  }
  const pages = [...new Set([...(a.pages ?? []), ...(b.pages ?? [])])].sort((x, y) => x - y);
  return {
    grid: { ...a, nRows: next, cells, ...(pages.length > 0 ? { pages } : {}) },
    rows: [...map.values()],
  };
}

/**
 * Tables printed over several pages arrive as one candidate per page when the page repeats the title (or
 * prints text between the parts): B continues A when it is on the next page, has A's title or none, A's
 * columns, the same department, and the two parts carry one 合计 between them (a part with its own 合计
 * is a table of its own, e.g. the next unit's). B's repeated header rows are dropped; its rows join A's.
 */
export function joinContinuations(candidates: readonly TableCandidate[]): TableCandidate[] {
  const out: TableCandidate[] = [];
  for (const c of candidates) {
    const prev = out[out.length - 1];
    if (prev && formPart(prev, c)) {
      const joined = appendGrid(prev.view.grid, c.view.grid);
      out[out.length - 1] = {
        ...prev,
        view: new GridView(joined.grid),
        rows: [...prev.rows, ...c.rows.map((r) => r + joined.offset)],
      };
      continue;
    }
    if (prev && continues(prev, c)) {
      const prevHeader = new Set(prev.rows.slice(0, 6).map((r) => rowKey(prev.view, r)));
      const body = c.rows.filter(
        (r, i) => !(i < 6 && prevHeader.has(rowKey(c.view, r)) && rowKey(c.view, r) !== ''),
      );
      const joined = joinGrids(prev.view.grid, c.view.grid, body);
      const prevRows = new Set(prev.rows);
      out[out.length - 1] = {
        ...prev,
        view: new GridView(joined.grid),
        rows: [...[...prevRows].sort((x, y) => x - y), ...joined.rows],
      };
      continue;
    }
    out.push(c);
  }
  return out;
}

/** Layouts of the 绩效 forms: key fields, then goals and indicator rows. */
const FORM_LAYOUTS = new Set(['performance_overall', 'special_fund_direction', 'self_evaluation']);

/** How the second part of a form opens: its goals (年度总体目标, 绩效目标) or its indicator header (一级指标). */
const FORM_PART = /^((年度)?(总体|绩效)?目标|一级指标|(年度)?绩效指标)/u;

/** How a form's indicator rows go on over a page break: an indicator level (产出指标, 数量指标 …). */
const INDICATOR_ROW =
  /^(产出|效益|成本|满意度|数量|质量|时效|经济(成本|效益)?|社会(成本|效益)?|生态(环境)?(成本|效益)?|可持续影响|服务对象满意度)指标/u;

/**
 * B is the rest of form A, ruled as a grid of its own (烟台 prints the key fields, then 年度总体目标 and the
 * indicators as a second table on the same page, or running onto the next): B has no family of its own, starts on
 * A's last page or the next, and opens with the goals or the indicator header — or, on the next page under the
 * title A's page printed too, goes on with indicator rows.
 */
function formPart(a: TableCandidate, b: TableCandidate): boolean {
  const family = candidateFamily(a);
  if (!family || !FORM_LAYOUTS.has(chooseLayout(family, `${a.title} ${candidateHeaderText(a)}`)))
    return false;
  if (b.family && b.family !== family) return false;
  if (b.title && titleKey(b.title) !== titleKey(a.title)) return false;
  const last = a.view.grid.pages?.at(-1);
  const first = b.view.grid.pages?.[0];
  if (last === undefined || first === undefined || (first !== last && first !== last + 1)) return false;
  const opening = b.rows.find((r) => b.view.filled(r).length > 0);
  const head = opening === undefined ? undefined : b.view.filled(opening)[0];
  if (head === undefined) return false;
  const h = compact(head);
  if (FORM_PART.test(h)) return !b.title || first === last + 1;
  return first === last + 1 && INDICATOR_ROW.test(h);
}

/** B's whole grid below A's (row spans kept: B is a part of the form, not a run of repeated rows). */
function appendGrid(a: Grid, b: Grid): { grid: Grid; offset: number } {
  const cells: GridCell[] = [...a.cells, ...b.cells.map((c) => ({ ...c, row: c.row + a.nRows }))];
  const pages = [...new Set([...(a.pages ?? []), ...(b.pages ?? [])])].sort((x, y) => x - y);
  return {
    grid: {
      ...a,
      nRows: a.nRows + b.nRows,
      nCols: Math.max(a.nCols, b.nCols),
      cells,
      ...(pages.length > 0 ? { pages } : {}),
    },
    offset: a.nRows,
  };
}

function continues(a: TableCandidate, b: TableCandidate): boolean {
  const pagesA = a.view.grid.pages;
  const pagesB = b.view.grid.pages;
  if (!pagesA?.length || !pagesB?.length) return false;
  if (pagesB[0] !== (pagesA[pagesA.length - 1] ?? -2) + 1) return false;
  if (a.view.nCols !== b.view.nCols) return false;
  const f = a.family ?? b.family;
  if (a.family && b.family && a.family !== b.family) return false;
  // The layout A is printed in decides: a 绩效 family's one-per-page forms never run on, its indicator grid does.
  const layout = f ? chooseLayout(f, `${a.title} ${candidateHeaderText(a)}`) : 'generic';
  if (f && !RUNS_ON.has(layout)) return false;
  // A table of no known family joins only under the same printed title ("收入总体情况表" on both pages).
  if (!f && !(a.title && b.title)) return false;
  if (b.title && titleKey(b.title) !== titleKey(a.title)) return false;
  if (a.department && b.department && compact(a.department) !== compact(b.department)) return false;
  // An indicator grid has no 合计 to confirm the join: its next page goes on under the header printed again, or
  // in columns at the same places on the page.
  if (layout === 'indicator_grid') return repeatsHeader(a, b) || columnsAlign(a, b);
  // One 合计 between the two parts: at the top of the first (the usual place) or at the foot of the last; a part
  // with a 合计 of its own is a table of its own (the next unit's). A 总表's totals may fall on both sides of the
  // break: 本年收入合计 above it, 收入总计 below — B finishes A when A has no 总计 yet and B repeats none of A's totals.
  const ta = totalLabels(a);
  const tb = totalLabels(b);
  const grand = (s: ReadonlySet<string>): boolean => [...s].some((t) => /总计$/.test(t));
  if (ta.size > 0 && tb.size > 0) return !grand(ta) && grand(tb) && ![...ta].some((t) => tb.has(t));
  if (ta.size > 0 || tb.size > 0) return true;
  // Neither part has one yet (西安's 总表 over three pages, its totals at the foot of the third): B continues A when
  // it prints A's header again; the part after it brings the totals.
  return repeatsHeader(a, b);
}

/** B's first row is one of A's header rows (two or more filled cells, text for text). */
function repeatsHeader(a: TableCandidate, b: TableCandidate): boolean {
  const first = b.rows.find((r) => rowKey(b.view, r).replace(/\|/g, '') !== '');
  if (first === undefined || b.view.filled(first).length < 2) return false;
  const key = rowKey(b.view, first);
  return a.rows.slice(0, 6).some((r) => rowKey(a.view, r) === key);
}

/** Left edge of each column's filled cells (median), where the cells have boxes. */
function columnEdges(c: TableCandidate): Map<number, number> {
  const xs = new Map<number, number[]>();
  const rows = new Set(c.rows);
  for (const cell of c.view.grid.cells) {
    if (!rows.has(cell.row) || cell.text.trim() === '' || cell.colSpan !== 1) continue;
    const box = 'bbox' in cell.source ? cell.source.bbox : undefined;
    if (!box) continue;
    const list = xs.get(cell.col) ?? [];
    list.push(box.x0);
    xs.set(cell.col, list);
  }
  const out = new Map<number, number>();
  for (const [col, list] of xs)
    out.set(col, [...list].sort((p, q) => p - q)[Math.floor(list.length / 2)] ?? 0);
  return out;
}

/** Every column filled in both parts starts at the same place (within 10 pt), and at least three do. */
function columnsAlign(a: TableCandidate, b: TableCandidate): boolean {
  const ea = columnEdges(a);
  const eb = columnEdges(b);
  const shared = [...eb.keys()].filter((k) => ea.has(k));
  return shared.length >= 3 && shared.every((k) => Math.abs((ea.get(k) ?? 0) - (eb.get(k) ?? 0)) <= 10);
}
