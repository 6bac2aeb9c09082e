import { describe, expect, it } from 'vitest';
import type { Block, Grid } from '../model/index.js';
import { collectIdentities, evaluate, validateDocument } from '../validate/index.js';
import { normalizeDocument } from './index.js';

/** A grid with merged cells: [row, col, text, rowSpan, colSpan]; positions no cell covers are empty. */
type Spec = readonly [row: number, col: number, text: string, rowSpan?: number, colSpan?: number];

function merged(id: string, nRows: number, nCols: number, specs: readonly Spec[]): Grid {
  const covered = new Set<string>();
  const cells = specs.map(([row, col, text, rowSpan = 1, colSpan = 1]) => {
    for (let r = row; r < row + rowSpan; r++)
      for (let c = col; c < col + colSpan; c++) covered.add(`${r}:${c}`);
    return { row, col, rowSpan, colSpan, text, source: { cell: { grid: id, row, col } } };
  });
  for (let row = 0; row < nRows; row++)
    for (let col = 0; col < nCols; col++)
      if (!covered.has(`${row}:${col}`))
        cells.push({ row, col, rowSpan: 1, colSpan: 1, text: '', source: { cell: { grid: id, row, col } } });
  return { id, nRows, nCols, method: 'explicit', source: { cell: { grid: id, row: 0, col: 0 } }, cells };
}

/** One row of single cells. */
const line = (row: number, texts: readonly string[]): Spec[] => texts.map((text, col) => [row, col, text]);

function blocks(title: string, grid: Grid): Block[] {
  return [
    { kind: 'text', text: title, source: { line: { start: 1, end: 1 } } },
    { kind: 'text', text: '单位：元', source: { line: { start: 2, end: 2 } } },
    { kind: 'grid', grid },
  ];
}

/** 上海's 财务收支预算总表: sides headed 本年收入 | 本年支出, 项目 spanning the three header rows below. */
function shanghaiSummary(fiscal = '12,376,671'): Block[] {
  const rows: [string, string, string, string, string, string, string][] = [
    [
      '一、财政拨款收入',
      fiscal,
      '一、文化旅游体育与传媒支出',
      '11,212,795',
      '6,204,470',
      '2,001,333',
      '3,006,992',
    ],
    ['1、一般公共预算', '12,376,671', '二、社会保障和就业支出', '1,510,245', '1,481,925', '28,320', ''],
    ['2、政府性基金预算', '', '三、卫生健康支出', '502,443', '502,443', '', ''],
    ['二、事业收入', '701,808', '四、住房保障支出', '390,788', '390,788', '', ''],
    ['四、其他收入', '537,792', '', '', '', '', ''],
    ['收入总计', '13,616,271', '支出总计', '13,616,271', '8,579,626', '2,029,653', '3,006,992'],
  ];
  const specs: Spec[] = [
    [0, 0, '本年收入', 1, 2],
    [0, 2, '本年支出', 1, 5],
    [1, 0, '项目', 3, 1],
    [1, 1, '预算数', 3, 1],
    [1, 2, '项目', 3, 1],
    [1, 3, '预算数', 1, 4],
    [2, 3, '合计', 2, 1],
    [2, 4, '基本支出', 1, 2],
    [2, 6, '项目支出', 2, 1],
    [3, 4, '人员经费'],
    [3, 5, '公用经费'],
    ...rows.flatMap((r, i) => line(4 + i, r)),
  ];
  return blocks('2026年预算单位财务收支预算总表', merged('g0', 4 + rows.length, 7, specs));
}

describe('two-sided 总表s with headers in other words (上海)', () => {
  it('本年收入 | 本年支出 over a 项目 cell spanning the header: no header read as data', () => {
    const doc = normalizeDocument({ blocks: shanghaiSummary() });
    const t = doc.tables[0]!;
    expect(t.type).toBe('budget_summary');
    expect(t.columns.map((c) => c.key)).toEqual(['amount', 'personnel', 'public_use', 'project']);
    expect(t.rows.some((r) => /本年|预算数|人员经费|合计/.test(r.label))).toBe(false);
    expect(t.rows.find((r) => r.id === 'expenditure:c207')?.cells['project']?.value).toBe(3006992);
    const anomalies = validateDocument(doc);
    expect(anomalies.filter((a) => a.severity !== 'info')).toEqual([]);
  });

  it('its 收入总计 adds up every source, 财政拨款 too, where no 本年收入合计 is printed', () => {
    const anomalies = validateDocument(normalizeDocument({ blocks: shanghaiSummary('') }));
    const errors = anomalies.filter((a) => a.severity === 'error');
    // The blank 财政拨款 breaks its own sum of "1、一般公共预算" + "2、政府性基金预算" and the 收入总计: one error, on
    // it, whose suggestion restores both.
    expect(errors.map((a) => a.row)).toEqual(['income:fiscal']);
    expect(errors[0]!.suggestion).toMatchObject({ row: 'income:fiscal', value: 12376671 });
    expect(errors[0]!.suggestion!.restores.length + errors[0]!.suggestion!.confirmedBy.length).toBe(2);
  });

  /** 财政拨款收支预算总表 headed 财政拨款收入 | 财政拨款支出, with no 本年支出合计 row. */
  function fiscalSummary(spent = '215,020,000'): Block[] {
    const specs: Spec[] = [
      [0, 0, '财政拨款收入', 1, 2],
      [0, 2, '财政拨款支出', 1, 5],
      ...line(1, ['项目', '预算数', '项目', '合计', '一般公共预算', '政府性基金预算', '国有资本经营预算']),
      ...line(2, ['一、一般公共预算', '', '一、其他支出', spent, '', '215,020,000', '']),
      ...line(3, ['二、政府性基金预算', '215,020,000', '', '', '', '', '']),
      ...line(4, ['三、国有资本经营预算', '', '', '', '', '', '']),
      ...line(5, ['收入总计', '215,020,000', '支出总计', '215,020,000', '', '215,020,000', '']),
    ];
    return blocks('2026年预算单位财政拨款收支预算总表', merged('g0', 6, 7, specs));
  }

  it('财政拨款收入 | 财政拨款支出 heads the sides: the rows are the printed ones', () => {
    const doc = normalizeDocument({ blocks: fiscalSummary() });
    const t = doc.tables[0]!;
    expect(t.type).toBe('budget_fiscal_summary');
    expect(t.rows.map((r) => r.id)).toEqual([
      'income:general_budget',
      'income:government_fund',
      'income:state_capital',
      'income:grand_total',
      'expenditure:c229',
      'expenditure:grand_total',
    ]);
    expect(validateDocument(doc).filter((a) => a.severity !== 'info')).toEqual([]);
  });

  it('with no 本年支出合计, the spending rows add straight into 支出总计', () => {
    const sum = (spent: string) =>
      collectIdentities(normalizeDocument({ blocks: fiscalSummary(spent) }).tables).find(
        (i) =>
          i.rule === 'column_sum' && i.lhs.row === 'expenditure:grand_total' && i.lhs.column === 'amount',
      );
    expect(sum('215,020,000')?.rhs.map((t) => t.row)).toEqual(['expenditure:c229']);
    const wrong = sum('193,518,000');
    expect(wrong && evaluate(wrong)?.state).toBe('fails');
  });
});

/** 西安's 收支总表, 支出 by 支出用途: "一、部门预算" printed with no figure, label ends wrapped into the figure column. */
function xianSummary(wages = '1,834.69'): Block[] {
  const rows: [string, string, string, string][] = [
    ['1、财政拨款', '3,643.37', '一、部门预算', ''],
    ['(1)一般公共预算拨款收入', '3,643.37', '1、人员经费和公用经费支', `出 2,022.39`],
    ['', '', '(1)工资福利支出', wages],
    ['', '', '(2)商品和服务支出', '182.88'],
    ['', '', '(3)对个人和家庭的补', '助 4.82'],
    ['', '', '2、专项业务经费支出', '1,620.98'],
    ['', '', '(1)商品和服务支出', '1,516.67'],
    ['', '', '(2)对个人和家庭的补', '助'],
    ['', '', '(3)资本性支出（基本', '建设）'],
    ['', '', '(4)资本性支出', '104.31'],
    ['本年收入合计', '3,643.37', '本年支出合计', '3,643.37'],
    ['收入总计', '3,643.37', '支出总计', '3,643.37'],
  ];
  return blocks(
    '2019年部门综合预算收支总表',
    merged('g0', rows.length + 1, 4, [
      ...line(0, ['收入项目', '预算数', '按支出用途分类', '预算数']),
      ...rows.flatMap((r, i) => line(i + 1, r)),
    ]),
  );
}

describe('西安 总表 by 支出用途 under a heading with no figure', () => {
  it('keeps each "(1)" row under its "1、" row and reads wrapped label ends as no figure', () => {
    const doc = normalizeDocument({ blocks: xianSummary() });
    const t = doc.tables[0]!;
    const row = (label: string, n = 0) => t.rows.filter((r) => r.label.startsWith(label))[n]!;
    expect(row('(1)工资福利支出').parent).toBe(row('1、人员经费和公用经费支').id);
    expect(row('(4)资本性支出').parent).toBe(row('2、专项业务经费支出').id);
    expect(row('(2)对个人和家庭的补').cells['amount']).toMatchObject({ raw: '助', blank: true, value: null });
    const states = collectIdentities(t ? [t] : []).map((i) => evaluate(i)?.state);
    expect(states.length).toBeGreaterThan(3);
    expect(states.every((s) => s === 'holds')).toBe(true);
    expect(validateDocument(doc).filter((a) => a.severity !== 'info')).toEqual([]);
  });

  it('so a changed item is an error of its group', () => {
    const errors = validateDocument(normalizeDocument({ blocks: xianSummary('1,843.69') })).filter(
      (a) => a.severity === 'error',
    );
    expect(errors.map((a) => a.rule)).toContain('hierarchy_sum');
  });
});
