import { describe, expect, it } from 'vitest';
import { matchFamilyTitle } from './families.js';
import { compact } from './text.js';

describe('matchFamilyTitle', () => {
  it('names the family of a printed title', () => {
    expect(matchFamilyTitle('政府性基金预算财政拨款收入支出决算表')?.type).toBe('government_fund');
    expect(matchFamilyTitle('财政拨款收入支出决算总表')?.type).toBe('fiscal_summary');
    expect(matchFamilyTitle('一般公共预算支出预算表（功能科目）')?.type).toBe('budget_general_expenditure');
  });

  it('still names it when OCR got one character of the title wrong', () => {
    // 支 read as 文 (seen on the Jiangsu 2019 tables rendered at 200 dpi).
    expect(matchFamilyTitle('文出预算总表')?.type).toBe('budget_expenditure');
    // 共 broken into marks: the garbled title is 一般公共预算支出预算表, not the bare 支出预算表 its pattern gives.
    expect(matchFamilyTitle('一般公，.预算支出预算表〈功能科目)')?.type).toBe('budget_general_expenditure');
  });

  it('does not let a near title override an exact one it does not refine', () => {
    // One edit from 财政拨款收入支出决算总表, but its own pattern matches and is not a part of that title.
    expect(matchFamilyTitle('政府性基金预算财政拨款收入支出决算表')?.type).not.toBe('fiscal_summary');
  });

  it('leaves titles of no family alone', () => {
    expect(matchFamilyTitle('年度重点工作计划表')).toBeUndefined();
    expect(matchFamilyTitle('部门基本情况表')).toBeUndefined();
  });
});

describe('compact', () => {
  it('folds OCR misreads that are never words in these documents', () => {
    expect(compact('年未结转和结余')).toBe('年末结转和结余');
    expect(compact('一般公共预算财政拔款')).toBe('一般公共预算财政拨款');
  });
});
