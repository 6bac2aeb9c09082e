import { describe, expect, it } from 'vitest';
import { cellAt, cellText, type Block, type Grid } from '../model/index.js';
import { pdfReader } from '../readers/pdf/index.js';
import { pagesToBlocks } from './index.js';
import { makePdf, ruledTable, type SynthPage, type SynthText } from './synthetic-pdf.js';

async function blocksOf(pages: SynthPage[]): Promise<Block[]> {
  const bytes = await makePdf(pages);
  const doc = await pdfReader.read({ path: 'synthetic.pdf', bytes });
  return pagesToBlocks(doc.pages);
}

/** Code | Name | Total | Business | Basic: one row of code, name and two figures. */
type CodedRow = readonly [string, string, string, string];

/**
 * An aligned-text table without rules: the header at y 100 (Business left-aligned at `businessX`, the figures of Total
 * and Basic right-aligned at 290 and `basicX`), then a row every 16 pt, the Business column empty.
 */
function codedRows(
  rows: readonly CodedRow[],
  { businessX, basicX }: { businessX: number; basicX: number },
): SynthText[] {
  return [
    { x: 50, y: 100, text: 'Code' },
    { x: 110, y: 100, text: 'Name' },
    { x: 290, y: 100, text: 'Total', align: 'right' },
    { x: businessX, y: 100, text: 'Business' },
    { x: basicX, y: 100, text: 'Basic', align: 'right' },
    ...rows.flatMap(([code, name, total, basic], i): SynthText[] => {
      const y = 118 + i * 16;
      return [
        { x: 50, y, text: code },
        { x: 110, y, text: name },
        { x: 290, y, text: total, align: 'right' },
        { x: basicX, y, text: basic, align: 'right' },
      ];
    }),
  ];
}

const grids = (blocks: readonly Block[]): Grid[] =>
  blocks.flatMap((b) => (b.kind === 'grid' ? [b.grid] : []));
const texts = (blocks: readonly Block[]): string[] =>
  blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : []));

describe('lattice tables', () => {
  it('builds cells from rules: a merged header, a wrapped cell joined with a newline, an empty column kept', async () => {
    const table = ruledTable({
      x: 50,
      y: 100,
      colWidths: [50, 120, 80, 80],
      rowHeight: 26,
      rows: [
        ['Item', '', 'Total', 'Other'],
        ['201', 'General public\nservices', '2,106.66', ''],
        ['208', 'Social security', '326.72', ''],
      ],
      mergeRight: [[0, 0]],
    });
    const blocks = await blocksOf([
      {
        texts: [{ x: 50, y: 80, text: 'Expenditure table', size: 14 }, ...table.texts!],
        lines: table.lines!,
      },
    ]);
    const [g] = grids(blocks);
    expect(g).toBeDefined();
    expect(g!.method).toBe('lattice');
    expect([g!.nRows, g!.nCols]).toEqual([3, 4]);
    expect(cellAt(g!, 0, 0)).toMatchObject({ text: 'Item', colSpan: 2 });
    expect(cellText(g!, 1, 1)).toBe('General public\nservices');
    expect(cellText(g!, 2, 2)).toBe('326.72');
    // The empty column is still there, so "Total" stays in column 2.
    expect(cellText(g!, 0, 3)).toBe('Other');
    expect(cellText(g!, 1, 3)).toBe('');
    const c = cellAt(g!, 2, 2)!;
    expect(c.source.page).toBe(1);
    expect(c.source.bbox!.x0).toBeCloseTo(220, 0);
    expect(c.source.bbox!.y0).toBeCloseTo(152, 0);
    // The title is running text before the grid, not part of it.
    expect(blocks[0]).toMatchObject({ kind: 'text', text: 'Expenditure table' });
  });

  it('reads thin filled rectangles as rules (how Excel prints borders)', async () => {
    const fills = [
      ...[100, 120, 140].map((y) => ({ x: 50, y, w: 200, h: 0.5 })),
      ...[50, 150, 250].map((x) => ({ x, y: 100, w: 0.5, h: 40 })),
    ];
    const blocks = await blocksOf([
      {
        fills,
        texts: [
          { x: 55, y: 113, text: 'a' },
          { x: 155, y: 113, text: 'b' },
          { x: 55, y: 133, text: 'c' },
          { x: 155, y: 133, text: 'd' },
        ],
      },
    ]);
    const [g] = grids(blocks);
    expect(g?.method).toBe('lattice');
    expect(cellText(g!, 1, 1)).toBe('d');
  });
});

describe('stream tables', () => {
  it('finds columns from gutters and keeps a header-only column', async () => {
    const texts = codedRows(
      [
        ['201', 'General services', '2,106.66', '1,503.52'],
        ['20106', 'Finance', '2,106.66', '1,503.52'],
        ['2010601', 'Administration', '1,511.89', '1,503.52'],
        ['208', 'Social security', '326.72', '326.72'],
      ],
      { businessX: 350, basicX: 480 },
    );
    const [g] = grids(await blocksOf([{ texts }]));
    expect(g?.method).toBe('stream');
    expect(g!.nCols).toBe(5);
    expect(cellText(g!, 0, 3)).toBe('Business');
    expect(cellText(g!, 3, 0)).toBe('2010601');
    expect(cellText(g!, 3, 2)).toBe('1,511.89');
    expect(cellText(g!, 3, 3)).toBe('');
    expect(cellText(g!, 3, 4)).toBe('1,503.52');
  });
});

describe('aligned tables with horizontal rules', () => {
  it('reads the lines between two rules as one row of wrapped cells', async () => {
    const rule = (y: number) => ({ x0: 50, y0: y, x1: 400, y1: y });
    const texts: SynthPage['texts'] = [
      { x: 55, y: 112, text: 'Brands' },
      { x: 250, y: 112, text: 'Market shares in' },
      { x: 250, y: 124, text: 'value (2003)' },
      { x: 55, y: 147, text: 'Maison du Cafe' },
      { x: 55, y: 159, text: '(Douwe Egberts)' },
      { x: 300, y: 147, text: '14.9%', align: 'right' },
      { x: 55, y: 182, text: 'Lavazza' },
      { x: 300, y: 182, text: '7.0%', align: 'right' },
      { x: 55, y: 205, text: 'Segafredo' },
      { x: 300, y: 205, text: '5.8%', align: 'right' },
    ];
    const [g] = grids(
      await blocksOf([{ texts, lines: [rule(100), rule(132), rule(167), rule(190), rule(213)] }]),
    );
    expect(g?.method).toBe('stream');
    expect([g!.nRows, g!.nCols]).toEqual([4, 2]);
    expect(cellText(g!, 0, 1)).toBe('Market shares in\nvalue (2003)');
    expect(cellText(g!, 1, 0)).toBe('Maison du Cafe\n(Douwe Egberts)');
    expect(cellText(g!, 1, 1)).toBe('14.9%');
    expect(cellText(g!, 3, 1)).toBe('5.8%');
  });

  it('reads a framed table whose rows are not ruled from its text, not as one cell per column', async () => {
    const lines = [
      { x0: 50, y0: 100, x1: 350, y1: 100 },
      { x0: 50, y0: 120, x1: 350, y1: 120 },
      { x0: 50, y0: 200, x1: 350, y1: 200 },
      { x0: 50, y0: 100, x1: 50, y1: 200 },
      { x0: 150, y0: 100, x1: 150, y1: 200 },
      { x0: 350, y0: 100, x1: 350, y1: 200 },
    ];
    const texts: SynthPage['texts'] = [
      { x: 55, y: 113, text: 'Country' },
      { x: 250, y: 113, text: 'Fund', align: 'right' },
      { x: 340, y: 113, text: 'Total', align: 'right' },
    ];
    ['Bulgaria', 'Cyprus', 'Estonia', 'Latvia'].forEach((name, i) => {
      const y = 135 + i * 14;
      texts.push(
        { x: 55, y, text: name },
        { x: 250, y, text: `${i + 1}.5`, align: 'right' },
        { x: 340, y, text: `${i + 2}.25`, align: 'right' },
      );
    });
    const [g] = grids(await blocksOf([{ texts, lines }]));
    expect(g?.method).toBe('stream');
    expect(g!.nCols).toBe(3);
    const r = Array.from({ length: g!.nRows }, (_, i) => i).find((i) => cellText(g!, i, 0) === 'Cyprus')!;
    expect([cellText(g!, r, 1), cellText(g!, r, 2)]).toEqual(['2.5', '3.25']);
  });
});

describe('pages', () => {
  it('merges a table continued on the next page, drops the repeated header, removes running heads and folios', async () => {
    const header = ['Code', 'Name', 'Amount'];
    const first = ruledTable({
      x: 50,
      y: 120,
      colWidths: [60, 160, 90],
      rowHeight: 20,
      rows: [header, ['201', 'General', '10.00'], ['202', 'Foreign', '20.00'], ['203', 'Defence', '30.00']],
    });
    const second = ruledTable({
      x: 50,
      y: 90,
      colWidths: [60, 160, 90],
      rowHeight: 20,
      rows: [header, ['204', 'Security', '40.00'], ['205', 'Education', '50.00']],
    });
    const furniture = (n: number): SynthPage['texts'] => [
      { x: 50, y: 40, text: 'Department final accounts 2024', size: 9 },
      { x: 290, y: 810, text: `- ${n} -`, size: 9 },
    ];
    const blocks = await blocksOf([
      {
        texts: [...furniture(1)!, { x: 50, y: 100, text: 'Table 3 Expenditure', size: 12 }, ...first.texts!],
        lines: first.lines!,
      },
      { texts: [...furniture(2)!, ...second.texts!], lines: second.lines! },
      { texts: [...furniture(3)!, { x: 50, y: 100, text: 'Notes follow here.' }] },
    ]);
    const gs = grids(blocks);
    expect(gs).toHaveLength(1);
    const g = gs[0]!;
    expect(g.pages).toEqual([1, 2]);
    expect(g.nRows).toBe(6);
    expect(cellText(g, 4, 0)).toBe('204');
    expect(cellText(g, 5, 2)).toBe('50.00');
    expect(cellAt(g, 5, 2)!.source.page).toBe(2);
    expect(cellAt(g, 1, 2)!.source.page).toBe(1);
    const all = texts(blocks).join('\n');
    expect(all).toContain('Table 3 Expenditure');
    expect(all).toContain('Notes follow here.');
    expect(all).not.toContain('Department final accounts');
    expect(all).not.toMatch(/- \d -/);
  });

  it('reads the next part of an aligned table, after its title printed again, in the columns of the part before', async () => {
    // Without rules a column empty on one page leaves no gutter there: the part would come out a column short, its
    // figures one column left of the first part's, and the two would not join as one table.
    const page = (title: string, rows: readonly CodedRow[]): SynthPage => ({
      texts: [{ x: 50, y: 70, text: title, size: 12 }, ...codedRows(rows, { businessX: 296, basicX: 460 })],
    });
    const first = page('Table 4 Expenditure', [
      ['201', 'General services', '2,106.66', '1,503.52'],
      ['20106', 'Finance', '2,106.66', '1,503.52'],
    ]);
    // Page 1 has figures in the Business column too (right-aligned at 360); page 2 has none.
    first.texts!.push(
      { x: 360, y: 118, text: '603.14', align: 'right' },
      { x: 360, y: 134, text: '603.14', align: 'right' },
    );
    const second = page('Table 4 Expenditure (continued)', [
      ['208', 'Social security', '326.72', '326.72'],
      ['20805', 'Pensions', '326.72', '326.72'],
    ]);
    const gs = grids(await blocksOf([first, second]));
    expect(gs.map((g) => g.pages)).toEqual([[1], [2]]);
    const [a, b] = gs as [Grid, Grid];
    expect(a.nCols).toBe(5);
    expect(b.nCols).toBe(a.nCols);
    const row = (g: Grid, code: string) =>
      [...Array(g.nRows).keys()].find((r) => cellText(g, r, 0) === code)!;
    expect(cellText(a, row(a, '201'), 3)).toBe('603.14');
    expect(cellText(b, row(b, '208'), 3)).toBe('');
    expect(cellText(b, row(b, '208'), 4)).toBe('326.72');
    expect(cellText(b, row(b, '208'), 2)).toBe('326.72');
  });

  it('does not merge tables with different columns on consecutive pages', async () => {
    const a = ruledTable({
      x: 50,
      y: 700,
      colWidths: [60, 160],
      rowHeight: 20,
      rows: [
        ['A', 'B'],
        ['1', '2'],
      ],
    });
    const b = ruledTable({
      x: 50,
      y: 90,
      colWidths: [100, 100, 100],
      rowHeight: 20,
      rows: [
        ['C', 'D', 'E'],
        ['3', '4', '5'],
      ],
    });
    const gs = grids(await blocksOf([{ ...a }, { ...b }]));
    expect(gs.map((g) => g.pages)).toEqual([[1], [2]]);
  });
});
