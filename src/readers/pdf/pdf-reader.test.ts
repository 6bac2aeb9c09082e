import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../model/index.js';
import { sharedPath } from '../../../test/support/shared.js';
import { makePdf } from '../../tables/synthetic-pdf.js';
import { loadPdfDocument, pdfReader } from './index.js';

const CORPUS = sharedPath('corpus', 'decision');

/**
 * A one-page PDF under the standard security handler whose empty user password does not open it
 * (the /U entry matches no password), written out by hand with a correct xref table.
 */
function encryptedPdf(): Uint8Array {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
    `<< /Filter /Standard /V 1 /R 2 /O <${'11'.repeat(32)}> /U <${'22'.repeat(32)}> /P -4 >>`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${'ab'.repeat(16)}> <${'ab'.repeat(16)}>] >>\n`;
  out += `startxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}
const SHANGHAI = `${CORPUS}/上海市普陀区财政局2024年度部门决算.pdf`;

describe('pdfReader on generated PDFs', () => {
  it('gives span boxes in points with origin top-left, and the Info title', async () => {
    const bytes = await makePdf([{ texts: [{ x: 100, y: 200, text: 'Hello table', size: 10 }] }], 'My title');
    const doc = await pdfReader.read({ path: 'a.pdf', bytes });
    expect(doc.title).toBe('My title');
    const [page] = doc.pages;
    expect(page).toMatchObject({ number: 1, width: 595, height: 842, ocr: { needed: false } });
    const span = page!.spans.find((s) => s.text === 'Hello table')!;
    expect(span).toMatchObject({ page: 1, origin: 'native', confidence: 1 });
    expect(span.fontSize).toBeCloseTo(10, 5);
    expect(span.bbox.x0).toBeCloseTo(100, 1);
    // Baseline at 200 from the top: the box ends a little below it and starts about one ascent above.
    expect(span.bbox.y1).toBeGreaterThan(200);
    expect(span.bbox.y1).toBeLessThan(203);
    expect(span.bbox.y0).toBeGreaterThan(190);
    expect(span.bbox.y0).toBeLessThan(193);
  });

  it('reads text drawn again over itself (a fake-bold heading) once, and keeps the same text elsewhere', async () => {
    const over = (dx: number) => ({ x: 100 + dx, y: 200 + dx, text: 'Budget', size: 10 });
    const bytes = await makePdf([
      { texts: [over(0), over(0.02), over(0.3), over(5), { x: 300, y: 200, text: 'Budget', size: 10 }] },
    ]);
    const [page] = (await pdfReader.read({ path: 'b.pdf', bytes })).pages;
    // Copies up to a tenth of the height apart are one; half a glyph away, or 200 pt away, is text of its own.
    const xs = page!.spans.filter((s) => s.text === 'Budget').map((s) => Math.round(s.bbox.x0));
    expect(xs).toEqual([100, 105, 300]);
  });

  it('maps boxes through the page rotation', async () => {
    const bytes = await makePdf([
      { width: 595, height: 842, rotate: 90, texts: [{ x: 100, y: 200, text: 'Rotated', size: 10 }] },
    ]);
    const [page] = (await pdfReader.read({ path: 'r.pdf', bytes })).pages;
    expect([page!.width, page!.height]).toEqual([842, 595]);
    const span = page!.spans[0]!;
    // /Rotate 90 shows the page turned clockwise: user-space (x, y) lands at (y, x) in the viewport, so
    // the run (baseline at user y = 842 - 200 = 642) now reads downward from y = 100, ascent to the right.
    expect(span.bbox.x0).toBeGreaterThan(638);
    expect(span.bbox.x0).toBeLessThan(642);
    expect(span.bbox.x1).toBeGreaterThan(649);
    expect(span.bbox.x1).toBeLessThan(653);
    expect(span.bbox.y0).toBeCloseTo(100, 0);
    expect(span.bbox.y1 - span.bbox.y0).toBeGreaterThan(span.bbox.x1 - span.bbox.x0);
  });

  it('collects stroked lines and thin filled rectangles as rules, larger fills as rects', async () => {
    const bytes = await makePdf([
      {
        lines: [
          { x0: 50, y0: 100, x1: 300, y1: 100 },
          { x0: 50, y0: 100, x1: 50, y1: 200 },
        ],
        fills: [
          { x: 50, y: 300, w: 250, h: 0.5 },
          { x: 50, y: 400, w: 100, h: 50 },
        ],
      },
    ]);
    const [page] = (await pdfReader.read({ path: 'l.pdf', bytes })).pages;
    const horizontal = page!.lines.filter((l) => Math.abs(l.y0 - l.y1) < 0.01);
    const vertical = page!.lines.filter((l) => Math.abs(l.x0 - l.x1) < 0.01);
    expect(horizontal.map((l) => Math.round(l.y0)).sort()).toEqual([100, 300]);
    expect(vertical).toHaveLength(1);
    expect(vertical[0]).toMatchObject({ x0: 50, y0: 100, y1: 200 });
    expect(page!.rects).toHaveLength(1);
    expect(page!.rects[0]!.bbox).toEqual({ x0: 50, y0: 400, x1: 150, y1: 450 });
  });

  it('marks a page with an image and no text for OCR, and leaves a blank page alone', async () => {
    const bytes = await makePdf([
      { image: true },
      {},
      { texts: [{ x: 50, y: 50, text: 'Some real text on this page' }] },
    ]);
    const doc = await pdfReader.read({ path: 's.pdf', bytes });
    expect(doc.pages.map((p) => p.ocr)).toEqual([
      { needed: true, reason: 'no-text-layer' },
      { needed: false },
      { needed: false },
    ]);
    expect(doc.warnings.join('\n')).toContain('page 1');
  });

  it('reads only the pages asked for', async () => {
    const bytes = await makePdf([
      { texts: [{ x: 50, y: 50, text: 'one' }] },
      { texts: [{ x: 50, y: 50, text: 'two' }] },
    ]);
    const doc = await pdfReader.read({ path: 'p.pdf', bytes }, { pages: [2] });
    expect(doc.pages.map((p) => [p.number, p.spans[0]?.text])).toEqual([[2, 'two']]);
  });

  it('rejects corrupt and truncated input with BadInputError and leaves the bytes usable', async () => {
    await expect(
      pdfReader.read({ path: 'x.pdf', bytes: new TextEncoder().encode('%PDF-1.7\nnot really') }),
    ).rejects.toBeInstanceOf(BadInputError);
    const good = await makePdf([{ texts: [{ x: 50, y: 50, text: 'x' }] }]);
    await expect(pdfReader.read({ path: 't.pdf', bytes: good.slice(0, 40) })).rejects.toBeInstanceOf(
      BadInputError,
    );
    const doc = await loadPdfDocument(good);
    await doc.destroy();
    expect(good.byteLength).toBeGreaterThan(0);
  });

  it('rejects an encrypted PDF with a one-line BadInputError', async () => {
    const err: unknown = await pdfReader
      .read({ path: 'enc.pdf', bytes: encryptedPdf() })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadInputError);
    expect((err as Error).message).toBe('enc.pdf: the PDF is encrypted (password required)');
  });

  it('stops when the signal is aborted', async () => {
    const bytes = await makePdf([{}]);
    const ctl = new AbortController();
    ctl.abort(new Error('cancelled'));
    await expect(pdfReader.read({ path: 'a.pdf', bytes }, { signal: ctl.signal })).rejects.toThrow(
      'cancelled',
    );
  });
});

describe.skipIf(!existsSync(SHANGHAI))('pdfReader on the Shanghai 2024 决算', () => {
  it('decodes the Chinese CID fonts, applies the landscape rotation and finds the rules', async () => {
    const doc = await pdfReader.read(
      { path: SHANGHAI, bytes: new Uint8Array(readFileSync(SHANGHAI)) },
      { pages: [10] },
    );
    const [page] = doc.pages;
    expect(doc.title).toContain('普陀区财政局');
    expect(page!.width).toBeGreaterThan(page!.height);
    expect(page!.ocr).toEqual({ needed: false });
    const title = page!.spans.find((s) => s.text === '支出决算表');
    expect(title).toBeDefined();
    expect(title!.fontName).toMatch(/FangSong/);
    expect(page!.lines.length).toBeGreaterThan(100);
    // The title is above the table's top rule.
    const topRule = Math.min(...page!.lines.map((l) => l.y0));
    expect(title!.bbox.y1).toBeLessThan(topRule);
  });
});
