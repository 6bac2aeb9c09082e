import type { FamilyDef } from '../../types.js';
import { INCOME_BY_SOURCE } from '../shared.js';

/** 收入决算表 (公开02表): income by 科目 and by source. */
export const income: FamilyDef = {
  type: 'income',
  kind: 'final',
  name: '收入决算表',
  title: /收入决算表/,
  printed: ['收入决算表'],
  headerSignatures: [[/财政拨款收入/, /上级补助收入/]],
  layouts: [
    {
      layout: 'coded',
      note: '科目编码 (one column or 类/款/项) | 科目名称 | 合计 | 财政拨款收入 | 上级补助收入 | …',
    },
  ],
  canonicalColumns: [
    'total',
    'fiscal',
    'upper_grant',
    'business_revenue',
    'business_income',
    'subsidiary_remit',
    'other_income',
  ],
  rowRules: INCOME_BY_SOURCE,
  links: [
    {
      kind: 'same_code',
      id: 'income-expenditure',
      a: { family: 'income', column: 'total', name: '收入决算表' },
      b: { family: 'expenditure', column: 'total', name: '支出决算表' },
      balances: { family: 'income_expenditure_summary', rows: /(opening_balance|closing_balance)$/ },
    },
  ],
};
