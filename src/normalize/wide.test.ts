import { describe, expect, it } from 'vitest';
import { normalizeDocument } from './index.js';
import { titled } from '../../test/support/grids.js';

const keys = (rows: string[][]): string[] =>
  normalizeDocument({ blocks: titled('2026年“三公”经费支出预算表', rows) }).tables[0]?.columns.map(
    (c) => c.key,
  ) ?? [];

describe('the 三公 table (wide layout): column keys from the header, wherever 合计 is printed', () => {
  it('reads 合计 printed first', () => {
    expect(
      keys([
        ['合计', '因公出国(境)费', '公务用车购置及运行费', '', '', '公务接待费'],
        ['', '', '小计', '购置费', '运行费', ''],
        ['18.10', '5.00', '10.00', '4.00', '6.00', '3.10'],
      ]),
    ).toEqual([
      'total',
      'outbound',
      'vehicle_subtotal',
      'vehicle_purchase',
      'vehicle_operation',
      'reception',
    ]);
  });

  it('reads 合计 printed after the first item as the same group, not the start of a second one', () => {
    expect(
      keys([
        ['因公出国(境)费', '合计', '公务用车购置及运行费', '', '', '公务接待费'],
        ['', '', '小计', '购置费', '运行费', ''],
        ['5.00', '18.10', '10.00', '4.00', '6.00', '3.10'],
      ]),
    ).toEqual([
      'outbound',
      'total',
      'vehicle_subtotal',
      'vehicle_purchase',
      'vehicle_operation',
      'reception',
    ]);
  });

  it('still starts the 决算数 group at its own 合计', () => {
    const k = keys([
      ['预算数', '', '', '决算数', '', ''],
      ['合计', '因公出国(境)费', '公务接待费', '合计', '因公出国(境)费', '公务接待费'],
      ['8.10', '5.00', '3.10', '7.00', '4.00', '3.00'],
    ]);
    expect(k).toEqual([
      'budget_total',
      'budget_outbound',
      'budget_reception',
      'final_total',
      'final_outbound',
      'final_reception',
    ]);
  });
});
