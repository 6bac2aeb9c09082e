import { describe, expect, it } from 'vitest';
import {
  cellText,
  type Block,
  type Grid,
  type Page,
  type RulingLine,
  type TextSpan,
} from '../model/index.js';
import { pagesToBlocks } from './index.js';

// Ruled tables built from spans and rules (a text layer in Chinese, which the synthetic PDF's Helvetica cannot draw).

const SIZE = 10;

function span(page: number, text: string, x0: number, y0: number): TextSpan {
  const w = [...text].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/u.test(ch) ? 1 : 0.5), 0) * SIZE;
  return {
    text,
    page,
    bbox: { x0, y0, x1: x0 + w, y1: y0 + SIZE },
    fontSize: SIZE,
    confidence: 1,
    origin: 'native',
  };
}

/** A ruled table: column edges `xs`, row edges `ys`, every rule drawn. */
function rules(page: number, xs: readonly number[], ys: readonly number[]): RulingLine[] {
  const [x0, x1] = [xs[0]!, xs[xs.length - 1]!];
  const [y0, y1] = [ys[0]!, ys[ys.length - 1]!];
  return [
    ...ys.map((y) => ({ page, x0, y0: y, x1, y1: y, width: 0.5 })),
    ...xs.map((x) => ({ page, x0: x, y0, x1: x, y1, width: 0.5 })),
  ];
}

function page(number: number, spans: TextSpan[], lines: RulingLine[]): Page {
  return { number, width: 595, height: 842, spans, lines, rects: [], ocr: { needed: false } };
}

const grids = (blocks: readonly Block[]): Grid[] =>
  blocks.flatMap((b) => (b.kind === 'grid' ? [b.grid] : []));
const XS = [50, 120, 220];

describe('a ruled table over a page break whose last row wraps its label', () => {
  // p1 ends with a row whose label wraps onto a second line as wide as the first (the cell runs to its edge);
  // p2 opens with the next item, its figures blank as the row above.
  const p1 = page(
    1,
    [
      span(1, '项目', 60, 745),
      span(1, '金额', 130, 745),
      span(1, '十三、交通', 60, 766),
      span(1, '运输支出', 60, 778),
    ],
    rules(1, XS, [740, 760, 792]),
  );
  const next = (label: string): Page =>
    page(
      2,
      [span(2, label, 60, 45), span(2, '合计', 60, 65), span(2, '10.00', 180, 65)],
      rules(2, XS, [40, 60, 80]),
    );

  it('keeps the next page\'s numbered item ("十四、…") a row of its own', () => {
    const [g, ...rest] = grids(pagesToBlocks([p1, next('十四、外交')]));
    expect(rest).toEqual([]);
    expect(g!.pages).toEqual([1, 2]);
    expect(g!.nRows).toBe(4);
    expect(cellText(g!, 1, 0)).toBe('十三、交通\n运输支出');
    expect(cellText(g!, 2, 0)).toBe('十四、外交');
  });

  it('still joins the rest of the label when the next page opens with it', () => {
    const [g] = grids(pagesToBlocks([p1, next('服务支出')]));
    expect(g!.nRows).toBe(3);
    expect(cellText(g!, 1, 0)).toBe('十三、交通\n运输支出\n服务支出');
  });
});

describe('the rest of a wrapped cell that opens with a figure and its unit', () => {
  it('is joined to the cell above ("300万元以上" is no code)', () => {
    const p1 = page(
      1,
      [
        span(1, '指标', 60, 745),
        span(1, '说明', 130, 745),
        span(1, '单位价值在', 60, 766),
        span(1, '标准之内的', 60, 778),
      ],
      rules(1, XS, [740, 760, 792]),
    );
    const p2 = page(
      2,
      [span(2, '300万元', 60, 45), span(2, '合计', 60, 65), span(2, '10.00', 180, 65)],
      rules(2, XS, [40, 60, 80]),
    );
    const [g] = grids(pagesToBlocks([p1, p2]));
    expect(g!.nRows).toBe(3);
    expect(cellText(g!, 1, 0)).toBe('单位价值在\n标准之内的\n300万元');
  });
});
