import { readFile } from 'node:fs/promises';
import { loadPdfDocument } from '../src/readers/pdf/pdfjs.js';
import { renderPdfPageGrey, binarize, deskew, estimateSkew } from '../src/readers/render/index.js';
import { findRules } from '../src/readers/ocr/ocr-page.js';
import { findCellGrids } from '../src/readers/ocr/cell-grid.js';
import { photocopy } from './ocr-engines.js';
const file = process.argv[2]!;
const doc = await loadPdfDocument(new Uint8Array(await readFile(file)));
for (let n = 1; n <= Math.min(doc.numPages, Number(process.argv[3] ?? 8)); n++) {
  const out: string[] = [];
  for (const dpi of [150, 200, 300, -200]) {
    let img = await renderPdfPageGrey(doc, n, { dpi: Math.abs(dpi) });
    if (dpi < 0) img = photocopy(img, n);
    const angle = estimateSkew(binarize(img), img.width, img.height);
    const level = deskew(img, angle).image;
    const rules = findRules(level);
    const grids = findCellGrids(rules, { dpi: level.dpi });
    out.push(`${dpi < 0 ? 'copy' : dpi}: rules ${rules.length} grids ${grids.length} cells ${grids.reduce((a, g) => a + g.cells.length, 0)} skew ${angle.toFixed(2)}`);
  }
  console.log(`p${n}  ${out.join(' | ')}`);
}
