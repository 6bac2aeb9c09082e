import type { FamilyDef } from '../../types.js';
import { SELF_EVALUATION_FUNDS } from './self-evaluation-project.js';

/** 部门整体支出绩效自评(指标)表. */
export const selfEvaluationOverall: FamilyDef = {
  type: 'self_evaluation_overall',
  kind: 'performance',
  name: '部门整体支出绩效自评表',
  title: /整体支出绩效自评(指标)?表/,
  printed: ['部门整体支出绩效自评表'],
  layouts: [
    {
      layout: 'self_evaluation',
      note: '资金 rows (年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分), indicators',
    },
  ],
  columnSums: false,
  rowSums: SELF_EVALUATION_FUNDS,
};
