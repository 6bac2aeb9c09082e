import type { Cell, Column, MoneyUnit, Row } from '../model/index.js';
import { numericCell, textCell } from './cells.js';
import type { BodyResult } from './coded.js';
import { fuzzyEquals, uniqueKey } from './columns.js';
import type { GridView } from './grid-view.js';
import { parseNumber } from './numbers.js';
import { compact, oneLine } from './text.js';

/** The result of reading a 绩效 form: key fields plus sectioned rows. */
export interface FormResult extends BodyResult {
  readonly fields: Record<string, Cell>;
  readonly template: boolean;
}

interface Slot {
  readonly text: string;
  readonly col: number;
}

/** Cells that start in row r, with their column, empty ones included. */
function slots(view: GridView, r: number): Slot[] {
  const out: Slot[] = [];
  for (let c = 0; c < view.nCols; c++) if (view.ownerAt(r, c)) out.push({ text: view.text(r, c), col: c });
  return out;
}

const END = /^(单位负责人签字|填表人|备注[:：]|注[:：])/u;

/** Indicator columns of the 绩效 forms, by header. */
const INDICATOR_HEADERS: ReadonlyArray<readonly [string, string, Column['kind']]> = [
  // 北京 预算12表 lists many projects in one grid: each indicator row carries its project's merged cells.
  ['项目名称', 'project', 'text'],
  ['项目总额', 'project_total', 'amount'],
  ['财政资金', 'fiscal_funds', 'amount'],
  ['其他资金', 'other_funds', 'amount'],
  ['绩效目标', 'goal', 'text'],
  ['绩效指标性质', 'nature', 'text'],
  ['本年绩效指标值', 'target', 'indicator'],
  ['绩效度量单位', 'measure_unit', 'text'],
  ['一级指标', 'level1', 'label'],
  ['二级指标', 'level2', 'label'],
  ['三级指标', 'level3', 'label'],
  ['指标值及单位', 'target', 'indicator'],
  ['指标值', 'target', 'indicator'],
  ['年度指标值', 'target', 'indicator'],
  ['实际完成值', 'actual', 'indicator'],
  ['绩效标准', 'standard', 'text'],
  ['分值', 'weight', 'number'],
  ['得分', 'score', 'number'],
  ['偏差原因分析及改进措施', 'deviation', 'text'],
];

const DETAIL_HEADERS: ReadonlyArray<readonly [string, string, Column['kind']]> = [
  ['支出内容简介', 'content', 'text'],
  ['支出明细', 'detail', 'text'],
  ['金额', 'amount', 'amount'],
  ['支出测算依据及过程说明', 'basis', 'text'],
];

const WORK_PLAN_HEADERS: ReadonlyArray<readonly [string, string, Column['kind']]> = [
  ['事项', 'item', 'text'],
  ['责任单位/科室', 'owner', 'text'],
  ['工作目标', 'goal', 'text'],
];

/** The columns only an indicator grid of many projects has (北京 预算12表: its header names 项目总额). */
const GRID_KEYS = new Set([
  'project',
  'project_total',
  'fiscal_funds',
  'other_funds',
  'goal',
  'nature',
  'measure_unit',
]);

/** A form's indicator header keeps the project columns only when it is such a grid. */
function gridColumns<T extends { key: string }>(cols: T[]): T[] {
  return cols.some((c) => c.key === 'project_total') ? cols : cols.filter((c) => !GRID_KEYS.has(c.key));
}

/** Every filled cell of the row is an indicator column's header (exactly): a header row. */
function indicatorHeaderRow(filled: readonly Slot[]): boolean {
  return filled.every((x) => INDICATOR_HEADERS.some(([name]) => compact(x.text) === compact(name)));
}

/** Header cells of a section header row → columns, matched with a typo allowance. */
function sectionColumns(
  row: readonly Slot[],
  headers: ReadonlyArray<readonly [string, string, Column['kind']]>,
): { col: number; key: string; label: string; kind: Column['kind'] }[] {
  const out: { col: number; key: string; label: string; kind: Column['kind'] }[] = [];
  for (const s of row) {
    // Exact first: "二级指标" is one edit from "一级指标" and must not be taken for it.
    const h =
      headers.find(([name]) => compact(s.text) === compact(name)) ??
      headers.find(([name]) => fuzzyEquals(s.text, name));
    if (h && !out.some((o) => o.key === h[1]))
      out.push({ col: s.col, key: h[1], label: oneLine(s.text), kind: h[2] });
  }
  return out;
}

/** Label → field key for the key/value part of the forms. Matched on the compact label, typo-tolerant. */
const FIELD_LABELS: ReadonlyArray<readonly [RegExp, string, 'amount' | 'text']> = [
  [/^部门名称$|^市级预算部门\(单位\)名称$|^预算部门$/, 'department_name', 'text'],
  [/^(其中:)?一般公共预算(拨款)?(:.*)?$/, 'general_budget', 'amount'],
  [/^(其中:)?政府性基金(预算)?拨款(:.*)?$/, 'government_fund', 'amount'],
  [/^(其中:)?其他资金(:.*)?$/, 'other_funds', 'amount'],
  [/^(其中:)?基本支出(:.*)?$/, 'basic_expenditure', 'amount'],
  [/^(其中:)?项目支出(:.*)?$/, 'project_expenditure', 'amount'],
  [/^部门职责概述$/, 'duties', 'text'],
  [/^支出方向\(子项\)$/, 'direction', 'text'],
  [/^所属专项$/, 'fund', 'text'],
  [/^名称$/, 'fund_name', 'text'],
  [/^项目金额$/, 'project_amount', 'amount'],
  [/^金额$/, 'amount', 'amount'],
  [/^项目实施期$/, 'period', 'text'],
  [/^实施期绩效目标$/, 'period_goal', 'text'],
  [/^年度绩效目标$/, 'annual_goal', 'text'],
  [/^项目支出名称$/, 'project_name', 'text'],
  [/^主管部门$/, 'supervisor', 'text'],
  [/^实施单位$/, 'implementer', 'text'],
];

/** A form's year line: "（2026年度）" alone in its row. */
const FORM_YEAR = /^\(20\d{2}年度?\)$/u;

/** "资金总额：125.61" or "其中：基本支出：538.88" — a label and its figure in one cell. */
const INLINE_FIGURE = /^(.*?)[:：]\s*([-\d.,，]+)\s*(万元|元)?$/u;

function fieldFor(label: string): (typeof FIELD_LABELS)[number] | undefined {
  const c = compact(label).replace(/^其中:/, '');
  if (/资金总额/.test(c)) return [/./, 'total_funds', 'amount'];
  return FIELD_LABELS.find(([re]) => re.test(c) || re.test(`其中:${c}`));
}

/**
 * Read the 绩效 forms (部门整体支出绩效目标表, 专项资金支出方向绩效目标表, 专项资金绩效目标汇总表, 绩效自评表).
 * Key/value rows become `fields`; 年度重点工作计划, 年度绩效指标 and 支出明细 become sectioned rows. Empty cells under
 * a merged label (一级指标 printed once for several rows) inherit the label above.
 */
export function normalizeForm(view: GridView, body: readonly number[], unit: MoneyUnit | null): FormResult {
  const fields: Record<string, Cell> = {};
  const rows: Row[] = [];
  const columns: Column[] = [];
  const used = new Set<string>();
  let section: 'work_plan' | 'indicators' | 'details' | undefined;
  let sectionCols: { col: number; key: string; label: string; kind: Column['kind'] }[] = [];
  let carry: Record<string, string> = {};

  const setField = (key: string, kind: 'amount' | 'text', raw: string, r: number, c: number): void => {
    if (fields[key] && !fields[key].blank) return;
    fields[key] =
      kind === 'amount' ? numericCell(raw, view.source(r, c), unit) : textCell(raw, view.source(r, c));
  };

  for (const r of body) {
    const s = slots(view, r);
    const filled = s.filter((x) => x.text !== '');
    const head = filled[0];
    if (!head) continue;
    if (END.test(compact(head.text))) break;

    const firstText = compact(head.text);
    // The year printed in brackets under the form's title ("（2026年度）"), a cell of the grid of its own.
    if (filled.length === 1 && FORM_YEAR.test(firstText)) {
      setField('year', 'text', head.text, r, head.col);
      continue;
    }
    if (fuzzyEquals(firstText, '年度重点工作计划') && s.length > 1) {
      section = 'work_plan';
      sectionCols = sectionColumns(s, WORK_PLAN_HEADERS);
      continue;
    }
    const indicatorCols = gridColumns(sectionColumns(s, INDICATOR_HEADERS));
    if (indicatorCols.filter((c) => /^level/.test(c.key)).length >= 2) {
      section = 'indicators';
      sectionCols = indicatorCols;
      carry = {};
      continue;
    }
    // The header's second row (财政资金 | 其他资金 under 其中：): more indicator columns, not a row.
    if (
      section === 'indicators' &&
      sectionCols.some((c) => c.key === 'project_total') &&
      filled.length > 0 &&
      indicatorHeaderRow(filled)
    ) {
      const more = sectionColumns(s, INDICATOR_HEADERS).filter(
        (c) => !sectionCols.some((x) => x.key === c.key),
      );
      sectionCols = [...sectionCols, ...more].sort((a, b) => a.col - b.col);
      continue;
    }
    const detailCols = sectionColumns(s, DETAIL_HEADERS);
    if (detailCols.length >= 3) {
      section = 'details';
      sectionCols = detailCols;
      continue;
    }

    // Key/value rows: a known label followed by its value in the next cell.
    const keyed = filled.map((x) => ({ x, f: fieldFor(x.text) }));
    if (section === undefined || keyed.some((k) => k.f && k.f[1] !== 'amount' && k.x === head)) {
      let any = false;
      for (const [i, slot] of s.entries()) {
        if (!slot.text) continue;
        const inline = INLINE_FIGURE.exec(oneLine(slot.text));
        const inlineField = inline?.[1] !== undefined ? fieldFor(inline[1]) : undefined;
        if (inline && inlineField) {
          setField(inlineField[1], inlineField[2], `${inline[2] ?? ''}${inline[3] ?? ''}`, r, slot.col);
          any = true;
          continue;
        }
        const f = fieldFor(slot.text);
        if (!f) continue;
        const next = s[i + 1];
        const nextIsLabel = next !== undefined && fieldFor(next.text) !== undefined;
        setField(f[1], f[2], next && !nextIsLabel ? next.text : '', r, next?.col ?? slot.col);
        any = true;
      }
      if (any && section === undefined) continue;
      if (
        any &&
        section !== undefined &&
        !filled.some((x) => sectionCols.some((c) => c.col === x.col && !fieldFor(x.text)))
      )
        continue;
    }
    if (!section || sectionCols.length === 0) continue;

    // A row of the current section.
    for (const c of sectionCols) {
      if (!used.has(`${section}:${c.key}`)) {
        used.add(`${section}:${c.key}`);
        if (!columns.some((x) => x.key === c.key)) columns.push({ key: c.key, label: c.label, kind: c.kind });
      }
    }
    const cells: Record<string, Cell> = {};
    const texts = new Map<string, string>();
    for (const c of sectionCols) {
      let t = view.text(r, c.col);
      if (section === 'indicators' && /^level[12]$/.test(c.key)) {
        if (t) carry[c.key] = t;
        else t = carry[c.key] ?? '';
        if (c.key === 'level1' && view.text(r, c.col)) delete carry['level2'];
      }
      // Every indicator row names its project (merged down its rows, or left blank on the page after a
      // break); the project's figures stay on its first row, stated once.
      if (section === 'indicators' && c.key === 'project') {
        if (t) carry[c.key] = t;
        else t = view.spanText(r, c.col) || (carry[c.key] ?? '');
      }
      texts.set(c.key, t);
    }
    // A total row whose label cell spans two columns puts its figure one column early ("合  计 | 211500").
    const labelText = compact(texts.get('content') ?? texts.get('item') ?? texts.get('level3') ?? '');
    const isTotal = /^合计$/.test(labelText) || s.some((x) => /^合计$/.test(compact(x.text)));
    if (section === 'details' && isTotal && !texts.get('amount')) {
      const after = s.filter((x) => x.col > (s.find((y) => /^合计$/.test(compact(y.text)))?.col ?? 0));
      const fig = after.find((x) => parseNumber(x.text).value !== null);
      if (fig) texts.set('amount', fig.text);
    }
    for (const c of sectionCols) {
      const t = texts.get(c.key) ?? '';
      cells[c.key] =
        c.kind === 'amount'
          ? numericCell(t, view.source(r, c.col), unit)
          : textCell(t, view.source(r, c.col));
    }
    if (Object.values(cells).every((c) => c.blank)) continue;
    const label = oneLine(
      section === 'indicators'
        ? [canonicalLevel(texts.get('level1')), canonicalLevel(texts.get('level2')), texts.get('level3')]
            .filter(Boolean)
            .join(' / ')
        : isTotal
          ? '合计'
          : (texts.get('content') ?? texts.get('item') ?? ''),
    );
    rows.push({
      id:
        isTotal && section === 'details'
          ? 'details:total'
          : `${section}:r${rows.filter((x) => x.section === section).length + 1}`,
      label,
      role: isTotal ? 'total' : 'data',
      section,
      cells,
      source: view.rowSource(r),
    });
  }
  return { columns, rows, fields, template: isTemplateForm(fields, rows) };
}

/** The fixed names of the 一级/二级指标, so a typo ("出指标") reads as what it is (产出指标). */
const LEVEL_NAMES = [
  '产出指标',
  '效益指标',
  '成本指标',
  '满意度指标',
  '数量指标',
  '质量指标',
  '时效指标',
  '经济效益指标',
  '社会效益指标',
  '生态效益指标',
  '可持续影响指标',
  '社会公众及服务对象满意度指标',
  '服务对象满意度指标',
  '经济成本指标',
  '社会成本指标',
  '生态环境成本指标',
];

function canonicalLevel(text: string | undefined): string | undefined {
  if (!text) return text;
  const c = compact(text).replace(/\(\d+分\)$/, '');
  return LEVEL_NAMES.find((n) => n === c) ?? LEVEL_NAMES.find((n) => fuzzyEquals(c, n)) ?? oneLine(text);
}

const TEMPLATE_TEXT = /^([A-Z]专项|支出方向\(子项\)\d*|\(子项\)\d+|…+|\.{3,})$/;

function isTemplateForm(fields: Record<string, Cell>, rows: readonly Row[]): boolean {
  const placeholders = [fields['direction']?.raw, fields['fund_name']?.raw].filter(
    (t) => t && TEMPLATE_TEXT.test(compact(t)),
  );
  const filled = rows.filter((r) => Object.values(r.cells).some((c) => !c.blank));
  return (
    placeholders.length > 0 && filled.every((r) => Object.values(r.cells).every((c) => c.value === null))
  );
}

const SEQ_TOP = /^[一二三四五六七八九十]+$/;
const SEQ_SUB = /^\d+$/;

/**
 * 专项资金绩效目标汇总表: 合计, then 专项 rows numbered 一、二 …, each with 支出方向 rows numbered 1, 2 …
 * Rows keep that hierarchy (parent links); an unfilled template (A专项, 支出方向（子项）1, ……) is recognised.
 */
export function normalizeFundSummary(
  view: GridView,
  body: readonly number[],
  unit: MoneyUnit | null,
): FormResult {
  const headerIdx = body.findIndex((r) => view.filled(r).some((t) => fuzzyEquals(t, '序号')));
  const header = headerIdx >= 0 ? slots(view, body[headerIdx] ?? 0) : [];
  const colOf = (name: string, fallback: number): number =>
    header.find((s) => fuzzyEquals(s.text, name))?.col ?? fallback;
  const seqCol = colOf('序号', 0);
  const nameCol = colOf('名称', 1);
  const amountCol = colOf('金额', 2);
  const goalCols = [colOf('实施期绩效目标', 3), colOf('年度绩效目标', 4)];
  const columns: Column[] = [
    { key: 'seq', label: '序号', kind: 'label' },
    { key: 'amount', label: '金额', kind: 'amount' },
    { key: 'period_goal', label: '实施期绩效目标', kind: 'text' },
    { key: 'annual_goal', label: '年度绩效目标', kind: 'text' },
  ];
  const rows: Row[] = [];
  const ids = new Set<string>();
  let top: string | undefined;
  let templateMarks = 0;
  for (const r of body.slice(headerIdx + 1)) {
    const filled = view.filled(r);
    if (filled.length === 0) continue;
    if (END.test(compact(filled[0] ?? ''))) break;
    const seq = compact(view.text(r, seqCol));
    const name = oneLine(view.text(r, nameCol));
    if (TEMPLATE_TEXT.test(compact(name))) templateMarks++;
    const isTotal = /^合计$/.test(compact(name));
    let id: string;
    let parent: string | undefined;
    if (isTotal) id = 'total';
    else if (SEQ_TOP.test(seq)) {
      id = `s${seq}`;
      top = id;
      parent = 'total';
    } else if (SEQ_SUB.test(seq) && top) {
      id = `${top}.${seq}`;
      parent = top;
    } else id = `r${rows.length + 1}`;
    for (let i = 2; ids.has(id); i++) id = `${id}_${i}`;
    ids.add(id);
    if (!name && filled.length === 0) continue;
    rows.push({
      id,
      label: name,
      role: isTotal ? 'total' : 'data',
      ...(parent && ids.has(parent) ? { parent } : {}),
      cells: {
        seq: textCell(view.text(r, seqCol), view.source(r, seqCol)),
        amount: numericCell(view.text(r, amountCol), view.source(r, amountCol), unit),
        period_goal: textCell(view.text(r, goalCols[0] ?? 3), view.source(r, goalCols[0] ?? 3)),
        annual_goal: textCell(view.text(r, goalCols[1] ?? 4), view.source(r, goalCols[1] ?? 4)),
      },
      source: view.rowSource(r),
    });
  }
  const anyAmount = rows.some(
    (r) => r.cells['amount']?.value !== null && r.cells['amount']?.value !== undefined,
  );
  return { columns, rows, fields: {}, template: templateMarks >= 2 && !anyAmount };
}

/** Keys of the 资金 rows of the 自评表s, in the order their figures are printed. */
const FUND_ROW_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['initial_budget', '年初预算数'],
  ['full_year_budget', '全年预算数'],
  ['executed', '全年执行数'],
  ['weight', '分值'],
  ['execution_rate', '执行率'],
  ['score', '得分'],
];
const FUND_ROWS: ReadonlyArray<readonly [RegExp, string]> = [
  [/当年财政拨款/, 'fund:current'],
  [/上年结转/, 'fund:carried_over'],
  [/其他资金/, 'fund:other'],
  [/年度资金总额/, 'fund:total'],
];

/**
 * 绩效自评表: the 资金 rows (年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分) are read as numbers in print order;
 * indicator rows are read like the target forms.
 */
export function normalizeSelfEvaluation(
  view: GridView,
  body: readonly number[],
  unit: MoneyUnit | null,
): FormResult {
  const form = normalizeForm(view, body, unit);
  const rows: Row[] = [];
  const used = new Set<string>();
  for (const r of body) {
    const s = slots(view, r).filter((x) => x.text !== '');
    const labelSlot = s.find((x) => FUND_ROWS.some(([re]) => re.test(compact(x.text))));
    if (!labelSlot) continue;
    const id = FUND_ROWS.find(([re]) => re.test(compact(labelSlot.text)))?.[1] ?? 'fund:r';
    if (used.has(id)) continue;
    used.add(id);
    const figures = slots(view, r).filter((x) => x.col > labelSlot.col);
    const cells: Record<string, Cell> = {};
    FUND_ROW_COLUMNS.forEach(([key], i) => {
      const slot = figures[i];
      cells[key] = numericCell(
        slot?.text ?? '',
        slot ? view.source(r, slot.col) : view.source(r, labelSlot.col),
        unit,
      );
    });
    rows.push({
      id,
      label: oneLine(labelSlot.text),
      role: id === 'fund:total' ? 'total' : 'data',
      section: 'funds',
      cells,
      source: view.rowSource(r),
    });
  }
  const keys = new Set<string>();
  const columns: Column[] = [
    ...FUND_ROW_COLUMNS.map(([key, label]) => ({
      key: uniqueKey(key, keys),
      label,
      kind:
        key === 'execution_rate'
          ? ('percent' as const)
          : key === 'weight' || key === 'score'
            ? ('number' as const)
            : ('amount' as const),
    })),
    ...form.columns.filter((c) => !keys.has(c.key)),
  ];
  return { columns, rows: [...rows, ...form.rows], fields: form.fields, template: false };
}
