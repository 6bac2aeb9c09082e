import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arithmeticOf, CORPUS } from '../../bench/accuracy/arithmetic.js';

const SHANGHAI = join(CORPUS, 'decision', '上海市普陀区财政局2024年度部门决算.pdf');
const TEMPLATE = join(CORPUS, 'decision', '附件2：部门决算模板.pdf');
const JIANGSU = join(CORPUS, 'budget-jiangsu', '江苏省政协办公厅2019年预算公开表.pdf');

describe.skipIf(!existsSync(CORPUS))('real published PDFs: the arithmetic is the ground truth', () => {
  it('Shanghai 2024 决算: all nine families, every row identity and every 合计 consistent', async () => {
    const a = await arithmeticOf(SHANGHAI);
    expect(a.missingFinal).toEqual([]);
    expect(a.rowIdentities.total).toBeGreaterThan(50);
    expect(a.rowIdentities.holds).toBe(a.rowIdentities.total);
    expect(a.sums.total).toBeGreaterThan(50);
    expect(a.sums.holds).toBe(a.sums.total);
    expect(a.errors).toBe(0);
  });

  it('the official blank template: all nine families, no data rows', async () => {
    const a = await arithmeticOf(TEMPLATE);
    expect(a.missingFinal).toEqual([]);
    expect(a.dataRows).toBe(0);
  });

  it('Jiangsu 2019 预算公开表: budget families with their identities', async () => {
    const a = await arithmeticOf(JIANGSU);
    expect(a.families).toEqual(
      expect.arrayContaining([
        'budget_summary',
        'budget_income',
        'budget_expenditure',
        'budget_fiscal_summary',
        'budget_general_expenditure',
        'budget_basic_expenditure',
        'budget_three_public',
      ]),
    );
    expect(a.unknownTables).toBe(0);
    expect(a.sums.total).toBeGreaterThan(20);
    expect(a.sums.holds).toBe(a.sums.total);
    expect(a.crossTable.holds).toBe(a.crossTable.total);
    expect(a.errors).toBe(0);
  });
});
