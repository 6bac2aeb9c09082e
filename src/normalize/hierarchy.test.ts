import { describe, expect, it } from 'vitest';
import { titled } from '../../test/support/grids.js';
import { validateDocument } from '../validate/index.js';
import { normalizeDocument } from './index.js';

const HEADER = ['科目编码', '科目名称', '合计', '人员经费支出', '公用经费支出', '专项业务经费支出'];

describe('rows placed where no code places them', () => {
  it('units listed 汇总 then each unit, 款 printed by name only (西安 部门综合预算): no sum counted twice', () => {
    const doc = normalizeDocument({
      blocks: titled(
        '2019年部门综合预算一般公共预算支出明细表（按支出功能分类科目）',
        [
          HEADER,
          ['**', '**', '1', '2', '3', '4'],
          ['', '合计', '150.00', '100.00', '20.00', '30.00'],
          ['', '西安市安全生产监督管理局', '100.00', '60.00', '10.00', '30.00'],
          ['208', '社会保障和就业支出', '40.00', '30.00', '10.00', ''],
          ['', '行政事业单位离退休', '40.00', '30.00', '10.00', ''],
          ['2080505', '机关事业单位基本养老保险缴费支出', '30.00', '30.00', '', ''],
          ['2080506', '机关事业单位职业年金缴费支出', '10.00', '', '10.00', ''],
          ['224', '灾害防治及应急管理支出', '60.00', '30.00', '', '30.00'],
          ['2240106', '安全监管', '60.00', '30.00', '', '30.00'],
          ['', '西安市安全生产宣传教育中心', '50.00', '40.00', '10.00', ''],
          ['208', '社会保障和就业支出', '50.00', '40.00', '10.00', ''],
          ['2080505', '机关事业单位基本养老保险缴费支出', '50.00', '40.00', '10.00', ''],
        ],
        'g0',
        '单位：万元',
      ),
    });
    const t = doc.tables[0]!;
    expect(t.type).toBe('budget_general_expenditure');
    // The 栏次 row of bare column numbers is not data.
    expect(t.rows.some((r) => r.cells['total']?.value === 1)).toBe(false);
    const byLabel = (l: string, n = 0) => t.rows.filter((r) => r.label === l)[n]!;
    expect(byLabel('行政事业单位离退休').parent).toBe(byLabel('社会保障和就业支出').id);
    expect(byLabel('机关事业单位基本养老保险缴费支出').parent).toBe(byLabel('行政事业单位离退休').id);
    // The second unit's 208 block belongs to that unit, not the first one's.
    expect(byLabel('机关事业单位基本养老保险缴费支出', 1).parent).toBe(byLabel('社会保障和就业支出', 1).id);
    expect(byLabel('社会保障和就业支出').parent).toBe(byLabel('西安市安全生产监督管理局').id);
    expect(byLabel('社会保障和就业支出', 1).parent).toBe(byLabel('西安市安全生产宣传教育中心').id);
    expect(validateDocument(doc).filter((a) => a.severity === 'error')).toEqual([]);
  });

  it('a zero printed as "-" or "—" counts as 0 in the sums that place the rows (as a blank does)', () => {
    const doc = normalizeDocument({
      blocks: titled(
        '一般公共预算支出明细表（按支出功能分类科目）',
        [
          HEADER,
          ['', '合计', '150.00', '100.00', '20.00', '30.00'],
          ['', '甲单位', '100.00', '60.00', '10.00', '30.00'],
          ['208', '社会保障和就业支出', '40.00', '30.00', '10.00', '-'],
          ['224', '灾害防治及应急管理支出', '60.00', '30.00', '—', '30.00'],
          ['', '乙单位', '50.00', '40.00', '10.00', '-'],
          ['208', '社会保障和就业支出', '50.00', '40.00', '10.00', '－'],
          ['', '丙单位', '-', '-', '-', '-'],
        ],
        'g0',
        '单位：万元',
      ),
    });
    const t = doc.tables[0]!;
    const byLabel = (l: string, n = 0) => t.rows.filter((r) => r.label === l)[n]!;
    expect(byLabel('社会保障和就业支出').parent).toBe(byLabel('甲单位').id);
    expect(byLabel('社会保障和就业支出', 1).parent).toBe(byLabel('乙单位').id);
    expect(validateDocument(doc).filter((a) => a.severity === 'error')).toEqual([]);
  });

  it('a real fault in such a table is still an error', () => {
    const doc = normalizeDocument({
      blocks: titled('一般公共预算支出明细表（按支出功能分类科目）', [
        HEADER,
        ['', '合计', '150.00', '100.00', '20.00', '30.00'],
        ['', '甲单位', '100.00', '60.00', '10.00', '30.00'],
        ['208', '社会保障和就业支出', '40.00', '30.00', '10.00', ''],
        ['224', '灾害防治及应急管理支出', '60.00', '30.00', '', '30.00'],
        ['', '乙单位', '50.00', '40.00', '10.00', ''],
        ['208', '社会保障和就业支出', '57.00', '40.00', '10.00', ''],
      ]),
    });
    expect(validateDocument(doc).some((a) => a.severity === 'error')).toBe(true);
  });

  it('drops the header a long table prints again on each page (北京 预算03表), so its sums are checked', () => {
    const doc = normalizeDocument({
      blocks: titled('预算03表支出总表', [
        ['科目编码', '科目名称', '合计', '基本支出', '项目支出'],
        ['', '合计', '30.00', '20.00', '10.00'],
        ['201', '一般公共服务支出', '30.00', '20.00', '10.00'],
        ['20101', '人大事务', '30.00', '20.00', '10.00'],
        ['科目编码', '科目名称', '合计', '基本支出', '项目支出'],
        ['2010101', '行政运行', '30.00', '20.00', '10.00'],
      ]),
    });
    const t = doc.tables[0]!;
    expect(t.rows.map((r) => r.id)).toEqual(['total', 'c201', 'c20101', 'c2010101']);
    const anomalies = validateDocument(doc);
    expect(anomalies.filter((a) => a.rule === 'structure_suspect' || a.rule === 'parse_error')).toEqual([]);
  });

  it('two classifications side by side (西安 部门经济 | 政府经济科目编码): the row keeps its 部门 code and its place', () => {
    const doc = normalizeDocument({
      blocks: titled(
        '部门综合预算一般公共预算支出明细表（按支出经济分类科目）',
        [
          [
            '部门经济科目编码',
            '部门经济科目名称',
            '政府经济科目编码',
            '政府经济科目名称',
            '合计',
            '人员经费支出',
            '公用经费支出',
            '专项业务经费支出',
            '备注',
          ],
          ['合计', '', '', '', '100.00', '60.00', '10.00', '30.00', ''],
          ['301', '工资福利支出', '', '', '60.00', '60.00', '', '', ''],
          ['30101', '基本工资', '50101', '工资奖金津补贴', '20.00', '20.00', '', '', ''],
          ['3010201', '津贴补贴', '50101', '工资奖金津补贴', '30.00', '30.00', '', '', ''],
          ['30113', '住房公积金', '50103', '住房公积金', '10.00', '10.00', '', '', ''],
          ['302', '商品和服务支出', '', '', '40.00', '', '10.00', '30.00', ''],
          ['30201', '办公费', '50201', '办公经费', '40.00', '', '10.00', '30.00', ''],
        ],
        'g0',
        '单位：元',
      ),
    });
    const t = doc.tables[0]!;
    const row = (code: string) => t.rows.find((r) => r.code === code);
    expect(row('30101')?.parent).toBe(row('301')?.id);
    // A 7-digit 部门 sub-item whose 款 (30102) is not printed adds into the 类.
    expect(row('3010201')?.parent).toBe(row('301')?.id);
    const second = t.columns.find((c) => c.kind === 'code')!;
    expect(second.label).toBe('政府经济科目编码');
    expect(row('30201')?.cells[second.key]?.raw).toBe('50201');
    expect(row('30201')?.cells[second.key]?.value).toBeNull();
    expect(validateDocument(doc).filter((a) => a.severity === 'error')).toEqual([]);
  });

  it('a 基本支出 table read as a coded table places its units by their sums (西安 应急管理局)', () => {
    const doc = normalizeDocument({
      blocks: titled(
        '2019年部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）',
        [
          ['功能科目编码', '功能科目名称', '合计', '人员经费支出', '公用经费支出', '备注'],
          ['', '合计', '150.00', '130.00', '20.00', ''],
          ['125001', '甲单位', '100.00', '90.00', '10.00', ''],
          ['208', '社会保障和就业支出', '40.00', '30.00', '10.00', ''],
          ['2080505', '机关事业单位基本养老保险缴费支出', '40.00', '30.00', '10.00', ''],
          ['224', '灾害防治及应急管理支出', '60.00', '60.00', '', ''],
          ['2240106', '安全监管', '60.00', '60.00', '', ''],
          ['125002', '乙单位', '50.00', '40.00', '10.00', ''],
          ['208', '社会保障和就业支出', '50.00', '40.00', '10.00', ''],
          ['2080505', '机关事业单位基本养老保险缴费支出', '50.00', '40.00', '10.00', ''],
        ],
        'g0',
        '单位：万元',
      ),
    });
    const t = doc.tables[0]!;
    expect(t.type).toBe('budget_basic_expenditure');
    const byLabel = (l: string, n = 0) => t.rows.filter((r) => r.label === l)[n]!;
    expect(byLabel('社会保障和就业支出', 1).parent).toBe(byLabel('乙单位').id);
    expect(validateDocument(doc).filter((a) => a.severity === 'error')).toEqual([]);
  });

  it('a wrong unit 合计 is the one broken sum: the other columns still place the rows (西安 应急管理局)', () => {
    const doc = normalizeDocument({
      blocks: titled('2019年部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）', [
        ['功能科目编码', '功能科目名称', '合计', '人员经费支出', '公用经费支出', '备注'],
        ['', '合计', '150.00', '130.00', '20.00', ''],
        ['', '甲单位', '110.00', '90.00', '10.00', ''],
        ['208', '社会保障和就业支出', '40.00', '30.00', '10.00', ''],
        ['224', '灾害防治及应急管理支出', '60.00', '60.00', '', ''],
        ['', '乙单位', '50.00', '40.00', '10.00', ''],
        ['208', '社会保障和就业支出', '50.00', '40.00', '10.00', ''],
      ]),
    });
    const t = doc.tables[0]!;
    const byLabel = (l: string, n = 0) => t.rows.filter((r) => r.label === l)[n]!;
    expect(byLabel('灾害防治及应急管理支出').parent).toBe(byLabel('甲单位').id);
    const errors = validateDocument(doc).filter((a) => a.severity === 'error');
    // Only the 合计 column is wrong, at 甲单位; no column doubled by a flat reading.
    expect(errors.length).toBeGreaterThan(0);
    expect(
      errors.every((a) => a.column === 'total' && (a.row === byLabel('甲单位').id || a.row === 'total')),
    ).toBe(true);
  });

  it('a 总表 with 支出 printed twice by 经济分类 (西安: 部门预算 and 政府预算) keeps each side apart', () => {
    const doc = normalizeDocument({
      blocks: titled(
        '部门综合预算收支总表',
        [
          [
            '项目',
            '预算数',
            '支出功能分类科目（按大类）',
            '预算数',
            '部门预算支出经济分类科目（按大类）',
            '预算数',
            '政府预算支出经济分类科目（按大类）',
            '预算数',
          ],
          [
            '一、部门预算',
            '100.00',
            '一、部门预算',
            '100.00',
            '一、部门预算',
            '100.00',
            '一、部门预算',
            '100.00',
          ],
          [
            '1、财政拨款',
            '100.00',
            '1、一般公共服务支出',
            '100.00',
            '1、人员经费和公用经费支出',
            '100.00',
            '1、机关工资福利支出',
            '60.00',
          ],
          ['', '', '', '', '(1)工资福利支出', '60.00', '2、机关商品和服务支出', '40.00'],
          ['', '', '', '', '(2)商品和服务支出', '40.00', '', ''],
          [
            '本年收入合计',
            '100.00',
            '本年支出合计',
            '100.00',
            '本年支出合计',
            '100.00',
            '本年支出合计',
            '100.00',
          ],
          ['收入总计', '100.00', '支出总计', '100.00', '支出总计', '100.00', '支出总计', '100.00'],
        ],
        'g0',
        '单位：元',
      ),
    });
    const t = doc.tables[0]!;
    expect(t.type).toBe('budget_summary');
    const heads = t.rows.filter((r) => r.label === '一、部门预算');
    expect(new Set(heads.map((r) => r.section)).size).toBe(4);
    expect(heads.every((r) => r.parent === undefined)).toBe(true);
    expect(validateDocument(doc).filter((a) => a.severity === 'error')).toEqual([]);
  });

  it('a department row over its many units (西安 收入总表: 252 then 252001 … 252061) is their parent', () => {
    const units = Array.from({ length: 61 }, (_, i) => [
      `252${String(i + 1).padStart(3, '0')}`,
      `单位${i + 1}`,
      (1000 + i * 37.13).toFixed(2),
    ]);
    const sum = units.reduce((a, u) => a + Number(u[2]), 0).toFixed(2);
    const doc = normalizeDocument({
      blocks: titled(
        '2022年部门综合预算收入总表',
        [['单位编码', '单位名称', '合计'], ['', '合计', sum], ['252', '西安市生态环境局', sum], ...units],
        'g0',
        '单位：元',
      ),
    });
    const t = doc.tables[0]!;
    expect(t.type).toBe('budget_income');
    const dept = t.rows.find((r) => r.label === '西安市生态环境局')!;
    expect(t.rows.filter((r) => r.parent === dept.id)).toHaveLength(61);
    expect(validateDocument(doc).filter((a) => a.severity === 'error')).toEqual([]);
  });

  it('a 收入总表 by unit with 上年实户资金余额 (西安): the column is a source of 合计', () => {
    const doc = normalizeDocument({
      blocks: titled(
        '2022年部门综合预算收入总表',
        [
          ['单位编码', '单位名称', '合计', '一般公共预算拨款', '上年结转', '上年实户资金余额', '其他收入'],
          ['', '合计', '110.00', '100.00', '0', '10.00', '0'],
          ['204001', '甲单位', '110.00', '100.00', '0', '10.00', '0'],
        ],
        'g0',
        '单位：元',
      ),
    });
    const t = doc.tables[0]!;
    expect(t.type).toBe('budget_income');
    expect(t.columns.map((c) => c.key)).toContain('account_balance');
    expect(validateDocument(doc).filter((a) => a.severity === 'error')).toEqual([]);
  });

  it('西安 names its 支出 label columns by the classification alone: each is a side of its own', () => {
    const doc = normalizeDocument({
      blocks: titled(
        '2020年部门综合预算收支总表',
        [
          ['项 目', '预算数', '支出功能分类', '预算数', '部门预算支出经济分类', '预算数'],
          [
            '(1)一般公共预算拨款收入',
            '100.00',
            '1、一般公共服务',
            '100.00',
            '1、人员经费和公用经费支出',
            '100.00',
          ],
          ['本年收入合计', '100.00', '本年支出合计', '100.00', '本年支出合计', '100.00'],
          ['收入总计', '100.00', '支出总计', '100.00', '支出总计', '100.00'],
        ],
        'g0',
        '单位：万元',
      ),
    });
    const t = doc.tables[0]!;
    expect(new Set(t.rows.map((r) => r.section))).toEqual(
      new Set(['income', 'expenditure', 'expenditure_use']),
    );
    expect(t.columns.map((c) => c.key)).toEqual(['amount']);
    expect(validateDocument(doc).filter((a) => a.severity !== 'info')).toEqual([]);
  });

  it('西安 政府性基金收支表 printed like a 总表 (收入 | 支出 by 功能分类 | by 经济分类) is read by sides', () => {
    const doc = normalizeDocument({
      blocks: titled(
        '2021年部门综合预算政府性基金收支表（不含上年结转）',
        [
          ['收入', '', '支出', '', '', ''],
          [
            '项目',
            '预算数',
            '支出功能分类科目（按大类）',
            '预算数',
            '部门预算支出经济分类科目（按大类）',
            '预算数',
          ],
          ['一、政府性基金拨款', '50.00', '一、科学技术支出', '20.00', '一、人员经费和公用经费支出', '50.00'],
          ['', '', '二、其他支出', '30.00', '', ''],
          ['本年收入合计', '50.00', '本年支出合计', '50.00', '本年支出合计', '50.00'],
        ],
        'g0',
        '单位：元',
      ),
    });
    const t = doc.tables[0]!;
    expect(t.type).toBe('budget_government_fund');
    expect(t.rows.find((r) => r.id === 'expenditure:expenditure_total')?.cells['amount']?.value).toBe(50);
    expect(validateDocument(doc).filter((a) => a.severity === 'error')).toEqual([]);
  });

  it('烟台 收支总体情况表: 一般公共预算收入 indented under 一、财政拨款收入 counts once, 上级补助收入 below 本年收入合计 goes to 收入总计', () => {
    const rows = (grand: string) => [
      ['项目', '预算数', '项目', '预算数'],
      ['一、财政拨款收入', '45,832.29', '一、一般公共服务支出', '45,907.29'],
      ['一般公共预算收入', '41,966.15', '二、外交支出', ''],
      ['政府性基金预算收入', '3,806.19', '三、公共安全支出', ''],
      ['国有资本经营预算收入', '59.95', '', ''],
      ['五、其他收入', '75.00', '', ''],
      ['本年收入合计', '45,907.29', '本年支出合计', '45,907.29'],
      ['上级补助收入', '60.00', '', ''],
      ['上年结转', '', '结转下年', '60.00'],
      ['收入总计', grand, '支出总计', '45,967.29'],
    ];
    const errors = (grand: string) => {
      const doc = normalizeDocument({ blocks: titled('收支总体情况表', rows(grand)) });
      expect(doc.tables[0]?.type).toBe('budget_summary');
      return validateDocument(doc).filter((a) => a.severity === 'error');
    };
    expect(errors('45,967.29')).toEqual([]);
    expect(errors('45,907.29').map((a) => a.rule)).toContain('column_sum');
  });

  it('an empty column left of the table (北京 预算03表 framed) is no column: the codes are read', () => {
    const doc = normalizeDocument({
      blocks: titled('预算03表支出总表', [
        ['', '支出功能分类科目', '政府支出经济分类科目', '合计', '基本支出', '项目支出'],
        ['', '2130201-行政运行', '50101-工资奖金津补贴', '142.488000', '142.488000', ''],
        ['', '2130202-一般行政管理事务', '50201-办公经费', '10.000000', '', '10.000000'],
        ['', '合计', '', '152.488000', '142.488000', '10.000000'],
      ]),
    });
    const t = doc.tables[0]!;
    expect(t.type).toBe('budget_expenditure');
    expect(t.rows.map((r) => r.code ?? r.id)).toEqual(['2130201', '2130202', 'total']);
    expect(validateDocument(doc).filter((a) => a.severity === 'error')).toEqual([]);
  });
});
