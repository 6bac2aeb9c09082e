import { describe, expect, it } from 'vitest';
import { TableType } from '../model/index.js';
import { chooseLayout, matchFamilyTitle, normalizeDocument } from '../normalize/index.js';
import { titled } from '../../test/support/grids.js';
import { CATALOG, family } from './index.js';

describe('the catalog', () => {
  it('describes every table family of the model once', () => {
    const types = TableType.options.filter((t) => t !== 'unknown');
    expect(CATALOG.map((f) => f.type).sort()).toEqual([...types].sort());
  });

  it('names each family by every title it lists as printed (regional aliases included)', () => {
    for (const f of CATALOG)
      for (const t of f.printed) expect(matchFamilyTitle(`2026年${t}`)?.type, `${f.type}: ${t}`).toBe(f.type);
  });

  it('gives every identity and link only columns and families that exist', () => {
    const families = new Set(CATALOG.map((f) => f.type));
    for (const f of CATALOG)
      for (const l of f.links ?? []) {
        if (l.kind === 'equal') for (const r of [l.lhs, ...l.rhs]) expect(families.has(r.family)).toBe(true);
        if (l.kind === 'class_sums') expect(families.has(l.detail.family)).toBe(true);
      }
  });
});

describe('layout variants', () => {
  it('reads a 政府性基金收支表 side by side (西安) whether its 支出 side is headed 支出功能分类科目 or 功能分类科目', () => {
    const f = family('budget_government_fund');
    const side = (label: string): string =>
      `政府性基金收支表 序号 收入 支出 项目 预算数 ${label}（按大类） 预算数 部门预算支出经济分类科目（按大类） 预算数`;
    expect(chooseLayout(f, side('支出功能分类科目'))).toBe('summary');
    expect(chooseLayout(f, side('功能分类科目'))).toBe('summary');
    // A coded table's 功能分类科目编码 is not a side, even under a title that names 收入.
    expect(
      chooseLayout(f, '政府性基金收入支出预算表 功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出'),
    ).toBe('coded');
  });

  it('reads a 收入预算总表 by 功能分类 code as a coded table (上海), and by source as a two-level table (江苏)', () => {
    const f = family('budget_income');
    expect(chooseLayout(f, '收入预算总表 功能分类科目编码 功能分类科目名称 合计 财政拨款收入 事业收入')).toBe(
      'coded',
    );
    expect(chooseLayout(f, '收入预算总表 项目 金额 一般公共预算资金 小计')).toBe('two_level');
  });

  it('reads a 政府采购预算表 by function class as a coded table whose 合计 is checked (烟台), items as a grid', () => {
    const doc = normalizeDocument({
      blocks: titled('政府采购预算表', [
        ['科目编码', '', '', '科目名称', '合计', '财政拨款'],
        ['类', '款', '项', '', '', ''],
        ['', '', '', '合计', '49.33', '49.33'],
        ['201', '', '', '一般公共服务支出', '49.33', '49.33'],
        ['', '05', '', '统计信息事务', '49.33', '49.33'],
        ['', '', '01', '行政运行', '1.83', '1.83'],
        ['', '', '07', '专项普查活动', '47.50', '47.50'],
      ]),
    });
    const t = doc.tables[0];
    expect(t?.type).toBe('budget_procurement');
    expect(t?.rows.map((r) => r.id)).toEqual(['total', 'c201', 'c20105', 'c2010501', 'c2010507']);
    expect(t?.rows[0]?.cells['total']?.value).toBe(49.33);
    expect(chooseLayout(family('budget_procurement'), '政府采购预算表 采购项目 采购品目 数量 金额')).toBe(
      'generic',
    );
    expect(
      chooseLayout(
        family('budget_procurement'),
        '政府采购预算表 功能分类科目编码 功能分类科目名称 采购项目 采购目录 数量 预算金额 合计',
      ),
    ).toBe('generic');
    // Headed in other regions' words (功能分类科目编码 | 项目 | 总计): the same table.
    expect(
      chooseLayout(family('budget_procurement'), '政府采购预算表 功能分类科目编码 项目 总计 财政拨款'),
    ).toBe('coded');
  });

  it('reads a 基本支出明细表（按功能科目分） as a coded table, 序号 as line numbers and 备注 as text (西安)', () => {
    const doc = normalizeDocument({
      blocks: titled(
        '2022年部门综合预算一般公共预算基本支出明细表（按功能科目分）',
        [
          ['序号', '功能科目编码', '功能科目名称', '合计', '人员经费支出', '公用经费支出', '备注'],
          ['1', '', '合计', '300.00', '200.00', '100.00', ''],
          ['2', '201', '一般公共服务支出', '300.00', '200.00', '100.00', '含离退休'],
          ['3', '20101', '人大事务', '300.00', '200.00', '100.00', ''],
        ],
        'g0',
        '单位：元',
      ),
    });
    const t = doc.tables[0];
    expect(t?.type).toBe('budget_basic_expenditure');
    expect(t?.columns.map((c) => [c.key, c.kind])).toEqual([
      ['line_no', 'number'],
      ['total', 'amount'],
      ['personnel', 'amount'],
      ['public_use', 'amount'],
      ['note', 'text'],
    ]);
    expect(t?.rows.map((r) => r.id)).toEqual(['total', 'c201', 'c20101']);
    expect(t?.rows[1]?.cells['note']?.raw).toBe('含离退休');
  });

  it('reads 类 | 款 | 项 columns that print only the new part, and "财政拨款收入 / 小计" as the 财政拨款 figure (烟台)', () => {
    const doc = normalizeDocument({
      blocks: titled('收入总体情况表', [
        ['科目编码', '', '', '科目名称', '合计', '财政拨款收入', '', '其他收入'],
        ['类', '款', '项', '', '', '小计', '一般公共预算收入', ''],
        ['', '', '', '合计', '59.95', '59.95', '59.95', ''],
        ['223', '', '', '国有资本经营预算支出', '59.95', '59.95', '59.95', ''],
        ['', '01', '', '解决历史遗留问题及改革成本支出', '59.95', '59.95', '59.95', ''],
        ['', '', '07', '国有企业改革成本支出', '11.69', '11.69', '11.69', ''],
        ['', '', '08', '离休干部医药费补助支出', '48.26', '48.26', '48.26', ''],
      ]),
    });
    const t = doc.tables[0];
    expect(t?.type).toBe('budget_income');
    expect(t?.columns.map((c) => c.key)).toEqual(['total', 'fiscal', 'general_budget', 'other_income']);
    expect(t?.rows.map((r) => [r.id, r.parent])).toEqual([
      ['total', undefined],
      ['c223', undefined],
      ['c22301', 'c223'],
      ['c2230107', 'c22301'],
      ['c2230108', 'c22301'],
    ]);
  });
});
