import type { FamilyDef } from '../../types.js';
import { SUMMARY_SUMS } from '../shared.js';

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
      rhs: [
        {
          family: 'budget_expenditure',
          row: '@first',
          column: 'total',
          name: '支出预算总表 合计',
          uncoded: true,
        },
      ],
      title: '收支预算总表 本年支出合计 = 支出预算总表 合计',
    },
  ],
};
