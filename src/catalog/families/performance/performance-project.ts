import type { FamilyDef } from '../../types.js';

/**
 * 项目支出绩效目标表 (北京 预算12表), 专项业务经费(重点项目)绩效目标表 (西安), 政策和项目预算绩效目标表: one form per
 * project — key fields (项目名称, 主管部门, 资金) and indicator rows — read like the 支出方向 form.
 */
export const performanceProject: FamilyDef = {
  type: 'performance_project',
  kind: 'performance',
  name: '项目支出绩效目标表',
  title: /(项目(支出)?(预算)?绩效目标(申报)?表|专项业务经费(重点项目)?绩效目标表|专项资金(总体)?绩效目标表)/,
  printed: ['项目支出绩效目标表', '专项业务经费绩效目标表', '政策和项目预算绩效目标表'],
  layouts: [
    { layout: 'special_fund_direction', note: 'key/value rows (项目名称 …), then 年度绩效指标 rows' },
  ],
};
