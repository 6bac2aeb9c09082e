import type { FamilyDef, RowSum } from '../../types.js';

/** 自评表: 年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金, per amount column. */
export const SELF_EVALUATION_FUNDS: readonly RowSum[] = [
  {
    rule: 'column_sum',
    total: 'fund:total',
    parts: { section: 'funds', exclude: /^fund:total$/ },
    columns: ['initial_budget', 'full_year_budget', 'executed'],
    // Without the 当年财政拨款 line (a garbled export) the sum would be meaningless.
    requires: 'fund:current',
    title: '年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金',
  },
];

/** 项目支出绩效自评表. */
export const selfEvaluationProject: FamilyDef = {
  type: 'self_evaluation_project',
  kind: 'performance',
  name: '项目支出绩效自评表',
  title: /(项目(支出)?|专项资金)绩效自评表/,
  printed: ['项目支出绩效自评表', '专项资金绩效自评表'],
  // A 自评 form whose title was lost: it opens with 项目名称 and 主管部门, and its 资金 rows state what was spent.
  headerSignatures: [[/项目名称/, /主管部门/, /执行数/, /得分/]],
  layouts: [{ layout: 'self_evaluation', note: '资金 rows and indicators, like the 整体 form' }],
  columnSums: false,
  rowSums: SELF_EVALUATION_FUNDS,
};
