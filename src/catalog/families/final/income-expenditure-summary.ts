import type { FamilyDef } from '../../types.js';
import { SUMMARY_SUMS } from '../shared.js';

/** 收入支出决算总表 (公开01表): 收入 | 支出 side by side, with 结转结余 lines. */
export const incomeExpenditureSummary: FamilyDef = {
  type: 'income_expenditure_summary',
  kind: 'final',
  name: '收入支出决算总表',
  title: /收入支出决算总表/,
  printed: ['收入支出决算总表'],
  layouts: [{ layout: 'summary', note: '收入 | 支出, each 项目 | 行次 | 金额/决算数' }],
  rowSums: SUMMARY_SUMS,
  links: [
    {
      kind: 'equal',
      id: 'summary-income',
      lhs: {
        family: 'income_expenditure_summary',
        row: 'income:income_total',
        column: 'amount',
        name: '收入支出决算总表 本年收入合计',
      },
      rhs: [{ family: 'income', row: 'total', column: 'total', name: '收入决算表 合计' }],
      title: '收入支出决算总表 本年收入合计 = 收入决算表 合计',
    },
    {
      kind: 'equal',
      id: 'summary-expenditure',
      lhs: {
        family: 'income_expenditure_summary',
        row: 'expenditure:expenditure_total',
        column: 'amount',
        name: '收入支出决算总表 本年支出合计',
      },
      rhs: [{ family: 'expenditure', row: 'total', column: 'total', name: '支出决算表 合计' }],
      title: '收入支出决算总表 本年支出合计 = 支出决算表 合计',
    },
    {
      kind: 'class_sums',
      summary: { family: 'income_expenditure_summary', section: 'expenditure', column: 'amount' },
      detail: { family: 'expenditure', column: 'total' },
      name: '收入支出决算总表',
    },
  ],
};
