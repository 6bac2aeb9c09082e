import { describe, expect, it } from 'vitest';
import { parentCode, parseCode, splitCodeFromLabel } from './codes.js';
import { findUnitDeclaration } from './units.js';
import { joinWrapped } from './text.js';
import { functionClassCode } from './classes.js';
import { matchFamilyTitle } from './families.js';

describe('classification codes', () => {
  it('reads 类/款/项 function codes by length', () => {
    expect(parseCode('201')).toEqual({ code: '201', level: 'lei' });
    expect(parseCode('20104')).toEqual({ code: '20104', level: 'kuan' });
    expect(parseCode('2010401')).toEqual({ code: '2010401', level: 'xiang' });
  });
  it('joins codes split over 类/款/项 columns or spaced', () => {
    expect(parseCode('201', '06', '01')).toEqual({ code: '2010601', level: 'xiang' });
    expect(parseCode('201 06 01')).toEqual({ code: '2010601', level: 'xiang' });
    expect(parseCode('201', '06')).toEqual({ code: '20106', level: 'kuan' });
  });
  it('reads 经济分类 codes (3 and 5 digits)', () => {
    expect(parseCode('301')).toEqual({ code: '301', level: 'econ_class' });
    expect(parseCode('30101')).toEqual({ code: '30101', level: 'econ_item' });
    expect(parseCode('50101')).toEqual({ code: '50101', level: 'econ_item' });
    // 西安's 部门 sub-items of a 款; a 7-digit 政府 code is no code.
    expect(parseCode('3010201')).toEqual({ code: '3010201', level: 'econ_item' });
    expect(parentCode('3010201')).toBe('30102');
    expect(parseCode('5010201')).toBeUndefined();
  });
  it('rejects what is not a code', () => {
    expect(parseCode('2023')).toBeUndefined();
    expect(parseCode('766.56')).toBeUndefined();
    expect(parseCode('12')).toBeUndefined();
    expect(parseCode('201 6 01')).toBeUndefined();
  });
  it('walks up the hierarchy', () => {
    expect(parentCode('2010401')).toBe('20104');
    expect(parentCode('20104')).toBe('201');
    expect(parentCode('201')).toBeUndefined();
  });
  it('splits a code printed in front of its label', () => {
    expect(splitCodeFromLabel('2010401 行政运行')).toEqual({
      code: { code: '2010401', level: 'xiang' },
      rest: '行政运行',
    });
    expect(splitCodeFromLabel('行政运行')).toBeUndefined();
  });

  it('keeps the name as printed when the code shares its cell (full-width brackets, full-width code)', () => {
    expect(splitCodeFromLabel('2013199 其他党委办公厅（室）及相关机构事务支出')?.rest).toBe(
      '其他党委办公厅（室）及相关机构事务支出',
    );
    expect(splitCodeFromLabel('２０１０１０１　行政运行（项）')).toEqual({
      code: { code: '2010101', level: 'xiang' },
      rest: '行政运行（项）',
    });
  });
});

describe('units, labels, classes and titles', () => {
  it('finds unit declarations in their printed forms', () => {
    expect(findUnitDeclaration('单位：万元')?.unit).toBe('wan_yuan');
    expect(findUnitDeclaration('金额单位：万元')?.unit).toBe('wan_yuan');
    expect(findUnitDeclaration('金额：万元')?.unit).toBe('wan_yuan');
    expect(findUnitDeclaration('单位: 元')?.unit).toBe('yuan');
    expect(findUnitDeclaration('年度预算申请（万元）')?.unit).toBe('wan_yuan');
    expect(findUnitDeclaration('部门：')).toBeUndefined();
  });
  it('rejoins labels a line wrap split', () => {
    expect(joinWrapped('其他资源勘探 工业信息等支出')).toBe('其他资源勘探工业信息等支出');
    expect(joinWrapped('其他知识产权 事务支出')).toBe('其他知识产权事务支出');
    expect(joinWrapped('2023 年 12 月')).toBe('2023 年 12 月');
  });
  it('maps 总表 class rows to their 类 codes', () => {
    expect(functionClassCode('一、一般公共服务支出')).toBe('201');
    expect(functionClassCode('九、资源勘探工业信息等支出')).toBe('215');
    expect(functionClassCode('一般公共预算财政拨款')).toBeUndefined();
  });
  it('recognises families by title, not by the 公开NN表 number', () => {
    expect(matchFamilyTitle('财政拨款收入支出决算总表')?.type).toBe('fiscal_summary');
    expect(matchFamilyTitle('收入支出决算总表')?.type).toBe('income_expenditure_summary');
    expect(matchFamilyTitle('一般公共预算财政拨款基本支出决算明细表')?.type).toBe('basic_expenditure');
    expect(matchFamilyTitle('一般公共预算财政拨款支出决算表')?.type).toBe('general_budget_expenditure');
    expect(matchFamilyTitle('财政拨款“三公”经费支出决算表')?.type).toBe('three_public');
    expect(matchFamilyTitle('支出决算表')?.type).toBe('expenditure');
    expect(matchFamilyTitle('2023年区级专项资金绩效目标汇总表')?.type).toBe('special_fund_summary');
    expect(matchFamilyTitle('收支预算总表')?.type).toBe('budget_summary');
    expect(matchFamilyTitle('一般公共预算支出表')?.type).toBe('budget_general_expenditure');
    expect(matchFamilyTitle('公开03表')).toBeUndefined();
  });
});
