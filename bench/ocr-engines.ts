/**
 * Both OCR engines and native tesseract on the same page images, against the PDFs' text layer.
 *
 * Pages: table pages (at least 10 numeric tokens in the text layer) and narrative pages (at least 300 Chinese
 * characters, few numbers) of table-bearing corpus PDFs, rendered at each resolution (--dpis, default
 * 150,200,300) plus a harsh photocopy of the 200 dpi rendering (skewed up to 2°, hard black and white, broken
 * strokes, specks). For each engine and condition:
 * - numbers: the text layer's numeric tokens found among the OCR's, as a bag per page (so native tesseract,
 *   which gives text without usable boxes here, is compared like for like); table pages only;
 * - narrative: characters right, 1 − edit distance / length, over the page's text with whitespace removed, in
 *   reading order (OCR spans top to bottom, left to right); narrative pages only;
 * - seconds per page with the pages spread over the OCR lanes (both cores), and the process's peak RSS while
 *   the engine ran (tesseract.js and PP-OCR run in this process; native tesseract's is per process, by
 *   /usr/bin/time).
 *
 * Engines: "tally" (tesseract.js as the pipeline runs it: ruled tables cell by cell), "ppocr" (PP-OCRv4, the
 * whole page detected and read), "native" (tesseract CLI --psm 3, same traineddata, OMP_THREAD_LIMIT=1, one
 * process per core). Native tesseract is installed with apt-get when missing (tesseract-ocr).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { TextSpan } from '../src/model/index.js';
import { ocrPageImage, ocrPool, traineddataPaths } from '../src/readers/ocr/index.js';
import { loadPdfDocument, type PDFDocumentProxy } from '../src/readers/pdf/pdfjs.js';
import { deskew, encodePgm, renderPdfPageGrey, type GreyImage } from '../src/readers/render/index.js';
import { CORPUS_DIR } from '../test/support/shared.js';
import { NATIVE_TESSERACT_ENV, nativeTesseractArgs } from './lib/native-tesseract.js';

const run = promisify(execFile);

/** Table-bearing corpus PDFs: the 决算 of decision/, Jiangsu budget tables, and some of more/. */
const DOCUMENTS: readonly string[] = [
  join(CORPUS_DIR, 'decision', '上海市普陀区财政局2024年度部门决算.pdf'),
  join(CORPUS_DIR, 'budget-jiangsu', '江苏省委办公厅2019年度部门预算公开表格.pdf'),
  join(CORPUS_DIR, 'budget-jiangsu', '江苏省政协办公厅2019年度部门预算.pdf'),
  join(CORPUS_DIR, 'more', 'central', '信访局_国家信访局2024年度部门决算公开.pdf'),
  join(CORPUS_DIR, 'more', 'shenzhen', '2026年深圳市气象局部门预算.pdf'),
];

interface BenchPage {
  readonly doc: string;
  readonly number: number;
  readonly kind: 'table' | 'narrative';
  readonly width: number;
  readonly height: number;
  /** Numeric tokens of the text layer (table pages). */
  readonly numbers: readonly string[];
  /** The text layer without whitespace (narrative pages). */
  readonly text: string;
}

const NUMERIC = /^-?\d{1,3}(,\d{3})*(\.\d+)?$|^-?\d+(\.\d+)?$/;
const norm = (s: string): string => s.replace(/[,\s，]/g, '');
const CJK = /[\u4e00-\u9fff]/gu;

export async function textLayer(
  doc: PDFDocumentProxy,
  n: number,
): Promise<{ numbers: string[]; text: string; width: number; height: number }> {
  const page = await doc.getPage(n);
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const numbers: string[] = [];
  let text = '';
  // Some exports write one printed number as two items that touch ("201" "9" for 2019 in the 政协 预算):
  // digits that continue the previous item on the same baseline, with no gap, are one number.
  let run = '';
  let end: { x: number; y: number } | undefined;
  const flush = (): void => {
    for (const m of run.matchAll(/\S+/g)) if (NUMERIC.test(m[0])) numbers.push(norm(m[0]));
    run = '';
  };
  for (const item of content.items) {
    if (!('str' in item)) continue;
    text += item.str;
    const [x, y] = [item.transform[4] as number, item.transform[5] as number];
    const touches =
      end !== undefined &&
      Math.abs(y - end.y) < 0.5 &&
      Math.abs(x - end.x) < 0.5 &&
      /\d$/.test(run) &&
      /^\d/.test(item.str);
    if (!touches) flush();
    run += item.str;
    end = { x: x + item.width, y };
  }
  flush();
  page.cleanup();
  return { numbers, text: text.replace(/\s+/g, ''), width: viewport.width, height: viewport.height };
}

/** Levenshtein distance (two rows). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

/** How many of `truth` are in `got`, each used once; the first misses go to `misses`. */
export function bag(truth: readonly string[], got: readonly string[], misses: string[] = []): number {
  const pool = new Map<string, number>();
  for (const g of got) pool.set(g, (pool.get(g) ?? 0) + 1);
  let n = 0;
  for (const t of truth) {
    const k = pool.get(t) ?? 0;
    if (k > 0) {
      n++;
      pool.set(t, k - 1);
    } else if (misses.length < 8) misses.push(t);
  }
  return n;
}

/**
 * The numbers in some OCR text: every run of digits with separators and decimals, wherever it sits (a line
 * read whole holds its label and its figures without spaces between them); a minus sign only where no digit
 * comes before it.
 */
export const numbersIn = (text: string): string[] =>
  // A hyphen after a digit is a range ("2-3次"), not a sign.
  (text.match(/(?<!\d)-?\d[\d,]*(\.\d+)?/g) ?? []).map(norm);

/** Spans in reading order (rows top to bottom, then left to right) as one string without whitespace. */
export function spansText(spans: readonly TextSpan[]): string {
  const sorted = [...spans].sort((a, b) => a.bbox.y0 - b.bbox.y0);
  const rows: TextSpan[][] = [];
  for (const s of sorted) {
    const cy = (s.bbox.y0 + s.bbox.y1) / 2;
    const row = rows.find((r) => cy > r[0]!.bbox.y0 && cy < r[0]!.bbox.y1);
    if (row) row.push(s);
    else rows.push([s]);
  }
  return rows
    .flatMap((r) => r.sort((a, b) => a.bbox.x0 - b.bbox.x0))
    .map((s) => s.text)
    .join('')
    .replace(/\s+/g, '');
}

/** A small deterministic random generator (mulberry32), so every run degrades the pages alike. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A harsh photocopy of a page: turned by up to 2°, thresholded hard (light strokes drop out), ink broken in
 * small blocks (a tenth of the 2×2 blocks of ink lost), and black specks (toner dust).
 */
export function photocopy(image: GreyImage, seed: number): GreyImage {
  const rnd = random(seed);
  const angle = (rnd() * 2 - 1) * 2;
  // deskew turns by −angle: turning by −(−angle) skews the page by `angle`.
  const turned = deskew(image, -angle).image;
  const { width, height } = turned;
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = turned.data[i]! < 140 ? 0 : 255;
  for (let y = 0; y < height; y += 2)
    for (let x = 0; x < width; x += 2) {
      if (data[y * width + x] !== 0 || rnd() >= 0.1) continue;
      for (let dy = 0; dy < 2 && y + dy < height; dy++)
        for (let dx = 0; dx < 2 && x + dx < width; dx++) data[(y + dy) * width + x + dx] = 255;
    }
  for (let k = 0; k < (width * height) / 4000; k++) {
    const x = Math.floor(rnd() * (width - 2));
    const y = Math.floor(rnd() * (height - 2));
    data[y * width + x] = 0;
    data[y * width + x + 1] = 0;
  }
  return { ...turned, data };
}

interface Figures {
  misses: string[];
  numbers: number;
  numbersTotal: number;
  chars: number;
  charsTotal: number;
  secs: number;
  rssMb: number;
}

/** Run `job` over the pages on `lanes` lanes; seconds per page and the process's peak RSS meanwhile. */
async function timed<T>(
  count: number,
  lanes: number,
  job: (i: number) => Promise<T>,
): Promise<{ out: T[]; secs: number; rssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const out: T[] = new Array<T>(count);
  let next = 0;
  const t0 = performance.now();
  try {
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        for (let i = next++; i < count; i = next++) out[i] = await job(i);
      }),
    );
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return { out, secs: (performance.now() - t0) / 1000 / Math.max(1, count), rssMb: peak / 1e6 };
}

async function nativeTesseract(): Promise<boolean> {
  const has = async (): Promise<boolean> =>
    run('tesseract', ['--version']).then(
      () => true,
      () => false,
    );
  if (await has()) return true;
  try {
    const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
    const apt = async (a: string[]): Promise<unknown> =>
      sudo.length > 0 ? run('sudo', ['apt-get', ...a]) : run('apt-get', a);
    await apt(['update', '-qq']);
    await apt(['install', '-y', '-qq', '--no-install-recommends', 'tesseract-ocr']);
  } catch {
    return false;
  }
  return has();
}

/**
 * Peak RSS of one OCR worker: a child process with one OCR lane (TALLY_OCR_WORKERS=1) reads the table pages at
 * 300 dpi with each engine setting; /usr/bin/time gives its maximum resident set.
 */
async function workerRss(pages: readonly BenchPage[]): Promise<void> {
  const list = pages
    .filter((p) => p.kind === 'table')
    .map((p) => ({ doc: p.doc, number: p.number, width: p.width, height: p.height }));
  const out: string[] = [];
  for (const engine of ['tesseract', 'ppocr', 'auto']) {
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
          engine,
          JSON.stringify(list),
        ],
        { env: { ...process.env, TALLY_OCR_WORKERS: '1' }, maxBuffer: 64 << 20 },
      );
      const kb = Number(/maxrss=(\d+)/.exec(stderr)?.[1] ?? 0);
      out.push(`${engine === 'auto' ? 'tally' : engine} ${Math.round(kb / 1000)} MB`);
    } catch (e) {
      out.push(`${engine} failed (${String(e).slice(0, 80)})`);
    }
  }
  console.log(
    `engines  peak RSS of one OCR worker (a process with one lane, ${list.length} table pages at 300 dpi): ${out.join(', ')}`,
  );
}

/** The child of workerRss: read the pages with one engine setting, then exit. */
async function rssChild(engine: string, list: string): Promise<void> {
  const pages = JSON.parse(list) as { doc: string; number: number; width: number; height: number }[];
  const { closeOcr } = await import('../src/readers/ocr/index.js');
  const docs = new Map<string, PDFDocumentProxy>();
  for (const p of pages) {
    let doc = docs.get(p.doc);
    if (!doc) docs.set(p.doc, (doc = await loadPdfDocument(new Uint8Array(await readFile(p.doc)))));
    const image = await renderPdfPageGrey(doc, p.number, { dpi: 300 });
    await ocrPageImage(image, p, {
      engine: engine as 'tesseract' | 'ppocr' | 'auto',
      ...(engine === 'tesseract' ? { agreement: false } : {}),
    });
  }
  await closeOcr();
}

if (process.argv[2] === '--rss-child' && process.argv[1] === fileURLToPath(import.meta.url))
  await rssChild(process.argv[3]!, process.argv[4]!);

export async function benchEngines(args: readonly string[]): Promise<void> {
  const option = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const dpis = (option('--dpis') ?? '150,200,300')
    .split(',')
    .map(Number)
    .filter((d) => d > 0);
  const perDoc = Number(option('--engine-pages') ?? 2);
  /** --engines tesseract,ppocr,tally,native: only these rows. */
  const only = option('--engines')?.split(',');
  const docs = DOCUMENTS.slice(0, Number(option('--engine-docs') ?? DOCUMENTS.length)).filter((d) =>
    existsSync(d),
  );
  if (docs.length === 0) {
    console.log('engines  no corpus PDFs found (../shared/corpus): skipped');
    return;
  }
  // The pages: per document, the first `perDoc` table pages and the first narrative page.
  const pages: BenchPage[] = [];
  const opened = new Map<string, PDFDocumentProxy>();
  for (const file of docs) {
    const doc = await loadPdfDocument(new Uint8Array(await readFile(file)));
    opened.set(file, doc);
    let tables = 0;
    let narrative = 0;
    for (let n = 1; n <= doc.numPages && (tables < perDoc || narrative < 1); n++) {
      const t = await textLayer(doc, n);
      const cjk = t.text.match(CJK)?.length ?? 0;
      if (t.numbers.length >= 10 && tables < perDoc) {
        tables++;
        pages.push({ doc: file, number: n, kind: 'table', ...t });
      } else if (cjk >= 300 && t.numbers.length < 10 && narrative < 1) {
        narrative++;
        pages.push({ doc: file, number: n, kind: 'narrative', ...t });
      }
    }
  }
  const native = await nativeTesseract();
  const dir = await mkdtemp(join(tmpdir(), 'tally-ocr-engines-'));
  const tessdata = join(dir, 'tessdata');
  await run('mkdir', ['-p', tessdata]);
  for (const [lang, file] of Object.entries(traineddataPaths()))
    await writeFile(join(tessdata, `${lang}.traineddata`), gunzipSync(await readFile(file)));
  const lanes = ocrPool().size;
  console.log(
    `engines  ${pages.filter((p) => p.kind === 'table').length} table pages and ${pages.filter((p) => p.kind === 'narrative').length} narrative pages from ${docs.length} corpus PDFs; ${lanes} OCR lanes, ${availableParallelism()} cores`,
  );
  console.log(
    'engines  condition   engine   numbers right          narrative chars right   s/page   peak RSS',
  );
  try {
    const conditions: { name: string; dpi: number; photocopy: boolean }[] = [
      ...dpis.map((dpi) => ({ name: `${dpi} dpi`, dpi, photocopy: false })),
      ...(args.includes('--no-photocopy') ? [] : [{ name: 'photocopy', dpi: 200, photocopy: true }]),
    ];
    let warmed = false;
    for (const c of args.includes('--rss-only') ? [] : conditions) {
      const images: GreyImage[] = [];
      for (const [i, p] of pages.entries()) {
        const img = await renderPdfPageGrey(opened.get(p.doc)!, p.number, { dpi: c.dpi });
        images.push(c.photocopy ? photocopy(img, 1000 + i) : img);
      }
      const geometry = (i: number): { number: number; width: number; height: number } => ({
        number: pages[i]!.number,
        width: pages[i]!.width,
        height: pages[i]!.height,
      });
      if (!warmed) {
        // Worker start and model loading are once per process, not per page.
        await Promise.all([
          ...Array.from({ length: lanes }, () => ocrPageImage(images[0]!, geometry(0))),
          ocrPageImage(images[0]!, geometry(0), { engine: 'ppocr' }),
        ]);
        warmed = true;
      }
      const score = (
        texts: readonly string[],
        numbers: readonly string[][],
      ): Omit<Figures, 'secs' | 'rssMb'> => {
        const f = { numbers: 0, numbersTotal: 0, chars: 0, charsTotal: 0, misses: [] as string[] };
        pages.forEach((p, i) => {
          if (p.kind === 'table') {
            const misses: string[] = [];
            f.numbers += bag(p.numbers, numbers[i]!, misses);
            f.numbersTotal += p.numbers.length;
            if (misses.length > 0) f.misses.push(`p${p.number} ${misses.slice(0, 3).join(' ')}`);
          } else {
            f.chars += Math.max(0, p.text.length - editDistance(p.text, texts[i]!));
            f.charsTotal += p.text.length;
          }
        });
        return f;
      };
      const rows: [string, Figures][] = [];
      // tesseract: tesseract.js alone (no second engine); ppocr: PP-OCR alone; tally: what the pipeline runs
      // (auto: tables by tesseract.js cell by cell with PP-OCR checking every figure, other text by PP-OCR).
      const engines = [
        ['tesseract', { engine: 'tesseract', agreement: false }],
        ['ppocr', { engine: 'ppocr' }],
        ['tally', { engine: 'auto' }],
      ] as const;
      for (const [name, options] of engines.filter(([n]) => only === undefined || only.includes(n))) {
        const r = await timed(pages.length, lanes, (i) => ocrPageImage(images[i]!, geometry(i), options));
        rows.push([
          name,
          {
            ...score(
              r.out.map((o) => spansText(o.spans)),
              r.out.map((o) => o.spans.flatMap((s) => numbersIn(s.text))),
            ),
            secs: r.secs,
            rssMb: r.rssMb,
          },
        ]);
      }
      if (native && (only === undefined || only.includes('native'))) {
        const files = await Promise.all(
          images.map(async (img, i) => {
            const f = join(dir, `${i}.pgm`);
            await writeFile(f, encodePgm(img));
            return f;
          }),
        );
        let rss = 0;
        const r = await timed(pages.length, Math.max(1, availableParallelism()), async (i) => {
          const { stdout, stderr } = await run(
            '/usr/bin/time',
            ['-f', 'maxrss=%M', 'tesseract', ...nativeTesseractArgs(files[i]!, tessdata, c.dpi)],
            { env: { ...process.env, ...NATIVE_TESSERACT_ENV }, maxBuffer: 64 << 20 },
          );
          const kb = Number(/maxrss=(\d+)/.exec(stderr)?.[1] ?? 0);
          rss = Math.max(rss, kb / 1000);
          return stdout;
        });
        rows.push([
          'native',
          {
            ...score(
              r.out.map((t) => t.replace(/\s+/g, '')),
              r.out.map((t) => numbersIn(t)),
            ),
            secs: r.secs,
            rssMb: rss,
          },
        ]);
      }
      for (const [name, f] of rows) {
        const pct = (a: number, b: number): string => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`);
        console.log(
          `engines  ${c.name.padEnd(10)}  ${name.padEnd(9)}  ${`${pct(f.numbers, f.numbersTotal)} (${f.numbers}/${f.numbersTotal})`.padEnd(21)}  ${`${pct(f.chars, f.charsTotal)} (${f.chars}/${f.charsTotal})`.padEnd(22)}  ${f.secs.toFixed(2).padStart(6)}  ${Math.round(f.rssMb)} MB${name === 'native' ? ' per process' : ' process'}`,
        );
        if (f.misses.length > 0 && args.includes('--misses'))
          console.log(`engines      ${name} misses: ${f.misses.join('  ')}`);
      }
    }
    if (!args.includes('--no-rss')) await workerRss(pages);
    if (!native) console.log('engines  native tesseract not installed and apt-get failed: no baseline');
  } finally {
    for (const d of opened.values()) await d.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}
