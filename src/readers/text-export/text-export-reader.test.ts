import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError, ExtractedDocument, type Block, type Grid } from '../../model/index.js';
import { detectDialect, textExportReader, textExportToBlocks } from './text-export-reader.js';

const seeds = join(import.meta.dirname, '../../../../shared/seeds');

function seedText(prefix: string): string {
  const file = readdirSync(seeds).find((f) => f.startsWith(prefix));
  if (!file) throw new Error(`no seed ${prefix}`);
  return readFileSync(join(seeds, file), 'utf8');
}

const grids = (blocks: readonly Block[]): Grid[] =>
  blocks.flatMap((b) => (b.kind === 'grid' ? [b.grid] : []));
const texts = (blocks: readonly Block[]): string[] =>
  blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : []));
const rowTexts = (g: Grid, r: number): string[] =>
  g.cells
    .filter((c) => c.row === r)
    .sort((a, b) => a.col - b.col)
    .map((c) => c.text);
const findRow = (g: Grid, first: string, col = 0): string[] | undefined => {
  for (let r = 0; r < g.nRows; r++) if (rowTexts(g, r)[col] === first) return rowTexts(g, r);
  return undefined;
};
const gridWith = (gs: readonly Grid[], text: string): Grid => {
  const g = gs.find((x) => x.cells.some((c) => c.text === text));
  if (!g) throw new Error(`no grid holds ${text}`);
  return g;
};

describe('word-table dialect (small inputs)', () => {
  it('reads TAB-led lines as cells and empty lines as row ends', () => {
    const { dialect, blocks } = textExportToBlocks('\tA\n\tB\n\n\tC\n\t\n');
    expect(dialect).toBe('word-table');
    const [g] = grids(blocks);
    expect(g?.nRows).toBe(2);
    expect(g?.nCols).toBe(2);
    expect(rowTexts(g!, 1)).toEqual(['C', '']);
  });

  it('continues a cell with a line that has no TAB, and after one empty line', () => {
    const { blocks } = textExportToBlocks('\t年度预算申请\n（万元）\n\t≥90%；\n\n满意以上\n');
    const [g] = grids(blocks);
    expect(rowTexts(g!, 0)).toEqual(['年度预算申请\n（万元）', '≥90%；\n\n满意以上']);
  });

  it('turns a line after two empty lines into text and closes the grid', () => {
    const { blocks } = textExportToBlocks('\t单位负责人签字：\n\n\n填表人：张三   联系电话：1\n\tX\n');
    expect(blocks.map((b) => b.kind)).toEqual(['grid', 'text', 'grid']);
    expect(texts(blocks)).toEqual(['填表人：张三   联系电话：1']);
    expect(grids(blocks).map((g) => g.id)).toEqual(['g0', 'g1']);
  });

  it('starts a new grid at " \\t"', () => {
    const { blocks } = textExportToBlocks(' \tT1\n\n\tA\n\n \tT2\n\n\tB\n');
    expect(grids(blocks).map((g) => g.nRows)).toEqual([2, 2]);
  });

  it('does not invent cells for short rows', () => {
    const { blocks } = textExportToBlocks('\tA\n\tB\n\tC\n\n\tD\n');
    const [g] = grids(blocks);
    expect(g?.nCols).toBe(3);
    expect(g?.cells.filter((c) => c.row === 1)).toHaveLength(1);
  });
});

describe('pdf-text dialect (small inputs)', () => {
  it('keeps empty cells at both ends', () => {
    const { dialect, blocks } = textExportToBlocks('标题\n\na\tb\n\t9\t\t22\t\n');
    expect(dialect).toBe('pdf-text');
    const [g] = grids(blocks);
    expect(rowTexts(g!, 1)).toEqual(['', '9', '', '22', '']);
    expect(g?.nCols).toBe(5);
  });

  it('bridges one empty line (a page break) but not two', () => {
    expect(grids(textExportToBlocks('a\tb\n\nc\td\n').blocks)).toHaveLength(1);
    expect(grids(textExportToBlocks('a\tb\n\n\nc\td\n').blocks)).toHaveLength(2);
  });

  it('joins a wrapped Chinese paragraph without spaces', () => {
    expect(texts(textExportToBlocks('2023年度\n株洲经济开发区\n\n下一段\n').blocks)).toEqual([
      '2023年度株洲经济开发区',
      '下一段',
    ]);
  });

  it('detects the dialect from the shape of TAB lines', () => {
    expect(detectDialect(['\ta', '\tb', '', ' \tc'])).toBe('word-table');
    expect(detectDialect(['a\tb', '\t9\t'])).toBe('pdf-text');
    expect(detectDialect(['just text'])).toBe('pdf-text');
  });
});

describe('encodings', () => {
  it('reads a GBK/GB18030 export', async () => {
    // "\t测试\n\t1\n" in GBK
    const bytes = new Uint8Array([0x09, 0xb2, 0xe2, 0xca, 0xd4, 0x0a, 0x09, 0x31, 0x0a]);
    const doc = await textExportReader.read({ path: 'gbk.txt', bytes });
    expect(grids(doc.blocks)[0]?.cells.map((c) => c.text)).toEqual(['测试', '1']);
  });
});

describe('reader errors', () => {
  it('refuses empty, binary and non-UTF-8 input with BadInputError', async () => {
    await expect(textExportReader.read({ path: 'e.txt', bytes: new Uint8Array() })).rejects.toBeInstanceOf(
      BadInputError,
    );
    await expect(
      textExportReader.read({ path: 'b.txt', bytes: new Uint8Array([0x41, 0, 0x42]) }),
    ).rejects.toBeInstanceOf(BadInputError);
    await expect(
      textExportReader.read({ path: 'g.txt', bytes: new Uint8Array([0x80, 0xff, 0xfe, 0x41]) }),
    ).rejects.toThrow(/UTF-8/);
    await expect(
      textExportReader.read({ path: 's.txt', bytes: new TextEncoder().encode('\n\n   \n') }),
    ).rejects.toBeInstanceOf(BadInputError);
  });
});

describe.skipIf(!existsSync(seeds))('real seeds', () => {
  it('every seed reads into a valid document with provenance everywhere', async () => {
    for (const prefix of ['000', '001', '002', '003', '004']) {
      const doc = await textExportReader.read({
        path: prefix,
        bytes: new TextEncoder().encode(seedText(prefix)),
      });
      expect(() => ExtractedDocument.parse(doc)).not.toThrow();
      expect(doc.pages).toEqual([]);
      for (const [i, g] of grids(doc.blocks).entries()) {
        expect(g.id).toBe(`g${i}`);
        expect(g.method).toBe('explicit');
        for (const c of g.cells) {
          expect(c.source.line).toBeDefined();
          expect(c.source.cell).toEqual({ grid: g.id, row: c.row, col: c.col });
          expect(c.text).not.toMatch(/\[bookmark:/);
        }
      }
    }
  });

  it('seed 000: bookmark stripped, rows cut by empty paragraphs rejoined, 附表 tables apart', () => {
    const { dialect, blocks } = textExportToBlocks(seedText('000'));
    expect(dialect).toBe('word-table');
    const gs = grids(blocks);
    expect(gs).toHaveLength(3);
    const g0 = gs[0]!;
    expect(findRow(g0, '成本指标', 2)).toEqual(['', '', '成本指标', '不超过预算', '≤125.61万']);
    expect(findRow(g0, '加快完善新城 公共配套', 1)).toEqual([
      '',
      '加快完善新城 公共配套',
      '新城产业发展股',
      '1.协助做好清水塘片区纳入株洲经开区管理范畴事宜。\n2.明确新城消防站最终选址，加快启动后续建设。\n3.协调推动片区公交路线优化事宜。',
    ]);
    expect(findRow(g0, '填报单位：（盖章）石峰区清水塘企业事务中心')).toEqual([
      '填报单位：（盖章）石峰区清水塘企业事务中心',
      '',
      '金额：万元',
    ]);
    expect(texts(blocks)[0]).toMatch(/^填表人：\s+肖克\s+联系电话：13762332932$/);
    expect(rowTexts(gs[1]!, 0)[0]).toBe('附表2');
    expect(rowTexts(gs[2]!, 0)[0]).toBe('附表3');
  });

  it('seed 000: line provenance points at the source lines', () => {
    const lines = seedText('000').split('\n');
    const g0 = grids(textExportToBlocks(seedText('000')).blocks)[0]!;
    const cost = g0.cells.find((c) => c.text === '≤125.61万')!;
    expect(cost.source.line).toEqual({ start: 141, end: 141 });
    expect(lines[140]).toContain('≤125.61万');
    const duty = g0.cells.find((c) => c.text.startsWith('1. 在清水塘核心控规'))!;
    expect(duty.source.line).toEqual({ start: 45, end: 49 });
  });

  it('seed 001: a cell holding empty paragraphs stays one cell', () => {
    const gs = grids(textExportToBlocks(seedText('001')).blocks);
    expect(findRow(gs[0]!, '社会公众及服务对象满意度指标', 2)?.[4]).toBe('≥90%；\n\n满意以上');
    const duty = gs[0]!.cells.find((c) => c.text.startsWith('①'))!;
    expect(duty.text).toContain('\n\n⑥承办区委、区政府和上级部门交办的其他工作。');
    expect(findRow(gs[2]!, '服务企业数量', 3)).toEqual([
      '',
      '产出指标',
      '数量指标',
      '服务企业数量',
      '≥200家',
      '其他标准',
    ]);
    expect(findRow(gs[2]!, '为企业提供良好的生产经营发展环境。', 3)).toEqual([
      '',
      '',
      '社会效益指标',
      '为企业提供良好的生产经营发展环境。',
      '较好完成',
      '计划标准',
    ]);
  });

  it('seed 002: one grid per Word table, signature lines as text', () => {
    const { blocks } = textExportToBlocks(seedText('002'));
    const gs = grids(blocks);
    expect(gs.map((g) => rowTexts(g, 0)[0])).toEqual([
      '2023年部门整体支出绩效目标表',
      '2023年区级专项资金绩效目标汇总表',
      '2023年区级专项资金支出方向绩效目标表',
      '2023年区级专项资金支出方向绩效目标表',
    ]);
    expect(texts(blocks).every((t) => t.startsWith('填表人：'))).toBe(true);
    expect(gs[3]!.cells.some((c) => c.text === '交通费用：4万；食宿费用4万；招商手册设计、印刷费2万')).toBe(
      true,
    );
    expect(findRow(gs[3]!, '产业链外出\n招商', 1)?.[3]).toBe('10');
  });

  it('seed 003: four grids, multi-line labels kept', () => {
    const gs = grids(textExportToBlocks(seedText('003')).blocks);
    expect(gs).toHaveLength(4);
    expect(findRow(gs[3]!, '工业经济\n运行', 1)).toEqual([
      '',
      '工业经济\n运行',
      '工业运行协调等专项',
      '0.8万元',
      '工业运行工作专项，一年四次，每次0.2万元，共0.8万元',
    ]);
  });

  it('seed 004: the nine 决算 tables with values as printed', () => {
    const { dialect, blocks } = textExportToBlocks(seedText('004'));
    expect(dialect).toBe('pdf-text');
    const gs = grids(blocks);
    expect(gs.length).toBeGreaterThanOrEqual(9);
    const spending = gridWith(gs, '对附属单位补助支出');
    expect(findRow(spending, '2159999')).toEqual([
      '2159999',
      '其他资源勘探 工业信息等支出',
      '10.59',
      '85715.09',
      '2.02',
      '0',
      '0',
      '0',
    ]);
    expect(findRow(spending, '2013199')?.[3]).toBe('0');
    expect(findRow(spending, '2011499')?.[3]).toBe('2346.4');
    // The page break inside the table (an empty line) does not split it.
    expect(spending.nRows).toBe(20);
    expect(findRow(gridWith(gs, '附属单位上缴收入'), '2150517')?.[2]).toBe('10.618');
    const summary = gs[0]!;
    expect(rowTexts(summary, 12)).toEqual(['', '9', '', '', '22', '']);
    expect(texts(blocks)).toContain('2023年度株洲经济开发区管理委员会产业发展局部门决算');
    const row = spending.cells.find((c) => c.text === '85715.09')!;
    expect(row.source.line).toEqual({ start: 153, end: 153 });
  });
});
