/**
 * The three real scans of the corpus (../shared/corpus/more: no text layer), against numbers read by hand
 * from their page images (bench/ocr/answers/real-scans.json says which and how). Each engine reads the pages
 * that hold the sampled numbers, as the pipeline would (ocrPages: the PDF page's own JPEG at its resolution,
 * turned upright, levelled); a hand-read number counts as read when the OCR of its page holds exactly it,
 * as a bag per page (each OCR number used once), the measure bench/ocr-engines.ts uses for native tesseract.
 *
 * Engines: tesseract (tesseract.js alone), ppocr (PP-OCRv4 alone), tally (auto, the default).
 *
 * Scans of held-out regions (bench/judgment/corpus.ts) are reported as one total, their misses not listed, unless
 * --held-out-detail is given.
 *
 *   npx tsx bench/ocr.ts --real-scans-only [--engines tesseract,ppocr,tally] [--held-out-detail]
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pdfReader } from '../src/readers/pdf/index.js';
import { ocrPages } from '../src/readers/ocr/index.js';
import { CORPUS_DIR, REPO_ROOT } from '../test/support/shared.js';
import { groupOf } from './judgment/corpus.js';
import { bag, numbersIn, spansText } from './ocr-engines.js';

interface Answers {
  readonly documents: readonly {
    readonly file: string;
    readonly scan_dpi: number;
    readonly numbers: readonly { page: number; label: string; column: string | null; value: string }[];
  }[];
}

const ENGINES = {
  tesseract: { engine: 'tesseract', agreement: false },
  ppocr: { engine: 'ppocr' },
  tally: { engine: 'auto' },
} as const;

const norm = (s: string): string => s.replace(/[,\s，]/g, '');
const pct = (a: number, b: number): string =>
  b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}% (${a}/${b})`;

export async function benchRealScans(args: readonly string[]): Promise<void> {
  const i = args.indexOf('--engines');
  const only = i >= 0 ? args[i + 1]?.split(',') : undefined;
  const showHeldOut = args.includes('--held-out-detail');
  const answers = JSON.parse(
    await readFile(join(REPO_ROOT, 'bench', 'ocr', 'answers', 'real-scans.json'), 'utf8'),
  ) as Answers;
  const docs = answers.documents.filter((d) => existsSync(join(CORPUS_DIR, d.file)));
  if (docs.length === 0) {
    console.log('real-scans  the three scans are not in ../shared/corpus/more: skipped');
    return;
  }
  const total = docs.reduce((a, d) => a + d.numbers.length, 0);
  console.log(
    `real-scans  ${total} hand-read numbers on ${docs.reduce((a, d) => a + new Set(d.numbers.map((n) => n.page)).size, 0)} pages of ${docs.length} real scans (${docs.map((d) => `${d.scan_dpi} dpi`).join(', ')})`,
  );
  for (const [name, options] of Object.entries(ENGINES)) {
    if (only && !only.includes(name)) continue;
    let right = 0;
    let pages = 0;
    const misses: string[] = [];
    const heldOut = { right: 0, total: 0 };
    const t0 = performance.now();
    for (const d of docs) {
      const path = join(CORPUS_DIR, d.file);
      const bytes = new Uint8Array(await readFile(path));
      const wanted = [...new Set(d.numbers.map((n) => n.page))].sort((a, b) => a - b);
      const read = await pdfReader.read({ path, bytes }, { pages: wanted });
      const ocred = await ocrPages({ path, bytes, format: 'pdf', pages: read.pages }, options);
      pages += ocred.length;
      let docRight = 0;
      for (const page of ocred) {
        const truth = d.numbers.filter((n) => n.page === page.number);
        const got = numbersIn(spansText(page.spans));
        const lost: string[] = [];
        const n = bag(
          truth.map((t) => norm(t.value)),
          got,
          lost,
        );
        docRight += n;
        if (groupOf(d.file) === 'tuned' || showHeldOut) {
          misses.push(...lost.map((v) => `${d.file.split('/')[1]} p${page.number} ${v}`));
          if (page.ocr.failed) misses.push(`p${page.number} unread: ${page.ocr.failed.detail}`);
        }
      }
      right += docRight;
      const g = groupOf(d.file);
      if (g === 'held_out') {
        heldOut.right += docRight;
        heldOut.total += d.numbers.length;
      }
      // A held-out scan is reported only in the held-out total (its lines would invite tuning on it).
      if (g === 'tuned' || showHeldOut)
        console.log(`real-scans  ${name.padEnd(9)} ${d.file}: ${pct(docRight, d.numbers.length)}`);
    }
    if (heldOut.total > 0)
      console.log(`real-scans  ${name.padEnd(9)} held-out scans: ${pct(heldOut.right, heldOut.total)}`);
    const secs = (performance.now() - t0) / 1000 / Math.max(1, pages);
    console.log(
      `real-scans  ${name.padEnd(9)} ALL: numbers read exactly ${pct(right, total)}; ${secs.toFixed(2)} s/page`,
    );
    if (misses.length > 0) console.log(`            missed: ${misses.slice(0, 30).join('  ')}`);
  }
}
