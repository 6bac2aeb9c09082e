import type { FamilyDef } from '../../types.js';

/** 政府采购预算表 / 政府采购明细表: kept as a grid with amounts. */
export const budgetProcurement: FamilyDef = {
  type: 'budget_procurement',
  kind: 'budget',
  name: '政府采购预算表',
  title: /政府采购.{0,16}表/,
  printed: ['政府采购预算表', '政府采购明细表'],
  layouts: [{ layout: 'generic', note: 'items with 采购品目 and amounts; no fixed identities' }],
};
