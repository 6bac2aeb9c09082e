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
