import { describe, expect, it } from 'vitest';
import { yearResult, type YearFigures } from '../../test/store/years.js';
import { crossYearChecks, type YearDocument } from './cross-year.js';

const doc = (year: number, figures: YearFigures): YearDocument => {
  const r = yearResult({ department: '株洲市财政局', year, figures });
  return { sha256: r.source.sha256, path: `${year}.txt`, year, kind: r.meta.kind, tables: r.tables };
};
const base: YearFigures = {
  income: 1000,
  expenditure: 990,
  opening: 20,
  closing: 30,
  fiscalOpening: 5,
  fiscalClosing: 8,
};

describe('cross-year checks', () => {
  it('flags 年初结转和结余 ≠ last year’s 年末结转和结余, by table and by fund, with both figures and both files', () => {
    const y2022 = doc(2022, base);
    const y2023 = doc(2023, { ...base, opening: 25, fiscalOpening: 6 });
    const out = crossYearChecks(y2023, y2022);
    expect(out?.target).toBe(y2023.sha256);
    const ids = out?.anomalies.map((a) => a.id) ?? [];
    expect(ids).toEqual([
      `cross_year:${y2022.sha256.slice(0, 12)}:balance:income_expenditure_summary:amount`,
      `cross_year:${y2022.sha256.slice(0, 12)}:balance:fiscal_summary:general_budget`,
    ]);
    const [summary, fund] = out?.anomalies ?? [];
    expect(summary).toMatchObject({
      rule: 'cross_year',
      severity: 'error',
      row: 'income:opening_balance',
      column: 'amount',
      found: 25,
      expected: 30,
      difference: -5,
    });
    expect(summary?.message).toContain('2023年（2023.txt）的年初结转和结余 25.00 万元');
    expect(summary?.message).toContain('2022年（2022.txt）的年末结转和结余 30.00 万元');
    expect(fund).toMatchObject({ row: 'income:opening_balance.general_budget', found: 6, expected: 8 });
    expect(fund?.message).toContain('一般公共预算财政拨款');
    // The same pair in the other order gives the same anomalies.
    expect(crossYearChecks(y2022, y2023)).toEqual(out);
  });

  it('holds when the balances carry over and the totals move little', () => {
    const out = crossYearChecks(
      doc(2022, base),
      doc(2023, { ...base, income: 1200, opening: 30, fiscalOpening: 8 }),
    );
    expect(out?.anomalies).toEqual([]);
  });

  it('warns on a main total that changed by ±50% and at least 100 万元, not on a small base', () => {
    const out = crossYearChecks(
      doc(2022, base),
      doc(2023, { ...base, opening: 30, fiscalOpening: 8, expenditure: 2000 }),
    );
    expect(out?.anomalies).toHaveLength(1);
    expect(out?.anomalies[0]).toMatchObject({
      severity: 'warning',
      row: 'expenditure:expenditure_total',
      found: 2000,
      expected: 990,
    });
    expect(out?.anomalies[0]?.message).toContain('增长 102.0%');
    const small = crossYearChecks(
      doc(2022, { ...base, income: 50, expenditure: 50 }),
      doc(2023, { ...base, income: 120, expenditure: 120, opening: 30, fiscalOpening: 8 }),
    );
    expect(small?.anomalies).toEqual([]);
  });

  it('compares a 决算’s 年初预算数 (as its text states it) with the same year’s 部门预算, in either order', () => {
    const final = (text: string): YearDocument => ({
      ...doc(2023, base),
      texts: [{ kind: 'text', text, source: { line: { start: 90, end: 90 } } }],
    });
    const budget: YearDocument = {
      sha256: 'b'.repeat(64),
      path: '2023预算.pdf',
      year: 2023,
      kind: 'budget',
      tables: [
        {
          id: 't0',
          type: 'budget_fiscal_summary',
          title: '财政拨款收支预算总表',
          unit: 'yuan',
          columns: [{ key: 'amount', label: '合计', kind: 'amount' }],
          rows: [
            {
              id: 'expenditure:expenditure_total',
              label: '本年支出合计',
              role: 'total',
              cells: { amount: { raw: '4882500', value: 4882500, blank: false, source: { page: 3 } } },
              source: { page: 3 },
            },
          ],
          template: false,
          grid: 'g0',
          source: { page: 3 },
        },
      ],
    };
    const off = final('2023年度财政拨款支出年初预算数为500.25万元，全年预算数为810.17万元');
    const out = crossYearChecks(budget, off);
    expect(out?.target).toBe(off.sha256);
    expect(out?.anomalies).toHaveLength(1);
    expect(out?.anomalies[0]).toMatchObject({
      severity: 'warning',
      found: 500.25,
      expected: 488.25,
      difference: 12,
      source: { line: { start: 90, end: 90 } },
    });
    expect(out?.anomalies[0]?.message).toContain('年初预算数 500.25 万元');
    expect(out?.anomalies[0]?.message).toContain('同年部门预算（2023预算.pdf）');
    expect(crossYearChecks(off, budget)).toEqual(out);
    expect(crossYearChecks(final('2023年度财政拨款支出年初预算数为488.25万元'), budget)?.anomalies).toEqual(
      [],
    );
  });

  it('checks the figures the text gives for 上年 (本年数 ∓ 比上年增减) against last year’s document', () => {
    const withText = (year: number, figures: YearFigures, text: string): YearDocument => ({
      ...doc(year, figures),
      texts: [{ kind: 'text', text, source: { page: 3, line: { start: 40, end: 40 } } }],
    });
    const y2022 = doc(2022, base);
    const carried = { ...base, income: 1040, opening: 30, fiscalOpening: 8 };
    // 1040 − 40 = 1000 = last year's 本年收入合计: holds.
    const ok = crossYearChecks(
      withText(2023, carried, '2023年度本年收入合计1040.00万元，比上年增加40.00万元，增长4.00%。'),
      y2022,
    );
    expect(ok?.anomalies).toEqual([]);
    // 1040 − 60 = 980, but 2022's document says 1000.
    const later = withText(
      2023,
      carried,
      '2023年度本年收入合计1040.00万元，比上年增加60.00万元，增长6.12%。',
    );
    const out = crossYearChecks(later, y2022);
    expect(out?.anomalies).toHaveLength(1);
    const a = out?.anomalies[0];
    expect(a).toMatchObject({
      id: `cross_year:${y2022.sha256.slice(0, 12)}:stated_last_year:income_expenditure_summary:income:income_total:amount`,
      rule: 'cross_year',
      severity: 'warning',
      row: 'income:income_total',
      found: 980,
      expected: 1000,
      difference: -20,
    });
    expect(a?.message).toContain('比上年增加 60.00 万元，即上年为 980.00 万元');
    expect(a?.message).toContain('2022年（2022.txt）');
    // Both places: the sentence (page 3) and last year's cell.
    expect(a?.places?.map((p) => p.page ?? p.line?.start)).toEqual([3, expect.any(Number)]);
    expect(crossYearChecks(y2022, later)).toEqual(out);
    // A change against another reference (年初预算) is not about last year's document.
    const vsBudget = withText(2023, carried, '2023年度本年收入合计1040.00万元，比年初预算增加60.00万元。');
    expect(crossYearChecks(vsBudget, y2022)?.anomalies).toEqual([]);
  });

  it('pairs only neighbouring years of one kind', () => {
    expect(crossYearChecks(doc(2021, base), doc(2023, base))).toBeUndefined();
    expect(crossYearChecks(doc(2023, base), doc(2023, base))).toBeUndefined();
  });
});
