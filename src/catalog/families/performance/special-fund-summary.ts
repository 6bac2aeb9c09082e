import type { FamilyDef } from '../../types.js';

/** 专项资金绩效目标汇总表: 合计, 专项 rows (一、二 …) and their 支出方向 rows (1, 2 …). */
export const specialFundSummary: FamilyDef = {
  type: 'special_fund_summary',
  kind: 'performance',
  name: '专项资金绩效目标汇总表',
  title: /专项资金绩效目标汇总表/,
  printed: ['专项资金绩效目标汇总表'],
  layouts: [{ layout: 'special_fund_summary', note: '序号 | 名称 | 金额 | 实施期绩效目标 | 年度绩效目标' }],
};
