import type { FamilyDef } from '../../types.js';

/** 支出预算总表 / 部门支出总表 (预算03表): by 科目, 基本支出 | 项目支出 | …. */
export const budgetExpenditure: FamilyDef = {
  type: 'budget_expenditure',
  kind: 'budget',
  name: '支出预算总表',
  title: /(支出预算总表|支出预算表|部门支出总表|支出总表|支出总体情况表)/,
  printed: ['支出预算总表', '部门支出总表', '支出总体情况表'],
  layouts: [{ layout: 'coded', note: '科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 | …' }],
  rowRules: [
    {
      total: 'total',
      parts: [
        'basic',
        'project',
        'reserve',
        'carry_forward',
        'upper_remit',
        'business_expenditure',
        'subsidiary_grant',
      ],
    },
  ],
};
