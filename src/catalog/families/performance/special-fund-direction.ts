import type { FamilyDef } from '../../types.js';

/** 专项资金支出方向绩效目标表: key fields, 支出明细 with a 合计, indicators. */
export const specialFundDirection: FamilyDef = {
  type: 'special_fund_direction',
  kind: 'performance',
  name: '专项资金支出方向绩效目标表',
  title: /专项资金支出方向绩效目标表/,
  printed: ['专项资金支出方向绩效目标表'],
  layouts: [
    {
      layout: 'special_fund_direction',
      note: 'key/value rows, 支出明细 (内容 | 明细 | 金额 | 测算依据), indicators',
    },
  ],
  fieldSums: [
    {
      tag: 'amounts',
      total: ['project_amount', '项目金额'],
      parts: [['amount', '金额']],
      title: '项目金额 = 所属专项金额',
    },
  ],
};
