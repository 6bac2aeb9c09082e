/**
 * Child process of the OCR scaling benchmark: extract the files named on the command line with the whole
 * pipeline and print one JSON line {files, pages, seconds}.
 */
import { extractFile } from '../../src/pipeline/index.js';
import { closeOcr } from '../../src/readers/ocr/index.js';

const started = performance.now();
let pages = 0;
for (const f of process.argv.slice(2)) {
  const r = await extractFile(f);
  pages += r.source.pages ?? 0;
}
await closeOcr();
process.stdout.write(JSON.stringify({ files: process.argv.length - 2, pages, seconds: (performance.now() - started) / 1000 }) + '\n');
