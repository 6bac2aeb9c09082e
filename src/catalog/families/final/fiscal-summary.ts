import type { FamilyDef } from '../../types.js';
import { SUMMARY_SUMS } from '../shared.js';

/** 财政拨款收入支出决算总表 (公开04表): the 总表 of the 财政拨款 part, 支出 split by 一般公共预算 / 基金 / 国资. */
export const fiscalSummary: FamilyDef = {
  type: 'fiscal_summary',
  kind: 'final',
  name: '财政拨款收入支出决算总表',
  title: /财政拨款收入支出决算总表/,
  printed: ['财政拨款收入支出决算总表'],
  layouts: [
    { layout: 'summary', note: '收入 | 支出 (合计 | 一般公共预算财政拨款 | 政府性基金 | 国有资本经营)' },
  ],
  rowRules: [{ total: 'amount', parts: ['general_budget', 'government_fund', 'state_capital'] }],
  rowSums: SUMMARY_SUMS,
  links: [
    {
      kind: 'equal',
      id: 'fiscal-income',
      lhs: {
        family: 'fiscal_summary',
        row: 'income:income_total',
        column: 'amount',
        name: '财政拨款收入支出决算总表 本年收入合计',
      },
      rhs: [{ family: 'income', row: 'total', column: 'fiscal', name: '收入决算表 合计' }],
      title: '财政拨款总表 本年收入合计 = 收入决算表 财政拨款收入合计',
    },
    {
      kind: 'class_sums',
      summary: { family: 'fiscal_summary', section: 'expenditure', column: 'general_budget' },
      detail: { family: 'general_budget_expenditure', column: 'total' },
      name: '财政拨款收入支出决算总表',
      when: { hasData: 'general_budget_expenditure' },
    },
  ],
};
