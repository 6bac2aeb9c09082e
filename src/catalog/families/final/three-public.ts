import type { FamilyDef } from '../../types.js';
import { THREE_PUBLIC_RULES } from '../shared.js';

/** 财政拨款“三公”经费支出决算表 (公开09表): 预算数 and 决算数 groups of the same columns. */
export const threePublic: FamilyDef = {
  type: 'three_public',
  kind: 'final',
  name: '财政拨款“三公”经费支出决算表',
  title: /"?三公"?经费.*决算表/,
  printed: ['三公经费支出决算表'],
  layouts: [
    {
      layout: 'wide',
      note: '预算数 | 决算数, each 合计 | 因公出国(境)费 | 公务用车 (小计 | 购置 | 运行维护) | 公务接待费',
    },
  ],
  rowRules: THREE_PUBLIC_RULES,
};
