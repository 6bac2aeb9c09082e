import type { FamilyDef } from '../../types.js';
import { BASIC_EXPENDITURE_SUMS } from '../shared.js';

/** 一般公共预算基本支出表 (预算06表): by 经济分类, 人员经费 | 公用经费. */
export const budgetBasicExpenditure: FamilyDef = {
  type: 'budget_basic_expenditure',
  kind: 'budget',
  name: '一般公共预算基本支出表',
  title: /基本支出(部门预算)?(经济分类)?(预算)?表/,
  printed: ['基本支出预算表', '一般公共预算基本支出表'],
  layouts: [
    {
      layout: 'groups',
      note: '经济分类 code | name | 合计 | 人员经费 | 公用经费, or three groups side by side; 烟台 prints the 部门 and the 政府 经济分类 (类 | 款 | 名称 each) on one row, read as one coded table',
    },
  ],
  rowRules: [
    { total: 'total', parts: ['personnel', 'public_use'] },
    // 烟台 prints 基本支出预算 / 小计 | 人员支出 | 日常公用支出: the 小计 is read as the 基本支出 column.
    { total: 'basic', parts: ['personnel', 'public_use'], unlessColumn: 'total' },
  ],
  rowSums: BASIC_EXPENDITURE_SUMS,
};
