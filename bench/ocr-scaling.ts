/**
 * OCR-heavy throughput, 1 vs 2 worker processes: `npx tsx bench/ocr-scaling.ts [--copies 2]`.
 *
 * The scanned samples (image-only PDFs) are extracted by the whole pipeline, first by one process with one OCR
 * worker, then split between two processes with one OCR worker each, in the same run. Prints pages/s and the
 * speed-up (target >= 1.8x on 2 cores).
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({ options: { copies: { type: 'string', default: '2' } } });
const scanned = join(ROOT, 'samples', 'scanned');
const base = readdirSync(scanned)
  .filter((f) => f.endsWith('.pdf'))
  .sort()
  .map((f) => join(scanned, f));
const files = Array.from({ length: Number(values.copies) }, () => base).flat();

interface Part {
  files: number;
  pages: number;
  seconds: number;
}

function run(share: readonly string[]): Promise<Part> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/extract-files.ts', ...share], {
      cwd: ROOT,
      env: { ...process.env, TALLY_OCR_WORKERS: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as Part) : reject(new Error(`exit ${code}`))));
  });
}

async function timed(shares: readonly (readonly string[])[]): Promise<{ pages: number; seconds: number }> {
  const t = performance.now();
  const parts = await Promise.all(shares.map(run));
  return { pages: parts.reduce((n, p) => n + p.pages, 0), seconds: (performance.now() - t) / 1000 };
}

// Split by size (≈ pages of scanned images), largest first to the lighter share, so both get the same work.
const one = await timed([files]);
const a: string[] = [];
const b: string[] = [];
let wa = 0;
let wb = 0;
for (const f of [...files].sort((x, y) => statSync(y).size - statSync(x).size)) {
  if (wa <= wb) {
    a.push(f);
    wa += statSync(f).size;
  } else {
    b.push(f);
    wb += statSync(f).size;
  }
}
const two = await timed([a, b]);
const rate = (x: { pages: number; seconds: number }): string => (x.pages / x.seconds).toFixed(3);
console.log('workers  pages  seconds  pages/s');
console.log(`1        ${one.pages}     ${one.seconds.toFixed(1).padStart(6)}  ${rate(one)}`);
console.log(`2        ${two.pages}     ${two.seconds.toFixed(1).padStart(6)}  ${rate(two)}`);
console.log(`speed-up ${(one.seconds / two.seconds).toFixed(2)}x (target >= 1.8x on 2 cores)`);
