/**
 * OCR accuracy on a seeded sample of the table-bearing corpus PDFs, rasterized here, against their own text
 * layer (issue 12's targets), in two groups:
 * - tuned: decision, budget-jiangsu, more/beijing, more/shanghai, more/xian, more/yantai; the OCR path may be
 *   tuned on these pages;
 * - held-out: more/shenzhen, more/changsha, more/changchun, more/guangzhou, more/central; run only to report
 *   (their misses are not printed unless --misses-held-out is given, and must not be used for tuning).
 *
 * The sample: per group, regions taken in turn, their PDFs in a seeded order; from each PDF one table page
 * (≥ 10 numeric tokens in the text layer) at random, and narrative pages (≥ 300 Chinese characters, < 10
 * numbers) until the group has its share. Printed before the run.
 *
 * Each condition (each --dpis resolution and a harsh photocopy of the 200 dpi rendering, see photocopy in
 * bench/ocr-engines.ts) renders only the sampled pages and runs the whole pipeline (extractFile, ocr: 'force')
 * with those pages OCR'd by the pipeline's engine choice and the PDF's other pages read from their text layer;
 * against the same PDF read from its text layer:
 * - numbers: the text layer's numeric tokens found among the OCR spans' numbers, as a bag per table page;
 * - cells: the numeric cells of the tables lying wholly on sampled pages, equal to the text layer's (same
 *   family and occurrence, row id, column key) before any suggestion; wrong cells that no anomaly flags
 *   (after the second look by variants: a re-read would cut from the clean PDF, not the degraded image);
 * - narrative: characters right (1 − edit distance / length, whitespace removed, spans in reading order);
 * - tables: on the sampled pages, the tables of each family (unknown included) and their count, OCR against
 *   the text layer: paragraphs that became grids show here.
 *
 * --layout-only runs no recognition: each sampled page keeps its text layer's words, and only its rules are
 * taken from the rendering (the vector ones dropped). What is lost then is the layout's doing (rules, tables,
 * families), not the engines'. (Under the photocopy, the words stay level while the rules come from the tilted
 * and levelled image, so a small residual tilt separates the two; read that condition with care.)
 *
 *   npx tsx bench/ocr.ts --sample-only [--sample-pages N] [--sample-seed S] [--sample-group tuned|held-out|both]
 *     [--dpis 150,200,300] [--no-photocopy] [--misses] [--layout-only]
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExtractionResult, NormalizedTable as Table, Page } from '../src/model/index.js';
import { extractFile } from '../src/pipeline/index.js';
import { findRules, levelScan, ocrPageImage, rulesInPoints } from '../src/readers/ocr/index.js';
import { loadPdfDocument, type PDFDocumentProxy } from '../src/readers/pdf/pdfjs.js';
import { renderPdfPageGrey } from '../src/readers/render/index.js';
import { CORPUS_DIR } from '../test/support/shared.js';
import { compareCells, zeroFigures, type PipelineFigures } from './lib/cells.js';
import { bag, editDistance, numbersIn, photocopy, spansText, textLayer } from './ocr-engines.js';
import { seededRng, shuffle } from './judgment/plants.js';

export const GROUPS = {
  tuned: ['decision', 'budget-jiangsu', 'more/beijing', 'more/shanghai', 'more/xian', 'more/yantai'],
  'held-out': ['more/shenzhen', 'more/changsha', 'more/changchun', 'more/guangzhou', 'more/central'],
} as const;
export type Group = keyof typeof GROUPS;

const CJK = /[\u4e00-\u9fff]/gu;

export interface SamplePage {
  readonly pdf: string;
  readonly number: number;
  readonly kind: 'table' | 'narrative';
  readonly width: number;
  readonly height: number;
  readonly numbers: readonly string[];
  readonly text: string;
}

/** Pages of a PDF the sampler looks at (a 300-page PDF is not read whole to pick one page). */
const MAX_PAGES_LOOKED_AT = 80;

/** The seeded sample of one group: `tablePages` table pages (one per PDF per round) and a quarter as many narrative pages. */
export async function samplePages(group: Group, tablePages: number, seed: number): Promise<SamplePage[]> {
  const rnd = seededRng(seed);
  const narrativePages = Math.max(1, Math.ceil(tablePages / 4));
  const queues = GROUPS[group]
    .map((dir) => join(CORPUS_DIR, dir))
    .filter((dir) => existsSync(dir))
    .map((dir) =>
      shuffle(
        readdirSync(dir)
          .filter((f) => f.toLowerCase().endsWith('.pdf'))
          .sort()
          .map((f) => join(dir, f)),
        rnd,
      ),
    );
  const out: SamplePage[] = [];
  const looked = new Map<string, { table: SamplePage[]; narrative: SamplePage[] }>();
  const count = (kind: SamplePage['kind']): number => out.filter((p) => p.kind === kind).length;
  // Rounds over the regions; a PDF without table pages is dropped (not table-bearing, or a real scan).
  for (let round = 0; count('table') < tablePages && queues.some((q) => q.length > 0); round++) {
    for (const q of queues) {
      if (count('table') >= tablePages) break;
      // Each region gives one page per round: the next PDF of its queue that still has unpicked table pages.
      while (q.length > 0) {
        const pdf = q[0]!;
        let pages = looked.get(pdf);
        if (!pages) {
          pages = { table: [], narrative: [] };
          const doc = await loadPdfDocument(new Uint8Array(await readFile(pdf)));
          try {
            for (let n = 1; n <= Math.min(doc.numPages, MAX_PAGES_LOOKED_AT); n++) {
              const t = await textLayer(doc, n);
              const cjk = t.text.match(CJK)?.length ?? 0;
              const page = {
                pdf,
                number: n,
                width: t.width,
                height: t.height,
                numbers: t.numbers,
                text: t.text,
              };
              if (t.numbers.length >= 10) pages.table.push({ ...page, kind: 'table' });
              else if (cjk >= 300) pages.narrative.push({ ...page, kind: 'narrative' });
            }
          } finally {
            await doc.destroy();
          }
          looked.set(pdf, pages);
        }
        if (pages.table.length === 0) {
          q.shift();
          continue;
        }
        out.push(pages.table.splice(Math.floor(rnd() * pages.table.length), 1)[0]!);
        if (count('narrative') < narrativePages && pages.narrative.length > 0)
          out.push(pages.narrative.splice(Math.floor(rnd() * pages.narrative.length), 1)[0]!);
        // The next round takes this region's next PDF; this one goes to the back of the queue.
        q.push(q.shift()!);
        break;
      }
    }
  }
  return out.sort((a, b) => a.pdf.localeCompare(b.pdf) || a.number - b.number);
}

interface ConditionFigures {
  numbers: number;
  numbersTotal: number;
  chars: number;
  charsTotal: number;
  cells: PipelineFigures;
  /** Tables on the sampled pages: text layer, OCR, and how many families (unknown included) differ in count. */
  tablesTruth: number;
  tablesOcr: number;
  familyMismatches: string[];
  misses: string[];
  pages: number;
  secs: number;
}

/** Tables lying wholly on the given pages. */
const onPages = (r: ExtractionResult, pages: ReadonlySet<number>): Table[] =>
  r.tables.filter((t) => (t.pages ?? []).length > 0 && (t.pages ?? []).every((p) => pages.has(p)));

const familyCounts = (tables: readonly Table[]): Map<string, number> => {
  const m = new Map<string, number>();
  for (const t of tables) m.set(t.type, (m.get(t.type) ?? 0) + 1);
  return m;
};

/** One condition on the sampled pages of one PDF: the pipeline with those pages OCR'd from the degraded image. */
async function runDocument(
  pdf: string,
  pages: readonly SamplePage[],
  truth: ExtractionResult,
  condition: { dpi: number; photocopy: boolean; layoutOnly?: boolean },
  f: ConditionFigures,
  showMisses: boolean,
): Promise<void> {
  const doc: PDFDocumentProxy = await loadPdfDocument(new Uint8Array(await readFile(pdf)));
  const wanted = new Set(pages.map((p) => p.number));
  let ocred: Page[] = [];
  const t0 = performance.now();
  try {
    const before = await extractFile(pdf, {
      ocr: 'force',
      ocrReview: 'off',
      ocrStage: async (input) => {
        const out: Page[] = [];
        for (const page of input.pages.filter((p) => wanted.has(p.number))) {
          const rendered = await renderPdfPageGrey(doc, page.number, { dpi: condition.dpi });
          const image = condition.photocopy ? photocopy(rendered, 1000 + page.number) : rendered;
          if (condition.layoutOnly) {
            // The text layer's own words with only the rules the pixels show: what layout alone loses.
            const { rects: _vector, lines: _vectorLines, ...rest } = page;
            out.push({
              ...rest,
              lines: rulesInPoints(findRules(levelScan(image).image), page, image),
              rects: [],
            });
            continue;
          }
          const r = await ocrPageImage(image, page);
          const sideways = r.turnedDeg === 90 || r.turnedDeg === 270;
          const { deskew: _stale, ...rest } = page;
          // As a scan has them: no vector rules or fills, only what the pixels show.
          out.push({
            ...rest,
            ...(sideways ? { width: page.height, height: page.width } : {}),
            spans: r.spans,
            lines: r.lines,
            rects: [],
            ...(r.deskew ? { deskew: r.deskew } : {}),
          });
        }
        return (ocred = out);
      },
    });
    f.secs += (performance.now() - t0) / 1000;
    f.pages += pages.length;
    const after = await extractFile(pdf, {
      ocr: 'force',
      ocrReview: 'variants',
      ocrStage: () => Promise.resolve(ocred),
    });
    const name = pdf.slice(CORPUS_DIR.length + 1);
    for (const p of pages) {
      const read = ocred.find((o) => o.number === p.number);
      if (!read) continue;
      if (p.kind === 'table') {
        const misses: string[] = [];
        f.numbers += bag(
          p.numbers,
          read.spans.flatMap((s) => numbersIn(s.text)),
          misses,
        );
        f.numbersTotal += p.numbers.length;
        if (misses.length > 0 && showMisses)
          f.misses.push(`${name} p${p.number} numbers missed: ${misses.join(' ')}`);
      } else {
        const got = spansText(read.spans);
        const right = Math.max(0, p.text.length - editDistance(p.text, got));
        f.chars += right;
        f.charsTotal += p.text.length;
        if (showMisses && right < 0.97 * p.text.length)
          f.misses.push(`${name} p${p.number} narrative chars ${pct(right, p.text.length)}`);
      }
    }
    const tWant = onPages(truth, wanted);
    const restrict = (r: ExtractionResult): ExtractionResult => ({ ...r, tables: onPages(r, wanted) });
    const misses: string[] = [];
    const cells = compareCells({ ...truth, tables: tWant }, restrict(before), restrict(after), misses);
    for (const k of Object.keys(cells) as (keyof PipelineFigures)[]) f.cells[k] += cells[k];
    if (showMisses) f.misses.push(...misses.map((m) => `${name} ${m}`));
    const tGot = onPages(before, wanted);
    f.tablesTruth += tWant.length;
    f.tablesOcr += tGot.length;
    const a = familyCounts(tWant);
    const b = familyCounts(tGot);
    for (const family of new Set([...a.keys(), ...b.keys()])) {
      if ((a.get(family) ?? 0) !== (b.get(family) ?? 0))
        f.familyMismatches.push(`${name} ${family} ${a.get(family) ?? 0}→${b.get(family) ?? 0}`);
    }
  } finally {
    await doc.destroy();
  }
}

const pct = (a: number, b: number): string => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}% (${a}/${b})`);

export async function benchSample(args: readonly string[]): Promise<void> {
  const option = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const tablePages = Number(option('--sample-pages') ?? 12);
  const seed = Number(option('--sample-seed') ?? 12);
  const which = option('--sample-group') ?? 'both';
  // --layout-only: no recognition; the text layer's words on each sampled page, with the rules found in its
  // rendering in place of the vector ones. Its losses are the layout's (rules, tables, families), not OCR's.
  const layoutOnly = args.includes('--layout-only');
  const dpis = (option('--dpis') ?? '150,200,300')
    .split(',')
    .map(Number)
    .filter((d) => d > 0);
  const conditions = [
    ...dpis.map((dpi) => ({ name: `${dpi} dpi`, dpi, photocopy: false })),
    ...(args.includes('--no-photocopy') ? [] : [{ name: 'photocopy', dpi: 200, photocopy: true }]),
  ].map((c) => (layoutOnly ? { ...c, name: `${c.name} layout`, layoutOnly: true } : c));
  if (!existsSync(CORPUS_DIR)) {
    console.log('sample   no corpus (../shared/corpus): skipped');
    return;
  }
  const groups = (Object.keys(GROUPS) as Group[]).filter((g) => which === 'both' || which === g);
  for (const group of groups) {
    const sample = await samplePages(group, tablePages, seed);
    const byPdf = new Map<string, SamplePage[]>();
    for (const p of sample) byPdf.set(p.pdf, [...(byPdf.get(p.pdf) ?? []), p]);
    console.log(
      `sample   ${group}: ${sample.filter((p) => p.kind === 'table').length} table pages and ${sample.filter((p) => p.kind === 'narrative').length} narrative pages from ${byPdf.size} PDFs (seed ${seed}):`,
    );
    for (const [pdf, pages] of byPdf)
      console.log(
        `sample     ${pdf.slice(CORPUS_DIR.length + 1)}: ${pages.map((p) => `p${p.number}${p.kind === 'narrative' ? ' (narrative)' : ''}`).join(', ')}`,
      );
    const truths = new Map<string, ExtractionResult>();
    for (const pdf of byPdf.keys()) truths.set(pdf, await extractFile(pdf));
    // Misses of the held-out group are not shown: it is for reporting, not for tuning.
    const showMisses = args.includes('--misses') && (group === 'tuned' || args.includes('--misses-held-out'));
    for (const c of conditions) {
      const f: ConditionFigures = {
        numbers: 0,
        numbersTotal: 0,
        chars: 0,
        charsTotal: 0,
        cells: zeroFigures(),
        tablesTruth: 0,
        tablesOcr: 0,
        familyMismatches: [],
        misses: [],
        pages: 0,
        secs: 0,
      };
      for (const [pdf, pages] of byPdf) await runDocument(pdf, pages, truths.get(pdf)!, c, f, showMisses);
      const cf = f.cells;
      console.log(
        `sample   ${group.padEnd(8)} ${c.name.padEnd(9)}  numbers ${pct(f.numbers, f.numbersTotal)}; cells ${pct(cf.exact, cf.numeric)} (wrong ${cf.wrong}, lost ${cf.missing}), wrong without an anomaly ${cf.silentBefore} → ${cf.silentAfter}; ` +
          `narrative chars ${pct(f.chars, f.charsTotal)}; tables ${f.tablesOcr} vs ${f.tablesTruth} in the text layer, ${f.familyMismatches.length === 0 ? 'families the same' : `families differ: ${f.familyMismatches.length}`}; ${(f.secs / Math.max(1, f.pages)).toFixed(1)} s/page`,
      );
      if (showMisses) {
        for (const m of f.familyMismatches) console.log(`sample       tables ${m}`);
        for (const m of f.misses) console.log(`sample       ${m}`);
      }
    }
  }
}
