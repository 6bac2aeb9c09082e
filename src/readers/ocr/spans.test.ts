import { describe, expect, it } from 'vitest';
import type { PixelRule } from './ruling-lines.js';
import { wordsToSpans, type OcrLine, type OcrWord } from './spans.js';

const word = (text: string, x0: number, x1: number, confidence = 90): OcrWord => ({
  text,
  confidence,
  bbox: { x0, y0: 100, x1, y1: 130 },
});
const line = (...words: OcrWord[]): OcrLine => ({
  words,
  bbox: { x0: words[0]!.bbox.x0, y0: 100, x1: words[words.length - 1]!.bbox.x1, y1: 130 },
});
const rule = (x: number): PixelRule => ({
  orientation: 'v',
  x0: x,
  y0: 0,
  x1: x,
  y1: 500,
  thickness: 2,
  band: { x0: x - 1, y0: 0, x1: x + 1, y1: 500 },
});
/** 200 dpi pixels → points, no skew. */
const toPage = (x: number, y: number): { x: number; y: number } => ({ x: (x * 72) / 200, y: (y * 72) / 200 });

describe('wordsToSpans', () => {
  it('joins Chinese characters without spaces and keeps a real space between Latin words', () => {
    const spans = wordsToSpans(
      [
        line(word('住', 0, 30), word('房', 34, 64), word('改革', 68, 128)),
        line(word('Total', 400, 480), word('cost', 500, 560)),
      ],
      { page: 3, rules: [], toPage },
    );
    expect(spans.map((s) => s.text)).toEqual(['住房改革', 'Total cost']);
    expect(spans[0]).toMatchObject({ page: 3, origin: 'ocr', bbox: { x0: 0, y0: 36, x1: 46.08, y1: 46.8 } });
    expect(spans[0]!.fontSize).toBeCloseTo(10.8, 5);
  });

  it('glues a number tesseract cut at its thousands separator', () => {
    const spans = wordsToSpans([line(word('11,', 0, 40), word('700.63', 55, 140))], {
      page: 1,
      rules: [],
      toPage,
    });
    expect(spans.map((s) => s.text)).toEqual(['11,700.63']);
  });

  it('glues a thousands group after a comma even across a wide gap (13, 025.38 on a 200 dpi scan)', () => {
    // Gap 28 px on a 30 px line: over the 0.8 × height a number otherwise keeps as a space.
    const spans = wordsToSpans(
      [line(word('13,', 0, 40), word('025.38', 68, 150)), line(word('1, 2', 400, 440))],
      {
        page: 1,
        rules: [],
        toPage,
      },
    );
    expect(spans.map((s) => s.text)).toEqual(['13,025.38', '1, 2']);
  });

  it('ends a span at a wide gap and at a vertical rule, even one a word box reaches over', () => {
    const spans = wordsToSpans(
      [line(word('766.56', 0, 120, 80), word('一', 110, 140), word('般', 144, 170), word('12.00', 400, 480))],
      {
        page: 1,
        rules: [rule(105)],
        toPage,
      },
    );
    expect(spans.map((s) => s.text)).toEqual(['766.56', '一般', '12.00']);
    expect(spans[0]!.confidence).toBeCloseTo(0.8, 5);
  });

  it('splits one word across a rule by its characters and drops rule debris', () => {
    const sym = (text: string, x0: number, x1: number) => ({ text, bbox: { x0, y0: 100, x1, y1: 130 } });
    const glued: OcrWord = {
      ...word('5.0一', 0, 100),
      symbols: [sym('5', 0, 20), sym('.', 22, 26), sym('0', 28, 48), sym('一', 70, 100)],
    };
    const spans = wordsToSpans([line(glued, word('|', 200, 203))], { page: 1, rules: [rule(60)], toPage });
    expect(spans.map((s) => s.text)).toEqual(['5.0', '一']);
  });

  it('does not cut a number whose last character box reaches over the rule', () => {
    const sym = (text: string, x0: number, x1: number) => ({ text, bbox: { x0, y0: 100, x1, y1: 130 } });
    const stretched: OcrWord = {
      ...word('766.56', 0, 130),
      symbols: [
        sym('7', 0, 18),
        sym('6', 20, 38),
        sym('6', 40, 58),
        sym('.', 60, 64),
        sym('5', 66, 84),
        sym('6', 86, 130),
      ],
    };
    const spans = wordsToSpans([line(stretched, word('一', 125, 150))], {
      page: 1,
      rules: [rule(110)],
      toPage,
    });
    expect(spans.map((s) => s.text)).toEqual(['766.56', '一']);
  });
});

describe('rule debris at the edge of a figure', () => {
  it('is trimmed from figures only', async () => {
    const { trimFigureDebris } = await import('./spans.js');
    expect(trimFigureDebris('288.41]')).toBe('288.41');
    expect(trimFigureDebris('0)')).toBe('0');
    expect(trimFigureDebris('. 26.99')).toBe('26.99');
    expect(trimFigureDebris('“766.56')).toBe('766.56');
    expect(trimFigureDebris('10|')).toBe('10');
    expect(trimFigureDebris('≥90%')).toBe('≥90%');
    expect(trimFigureDebris('其他收入')).toBe('其他收入');
    expect(trimFigureDebris('2,940.05')).toBe('2,940.05');
  });
});

describe('specks and rule traces on a photocopy', () => {
  it('drop a speck read alone as "·" or "`", so "· 合计" is the total label', () => {
    const spans = wordsToSpans([line(word('·', 0, 10), word('合计', 60, 120)), line(word('`', 300, 310))], {
      page: 1,
      rules: [],
      toPage,
    });
    expect(spans.map((s) => s.text)).toEqual(['合计']);
  });

  it('trim a minus or point after a whole code or figure ("208-", "213."), and a middle dot before one', async () => {
    const { trimFigureDebris } = await import('./spans.js');
    expect(trimFigureDebris('208-')).toBe('208');
    expect(trimFigureDebris('213.')).toBe('213');
    expect(trimFigureDebris('·685,140')).toBe('685,140');
    // A sign before a figure and a decimal point inside one stay.
    expect(trimFigureDebris('-184.23')).toBe('-184.23');
    expect(trimFigureDebris('21.3')).toBe('21.3');
    expect(trimFigureDebris('2-1')).toBe('2-1');
  });
});

describe('thousands separators misread on low-resolution scans', () => {
  it('turns the inner periods of a figure with two decimal points into commas', async () => {
    const { numberSeparators } = await import('./spans.js');
    // As PP-OCR and tesseract.js read a 96–120 dpi scan of 长沙 绩效 reports.
    expect(numberSeparators('项目年初预算12.954.16万元')).toBe('项目年初预算12,954.16万元');
    expect(numberSeparators('部门预算项目3.683.76万元，公共项目9,270.40')).toBe(
      '部门预算项目3,683.76万元，公共项目9,270.40',
    );
    expect(numberSeparators('1.234.567.8')).toBe('1,234,567.8');
    expect(numberSeparators('上年结转结余4，950.85万元')).toBe('上年结转结余4,950.85万元');
    expect(numberSeparators('101，673.03')).toBe('101,673.03');
  });

  it('turns them into commas among commas read right (6 pt at 150 dpi)', async () => {
    const { numberSeparators } = await import('./spans.js');
    expect(numberSeparators('50,937.608.35')).toBe('50,937,608.35');
    expect(numberSeparators('1.234,567.89')).toBe('1,234,567.89');
    expect(numberSeparators('50,937,608.35')).toBe('50,937,608.35');
    expect(numberSeparators('1,234.567')).toBe('1,234.567');
  });

  it('leaves what could be something else', async () => {
    const { numberSeparators } = await import('./spans.js');
    for (const text of [
      '3.1.2',
      '2022.12.31',
      '1.234.567',
      '12.954.167',
      '分别为1，23个',
      '2.22',
      '100.009%',
      '1，2345',
    ])
      expect(numberSeparators(text)).toBe(text);
  });

  it('applies to the spans OCR words become', () => {
    const bbox = { x0: 0, y0: 0, x1: 100, y1: 20 };
    const [span] = wordsToSpans([{ bbox, words: [{ text: '12.542.74', confidence: 90, bbox }] }], {
      page: 1,
      rules: [],
      toPage: (x, y) => ({ x, y }),
    });
    expect(span!.text).toBe('12,542.74');
  });
});

describe('a table rule read as a glyph at the edge of a figure', () => {
  const rule = (x: number): PixelRule => ({
    orientation: 'v',
    x0: x,
    y0: 0,
    x1: x,
    y1: 100,
    thickness: 2,
    band: { x0: x - 1, y0: 0, x1: x + 1, y1: 100 },
  });
  const word = (text: string, x0: number, x1: number): OcrWord => {
    const w = (x1 - x0) / text.length;
    return {
      text,
      confidence: 90,
      bbox: { x0, y0: 40, x1, y1: 60 },
      symbols: [...text].map((c, i) => ({
        text: c,
        bbox: { x0: x0 + i * w, y0: 40, x1: x0 + (i + 1) * w, y1: 60 },
      })),
    };
  };
  const read = (w: OcrWord, rules: PixelRule[]): string[] =>
    wordsToSpans([{ bbox: w.bbox, words: [w] }], { page: 1, rules, toPage: (x, y) => ({ x, y }) }).map(
      (s) => s.text,
    );

  it('drops it where a rule crosses the first or last character (a photocopy read whole by PP-OCR)', () => {
    // As PP-OCR read a harsh photocopy of 江苏 2019 预算 tables: the cell's right rule as a "1".
    expect(read(word('3,894.091', 100, 190), [rule(188)])).toEqual(['3,894.09']);
    expect(read(word('12080506', 100, 180), [rule(101)])).toEqual(['2080506']);
    expect(read(word('965.87|', 100, 170), [rule(168)])).toEqual(['965.87']);
  });

  it('keeps a figure that ends in 1 away from a rule, and text', () => {
    expect(read(word('3,894.01', 100, 180), [rule(200)])).toEqual(['3,894.01']);
    expect(read(word('3,894.01', 100, 180), [])).toEqual(['3,894.01']);
    expect(read(word('合计I', 100, 130), [rule(129)])).toEqual(['合计I']);
  });
});

describe('the ordinal 一 read as a dash', () => {
  it('is 一 again before an enumeration comma, whether read in the word or alone', () => {
    const spans = wordsToSpans(
      [
        line(word('-、', 0, 20), word('财政拨款收入', 24, 140)),
        line(word('—', 300, 320), word('、社会保障和就业支出', 322, 500)),
      ],
      { page: 1, rules: [], toPage },
    );
    expect(spans.map((s) => s.text)).toEqual(['一、财政拨款收入', '一、社会保障和就业支出']);
  });

  it('makes no 一 of a dash without the comma after it (a lone rule trace, a dash before a figure)', () => {
    const spans = wordsToSpans([line(word('—', 0, 20)), line(word('-', 300, 310), word('12', 312, 330))], {
      page: 1,
      rules: [],
      toPage,
    });
    expect(spans.map((s) => s.text)).toEqual(['12']);
  });
});

describe('a figure and the next cell\'s heading read as one line', () => {
  it('are two spans, cut where the ordinal starts, in one word or in two close ones', () => {
    const glued: OcrWord = {
      text: '8,332,285一、社会',
      confidence: 95,
      bbox: { x0: 0, y0: 100, x1: 240, y1: 130 },
      symbols: [...'8,332,285一、社会'].map((t, i) => ({ text: t, bbox: { x0: 16 * i, y0: 100, x1: 16 * i + 14, y1: 130 } })),
    };
    const spans = wordsToSpans([line(glued), line(word('1,316,754', 300, 400), word('（二）卫生健康支出', 404, 560))], {
      page: 1,
      rules: [],
      toPage,
    });
    expect(spans.map((s) => s.text)).toEqual(['8,332,285', '一、社会', '1,316,754', '（二）卫生健康支出']);
    // The figure ends with its last digit's box, the label starts with its 一's.
    expect(spans[0]!.bbox.x1).toBeCloseTo(((16 * 8 + 14) * 72) / 200, 2);
    expect(spans[1]!.bbox.x0).toBeCloseTo((16 * 9 * 72) / 200, 2);
  });

  it('leaves a figure with a unit or words after it, and an ordinal after text', () => {
    const spans = wordsToSpans(
      [line(word('2,557.50万元', 0, 120)), line(word('附表一、', 300, 360)), line(word('合计', 500, 540), word('一、', 542, 560))],
      { page: 1, rules: [], toPage },
    );
    expect(spans.map((s) => s.text)).toEqual(['2,557.50万元', '附表一、', '合计一、']);
  });
});
