/**
 * Calibrated severity: tolerance from the printed precision, one structure warning instead of a cascade, one
 * anomaly per repaired fact, header text never reported as an unreadable number.
 */
import { describe, expect, it } from 'vitest';
import type { Block } from '../model/index.js';
import { normalizeDocument } from '../normalize/index.js';
import { pagedGrid as paged, titled } from '../../test/support/grids.js';
import { validateDocument } from './validate.js';

function check(blocks: Block[]) {
  const doc = normalizeDocument({ blocks });
  return { doc, anomalies: validateDocument(doc) };
}

const HEADER = [['科目编码', '科目名称', '本年支出合计', '基本支出', '项目支出']];

describe('tolerance from the printed precision', () => {
  it('a whole-元 table allows ±0.5 元 per printed figure: a 1-元 gap is a rounding note, not an error', () => {
    const { anomalies } = check(
      titled(
        '支出决算表',
        [
          ...HEADER,
          ['', '合计', '1,000,001', '600,000', '400,000'],
          ['201', '一般公共服务支出', '1,000,001', '600,000', '400,000'],
        ],
        'g0',
        '单位：元',
      ),
    );
    expect(anomalies.filter((a) => a.severity === 'error')).toEqual([]);
    const note = anomalies.find((a) => a.rule === 'row_identity' && a.row === 'total');
    expect(note).toMatchObject({ severity: 'info', difference: 1 });
  });

  it('a gap beyond the rounding of a table printed to 0.01 is an error', () => {
    const { anomalies } = check(
      titled('支出决算表', [
        ...HEADER,
        ['', '合计', '100.05', '60.00', '40.00'],
        ['201', '一般公共服务支出', '100.05', '60.00', '40.00'],
      ]),
    );
    expect(anomalies.some((a) => a.rule === 'row_identity' && a.severity === 'error')).toBe(true);
  });

  it('a figure printed with fewer decimals than its table (a narrow spreadsheet column) rounds to its own digit', () => {
    const { anomalies } = check(
      titled(
        '支出决算表',
        [
          ...HEADER,
          ['', '合计', '936647884.3', '47137884.33', '889510000.00'],
          ['201', '一般公共服务支出', '936647884.33', '47137884.33', '889510000.00'],
        ],
        'g0',
        '单位：元',
      ),
    );
    expect(anomalies.filter((a) => a.severity === 'error')).toEqual([]);
  });

  it('gives no note for a gap of zero', () => {
    const { anomalies } = check(
      titled('支出决算表', [
        ...HEADER,
        ['', '合计', '0.30', '0.10', '0.20'],
        ['201', '一般公共服务支出', '0.30', '0.10', '0.20'],
      ]),
    );
    expect(anomalies.filter((a) => /相差 0[^.\d]/.test(a.message))).toEqual([]);
    expect(anomalies).toEqual([]);
  });
});

describe('structure confidence', () => {
  it('a table whose header was read as data gets one structure warning, no arithmetic errors, no suggestions', () => {
    // Header words in the figure columns and every sum failing: the reading is wrong, not the document.
    const { anomalies } = check(
      titled('支出决算表', [
        ...HEADER,
        ['', '合计', '项目', '本年支出', '预算数'],
        ['201', '一般公共服务支出', '基本支出', '项目支出', '合计'],
        ['20101', '人大事务', '50.00', '10.00', '3.00'],
        ['20102', '政协事务', '70.00', '1.00', '2.00'],
        ['20103', '政府办公厅', '90.00', '4.00', '5.00'],
        ['2010301', '行政运行', '33.00', '8.00', '1.00'],
      ]),
    );
    expect(anomalies.filter((a) => a.severity === 'error')).toEqual([]);
    expect(anomalies.filter((a) => a.suggestion)).toEqual([]);
    const s = anomalies.filter((a) => a.rule === 'structure_suspect');
    expect(s).toHaveLength(1);
    expect(s[0]?.message).toMatch(/结构识别可信度低/);
    // Header and label text is never reported as an unreadable number.
    expect(anomalies.filter((a) => a.rule === 'parse_error')).toEqual([]);
  });

  it("an indicator's comparison sign shifted into a figure column is no unreadable number", () => {
    // A page whose columns came out one place left puts 指标 signs (≥, ＝) under 金额: a structure problem.
    const { anomalies } = check(
      titled('支出决算表', [
        ...HEADER,
        ['', '合计', '0.30', '0.10', '0.20'],
        ['201', '一般公共服务支出', '0.30', '0.10', '0.20'],
        ['20101', '人大事务', '≥', '＝', ''],
      ]),
    );
    expect(anomalies.filter((a) => a.rule === 'parse_error')).toEqual([]);
  });

  it('a figure the text states is not compared with a table read with low confidence', () => {
    const rows = [
      ...HEADER,
      ['', '合计', '项目', '本年支出', '预算数'],
      ['201', '一般公共服务支出', '基本支出', '项目支出', '合计'],
      ['20101', '人大事务', '50.00', '10.00', '3.00'],
      ['20102', '政协事务', '70.00', '1.00', '2.00'],
      ['20103', '政府办公厅', '90.00', '4.00', '5.00'],
      ['2010301', '行政运行', '33.00', '8.00', '1.00'],
    ];
    const said = (table: string[][]) =>
      check([
        ...titled('一般公共预算财政拨款支出决算表', table),
        {
          kind: 'text',
          text: '主要用于：人大事务（20101）99.00万元。',
          source: { line: { start: 9, end: 9 } },
        },
      ]).anomalies.filter((a) => a.rule === 'narrative_mismatch');
    expect(said(rows)).toEqual([]);
    // The same table read well: the text's 99.00 against its 50.00 is a warning.
    const good = [
      ...HEADER,
      ['', '合计', '50.00', '40.00', '10.00'],
      ['201', '一般公共服务支出', '50.00', '40.00', '10.00'],
      ['20101', '人大事务', '50.00', '40.00', '10.00'],
    ];
    expect(said(good).map((a) => a.row)).toEqual(['c20101']);
  });

  it('a well-read table with one wrong figure still gets its error and suggestion', () => {
    const { anomalies } = check(
      titled('支出决算表', [
        ...HEADER,
        ['', '合计', '30.00', '20.00', '10.00'],
        ['201', '一般公共服务支出', '30.00', '20.00', '10.00'],
        ['20101', '人大事务', '10.00', '5.00', '5.00'],
        ['20102', '政协事务', '20.00', '51.00', '5.00'],
      ]),
    );
    expect(anomalies.some((a) => a.rule === 'structure_suspect')).toBe(false);
    const e = anomalies.find((a) => a.severity === 'error' && a.suggestion);
    expect(e?.suggestion).toMatchObject({ row: 'c20102', column: 'basic', value: 15 });
  });
});

describe('one anomaly per fact', () => {
  it('one repair that restores several identities is one anomaly, listing the cells of each', () => {
    const { anomalies } = check(
      titled('支出决算表', [
        ...HEADER,
        ['', '合计', '20.59', '18.57', '2.02'],
        ['2010401', '行政运行', '10.00', '10.00', '0'],
        ['2159999', '其他资源勘探工业信息等支出', '10.59', '85715.09', '2.02'],
      ]),
    );
    const withRepair = anomalies.filter((a) => a.suggestion?.value === 8.57);
    expect(withRepair).toHaveLength(1);
    expect(withRepair[0]?.suggestion?.restores.length).toBeGreaterThanOrEqual(2);
    // The column total's cells are listed on the one anomaly.
    expect(withRepair[0]?.related).toEqual(
      expect.arrayContaining([expect.objectContaining({ row: 'total', column: 'basic' })]),
    );
    expect(new Set(anomalies.map((a) => a.id)).size).toBe(anomalies.length);
  });
});

/** The 总表's title printed at the top of a page (each page of a table over pages repeats it). */
const summaryTitle = (page: number): Block => ({
  kind: 'text',
  text: '部门综合预算收支总表',
  source: { page, bbox: { x0: 0, y0: 0, x1: 50, y1: 8 } },
});

describe('tables across pages', () => {
  const header = ['科目编码', '科目名称', '本年支出合计', '基本支出', '项目支出'];
  const title = (line: number): Block => ({
    kind: 'text',
    text: '支出决算表',
    source: { page: line, bbox: { x0: 0, y0: 0, x1: 50, y1: 8 } },
  });
  const unit = (line: number): Block => ({
    kind: 'text',
    text: '单位：万元',
    source: { page: line, bbox: { x0: 0, y0: 9, x1: 50, y1: 16 } },
  });

  it('a table whose title and header repeat on the next page is one table, and its sums run over both parts', () => {
    const blocks: Block[] = [
      title(1),
      unit(1),
      {
        kind: 'grid',
        grid: paged('g0', 1, [
          header,
          ['', '合计', '60.00', '30.00', '30.00'],
          ['201', '一般公共服务支出', '20.00', '10.00', '10.00'],
        ]),
      },
      title(2),
      unit(2),
      { kind: 'grid', grid: paged('g1', 2, [header, ['205', '教育支出', '40.00', '20.00', '20.00']]) },
    ];
    const { doc, anomalies } = check(blocks);
    const tables = doc.tables.filter((t) => t.type === 'expenditure');
    expect(tables).toHaveLength(1);
    expect(tables[0]?.rows.map((r) => r.id)).toEqual(['total', 'c201', 'c205']);
    expect(tables[0]?.rows[2]?.source.page).toBe(2);
    // 合计 = 201 + 205 holds only over both pages.
    expect(anomalies.filter((a) => a.severity === 'error')).toEqual([]);
  });

  it('a table over three pages with its 合计 at the foot of the last is one table (西安 收支总表)', () => {
    const head = ['项目', '预算数', '支出功能分类科目', '预算数'];
    const blocks: Block[] = [
      summaryTitle(1),
      {
        kind: 'grid',
        grid: paged('g0', 1, [head, ['一、部门预算', '60.00', '1、一般公共服务支出', '20.00']]),
      },
      summaryTitle(2),
      { kind: 'grid', grid: paged('g1', 2, [head, ['', '', '2、教育支出', '30.00']]) },
      summaryTitle(3),
      {
        kind: 'grid',
        grid: paged('g2', 3, [
          head,
          ['', '', '3、住房保障支出', '10.00'],
          ['本年收入合计', '60.00', '本年支出合计', '60.00'],
          ['收入总计', '60.00', '支出总计', '60.00'],
        ]),
      },
    ];
    const { doc, anomalies } = check(blocks);
    const tables = doc.tables.filter((t) => t.type === 'budget_summary');
    expect(tables).toHaveLength(1);
    expect(tables[0]?.pages).toEqual([1, 2, 3]);
    expect(anomalies.filter((a) => a.severity === 'error')).toEqual([]);
  });

  it('a 总表 whose totals fall on both sides of the page break is one table (本年收入合计 above, 收入总计 below)', () => {
    const head = ['项目', '预算数', '支出功能分类', '预算数'];
    const blocks: Block[] = [
      summaryTitle(1),
      {
        kind: 'grid',
        grid: paged('g0', 1, [
          head,
          ['一般公共预算拨款', '60.00', '一般公共服务支出', '60.00'],
          ['本年收入合计', '60.00', '本年支出合计', '60.00'],
        ]),
      },
      summaryTitle(2),
      {
        kind: 'grid',
        grid: paged('g1', 2, [
          head,
          ['上年实户资金余额', '5.00', '未安排支出的实户资金', '5.00'],
          ['收入总计', '65.00', '支出总计', '65.00'],
        ]),
      },
    ];
    const { doc, anomalies } = check(blocks);
    const tables = doc.tables.filter((t) => t.type === 'budget_summary');
    expect(tables).toHaveLength(1);
    // 收入总计 = 本年收入合计 + 上年实户资金余额, 支出总计 = 本年支出合计 + 未安排支出的实户资金 (西安).
    expect(anomalies.filter((a) => a.severity === 'error')).toEqual([]);
    const broken = check(
      blocks.map((b) =>
        b.kind === 'grid' && b.grid.id === 'g1'
          ? {
              ...b,
              grid: paged('g1', 2, [
                head,
                ['上年实户资金余额', '5.00', '未安排支出的实户资金', '5.00'],
                ['收入总计', '66.00', '支出总计', '65.00'],
              ]),
            }
          : b,
      ),
    );
    expect(broken.anomalies.some((a) => a.severity === 'error' && a.rule === 'column_sum')).toBe(true);
    // A 总表 already finished (its 总计 printed) is not continued by the next page's table with totals of its own.
    const finished = check([
      summaryTitle(1),
      {
        kind: 'grid',
        grid: paged('g0', 1, [
          head,
          ['一般公共预算拨款', '60.00', '一般公共服务支出', '60.00'],
          ['本年收入合计', '60.00', '本年支出合计', '60.00'],
          ['收入总计', '60.00', '支出总计', '60.00'],
        ]),
      },
      {
        kind: 'grid',
        grid: paged('g1', 2, [
          head,
          ['一般公共预算拨款', '5.00', '一般公共服务支出', '5.00'],
          ['合计', '5.00', '合计', '5.00'],
        ]),
      },
    ]);
    expect(finished.doc.tables.filter((t) => t.type === 'budget_summary')[0]?.pages).toEqual([1]);
  });

  it('a year misprinted in the heading of the second page does not split the table', () => {
    const yearTitle = (page: number, year: string): Block => ({
      kind: 'text',
      text: `${year}年部门综合预算一般公共预算基本支出明细表`,
      source: { page, bbox: { x0: 0, y0: 0, x1: 50, y1: 8 } },
    });
    const blocks: Block[] = [
      yearTitle(1, '2022'),
      {
        kind: 'grid',
        grid: paged('g0', 1, [
          ['功能科目编码', '功能科目名称', '合计', '人员经费支出', '公用经费支出'],
          ['', '合计', '60.00', '50.00', '10.00'],
          ['208', '社会保障和就业支出', '20.00', '20.00', ''],
        ]),
      },
      yearTitle(2, '2021'),
      {
        kind: 'grid',
        grid: paged('g1', 2, [
          ['功能科目编码', '功能科目名称', '合计', '人员经费支出', '公用经费支出'],
          ['224', '灾害防治及应急管理支出', '40.00', '30.00', '10.00'],
        ]),
      },
    ];
    const { doc, anomalies } = check(blocks);
    expect(doc.tables.filter((t) => t.type === 'budget_basic_expenditure')).toHaveLength(1);
    // The wrong year is the one fault: no sum fails for want of the other part.
    const errors = anomalies.filter((a) => a.severity === 'error');
    expect(errors.map((a) => a.rule)).toEqual(['metadata_mismatch']);
  });

  it('two parts that each carry their own 合计 stay two tables (the next unit, not a continuation)', () => {
    const blocks: Block[] = [
      title(1),
      {
        kind: 'grid',
        grid: paged('g0', 1, [
          header,
          ['', '合计', '20.00', '10.00', '10.00'],
          ['201', '一般公共服务支出', '20.00', '10.00', '10.00'],
        ]),
      },
      title(2),
      {
        kind: 'grid',
        grid: paged('g1', 2, [
          header,
          ['', '合计', '40.00', '20.00', '20.00'],
          ['205', '教育支出', '40.00', '20.00', '20.00'],
        ]),
      },
    ];
    const { doc } = check(blocks);
    expect(doc.tables.filter((t) => t.type === 'expenditure')).toHaveLength(2);
  });
});
