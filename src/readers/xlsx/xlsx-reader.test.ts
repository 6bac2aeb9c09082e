import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { BadInputError, ExtractedDocument, cellText, type Grid } from '../../model/index.js';
import { formatNumber } from './display-text.js';
import { decodeAddress, xlsxReader } from './xlsx-reader.js';

async function workbookBytes(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('formatNumber', () => {
  it('shows numbers as their format prints them', () => {
    expect(formatNumber(242.7, '0.00')).toBe('242.70');
    expect(formatNumber(12345.6, '#,##0.00')).toBe('12,345.60');
    expect(formatNumber(0.125, '0.0%')).toBe('12.5%');
    expect(formatNumber(-3, '0')).toBe('-3');
    expect(formatNumber(10.618, undefined)).toBe('10.618');
    expect(formatNumber(85, 'General')).toBe('85');
    expect(formatNumber(1, 'yyyy-mm-dd')).toBeUndefined();
  });

  it('decodes A1 addresses', () => {
    expect(decodeAddress('B7')).toEqual({ row: 7, col: 2 });
    expect(decodeAddress('$AA$10')).toEqual({ row: 10, col: 27 });
    expect(decodeAddress('7B')).toBeUndefined();
  });
});

describe('xlsxReader', () => {
  it('reads each sheet as its name and a grid of the used range, merges as spans', async () => {
    const bytes = await workbookBytes((wb) => {
      const ws = wb.addWorksheet('支出决算表');
      ws.getCell('B2').value = '项目';
      ws.mergeCells('B2:B3');
      ws.getCell('C2').value = '本年支出';
      ws.mergeCells('C2:D2');
      ws.getCell('C3').value = '基本支出';
      ws.getCell('D3').value = '项目支出';
      ws.getCell('B4').value = '合计';
      ws.getCell('C4').value = 242.7;
      ws.getCell('C4').numFmt = '0.00';
      ws.getCell('D4').value = { formula: 'C4*2', result: 485.4 };
      wb.addWorksheet('空表');
    });
    const doc = await xlsxReader.read({ path: 'a.xlsx', bytes });
    ExtractedDocument.parse(doc);
    expect(doc.blocks.map((b) => (b.kind === 'text' ? b.text : b.grid.id))).toEqual([
      '支出决算表',
      'g0',
      '空表',
    ]);
    const g = (doc.blocks[1] as { grid: Grid }).grid;
    expect(g).toMatchObject({ nRows: 3, nCols: 3, method: 'explicit' });
    expect(g.cells.find((c) => c.text === '项目')).toMatchObject({ row: 0, col: 0, rowSpan: 2, colSpan: 1 });
    expect(g.cells.find((c) => c.text === '本年支出')).toMatchObject({
      row: 0,
      col: 1,
      rowSpan: 1,
      colSpan: 2,
    });
    expect(cellText(g, 2, 1)).toBe('242.70');
    expect(cellText(g, 2, 2)).toBe('485.4');
    expect(g.cells.find((c) => c.text === '242.70')?.source.cell).toEqual({
      grid: 'g0',
      row: 2,
      col: 1,
      sheet: '支出决算表',
      address: 'C4',
    });
    // Covered positions of merged ranges are not emitted: 9 positions, 2 covered.
    expect(g.cells).toHaveLength(7);
  });

  it('bounds the grid by cells with values, not by formatting', async () => {
    const bytes = await workbookBytes((wb) => {
      const ws = wb.addWorksheet('s');
      ws.getCell('A1').value = '单位：万元';
      ws.getCell('B2').value = 1;
      ws.getCell('Z500').numFmt = '0.00';
      ws.getCell('Z500').border = { top: { style: 'thin' } };
    });
    const doc = await xlsxReader.read({ path: 'f.xlsx', bytes });
    const g = (doc.blocks[1] as { grid: Grid }).grid;
    expect([g.nRows, g.nCols]).toEqual([2, 2]);
    expect(g.cells.map((c) => c.source.cell?.address)).toEqual(['A1', 'B1', 'A2', 'B2']);
  });

  it('refuses corrupt input with BadInputError', async () => {
    await expect(
      xlsxReader.read({ path: 'x.xlsx', bytes: new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]) }),
    ).rejects.toBeInstanceOf(BadInputError);
    await expect(xlsxReader.read({ path: 'x.xlsx', bytes: new Uint8Array() })).rejects.toBeInstanceOf(
      BadInputError,
    );
  });
});
