import type { FamilyDef } from '../../types.js';

/** 财政拨款(上年)结转资金支出表 (西安 部门综合预算): kept as a grid. */
export const budgetCarryover: FamilyDef = {
  type: 'budget_carryover',
  kind: 'budget',
  name: '财政拨款结转资金支出表',
  title: /(上年)?结转资金(支出)?(预算)?表/,
  printed: ['财政拨款结转资金支出表', '财政拨款上年结转资金支出表'],
  layouts: [{ layout: 'generic', note: '科目 | 结转资金 by fund; no fixed identities' }],
};
