import { describe, expect, it } from 'vitest';
import type { TextSpan } from '../model/index.js';
import {
  chunkLine,
  figureThenLabel,
  groupLines,
  labelThenCode,
  figureThenCode,
  splitAtWideSpaces,
  spansToText,
} from './text-lines.js';

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

/** One text run from x0 to x1 on the line at y 100. */
function span(text: string, x0: number, x1: number): TextSpan {
  return {
    text,
    page: 1,
    bbox: { x0, y0: 100, x1, y1: 109 },
    fontSize: SIZE,
    confidence: 1,
    origin: 'native',
  };
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

describe('a cell figure printed in one text run with the next column label', () => {
  it('tells a cell figure before a label from a quantity in a sentence', () => {
    expect(figureThenLabel('110,387.976749', '一、一般公共服务支出')).toBe(true);
    expect(figureThenLabel('508.64', '年终结转结余')).toBe(true);
    expect(figureThenLabel('5.2', '万元')).toBe(false);
    expect(figureThenLabel('3', '个项目')).toBe(false);
    expect(figureThenLabel('2024', '年')).toBe(false);
  });

  it('cuts the run into the figure and the label, the label placed from the run right edge', () => {
    // "110,387.976749 一、一般公共服务支出": 14 figure characters, a space, 10 ideographs (1 em each).
    const run = span('110,387.976749 一、一般公共服务支出', 100, 100 + 7.5 * SIZE + 10 * SIZE);
    const parts = splitAtWideSpaces(run);
    expect(parts.map((p) => p.text)).toEqual(['110,387.976749', '一、一般公共服务支出']);
    expect(parts[1]!.bbox.x0).toBeCloseTo(run.bbox.x1 - 10 * SIZE, 5);
    expect(parts[0]!.bbox.x1).toBeLessThan(parts[1]!.bbox.x0);
    // A sentence keeps its quantity and unit together.
    expect(splitAtWideSpaces(span('共 5.2 万元', 100, 150)).map((p) => p.text)).toEqual(['共 5.2 万元']);
  });

  it('cuts a long label from the code of the next column printed in the same run', () => {
    // 西安 交通运输局 p38 without its rules: "机关事业单位基本养老保险缴费 50102" is one text run.
    const run = span('机关事业单位基本养老保险缴费 50102', 140.4, 293.6);
    const parts = splitAtWideSpaces(run);
    expect(parts.map((p) => p.text)).toEqual(['机关事业单位基本养老保险缴费', '50102']);
    expect(parts[0]!.bbox.x1).toBeLessThan(parts[1]!.bbox.x0);
    expect(labelThenCode('机关事业单位基本养老保险缴费', '50102')).toBe(true);
    const line = groupLines([span('职业年金缴费', 100, 154), span('50102', 157, 180)])[0]!;
    expect(chunkLine(line).map((c) => c.text)).toEqual(['职业年金缴费', '50102']);
    // A quantity inside a sentence, a figure with decimals and a code before its label stay as they are.
    expect(splitAtWideSpaces(span('比上年增加 1000 万元', 100, 190)).map((p) => p.text)).toEqual([
      '比上年增加 1000 万元',
    ]);
    expect(labelThenCode('合计', '1,234.56')).toBe(false);
    expect(splitAtWideSpaces(span('30108 机关事业单位基本养老保险缴费', 95, 260))).toHaveLength(1);
  });

  it('cuts a figure from the code of the other side of a two-sided table printed in the same run', () => {
    // 西安 卫生健康委员会 p157 without its rules: "92,835.98 302" is one text run (工资福利支出 | 商品和服务支出).
    const parts = splitAtWideSpaces(span('92,835.98 302', 248.6, 314.5));
    expect(parts.map((p) => p.text)).toEqual(['92,835.98', '302']);
    expect(parts[0]!.bbox.x1).toBeLessThan(parts[1]!.bbox.x0);
    expect(splitAtWideSpaces(span('32,390.68 30201', 248.6, 324.5)).map((p) => p.text)).toEqual([
      '32,390.68',
      '30201',
    ]);
    const line = groupLines([span('2,085.91', 100, 136), span('310', 139, 152)])[0]!;
    expect(chunkLine(line).map((c) => c.text)).toEqual(['2,085.91', '310']);
    // A year or a count before a code-like number is no table figure: left alone.
    expect(splitAtWideSpaces(span('2024 301', 100, 140))).toHaveLength(1);
    expect(figureThenCode('2024', '301')).toBe(false);
  });

  it('starts a new chunk at a label that follows a figure closer than the column gap', () => {
    const line = groupLines([span('1,234.56', 100, 136), span('基本支出', 139, 175)])[0]!;
    expect(chunkLine(line).map((c) => c.text)).toEqual(['1,234.56', '基本支出']);
    const words = groupLines([span('合计', 100, 118), span('项目支出', 121, 157)])[0]!;
    expect(chunkLine(words)).toHaveLength(1);
  });
});

describe('figures of two cells printed close together', () => {
  it('are two chunks half an em apart or more, even when they read like one figure in thousands', () => {
    // 西安 科技创新局 p48 without rules: the 序号 24 and the 类 code 302, 6 pt apart.
    const line = groupLines([span('24', 30, 41), span('302', 47, 64)])[0]!;
    expect(chunkLine(line).map((c) => c.text)).toEqual(['24', '302']);
    const figures = groupLines([span('3,362,962', 650.3, 703.2), span('195,938,707', 711.0, 775.7)])[0]!;
    expect(chunkLine(figures).map((c) => c.text)).toEqual(['3,362,962', '195,938,707']);
  });

  it('but a figure with its thousands a space apart stays one chunk', () => {
    const line = groupLines([span('3', 100, 104.5), span('200', 107, 120.5)])[0]!;
    expect(chunkLine(line)).toHaveLength(1);
  });
});
