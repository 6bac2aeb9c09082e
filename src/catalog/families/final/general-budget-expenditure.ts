import type { FamilyDef } from '../../types.js';
import { BASIC_PLUS_PROJECT } from '../shared.js';

/** 一般公共预算财政拨款支出决算表 (公开05表). */
export const generalBudgetExpenditure: FamilyDef = {
  type: 'general_budget_expenditure',
  kind: 'final',
  name: '一般公共预算财政拨款支出决算表',
  title: /一般公共预算财政拨款(项目)?支出决算表/,
  printed: ['一般公共预算财政拨款支出决算表'],
  layouts: [{ layout: 'coded', note: '科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出' }],
  canonicalColumns: ['total', 'basic', 'project'],
  rowRules: BASIC_PLUS_PROJECT,
  links: [
    {
      kind: 'equal',
      id: 'general-fiscal',
      lhs: {
        family: 'general_budget_expenditure',
        row: 'total',
        column: 'total',
        name: '一般公共预算财政拨款支出决算表 合计',
      },
      rhs: [
        {
          family: 'fiscal_summary',
          row: 'expenditure:expenditure_total',
          column: 'general_budget',
          name: '财政拨款总表 本年支出合计',
        },
      ],
      title: '一般公共预算财政拨款支出合计 = 财政拨款总表 一般公共预算财政拨款支出',
      when: { hasData: 'general_budget_expenditure' },
    },
    {
      kind: 'equal',
      id: 'basic-general',
      lhs: {
        family: 'general_budget_expenditure',
        row: 'total',
        column: 'basic',
        name: '一般公共预算财政拨款支出决算表 基本支出',
      },
      rhs: [
        { family: 'basic_expenditure', row: 'personnel_total', column: 'amount', name: '人员经费合计' },
        { family: 'basic_expenditure', row: 'public_total', column: 'amount', name: '公用经费合计' },
      ],
      title: '一般公共预算财政拨款基本支出 = 人员经费合计 + 公用经费合计',
      when: { hasData: 'general_budget_expenditure' },
    },
  ],
};
