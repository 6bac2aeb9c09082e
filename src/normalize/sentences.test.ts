import { describe, expect, it } from 'vitest';
import type { TextBlock } from '../model/index.js';
import { sourceAt, toSentences } from './sentences.js';

/** A printed line; x1 520 is the right margin (a line that reaches it wraps). */
const line = (text: string, page: number, y: number, x1 = 520): TextBlock => ({
  kind: 'text',
  text,
  source: { page, bbox: { x0: 72, y0: y, x1, y1: y + 12 } },
});

describe('toSentences', () => {
  it('joins printed-line wraps and a page break (with the page number between) into one sentence', () => {
    const s = toSentences([
      line('本年支出合计2940.05万元，其中：基本支出2336.91万元，占79.49%； 项目支出', 21, 337),
      line('603.14万元，占20.51%；', 21, 351, 202),
      line('一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为', 21, 727),
      line('- 21 -', 21, 800, 300),
      line('2940.05万元，完成年初预算的98.20%。', 22, 72, 330),
      line('第22页的另一行文字，足够长以确定右边界的位置。', 22, 90),
      line('第22页的又一行文字，足够长以确定右边界的位置。', 22, 108),
    ]);
    expect(s.map((x) => x.text)).toEqual([
      '本年支出合计2940.05万元，其中：基本支出2336.91万元，占79.49%；项目支出603.14万元，占20.51%；',
      '一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。',
      '第22页的另一行文字，足够长以确定右边界的位置。',
      '第22页的又一行文字，足够长以确定右边界的位置。',
    ]);
    // Every piece keeps its place: the figure after the page break is on page 22.
    const second = s[1]!;
    expect(sourceAt(second, second.text.indexOf('2940.05')).page).toBe(22);
    expect(sourceAt(second, 0).page).toBe(21);
    expect(second.pieces).toHaveLength(2);
  });

  it('keeps a heading apart, but joins a per-类 item that wraps', () => {
    const s = toSentences([
      line('1. 一般公共服务支出', 3, 100, 190),
      line('年初预算数 372.25 万元，决算支出 689.41 万元。', 3, 114, 400),
      line('5、社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休', 3, 200),
      line('（项）。主要用于：退休人员经费支出。', 3, 214, 300),
      // A line that runs to the margin wraps even after "其中：".
      line('国家信访局2024年度本年收入合计20451.35万元，其中：', 3, 300),
      line('一般公共预算财政拨款收入19572.91万元，占95.7%。', 3, 314, 380),
    ]);
    expect(s.map((x) => x.text)).toEqual([
      '1.一般公共服务支出',
      '年初预算数372.25万元，决算支出689.41万元。',
      '5、社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）。',
      '主要用于：退休人员经费支出。',
      '国家信访局2024年度本年收入合计20451.35万元，其中：一般公共预算财政拨款收入19572.91万元，占95.7%。',
    ]);
  });

  it('keeps the items of a list printed one a paragraph, each ending with ；, in the paragraph that opens it', () => {
    const s = toSentences([
      line('江苏省政协办公厅本年支出预算合计9,146.79万元，其中：基本支出5,916.27万元，占', 9, 100),
      line('64.68%；', 9, 114, 150),
      line('项目支出 3,123.68 万元，占 34.15%；', 9, 128, 330),
      line('单位预留机动经费 106.84 万元，占 1.17%。', 9, 142, 350),
      line('（二）下一项；', 9, 156, 200),
    ]);
    expect(s.map((x) => x.text)).toEqual([
      '江苏省政协办公厅本年支出预算合计9,146.79万元，其中：基本支出5,916.27万元，占64.68%；',
      '项目支出3,123.68万元，占34.15%；',
      '单位预留机动经费106.84万元，占1.17%。',
      '（二）下一项；',
    ]);
    expect(s.map((x) => x.paragraph)).toEqual([0, 0, 0, 1]);
  });

  it('cuts a paragraph into sentences at 。 and keeps line provenance of text exports', () => {
    const s = toSentences([
      {
        kind: 'text',
        text: '机关运行经费支出184.65万元。主要原因是更换照明设施。',
        source: { line: { start: 9, end: 9 } },
      },
    ]);
    expect(s.map((x) => x.text)).toEqual(['机关运行经费支出184.65万元。', '主要原因是更换照明设施。']);
    expect(s[1]!.pieces[0]!.source.line?.start).toBe(9);
  });
});
