/**
 * Accuracy and speed benchmark: `npx tsx bench/accuracy.ts`. Prints one plain table of figures.
 *
 * Each section is one function returning rows; sections whose corpus is absent return no rows.
 * EXTENSION POINTS: the lead adds further sections to SECTIONS below, e.g.
 *   - chineseArithmeticSection: the Chinese corpus through the whole pipeline, share of tables whose
 *     rows/columns add up (validate stage);
 *   - sampleCellsSection: cell precision/recall of samples/ against their explicit (XLSX/HTML) twins.
 */
import { prf } from './accuracy/adjacency.js';
import { runIcdar } from './accuracy/icdar.js';
import { runSpeed } from './accuracy/speed.js';
import { arithmeticOf, corpusPdfs } from './accuracy/arithmetic.js';
import { basename, join } from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { cellsOf, expectedFor, scoreCells, type CellMap } from './accuracy/cells.js';
import { extractFile } from '../src/pipeline/index.js';

export interface BenchRow {
  section: string;
  metric: string;
  value: string;
  note?: string;
}

export type Section = () => Promise<BenchRow[]>;

const pct = (x: number): string => x.toFixed(3);

/** ICDAR 2013 EU structure recognition: adjacency-relation precision/recall/F1 against -str.xml. */
export const icdarSection: Section = async () => {
  const r = await runIcdar();
  if (!r) return [{ section: 'icdar2013-eu', metric: 'skipped', value: '-', note: 'corpus folder absent' }];
  const given = prf(r.given);
  const found = prf(r.found);
  const rows: BenchRow[] = [
    { section: 'icdar2013-eu', metric: 'documents / regions', value: `${r.documents} / ${r.regions}`, note: r.skipped.length ? `skipped: ${r.skipped.join(', ')}` : '' },
    { section: 'icdar2013-eu', metric: 'regions given: precision', value: pct(given.precision), note: `${r.given.correct}/${r.given.detected} relations` },
    { section: 'icdar2013-eu', metric: 'regions given: recall', value: pct(given.recall), note: `${r.given.correct}/${r.given.truth} relations` },
    { section: 'icdar2013-eu', metric: 'regions given: F1 (pooled)', value: pct(given.f1), note: 'target >= 0.95' },
    { section: 'icdar2013-eu', metric: 'regions given: F1 (mean per doc)', value: pct(r.givenDocF1) },
    { section: 'icdar2013-eu', metric: 'tables found: precision', value: pct(found.precision), note: 'unmatched found grids count as false relations' },
    { section: 'icdar2013-eu', metric: 'tables found: recall', value: pct(found.recall) },
    { section: 'icdar2013-eu', metric: 'tables found: F1 (pooled)', value: pct(found.f1) },
    { section: 'icdar2013-eu', metric: 'tables found: F1 (mean per doc)', value: pct(r.foundDocF1) },
    { section: 'icdar2013-eu', metric: 'weakest docs (regions given)', value: r.worst.map((w) => `${w.doc}:${w.f1.toFixed(2)}`).join(' ') },
    { section: 'icdar2013-eu', metric: 'weakest docs (tables found)', value: r.worstFound.map((w) => `${w.doc}:${w.f1.toFixed(2)}`).join(' ') },
  ];
  return rows;
};

/** Pages per second of pdfReader + pagesToBlocks against pdftotext -layout over all corpus PDFs. */
export const speedSection: Section = async () => {
  const s = await runSpeed();
  if (!s) return [{ section: 'speed', metric: 'skipped', value: '-', note: 'no corpus PDFs' }];
  return [
    { section: 'speed', metric: 'files / pages', value: `${s.files} / ${s.pages}` },
    { section: 'speed', metric: 'tally pages/s (wall)', value: (s.pages / s.tallySeconds).toFixed(1), note: `${s.tallySeconds.toFixed(2)} s` },
    { section: 'speed', metric: 'pdftotext -layout pages/s (wall)', value: (s.pages / s.pdftotextSeconds).toFixed(1), note: `${s.pdftotextSeconds.toFixed(2)} s` },
    { section: 'speed', metric: 'time ratio tally / pdftotext (wall)', value: `${(s.tallySeconds / s.pdftotextSeconds).toFixed(1)}x`, note: 'target <= 5x' },
    { section: 'speed', metric: 'time ratio tally / pdftotext (CPU)', value: `${(s.tallyCpu / s.pdftotextCpu).toFixed(1)}x`, note: `${s.tallyCpu.toFixed(2)} s vs ${s.pdftotextCpu.toFixed(2)} s CPU` },
    { section: 'speed', metric: 'whole pipeline pages/s (wall)', value: (s.pages / s.pipelineSeconds).toFixed(1), note: `${s.pipelineSeconds.toFixed(2)} s; read, tables, normalize, validate (OCR off)` },
    { section: 'speed', metric: 'time ratio pipeline / pdftotext (CPU)', value: `${(s.pipelineCpu / s.pdftotextCpu).toFixed(1)}x`, note: `${s.pipelineCpu.toFixed(2)} s vs ${s.pdftotextCpu.toFixed(2)} s CPU` },
  ];
};

const share = (x: { holds: number; total: number }): string => (x.total === 0 ? '-' : `${((100 * x.holds) / x.total).toFixed(1)}% (${x.holds}/${x.total})`);

/** The real Chinese PDFs through the whole pipeline: families found, and how much of their arithmetic holds. */
export const arithmeticSection: Section = async () => {
  const files = corpusPdfs();
  if (files.length === 0) return [{ section: 'chinese-corpus', metric: 'skipped', value: '-', note: 'corpus folder absent' }];
  const rows: BenchRow[] = [];
  for (const f of files) {
    const a = await arithmeticOf(f);
    const name = basename(f, '.pdf');
    const fam = a.kind === 'final_accounts' ? `${9 - a.missingFinal.length}/9 决算 families` : `${a.families.length} families`;
    rows.push({
      section: 'chinese-corpus',
      metric: name,
      value: fam,
      note: [
        `row identities ${share(a.rowIdentities)}`,
        `合计/层级 ${share(a.sums)}`,
        `cross-table ${share(a.crossTable)}`,
        `data rows ${a.dataRows}`,
        `unknown tables ${a.unknownTables}`,
        `errors ${a.errors}`,
        a.missingFinal.length ? `missing ${a.missingFinal.join(',')}` : '',
      ]
        .filter(Boolean)
        .join('; '),
    });
  }
  return rows;
};

/** The generated samples: cell precision/recall against the expected cells of the seed each was made from. */
export const samplesSection: Section = async () => {
  const dir = join(import.meta.dirname, '..', 'samples');
  const rows: BenchRow[] = [];
  const files = readdirSync(dir).filter((f) => /^\d{3}-/.test(f)).sort();
  let correct = 0;
  let expectedN = 0;
  let extractedN = 0;
  for (const f of files) {
    const exp = expectedFor(f, JSON.parse(readFileSync(join(dir, 'expected', `${f.slice(0, 3)}.cells.json`), 'utf8')) as CellMap);
    const s = scoreCells(exp, cellsOf(await extractFile(join(dir, f), { ocr: 'off' })));
    correct += s.correct;
    expectedN += s.expected;
    extractedN += s.extracted;
    rows.push({ section: 'samples', metric: f, value: `P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)}`, note: `${s.correct}/${s.expected} cells` });
  }
  rows.push({ section: 'samples', metric: 'all samples (pooled)', value: `P ${(correct / extractedN).toFixed(3)} R ${(correct / expectedN).toFixed(3)}`, note: `${correct}/${expectedN} cells` });
  return rows;
};

export const SECTIONS: ReadonlyArray<readonly [string, Section]> = [
  ['samples', samplesSection],
  ['icdar', icdarSection],
  ['arithmetic', arithmeticSection],
  ['speed', speedSection],
  // Add further sections here (see the header comment).
];

function printTable(rows: readonly BenchRow[]): void {
  const cols: Array<keyof BenchRow> = ['section', 'metric', 'value', 'note'];
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (vals: string[]): string => vals.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(line(cols));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => r[c] ?? '')));
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const rows: BenchRow[] = [];
  for (const [name, section] of SECTIONS) {
    if (only.length > 0 && !only.includes(name)) continue;
    rows.push(...(await section()));
  }
  printTable(rows);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
