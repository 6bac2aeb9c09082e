/**
 * Test-only stand-in for the pipeline, run inside the isolated extractor's child (src/runner/isolated.test.ts): the file
 * name says how the "extraction" behaves. Every call is appended to `<file>.calls`, so a test counts attempts
 * made in a child it cannot see into.
 */
import { appendFileSync } from 'node:fs';
import { basename } from 'node:path';
import { sampleResult } from '../store/fixtures.js';
import type { ExtractionResult } from '../../src/model/index.js';
import type { ExtractProgress } from '../../src/pipeline/index.js';
import { sha256File } from '../../src/util/hash.js';

export async function extract(
  path: string,
  options: { signal?: AbortSignal; onProgress?: (e: ExtractProgress) => void },
): Promise<ExtractionResult> {
  appendFileSync(`${path}.calls`, `${process.pid}\n`);
  const name = basename(path);
  if (name.startsWith('oom')) {
    const hoard: number[][] = [];
    for (;;) hoard.push(Array.from({ length: 1_000_000 }, (_, i) => i + hoard.length));
  }
  if (name.startsWith('hang')) await new Promise(() => undefined);
  if (name.startsWith('crash')) process.kill(process.pid, 'SIGKILL');
  if (name.startsWith('pages')) {
    for (let page = 1; page <= 3; page++) options.onProgress?.({ page, pages: 3, stage: 'read' });
  }
  const r = sampleResult({ path, seed: name });
  return { ...r, source: { ...r.source, sha256: await sha256File(path) }, warnings: [`pid ${process.pid}`] };
}
