import type { FamilyDef } from '../../types.js';

/** 部门整体支出绩效目标(申报)表: key fields (资金总额, 基本/项目支出, sources) and indicator rows. */
export const performanceOverall: FamilyDef = {
  type: 'performance_overall',
  kind: 'performance',
  name: '部门整体支出绩效目标表',
  title: /整体(支出)?(预算)?绩效目标(申报)?表/,
  printed: ['部门整体支出绩效目标表', '部门整体预算绩效目标申报表'],
  layouts: [
    {
      layout: 'performance_overall',
      note: 'key/value rows, then 年度重点工作计划 and 年度绩效指标 sections',
    },
  ],
  fieldSums: [
    {
      tag: 'by_nature',
      total: ['total_funds', '资金总额'],
      parts: [
        ['basic_expenditure', '基本支出'],
        ['project_expenditure', '项目支出'],
      ],
      title: '资金总额 = 基本支出 + 项目支出',
    },
    {
      tag: 'by_source',
      total: ['total_funds', '资金总额'],
      parts: [
        ['general_budget', '一般公共预算拨款'],
        ['government_fund', '政府性基金拨款'],
        ['other_funds', '其他资金'],
      ],
      title: '资金总额 = 一般公共预算拨款 + 政府性基金拨款 + 其他资金',
    },
  ],
  links: [{ kind: 'fund_forms' }],
};
