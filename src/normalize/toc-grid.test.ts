import { describe, expect, it } from 'vitest';
import { gridFrom, titled } from '../../test/support/grids.js';
import type { Block } from '../model/index.js';
import { normalizeDocument } from './document.js';
import { tocGridLines } from './toc-grid.js';

/** 西安's 报表目录: a lattice grid of 报表 | 报表名称 | 是否空表 | 表格为空的理由. */
const XIAN = gridFrom('g1', [
  ['报表', '报表名称', '是否空表', '表格为空的理由'],
  ['表1', '部门综合预算收支总表', '', ''],
  ['表2', '部门综合预算收入总表', '', ''],
  ['表3', '部门综合预算支出总表', '', ''],
  ['表9', '部门综合预算政府性基金收支表', '是', '不涉及'],
]);

describe('a 目录 printed as a grid', () => {
  it('is read as one text line per entry, its number and name', () => {
    expect(tocGridLines(XIAN)?.map((b) => b.text)).toEqual([
      '表1 部门综合预算收支总表',
      '表2 部门综合预算收入总表',
      '表3 部门综合预算支出总表',
      '表9 部门综合预算政府性基金收支表',
    ]);
  });

  it('reads the indented lines of a 目录 rebuilt as a grid (上海)', () => {
    const g = gridFrom('g2', [
      ['1.', '2026年预算单位财务收支预算总表'],
      ['2.', '2026年预算单位收入预算总表'],
      ['5． 2026年预算单位一般公共预算支出功能分类预算表'],
    ]);
    expect(tocGridLines(g)?.map((b) => b.text)).toEqual([
      '1. 2026年预算单位财务收支预算总表',
      '2. 2026年预算单位收入预算总表',
      '5． 2026年预算单位一般公共预算支出功能分类预算表',
    ]);
  });

  it('leaves a table of figures alone, even one whose rows end in 表', () => {
    const g = gridFrom('g3', [
      ['项目', '金额'],
      ['收支总表', '1,234.56'],
      ['收入总表', '100.00'],
      ['支出总表', '20.00'],
    ]);
    expect(tocGridLines(g)).toBeUndefined();
  });

  it('becomes the 目录 text of the document, not empty tables of the families it lists', () => {
    const blocks: Block[] = [
      { kind: 'text', text: '报表目录', source: { line: { start: 1, end: 1 } } },
      { kind: 'grid', grid: XIAN },
      ...titled('部门综合预算收支总表', [
        ['收入', '金额', '支出', '金额'],
        ['一般公共预算拨款', '10.00', '一般公共服务支出', '10.00'],
      ]),
    ];
    const doc = normalizeDocument({ blocks });
    expect(doc.texts.map((t) => t.text)).toContain('表9 部门综合预算政府性基金收支表');
    expect(doc.tables.map((t) => t.type)).toEqual(['budget_summary']);
  });
});
