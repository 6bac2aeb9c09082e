import type { FamilyDef } from '../../types.js';

/** 政府性基金预算财政拨款收入支出决算表 (公开07表); often empty with a 无数据 statement. */
export const governmentFund: FamilyDef = {
  type: 'government_fund',
  kind: 'final',
  name: '政府性基金预算财政拨款收入支出决算表',
  title: /政府性基金预算财政拨款(收入)?支出决算表/,
  printed: ['政府性基金预算财政拨款收入支出决算表'],
  layouts: [
    {
      layout: 'coded',
      note: '科目 | 年初结转和结余 | 本年收入 | 本年支出 (合计 | 基本 | 项目) | 年末结转和结余',
    },
  ],
  canonicalColumns: ['opening_balance', 'current_income', 'total', 'basic', 'project', 'closing_balance'],
  rowRules: [
    { total: 'total', parts: ['basic', 'project'] },
    { total: 'closing_balance', parts: ['opening_balance', 'current_income'], minus: ['total'] },
  ],
  links: [
    {
      kind: 'equal',
      id: 'fund-fiscal',
      lhs: { family: 'government_fund', row: 'total', column: 'total', name: '政府性基金表 本年支出合计' },
      rhs: [
        {
          family: 'fiscal_summary',
          row: 'expenditure:expenditure_total',
          column: 'government_fund',
          name: '财政拨款总表 政府性基金预算财政拨款',
        },
      ],
      title: '政府性基金预算财政拨款支出 = 财政拨款总表 政府性基金预算财政拨款列',
    },
  ],
};
