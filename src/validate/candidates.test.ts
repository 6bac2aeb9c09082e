import { describe, expect, it } from 'vitest';
import { normalizeDocument } from '../normalize/index.js';
import { titled } from '../../test/support/grids.js';
import { rankCandidates } from './candidates.js';

const EXPENDITURE_HEADER = [
  ['项目', '', '本年支出合计', '基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出'],
  ['功能分类科目编码', '科目名称', '', '', '', '', '', ''],
];

/** 基本支出 of 2159999 printed 17.37, read by OCR as 17237 (the decimal point taken for a 2). */
const tables = normalizeDocument({
  blocks: titled('支出决算表', [
    ...EXPENDITURE_HEADER,
    ['', '合计', '29.39', '27.37', '2.02', '0', '0', '0'],
    ['2010401', '行政运行', '10.00', '10.00', '0', '0', '0', '0'],
    ['2159999', '其他资源勘探工业信息等支出', '19.39', '17237', '2.02', '0', '0', '0'],
  ]),
}).tables;
const cell = { table: 't0', row: 'c2159999', column: 'basic' };
const v = (text: string) => ({ value: Number(text), text, origin: 'variant' });

describe('rankCandidates', () => {
  it('ranks the reading that restores the row identity and the column total first, and names both', () => {
    const r = rankCandidates(tables, cell, ['1723.7', '172.37', '17.37', '1.7237'].map(v));
    expect(r.broken).toEqual(
      expect.arrayContaining(['row_identity:t0:c2159999:total', 'column_sum:t0:total:basic']),
    );
    expect(r.best).toMatchObject({ value: 17.37, text: '17.37', exact: 2 });
    expect(r.best?.restores).toEqual(
      expect.arrayContaining(['row_identity:t0:c2159999:total', 'column_sum:t0:total:basic']),
    );
    // Readings that restore nothing are not candidates at all.
    expect(r.ranked.map((c) => c.value)).toEqual([17.37]);
  });

  it('drops a reading with more decimals than the table prints, however well it sums within rounding', () => {
    const r = rankCandidates(tables, cell, [v('17.371'), v('17.37')]);
    expect(r.ranked.map((c) => c.text)).toEqual(['17.37']);
  });

  it('keeps no reading that breaks an identity that held', () => {
    // 合计·基本支出 read as 27.31: the column total breaks; 27.37 restores it, 37.37 would break nothing but restores
    // nothing either.
    const bad = normalizeDocument({
      blocks: titled('支出决算表', [
        ...EXPENDITURE_HEADER,
        ['', '合计', '29.39', '27.37', '2.02', '0', '0', '0'],
        ['2010401', '行政运行', '10.00', '10.00', '0', '0', '0', '0'],
        ['2159999', '其他资源勘探工业信息等支出', '19.39', '17.37', '2.02', '0', '0', '0'],
      ]),
    }).tables;
    // The row identity holds with 17.37; 7.37 would restore nothing and break it.
    const r = rankCandidates(bad, cell, [v('7.37')]);
    expect(r.broken).toEqual([]);
    expect(r.ranked).toEqual([]);
    expect(r.best).toBeUndefined();
  });

  it('names no best when two readings restore as much', () => {
    // Each is one cent off: both restore the two identities within rounding only, neither exactly.
    const r = rankCandidates(tables, cell, [v('17.36'), v('17.38')]);
    expect(r.ranked.map((c) => [c.value, c.restores.length, c.exact])).toEqual([
      [17.36, 2, 0],
      [17.38, 2, 0],
    ]);
    expect(r.best).toBeUndefined();
    // The exact reading beats both.
    expect(rankCandidates(tables, cell, [v('17.36'), v('17.37'), v('17.38')]).best?.value).toBe(17.37);
  });
});
