import { describe, expect, it } from 'vitest';
import { titled } from '../../test/support/grids.js';
import { validateDocument } from '../validate/index.js';
import { normalizeDocument } from './index.js';

const GROUP = ['合计', '三公经费', '三公经费', '三公经费', '会议费', '培训费'];
const LEAF = ['合计', '小计', '因公出国（境）费用', '公务接待费', '会议费', '培训费'];

/** 西安's 三公 table: 单位编码 | 单位名称, then 上年 | 当年 | 增减变化情况, one row per unit under the 合计. */
function xian(
  training = '219,800.00',
  change = ['78,800.00', '-19,000.00', '-9,000.00', '-10,000.00', '', '97,800.00'],
): ReturnType<typeof normalizeDocument> {
  const figures = (prior: string[], current: string[], change: string[]) => [...prior, ...current, ...change];
  const row = (code: string, name: string) => [
    code,
    name,
    ...figures(
      ['242,000.00', '120,000.00', '100,000.00', '20,000.00', '', '122,000.00'],
      ['320,800.00', '101,000.00', '91,000.00', '10,000.00', '', training],
      change,
    ),
  ];
  return normalizeDocument({
    blocks: titled(
      '部门综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表',
      [
        [
          '单位编码',
          '单位名称',
          ...Array(6).fill('上年'),
          ...Array(6).fill('当年'),
          ...Array(6).fill('增减变化情况'),
        ],
        ['单位编码', '单位名称', ...GROUP, ...GROUP, ...GROUP],
        ['单位编码', '单位名称', ...LEAF, ...LEAF, ...LEAF],
        ['合计', '', ...row('', '').slice(2)],
        row('121', '西安市信访局'),
      ],
      'g0',
      '单位：元',
    ),
  });
}

describe('三公 tables whose groups are two years and 增减变化情况 (西安 2022: 2021年 | 2022年 | 增减变化情况)', () => {
  it('reads the later year as the year\'s own figures, the earlier as 上年, the third group as the change', () => {
    const t = normalizeDocument({
      blocks: titled(
        '2022年部门综合预算一般公共预算拨款“三公”经费、会议费、培训费表',
        [
          ['单位名称', ...Array(6).fill('2021年'), ...Array(6).fill('2022年'), ...Array(6).fill('增减变化情况')],
          ['单位名称', ...GROUP, ...GROUP, ...GROUP],
          ['单位名称', ...LEAF, ...LEAF, ...LEAF],
          [
            '合计',
            ...['322,425.00', '68,300.00', '0.00', '68,300.00', '59,337.50', '194,787.50'],
            ...['582,902.00', '343,000.00', '0.00', '68,000.00', '26,052.00', '213,850.00'],
            ...['260,477.00', '274,700.00', '0.00', '-300.00', '-33,285.50', '19,062.50'],
          ],
        ],
        'g0',
        '单位：元',
      ),
    }).tables[0]!;
    expect(t.rows[0]?.cells['three_public_subtotal']?.value).toBe(343000);
    expect(t.rows[0]?.cells['prior_three_public_subtotal']?.value).toBe(68300);
    expect(t.rows[0]?.cells['change_three_public_subtotal']?.value).toBe(274700);
  });
});

describe('三公 tables with unit columns and 上年 | 当年 | 增减 groups (西安)', () => {
  it('the unit columns name the rows; the year keeps the plain keys; a changed figure is an error', () => {
    const doc = xian();
    const t = doc.tables[0]!;
    expect(t.type).toBe('budget_three_public');
    expect(t.columns.filter((c) => c.kind === 'amount').every((c) => !/^col_/.test(c.key))).toBe(true);
    expect(t.rows.map((r) => r.label)).toEqual(['合计', '西安市信访局']);
    expect(t.rows[0]?.cells['training']?.value).toBe(219800);
    expect(t.rows[0]?.cells['prior_training']?.value).toBe(122000);
    expect(t.rows[0]?.cells['change_training']?.value).toBe(97800);
    expect(validateDocument(doc).filter((a) => a.severity !== 'info')).toEqual([]);
    // So a changed figure breaks its row and is an error.
    const anomalies = validateDocument(xian('2,198,000.00'));
    expect(anomalies.some((a) => a.severity === 'error' && a.rule === 'row_identity')).toBe(true);
    // The reviewer is told which group each 培训费 is: the same header is printed under 上年, 当年 and 增减变化情况.
    const messages = anomalies.filter((a) => a.rule === 'row_identity').map((a) => a.message);
    expect(messages.some((m) => m.includes('当年：合计 = 小计 + 会议费 + 培训费 不成立。合计（当年） 320,800.00'))).toBe(true);
  });

  it('each 增减 figure is 当年 − 上年: minus signs lost over a whole group still break it', () => {
    // The 增减 group adds up within itself (19,000 = 9,000 + 10,000; 116,800 = 19,000 + 97,800), but its signs are lost.
    const lost = validateDocument(
      xian(undefined, ['116,800.00', '19,000.00', '9,000.00', '10,000.00', '', '97,800.00']),
    );
    const errors = lost.filter((a) => a.severity === 'error' && a.rule === 'row_identity');
    // One anomaly per broken fact, on the 增减 cells (the 当年 and 上年 figures agree with the rest of their rows).
    expect(errors.map((a) => a.column)).toEqual(
      expect.arrayContaining(['change_outbound', 'change_reception']),
    );
    expect(errors.every((a) => a.column?.startsWith('change_'))).toBe(true);
  });

  it('a 序号 column before the unit columns is line numbers, not a figure column (西安 民政局, one year)', () => {
    const top = ['序号', '单位编码', '单位名称', ...Array(6).fill('2021年')];
    const unitRow = (n: string, code: string, name: string, f: string[]) => [n, code, name, ...f];
    const doc = normalizeDocument({
      blocks: titled(
        '2021年部门综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表',
        [
          top,
          ['序号', '单位编码', '单位名称', ...GROUP],
          ['序号', '单位编码', '单位名称', ...LEAF],
          unitRow('1', '', '合计', ['150.00', '100.00', '60.00', '40.00', '20.00', '30.00']),
          unitRow('2', '241001', '西安市民政局', ['100.00', '70.00', '40.00', '30.00', '10.00', '20.00']),
          unitRow('3', '241002', '西安市第一社会福利院', [
            '50.00',
            '30.00',
            '20.00',
            '10.00',
            '10.00',
            '10.00',
          ]),
        ],
        'g0',
        '单位：元',
      ),
    });
    const t = doc.tables[0]!;
    expect(t.type).toBe('budget_three_public');
    expect(t.columns.slice(0, 2).map((c) => [c.key, c.kind])).toEqual([
      ['line_no', 'number'],
      ['unit_code', 'code'],
    ]);
    expect(t.columns.filter((c) => c.kind === 'amount').every((c) => !/^col_/.test(c.key))).toBe(true);
    expect(t.rows.map((r) => r.label)).toEqual(['合计', '西安市民政局', '西安市第一社会福利院']);
    // The unit names are labels, so the table is trusted and its rows are checked.
    const anomalies = validateDocument(doc);
    expect(anomalies.filter((a) => a.severity !== 'info')).toEqual([]);
    t.rows[1]!.cells['reception'] = { ...t.rows[1]!.cells['reception']!, value: 300, raw: '300.00' };
    expect(
      validateDocument(doc).some(
        (a) => a.severity === 'error' && a.rule === 'row_identity' && a.row === t.rows[1]!.id,
      ),
    ).toBe(true);
  });

  it('groups headed by their year (烟台: 2025年预算数 | 2026年预算数) are header, not figures', () => {
    const mid = ['合计', '因公出国（境）经费', ...Array(3).fill('公务用车购置及运行维护费'), '公务接待费'];
    const leaf = [
      '合计',
      '因公出国（境）经费',
      '小计',
      '公务用车购置经费',
      '公务用车运行维护费',
      '公务接待费',
    ];
    const doc = normalizeDocument({
      blocks: titled('一般公共预算“三公”经费支出情况表', [
        [...Array(6).fill('2025年预算数'), ...Array(6).fill('2026年预算数')],
        [...mid, ...mid],
        [...leaf, ...leaf],
        ['14.30', '', '12.50', '', '12.50', '1.80', '14.30', '', '12.50', '', '12.50', '1.80'],
      ]),
    });
    const t = doc.tables[0]!;
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0]?.cells['total']?.value).toBe(14.3);
    expect(t.rows[0]?.cells['prior_vehicle_purchase']?.blank).toBe(true);
    expect(validateDocument(doc).filter((a) => a.severity !== 'info')).toEqual([]);
    const wrong = normalizeDocument({
      blocks: titled('一般公共预算“三公”经费支出情况表', [
        [...Array(6).fill('2025年预算数'), ...Array(6).fill('2026年预算数')],
        [...mid, ...mid],
        [...leaf, ...leaf],
        ['14.30', '', '12.50', '', '12.50', '1.80', '16.30', '', '12.50', '', '12.50', '1.80'],
      ]),
    });
    expect(validateDocument(wrong).some((a) => a.severity === 'error' && a.rule === 'row_identity')).toBe(
      true,
    );
  });
});

const keys = (rows: string[][]): string[] =>
  normalizeDocument({ blocks: titled('2026年“三公”经费支出预算表', rows) }).tables[0]?.columns.map(
    (c) => c.key,
  ) ?? [];

describe('the 三公 table (wide layout): column keys from the header, wherever 合计 is printed', () => {
  it('reads 合计 printed first', () => {
    expect(
      keys([
        ['合计', '因公出国(境)费', '公务用车购置及运行费', '', '', '公务接待费'],
        ['', '', '小计', '购置费', '运行费', ''],
        ['18.10', '5.00', '10.00', '4.00', '6.00', '3.10'],
      ]),
    ).toEqual([
      'total',
      'outbound',
      'vehicle_subtotal',
      'vehicle_purchase',
      'vehicle_operation',
      'reception',
    ]);
  });

  it('reads a header wrapped onto two rows of an unruled table ("公务用车购置" over "费")', () => {
    // 江苏 2019 without its rules: each wrapped line of a header is a row of its own.
    expect(
      keys([
        ['合计', '', '因公出国', '公务用车购置及运行维护费', '', '', '', '会议费', '培训费'],
        ['', '小计', '（境）费', '', '公务用车购置', '公务用车运行', '公务接待费', '', ''],
        ['', '', '', '小计', '费', '维护费', '', '', ''],
        ['1,471.70', '508.20', '70.00', '411.20', '', '411.20', '27.00', '933.50', '30.00'],
      ]),
    ).toEqual([
      'total',
      'three_public_subtotal',
      'outbound',
      'vehicle_subtotal',
      'vehicle_purchase',
      'vehicle_operation',
      'reception',
      'meeting',
      'training',
    ]);
  });

  it('reads 合计 printed after the first item as the same group, not the start of a second one', () => {
    expect(
      keys([
        ['因公出国(境)费', '合计', '公务用车购置及运行费', '', '', '公务接待费'],
        ['', '', '小计', '购置费', '运行费', ''],
        ['5.00', '18.10', '10.00', '4.00', '6.00', '3.10'],
      ]),
    ).toEqual([
      'outbound',
      'total',
      'vehicle_subtotal',
      'vehicle_purchase',
      'vehicle_operation',
      'reception',
    ]);
  });

  it('starts the next year group at a leaf the group has already (2026年: 因公出国 | 合计 | 公务接待费)', () => {
    const year = (y: string): string[] => Array<string>(3).fill(`${y}年预算数`);
    expect(
      keys([
        [...year('2025'), ...year('2026')],
        ['合计', '因公出国(境)费', '公务接待费', '因公出国(境)费', '合计', '公务接待费'],
        ['8.10', '5.00', '3.10', '4.00', '7.00', '3.00'],
      ]),
    ).toEqual(['prior_total', 'prior_outbound', 'prior_reception', 'outbound', 'total', 'reception']);
  });

  it('drops a 栏次 row whose numbers two columns printed the other way round carry with them (1 3 2)', () => {
    const doc = normalizeDocument({
      blocks: titled('2026年“三公”经费支出预算表', [
        ['合计', '公务接待费', '因公出国(境)费'],
        ['1', '3', '2'],
        ['8.10', '3.10', '5.00'],
      ]),
    });
    expect(doc.tables[0]?.rows).toHaveLength(1);
    expect(doc.tables[0]?.rows[0]?.cells['total']?.value).toBe(8.1);
  });

  it('still starts the 决算数 group at its own 合计', () => {
    const k = keys([
      ['预算数', '', '', '决算数', '', ''],
      ['合计', '因公出国(境)费', '公务接待费', '合计', '因公出国(境)费', '公务接待费'],
      ['8.10', '5.00', '3.10', '7.00', '4.00', '3.00'],
    ]);
    expect(k).toEqual([
      'budget_total',
      'budget_outbound',
      'budget_reception',
      'final_total',
      'final_outbound',
      'final_reception',
    ]);
  });
});
