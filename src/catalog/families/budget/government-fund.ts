import type { FamilyDef } from '../../types.js';
import { BASIC_PLUS_PROJECT, SUMMARY_SUMS } from '../shared.js';

/** 政府性基金预算支出表 (预算07表); often empty with a 无数据 statement. */
export const budgetGovernmentFund: FamilyDef = {
  type: 'budget_government_fund',
  kind: 'budget',
  name: '政府性基金预算支出表',
  title: /政府性基金(预算)?(支出|收支)(功能分类)?(预算)?总?表/,
  printed: ['政府性基金支出预算表', '政府性基金收支预算表', '政府性基金预算支出表'],
  layouts: [
    {
      layout: 'summary',
      // The 支出 side's first label column is headed 支出功能分类科目, or 功能分类科目 alone where the 经济分类 sides
      // beside it say it is a side (a coded table's 功能分类科目编码 is not).
      header: [/收入/, /支出功能分类科目|功能分类科目(?!编码).*经济分类科目/],
      note: '西安 政府性基金收支表: 收入 | 支出 by 功能分类 | by 部门 and 政府经济分类, side by side like a 总表',
    },
    { layout: 'coded', note: '科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出' },
  ],
  rowRules: BASIC_PLUS_PROJECT,
  // The 总表 identities, for the side-by-side variant (a coded table has none of these rows).
  rowSums: SUMMARY_SUMS,
};
