import type { FamilyDef } from '../../types.js';

/** 机关运行经费(支出)预算表. */
export const budgetOperatingCosts: FamilyDef = {
  type: 'budget_operating_costs',
  kind: 'budget',
  name: '机关运行经费预算表',
  title: /机关运行经费(支出)?(预算)?表/,
  printed: ['机关运行经费预算表'],
  layouts: [{ layout: 'coded', note: '科目 | 金额' }],
};
