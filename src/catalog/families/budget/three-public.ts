import type { FamilyDef } from '../../types.js';
import { THREE_PUBLIC_RULES } from '../shared.js';

/** 一般公共预算“三公”经费支出表 (预算09表); 上海 prints it with 机关运行经费. */
export const budgetThreePublic: FamilyDef = {
  type: 'budget_three_public',
  kind: 'budget',
  name: '“三公”经费支出预算表',
  title: /"?三公"?经费.*(预算)?表/,
  printed: ['三公经费支出预算表'],
  layouts: [
    { layout: 'wide', note: '合计 | 因公出国(境)费 | 公务用车 (小计 | 购置 | 运行维护) | 公务接待费' },
  ],
  rowRules: THREE_PUBLIC_RULES,
};
