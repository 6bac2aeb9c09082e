import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../model/index.js';
import { makePdf } from '../../tables/synthetic-pdf.js';
import { MAX_PDF_PAGES, pdfReader } from './pdf-reader.js';

/** A well-formed PDF whose page tree is empty (/Count 0), written by hand with a correct xref table. */
function noPagePdf(): Uint8Array {
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

describe('PDF page bounds', () => {
  it('refuses a PDF of no pages with a reason instead of an empty document', async () => {
    const bytes = noPagePdf();
    const read = pdfReader.read({ path: 'empty.pdf', bytes });
    await expect(read).rejects.toThrow(BadInputError);
    await expect(read).rejects.toThrow('empty.pdf: the PDF has no pages');
  });

  it(`refuses more than ${MAX_PDF_PAGES} pages before reading any`, async () => {
    const bytes = await makePdf(
      Array.from({ length: MAX_PDF_PAGES + 1 }, () => ({ width: 100, height: 100 })),
    );
    const t0 = performance.now();
    await expect(pdfReader.read({ path: 'long.pdf', bytes })).rejects.toThrow(
      `long.pdf: the PDF has ${MAX_PDF_PAGES + 1} pages, over the ${MAX_PDF_PAGES}-page limit`,
    );
    expect(performance.now() - t0).toBeLessThan(2000);
  }, 30_000);

  it('reports each page read', async () => {
    const bytes = await makePdf([
      { texts: [{ x: 50, y: 50, text: 'a' }] },
      { texts: [{ x: 50, y: 50, text: 'b' }] },
    ]);
    const seen: [number, number][] = [];
    const doc = await pdfReader.read(
      { path: 'two.pdf', bytes },
      { onPage: (done, total) => seen.push([done, total]) },
    );
    expect(doc.pages).toHaveLength(2);
    expect(seen).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });
});
