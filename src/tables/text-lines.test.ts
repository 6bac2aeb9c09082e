import { describe, expect, it } from 'vitest';
import type { TextSpan } from '../model/index.js';
import { groupLines, spansToText } from './text-lines.js';

const SIZE = 9;

/** A text printed glyph by glyph from x0 on the line at y0 (ideographs 1 em, the rest ½ em). */
function glyphs(text: string, x0: number, y0: number): TextSpan[] {
  let x = x0;
  return [...text].map((ch) => {
    const w = (/[\u3000-\u9fff\uff00-\uffef]/u.test(ch) ? 1 : 0.5) * SIZE;
    const s: TextSpan = {
      text: ch,
      page: 1,
      bbox: { x0: x, y0, x1: x + w, y1: y0 + SIZE },
      fontSize: SIZE,
      confidence: 1,
      origin: 'native',
    };
    x += w;
    return s;
  });
}

describe('lines packed tighter than their height (line spacing under 1)', () => {
  // 北京's 支出总表: a label's second line (y 138.1) and the next label's first (y 142.3) overlap by half a line.
  const second = glyphs('缴费支出', 26.2, 138.1);
  const next = glyphs('2080506-机关事业单位职业年金', 26.2, 142.3);

  it('keeps two texts over the same stretch on two lines, glyph by glyph, never interleaved', () => {
    const lines = groupLines([...second, ...next]);
    expect(lines.map((l) => l.spans.map((s) => s.text).join(''))).toEqual([
      '缴费支出',
      '2080506-机关事业单位职业年金',
    ]);
    expect(spansToText([...next, ...second])).toBe('缴费支出\n2080506-机关事业单位职业年金');
  });

  it('still puts side-by-side texts of one line on that line', () => {
    const a = glyphs('行政运行', 26.2, 100);
    const b = glyphs('1,234.56', 200, 100.5);
    expect(groupLines([...a, ...b]).map((l) => l.spans.length)).toEqual([a.length + b.length]);
  });
});
