import { describe, expect, it } from 'vitest';
import type { Page, TextSpan } from '../model/index.js';
import { furnitureSpans } from './page-furniture.js';

const span = (page: number, text: string, y: number, x = 100): TextSpan => ({
  text,
  page,
  bbox: { x0: x, y0: y, x1: x + 12 * text.length, y1: y + 12 },
  fontSize: 12,
  confidence: 1,
  origin: 'native',
});

/** Pages 1–4 each with a running head and a title at the top, a table cell below and a folio at the foot. */
function pages(): {
  pages: Page[];
  title: TextSpan[];
  head: TextSpan[];
  cells: Set<TextSpan>;
  folio: TextSpan[];
} {
  const title: TextSpan[] = [];
  const head: TextSpan[] = [];
  const folio: TextSpan[] = [];
  const cells = new Set<TextSpan>();
  const out: Page[] = [1, 2, 3, 4].map((n) => {
    const h = span(n, '北京市财政局2026年部门预算', 20);
    const t = span(n, '预算12表 项目支出绩效目标表', 50, 200);
    const c = span(n, '产出指标', 300);
    const f = span(n, `- ${n} -`, 800, 280);
    head.push(h);
    title.push(t);
    folio.push(f);
    cells.add(c);
    return {
      number: n,
      width: 595,
      height: 842,
      spans: [h, t, c, f],
      lines: [],
      rects: [],
      ocr: { needed: false },
    };
  });
  return { pages: out, title, head, cells, folio };
}

describe('page furniture', () => {
  it('drops running heads and folios but keeps the title a table over pages prints on each of them', () => {
    const p = pages();
    const out = furnitureSpans(p.pages, p.cells);
    for (const s of [...p.head, ...p.folio]) expect(out.has(s)).toBe(true);
    for (const s of p.title) expect(out.has(s)).toBe(false);
  });

  it('still drops a repeated title-like line on pages that hold no table', () => {
    const p = pages();
    expect(furnitureSpans(p.pages, new Set()).has(p.title[0]!)).toBe(true);
  });
});
