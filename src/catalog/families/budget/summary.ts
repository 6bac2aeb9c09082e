import type { FamilyDef } from '../../types.js';
import { SUMMARY_SUMS } from '../shared.js';

/** Columns of a 支出总表 by source of funds that carry last year's money (上年结转, 上年实户资金余额 …). */
/** The 支出预算总表's 合计 row (its first, uncoded), the right-hand side of both links below. */
const EXPENDITURE_TABLE_TOTAL = {
  family: 'budget_expenditure',
  row: '@first',
  column: 'total',
  name: '支出预算总表 合计',
  uncoded: true,
} as const;

const BALANCE_COLUMNS = ['opening_balance', 'account_balance', 'non_fiscal_balance_used'];

/** 收支预算总表 / 部门收支总表 / 财务收支预算总表 (预算01表 in most regions). */
export const budgetSummary: FamilyDef = {
  type: 'budget_summary',
  kind: 'budget',
  name: '收支预算总表',
  // Not 西安's "政府性基金收支总表", which is the 政府性基金 table.
  title: /^(?!.*(政府性基金|国有资本经营)).*(收支预算总表|部门收支总表|收支总表|收支总体情况表)/,
  printed: ['收支预算总表', '部门收支总表', '财务收支预算总表', '收支总体情况表'],
  layouts: [
    {
      layout: 'summary',
      note: '收入 | 支出 side by side (江苏: a third side by 支出用途; 上海: 项目 | 预算数 twice)',
    },
  ],
  rowSums: SUMMARY_SUMS,
  links: [
    {
      kind: 'equal',
      id: 'budget-summary-income',
      lhs: {
        family: 'budget_summary',
        row: 'income:grand_total',
        column: 'amount',
        name: '收支预算总表 收入合计',
      },
      rhs: [{ family: 'budget_income', row: 'total', column: 'amount', name: '收入预算总表 收入总计' }],
      title: '收支预算总表 收入合计 = 收入预算总表 收入总计',
    },
    {
      kind: 'equal',
      id: 'budget-summary-expenditure',
      lhs: {
        family: 'budget_summary',
        row: 'expenditure:expenditure_total',
        column: 'amount',
        name: '收支预算总表 本年支出合计',
      },
      rhs: [EXPENDITURE_TABLE_TOTAL],
      title: '收支预算总表 本年支出合计 = 支出预算总表 合计',
      when: { lacksColumnData: { family: 'budget_expenditure', columns: BALANCE_COLUMNS } },
    },
    {
      // 西安's 支出总表 prints the spending by source of funds, 上年结转 and 上年实户资金余额 among them: its 合计 is
      // the 总表's 支出总计, not the 本年支出合计 (应急管理局: 3,695.91 = 3,643.37 + 上年结转 11.61 + 实户 40.93).
      kind: 'equal',
      id: 'budget-summary-expenditure',
      lhs: {
        family: 'budget_summary',
        row: 'expenditure:grand_total',
        column: 'amount',
        name: '收支预算总表 支出总计',
      },
      rhs: [EXPENDITURE_TABLE_TOTAL],
      title: '收支预算总表 支出总计 = 支出预算总表 合计（含上年结转资金）',
      when: { columnData: { family: 'budget_expenditure', columns: BALANCE_COLUMNS } },
    },
  ],
};
