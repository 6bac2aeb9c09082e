import { describe, expect, it } from 'vitest';
import type { Block, Grid } from '../model/index.js';
import { pagedGrid as paged } from '../../test/support/grids.js';
import { normalizeDocument } from './document.js';
import { familyFromHeader } from './families.js';

/** A 烟台 project form: the key fields ruled as one table, the goals and indicators as a second below them. */
const keyFields = (id: string, page: number, name: string): Grid =>
  paged(id, page, [
    ['项目名称', name, '', ''],
    ['主管部门及代码', '251_烟台市自然资源和规划局', '实施单位', '烟台市自然资源和规划局'],
    ['项目资金（万元）', '年度资金总额：', '24.20', ''],
    ['', '其中：财政拨款', '24.20', ''],
    ['', '其他资金', '0', ''],
  ]);
const goals = (id: string, page: number): Grid =>
  paged(id, page, [
    ['总体目标', '通过物业管理服务，改善办公环境，保障办公楼全年安全整洁有序运转。', '', '', ''],
    ['绩效指标', '一级指标', '二级指标', '三级指标', '指标值'],
    ['', '成本指标', '经济成本指标', '项目总成本', '≤24.2万元'],
    ['', '产出指标', '质量指标', '项目验收合格率', '100%'],
  ]);

describe('绩效 forms printed without their title, in two ruled parts', () => {
  it('a form that opens with 项目名称, 主管部门 and its 资金 line is a 项目支出绩效目标表, and its second part joins it', () => {
    const blocks: Block[] = [
      { kind: 'grid', grid: keyFields('g0', 37, '物业管理服务') },
      { kind: 'grid', grid: goals('g1', 37) },
      { kind: 'grid', grid: keyFields('g2', 38, '地理信息平台运维') },
      { kind: 'grid', grid: goals('g3', 39) },
    ];
    const { tables } = normalizeDocument({ blocks });
    expect(tables.map((t) => t.type)).toEqual(['performance_project', 'performance_project']);
    const [first, second] = tables;
    expect(first?.pages).toEqual([37]);
    // The second form runs over the page: its goals and indicators on the next page are still its own.
    expect(second?.pages).toEqual([38, 39]);
    for (const t of tables) {
      expect(t.rows.map((r) => r.label)).toEqual(
        expect.arrayContaining([
          expect.stringContaining('项目总成本'),
          expect.stringContaining('项目验收合格率'),
        ]),
      );
      // Each indicator keeps the cell it was printed in (the second grid's provenance, not the first's).
      const cost = t.rows.find((r) => r.label.includes('项目总成本'));
      expect(Object.values(cost?.cells ?? {}).some((c) => c.source.page === t.pages?.at(-1))).toBe(true);
    }
  });

  it('a self-evaluation form is told apart by what it states: 执行数 and 得分', () => {
    expect(
      familyFromHeader(
        '项目名称 病媒生物防制 主管部门 西安市卫生健康委员会 项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分',
      )?.type,
    ).toBe('self_evaluation_project');
    // 西安's 专项业务经费 target form prints an 执行率分值 column, and is still a target form.
    expect(
      familyFromHeader(
        '项目名称 接待中心安保服务 主管部门 西安市信访局 资金金额（万元） 实施期资金总额： 50.00 执行率分值（10分）',
      )?.type,
    ).toBe('performance_project');
    expect(
      familyFromHeader('专项（项目）名称 社保大厦物业费 主管部门 西安市人力资源和社会保障局 资金金额（万元）')
        ?.type,
    ).toBe('performance_project');
  });

  it('a grid opening with 一级指标 after a money table is not taken into it', () => {
    const blocks: Block[] = [
      { kind: 'text', text: '支出预算表', source: { page: 5, bbox: { x0: 0, y0: 0, x1: 50, y1: 8 } } },
      {
        kind: 'grid',
        grid: paged('g0', 5, [
          ['科目编码', '科目名称', '合计', '基本支出', '项目支出'],
          ['', '合计', '30', '10', '20'],
          ['201', '一般公共服务支出', '30', '10', '20'],
        ]),
      },
      { kind: 'grid', grid: goals('g1', 5) },
    ];
    const { tables } = normalizeDocument({ blocks });
    expect(tables).toHaveLength(2);
    expect(tables[0]?.rows.some((r) => r.label.includes('项目总成本'))).toBe(false);
  });
});

describe('北京 预算12表: one indicator grid for many projects, over pages', () => {
  const header: string[][] = [
    [
      '项目名称',
      '项目总额',
      '其中：',
      '',
      '绩效目标',
      '一级指标',
      '二级指标',
      '三级指标',
      '绩效指标性质',
      '本年绩效指标值',
      '绩效度量单位',
    ],
    ['', '', '财政资金', '其他资金', '', '', '', '', '', '', ''],
  ];
  const title = (page: number): Block => ({
    kind: 'text',
    text: '预算12表 项目支出绩效目标表',
    source: { page, bbox: { x0: 200, y0: 20, x1: 400, y1: 32 } },
  });

  it('reads each indicator with its project, the project figures once, and joins the next page under the same title', () => {
    const blocks: Block[] = [
      title(15),
      {
        kind: 'grid',
        grid: paged('g0', 15, [
          ...header,
          [
            '016-医疗保障公众评价',
            '76.436338',
            '76.436338',
            '',
            '提升医保服务质量',
            '产出指标',
            '数量指标',
            '宣传评估报告',
            '＝',
            '1',
            '份',
          ],
          ['', '', '', '', '', '产出指标', '数量指标', '深度访谈数量', '≥', '32', '人'],
        ]),
      },
      title(16),
      {
        kind: 'grid',
        grid: paged('g1', 16, [
          ...header,
          ['', '', '', '', '', '满意度指标', '服务对象满意度指标', '参保人满意度', '≥', '90', '%'],
          [
            '633-医保信息化系统',
            '970',
            '970',
            '',
            '应急结算',
            '产出指标',
            '时效指标',
            '系统试运行时间',
            '≥',
            '3',
            '月',
          ],
        ]),
      },
    ];
    const { tables } = normalizeDocument({ blocks });
    expect(tables).toHaveLength(1);
    const [t] = tables;
    expect(t?.type).toBe('performance_project');
    expect(t?.pages).toEqual([15, 16]);
    // The header's second row (财政资金 | 其他资金) names columns; it is no indicator.
    expect(t?.columns.map((c) => c.key)).toEqual(
      expect.arrayContaining(['project', 'project_total', 'fiscal_funds']),
    );
    expect(
      t?.rows.map((r) => [r.cells.project?.raw, r.cells.level3?.raw, r.cells.project_total?.value ?? null]),
    ).toEqual([
      ['016-医疗保障公众评价', '宣传评估报告', 76.436338],
      ['016-医疗保障公众评价', '深度访谈数量', null],
      // After the page break the project cell is blank: the row is still that project's.
      ['016-医疗保障公众评价', '参保人满意度', null],
      ['633-医保信息化系统', '系统试运行时间', 970],
    ]);
  });

  it('joins a next page printed without the header only when its columns sit where the first page has them', () => {
    const first: Block = {
      kind: 'grid',
      grid: paged('g0', 15, [
        ...header,
        [
          '016-医疗保障公众评价',
          '76.43',
          '76.43',
          '',
          '提升医保服务质量',
          '产出指标',
          '数量指标',
          '宣传评估报告',
          '＝',
          '1',
          '份',
        ],
      ]),
    };
    const next = (shift: number): Block => {
      const g = paged('g1', 16, [
        ['', '', '', '', '', '满意度指标', '服务对象满意度指标', '参保人满意度', '≥', '90', '%'],
      ]);
      const cells = g.cells.map((c) =>
        'bbox' in c.source && c.source.bbox
          ? {
              ...c,
              source: {
                ...c.source,
                bbox: { ...c.source.bbox, x0: c.source.bbox.x0 + shift, x1: c.source.bbox.x1 + shift },
              },
            }
          : c,
      );
      return { kind: 'grid', grid: { ...g, cells } };
    };
    expect(normalizeDocument({ blocks: [title(15), first, next(0)] }).tables.map((t) => t.pages)).toEqual([
      [15, 16],
    ]);
    // Columns 30 pt to the right (a page whose empty project columns were dropped): another table.
    expect(normalizeDocument({ blocks: [title(15), first, next(30)] }).tables).toHaveLength(2);
  });
});
