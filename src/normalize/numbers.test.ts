import { describe, expect, it } from 'vitest';
import { numericCell } from './cells.js';
import { MAX_NUMBER_DIGITS, convertMoney, parseNumber } from './numbers.js';

describe('parseNumber', () => {
  it('reads plain, thousands-separated and full-width numbers', () => {
    expect(parseNumber('766.56').value).toBe(766.56);
    expect(parseNumber('1,234,567.8').value).toBe(1234567.8);
    expect(parseNumber('１２３．４５').value).toBe(123.45);
    expect(parseNumber('  85 ').value).toBe(85);
  });
  it('reads figures separated only before their last group of three (上海 元 tables: "120258,600")', () => {
    expect(parseNumber('120258,600').value).toBe(120258600);
    expect(parseNumber('1234,567,890.5').value).toBe(1234567890.5);
    // A comma before anything but three digits is no thousands separator.
    expect(parseNumber('12,34').value).toBeNull();
    expect(parseNumber('1234,5678').value).toBeNull();
  });
  it('keeps blanks apart from explicit zeros and placeholders', () => {
    expect(parseNumber('')).toMatchObject({ value: null, blank: true, placeholder: false });
    expect(parseNumber('0')).toMatchObject({ value: 0, blank: false });
    for (const p of ['-', '—', '——', '/', '无'])
      expect(parseNumber(p)).toMatchObject({ value: null, blank: false, placeholder: true });
  });
  it('reads comparators in indicator values', () => {
    expect(parseNumber('≥600家')).toMatchObject({ value: 600, comparator: '>=', unitText: '家' });
    expect(parseNumber('≤125.61万')).toMatchObject({ value: 125.61, comparator: '<=', money: 'wan_yuan' });
    expect(parseNumber('≦115.62万元')).toMatchObject({ value: 115.62, comparator: '<=', money: 'wan_yuan' });
    expect(parseNumber('＞3')).toMatchObject({ value: 3, comparator: '>' });
  });
  it('reads percentages and unit suffixes', () => {
    expect(parseNumber('94.62%')).toMatchObject({ value: 94.62, percent: true });
    expect(parseNumber('≥90%；')).toMatchObject({ value: 90, percent: true, comparator: '>=' });
    expect(parseNumber('0.8万元')).toMatchObject({ value: 0.8, money: 'wan_yuan', unitText: '万元' });
    expect(parseNumber('95%以上')).toMatchObject({ value: 95, percent: true });
  });
  it('counts written decimals, for the decimal-pattern rule', () => {
    expect(parseNumber('10.618').decimals).toBe(3);
    expect(parseNumber('10.61').decimals).toBe(2);
  });
  it('reads negatives written with a sign or in parentheses', () => {
    expect(parseNumber('-3.5').value).toBe(-3.5);
    expect(parseNumber('(3.5)').value).toBe(-3.5);
  });
  it('does not take text for numbers', () => {
    expect(parseNumber('合格').value).toBeNull();
    expect(parseNumber('2023年12月31日前').value).toBeNull();
    expect(parseNumber('1.2.3').value).toBeNull();
  });
  it('keeps a figure with more digits than a double holds as text, never Infinity', () => {
    const huge = parseNumber('9'.repeat(400));
    expect(huge).toMatchObject({ value: null, tooLong: true, blank: false, placeholder: false });
    expect(parseNumber(`1${'0'.repeat(MAX_NUMBER_DIGITS)}.5`)).toMatchObject({ value: null, tooLong: true });
    expect(parseNumber('9'.repeat(MAX_NUMBER_DIGITS)).value).toBe(Number('9'.repeat(MAX_NUMBER_DIGITS)));
    expect(parseNumber('1,234,567,890,123.45').value).toBe(1234567890123.45);
    const cell = numericCell(`${'9'.repeat(400)}万元`, { paragraph: 1 }, 'yuan');
    expect(cell.value).toBeNull();
    expect(cell.raw).toBe(`${'9'.repeat(400)}万元`);
  });
});

describe('convertMoney', () => {
  it('converts between 元, 万元 and 亿元 without binary noise', () => {
    expect(convertMoney(211500, 'yuan', 'wan_yuan')).toBe(21.15);
    expect(convertMoney(0.8, 'wan_yuan', 'yuan')).toBe(8000);
    expect(convertMoney(1.5, 'yi_yuan', 'wan_yuan')).toBe(15000);
  });
});
