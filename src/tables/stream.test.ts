import { describe, expect, it } from 'vitest';
import type { TextSpan } from '../model/index.js';
import { findStreamRegions } from './stream.js';

const SIZE = 9;
const PAGE_WIDTH = 595;

/** One text run at x0 on the line at y0; ideographs are 1 em wide, the rest ½ em. Right-aligned at x when `right`. */
function run(text: string, x: number, y0: number, right = false): TextSpan {
  const w = [...text].reduce((a, ch) => a + (/[\u3000-\u9fff\uff00-\uffef]/u.test(ch) ? 1 : 0.5), 0) * SIZE;
  const x0 = right ? x - w : x;
  return { text, page: 1, bbox: { x0, y0, x1: x0 + w, y1: y0 + SIZE }, fontSize: SIZE, confidence: 1, origin: 'native' };
}

/** A row: a label at 60, figures right-aligned at 300 and 450. */
const row = (label: string, a: string, b: string, y: number): TextSpan[] => [run(label, 60, y), run(a, 300, y, true), run(b, 450, y, true)];

describe('unruled tables found from their text', () => {
  it('bridges the gap that unprinted empty rows leave above the 合计 row', () => {
    const spans = [
      ...row('项目', '本年收入', '本年支出', 100),
      ...row('一般公共服务支出', '1,234.56', '1,200.00', 114),
      ...row('教育支出', '100.00', '34.56', 128),
      // Eight empty rows, then the totals in the same columns.
      ...row('合计', '1,334.56', '1,234.56', 128 + 9 * 14),
    ];
    const regions = findStreamRegions(spans, PAGE_WIDTH);
    expect(regions).toHaveLength(1);
    expect(regions[0]!.map((s) => s.text)).toContain('合计');
  });

  it('does not bridge a gap to a line whose columns differ', () => {
    const spans = [
      ...row('项目', '本年收入', '本年支出', 100),
      ...row('一般公共服务支出', '1,234.56', '1,200.00', 114),
      ...row('教育支出', '100.00', '34.56', 128),
      run('注：', 60, 128 + 9 * 14),
      run('12.00', 200, 128 + 9 * 14, true),
    ];
    const regions = findStreamRegions(spans, PAGE_WIDTH);
    expect(regions).toHaveLength(1);
    expect(regions[0]!.map((s) => s.text)).not.toContain('注：');
  });

  it('keeps a 三公 table of one row under its header', () => {
    const cols = [120, 200, 280, 360, 440];
    const header = ['合计', '因公出国(境)费', '公务用车购置费', '公务用车运行费', '公务接待费'];
    const spans = [
      ...header.map((h, i) => run(h, cols[i]! - 60, 100)),
      ...['12.30', '0.00', '0.00', '10.00', '2.30'].map((f, i) => run(f, cols[i]!, 114, true)),
    ];
    expect(findStreamRegions(spans, PAGE_WIDTH)).toHaveLength(1);
  });

  it('keeps the header of an empty table ("本单位无政府性基金预算")', () => {
    const header = (texts: string[], y: number): TextSpan[] => texts.map((t, i) => run(t, 60 + i * 120, y));
    const spans = [
      ...header(['项目', '本年拨款', '本年支出'], 100),
      ...header(['功能分类科目', '合计', '基本支出'], 114),
      ...header(['科目编码', '科目名称', '项目支出'], 128),
    ];
    expect(findStreamRegions(spans, PAGE_WIDTH)).toHaveLength(1);
    // Two lines of a heading list are no table.
    expect(findStreamRegions(spans.slice(0, 6), PAGE_WIDTH)).toHaveLength(0);
  });
});
