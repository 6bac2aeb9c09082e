import type { FamilyDef } from '../../types.js';
import { BASIC_PLUS_PROJECT } from '../shared.js';

/** 一般公共预算支出表 / 一般公共预算支出功能分类预算表 (预算05表). */
export const budgetGeneralExpenditure: FamilyDef = {
  type: 'budget_general_expenditure',
  kind: 'budget',
  name: '一般公共预算支出表',
  title: /一般公共预算(财政拨款)?支出(功能分类)?(预算)?表/,
  printed: ['一般公共预算支出预算表', '一般公共预算支出表', '一般公共预算支出功能分类预算表'],
  layouts: [
    {
      layout: 'coded',
      note: '科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出; 西安 also by 经济分类 (合计 | 人员经费 | 公用经费 | …)',
    },
  ],
  rowRules: [...BASIC_PLUS_PROJECT, { total: 'total', parts: ['personnel', 'public_use', 'project'] }],
};
