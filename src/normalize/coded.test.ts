import { describe, expect, it } from 'vitest';
import { titled } from '../../test/support/grids.js';
import { validateDocument } from '../validate/index.js';
import { normalizeDocument } from './index.js';

/** 北京's 预算06表: two classifications side by side, the 合计 printed under the second, the first left empty. */
function beijingBasic(wages = ['230.170400', '230.170400', '']): ReturnType<typeof normalizeDocument> {
  return normalizeDocument({
    blocks: titled('预算06表 一般公共预算基本支出表', [
      ['政府支出经济分类科目', '部门支出经济分类科目', '合计', '人员经费', '公用经费'],
      ['50501-工资福利支出', '30101-基本工资', ...wages],
      ['50501-工资福利支出', '30102-津贴补贴', '230.299000', '230.299000', ''],
      ['50502-商品和服务支出', '30201-办公费', '6.000000', '', '6.000000'],
      ['50905-离退休费', '30302-退休费', '15.080000', '15.080000', ''],
      ['', '合   计', '481.549400', '475.549400', '6.000000'],
    ]),
  });
}

describe('a 合计 printed in a column other than the name column', () => {
  it('is the total row of the table, and its sums hold', () => {
    const doc = beijingBasic();
    const t = doc.tables[0]!;
    expect(t.type).toBe('budget_basic_expenditure');
    const total = t.rows[t.rows.length - 1]!;
    expect(total.role).toBe('total');
    expect(validateDocument(doc).filter((a) => a.severity !== 'info')).toEqual([]);
  });

  it('so a row blanked above it is an error', () => {
    const anomalies = validateDocument(beijingBasic(['', '', '']));
    expect(anomalies.some((a) => a.severity === 'error' && a.rule === 'column_sum')).toBe(true);
  });
});

describe('a 栏次 row', () => {
  const table = (numbers: string[]) =>
    normalizeDocument({
      blocks: titled('2026年一般公共预算支出表', [
        ['科目编码', '科目名称', '合计', '基本支出', '项目支出'],
        ['**', '**', ...numbers],
        ['201', '一般公共服务支出', '30.00', '20.00', '10.00'],
        ['20101', '人大事务', '30.00', '20.00', '10.00'],
        ['2010101', '行政运行', '30.00', '20.00', '10.00'],
        ['', '合计', '30.00', '20.00', '10.00'],
      ]),
    }).tables[0];

  it('is not data when its numbers run 1, 2, 3', () => {
    expect(table(['1', '2', '3'])?.rows.map((r) => r.id)).toEqual(['c201', 'c20101', 'c2010101', 'total']);
  });

  it('is not data either when two columns printed the other way round carry their numbers (1 3 2)', () => {
    const t = table(['1', '3', '2']);
    expect(t?.rows.map((r) => r.id)).toEqual(['c201', 'c20101', 'c2010101', 'total']);
    expect(t?.rows.some((r) => r.label.includes('*'))).toBe(false);
  });
});

/** 西安's 部门综合预算收入总表, the 栏次 row as given: one row per unit under the 合计, no codes. */
function xianIncome(
  columnNumbers: readonly string[],
  totals?: readonly string[],
): ReturnType<typeof normalizeDocument> {
  const total = totals ?? ['3,695.91', '2,123.93', '463.23', '837.77', '270.98'];
  return normalizeDocument({
    blocks: titled('2019年部门综合预算收入总表', [
      ['单位编码', '单位名称', '总计', '部门预算', '', '', ''],
      ['', '', '', '合计', '一般公共预算拨款', '上年结转', '上年实户资金余额'],
      [...columnNumbers],
      ['', '合计', total[0]!, '3,695.91', '3,643.37', '11.61', '40.93'],
      ['125001', '西安市安全生产监督管理局', total[1]!, '2,123.93', '2,080.32', '11.61', '32.00'],
      ['125002', '西安市安全生产宣传教育中心', total[2]!, '463.23', '461.80', '', '1.43'],
      ['125003', '西安市安全生产执法监察支队', total[3]!, '837.77', '830.27', '', '7.50'],
      ['125004', '西安市安全生产应急救援中心', total[4]!, '270.98', '270.98', '', ''],
    ]),
  });
}

/** 烟台's 一般公共预算基本支出情况表: the 部门 and the 政府 经济分类 (类 | 款 | 名称 each) on one row, then the figures. */
function yantaiBasic(subsidies = '529.94'): ReturnType<typeof normalizeDocument> {
  const h = ['科目编码', '科目编码', '部门预算支出经济分类科目名称', '科目编码', '科目编码'];
  return normalizeDocument({
    blocks: titled('一般公共预算基本支出情况表', [
      [...h, '政府预算支出经济分类科目名称', '基本支出预算', '基本支出预算', '基本支出预算'],
      [
        '类',
        '款',
        '部门预算支出经济分类科目名称',
        '类',
        '款',
        '政府预算支出经济分类科目名称',
        '小计',
        '人员支出',
        '日常公用支出',
      ],
      ['', '', '合计', '', '', '', '568.74', '529.94', '38.80'],
      ['302', '', '商品和服务支出', '502', '', '机关商品和服务支出', '38.80', '', '38.80'],
      ['302', '01', '办公费', '502', '01', '办公经费', '8.80', '', '8.80'],
      ['302', '27', '委托业务费', '502', '05', '委托业务费', '30.00', '', '30.00'],
      ['303', '', '对个人和家庭补助', '509', '', '对个人和家庭的补助', subsidies, '529.94', ''],
      ['303', '01', '离休费', '509', '05', '离退休费', '23.91', '23.91', ''],
      ['303', '02', '退休费', '509', '05', '离退休费', '506.03', '506.03', ''],
    ]),
  });
}

describe('a 栏次 row as OCR reads it', () => {
  const ids = (doc: ReturnType<typeof normalizeDocument>): string[] => doc.tables[0]!.rows.map((r) => r.id);
  const printed = ids(xianIncome(['**', '**', '1', '2', '3', '4', '5']));

  it.each([
    ['the marks read as words, the 1 lost', ['米米', '炒米', '', '2', '3', '4', '5']],
    ['a 1 read as "!", the marks as one character', ['冰', '水水', '!', '2', '3', '4', '5']],
  ])('is still no data row (%s): every row keeps the id it has in the text layer', (_name, numbers) => {
    const doc = xianIncome(numbers);
    expect(printed).toEqual(['total', 'r2', 'r3', 'r4', 'r5']);
    expect(ids(doc)).toEqual(printed);
    const t = doc.tables[0]!;
    expect(t.rows.find((r) => r.id === 'r3')?.label).toBe('西安市安全生产宣传教育中心');
    expect(validateDocument(doc).filter((a) => a.severity !== 'info')).toEqual([]);
  });

  it('a row of small figures with a label is data', () => {
    const doc = xianIncome(['', '其他单位', '2', '3', '4', '5', '6']);
    expect(doc.tables[0]!.rows.some((r) => r.label === '其他单位')).toBe(true);
  });

  it('a column whose values are one row off fails the sums, on each row it moved', () => {
    const doc = xianIncome(
      ['**', '**', '1', '2', '3', '4', '5'],
      ['3,695.91', '463.23', '837.77', '270.98', ''],
    );
    const flagged = new Set(
      validateDocument(doc)
        .filter((a) => a.severity === 'error')
        .flatMap((a) => [a.row, ...a.related.map((x) => x.row)]),
    );
    for (const id of ['r2', 'r3', 'r4', 'r5']) expect(flagged.has(id)).toBe(true);
  });
});

describe('two classifications of one row, each over 类 | 款 columns', () => {
  it('are one coded row: the 部门 code places it, the 政府 code is kept beside, every sum holds', () => {
    const doc = yantaiBasic();
    const t = doc.tables[0]!;
    expect(t.type).toBe('budget_basic_expenditure');
    const row = t.rows.find((r) => r.code === '30227')!;
    expect(row).toMatchObject({ parent: 'c302', label: '委托业务费' });
    expect(row.cells['code_2']?.raw).toBe('502 05');
    expect(row.cells['basic']?.value).toBe(30);
    expect(validateDocument(doc).filter((a) => a.severity !== 'info')).toEqual([]);
  });

  it('so a changed 小计 breaks 303 = Σ 303xx, the 合计 and 小计 = 人员支出 + 日常公用支出', () => {
    const errors = validateDocument(yantaiBasic('52.99')).filter((a) => a.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 'c303', column: 'basic', found: 52.99, expected: 529.94 });
    expect(errors[0]?.suggestion?.restores).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^hierarchy_sum:t0:c303:basic/),
        expect.stringMatching(/^column_sum:t0:total:basic/),
        expect.stringMatching(/^row_identity:t0:c303:basic/),
      ]),
    );
  });
});

describe('a group printed with its own total under it', () => {
  it('"一般公共预算支出 / 合计" and "… / 总计" are both the group’s figure (上海)', () => {
    const keys = (word: string) =>
      normalizeDocument({
        blocks: titled('2026年预算单位一般公共预算支出功能分类预算表', [
          ['功能分类科目编码', '功能分类科目名称', '一般公共预算支出', '', ''],
          ['', '', word, '基本支出', '项目支出'],
          ['', '合计', '30.00', '20.00', '10.00'],
          ['201', '一般公共服务支出', '30.00', '20.00', '10.00'],
        ]),
      }).tables[0]!.columns.map((c) => c.key);
    expect(keys('合计')).toEqual(['general_budget', 'basic', 'project']);
    expect(keys('总计')).toEqual(['general_budget', 'basic', 'project']);
  });
});

describe('a 序号 column whose header kept only 号 (西安, 序 over 号, read without rules)', () => {
  it('is line numbers, never summed, even over three rows', () => {
    const doc = normalizeDocument({
      blocks: titled('部门综合预算支出总表', [
        ['号', '单位名称', '合计', '基本支出', '项目支出'],
        ['1', '合计', '250.00', '200.00', '50.00'],
        ['2', '西安市某局', '250.00', '200.00', '50.00'],
        ['3', '西安市某局（本级）', '250.00', '200.00', '50.00'],
      ]),
    });
    const t = doc.tables[0]!;
    expect(t.columns.find((c) => c.label === '号')).toMatchObject({ kind: 'number' });
    expect(validateDocument(doc).filter((a) => a.severity === 'error')).toEqual([]);
  });
});

describe('a header an unruled table reads as levels of fragments', () => {
  // 上海 普陀区 支出决算表 without its rules: each wrapped header's lines interleave with the neighbours' lines, so the
  // grid holds "本年支出合" over "计", and 类 | 款 | 项 stand on the 合计 row.
  const expenditure = () =>
    normalizeDocument({
      blocks: titled('支出决算表', [
        ['', '', '', '项目', '', '', ''],
        ['', '', '', '', '本年支出合', '', '项目支'],
        ['支出功能分类', '支出功能分类', '支出功能分类', '', '', '基本支出', ''],
        ['', '', '', '科目名称', '计', '', '出'],
        ['', '科目编码', '', '', '', '', ''],
        ['类', '款', '项', '合计', '30.00', '20.00', '10.00'],
        ['201', '', '', '一般公共服务支出', '30.00', '20.00', '10.00'],
        ['201', '06', '', '财政事务', '30.00', '20.00', '10.00'],
        ['201', '06', '01', '行政运行', '30.00', '20.00', '10.00'],
      ]),
    }).tables[0]!;

  it('joins the fragments into the header they make, and takes 类 款 项 for the code columns', () => {
    const t = expenditure();
    expect(t.type).toBe('expenditure');
    expect(t.columns.map((c) => c.key)).toEqual(['total', 'basic', 'project']);
    expect(t.rows.map((r) => r.id)).toEqual(['total', 'c201', 'c20106', 'c2010601']);
  });

  // 西安 民政局 一般公共预算支出明细表（按支出经济分类科目）: 部门经济科目名 / 称, 部门经济 / 科目编码 in two lines each.
  const economic = () =>
    normalizeDocument({
      blocks: titled(
        '一般公共预算支出明细表（按支出经济分类科目）',
        [
          ['', '部门经济', '部门经济科目名', '政府经济', '', '', '', ''],
          ['序号', '', '', '', '政府经济科目名称', '合计', '人员经费支出', '公用经费支出'],
          ['', '科目编码', '称', '科目编码', '', '', '', ''],
          ['1', '', '合计', '', '', '30.00', '20.00', '10.00'],
          ['2', '301', '工资福利支出', '', '', '20.00', '20.00', ''],
          ['3', '30101', '基本工资', '50101', '工资奖金津补贴', '20.00', '20.00', ''],
          ['4', '302', '商品和服务支出', '', '', '10.00', '', '10.00'],
          ['5', '30201', '办公费', '50201', '办公经费', '10.00', '', '10.00'],
        ],
        'g0',
        '单位：元',
      ),
    });

  it('takes a name header split over two levels for the name column, its labels no figures', () => {
    const doc = economic();
    const t = doc.tables[0]!;
    expect(t.columns.filter((c) => c.kind === 'amount').map((c) => c.key)).toEqual([
      'total',
      'personnel',
      'public_use',
    ]);
    expect(t.rows.find((r) => r.code === '30101')?.label).toBe('基本工资');
    expect(validateDocument(doc).filter((a) => a.severity === 'error')).toEqual([]);
  });
});

describe('a 基本支出决算表 of three groups side by side, printed without rules', () => {
  // 西安 卫生健康委员会 p157 read as aligned text: the code header wrapped over two lines ("科目代" / "码") with
  // 科目名称 and 决算数 centred between them, each line a header row of its own.
  const doc = (wrapped: boolean) =>
    normalizeDocument({
      blocks: titled('一般公共预算财政拨款基本支出决算表', [
        ...(wrapped
          ? [
              ['科目代', '', '', '科目代', '', '', '科目代', '', ''],
              ['', '科目名称', '决算数', '', '科目名称', '决算数', '', '科目名称', '决算数'],
              ['码', '', '', '码', '', '', '码', '', ''],
            ]
          : [
              [
                '科目代码',
                '科目名称',
                '决算数',
                '科目代码',
                '科目名称',
                '决算数',
                '科目代码',
                '科目名称',
                '决算数',
              ],
            ]),
        ['301', '工资福利支出', '100.00', '302', '商品和服务支出', '20.00', '310', '资本性支出', '7.00'],
        ['30101', '基本工资', '60.00', '30201', '办公费', '15.00', '31002', '办公设备购置', '7.00'],
        ['30102', '津贴补贴', '40.00', '30202', '印刷费', '5.00', '', '', ''],
        ['', '人员经费合计', '100.00', '', '', '', '', '公用经费合计', '27.00'],
      ]),
    });
  it('unfolds the groups as it does with the header on one line', () => {
    const rows = (d: ReturnType<typeof normalizeDocument>) =>
      d.tables[0]!.rows.map((r) => [r.id, r.cells['amount']?.raw]);
    const wrapped = doc(true);
    expect(wrapped.tables[0]!.type).toBe('basic_expenditure');
    expect(wrapped.tables[0]!.columns.map((c) => c.key)).toEqual(['amount']);
    expect(rows(wrapped)).toEqual(rows(doc(false)));
    expect(rows(wrapped)).toContainEqual(['c302', '20.00']);
    expect(validateDocument(wrapped).filter((a) => a.severity === 'error')).toEqual([]);
  });
});

describe('headers wrapped over lines an unruled table reads as levels', () => {
  // 西安 人社局 收入总表 without rules: 政府性基 / 金拨款, 事业单位经 / 营收入, 对附属单 / 位上缴收 / 入.
  const doc = (total = '30.00') =>
    normalizeDocument({
      blocks: titled('2020年部门综合预算收入总表', [
        ['单位编码', '单位名称', '合计', '政府性基', '事业单位经', '对附属单', '其他收入'],
        ['', '', '', '金拨款', '营收入', '位上缴收', ''],
        ['', '', '', '', '', '入', ''],
        ['', '合计', '30.00', '10.00', '12.00', '3.00', '5.00'],
        ['242001', '西安市人力资源和社会保障局', total, '10.00', '12.00', '3.00', '5.00'],
      ]),
    });

  it('are read as the headers they join into, each one level of its label', () => {
    const t = doc().tables[0]!;
    expect(t.type).toBe('budget_income');
    const byKey = Object.fromEntries(t.columns.map((c) => [c.key, c.label]));
    expect(byKey.government_fund).toBe('政府性基金拨款');
    expect(byKey.business_income).toBe('事业单位经营收入');
    expect(byKey.subsidiary_remit).toBe('对附属单位上缴收入');
  });

  it('so the row identity is checked, and names the columns as printed', () => {
    expect(validateDocument(doc()).filter((a) => a.severity === 'error')).toEqual([]);
    const broken = validateDocument(doc('31.00')).find(
      (a) => a.severity === 'error' && a.rule === 'row_identity',
    );
    expect(broken?.message).toContain('政府性基金拨款');
    expect(broken?.message).toContain('对附属单位上缴收入');
  });
});
