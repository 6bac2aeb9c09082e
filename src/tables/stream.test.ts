import { describe, expect, it } from 'vitest';
import type { TextSpan } from '../model/index.js';
import { findStreamRegions, regridInColumns, streamGrid } from './stream.js';
import { splitAtWideSpaces } from './text-lines.js';

const SIZE = 9;
const PAGE_WIDTH = 595;

/** A text run with its box as printed. */
function span(text: string, x0: number, x1: number, y0: number, size = SIZE): TextSpan {
  return {
    text,
    page: 1,
    bbox: { x0, y0, x1, y1: y0 + size },
    fontSize: size,
    confidence: 1,
    origin: 'native',
  };
}

/** Spans of one font size, as one page prints its table: s(text, x0, x1, y0). */
function sized(size: number): (text: string, x0: number, x1: number, y0: number) => TextSpan {
  return (text, x0, x1, y0) => span(text, x0, x1, y0, size);
}

/** One printed line: each [text, x0, x1] a span at y. */
function line(y: number, cells: ReadonlyArray<readonly [string, number, number]>): TextSpan[] {
  return cells.map(([t, x0, x1]) => span(t, x0, x1, y));
}

/** One text run at x0 on the line at y0; ideographs are 1 em wide, the rest ½ em. Right-aligned at x when `right`. */
function run(text: string, x: number, y0: number, right = false): TextSpan {
  const w = [...text].reduce((a, ch) => a + (/[\u3000-\u9fff\uff00-\uffef]/u.test(ch) ? 1 : 0.5), 0) * SIZE;
  const x0 = right ? x - w : x;
  return span(text, x0, x0 + w, y0);
}

/** A row: a label at 60, figures right-aligned at 300 and 450. */
const row = (label: string, a: string, b: string, y: number): TextSpan[] => [
  run(label, 60, y),
  run(a, 300, y, true),
  run(b, 450, y, true),
];

/** A header run centred at cx. */
function centred(text: string, cx: number, y: number): TextSpan {
  const w = run(text, 0, y);
  return run(text, cx - (w.bbox.x1 - w.bbox.x0) / 2, y);
}

describe('unruled tables found from their text', () => {
  it('bridges the gap that unprinted empty rows leave above the 合计 row', () => {
    const spans = [
      ...row('项目', '本年收入', '本年支出', 100),
      ...row('一般公共服务支出', '1,234.56', '1,200.00', 114),
      ...row('教育支出', '100.00', '34.56', 128),
      // Eight empty rows, then the totals in the same columns.
      ...row('合计', '1,334.56', '1,234.56', 128 + 9 * 14),
    ];
    const regions = findStreamRegions(spans, PAGE_WIDTH);
    expect(regions).toHaveLength(1);
    expect(regions[0]!.map((s) => s.text)).toContain('合计');
  });

  it('does not bridge a gap to a line whose columns differ', () => {
    const spans = [
      ...row('项目', '本年收入', '本年支出', 100),
      ...row('一般公共服务支出', '1,234.56', '1,200.00', 114),
      ...row('教育支出', '100.00', '34.56', 128),
      run('注：', 60, 128 + 9 * 14),
      run('12.00', 200, 128 + 9 * 14, true),
    ];
    const regions = findStreamRegions(spans, PAGE_WIDTH);
    expect(regions).toHaveLength(1);
    expect(regions[0]!.map((s) => s.text)).not.toContain('注：');
  });

  it('keeps a 三公 table of one row under its header', () => {
    const cols = [120, 200, 280, 360, 440];
    const header = ['合计', '因公出国(境)费', '公务用车购置费', '公务用车运行费', '公务接待费'];
    const spans = [
      ...header.map((h, i) => run(h, cols[i]! - 60, 100)),
      ...['12.30', '0.00', '0.00', '10.00', '2.30'].map((f, i) => run(f, cols[i]!, 114, true)),
    ];
    expect(findStreamRegions(spans, PAGE_WIDTH)).toHaveLength(1);
  });

  it('keeps the header of an empty table ("本单位无政府性基金预算")', () => {
    const header = (texts: string[], y: number): TextSpan[] => texts.map((t, i) => run(t, 60 + i * 120, y));
    const spans = [
      ...header(['项目', '本年拨款', '本年支出'], 100),
      ...header(['功能分类科目', '合计', '基本支出'], 114),
      ...header(['科目编码', '科目名称', '项目支出'], 128),
    ];
    expect(findStreamRegions(spans, PAGE_WIDTH)).toHaveLength(1);
    // Two of its lines are one too: a table's own words (项目, 合计) head it (北京's empty 预算08表: 功能分类科目 | 预算数
    // over 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出).
    expect(findStreamRegions(spans.slice(0, 6), PAGE_WIDTH)).toHaveLength(1);
    // Two lines of a heading list are no table.
    const headings = [
      ...header(['一、部门职能', '二、机构设置', '三、预算说明'], 100),
      ...header(['四、收支情况', '五、项目情况', '六、名词解释'], 114),
    ];
    expect(findStreamRegions(headings, PAGE_WIDTH)).toHaveLength(0);
  });
});

describe('a one-row table under a header of several levels', () => {
  /** A header run centred over [x0, x1]. */
  const over = (text: string, x0: number, x1: number, y: number): TextSpan => centred(text, (x0 + x1) / 2, y);
  // The columns of a 三公 table as printed with rules (上海 2026): 合计 | 因公出国(境)费 | 公务接待费 | 小计 购置费 运行费
  // (under 公务用车购置及运行费) | 机关运行经费; figures right-aligned, the 因公出国(境)费 cell empty.
  const xs = [40, 110, 190, 260, 330, 400, 470, 560];
  const spans = [
    over('“三公”经费预算数', xs[0]!, xs[6]!, 100),
    over('公务用车购置及运行费', xs[3]!, xs[6]!, 114),
    over('机关运行经费预算数', xs[6]!, xs[7]!, 114),
    over('合计', xs[0]!, xs[1]!, 121),
    over('因公出国(境)费', xs[1]!, xs[2]!, 121),
    over('公务接待费', xs[2]!, xs[3]!, 121),
    over('小计', xs[3]!, xs[4]!, 128),
    over('购置费', xs[4]!, xs[5]!, 128),
    over('运行费', xs[5]!, xs[6]!, 128),
    ...(
      [
        ['30.75', 1],
        ['2.50', 3],
        ['28.25', 4],
        ['20.00', 5],
        ['8.25', 6],
        ['1,547.40', 7],
      ] as const
    ).map(([f, c]) => run(f, xs[c]! - 4, 142, true)),
  ];
  const grid = streamGrid(1, spans, { x0: xs[0]!, y0: 100, x1: xs[7]!, y1: 151 })!;
  const at = (text: string) => grid.cells.find((c) => c.text === text)!;

  it('gives each figure the column of its header, the empty column kept', () => {
    expect(grid.nCols).toBe(7);
    expect(
      ['合计', '因公出国(境)费', '公务接待费', '小计', '购置费', '运行费', '机关运行经费预算数'].map(
        (t) => at(t).col,
      ),
    ).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(['30.75', '2.50', '28.25', '20.00', '8.25', '1,547.40'].map((t) => at(t).col)).toEqual([
      0, 2, 3, 4, 5, 6,
    ]);
  });

  it('spans a centred header over the columns it is centred on', () => {
    expect([at('“三公”经费预算数').col, at('“三公”经费预算数').colSpan]).toEqual([0, 6]);
    expect([at('公务用车购置及运行费').col, at('公务用车购置及运行费').colSpan]).toEqual([3, 3]);
    expect(at('合计').colSpan).toBe(1);
  });
});

describe('columns and rows that alignment alone hides', () => {
  // 西安 2026 (部门经济科目 | 名称 | 政府经济科目 …): the longest labels end 7 pt before the next column's codes, so
  // label and code are one chunk; the first column's code is set 6 pt below its row where the label wraps.
  const spans = [
    run('30101', 120, 106),
    run('工资福利支出', 174, 100),
    run('50101', 244, 100),
    run('100.00', 400, 100, true),
    run('30108', 120, 120),
    run('位基本养老保险', 174, 120),
    run('50102', 244, 120),
    run('200.00', 400, 120, true),
    run('30103', 120, 146),
    run('奖金', 174, 140),
    run('50501', 244, 140),
    run('300.00', 400, 140, true),
  ];
  const grid = streamGrid(1, spans)!;
  const at = (text: string) => grid.cells.find((c) => c.text === text);

  it('finds the column that starts just after the longest labels', () => {
    expect(grid.nCols).toBe(4);
    expect(at('位基本养老保险')?.col).toBe(1);
    expect(['50101', '50102', '50501'].map((t) => at(t)?.col)).toEqual([2, 2, 2]);
  });

  it('keeps a code set a little below its row in that row', () => {
    expect(grid.nRows).toBe(3);
    expect(['30101', '30108', '30103'].map((t) => at(t)?.row)).toEqual([0, 1, 2]);
    expect(at('30101')?.row).toBe(at('工资福利支出')?.row);
  });
});

describe('a header centred over its columns, beside headers printed across both header rows', () => {
  // 烟台 2026 一般公共预算支出情况表 without rules: 科目名称 | 合计 | 基本支出 (小计 人员支出 日常公用支出) | 项目支出; 合计
  // and 项目支出 set at the middle of both header rows, 基本支出 centred over its three columns and so over 人员支出 too.
  const right = [200, 270, 340, 410, 480, 550];
  const centreOf = (c: number) => right[c]! - 30;
  const spans = [
    run('科目名称', 60, 105),
    centred('合计', centreOf(1), 105),
    centred('基本支出', centreOf(3), 98),
    centred('项目支出', centreOf(5), 105),
    centred('小计', centreOf(2), 112),
    centred('人员支出', centreOf(3), 112),
    centred('日常公用支出', centreOf(4), 112),
    ...[
      ['合计', '300.00', '200.00', '150.00', '50.00', '100.00'],
      ['教育支出', '100.00', '60.00', '50.00', '10.00', '40.00'],
      ['住房保障支出', '200.00', '140.00', '100.00', '40.00', '60.00'],
    ].flatMap((r, i) => [
      run(r[0]!, 60, 130 + 14 * i),
      ...r.slice(1).map((f, c) => run(f, right[c + 1]!, 130 + 14 * i, true)),
    ]),
  ];
  const grid = streamGrid(1, spans)!;
  const at = (text: string) => grid.cells.find((c) => c.text === text)!;

  it('spans it over its own columns, not over the siblings its centre is also the centre of', () => {
    expect([at('小计').col, at('人员支出').col, at('日常公用支出').col]).toEqual([2, 3, 4]);
    expect([at('基本支出').col, at('基本支出').colSpan]).toEqual([2, 3]);
    expect(at('项目支出').colSpan).toBe(1);
  });
});

describe('a header wider than the gutter before its right-aligned figures', () => {
  // 烟台 2026 p13 without rules: "日常公用支出" (598–652) reaches 15 pt past the gutter (613) between 1,281.90 and 82.41.
  const spans = [
    run('科目名称', 175, 100),
    run('人员支出', 522, 100),
    run('日常公用支出', 598, 100),
    run('项目支出', 692, 100),
    ...[
      ['合计', '1,281.90', '82.41', '6,039.00'],
      ['教育支出', '281.90', '12.41', '39.00'],
      ['住房保障支出', '1,000.00', '70.00', '6,000.00'],
    ].flatMap(([label, a, b, c], i) => [
      run(label!, 175, 120 + 14 * i),
      run(a!, 581.6, 120 + 14 * i, true),
      run(b!, 666.5, 120 + 14 * i, true),
      run(c!, 751.3, 120 + 14 * i, true),
    ]),
  ];
  it('stays in the column of its centre, apart from the header before it', () => {
    const grid = streamGrid(1, spans)!;
    const at = (text: string) => grid.cells.find((c) => c.text === text);
    expect(at('人员支出')?.col).toBe(at('1,281.90')?.col);
    expect(at('日常公用支出')?.col).toBe(at('82.41')?.col);
    expect(at('日常公用支出')?.colSpan).toBe(1);
  });
});

describe('a header printed alone above the rest of the header, wider than its own column', () => {
  // 北京 2026 预算09表 without its rules: 公务用车购置及运行维护费 sits alone above the other headers, 6 pt right of the
  // middle of 小计 | 公务用车购置费 | 公务用车运行维护费, and wider than the column its centre falls in.
  const spans = [
    run('预算09表 财政拨款“三公”经费支出表', 315, 98.9),
    run('金额单位：万元', 638.9, 121.6),
    run('公务用车购置及运行维护费', 500, 143.4),
    run('“三公”经费财政', 143.1, 159.1),
    run('因公出国（境）费', 233.5, 159.1),
    run('公务接待费', 339, 165.2),
    run('拨款预算总额', 153.2, 171.5),
    run('用', 268.9, 171.5),
    run('小计', 444.6, 176.8),
    run('公务用车购置费', 509.6, 176.8),
    run('公务用车运行维护费', 601.3, 176.8),
    run('15.617846', 227.2, 208.3, true),
    run('0.100000', 407.9, 208.3, true),
    run('15.517846', 498.2, 208.3, true),
    run('15.517846', 701.8, 208.3, true),
  ];
  const regions = findStreamRegions(spans, PAGE_WIDTH);

  it('is the first header row of the table, the title and the 单位 line are not', () => {
    expect(regions).toHaveLength(1);
    const texts = regions[0]!.map((s) => s.text);
    expect(texts).toContain('公务用车购置及运行维护费');
    expect(texts).not.toContain('金额单位：万元');
    expect(texts).not.toContain('预算09表 财政拨款“三公”经费支出表');
  });

  it('spans the narrowest run of columns that holds it', () => {
    const region = regions[0]!;
    const box = {
      x0: Math.min(...region.map((s) => s.bbox.x0)),
      y0: Math.min(...region.map((s) => s.bbox.y0)),
      x1: Math.max(...region.map((s) => s.bbox.x1)),
      y1: Math.max(...region.map((s) => s.bbox.y1)),
    };
    const grid = streamGrid(1, region, box)!;
    const at = (text: string) => grid.cells.find((c) => c.text === text)!;
    const head = at('公务用车购置及运行维护费');
    expect([head.col, head.colSpan]).toEqual([at('小计').col, 3]);
    expect(at('公务用车运行维护费').col).toBe(at('小计').col + 2);
  });
});

describe('two header words printed apart on one line', () => {
  // 烟台 2026 公开表6 without its rules, boxes as printed: 日常公用支出 is wider than the column of its figures and
  // reaches back into the gutter after 人员支出's.
  const box = (text: string, x0: number, x1: number, y0: number): TextSpan => span(text, x0, x1, y0, 9.4);
  const body = (
    label: string,
    y: number,
    figures: ReadonlyArray<readonly [string, number, number]>,
  ): TextSpan[] => [
    box(label, 173.8, 173.8 + 9.4 * label.length, y),
    ...figures.map(([f, x0, x1]) => box(f, x0, x1, y)),
  ];
  const spans = [
    box('部门（单位）：烟台市统计局', 117.2, 227.4, 71.3),
    box('单位：万元', 682.4, 724.8, 71.3),
    box('科目编码', 124.6, 162.3, 89.3),
    box('部门预算支出经济分类科目名称', 174.7, 306.7, 98.5),
    box('基本支出预算', 587.2, 643.7, 89.3),
    box('小计', 531.8, 550.6, 107.7),
    box('人员支出', 596.6, 634.3, 107.7),
    box('日常公用支出', 661.4, 718.0, 107.7),
    ...body('合计', 126.8, [
      ['1,704.12', 546.1, 576.3],
      ['1,573.37', 620.4, 650.6],
      ['130.75', 702.2, 724.8],
    ]),
    ...[145.1, 163.5, 181.9, 200.3, 218.7, 237.1].flatMap((y, i) =>
      body(`工资福利${i}`, y, [
        ['705.28', 553.7, 576.3],
        ['705.28', 627.9, 650.6],
      ]),
    ),
    ...body('商品和服务支出', 255.4, [
      ['130.75', 553.7, 576.3],
      ['130.75', 702.2, 724.8],
    ]),
  ];
  const grid = streamGrid(1, spans, { x0: 117, y0: 71, x1: 725, y1: 265 })!;
  const cell = (text: string) => grid.cells.find((c) => c.text === text)!;

  it('are two cells, each over its own figures', () => {
    expect([cell('人员支出').col, cell('人员支出').colSpan]).toEqual([cell('1,573.37').col, 1]);
    expect(cell('日常公用支出').col).toBe(cell('130.75').col);
  });
});

describe('西安 2026 tables printed without their rules', () => {
  // 应急管理局 p7 as printed: a header of two lines (专项业务经费支 / 出) centred beside headers of one, the 单位 line to
  // its right; a 栏次 line of marks and numbers centred under the headers while the figures are right-aligned; labels
  // wrapped with the code and figures centred between their lines, the last one at the foot of the table.
  const spans = [
    span('单位：万元', 708.7, 753.7, 87.3),
    span('专项业务经费支', 625.5, 696.0, 98.6),
    span('功能科目编码', 139.5, 199.8, 104.7),
    span('功能科目名称', 289.6, 350.0, 104.7),
    span('合计', 417.7, 437.7, 104.7),
    span('人员经费支出', 477.3, 537.7, 104.7),
    span('公用经费支出', 554.1, 614.5, 104.7),
    span('备注', 717.6, 737.6, 104.7),
    span('出', 655.8, 665.7, 111.0),
    ...(
      [
        ['**', 165.1, 174.2],
        ['**', 315.2, 324.4],
        ['1', 425.5, 430.0],
        ['2', 505.3, 509.8],
        ['3', 582.1, 586.6],
        ['4', 658.9, 663.4],
        ['**', 723.1, 732.2],
      ] as const
    ).map(([t, x0, x1]) => span(t, x0, x1, 127.3)),
    span('合计', 254.6, 272.6, 147.6),
    span('3,643.37', 430.8, 467.2, 147.6),
    span('1,839.51', 507.6, 544.0, 147.6),
    span('182.88', 593.5, 620.8, 147.6),
    span('1,620.98', 661.2, 697.6, 147.6),
    span('208', 162.5, 176.1, 167.9),
    span('社会保障和就业支出', 254.6, 335.6, 167.9),
    span('115.11', 439.9, 467.2, 167.9),
    span('83.06', 521.2, 544.0, 167.9),
    span('32.05', 598.1, 620.8, 167.9),
    span('机关事业单位基本养老保险缴费', 254.6, 380.6, 185.2),
    span('2080505', 153.4, 185.2, 190.9),
    span('81.23', 444.4, 467.2, 190.9),
    span('81.23', 521.2, 544.0, 190.9),
    span('支出', 254.6, 272.6, 196.5),
    span('机关事业单位职业年金缴', 254.6, 353.6, 210.1),
    span('2080506', 153.4, 185.2, 215.6),
    span('32.05', 444.4, 467.2, 215.6),
    span('32.05', 598.1, 620.8, 215.6),
    span('费', 254.6, 263.6, 221.2),
  ];
  const regions = findStreamRegions(spans, 842);
  const grid = streamGrid(1, regions[0]!)!;
  const at = (text: string) => grid.cells.find((c) => c.text === text)!;
  const rowOf = (text: string) => grid.cells.filter((c) => c.row === at(text).row);

  it('takes the header line that starts above the rest, and the wrapped label at its foot', () => {
    expect(regions).toHaveLength(1);
    const texts = regions[0]!.map((s) => s.text);
    expect(texts).toContain('专项业务经费支');
    expect(texts).toContain('费');
    expect(texts).not.toContain('单位：万元');
  });

  it('gives a 栏次 number no column of its own beside the right-aligned figures', () => {
    expect(at('182.88').col).toBe(at('公用经费支出').col);
    expect(at('3').col).toBe(at('182.88').col);
    expect(at('1,620.98').col).toBe(at('4').col);
  });

  it('keeps the empty 备注 column its mark stands under', () => {
    expect(at('备注').col).toBe(at('1,620.98').col + 1);
    expect(grid.cells.some((c) => c.col === at('备注').col && /\d/.test(c.text) && c.text !== '**')).toBe(
      false,
    );
  });

  it('reads a label wrapped around its code and figures as one row', () => {
    expect(rowOf('2080505').map((c) => c.text)).toContain('机关事业单位基本养老保险缴费\n支出');
    expect(rowOf('2080505').filter((c) => c.text === '81.23')).toHaveLength(2);
    expect(rowOf('2080506').map((c) => c.text)).toContain('机关事业单位职业年金缴\n费');
  });
});

describe('a label of three lines, the figures beside the middle one', () => {
  // 民政局 p43: 西安市 / 第一社会福 / 利院, the line number and figures on the middle line, the unit code lower still.
  const s = sized(7.5);
  const spans = [
    s('序号', 100, 112, 150),
    s('单位编码', 120, 150, 150),
    s('单位名称', 160, 190, 150),
    s('合计', 250, 265, 150),
    s('基本支出', 305, 335, 150),
    s('1', 104.7, 108.9, 167.7),
    s('合计', 166.8, 181.8, 167.7),
    s('872,031,967.20', 228, 280, 167.7),
    s('872,031,967.20', 288, 340, 167.7),
    s('西安市', 166.8, 189.3, 202.3),
    s('2', 104.7, 108.9, 205.9),
    s('526,977,483.30', 228, 280, 205.9),
    s('526,977,483.30', 288, 340, 205.9),
    s('241001', 120.0, 144.9, 210.8),
    s('民政局', 166.8, 189.3, 211.7),
    s('西安市', 166.8, 189.3, 221.6),
    s('3', 104.7, 108.9, 230.0),
    s('50,382,972.25', 232, 280, 230.0),
    s('50,382,972.25', 292, 340, 230.0),
    s('第一社会福', 151.8, 189.3, 231.0),
    s('241002', 120.0, 144.9, 234.8),
    s('利院', 151.8, 166.7, 240.4),
    s('4', 104.7, 108.9, 253.0),
    s('241003', 120.0, 144.9, 253.0),
    s('西安市按摩', 151.8, 189.3, 253.0),
    s('45,001,295.90', 232, 280, 253.0),
    s('45,001,295.90', 292, 340, 253.0),
  ];
  const grid = streamGrid(1, spans)!;
  const at = (text: string) => grid.cells.find((c) => c.text === text);

  it('is one row: its number, its code, its whole label and its figures', () => {
    const row = grid.cells.filter((c) => c.row === at('241002')?.row).map((c) => c.text);
    expect(row).toContain('3');
    expect(row).toContain('50,382,972.25');
    expect(row.some((t) => t.replace(/\n/g, '') === '西安市第一社会福利院')).toBe(true);
    expect(grid.nRows).toBe(5);
  });
});

describe('an aligned-text page read again in the columns of the page before', () => {
  // 应急管理局 p12 under the columns of p10: a code set 3 pt before its label, and a label 4 pt longer than any on
  // p10, so it runs over p10's boundary before the 政府经济科目编码 column but not into that column.
  const before = [77.1, 159.5, 242.5, 289.5, 406.5, 494.0, 579.5, 655.5, 724.0, 753.5];
  const spans = [
    ...line(63.3, [
      ['30113', 135, 157.8],
      ['住房公积金', 179.4, 224.4],
      ['50501', 250.8, 273.6],
      ['工资福利支出', 304.9, 358.9],
      ['19.80', 449.1, 471.9],
      ['19.80', 529.6, 552.4],
    ]),
    ...line(83.6, [
      ['30239', 135, 157.8],
      ['其他交通费用', 161.2, 215.2],
      ['50201', 250.8, 273.6],
      ['办公经费', 304.9, 340.9],
      ['52.04', 449.1, 471.9],
      ['52.04', 610.2, 632.9],
    ]),
    ...line(103.9, [
      ['30231', 135, 157.8],
      ['公务用车运行维护费', 165.7, 246.7],
      ['50502', 250.8, 273.6],
      ['商品和服务支出', 304.9, 367.9],
      ['6.00', 453.7, 471.9],
      ['6.00', 614.7, 632.9],
    ]),
    ...line(124.2, [
      ['30201', 135, 157.8],
      ['办公费', 179.4, 206.4],
      ['50502', 250.8, 273.6],
      ['商品和服务支出', 304.9, 367.9],
      ['8.00', 453.7, 471.9],
      ['2.00', 614.7, 632.9],
      ['6.00', 695.3, 713.4],
    ]),
  ];
  const own = streamGrid(12, spans)!;
  const grid = regridInColumns(own, before);
  const at = (text: string) => grid?.cells.find((c) => c.text === text);

  it("keeps the columns of the page before, the crossed boundary moved to this page's gutter", () => {
    expect(grid?.nCols).toBe(before.length - 1);
    expect(at('公务用车运行维护费')?.col).toBe(1);
    expect(grid?.cells.filter((c) => c.text === '50502').map((c) => c.col)).toEqual([2, 2]);
    expect(at('30239')?.col).toBe(0);
    expect(at('其他交通费用')?.col).toBe(1);
    const row = at('公务用车运行维护费')?.row;
    expect(grid?.cells.filter((c) => c.row === row && c.text === '6.00').map((c) => c.col)).toEqual([4, 6]);
  });
});

describe('a gutter only the short line of a wrapped label opens', () => {
  // 民政局 p50: short labels centred at 191.5, one wrapped 维修（护） / 费 whose second line sits beside its code, left of
  // every other label; the page before has no such gutter.
  const rows = ['邮电费', '取暖费', '差旅费', '租赁费', '会议费', '培训费'].flatMap((label, i) =>
    line(100 + 22 * i, [
      ['302' + String(7 + i).padStart(2, '0'), 125.1, 150.9],
      [label, 191.5, 219.5],
      ['50502', 244.9, 270.6],
      ['85,000.00', 409.6, 456.2],
    ]),
  );
  const spans = [
    ...line(80, [
      ['部门经济科目编码', 120, 160],
      ['部门经济科目名称', 175, 240],
      ['政府经济科目编码', 244, 285],
      ['合计', 420, 440],
    ]),
    ...rows,
    span('维修（护）', 191.5, 238.5, 240.1),
    ...line(244.6, [
      ['50209', 244.9, 270.6],
      ['1,709,500.00', 409.6, 456.2],
    ]),
    ...line(251.8, [
      ['30213', 125.1, 150.9],
      ['费', 172.8, 182.1],
    ]),
  ];
  const grid = streamGrid(1, spans)!;
  const at = (text: string) => grid.cells.find((c) => c.text.split('\n').includes(text));

  it('is no column: the label is one cell', () => {
    expect(grid.nCols).toBe(4);
    expect(at('费')?.col).toBe(at('维修（护）')?.col);
  });
});

describe('codes of one column set at three indents', () => {
  // 生态环境局 p39 without its rules: the 类 code at the left of its cell, the 款 and 项 codes indented under it, one
  // header (功能科目编码) over the indented ones. The indent is no gutter: a page without a 类 row has one column fewer.
  const spans = [
    ...line(126, [
      ['功能科目编码', 76, 130],
      ['功能科目名称', 219, 273],
      ['合计', 394, 412],
      ['人员经费支出', 508, 562],
      ['公用经费支出', 626, 680],
    ]),
    ...line(146, [
      ['合计', 161, 179],
      ['214391987.01', 416, 471],
      ['199513987.09', 538, 593],
      ['14877999.92', 657, 707],
    ]),
    ...line(166, [
      ['205', 48, 62],
      ['教育支出', 161, 197],
      ['369150.00', 430, 471],
      ['0.00', 575, 593],
      ['369150.00', 666, 707],
    ]),
    ...line(186, [
      ['20508', 66, 89],
      ['进修及培训', 161, 206],
      ['369150.00', 430, 471],
      ['0.00', 575, 593],
      ['369150.00', 666, 707],
    ]),
    ...line(206, [
      ['2050803', 84, 116],
      ['培训支出', 161, 197],
      ['369150.00', 430, 471],
      ['0.00', 575, 593],
      ['369150.00', 666, 707],
    ]),
  ];
  const grid = streamGrid(1, spans)!;
  const at = (text: string) => grid.cells.find((c) => c.text === text)!;

  it('keeps the codes in one column under their header', () => {
    expect(at('205').col).toBe(at('20508').col);
    expect(at('2050803').col).toBe(at('205').col);
    expect(grid.nCols).toBe(5);
    expect(at('教育支出').col).toBe(at('205').col + 1);
  });

  it('keeps 类 款 项 columns that have headers of their own', () => {
    const coded = streamGrid(1, [
      ...line(126, [
        ['类', 21, 29],
        ['款', 42, 50],
        ['项', 63, 72],
        ['科目名称', 114, 148],
        ['合计', 200, 217],
      ]),
      ...line(146, [
        ['205', 19, 31],
        ['教育支出', 80, 110],
        ['39.41', 213, 232],
      ]),
      ...line(166, [
        ['208', 19, 31],
        ['08', 42, 50],
        ['进修及培训', 88, 125],
        ['39.41', 213, 232],
      ]),
      ...line(186, [
        ['208', 19, 31],
        ['08', 42, 50],
        ['03', 64, 71],
        ['培训支出', 95, 125],
        ['39.41', 213, 232],
      ]),
    ])!;
    const cell = (text: string) => coded.cells.find((c) => c.text === text)!;
    expect(new Set(['205', '08', '03'].map((t) => cell(t).col)).size).toBe(3);
  });
});

describe('a column empty on this page, its header close to the next', () => {
  // 交通运输局 p40 without its rules: no 人员经费支出 on a page of 商品和服务支出 rows, its header 17 pt from the next.
  const spans = [
    ...line(150, [
      ['部门经济科目名称', 130, 202],
      ['合计', 463, 481],
      ['人员经费支出', 520, 574],
      ['公用经费支出', 591, 645],
      ['专项业务经费支出', 658, 730],
      ['备注', 752, 770],
    ]),
    ...line(170, [
      ['电费', 140, 158],
      ['231.32', 478, 505],
      ['78.20', 625, 647],
      ['153.12', 701, 728],
    ]),
    ...line(190, [
      ['邮电费', 140, 167],
      ['13.00', 482, 505],
      ['13.00', 625, 647],
      ['0.00', 710, 728],
    ]),
    ...line(210, [
      ['取暖费', 140, 167],
      ['9.64', 487, 505],
      ['2.80', 629, 647],
      ['6.84', 710, 728],
    ]),
  ];
  const grid = streamGrid(1, spans)!;
  const at = (text: string) => grid.cells.find((c) => c.text === text)!;

  it('still has a column of its own', () => {
    expect(at('人员经费支出').col).toBe(at('231.32').col + 1);
    expect(at('78.20').col).toBe(at('人员经费支出').col + 1);
    expect(at('公用经费支出').col).toBe(at('78.20').col);
    expect(at('专项业务经费支出').col).toBe(at('153.12').col);
  });

  it('keeps a 备注 column beyond figures that stand right of their own header', () => {
    // 生态环境局 p40: every figure 0.00, right-aligned past the end of its centred header; 备注 empty.
    const zeros = streamGrid(1, [
      ...line(126, [
        ['功能科目编码', 76, 130],
        ['功能科目名称', 219, 273],
        ['合计', 394, 412],
        ['人员经费支出', 508, 562],
        ['公用经费支出', 626, 680],
        ['备注', 751, 769],
      ]),
      ...['21103', '2110301', '2110302'].flatMap((code, i) =>
        line(146 + 20 * i, [
          [code, i === 0 ? 66 : 84, i === 0 ? 89 : 116],
          [['污染防治', '大气', '水体'][i]!, 161, 197],
          ['0.00', 453, 471],
          ['0.00', 575, 593],
          ['0.00', 689, 707],
        ]),
      ),
    ])!;
    const header = (text: string) => zeros.cells.find((c) => c.text === text)!;
    expect(header('备注').col).toBe(header('公用经费支出').col + 1);
    expect(zeros.cells.filter((c) => c.row === 1 && c.text === '0.00').map((c) => c.col)).toEqual([
      header('合计').col,
      header('人员经费支出').col,
      header('公用经费支出').col,
    ]);
  });

  it('but a group title over leaves of its own is no column', () => {
    // 其他财政拨款 over 政府性基金 and 国有资本经营, both empty on this page: two columns, not one under the title.
    const grouped = streamGrid(1, [
      ...line(100, [
        ['科目名称', 60, 96],
        ['合计', 200, 217],
        ['其他财政拨款', 356, 410],
      ]),
      ...line(114, [
        ['一般公共预算', 260, 314],
        ['政府性基金', 330, 375],
        ['国有资本经营', 386, 440],
        ['其他收入', 480, 516],
      ]),
      ...line(134, [
        ['教育支出', 60, 96],
        ['39.41', 213, 232],
        ['38.41', 290, 309],
        ['1.00', 500, 516],
      ]),
      ...line(154, [
        ['卫生健康支出', 60, 114],
        ['696.95', 208, 232],
        ['686.98', 285, 309],
        ['9.97', 500, 516],
      ]),
    ])!;
    const cell = (text: string) => grouped.cells.find((c) => c.text === text)!;
    expect(grouped.nCols).toBe(6);
    expect(cell('政府性基金').col).toBe(cell('38.41').col + 1);
    expect(cell('国有资本经营').col).toBe(cell('政府性基金').col + 1);
    expect(cell('1.00').col).toBe(cell('国有资本经营').col + 1);
  });
});

describe('a 栏次 line whose numbers stand over their figures', () => {
  // 人力资源和社会保障局 p30 as printed, without rules: the numbers of the 栏次 line right-aligned over the figures; the
  // title of column 9 wrapped (用事业基 / 金弥补收 / 支差额) and centred left of its figures, its last line in the gutter;
  // column 11 (上年实户资金余额) empty on the page.
  const s = sized(9);
  const figures = (y: number, row: readonly string[]) =>
    row.flatMap((t, i) => {
      if (t === '') return [];
      const right = [314, 367, 418, 460, 503, 542, 584, 626, 668, 706, 749, 791][i]!;
      return [s(t, right - 4.6 * t.length, right, y)];
    });
  const spans = [
    s('单位编码', 55, 92, 120),
    s('单位名称', 159, 197, 120),
    s('合计', 263, 281, 140),
    s('一般公共预算拨款', 328, 403, 140),
    s('政府性', 425, 453, 128),
    s('上级补助', 460, 498, 134),
    s('事业收入', 504, 540, 140),
    s('事业单位', 545, 582, 134),
    s('对附属', 588, 615, 128),
    s('用事业基', 621, 658, 128),
    s('金弥补收', 621, 657, 140),
    s('支差额', 629, 657, 152),
    s('上年结转', 665, 701, 140),
    s('上年实户', 705, 743, 134),
    s('其他收入', 750, 786, 140),
    s('**', 54, 63, 165),
    s('**', 96, 105, 165),
    ...figures(165, ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']),
    s('合计', 96, 115, 178),
    ...figures(178, ['182157.13', '181716.56', '50830', '0', '0', '0', '0', '0', '0', '90.57', '', '350']),
    s('242001', 54, 82, 191),
    s('西安市人力资源和社会保障局', 96, 218, 191),
    ...figures(191, ['24417.66', '24417.66', '20830', '0', '0', '0', '0', '0', '0', '60.37', '', '0']),
    s('242002', 54, 82, 204),
    s('西安市社会保险管理中心', 96, 199, 204),
    ...figures(204, ['151259.87', '151259.87', '30000', '0', '0', '0', '0', '0', '0', '', '', '0']),
  ];
  const grid = streamGrid(1, findStreamRegions(spans, 842)[0]!)!;
  const colOf = (text: string) => grid.cells.find((c) => c.text === text)!.col;

  it('gives every number its own column, the empty one too', () => {
    const cols = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'].map(colOf);
    expect(new Set(cols).size).toBe(12);
    expect(colOf('90.57')).toBe(colOf('10'));
    expect(colOf('350')).toBe(colOf('12'));
    expect(colOf('11')).toBe(colOf('10') + 1);
  });

  it("gives the wrapped title's last line, in the gutter, no column of its own", () => {
    // Its header cell may still be read into the column on its left (the title centred over both); never one more column.
    const col = grid.cells.find((c) => c.text.includes('支差额'))!.col;
    expect([colOf('8'), colOf('9')]).toContain(col);
    expect(grid.nCols).toBe(14);
  });
});

describe('an empty table printed without rules', () => {
  // 上海 民政局 p14: a 基本支出 table with no row, its header of one wide line, the 类 | 款 line under it and 合计 alone.
  const s = sized(11.8);
  const header = [
    s('编制单位：上海市福利彩票发行中心', 59.4, 247.6, 107.3),
    s('单位：元', 734.3, 781.3, 107.7),
    s('项目', 260.9, 284.4, 136.4),
    s('一般公共预算基本支出', 576.9, 694.5, 136.4),
    s('经济分类科目编码', 64.3, 158.4, 158.6),
    s('部门经济分类科目名称', 267.4, 385.0, 169.8),
    s('合计', 525.1, 548.6, 169.8),
    s('人员经费', 612.2, 659.2, 169.8),
    s('公用经费', 710.9, 758.0, 169.8),
    s('类', 78.0, 89.8, 181.3),
    s('款', 131.5, 143.3, 181.3),
  ];
  it('is still a table: its header and its 合计', () => {
    const regions = findStreamRegions([...header, s('合计', 260.9, 284.4, 225.2)], 842);
    expect(regions).toHaveLength(1);
    const grid = streamGrid(1, regions[0]!)!;
    expect(grid.cells.map((c) => c.text)).toContain('人员经费');
  });
  it('but lines of words without a table word are not', () => {
    const words = [
      s('一、部门主要职能', 59.4, 180, 100),
      s('二、部门机构设置', 300, 420, 100),
      s('三、部门预算编制说明', 500, 640, 100),
      s('四、收支预算总体情况', 59.4, 200, 116),
      s('五、项目情况', 300, 400, 116),
      s('六、其他', 59.4, 120, 132),
      s('七、名词解释', 300, 400, 132),
    ];
    expect(findStreamRegions(words, 842)).toHaveLength(0);
  });
});

describe('a 栏次 line whose numbers stand centred under their titles, left of right-aligned figures', () => {
  // 卫生健康委员会 p161 (三公 决算表) as printed, without rules: 5 at 483–488 over 455.12 at 502–532; the title of column 5
  // wrapped (公务用车运行维护 / 费), its last line alone in the gutter; column 2 empty on the page.
  const s = sized(10);
  const figures = (label: string, y: number, values: readonly string[]) => [
    s(label, 48.9, 79.0, y),
    ...values.map((v, i) =>
      s(
        v,
        [148.5, 325.3, 413.7, 502.1, 600.5, 683.8, 757.2][i]!,
        [178.5, 355.3, 443.7, 532.1, 620.5, 708.8, 797.2][i]!,
        y,
      ),
    ),
  ];
  const spans = [
    s('编制部门：西安市卫生健康委员会（汇总）', 42.0, 270.0, 102.3),
    s('金额单位：万元', 714.0, 798.0, 102.3),
    s('财政拨款安排的“三公”经费', 290.6, 420.8, 118.4),
    s('公务用车购置及运行维护费', 339.8, 459.9, 134.8),
    s('项目', 56.4, 76.5, 142.6),
    s('会议费', 650.0, 680.1, 142.6),
    s('培训费', 738.4, 768.4, 142.6),
    s('因公出国（境）费', 183.0, 263.1, 143.0),
    s('小计', 124.7, 144.8, 150.8),
    s('公务接待费', 551.6, 601.7, 150.8),
    s('公务用车运行维护', 448.2, 528.3, 151.1),
    s('用', 218.1, 228.1, 158.6),
    s('小计', 301.5, 321.5, 158.9),
    s('公务用车购置费', 364.8, 434.9, 158.9),
    s('费', 483.3, 493.3, 166.7),
    s('栏次', 53.9, 74.0, 183.1),
    ...['1', '2', '3', '4', '5', '6', '7', '8'].map((m, i) => {
      const x0 = [129.7, 218.1, 306.4, 394.8, 483.2, 571.6, 660.0, 748.4][i]!;
      return s(m, x0, x0 + 5, 183.1);
    }),
    ...figures('预算数', 199.4, ['593.46', '591.60', '136.48', '455.12', '1.86', '86.81', '2,795.78']),
    ...figures('决算数', 215.8, ['587.55', '587.44', '136.48', '450.96', '0.11', '86.81', '2,795.78']),
  ];
  const grid = streamGrid(1, findStreamRegions(spans, 842)[0]!)!;
  const colOf = (text: string) => grid.cells.find((c) => c.text === text)!.col;

  it('gives each number the column of the figures right of it, and the empty column 2 its own', () => {
    expect(grid.nCols).toBe(9);
    expect(colOf('455.12')).toBe(colOf('5'));
    expect(colOf('593.46')).toBe(colOf('1'));
    expect(colOf('2')).toBe(colOf('1') + 1);
    expect(colOf('591.60')).toBe(colOf('3'));
  });

  it("keeps the wrapped title's last line (费) in the column of its figures, not a column of its own", () => {
    expect(colOf('费')).toBe(colOf('455.12'));
  });
});

describe('headers set left in their cells over right-aligned figures, closer than a gutter', () => {
  // 人力资源和社会保障局 p30 as printed, without rules: 政府性基 | 上级补助 | 事业收 4.9 pt apart, each starting 3 pt
  // after the figures of the column before end; the middle of each figures' gutter falls inside the next header.
  const s = sized(9);
  const rights = [313.8, 366.6, 418.4, 460.4, 502.8, 541.6, 583.7];
  const figures = (y: number, row: readonly string[]) =>
    row.map((t, i) => s(t, rights[i]! - 4.6 * t.length, rights[i]!, y));
  const spans = [
    s('单位编码', 51.4, 88.8, 113.4),
    s('单位名称', 158.5, 195.9, 113.4),
    s('政府性基', 421.5, 458.9, 135.2),
    s('上级补助', 463.8, 501.1, 135.2),
    s('事业收', 506.1, 534.2, 135.2),
    s('事业单位', 544.8, 582.2, 135.2),
    s('一般公共预算拨款', 330.3, 405.3, 140.5),
    s('合计', 264.3, 282.9, 141.0),
    s('金拨款', 421.5, 449.6, 146.8),
    s('收入', 463.8, 482.3, 146.8),
    s('入', 506.1, 515.3, 146.8),
    s('经营收入', 544.8, 582.2, 146.8),
    s('其中：专项', 370.7, 417.6, 174.7),
    s('小计', 332.9, 351.5, 186.4),
    s('资金列入部', 370.7, 417.6, 186.5),
    s('门预算项目', 370.7, 416.8, 198.1),
    s('**', 51.4, 60.7, 217.6),
    s('**', 93.0, 102.3, 217.6),
    ...figures(217.6, ['1', '2', '3', '4', '5', '6', '7']),
    s('合计', 96, 115, 230),
    ...figures(230, ['182157.13', '181716.56', '50830', '0', '0', '0', '0']),
    ...(
      [
        ['242001', '西安市人力资源和社会保障局', '24417.66', '20830'],
        ['242002', '西安市社会保险管理中心', '151259.87', '30000'],
        ['242003', '西安市人才服务中心', '1011.42', '0'],
        ['242004', '西安市人事考试中心', '482.46', '0'],
        ['242005', '西安市就业服务中心', '356.49', '0'],
      ] as const
    ).flatMap(([code, name, total, earmarked], i) => {
      const y = 243 + 13 * i;
      return [
        s(code, 54, 82, y),
        s(name, 96, 96 + 9.3 * name.length, y),
        ...figures(y, [total, total, earmarked, '0', '0', '0', '0']),
      ];
    }),
  ];
  const grid = streamGrid(1, findStreamRegions(spans, 842)[0]!)!;
  const cellOf = (text: string) => grid.cells.find((c) => c.text.split('\n').includes(text))!;
  const colOf = (text: string) => grid.cells.find((c) => c.text === text)!.col;

  it('puts each header over its own column, not one header across three', () => {
    const heads = ['政府性基', '上级补助', '事业收'].map(cellOf);
    expect(heads.map((c) => c.colSpan)).toEqual([1, 1, 1]);
    expect(new Set(heads.map((c) => c.col)).size).toBe(3);
    // Each over the column of its 栏次 number and its figures: 政府性基 4, 上级补助 5, 事业收 6.
    expect(heads.map((c) => c.col)).toEqual(['4', '5', '6'].map(colOf));
  });

  it('keeps the wrapped lines of each header in its column', () => {
    expect(cellOf('金拨款').col).toBe(cellOf('政府性基').col);
    expect(cellOf('入').col).toBe(cellOf('事业收').col);
  });
});

describe('two classifications side by side, each 科目编码 over its own 类 | 款', () => {
  // 烟台 科技创新局 p25 as printed, without rules: 科目编码 over 类 | 款 of each side, the 科目 name column between the two
  // sides; 部门预算支出经济分类 centred over the 科目 column, as centred on 类 … 款 of both sides.
  const s = sized(9.4);
  const body = (y: number, cells: ReadonlyArray<readonly [string, number, number]>) =>
    cells.map(([t, x0, x1]) => s(t, x0, x1, y));
  const spans = [
    s('部门（单位）：烟台市科学技术局', 34.1, 161.3, 71.3),
    s('单位：万元', 765.5, 807.9, 71.3),
    s('科目编码', 34.5, 72.2, 89.3),
    s('科目编码', 175.9, 213.6, 89.3),
    s('基本支出', 395.9, 433.6, 89.3),
    s('部门预算支出经济分类', 76.9, 171.2, 98.7),
    s('政府预算支出经济分类', 218.3, 312.6, 98.7),
    s('合计', 333.8, 352.7, 103.4),
    s('科目', 114.6, 133.5, 108.2),
    s('科目', 256.0, 274.9, 108.2),
    s('类', 38.0, 47.4, 112.6),
    s('款', 59.2, 68.7, 112.6),
    s('类', 179.4, 188.8, 112.6),
    s('款', 200.6, 210.1, 112.6),
    s('人员', 407.5, 426.1, 112.6),
    s('公用', 464.0, 482.6, 112.6),
    ...body(137.0, [
      ['合计', 76.5, 91.6],
      ['1,998.43', 339.3, 369.5],
      ['1,846.59', 395.9, 426.1],
      ['151.84', 457.7, 482.6],
    ]),
    ...body(156.1, [
      ['301', 37.1, 48.4],
      ['工资福利支出', 76.5, 121.8],
      ['501', 178.5, 189.8],
      ['机关工资福利支出', 217.9, 278.3],
      ['722.14', 346.9, 369.5],
      ['722.14', 403.4, 426.1],
    ]),
    ...body(175.2, [
      ['301', 37.1, 48.4],
      ['01', 59.2, 66.7],
      ['基本工资', 76.5, 106.7],
      ['501', 178.5, 189.8],
      ['01', 200.6, 208.1],
      ['工资奖金津补贴', 217.9, 270.8],
      ['172.55', 346.9, 369.5],
      ['172.55', 403.4, 426.1],
    ]),
    ...body(184.7, [
      ['301', 37.1, 48.4],
      ['08', 59.2, 66.7],
      ['机关事业单位基本养老保', 76.5, 159.6],
      ['501', 178.5, 189.8],
      ['02', 200.6, 208.1],
      ['社会保障缴费', 217.9, 263.2],
      ['72.00', 352.3, 369.5],
      ['72.00', 408.8, 426.1],
    ]),
    ...body(194.3, [
      ['302', 37.1, 48.4],
      ['01', 59.2, 66.7],
      ['办公费', 76.5, 99.2],
      ['502', 178.5, 189.8],
      ['01', 200.6, 208.1],
      ['办公经费', 217.9, 248.1],
      ['151.84', 346.9, 369.5],
      ['151.84', 457.7, 482.6],
    ]),
  ];
  const grid = streamGrid(1, findStreamRegions(spans, 842)[0]!)!;
  const cell = (text: string, nth = 0) => grid.cells.filter((c) => c.text === text)[nth]!;

  it('spans each 科目编码 over its own 类 | 款 only', () => {
    expect([cell('科目编码').col, cell('科目编码').colSpan]).toEqual([cell('类').col, 2]);
    expect([cell('科目编码', 1).col, cell('科目编码', 1).colSpan]).toEqual([cell('类', 1).col, 2]);
  });

  it('keeps 部门预算支出经济分类 over its 科目 column, not over the codes of both sides', () => {
    expect([cell('部门预算支出经济分类').col, cell('部门预算支出经济分类').colSpan]).toEqual([
      cell('科目').col,
      1,
    ]);
  });
});

describe('figures of neighbouring columns printed as one text run', () => {
  // 西安 科技创新局 p61, a 三公 table of 29 columns: "1005250 126300" is one text item, the 合计 of 2022 and the 小计 beside it.
  const s = sized(6);
  const rowAt = (y: number, label: string, figures: readonly string[], glued: string) => [
    s(label, 76.9, 86.7 + 2 * label.length, y),
    ...figures.map((f, i) => s(f, 164.8 + 60 * i, 183.4 + 60 * i, y)),
    s(glued, 378.1, 421.0, y),
    s('0', 432, 434.5, y),
    s('51300', 455, 474, y),
  ];
  const spans = [
    s('合计', 163.6, 173.3, 141.7),
    s('小计', 222, 232, 141.7),
    s('会议费', 282, 297, 141.7),
    s('培训费', 342, 357, 141.7),
    s('合计', 382.9, 392.7, 141.7),
    s('小计', 405, 415, 141.7),
    s('出国', 428, 438, 141.7),
    s('接待', 460, 470, 141.7),
    ...rowAt(160, '合计', ['746130', '119390', '306185', '320555'], '1005250 126300'),
    ...rowAt(170, '西安市科学技术局', ['144500', '28900', '28900', '86700'], '285500 85500'),
    ...rowAt(180, '西安市社会科学院', ['378250', '40850', '233850', '103550'], '583000 33000'),
  ].flatMap(splitAtWideSpaces);
  const grid = streamGrid(1, findStreamRegions(spans, 842)[0]!)!;
  const colOf = (text: string) => grid.cells.find((c) => c.text === text)?.col;

  it('reads each figure into its own column', () => {
    expect(colOf('1005250')).toBeDefined();
    expect(colOf('126300')).toBe(colOf('1005250')! + 1);
    expect(colOf('85500')).toBe(colOf('126300'));
  });

  it('but a figure with its thousands set apart by a space stays one', () => {
    expect(splitAtWideSpaces(s('3 200', 10, 30, 0)).map((x) => x.text)).toEqual(['3 200']);
    expect(splitAtWideSpaces(s('12 345.60', 10, 40, 0)).map((x) => x.text)).toEqual(['12 345.60']);
    expect(splitAtWideSpaces(s('1005250 126300', 10, 50, 0)).map((x) => x.text)).toEqual([
      '1005250',
      '126300',
    ]);
  });
});

describe('a figure and the next column’s label printed as one text run, over a narrow gutter', () => {
  // 上海 民政局 p7 (收支预算总表) as printed, without rules: "215,020,000 一、其他支出" is one text item; the figures under
  // 215,020,000 end 2 pt further right than its estimated end, closing the gutter a scan would see.
  const s = sized(11.8);
  const spans = [
    s('编制单位：上海市福利彩票发行中心', 59.4, 247.6, 108.7),
    s('单位：元', 728.3, 775.3, 109.2),
    s('本年收入', 159.4, 206.4, 137.9),
    s('本年支出', 519.3, 566.4, 137.9),
    s('预算数', 602.6, 637.9, 160.1),
    s('项目', 127.2, 150.7, 182.3),
    s('预算数', 246.4, 281.7, 182.3),
    s('项目', 373.3, 396.8, 182.3),
    s('基本支出', 600.4, 647.4, 182.3),
    s('合计', 490.6, 514.1, 193.4),
    s('项目支出', 718.1, 765.1, 193.4),
    s('人员经费', 559.2, 606.2, 204.9),
    s('公用经费', 640.7, 687.7, 204.9),
    s('一、财政拨款收入', 59.4, 153.5, 227.1),
    s('215,020,000 一、其他支出', 241.2, 380.2, 227.1),
    s('216,801,570', 475.6, 540.2, 227.1),
    s('17,499,901', 562.1, 620.9, 227.1),
    s('3,362,962', 650.3, 703.2, 227.1),
    s('195,938,707', 711.0, 775.7, 227.1),
    s('1、一般公共预算', 82.9, 171.1, 249.3),
    s('2、政府性基金预算', 82.9, 182.9, 271.5),
    s('215,020,000', 241.2, 305.9, 271.5),
    s('3、国有资本经营预算', 82.9, 194.6, 293.7),
    s('二、事业收入', 59.4, 130.0, 315.9),
    s('四、其他收入', 59.4, 130.0, 360.3),
    s('1,781,570', 253.0, 305.9, 360.3),
    s('收入总计', 115.8, 162.8, 471.3),
    s('216,801,570', 240.8, 305.5, 471.3),
    s('支出总计', 361.9, 409.0, 471.3),
    s('216,801,570', 475.2, 539.9, 471.3),
    s('17,499,901', 561.8, 620.5, 471.3),
    s('3,362,962', 649.9, 702.9, 471.3),
    s('195,938,707', 710.6, 775.3, 471.3),
  ].flatMap(splitAtWideSpaces);
  const grid = streamGrid(1, findStreamRegions(spans, 842)[0]!)!;
  const colOf = (text: string) => grid.cells.find((c) => c.text === text)?.col;

  it('puts the label in the column of the 支出 side’s labels, apart from the figure', () => {
    expect(colOf('215,020,000')).toBe(colOf('1,781,570'));
    expect(colOf('一、其他支出')).toBe(colOf('支出总计'));
    expect(colOf('一、其他支出')).toBe(colOf('215,020,000')! + 1);
  });

  it('reads two figures 8 pt apart, under two headers, as two cells', () => {
    expect(colOf('195,938,707')).toBe(colOf('3,362,962')! + 1);
  });
});

describe('headers of empty columns set left in their cells, a few points apart', () => {
  // 西安 信访局 p20 (收入总表) as printed, without rules: only three columns have figures; 事业单位经营收 | 使用非财政拨 |
  // 对附属单位上 | 上年结 stand 3–5 pt apart on one line, and the boundary of the first two falls 2 pt inside 事业单位经营收.
  const s = sized(6);
  const figures = (y: number) => [
    s('28,384,234.71', 262.7, 301.7, y),
    s('28,384,234.71', 317.8, 356.8, y),
    s('550,000.00', 366.1, 396.1, y),
  ];
  const spans = [
    s('单位：元', 750.0, 798.0, 102.3),
    s('部门预算', 510.3, 534.3, 118.2),
    s('一般公共预算拨款', 325.2, 373.2, 128.0),
    s('单位编码', 49.9, 73.9, 137.3),
    s('单位名称', 152.2, 176.2, 137.3),
    s('事业单位经营收', 556.4, 598.4, 137.6),
    s('使用非财政拨', 602.6, 638.6, 137.6),
    s('对附属单位上', 642.0, 678.0, 137.6),
    s('上年结', 682.5, 700.5, 137.6),
    s('上年实户资金余', 705.9, 747.9, 137.6),
    s('其中：专项资', 358.7, 394.7, 137.8),
    s('合计', 268.4, 280.4, 142.2),
    s('政府性基金拨款', 402.9, 444.9, 142.2),
    s('上级补助收入', 461.0, 497.0, 142.2),
    s('事业收入', 518.1, 542.1, 142.2),
    s('其他收入', 762.1, 786.1, 142.2),
    s('入', 574.4, 580.4, 146.9),
    s('款结余', 611.6, 629.6, 146.9),
    s('缴收入', 651.0, 669.0, 146.9),
    s('转', 688.5, 694.5, 146.9),
    s('额', 723.9, 729.9, 146.9),
    s('小计', 323.5, 335.5, 147.1),
    s('金列入部门预', 358.7, 394.7, 147.1),
    s('算项目', 367.7, 385.7, 156.5),
    s('合计', 137.0, 149.0, 166.3),
    ...figures(166.3),
    s('121', 45.5, 54.5, 176.0),
    s('西安市信访局', 84.8, 120.8, 176.0),
    ...figures(176.0),
    s('121001', 57.5, 75.5, 185.8),
    s('西安市信访局', 84.8, 120.8, 185.8),
    ...figures(185.8),
  ];
  const grid = streamGrid(1, findStreamRegions(spans, 842)[0]!)!;
  const cellOf = (text: string) => grid.cells.find((c) => c.text.split(/\n| /u).includes(text));

  it('cuts the line of headers into one cell a column', () => {
    const heads = ['事业单位经营收', '使用非财政拨', '对附属单位上', '上年结'].map(cellOf);
    expect(heads.every((c) => c !== undefined && c.colSpan === 1)).toBe(true);
    expect(heads.map((c) => c!.col)).toEqual([0, 1, 2, 3].map((i) => heads[0]!.col + i));
    expect(cellOf('款结余')!.col).toBe(cellOf('使用非财政拨')!.col);
  });
});
