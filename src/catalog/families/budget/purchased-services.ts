import type { FamilyDef } from '../../types.js';

/** 政府购买服务预算(明细)表 (北京 预算11表): kept as a grid. */
export const budgetPurchasedServices: FamilyDef = {
  type: 'budget_purchased_services',
  kind: 'budget',
  name: '政府购买服务预算表',
  title: /政府购买服务(预算)?(明细)?表/,
  printed: ['政府购买服务明细表', '政府购买服务预算表'],
  layouts: [{ layout: 'generic', note: 'service | amount; no fixed identities' }],
};
