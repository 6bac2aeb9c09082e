import type { FamilyDef } from '../../types.js';
import { INCOME_BY_SOURCE } from '../shared.js';

/** 收入预算总表 / 部门收入总表 (预算02表). */
export const budgetIncome: FamilyDef = {
  type: 'budget_income',
  kind: 'budget',
  name: '收入预算总表',
  title: /(收入预算总表|收入预算表|部门收入总表|收入总表|收入总体情况表)/,
  printed: ['收入预算总表', '部门收入总表', '收入总体情况表'],
  layouts: [
    {
      layout: 'coded',
      header: [/(科目编码|功能分类科目|^类|类款项|科目名称|单位编码|单位名称)/],
      note: '上海/北京: rows by 功能分类 code (类 | 款 | 项 | 科目名称 | 合计 | 财政拨款收入 | 事业收入 | …); 西安: rows by unit (单位编码 | 单位名称 | …)',
    },
    { layout: 'two_level', note: '江苏: 项目 (category | item) | 金额, by source' },
  ],
  rowRules: INCOME_BY_SOURCE,
};
