import type { FamilyDef } from '../../types.js';

/**
 * 项目支出绩效目标表 (北京 预算12表), 专项业务经费(重点项目)绩效目标表 (西安), 政策和项目预算绩效目标表: one form per
 * project — key fields (项目名称, 主管部门, 资金) and indicator rows — read like the 支出方向 form.
 */
export const performanceProject: FamilyDef = {
  type: 'performance_project',
  kind: 'performance',
  name: '项目支出绩效目标表',
  title:
    /(项目(支出)?(预算)?绩效目标(申报)?表|专项业务经费(重点项目)?绩效目标表|专项资金(总体)?(支出)?绩效目标表)/,
  printed: ['项目支出绩效目标表', '专项业务经费绩效目标表', '政策和项目预算绩效目标表'],
  // 烟台 and 西安 print the title once above a run of forms (or leave it off): each form opens with 项目名称,
  // 主管部门 (及代码) and its 资金 line; a 自评 form, which opens the same way, states 执行数 and 得分 instead.
  headerSignatures: [
    [
      /(项目|专项(\(项目\))?)名称/,
      /主管部门/,
      /(项目|实施期|年度)(预算)?资金|资金(总额|金额)/,
      /^(?!.*(执行数|得分|实际完成|自评))/,
    ],
  ],
  layouts: [
    {
      layout: 'indicator_grid',
      header: [/项目名称/, /项目总额/, /一级指标/],
      note: '北京 预算12表: 项目名称 | 项目总额 | 财政资金 | 其他资金 | 绩效目标 | 一级/二级/三级指标 | 性质 | 指标值 | 度量单位, many projects, over pages',
    },
    { layout: 'special_fund_direction', note: 'key/value rows (项目名称 …), then 年度绩效指标 rows' },
  ],
};
