import { describe, expect, it } from 'vitest';
import { gridFrom } from '../../test/support/grids.js';
import type { Block } from '../model/index.js';
import { matchFamilyTitle } from './families.js';
import { segmentTables } from './segment.js';

const line = (text: string, n: number): Block => ({
  kind: 'text',
  text,
  source: { page: 3, line: { start: n, end: n } },
});

describe('table titles', () => {
  it('join a title printed over two lines when only both name the family (西安)', () => {
    const blocks: Block[] = [
      line('表13', 1),
      line('2021年部门综合预算一般公共预算拨款“三公”经费及', 2),
      line('会议费、培训费支出预算表（不含上年结转）', 3),
      {
        kind: 'grid',
        grid: gridFrom('g1', [
          ['项目', '合计'],
          ['因公出国（境）费', '1.00'],
        ]),
      },
    ];
    const [c] = segmentTables(blocks).candidates;
    expect(c?.title).toBe(
      '2021年部门综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表（不含上年结转）',
    );
    expect(c?.family?.type).toBe('budget_three_public');
  });

  it('read 政府性基金收支总表 as the 政府性基金 table, not the 收支总表', () => {
    expect(matchFamilyTitle('2019年部门综合预算政府性基金收支总表')?.type).toBe('budget_government_fund');
    expect(matchFamilyTitle('2019年部门综合预算收支总表')?.type).toBe('budget_summary');
  });
});
