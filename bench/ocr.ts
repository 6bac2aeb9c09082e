/**
 * OCR benchmark. Two measurements, printed as a table:
 *
 * 1. Scanned samples (samples/scanned, 300 dpi, made by scripts/make-scanned-samples.ts): share of the
 *    digital original's numeric cells that OCR reads exactly, matched by position (the original's boxes
 *    turned by the skew the scan was given).
 * 2. The whole pipeline (extractFile) on the same scans, against the digital original's extraction, cell by
 *    cell (same table family and occurrence, row id, column key): numeric cells exact before the second
 *    look at numbers; wrong cells that carry no anomaly ("silent wrong numbers"); wrong cells an OCR or
 *    arithmetic suggestion fixes; suggestions that propose a wrong value.
 * 3. Real corpus PDFs rasterized at 200 dpi into a temp dir: share of the text layer's numeric tokens read
 *    exactly (by position, and as a bag of tokens for a like-for-like comparison with native tesseract), and
 *    speed in seconds per page against the native `tesseract` CLI (OMP_THREAD_LIMIT=1, same images, same
 *    models, same run, one process per core), printed as a ratio.
 *
 * 4. The whole pipeline on those corpus PDFs with every page OCR'd at 200 dpi, against their text layer: the
 *    same table families, and the share of numeric cells equal to the text layer's.
 *
 *   npx tsx bench/ocr.ts [--pages N] [--no-samples] [--no-pipeline] [--no-reread] [--no-corpus] [--no-native] [--no-corpus-pipeline] [--erase] [--whole-page]
 *     [--no-real-scans | --real-scans-only] [--no-engines | --engines-only] [--dpis 150,200,300] [--engine-pages N] [--engine-docs N] [--engines a,b] [--no-photocopy] [--misses] [--no-rss | --rss-only]
 *     [--no-sample | --sample-only] [--sample-pages N] [--sample-seed S] [--sample-group tuned|held-out|both] [--layout-only] (bench/ocr-sample.ts)
 *
 * 0. First, the three real scans of the corpus against numbers read by hand from their images
 *    (bench/ocr-real-scans.ts, bench/ocr/answers/real-scans.json; --no-real-scans, --real-scans-only), then
 *    both engines and native tesseract on the same images (bench/ocr-engines.ts).
 *
 * Needs Debian tesseract-ocr for the native baseline (skipped with a note when absent).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { BBox, ExtractionResult, Page, TextSpan } from '../src/model/index.js';
import { extractFile } from '../src/pipeline/index.js';
import { closeOcr, ocrPageImage, ocrPages, ocrPool, traineddataPaths } from '../src/readers/ocr/index.js';
import { loadPdfDocument, type PDFDocumentProxy } from '../src/readers/pdf/pdfjs.js';
import { encodePgm, renderPdfPageGrey, type GreyImage } from '../src/readers/render/index.js';
import { CORPUS_DIR } from '../test/support/shared.js';
import { benchEngines } from './ocr-engines.js';
import { benchRealScans } from './ocr-real-scans.js';
import { benchSample } from './ocr-sample.js';
import { compareCells, printPipeline, zeroFigures, type PipelineFigures } from './lib/cells.js';
import { NATIVE_TESSERACT_ENV, nativeTesseractArgs } from './lib/native-tesseract.js';

const run = promisify(execFile);
const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
};

const CORPUS: readonly string[] = [
  join(CORPUS_DIR, 'decision', '上海市普陀区财政局2024年度部门决算.pdf'),
  join(CORPUS_DIR, 'budget-jiangsu', '江苏省委办公厅2019年度部门预算公开表格.pdf'),
];
/** Table pages per corpus PDF (the first pages with at least 10 numeric tokens). */
const PAGES_PER_PDF = option('--pages', 4);
/**
 * --erase: white out detected rules before recognition (off by default; this measures what it costs).
 * --whole-page: recognize each page at once instead of its ruled tables cell by cell (the earlier way).
 */
const pageOptions = { eraseRules: flag('--erase'), cells: !flag('--whole-page') };

interface Token {
  readonly text: string;
  readonly bbox: BBox;
}

/** Digits with optional thousands separators and decimals; '-' alone (empty cell) is not a number. */
const NUMERIC = /^-?\d{1,3}(,\d{3})*(\.\d+)?$|^-?\d+(\.\d+)?$/;
const norm = (s: string): string => s.replace(/[,\s，]/g, '');

/** Numeric items of a page's text layer, boxes in points, origin top-left. */
async function textLayerNumbers(
  doc: PDFDocumentProxy,
  n: number,
): Promise<{ tokens: Token[]; width: number; height: number }> {
  const page = await doc.getPage(n);
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const tokens: Token[] = [];
  for (const item of content.items) {
    if (!('str' in item)) continue;
    const [x, y] = viewport.convertToViewportPoint(
      item.transform[4] as number,
      item.transform[5] as number,
    ) as [number, number];
    const h = Math.hypot(item.transform[2] as number, item.transform[3] as number) || item.height;
    const len = Math.max(1, item.str.length);
    for (const m of item.str.matchAll(/\S+/g)) {
      const text = m[0];
      if (!NUMERIC.test(text)) continue;
      // An item can hold a label and a number ("其中：基本支出 125.61"): place the token by its share of the
      // characters (good enough to pick the right OCR span; widths differ, cells are wide).
      const start = m.index / len;
      const end = (m.index + text.length) / len;
      tokens.push({ text, bbox: { x0: x + item.width * start, y0: y - h, x1: x + item.width * end, y1: y } });
    }
  }
  page.cleanup();
  return { tokens, width: viewport.width, height: viewport.height };
}

/** Turn a point about the page centre by `deg` (how the scan script tilted the page). */
function turn(p: { x: number; y: number }, deg: number, w: number, h: number): { x: number; y: number } {
  const a = (deg * Math.PI) / 180;
  const dx = p.x - w / 2;
  const dy = p.y - h / 2;
  return { x: Math.cos(a) * dx - Math.sin(a) * dy + w / 2, y: Math.sin(a) * dx + Math.cos(a) * dy + h / 2 };
}

/**
 * Truth tokens matched to OCR spans by position: the OCR span whose box holds the (turned) centre of the
 * truth token, else the nearest centre within 8 pt. Exact when both read the same digits.
 */
function matchByPosition(
  truth: readonly Token[],
  spans: readonly TextSpan[],
  skewDeg: number,
  w: number,
  h: number,
): { exact: number; total: number; money: number; moneyExact: number; misses: string[] } {
  let exact = 0;
  let money = 0;
  let moneyExact = 0;
  const misses: string[] = [];
  for (const t of truth) {
    const c = turn({ x: (t.bbox.x0 + t.bbox.x1) / 2, y: (t.bbox.y0 + t.bbox.y1) / 2 }, skewDeg, w, h);
    let best: TextSpan | undefined;
    let bestD = 8;
    for (const s of spans) {
      const inside =
        c.x >= s.bbox.x0 - 1 && c.x <= s.bbox.x1 + 1 && c.y >= s.bbox.y0 - 1 && c.y <= s.bbox.y1 + 1;
      const d = inside ? 0 : Math.hypot((s.bbox.x0 + s.bbox.x1) / 2 - c.x, (s.bbox.y0 + s.bbox.y1) / 2 - c.y);
      if (d < bestD) [best, bestD] = [s, d];
    }
    // A cell counts as read when the span over it holds exactly this number (a heading span like
    // "公开01表" holds the "01" of the text layer's separate item).
    const ok =
      best !== undefined &&
      (norm(best.text) === norm(t.text) || numericRuns(best.text).includes(norm(t.text)));
    if (ok) exact++;
    else if (misses.length < 8) misses.push(`${t.text}→${best?.text ?? '∅'}`);
    if (t.text.includes('.')) {
      money++;
      if (ok) moneyExact++;
    }
  }
  return { exact, total: truth.length, money, moneyExact, misses };
}

/** Bag-of-tokens agreement: how many truth numbers appear among the recognized numbers (each used once). */
function matchAsBag(truth: readonly string[], got: readonly string[]): number {
  const pool = got.map(norm);
  let ok = 0;
  for (const t of truth.map(norm)) {
    const i = pool.indexOf(t);
    if (i >= 0) {
      ok++;
      pool.splice(i, 1);
    }
  }
  return ok;
}

/** Digit runs of a span's text, separators dropped: "公开01表" → ["01"], "766.56一、" → ["766.56"]. */
const numericRuns = (text: string): string[] => (text.match(/\d[\d,]*(\.\d+)?/g) ?? []).map(norm);
const numbersIn = (text: string): string[] => text.split(/\s+/).filter((s) => NUMERIC.test(s));
const pct = (a: number, b: number): string =>
  b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}% (${a}/${b})`;

async function benchSamples(): Promise<void> {
  const manifestPath = 'samples/scanned/manifest.json';
  if (!existsSync(manifestPath)) {
    console.log('samples: no samples/scanned/manifest.json (run scripts/make-scanned-samples.ts)');
    return;
  }
  type Entry = {
    file: string;
    original: string;
    dpi: number;
    pages: { page: number; originalPage: number; skewDeg: number }[];
  };
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Entry[];
  let all = { exact: 0, total: 0, money: 0, moneyExact: 0 };
  const started = performance.now();
  let pageCount = 0;
  for (const entry of manifest.filter((e) => e.dpi === 300 && e.file.endsWith('.pdf'))) {
    const scanned = new Uint8Array(await readFile(entry.file));
    const original = await loadPdfDocument(new Uint8Array(await readFile(entry.original)));
    const truths = await Promise.all(entry.pages.map((p) => textLayerNumbers(original, p.originalPage)));
    const pages: Page[] = entry.pages.map((p, i) => ({
      number: p.page,
      width: truths[i]!.width,
      height: truths[i]!.height,
      spans: [],
      lines: [],
      rects: [],
      ocr: { needed: true, reason: 'no-text-layer' },
    }));
    const ocred = await ocrPages({ path: entry.file, bytes: scanned, format: 'pdf', pages }, pageOptions);
    pageCount += pages.length;
    const misses: string[] = [];
    let file = { exact: 0, total: 0, money: 0, moneyExact: 0 };
    ocred.forEach((page, i) => {
      const t = truths[i]!;
      // OCR boxes are on the levelled page, which is the digital original's page again.
      const m = matchByPosition(t.tokens, page.spans, 0, t.width, t.height);
      file = {
        exact: file.exact + m.exact,
        total: file.total + m.total,
        money: file.money + m.money,
        moneyExact: file.moneyExact + m.moneyExact,
      };
      misses.push(...m.misses.slice(0, 3).map((s) => `p${page.number} ${s}`));
    });
    await original.destroy();
    all = {
      exact: all.exact + file.exact,
      total: all.total + file.total,
      money: all.money + file.money,
      moneyExact: all.moneyExact + file.moneyExact,
    };
    console.log(
      `samples  ${entry.file}: numeric cells exact ${pct(file.exact, file.total)}; amounts with decimals ${pct(file.moneyExact, file.money)}`,
    );
    if (misses.length > 0) console.log(`         misses (truth→OCR): ${misses.slice(0, 12).join('  ')}`);
  }
  const secs = (performance.now() - started) / 1000;
  console.log(
    `samples  ALL 300 dpi: numeric cells exact ${pct(all.exact, all.total)}; amounts ${pct(all.moneyExact, all.money)}; ${(secs / Math.max(1, pageCount)).toFixed(2)} s/page wall (${pageCount} pages, pool of ${ocrPool().size})`,
  );
}

async function benchPipeline(): Promise<void> {
  type Entry = { file: string; original: string; dpi: number; pages: { originalPage: number }[] };
  const manifest = JSON.parse(await readFile('samples/scanned/manifest.json', 'utf8')) as Entry[];
  const review = flag('--no-reread') ? 'variants' : 'reread';
  const sum = zeroFigures();
  for (const entry of manifest.filter((e) => e.dpi === 300)) {
    // OCR once; the run after the second look reuses the same pages, so the two differ only by it.
    let ocred: Page[] = [];
    const before = await extractFile(entry.file, {
      ocrReview: 'off',
      ocrStage: async (input) => (ocred = await ocrPages(input, pageOptions)),
    });
    const t0 = performance.now();
    const after = await extractFile(entry.file, {
      ocrReview: review,
      ocrStage: () => Promise.resolve(ocred),
    });
    const secs = (performance.now() - t0) / 1000;
    // Only the tables wholly on the pages that were scanned (a scan may hold a few pages of its original).
    const scanned = new Set(entry.pages.map((p) => p.originalPage));
    const full = await extractFile(entry.original);
    const truth = {
      ...full,
      tables: full.tables.filter((t) => (t.pages ?? []).every((p) => scanned.has(p))),
    };
    const misses: string[] = [];
    const f = compareCells(truth, before, after, misses);
    for (const k of Object.keys(sum) as (keyof PipelineFigures)[]) sum[k] += f[k];
    printPipeline(entry.file, f, `; second look ${secs.toFixed(1)} s (${review})`);
    if (misses.length > 0) console.log(`         ${misses.join('  ')}`);
  }
  printPipeline('ALL 300 dpi', sum, '');
}

interface CorpusPage {
  readonly pdf: string;
  readonly number: number;
  readonly width: number;
  readonly height: number;
  readonly truth: Token[];
  readonly image: GreyImage;
  readonly pgm: string;
}

async function benchCorpus(native: boolean): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tally-ocr-bench-'));
  try {
    const pages: CorpusPage[] = [];
    for (const pdf of CORPUS.filter((p) => existsSync(p))) {
      const doc = await loadPdfDocument(new Uint8Array(await readFile(pdf)));
      for (let n = 1; n <= doc.numPages && pages.filter((p) => p.pdf === pdf).length < PAGES_PER_PDF; n++) {
        const t = await textLayerNumbers(doc, n);
        if (t.tokens.length < 10) continue;
        const image = await renderPdfPageGrey(doc, n, { dpi: 200 });
        const pgm = join(dir, `${pages.length}.pgm`);
        await writeFile(pgm, encodePgm(image));
        pages.push({ pdf, number: n, width: t.width, height: t.height, truth: t.tokens, image, pgm });
      }
      await doc.destroy();
    }
    if (pages.length === 0) {
      console.log('corpus: no corpus PDFs found');
      return;
    }
    const lanes = ocrPool().size;
    // Warm the pool (worker start and model load are once per process, not per page).
    await Promise.all(
      Array.from({ length: lanes }, () => ocrPageImage(pages[0]!.image, pages[0]!, pageOptions)),
    );

    /** Seconds per page with the pages spread over the pool's lanes. */
    const timed = async (
      options: typeof pageOptions,
    ): Promise<{ secs: number; out: { spans: TextSpan[] }[] }> => {
      let next = 0;
      const out: { spans: TextSpan[] }[] = new Array<{ spans: TextSpan[] }>(pages.length);
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: lanes }, async () => {
          for (let i = next++; i < pages.length; i = next++) {
            const p = pages[i]!;
            out[i] = await ocrPageImage(p.image, p, options);
          }
        }),
      );
      return { secs: (performance.now() - t0) / 1000 / pages.length, out };
    };
    const { secs: oursSecs, out: ours } = await timed(pageOptions);
    // The same pages read whole (PSM 3, as before cell-by-cell reading), for what the cells cost.
    const whole = pageOptions.cells ? await timed({ ...pageOptions, cells: false }) : undefined;

    let pos = { exact: 0, total: 0, money: 0, moneyExact: 0 };
    let bagOurs = 0;
    const misses: string[] = [];
    pages.forEach((p, i) => {
      const m = matchByPosition(p.truth, ours[i]!.spans, 0, p.width, p.height);
      pos = {
        exact: pos.exact + m.exact,
        total: pos.total + m.total,
        money: pos.money + m.money,
        moneyExact: pos.moneyExact + m.moneyExact,
      };
      bagOurs += matchAsBag(
        p.truth.map((t) => t.text),
        ours[i]!.spans.flatMap((s) => numbersIn(s.text)),
      );
      misses.push(...m.misses.slice(0, 2).map((s) => `p${p.number} ${s}`));
    });
    const totalTruth = pages.reduce((a, p) => a + p.truth.length, 0);
    console.log(
      `corpus   ${pages.length} pages at 200 dpi from ${new Set(pages.map((p) => p.pdf)).size} PDFs`,
    );
    console.log(
      `corpus   tally (tesseract.js, ${ocrPool().coreName ?? '?'}): numeric tokens exact by position ${pct(pos.exact, pos.total)}; amounts ${pct(pos.moneyExact, pos.money)}; as a bag ${pct(bagOurs, totalTruth)}; ${oursSecs.toFixed(2)} s/page`,
    );
    if (misses.length > 0) console.log(`         misses (truth→OCR): ${misses.slice(0, 12).join('  ')}`);

    if (!native) return;
    const tessdata = join(dir, 'tessdata');
    await run('mkdir', ['-p', tessdata]);
    for (const [lang, file] of Object.entries(traineddataPaths())) {
      await writeFile(join(tessdata, `${lang}.traineddata`), gunzipSync(await readFile(file)));
    }
    try {
      await run('tesseract', ['--version']);
    } catch {
      console.log('corpus   native tesseract not installed: no speed baseline');
      return;
    }
    const texts: string[] = new Array<string>(pages.length);
    let next = 0;
    const t1 = performance.now();
    await Promise.all(
      Array.from({ length: Math.max(1, availableParallelism()) }, async () => {
        for (let i = next++; i < pages.length; i = next++) {
          const { stdout } = await run('tesseract', nativeTesseractArgs(pages[i]!.pgm, tessdata, 200), {
            env: { ...process.env, ...NATIVE_TESSERACT_ENV },
            maxBuffer: 64 * 1024 * 1024,
          });
          texts[i] = stdout;
        }
      }),
    );
    const nativeSecs = (performance.now() - t1) / 1000 / pages.length;
    const bagNative = pages.reduce(
      (a, p, i) =>
        a +
        matchAsBag(
          p.truth.map((t) => t.text),
          numbersIn(texts[i] ?? ''),
        ),
      0,
    );
    console.log(
      `corpus   native tesseract CLI (OMP_THREAD_LIMIT=1, same models, ${availableParallelism()} processes): as a bag ${pct(bagNative, totalTruth)}; ${nativeSecs.toFixed(2)} s/page`,
    );
    console.log(
      `corpus   speed ratio tally / native: ${(oursSecs / nativeSecs).toFixed(2)}× (tally includes deskew and rule detection${pageOptions.eraseRules ? ' and erasing' : ''})`,
    );
    if (whole) {
      const bagWhole = pages.reduce(
        (a, p, i) =>
          a +
          matchAsBag(
            p.truth.map((t) => t.text),
            whole.out[i]!.spans.flatMap((s) => numbersIn(s.text)),
          ),
        0,
      );
      console.log(
        `corpus   tally reading each page whole instead (--whole-page): as a bag ${pct(bagWhole, totalTruth)}; ${whole.secs.toFixed(2)} s/page, ${(whole.secs / nativeSecs).toFixed(2)}× native; cell by cell costs ${(oursSecs / whole.secs).toFixed(2)}× whole-page`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The whole pipeline on the corpus PDFs with every page OCR'd from a 200 dpi rendering (ocr: 'force'), against
 * the same PDFs read from their text layer: the table families found, and the numeric cells (same family and
 * occurrence, row id, column key) equal to the text layer's.
 */
async function benchCorpusPipeline(): Promise<void> {
  const review = flag('--no-reread') ? 'variants' : 'reread';
  for (const pdf of CORPUS.filter((p) => existsSync(p))) {
    const truth = await extractFile(pdf);
    const t0 = performance.now();
    let pages = 0;
    let ocred: Page[] = [];
    const before = await extractFile(pdf, {
      ocr: 'force',
      ocrReview: 'off',
      ocrStage: async (input) => {
        pages = input.pages.length;
        return (ocred = await ocrPages(input, { ...pageOptions, renderDpi: 200 }));
      },
    });
    const secs = (performance.now() - t0) / 1000;
    const after = await extractFile(pdf, {
      ocr: 'force',
      ocrReview: review,
      ocrStage: () => Promise.resolve(ocred),
    });
    const families = (r: ExtractionResult): string =>
      r.tables
        .map((t) => t.type)
        .filter((t) => t !== 'unknown')
        .sort()
        .join(',');
    const same = families(truth) === families(before);
    const misses: string[] = [];
    const f = compareCells(truth, before, after, misses);
    const name = pdf.split('/').pop() ?? pdf;
    console.log(
      `corpus-pipeline ${name}: ${pages} pages OCR'd at 200 dpi in ${secs.toFixed(0)} s (${(secs / Math.max(1, pages)).toFixed(2)} s/page); ` +
        `families ${same ? 'the same as' : 'DIFFER from'} the text layer's (${truth.tables.filter((t) => t.type !== 'unknown').length} tables${same ? '' : `: text ${families(truth)} vs OCR ${families(before)}`})`,
    );
    printPipeline(`(corpus) ${name}`, f, '');
    if (misses.length > 0) console.log(`         ${misses.join('  ')}`);
  }
}

async function main(): Promise<void> {
  try {
    if (flag('--sample-only')) return await benchSample(args);
    if (!flag('--no-real-scans')) await benchRealScans(args);
    if (flag('--real-scans-only')) return;
    if (!flag('--no-engines')) await benchEngines(args);
    if (flag('--engines-only')) return;
    if (!flag('--no-samples')) await benchSamples();
    if (!flag('--no-pipeline')) await benchPipeline();
    if (!flag('--no-corpus-pipeline')) await benchCorpusPipeline();
    if (!flag('--no-corpus')) await benchCorpus(!flag('--no-native'));
    if (!flag('--no-sample')) await benchSample(args);
  } finally {
    await closeOcr();
  }
}

await main();
