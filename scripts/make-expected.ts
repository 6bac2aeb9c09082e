/**
 * Writes samples/expected/<seed>.cells.json: the cells every sample made from a seed must yield, taken from the
 * seed's own text export (whose extraction the golden tests in test/seeds pin, checked by hand against the seed).
 * Run after changing normalization on purpose: `npx tsx scripts/make-expected.ts`.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractFile } from '../src/pipeline/index.js';
import { cellsOf } from '../bench/accuracy/cells.js';

const root = join(import.meta.dirname, '..');
const seeds = join(root, '..', 'shared', 'seeds');
for (const f of readdirSync(seeds)
  .filter((x) => x.endsWith('.txt'))
  .sort()) {
  const result = await extractFile(join(seeds, f));
  const out = join(root, 'samples', 'expected', `${f.slice(0, 3)}.cells.json`);
  writeFileSync(out, JSON.stringify(cellsOf(result), null, 1) + '\n');
  process.stdout.write(`wrote ${out}\n`);
}
