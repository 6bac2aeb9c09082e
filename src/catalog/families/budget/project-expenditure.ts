import type { FamilyDef } from '../../types.js';

/** 项目支出预算表 / 专项业务经费支出表 (西安) / 项目支出预算情况表 (烟台): one row per project, kept as a grid. */
export const budgetProjectExpenditure: FamilyDef = {
  type: 'budget_project_expenditure',
  kind: 'budget',
  name: '项目支出预算表',
  title: /(项目支出(预算)?(情况|明细)?表|专项业务经费(支出)?表)/,
  printed: ['项目支出预算表', '专项业务经费支出表', '项目支出预算情况表'],
  layouts: [
    {
      layout: 'generic',
      note: 'project name | funding columns; layouts differ by region, no fixed identities',
    },
  ],
};
