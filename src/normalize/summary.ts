import { SUMMARY_HEADER_WORDS, SUMMARY_ROWS, SUMMARY_TOTAL_IDS } from '../catalog/index.js';
import type { Cell, Column, MoneyUnit, Row } from '../model/index.js';
import { lineNumbersByData, numericAt, numericCell } from './cells.js';
import { functionClassCode, stripOrdinal } from './classes.js';
import type { BodyResult } from './coded.js';
import { headerPath } from './coded.js';
import { AMOUNT_COLUMNS, LINE_NO_HEADER, matchColumn, uniqueKey } from './columns.js';
import type { GridView } from './grid-view.js';
import { parseNumber } from './numbers.js';
import { compact, oneLine } from './text.js';

const GROUP_WORDS = SUMMARY_HEADER_WORDS.group;
// 西安 heads its 支出 label columns by the classification alone: 支出功能分类 | 部门预算支出经济分类 | 政府预算支出经济分类.
const LABEL_LEAF = /(项目|名称|科目|分类$)/;

/**
 * Where each side-by-side table starts: a label column (项目 / 项目名称 / 功能科目名称) printed again.
 * The Jiangsu 收支预算总表 has three: 收入 | 支出 (功能分类) | 支出 (支出用途).
 */
function sideStarts(view: GridView, headerRows: readonly number[]): number[] {
  const starts: number[] = [];
  for (let c = 0; c < view.nCols; c++) {
    const path = headerPath(view, headerRows, c)
      .map(compact)
      .filter((p) => !GROUP_WORDS.test(p));
    const leaf = path[path.length - 1] ?? '';
    // "项目支出" names a figure (上海's 财务收支预算总表: 基本支出 | 项目支出), not a side's label column.
    if (
      LABEL_LEAF.test(leaf) &&
      !/(金额|决算数|预算数|合计|行次)/.test(leaf) &&
      !matchColumn(leaf, AMOUNT_COLUMNS) &&
      !starts.includes(c - 1)
    )
      starts.push(c);
  }
  if (starts.length >= 2) return starts;
  for (const r of headerRows) {
    for (let c = 1; c < view.nCols; c++) if (/^支出$/.test(compact(view.text(r, c)))) return [0, c];
  }
  return [0, Math.floor(view.nCols / 2)];
}

function sectionName(view: GridView, headerRows: readonly number[], col: number, index: number): string {
  const words = headerRows.map((r) => compact(view.spanText(r, col))).join(' ');
  if (index === 0) return 'income';
  if (/用途|经济分类|支出性质/.test(words)) return 'expenditure_use';
  return index === 1 ? 'expenditure' : `expenditure_${index}`;
}

/**
 * Each side its own section: 西安 prints the 支出 twice by 经济分类 (部门预算 and 政府预算), and the second side's rows
 * (一、部门预算 again) are no part of the first's.
 */
/** A few characters of a label, no figure: a label's end wrapped into the next cell. */
const SPILLED_LABEL_ONLY = /^[\p{Script=Han}（）()]{0,3}[\p{Script=Han}）)]$/u;

function uniqueSection(name: string, index: number, names: Set<string>): string {
  const out = names.has(name) ? `${name}_${index}` : name;
  names.add(out);
  return out;
}

/**
 * The 总表s print two tables side by side, 收入 on the left and 支出 on the right. Both halves become rows of
 * one table, with `section` "income" / "expenditure"; 类 rows get their function class code.
 */
export function normalizeSummary(
  view: GridView,
  body: readonly number[],
  unit: MoneyUnit | null,
): BodyResult {
  const isHeader = (r: number): boolean => {
    const t = view.filled(r).map(compact);
    return (
      t.some((x) => SUMMARY_HEADER_WORDS.header.test(x)) &&
      !t.some((x) => /合计$|总计$/.test(x) && x.length > 2)
    );
  };
  // A row still inside the label column's header cell (上海: 项目 spans 基本支出's second level, 人员经费 | 公用经费)
  // and printing no figure is a header row too.
  const underHeaderCell = (r: number): boolean => {
    const owner = view.coveringAt(r, 0);
    return (
      owner !== undefined &&
      owner.row < r &&
      owner.text.trim() !== '' &&
      view.filled(r).every((t) => parseNumber(t).value === null)
    );
  };
  let h = 0;
  while (h < body.length && (isHeader(body[h] ?? 0) || (h > 0 && underHeaderCell(body[h] ?? 0)))) h++;
  const headerRows = body.slice(0, h).filter((r) => !view.filled(r).some((t) => /^栏次$/.test(compact(t))));
  const starts = sideStarts(view, headerRows);
  const used = new Set<string>(['label']);
  const columns: Column[] = [];
  const names = new Set<string>();
  const sides = starts.map((from, i) => ({
    section: uniqueSection(sectionName(view, headerRows, from, i), i, names),
    from,
    to: starts[i + 1] ?? view.nCols,
    cols: [] as { col: number; key: string }[],
  }));
  for (const side of sides) {
    for (let c = side.from + 1; c < side.to; c++) {
      const path = headerPath(view, headerRows, c).filter((p) => !GROUP_WORDS.test(compact(p)));
      const leaf = path[path.length - 1] ?? '';
      const base =
        LINE_NO_HEADER.test(compact(leaf)) || lineNumbersByData(view, body.slice(h), c)
          ? 'line_no'
          : (matchColumn(leaf, AMOUNT_COLUMNS)?.key ?? 'amount');
      // One amount column per side is "amount" (决算数/金额/预算数/合计); the fiscal split columns keep their keys.
      const key = base === 'total' ? 'amount' : base;
      let col = columns.find((x) => x.key === key);
      if (!col || side.cols.some((x) => x.key === key)) {
        col = {
          key: uniqueKey(key, used),
          label: path.join(' / ') || `第${c + 1}列`,
          kind: key === 'line_no' ? 'number' : 'amount',
        };
        columns.push(col);
      } else if (!col.label.includes(path.join(' / '))) {
        col.label = `${col.label}｜${path.join(' / ')}`;
      }
      side.cols.push({ col: c, key: col.key });
    }
  }

  const rows: Row[] = [];
  const ids = new Set<string>();
  for (const side of sides) {
    let lastParent: string | undefined;
    let lastTop: string | undefined;
    let lastSub: string | undefined;
    for (const r of body.slice(h)) {
      const label = oneLine(view.text(r, side.from));
      const cells: Record<string, Cell> = {};
      for (const { col, key } of side.cols) cells[key] = numericAt(view, r, col, unit);
      if (!label) continue;
      // The end of a wrapped label alone in the figure's cell of a row with no figure (西安: "助" of "(3)对个人和家庭的
      // 补助", "建设）" of "(5)资本性支出（基本建设）"): the cell is blank, not a figure that does not parse, which
      // left every sum of the side unchecked.
      const first = side.cols[0];
      const tail = first ? view.text(r, first.col).trim() : '';
      if (first && SPILLED_LABEL_ONLY.test(tail) && !parseNumber(tail).placeholder)
        cells[first.key] = { ...numericCell('', view.source(r, first.col), unit), raw: tail };
      // A label merged across the sides ("当年支出小计" over 功能分类 and 支出用途) leaves its figure at the far right.
      const span = view.ownerAt(r, side.from)?.colSpan ?? 1;
      const firstKey = side.cols[0]?.key;
      if (span > side.to - side.from - 1 && firstKey && cells[firstKey]?.blank) {
        for (let c = side.from + span; c < view.nCols; c++) {
          if (view.text(r, c) !== '') {
            cells[firstKey] = numericAt(view, r, c, unit);
            break;
          }
        }
      }
      if (/^(注|说明)/.test(label)) break;
      if (/^栏次$/.test(compact(label))) continue;
      // "1、财政拨款", "(1)一般公共预算拨款" (西安): numbered items are named rows too.
      const c = compact(stripOrdinal(label));
      const lei = side.section.startsWith('expenditure') ? functionClassCode(label) : undefined;
      let id = lei ? `c${lei}` : SUMMARY_ROWS.find(([re]) => re.test(c))?.[1];
      let parent: string | undefined;
      if (id && ids.has(`${side.section}:${id}`) && lastParent) {
        // "一般公共预算财政拨款" again, under 年初财政拨款结转和结余: a breakdown of that row.
        parent = lastParent;
        id = `${lastParent}.${id}`;
      }
      id ??= `r${rows.length + 1}`;
      const fullId = `${side.section}:${id}`;
      if (ids.has(fullId)) continue;
      ids.add(fullId);
      if (/结转和?结余$/.test(c)) lastParent = id;
      // "1.一般公共预算" under "一、财政拨款": an item of the row above it.
      // (A heading with no figure of its own, "一、部门预算", groups the rows below it without adding them up.)
      // "(1)工资福利支出" under "1、人员经费和公用经费支出": an item of that item.
      const figured = Object.values(cells).some((x) => x.value !== null);
      if (/^[(（]\d+[)）]/.test(compact(label)) && lastSub) parent = lastSub;
      else if (/^\d+[.、．]/.test(compact(label))) {
        // Under a heading with no figure (西安 prints "一、部门预算" blank) the item is at the top, and still the
        // parent of its own "(1)" rows: left unlinked, they were counted beside it.
        if (lastTop) parent = lastTop;
        lastSub = figured ? id : undefined;
      } else if (/^[一二三四五六七八九十]+、/.test(label)) {
        // A named source left blank ("一、财政拨款收入" with no figure) still holds its items; a heading does not.
        lastTop = figured || !/^r\d+$/.test(id) ? id : undefined;
        lastSub = undefined;
      }
      const row: Row = {
        id: fullId,
        label,
        role: SUMMARY_TOTAL_IDS.has(id) ? 'total' : 'data',
        section: side.section,
        cells,
        source: view.rowSource(r),
      };
      if (lei) {
        row.code = lei;
        row.codeLevel = 'lei';
      }
      if (parent) row.parent = `${side.section}:${parent}`;
      rows.push(row);
    }
  }
  // A stray number row with no label on either side is not a row of the table.
  return {
    columns,
    rows: rows.filter(
      (r) => r.label !== '' || Object.values(r.cells).some((x) => parseNumber(x.raw).value !== null),
    ),
  };
}
