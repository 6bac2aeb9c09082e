import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellsOf, expectedFor, scoreCells, type CellMap } from '../../bench/accuracy/cells.js';
import { extractFile } from '../../src/pipeline/index.js';

// The samples as LibreOffice Writer prints them to PDF: forms one after another with no paragraph
// between, rows broken over pages, figures wrapped digit-wise in narrow columns. Assertions are on cell
// texts (keys of the expected cells), not on where the producer put them.

const SAMPLES = join(import.meta.dirname, '..', '..', 'samples');
const expected = (name: string): CellMap =>
  expectedFor(name, JSON.parse(readFileSync(join(SAMPLES, 'expected', `${name.slice(0, 3)}.cells.json`), 'utf8')) as CellMap);
const read = async (name: string): Promise<CellMap> => cellsOf(await extractFile(join(SAMPLES, name), { ocr: 'off' }));

describe('Writer PDFs of the samples', () => {
  it('000: a 工作目标 cell broken over two pages is read whole', async () => {
    const name = '000-performance-qingshuitang-2023.pdf';
    const [exp, got] = [expected(name), await read(name)];
    const key = Object.keys(exp).find((k) => k.startsWith('performance_overall#0|work_plan全力优化园区项目服务|goal'))!;
    expect(exp[key]).toMatch(/^1\.协调做好.*3\.发挥/u);
    expect(got[key]).toBe(exp[key]);
    // The remainder is not a row of its own.
    expect(Object.keys(got).filter((k) => k.startsWith('performance_overall#0|work_plan|'))).toEqual([]);
  });

  it('001: a summary table touching the next form is cut from it and continued from the page before', async () => {
    const name = '001-performance-yingshang-2023.pdf';
    const [exp, got] = [expected(name), await read(name)];
    expect(got['special_fund_summary#0|合计|amount']).toBe('4');
    expect(got['special_fund_summary#0|业务性专项|annual_goal']).toBe(exp['special_fund_summary#0|业务性专项|annual_goal']);
    expect(got['special_fund_direction#0|@|direction']).toBe('业务性专项');
  });

  it('002: a form whose title row breaks over the page is still recognised, with its own figures', async () => {
    const name = '002-performance-shangwu-2023.pdf';
    const got = await read(name);
    expect(got['special_fund_direction#0|@|direction']).toBe('提退人员经费');
    expect(got['special_fund_direction#0|details基本工资|amount']).toBe('133292');
    expect(got['special_fund_direction#1|@|direction']).toBe('商务专项经费');
  });

  it('004: ruled 总表s whose narrow columns wrap figures stay ruled tables', async () => {
    const name = '004-final-accounts-2023.pdf';
    const got = await read(name);
    expect(got['income_expenditure_summary#0|income一、一般公共预算财政拨款收入|amount']).toBe('766.56');
    expect(got['income_expenditure_summary#0|income一、一般公共预算财政拨款收入|line_no']).toBe('1');
  });

  for (const name of [
    '000-performance-qingshuitang-2023.pdf',
    '001-performance-yingshang-2023.pdf',
    '002-performance-shangwu-2023.pdf',
    '003-performance-kegongxin-2023.pdf',
    '004-final-accounts-2023.pdf',
  ]) {
    it(`${name}: close to its DOCX twin`, async () => {
      const s = scoreCells(expected(name), await read(name));
      expect(s.recall).toBeGreaterThanOrEqual(0.97);
      expect(s.precision).toBeGreaterThanOrEqual(0.97);
    });
  }
});
