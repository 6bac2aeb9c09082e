import type { FamilyDef } from '../../types.js';
import { BASIC_PLUS_PROJECT } from '../shared.js';

/** 政府性基金预算支出表 (预算07表); often empty with a 无数据 statement. */
export const budgetGovernmentFund: FamilyDef = {
  type: 'budget_government_fund',
  kind: 'budget',
  name: '政府性基金预算支出表',
  title: /政府性基金(预算)?(支出|收支)(功能分类)?(预算)?总?表/,
  printed: ['政府性基金支出预算表', '政府性基金收支预算表', '政府性基金预算支出表'],
  layouts: [{ layout: 'coded', note: '科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出' }],
  rowRules: BASIC_PLUS_PROJECT,
};
