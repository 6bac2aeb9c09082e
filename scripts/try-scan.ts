// Development aid: OCR a scanned sample once (pages cached under /tmp, keyed by file and mode), run the rest of
// the pipeline on the cached pages and list, table by table, the numeric cells of the digital original that
// the scan's extraction misses or reads differently.
//   npx tsx scripts/try-scan.ts samples/scanned/004-final-accounts-2023-tables.scan300.pdf [--whole-page] [--fresh]
//   npx tsx scripts/try-scan.ts <a text-layer PDF>   (every page OCR'd at 200 dpi, against its text layer)
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ExtractionResult, Page } from '../src/model/index.js';
import { extractFile } from '../src/pipeline/index.js';
import { closeOcr, ocrPages } from '../src/readers/ocr/index.js';

const file = process.argv[2];
if (!file) throw new Error('usage: tsx scripts/try-scan.ts <scanned sample> [--whole-page] [--fresh]');
const cells = !process.argv.includes('--whole-page');
const manifest = JSON.parse(await readFile('samples/scanned/manifest.json', 'utf8')) as {
  file: string;
  original: string;
}[];
// A file that is not a scanned sample is a text-layer PDF: every page is OCR'd from a 200 dpi rendering and
// compared with the same file read from its text layer.
const original = manifest.find((e) => e.file === file)?.original ?? file;
const force = original === file;
const cache = `/tmp/tally-scan-${basename(file)}-${cells ? 'cells' : 'page'}.json`;
let pages: Page[] | undefined =
  !process.argv.includes('--fresh') && existsSync(cache)
    ? (JSON.parse(await readFile(cache, 'utf8')) as Page[])
    : undefined;
const scan = await extractFile(file, {
  ...(force ? { ocr: 'force' as const } : {}),
  ocrReview: process.env['REVIEW'] === 'reread' ? 'reread' : 'off',
  ocrStage: async (input) =>
    (pages ??= await ocrPages(input, { cells, ...(force ? { renderDpi: 200 } : {}) })),
});
await writeFile(cache, JSON.stringify(pages));
await closeOcr();
const truth = await extractFile(original);

const byFamily = (r: ExtractionResult): Map<string, ExtractionResult['tables'][number]> => {
  const seen = new Map<string, number>();
  const out = new Map<string, ExtractionResult['tables'][number]>();
  for (const t of r.tables) {
    const k = seen.get(t.type) ?? 0;
    seen.set(t.type, k + 1);
    out.set(`${t.type}#${k}`, t);
  }
  return out;
};
const want = byFamily(truth);
const got = byFamily(scan);
for (const [key, t] of want) {
  const g = got.get(key);
  if (!g) {
    console.log(`${key}: MISSING (scan has ${[...got.keys()].join(', ')})`);
    continue;
  }
  const problems: string[] = [];
  let n = 0;
  for (const row of t.rows) {
    const gr = g.rows.find((r) => r.id === row.id);
    for (const [col, cell] of Object.entries(row.cells)) {
      if (cell.value === null) continue;
      n++;
      if (!gr) {
        problems.push(`row ${row.id} (${row.label}) missing`);
        break;
      }
      const gc = gr.cells[col];
      if (!gc) problems.push(`${row.id}.${col} missing`);
      else if (gc.value !== cell.value)
        problems.push(`${row.id}.${col} ${cell.raw}→${JSON.stringify(gc.raw)}`);
    }
  }
  console.log(
    `${key}: ${n} numeric cells, ${problems.length} problems; columns want ${t.columns.map((c) => c.key).join(',')} got ${g.columns.map((c) => c.key).join(',')}; rows want ${t.rows.length} got ${g.rows.length}`,
  );
  for (const p of problems.slice(0, Number(process.env['SHOW'] ?? 12))) console.log(`   ${p}`);
}
for (const key of got.keys()) if (!want.has(key)) console.log(`${key}: extra in the scan`);
const show = process.env['TABLE'];
if (show) {
  const t = got.get(show);
  console.log(
    `${show}: title ${JSON.stringify(t?.title)} columns ${t?.columns.map((c) => `${c.key}:${c.label}`).join(' | ')}`,
  );
  for (const row of t?.rows ?? [])
    console.log(
      `  ${row.id} ${row.label} :: ${Object.entries(row.cells)
        .map(([k, v]) => `${k}=${JSON.stringify(v.raw)}`)
        .join(' ')}`,
    );
}
