import type { FamilyDef } from '../../types.js';

/**
 * 政府采购预算表 / 政府采购明细表: by function class (烟台: 科目编码 类/款/项 | 科目名称 | 合计 | 财政拨款 …, its 合计
 * row the 政府采购预算 the text states), or items with 采购品目 and amounts, kept as a grid.
 */
export const budgetProcurement: FamilyDef = {
  type: 'budget_procurement',
  kind: 'budget',
  name: '政府采购预算表',
  title: /政府采购.{0,16}表/,
  printed: ['政府采购预算表', '政府采购明细表'],
  layouts: [
    {
      layout: 'coded',
      // Not a list of items by function class (西安: 功能分类科目 | 采购项目 | 采购目录 | 数量 | 预算金额).
      header: [/科目(编码|代码)|功能分类科目/, /合计|总计/, /^(?!.*(采购项目|采购品目|采购目录|数量|规格))/],
      note: '科目编码 | 科目名称 | 合计 | 财政拨款 (一般公共预算 …) | 财政专户管理资金 | 单位资金 …',
    },
    { layout: 'generic', note: 'items with 采购品目 and amounts; no fixed identities' },
  ],
};
