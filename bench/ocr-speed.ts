/**
 * OCR speed against native tesseract, in the same run on the same images (issue 12's target: tally's seconds
 * per page no more than native `tesseract --psm 3`, both cores used; peak RSS per OCR worker ≤ 1.5 GB).
 *
 * Pages: per tuned corpus PDF (the 决算 of decision/, two Jiangsu budgets; no held-out document), the first
 * `--pages` table pages (at least 10 numeric tokens in the text layer) and the first narrative page, rendered
 * at each resolution (--dpis, default 150,200,300). For each resolution, in turn:
 * - native: the tesseract CLI (--psm 3, the same chi_sim+eng traineddata, OMP_THREAD_LIMIT=1), one process
 *   per core, the pages spread over them;
 * - tally: ocrPageImage (engine auto, as the pipeline runs) with the pages spread over the OCR lanes (one per
 *   core), models loaded beforehand (a warm-up page; loading is once per process, not per page);
 * - with --base DIR, the same for the tally source tree in DIR (e.g. main's commit unpacked there with
 *   `git archive`, node_modules linked), so before and after are timed in the same run against the same
 *   native figures.
 * Each tally row prints s/page, the ratio to native and the numbers read (the text layer's numeric tokens
 * found among the OCR's, as a bag, table pages only): a faster engine must read the same.
 *
 * Then peak RSS of one OCR worker: a child process with one lane (TALLY_OCR_WORKERS=1) reads the table pages
 * at 300 dpi; /usr/bin/time gives its maximum resident set (the main thread, the PP-OCR thread and the
 * tesseract.js threads together). The machine's load average is printed with each condition: other
 * processes share the cores, so only ratios within one run mean anything.
 *
 *   npx tsx bench/ocr-speed.ts [--dpis 150,200,300] [--pages N] [--docs N] [--base DIR] [--no-rss] [--repeat N]
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { TextSpan } from '../src/model/index.js';
import type { PageGeometry, PageOcr, PageOcrOptions } from '../src/readers/ocr/index.js';
import { traineddataPaths } from '../src/readers/ocr/index.js';
import { loadPdfDocument, type PDFDocumentProxy } from '../src/readers/pdf/pdfjs.js';
import { encodePgm, renderPdfPageGrey, type GreyImage } from '../src/readers/render/index.js';
import { CORPUS_DIR } from '../test/support/shared.js';
import { bag, numbersIn, textLayer } from './ocr-engines.js';
import { NATIVE_TESSERACT_ENV, nativeTesseractArgs } from './lib/native-tesseract.js';

const run = promisify(execFile);
const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

/** Tuned documents only. */
const DOCUMENTS: readonly string[] = [
  join(CORPUS_DIR, 'decision', '上海市普陀区财政局2024年度部门决算.pdf'),
  join(CORPUS_DIR, 'budget-jiangsu', '江苏省委办公厅2019年度部门预算公开表格.pdf'),
  join(CORPUS_DIR, 'budget-jiangsu', '江苏省政协办公厅2019年度部门预算.pdf'),
];
const CJK = /[\u4e00-\u9fff]/gu;
const REPO = fileURLToPath(new URL('..', import.meta.url));

interface SpeedPage extends PageGeometry {
  readonly doc: string;
  readonly kind: 'table' | 'narrative';
  readonly numbers: readonly string[];
}

/** A tally source tree's OCR entry points. */
interface Tally {
  readonly name: string;
  readonly ocrPageImage: (image: GreyImage, page: PageGeometry, options?: PageOcrOptions) => Promise<PageOcr>;
  readonly closeOcr: () => Promise<void>;
  readonly lanes: number;
}

async function loadTally(name: string, root: string): Promise<Tally> {
  const m = (await import(pathToFileURL(join(root, 'src', 'readers', 'ocr', 'index.ts')).href)) as {
    ocrPageImage: Tally['ocrPageImage'];
    closeOcr: Tally['closeOcr'];
    ocrPool: () => { size: number };
  };
  return { name, ocrPageImage: m.ocrPageImage, closeOcr: m.closeOcr, lanes: m.ocrPool().size };
}

/** Run `job` over `count` items on `lanes` lanes; seconds per item. */
async function spread<T>(
  count: number,
  lanes: number,
  job: (i: number) => Promise<T>,
): Promise<{ out: T[]; secs: number }> {
  const out = new Array<T>(count);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let i = next++; i < count; i = next++) out[i] = await job(i);
    }),
  );
  return { out, secs: (performance.now() - t0) / 1000 / Math.max(1, count) };
}

async function selectPages(
  perDoc: number,
): Promise<{ pages: SpeedPage[]; docs: Map<string, PDFDocumentProxy> }> {
  const pages: SpeedPage[] = [];
  const docs = new Map<string, PDFDocumentProxy>();
  const count = Number(option('--docs') ?? DOCUMENTS.length);
  for (const file of DOCUMENTS.slice(0, count).filter((d) => existsSync(d))) {
    const doc = await loadPdfDocument(new Uint8Array(await readFile(file)));
    docs.set(file, doc);
    let tables = 0;
    let narrative = 0;
    for (let n = 1; n <= doc.numPages && (tables < perDoc || narrative < 1); n++) {
      const t = await textLayer(doc, n);
      const cjk = t.text.match(CJK)?.length ?? 0;
      const geometry = { doc: file, number: n, width: t.width, height: t.height };
      if (t.numbers.length >= 10 && tables < perDoc) {
        tables++;
        pages.push({ ...geometry, kind: 'table', numbers: t.numbers });
      } else if (cjk >= 300 && t.numbers.length < 10 && narrative < 1) {
        narrative++;
        pages.push({ ...geometry, kind: 'narrative', numbers: [] });
      }
    }
  }
  return { pages, docs };
}

const load = (): string =>
  loadavg()
    .map((v) => v.toFixed(1))
    .join(' ');

async function main(): Promise<void> {
  const dpis = (option('--dpis') ?? '150,200,300')
    .split(',')
    .map(Number)
    .filter((d) => d > 0);
  const perDoc = Number(option('--pages') ?? 2);
  const repeat = Math.max(1, Number(option('--repeat') ?? 1));
  const base = option('--base');
  const { pages, docs } = await selectPages(perDoc);
  if (pages.length === 0) {
    console.log('speed  no corpus PDFs found (../shared/corpus): skipped');
    return;
  }
  // The baseline is the point of this bench: without the tesseract CLI there is nothing to compare with.
  const native = await run('tesseract', ['--version']).then(
    () => true,
    () => false,
  );
  if (!native) {
    console.error('speed  native tesseract not found: install Debian tesseract-ocr (apt-get install tesseract-ocr)');
    process.exitCode = 1;
    return;
  }
  const cores = Math.max(1, availableParallelism());
  const dir = await mkdtemp(join(tmpdir(), 'tally-ocr-speed-'));
  const tessdata = join(dir, 'tessdata');
  await run('mkdir', ['-p', tessdata]);
  for (const [lang, file] of Object.entries(traineddataPaths()))
    await writeFile(join(tessdata, `${lang}.traineddata`), gunzipSync(await readFile(file)));
  const tallies: Tally[] = [];
  if (base) tallies.push(await loadTally('base', resolve(base)));
  tallies.push(await loadTally('tally', REPO));
  console.log(
    `speed  ${pages.filter((p) => p.kind === 'table').length} table pages and ${pages.filter((p) => p.kind === 'narrative').length} narrative pages from ${docs.size} tuned corpus PDFs; ${cores} cores; lanes ${tallies.map((t) => `${t.name} ${t.lanes}`).join(', ')}; native ${cores} processes`,
  );
  try {
    let warmed = false;
    for (const dpi of dpis) {
      const images: GreyImage[] = [];
      for (const p of pages) images.push(await renderPdfPageGrey(docs.get(p.doc)!, p.number, { dpi }));
      const files = await Promise.all(
        images.map(async (img, i) => {
          const f = join(dir, `${dpi}-${i}.pgm`);
          await writeFile(f, encodePgm(img));
          return f;
        }),
      );
      if (!warmed) {
        for (const t of tallies)
          await Promise.all(Array.from({ length: t.lanes }, () => t.ocrPageImage(images[0]!, pages[0]!)));
        warmed = true;
      }
      const numbers = (spans: readonly TextSpan[][]): string => {
        let right = 0;
        let total = 0;
        pages.forEach((p, i) => {
          if (p.kind !== 'table') return;
          right += bag(
            p.numbers,
            spans[i]!.flatMap((s) => numbersIn(s.text)),
          );
          total += p.numbers.length;
        });
        return `${((100 * right) / Math.max(1, total)).toFixed(1)}% (${right}/${total})`;
      };
      for (let r = 0; r < repeat; r++) {
        const loadBefore = load();
        const nativeRun = await spread(pages.length, cores, (i) =>
          run('tesseract', nativeTesseractArgs(files[i]!, tessdata, dpi), {
            env: { ...process.env, ...NATIVE_TESSERACT_ENV },
            maxBuffer: 64 << 20,
          }),
        );
        const rows: string[] = [
          `speed  ${`${dpi} dpi`.padEnd(8)} native  ${nativeRun.secs.toFixed(2).padStart(6)} s/page`,
        ];
        for (const t of tallies) {
          const r2 = await spread(pages.length, t.lanes, (i) => t.ocrPageImage(images[i]!, pages[i]!));
          rows.push(
            `speed  ${`${dpi} dpi`.padEnd(8)} ${t.name.padEnd(7)} ${r2.secs.toFixed(2).padStart(6)} s/page  ${(r2.secs / nativeRun.secs).toFixed(2)}× native  numbers ${numbers(r2.out.map((o) => o.spans))}`,
          );
        }
        for (const row of rows) console.log(row);
        console.log(`speed           load average before ${loadBefore}, after ${load()}`);
      }
    }
  } finally {
    for (const t of tallies) await t.closeOcr();
    for (const d of docs.values()) await d.destroy();
    await rm(dir, { recursive: true, force: true });
  }
  if (args.includes('--no-rss')) return;
  const list = pages.filter((p) => p.kind === 'table');
  const out: string[] = [];
  for (const t of [...(base ? [['base', resolve(base)] as const] : []), ['tally', REPO] as const]) {
    try {
      const { stderr } = await run(
        '/usr/bin/time',
        [
          '-f',
          'maxrss=%M',
          process.execPath,
          '--import',
          'tsx',
          fileURLToPath(import.meta.url),
          '--rss-child',
          t[1],
          JSON.stringify(list),
        ],
        { env: { ...process.env, TALLY_OCR_WORKERS: '1' }, maxBuffer: 64 << 20 },
      );
      out.push(`${t[0]} ${Math.round(Number(/maxrss=(\d+)/.exec(stderr)?.[1] ?? 0) / 1000)} MB`);
    } catch (e) {
      out.push(`${t[0]} failed (${String(e).slice(0, 120)})`);
    }
  }
  console.log(
    `speed  peak RSS of one OCR worker (one lane, ${list.length} table pages at 300 dpi, engine auto): ${out.join(', ')}`,
  );
}

/** The child of the RSS measurement: one lane reads the pages at 300 dpi, then exits. */
async function rssChild(root: string, list: string): Promise<void> {
  const pages = JSON.parse(list) as SpeedPage[];
  const tally = await loadTally('rss', root);
  const docs = new Map<string, PDFDocumentProxy>();
  for (const p of pages) {
    let doc = docs.get(p.doc);
    if (!doc) docs.set(p.doc, (doc = await loadPdfDocument(new Uint8Array(await readFile(p.doc)))));
    await tally.ocrPageImage(await renderPdfPageGrey(doc, p.number, { dpi: 300 }), p);
  }
  await tally.closeOcr();
}

if (args[0] === '--rss-child') await rssChild(args[1]!, args[2]!);
else await main();
