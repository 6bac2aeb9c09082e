import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractBytes } from '../../src/pipeline/index.js';
import { pdfReader } from '../../src/readers/pdf/index.js';
import { pagesToBlocks } from '../../src/tables/index.js';
import { sharedPath } from '../../test/support/shared.js';

export const CORPUS_DIRS = [
  sharedPath('corpus', 'decision'),
  sharedPath('corpus', 'budget-jiangsu'),
  sharedPath('corpus', 'icdar2013-eu'),
];

export interface SpeedResult {
  files: number;
  pages: number;
  /** Wall-clock seconds: inflated when other work shares the machine. */
  tallySeconds: number;
  pdftotextSeconds: number;
  /** CPU seconds (user + system): the fairer comparison on a shared machine. */
  tallyCpu: number;
  pdftotextCpu: number;
  /** The whole pipeline (read, tables, normalize, validate; OCR off) over the same files: wall and CPU seconds. */
  pipelineSeconds: number;
  pipelineCpu: number;
}

/** CPU seconds of bash's children, from the `times` builtin's second line ("0m0.049s 0m0.000s"). */
function childCpu(timesOutput: string): number {
  const line = timesOutput.trim().split('\n').pop() ?? '';
  const secs = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return secs.reduce((a, b) => a + b, 0);
}

function corpusPdfs(): string[] {
  return CORPUS_DIRS.filter((d) => existsSync(d)).flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.toLowerCase().endsWith('.pdf'))
      .sort()
      .map((f) => join(d, f)),
  );
}

/**
 * Time pdfReader + pagesToBlocks over every corpus PDF, and `pdftotext -layout` (poppler-utils) on the
 * same files in the same run. One warm-up read first, so pdfjs's one-time module load is not billed to
 * the first file (font parsing per document still is).
 */
export async function runSpeed(): Promise<SpeedResult | undefined> {
  const files = corpusPdfs();
  if (files.length === 0) return undefined;
  const first = files[0]!;
  await pdfReader.read({ path: first, bytes: new Uint8Array(readFileSync(first)) }, { pages: [1] });
  const bytes = files.map((f) => new Uint8Array(readFileSync(f)));
  let pages = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < files.length; i++) {
    const doc = await pdfReader.read({ path: files[i]!, bytes: bytes[i]!.slice() });
    pagesToBlocks(doc.pages);
    pages += doc.pages.length;
  }
  const tallySeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const tallyCpu = (cpu.user + cpu.system) / 1e6;
  const c2 = process.cpuUsage();
  const t2 = performance.now();
  for (let i = 0; i < files.length; i++) await extractBytes(files[i]!, bytes[i]!.slice(), { ocr: 'off' });
  const pipelineSeconds = (performance.now() - t2) / 1000;
  const cpu2 = process.cpuUsage(c2);
  const pipelineCpu = (cpu2.user + cpu2.system) / 1e6;
  const t1 = performance.now();
  // One shell runs them all, so `times` reports the CPU of exactly these pdftotext runs.
  const script = 'for f in "$@"; do pdftotext -layout -q "$f" /dev/null; done; times';
  const out = execFileSync('bash', ['-c', script, 'bash', ...files], { encoding: 'utf8' });
  const pdftotextSeconds = (performance.now() - t1) / 1000;
  return {
    files: files.length,
    pages,
    tallySeconds,
    pdftotextSeconds,
    tallyCpu,
    pdftotextCpu: childCpu(out),
    pipelineSeconds,
    pipelineCpu,
  };
}
