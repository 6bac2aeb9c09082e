import { describe, expect, it } from 'vitest';
import type { Block } from '../model/index.js';
import { normalizeDocument } from '../normalize/index.js';
import { titled } from '../../test/support/grids.js';
import { validateDocument } from './validate.js';

function check(blocks: Block[]) {
  const doc = normalizeDocument({ blocks });
  return { doc, anomalies: validateDocument(doc) };
}

const EXPENDITURE_HEADER = [
  ['项目', '', '本年支出合计', '基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出'],
  ['功能分类科目编码', '科目名称', '', '', '', '', '', ''],
];

describe('row identities', () => {
  it('flags a broken 本年支出合计 = 基本支出 + 项目支出 and derives the single-cell repair', () => {
    const { anomalies } = check(
      titled('支出决算表', [
        ...EXPENDITURE_HEADER,
        ['', '合计', '20.59', '18.57', '2.02', '0', '0', '0'],
        ['2010401', '行政运行', '10.00', '10.00', '0', '0', '0', '0'],
        ['2159999', '其他资源勘探工业信息等支出', '10.59', '85715.09', '2.02', '0', '0', '0'],
      ]),
    );
    const row = anomalies.find((a) => a.rule === 'row_identity' && a.row === 'c2159999');
    expect(row).toMatchObject({ severity: 'error', column: 'basic', found: 85715.09, expected: 8.57 });
    expect(row?.suggestion).toMatchObject({ value: 8.57, derivation: '10.59 − 2.02' });
    // The 基本支出 column total holds with the repaired value too: one value restores both identities.
    expect(row?.suggestion?.restores).toEqual(
      expect.arrayContaining(['row_identity:t0:c2159999:total', 'column_sum:t0:total:basic']),
    );
    expect(row?.message).toMatch(/建议将.*改为 8\.57/);
    expect(anomalies.find((a) => a.rule === 'magnitude_outlier')).toMatchObject({
      severity: 'warning',
      row: 'c2159999',
      column: 'basic',
    });
  });

  it('raises nothing when every identity holds', () => {
    const { anomalies } = check(
      titled('支出决算表', [
        ...EXPENDITURE_HEADER,
        ['', '合计', '20.00', '18.00', '2.00', '0', '0', '0'],
        ['2010401', '行政运行', '10.00', '10.00', '0', '0', '0', '0'],
        ['2159999', '其他资源勘探工业信息等支出', '10.00', '8.00', '2.00', '', '', ''],
      ]),
    );
    expect(anomalies).toEqual([]);
  });

  it('keeps a row fault apart from column gaps no single cell explains', () => {
    // The rows fall 40 | 15 | 25 short of 合计 in every column (a row left out of the print: 北京 公安局 预算03表), and
    // 2010402's 基本支出 is wrong on its own (20 ≠ 16 + 5). The row whose identity is broken is the only cell each
    // column gap could go to without breaking a row that adds up, but putting all three gaps there (60 = 30 + 30)
    // explains none of the facts: the column gaps stay at 合计 without a suggestion, the row's fault at the row.
    const { anomalies } = check(
      titled('支出决算表', [
        ...EXPENDITURE_HEADER,
        ['', '合计', '100.00', '60.00', '40.00', '0', '0', '0'],
        ['2010401', '行政运行', '10.00', '10.00', '0', '0', '0', '0'],
        ['2010402', '一般行政管理事务', '20.00', '16.00', '5.00', '0', '0', '0'],
        ['2010403', '机关服务', '30.00', '20.00', '10.00', '0', '0', '0'],
      ]),
    );
    const errors = anomalies.filter((a) => a.severity === 'error');
    expect(errors.filter((a) => a.suggestion)).toEqual([]);
    for (const column of ['total', 'basic', 'project'])
      expect(errors.find((a) => a.id === `column_sum:t0:total:${column}`)).toMatchObject({
        row: 'total',
        column,
      });
    expect(errors.find((a) => a.rule === 'row_identity')).toMatchObject({
      row: 'c2010402',
      found: 20,
      expected: 21,
    });
  });

  it('gives no suggestion where several cells could absorb the gap', () => {
    const { anomalies } = check(
      titled('一般公共预算财政拨款基本支出决算明细表', [
        ['经济分类科目编码', '科目名称', '决算数', '经济分类科目编码', '科目名称', '决算数'],
        ['302', '商品和服务支出', '12.00', '301', '工资福利支出', '1.00'],
        ['30201', '办公费', '5.00', '30101', '基本工资', '1.00'],
        ['30202', '印刷费', '4.00', '', '', ''],
      ]),
    );
    const h = anomalies.find((a) => a.rule === 'hierarchy_sum' && a.row === 'c302');
    expect(h).toMatchObject({ severity: 'error', found: 12, expected: 9 });
    expect(h?.suggestion).toBeUndefined();
  });
});

describe('rounding (尾数误差)', () => {
  it('reports a gap that rounding of the addends explains as info, never error', () => {
    const { anomalies } = check(
      titled('支出决算表', [
        ...EXPENDITURE_HEADER,
        ['', '合计', '30.01', '30.01', '0', '0', '0', '0'],
        ['2010401', '行政运行', '10.00', '10.00', '0', '0', '0', '0'],
        ['2010402', '一般行政管理事务', '10.00', '10.00', '0', '0', '0', '0'],
        ['2010403', '机关服务', '10.00', '10.00', '0', '0', '0', '0'],
      ]),
    );
    expect(anomalies.length).toBeGreaterThan(0);
    expect(anomalies.every((a) => a.severity === 'info')).toBe(true);
    expect(anomalies[0]?.message).toContain('尾数误差');
  });
});

describe('column sums and hierarchy', () => {
  it('checks 类 = Σ 款 = Σ 项 through parent links', () => {
    const { anomalies } = check(
      titled('支出决算表', [
        ...EXPENDITURE_HEADER,
        ['', '合计', '30.00', '30.00', '', '', '', ''],
        ['201', '一般公共服务支出', '30.00', '30.00', '', '', '', ''],
        ['20104', '发展与改革事务', '25.00', '25.00', '', '', '', ''],
        ['2010401', '行政运行', '20.00', '20.00', '', '', '', ''],
      ]),
    );
    const ids = anomalies.map((a) => `${a.rule}:${a.row}:${a.column}`);
    expect(ids).toContain('hierarchy_sum:c201:total');
    expect(ids).toContain('hierarchy_sum:c20104:total');
    // 合计 = Σ 类 rows only; it holds, so no column_sum anomaly.
    expect(ids.filter((i) => i.startsWith('column_sum'))).toEqual([]);
  });
});

describe('cross-table equalities', () => {
  it('compares the 总表 total with the 支出决算表 total', () => {
    const blocks: Block[] = [
      ...titled(
        '收入支出决算总表',
        [
          ['收入', '', '', '支出', '', ''],
          ['项目', '行次', '决算数', '项目', '行次', '决算数'],
          ['一、一般公共预算财政拨款收入', '1', '100.00', '一、一般公共服务支出', '14', '100.00'],
          ['本年收入合计', '10', '100.00', '本年支出合计', '23', '100.00'],
        ],
        'g0',
      ),
      ...titled(
        '支出决算表',
        [
          ...EXPENDITURE_HEADER,
          ['', '合计', '90.00', '90.00', '', '', '', ''],
          ['2010401', '行政运行', '90.00', '90.00', '', '', '', ''],
        ],
        'g1',
      ),
    ];
    const { anomalies } = check(blocks);
    const cross = anomalies.find((a) => a.id === 'cross_table:summary-expenditure');
    expect(cross).toMatchObject({ rule: 'cross_table', severity: 'error', found: 100, expected: 90 });
    const cls = anomalies.find((a) => a.rule === 'cross_table' && a.row === 'expenditure:c201');
    expect(cls).toMatchObject({ found: 100, expected: 90 });
  });
});

describe('cross-table equalities between tables in different units', () => {
  const summary = (total: string): Block[] =>
    titled(
      '收入支出决算总表',
      [
        ['收入', '', '', '支出', '', ''],
        ['项目', '行次', '决算数', '项目', '行次', '决算数'],
        ['一、一般公共预算财政拨款收入', '1', total, '一、一般公共服务支出', '14', total],
        ['本年收入合计', '10', total, '本年支出合计', '23', total],
      ],
      'g0',
    );
  const expenditureInYuan = titled(
    '支出决算表',
    [
      ...EXPENDITURE_HEADER,
      ['', '合计', '1234500.00', '1234500.00', '', '', '', ''],
      ['2010401', '行政运行', '1234500.00', '1234500.00', '', '', '', ''],
    ],
    'g1',
    '单位：元',
  );

  it('converts a 元 table to the 万元 of the 总表 before comparing', () => {
    const { doc, anomalies } = check([...summary('123.45'), ...expenditureInYuan]);
    expect(doc.tables.map((t) => t.unit)).toEqual(['wan_yuan', 'yuan']);
    expect(anomalies.filter((a) => a.rule === 'cross_table')).toEqual([]);
  });

  it('still reports a real gap, with figures in the 总表 unit', () => {
    const { anomalies } = check([...summary('133.45'), ...expenditureInYuan]);
    const cross = anomalies.find((a) => a.id === 'cross_table:summary-expenditure');
    expect(cross).toMatchObject({ severity: 'error', found: 133.45, expected: 123.45 });
  });
});

describe('the 政府性基金 table against the 财政拨款总表', () => {
  it('flags a fund total the 总表 does not repeat', () => {
    const blocks: Block[] = [
      ...titled(
        '财政拨款收入支出决算总表',
        [
          ['收入', '', '支出', '', '', '', ''],
          [
            '项目',
            '金额',
            '项目',
            '合计',
            '一般公共预算财政拨款',
            '政府性基金预算财政拨款',
            '国有资本经营预算财政拨款',
          ],
          ['一、一般公共预算财政拨款', '100.00', '一、一般公共服务支出', '100.00', '100.00', '0', '0'],
          ['本年收入合计', '100.00', '本年支出合计', '100.00', '100.00', '0', '0'],
        ],
        'g0',
      ),
      ...titled(
        '政府性基金预算财政拨款收入支出决算表',
        [
          ['项目', '', '年初结转和结余', '本年收入', '本年支出', '', '', '年末结转和结余'],
          ['科目代码', '科目名称', '', '', '小计', '基本支出', '项目支出', ''],
          ['', '合计', '0', '5.00', '5.00', '0', '5.00', '0'],
        ],
        'g1',
      ),
    ];
    const a = check(blocks).anomalies.find((x) => x.id === 'cross_table:fund-fiscal');
    expect(a).toMatchObject({ severity: 'error', found: 5, expected: 0 });
  });
});

describe('units, decimals, templates', () => {
  it('flags amounts in 元 inside a 万元 form and suggests the 万元 figure', () => {
    const { anomalies } = check(
      titled(
        '2023年区级专项资金支出方向绩效目标表',
        [
          ['支出方向（子项）', '提退人员经费', '所属专项', '名称', '提退人员经费'],
          ['项目金额', '21.15', '', '金额', '21.15'],
          ['支出明细及测算说明', '支出内容简介', '支出明细', '金额', '支出测算依据及过程说明'],
          ['', '基本工资', '工资', '200000', ''],
          ['', '车补', '车补', '11500', ''],
          ['', '合  计', '211500', ''],
        ],
        'g0',
        '金额单位：万元',
      ),
    );
    const unit = anomalies.find((a) => a.rule === 'unit_suspect' && a.row === 'details:total');
    expect(unit?.suggestion?.value).toBe(21.15);
    expect(unit?.message).toContain('元');
  });

  it('recognises an unfilled template instead of reading it as data', () => {
    const { doc, anomalies } = check(
      titled('2023年区级专项资金绩效目标汇总表', [
        ['序号', '名  称', '金  额', '实施期绩效目标', '年度绩效目标'],
        ['', '合  计', '', '', ''],
        ['一', 'A专项', '', '', ''],
        ['1', '支出方向（子项）1', '', '', ''],
        ['', '……', '', '', ''],
      ]),
    );
    expect(doc.tables[0]?.template).toBe(true);
    expect(anomalies.map((a) => a.rule)).toEqual(['template_unfilled']);
  });

  it('flags a figure with more decimals than its table prints', () => {
    const { anomalies } = check(
      titled('支出决算表', [
        ...EXPENDITURE_HEADER,
        ['', '合计', '10.62', '', '10.62', '', '', ''],
        ['2150517', '产业发展', '10.618', '', '10.618', '', '', ''],
      ]),
    );
    expect(
      anomalies.some((a) => a.rule === 'decimal_pattern' && a.row === 'c2150517' && a.severity === 'warning'),
    ).toBe(true);
  });
});

describe('narrative', () => {
  it('compares figures stated in the text with the tables', () => {
    const blocks: Block[] = [
      ...titled('支出决算表', [
        ...EXPENDITURE_HEADER,
        ['', '合计', '100.00', '80.00', '20.00', '', '', ''],
        ['2010401', '行政运行', '100.00', '80.00', '20.00', '', '', ''],
      ]),
      {
        kind: 'text',
        text: '2023年度支出合计100.00万元，其中：基本支出70.00万元，项目支出20.00万元。',
        source: { line: { start: 40, end: 40 } },
      },
    ];
    const { anomalies } = check(blocks);
    const n = anomalies.filter((a) => a.rule === 'narrative_mismatch');
    expect(n).toHaveLength(1);
    expect(n[0]).toMatchObject({
      severity: 'warning',
      column: 'basic',
      found: 70,
      expected: 80,
      source: { line: { start: 40, end: 40 } },
    });
  });
});
