import { describe, expect, it } from 'vitest';
import { cellText, type Block, type Grid } from '../model/index.js';
import { pdfReader } from '../readers/pdf/index.js';
import { pagesToBlocks } from './index.js';
import { makePdf, ruledTable, type SynthPage } from './synthetic-pdf.js';

// Tables as Word, WPS and Writer export them: forms that follow one another with no paragraph between,
// and rows that a page break splits in two.

async function gridsOf(pages: SynthPage[]): Promise<Grid[]> {
  const doc = await pdfReader.read({ path: 'synthetic.pdf', bytes: await makePdf(pages) });
  return pagesToBlocks(doc.pages).flatMap((b: Block) => (b.kind === 'grid' ? [b.grid] : []));
}

const widths = [60, 80, 120];
// Two lines of the same words in another order: the same width, so the second runs to the right as far as the first.
const WRAPPED = 'alpha beta gamma delta\ngamma delta alpha beta';

function splitRowPages(lastCell: string): SynthPage[] {
  const foot = ruledTable({
    x: 50,
    y: 700,
    colWidths: widths,
    rowHeight: 30,
    rows: [
      ['Level 1', 'Level 2', 'Indicator'],
      ['Output', 'Count', lastCell],
    ],
  });
  const top = ruledTable({
    x: 50,
    y: 40,
    colWidths: widths,
    rowHeight: 30,
    rows: [
      ['', '', 'epsilon zeta.'],
      ['', 'Quality', 'Pass'],
    ],
  });
  return [foot, top];
}

describe('rows split by a page break', () => {
  it('joins the remainder at the top of the next page to the row it continues', async () => {
    const [g, ...rest] = await gridsOf(splitRowPages(WRAPPED));
    expect(rest).toEqual([]);
    expect(g!.pages).toEqual([1, 2]);
    expect(g!.nRows).toBe(3);
    expect(cellText(g!, 1, 2)).toBe(`${WRAPPED}\nepsilon zeta.`);
    expect(cellText(g!, 1, 1)).toBe('Count');
    expect(cellText(g!, 2, 1)).toBe('Quality');
  });

  it('keeps a new row under merged labels apart when the text above it had ended', async () => {
    const [g] = await gridsOf(splitRowPages('Short item.'));
    expect(g!.nRows).toBe(4);
    expect(cellText(g!, 1, 2)).toBe('Short item.');
    expect(cellText(g!, 2, 2)).toBe('epsilon zeta.');
  });
});

describe('rows split by a page break: figures', () => {
  it('does not join a figure to the one above it, even when both fill their narrow column', async () => {
    const foot = ruledTable({ x: 50, y: 740, colWidths: [80, 30], rowHeight: 20, rows: [['Item', 'Sum'], ['Salaries', '12345']] });
    const top = ruledTable({ x: 50, y: 40, colWidths: [80, 30], rowHeight: 20, rows: [['', '67890'], ['Total', '80235']] });
    const [g] = await gridsOf([foot, top]);
    expect(g!.pages).toEqual([1, 2]);
    expect(g!.nRows).toBe(4);
    expect(cellText(g!, 1, 1)).toBe('12345');
    expect(cellText(g!, 2, 1)).toBe('67890');
  });
});

describe('tables that touch', () => {
  const first = ruledTable({ x: 50, y: 100, colWidths: [100, 100, 100], rowHeight: 20, rows: [['Name', 'Amount', 'Goal'], ['Total', '51.15', 'done']] });

  it('cuts two tables of different widths drawn one on the other', async () => {
    const second = ruledTable({ x: 50, y: 140, colWidths: [80, 120, 150], rowHeight: 20, rows: [['Form 3', 'Direction', 'x'], ['Amount', '21.15', 'y']] });
    const gs = await gridsOf([{ lines: [...first.lines!, ...second.lines!], texts: [...first.texts!, ...second.texts!] }]);
    expect(gs.map((g) => [g.nRows, g.nCols])).toEqual([
      [2, 3],
      [2, 3],
    ]);
    expect(cellText(gs[1]!, 0, 0)).toBe('Form 3');
  });

  it('cuts two tables of one width whose column rules nearly meet', async () => {
    const second = ruledTable({ x: 50, y: 140, colWidths: [96, 108, 96], rowHeight: 20, rows: [['Form 3', 'Direction', 'x'], ['Amount', '21.15', 'y']] });
    const gs = await gridsOf([{ lines: [...first.lines!, ...second.lines!], texts: [...first.texts!, ...second.texts!] }]);
    expect(gs.map((g) => [g.nRows, g.nCols])).toEqual([
      [2, 3],
      [2, 3],
    ]);
    expect(cellText(gs[0]!, 1, 1)).toBe('51.15');
    expect(cellText(gs[1]!, 1, 1)).toBe('21.15');
  });

  it('cuts two tables of one width whose column rules break cleanly where they meet', async () => {
    const second = ruledTable({ x: 50, y: 140, colWidths: [150, 75, 75], rowHeight: 20, rows: [['Form 3', 'Direction', 'x'], ['Amount', '21.15', 'y']] });
    const gs = await gridsOf([{ lines: [...first.lines!, ...second.lines!], texts: [...first.texts!, ...second.texts!] }]);
    expect(gs.map((g) => [g.nRows, g.nCols])).toEqual([
      [2, 3],
      [2, 3],
    ]);
    expect(cellText(gs[1]!, 0, 0)).toBe('Form 3');
  });

  it('keeps one form whose rows share a column rule where the cell widths change', async () => {
    const head = ruledTable({ x: 50, y: 100, colWidths: [150, 150], rowHeight: 20, rows: [['Unit: bureau', 'Amount unit']] });
    const body = ruledTable({ x: 50, y: 120, colWidths: [50, 100, 75, 75], rowHeight: 20, rows: [['No.', 'Name', 'Amount', 'Goal'], ['1', 'Trade', '30', 'Grow']] });
    const gs = await gridsOf([{ lines: [...head.lines!, ...body.lines!], texts: [...head.texts!, ...body.texts!] }]);
    expect(gs).toHaveLength(1);
    expect(cellText(gs[0]!, 0, 2)).toBe('Amount unit');
    expect(cellText(gs[0]!, 2, 1)).toBe('Trade');
  });

  it('keeps one form whose inner columns change between row groups under a label column', async () => {
    const head = ruledTable({ x: 50, y: 100, colWidths: [60, 240], rowHeight: 20, rows: [['Unit', 'Commerce bureau'], ['Budget', 'Total 226.26']] });
    const body = ruledTable({ x: 50, y: 140, colWidths: [60, 120, 120], rowHeight: 20, rows: [['Plan', 'Item', 'Goal'], ['', 'Trade', 'Grow']] });
    const gs = await gridsOf([{ lines: [...head.lines!, ...body.lines!], texts: [...head.texts!, ...body.texts!] }]);
    expect(gs).toHaveLength(1);
    expect(gs[0]!.nRows).toBe(4);
    expect(cellText(gs[0]!, 0, 1)).toBe('Commerce bureau');
    expect(cellText(gs[0]!, 3, 2)).toBe('Grow');
  });
});

describe('figures wrapped in narrow ruled columns', () => {
  it('keeps the ruled grid when several cells hold a figure broken digit-wise over two lines', async () => {
    const t = ruledTable({
      x: 50,
      y: 100,
      colWidths: [150, 30, 40],
      rowHeight: 26,
      rows: [
        ['Item', 'Line', 'Amount'],
        ['General budget', '1', '766.5\n6'],
        ['Total income', '10', '766.5\n6'],
        ['Grand total', '13', '766.5\n6'],
      ],
    });
    const [g, ...rest] = await gridsOf([t]);
    expect(rest).toEqual([]);
    expect(g!.method).toBe('lattice');
    expect([g!.nRows, g!.nCols]).toEqual([4, 3]);
    expect([1, 2, 3].map((r) => cellText(g!, r, 2))).toEqual(['766.56', '766.56', '766.56']);
    expect(cellText(g!, 3, 1)).toBe('13');
  });
});
