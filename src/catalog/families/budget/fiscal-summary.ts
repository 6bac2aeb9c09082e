import type { FamilyDef } from '../../types.js';
import { SUMMARY_SUMS } from '../shared.js';

/** 财政拨款收支预算总表 / 财政拨款收支总表 (预算04表). */
export const budgetFiscalSummary: FamilyDef = {
  type: 'budget_fiscal_summary',
  kind: 'budget',
  name: '财政拨款收支预算总表',
  title: /财政拨款收支(预算)?(总表|总体情况表)/,
  printed: ['财政拨款收支预算总表', '财政拨款收支总表'],
  layouts: [{ layout: 'summary', note: '收入 | 支出 (合计 | 一般公共预算 | 政府性基金 | 国有资本经营)' }],
  rowRules: [{ total: 'amount', parts: ['general_budget', 'government_fund', 'state_capital'] }],
  rowSums: SUMMARY_SUMS,
};
