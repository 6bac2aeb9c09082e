/**
 * The generated samples read back into the grids they were made from. Each sample was written from a seed's
 * text-export grids (scripts/make-samples.ts), so the HTML and DOCX readers are right when their grids equal
 * the text-export grids cell for cell, within the differences the formats themselves impose (sample-fidelity.ts:
 * HTML whitespace collapsing; Word's rectangular tables). Samples are committed; the seeds are read from
 * ../shared/seeds and the comparison skips when they are absent.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Block, ExtractedDocument, Grid } from '../../src/model/index.js';
import { docxReader } from '../../src/readers/docx/index.js';
import { htmlReader } from '../../src/readers/html/index.js';
import type { Reader } from '../../src/readers/index.js';
import { textExportReader, textExportToBlocks } from '../../src/readers/text-export/index.js';
import { xlsxReader } from '../../src/readers/xlsx/index.js';
import { gridDifferences, type FidelityRules } from './sample-fidelity.js';
import { applyHeaderFixes } from '../../scripts/lib/header-fixes.js';

const root = join(import.meta.dirname, '..', '..');
const samples = join(root, 'samples');
const seeds = join(root, '..', 'shared', 'seeds');

const SAMPLES = [
  '000-performance-qingshuitang-2023',
  '001-performance-yingshang-2023',
  '002-performance-shangwu-2023',
  '003-performance-kegongxin-2023',
  '004-final-accounts-2023',
];

const gridsOf = (blocks: readonly Block[]): Grid[] => blocks.flatMap((b) => (b.kind === 'grid' ? [b.grid] : []));
const read = async (reader: Reader, file: string): Promise<ExtractedDocument> =>
  reader.read({ path: file, bytes: new Uint8Array(readFileSync(join(samples, file))) });
const seedGrids = (prefix: string): Grid[] => {
  const f = readdirSync(seeds).find((x) => x.startsWith(prefix));
  if (!f) throw new Error(`seed ${prefix} missing`);
  return gridsOf(textExportToBlocks(readFileSync(join(seeds, f), 'utf8')).blocks);
};

const HTML_RULES: FidelityRules = { collapseSpaces: true, padShortRows: false };
const DOCX_RULES: FidelityRules = { collapseSpaces: true, padShortRows: true };
const EXACT: FidelityRules = { collapseSpaces: false, padShortRows: false };

describe.skipIf(!existsSync(seeds))('samples read back into their seed grids', () => {
  for (const name of SAMPLES) {
    it(`${name}: HTML and DOCX grids equal the text-export grids`, async () => {
      const expected = seedGrids(name.slice(0, 3));
      for (const [reader, ext, rules] of [
        [htmlReader, 'html', HTML_RULES],
        [docxReader, 'docx', DOCX_RULES],
      ] as const) {
        const got = gridsOf((await read(reader, `${name}.${ext}`)).blocks);
        expect(got.map((g) => g.id), `${ext} grid count`).toEqual(expected.map((g) => g.id));
        const diffs = expected.flatMap((g, i) => gridDifferences(g, got[i]!, rules));
        expect(diffs, `${name}.${ext}`).toEqual([]);
      }
    });
  }

  it('the nine 决算 tables: merged-header HTML and XLSX equal the seed grids exactly', async () => {
    const expected = applyHeaderFixes(seedGrids('004').slice(0, 9));
    for (const [reader, file] of [
      [htmlReader, '004-final-accounts-2023-tables.html'],
      [xlsxReader, '004-final-accounts-2023-tables.xlsx'],
    ] as const) {
      const got = gridsOf((await read(reader, file)).blocks);
      expect(got).toHaveLength(9);
      expect(expected.flatMap((g, i) => gridDifferences(g, got[i]!, EXACT)), file).toEqual([]);
    }
  });

  it('the generated text exports read back into the seed grids exactly (both dialects)', async () => {
    const nine = gridsOf((await read(textExportReader, '004-final-accounts-2023-tables.txt')).blocks);
    expect(applyHeaderFixes(seedGrids('004').slice(0, 9)).flatMap((g, i) => gridDifferences(g, nine[i]!, EXACT))).toEqual([]);
    const word = gridsOf((await read(textExportReader, '001-performance-yingshang-2023.txt')).blocks);
    const expected = seedGrids('001');
    expect(word).toHaveLength(expected.length);
    expect(expected.flatMap((g, i) => gridDifferences(g, word[i]!, EXACT))).toEqual([]);
  });

  it('the comparison notices a wrong cell (the check is not vacuous)', () => {
    const [g] = seedGrids('004');
    const broken: Grid = { ...g!, cells: g!.cells.map((c) => (c.text === '766.56' ? { ...c, text: '766.5' } : c)) };
    expect(gridDifferences(g!, broken, EXACT).length).toBeGreaterThan(0);
  });
});

describe('sample facts (no seeds needed)', () => {
  it('XLSX keeps the seed glitches as printed, with merged headers', async () => {
    const doc = await read(xlsxReader, '004-final-accounts-2023-tables.xlsx');
    const grids = gridsOf(doc.blocks);
    const texts = grids.flatMap((g) => g.cells.map((c) => c.text));
    for (const glitch of ['85715.09', '2346.4', '10.618', '242.70']) expect(texts).toContain(glitch);
    const spending = grids[2]!;
    const row = spending.cells.filter((c) => c.row === spending.cells.find((x) => x.text === '2013199')!.row);
    expect(row.map((c) => c.text)).toEqual(['2013199', '其他党委办公厅(室)及相关机构事务支出', '2.40', '0', '2.40', '0', '0', '0']);
    expect(spending.cells.find((c) => c.text === '项目')).toMatchObject({ row: 0, col: 0, colSpan: 2 });
    expect(spending.cells.find((c) => c.text === '本年支出合计')).toMatchObject({ rowSpan: 2 });
    expect(doc.blocks[0]).toMatchObject({ kind: 'text', text: '公开01表 收入支出决算总表' });
  });

  it('DOCX keeps Word merges: gridSpan as colSpan, vMerge as rowSpan (through mammoth)', async () => {
    const [fromDocx] = gridsOf((await read(docxReader, 'merged-cells.docx')).blocks);
    const [fromHtml] = gridsOf((await read(htmlReader, 'merged-cells.html')).blocks);
    expect(fromDocx!.cells.find((c) => c.text === '本年支出合计')).toMatchObject({ row: 0, col: 2, rowSpan: 2, colSpan: 1 });
    expect(fromDocx!.cells.find((c) => c.text === '项目')).toMatchObject({ row: 0, col: 0, colSpan: 2 });
    const shape = (g: Grid): unknown[] => g.cells.map((c) => [c.row, c.col, c.rowSpan, c.colSpan, c.text]);
    expect(shape(fromDocx!)).toEqual(shape(fromHtml!));
  });

  it('HTML sample carries its title and line provenance', async () => {
    const doc = await read(htmlReader, '004-final-accounts-2023.html');
    expect(doc.title).toBe('2023年度株洲经济开发区管理委员会产业发展局部门决算');
    const cell = gridsOf(doc.blocks)[2]!.cells.find((c) => c.text === '85715.09')!;
    const line = readFileSync(join(samples, '004-final-accounts-2023.html'), 'utf8').split('\n')[cell.source.line!.start - 1];
    expect(line).toContain('85715.09');
  });
});
