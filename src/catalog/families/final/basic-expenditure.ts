import type { FamilyDef } from '../../types.js';
import { BASIC_EXPENDITURE_SUMS } from '../shared.js';

/** 一般公共预算财政拨款基本支出决算(明细)表 (公开06表): three (经济分类编码, 名称, 决算数) groups side by side. */
export const basicExpenditure: FamilyDef = {
  type: 'basic_expenditure',
  kind: 'final',
  name: '一般公共预算财政拨款基本支出决算表',
  title: /基本支出决算(明细)?表/,
  printed: ['基本支出决算明细表', '基本支出决算表'],
  headerSignatures: [[/经济分类科目编码.*经济分类科目编码/]],
  layouts: [{ layout: 'groups', note: '人员经费 | 公用经费 groups, each 科目编码 | 科目名称 | 决算数' }],
  rowSums: BASIC_EXPENDITURE_SUMS,
  links: [
    {
      // With no 一般公共预算 detail, the 支出决算表's 基本支出 is the nearest figure; other funding may explain a gap.
      kind: 'equal',
      id: 'basic-expenditure',
      lhs: { family: 'expenditure', row: 'total', column: 'basic', name: '支出决算表 基本支出合计' },
      rhs: [
        { family: 'basic_expenditure', row: 'personnel_total', column: 'amount', name: '人员经费合计' },
        { family: 'basic_expenditure', row: 'public_total', column: 'amount', name: '公用经费合计' },
      ],
      title: '支出决算表 基本支出 = 基本支出明细表 人员经费合计 + 公用经费合计',
      onFail: 'warning',
      when: { lacksData: 'general_budget_expenditure' },
    },
  ],
};
