import type { FamilyDef } from '../../types.js';
import { BASIC_PLUS_PROJECT } from '../shared.js';

/** 国有资本经营预算支出表 (预算08表); often empty with a 无数据 statement. */
export const budgetStateCapital: FamilyDef = {
  type: 'budget_state_capital',
  kind: 'budget',
  name: '国有资本经营预算支出表',
  title: /国有资本经营(预算)?(支出|收支)(功能分类)?(预算)?表/,
  printed: ['国有资本经营支出预算表', '国有资本经营预算支出表'],
  layouts: [{ layout: 'coded', note: '科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出' }],
  rowRules: BASIC_PLUS_PROJECT,
};
