import type { FamilyDef } from '../../types.js';
import { BASIC_PLUS_PROJECT } from '../shared.js';

/** 国有资本经营预算财政拨款支出决算表 (公开08表); often empty with a 无数据 statement. */
export const stateCapital: FamilyDef = {
  type: 'state_capital',
  kind: 'final',
  name: '国有资本经营预算财政拨款支出决算表',
  title: /国有资本经营预算财政拨款(收入)?支出决算表/,
  printed: ['国有资本经营预算财政拨款支出决算表'],
  layouts: [{ layout: 'coded', note: '科目 | 本年支出 (合计 | 基本支出 | 项目支出)' }],
  rowRules: BASIC_PLUS_PROJECT,
  links: [
    {
      kind: 'equal',
      id: 'capital-fiscal',
      lhs: { family: 'state_capital', row: 'total', column: 'total', name: '国有资本经营表 合计' },
      rhs: [
        {
          family: 'fiscal_summary',
          row: 'expenditure:expenditure_total',
          column: 'state_capital',
          name: '财政拨款总表 国有资本经营预算财政拨款',
        },
      ],
      title: '国有资本经营预算财政拨款支出 = 财政拨款总表 国有资本经营预算财政拨款列',
    },
  ],
};
