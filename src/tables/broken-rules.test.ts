import { describe, expect, it } from 'vitest';
import { cellText, type Grid, type Page, type RulingLine, type TextSpan } from '../model/index.js';
import { pagesToBlocks } from './index.js';

// A ruled table as a photocopy's pixels give it: a stretch of a rule lost to dropout merges two cells.

const XS = [50, 110, 250, 350, 450];
const YS = [100, 120, 140, 160, 180];

/** The rules of a 4 × 4 grid, less the given stretches (rows: under row r in column c; cols: right of column c in row r). */
function rules(missing: { h?: [number, number][]; v?: [number, number][] }): RulingLine[] {
  const out: RulingLine[] = [];
  const line = (x0: number, y0: number, x1: number, y1: number): RulingLine => ({ page: 1, x0, y0, x1, y1, width: 0.5 });
  YS.forEach((y, i) => {
    for (let c = 0; c + 1 < XS.length; c++)
      if (!missing.h?.some(([r, k]) => r + 1 === i && k === c)) out.push(line(XS[c]!, y, XS[c + 1]!, y));
  });
  XS.forEach((x, i) => {
    for (let r = 0; r + 1 < YS.length; r++)
      if (!missing.v?.some(([k, c]) => k === r && c + 1 === i)) out.push(line(x, YS[r]!, x, YS[r + 1]!));
  });
  return out;
}

function span(text: string, c: number, r: number, origin: 'ocr' | 'pdf'): TextSpan {
  return {
    text,
    page: 1,
    bbox: { x0: XS[c]! + 4, y0: YS[r]! + 5, x1: XS[c]! + 4 + 6 * text.length, y1: YS[r]! + 15 },
    fontSize: 10,
    ...(origin === 'ocr' ? { confidence: 0.9 } : {}),
    origin,
  } as TextSpan;
}

const ROWS = [
  ['210', '卫生健康支出', '263,189', '263,189'],
  ['210', '行政事业单位医疗', '263,189', '263,189'],
  ['213', '农林水支出', '6,568,112', '6,568,112'],
  ['', '合计', '8,332,285', '8,332,285'],
];

function grid(origin: 'ocr' | 'pdf'): Grid {
  const page: Page = {
    number: 1,
    width: 595,
    height: 842,
    spans: ROWS.flatMap((row, r) => row.flatMap((t, c) => (t ? [span(t, c, r, origin)] : []))),
    // Lost: the rule under the first code, and the one between the total row's two figures.
    lines: rules({ h: [[0, 0]], v: [[3, 2]] }),
    rects: [],
    ocr: { needed: origin === 'ocr' },
  };
  const grids = pagesToBlocks([page]).flatMap((b) => (b.kind === 'grid' ? [b.grid] : []));
  expect(grids).toHaveLength(1);
  return grids[0]!;
}

describe('a rule a scan shows broken', () => {
  it('does not merge two figures or codes of an OCR page into one cell', () => {
    const g = grid('ocr');
    expect([0, 1, 2, 3].map((r) => cellText(g, r, 0))).toEqual(['210', '210', '213', '']);
    expect(cellText(g, 3, 2)).toBe('8,332,285');
    expect(cellText(g, 3, 3)).toBe('8,332,285');
  });

  it('leaves a text PDF merged cell as drawn', () => {
    const g = grid('pdf');
    const first = g.cells.find((c) => c.row === 0 && c.col === 0)!;
    expect(first.rowSpan).toBe(2);
  });
});
