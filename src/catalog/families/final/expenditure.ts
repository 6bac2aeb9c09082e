import type { FamilyDef } from '../../types.js';

/** 支出决算表 (公开03表): spending by 科目, 基本支出 | 项目支出 | 上缴上级支出 | …. */
export const expenditure: FamilyDef = {
  type: 'expenditure',
  kind: 'final',
  name: '支出决算表',
  title: /支出决算表/,
  printed: ['支出决算表'],
  headerSignatures: [[/基本支出/, /项目支出/, /上缴上级支出/]],
  layouts: [
    {
      layout: 'coded',
      note: '科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 | 上缴上级支出 | 经营支出 | 对附属单位补助支出',
    },
  ],
  canonicalColumns: ['total', 'basic', 'project', 'upper_remit', 'business_expenditure', 'subsidiary_grant'],
  rowRules: [
    {
      total: 'total',
      parts: ['basic', 'project', 'upper_remit', 'business_expenditure', 'subsidiary_grant'],
    },
  ],
};
