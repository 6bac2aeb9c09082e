/**
 * Review API latency while page images are rendered for the first time (uncached). A store with the
 * sample PDFs; N concurrent requests for every page at 150 dpi (none cached), and meanwhile /api/queue asked
 * every 25 ms. Prints the queue's p50/p95/max latency during the renders, and the renders' wall time.
 * Usage: npx tsx bench/review-latency.ts [--rounds 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { extractFile } from '../src/pipeline/index.js';
import { startReviewServer } from '../src/review/index.js';
import { openSqliteStore } from '../src/store/index.js';

const ROOT = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const PDFS = [
  '004-final-accounts-2023.pdf',
  '004-final-accounts-2023-tables.pdf',
  '002-performance-shangwu-2023.pdf',
];

const dir = mkdtempSync(join(tmpdir(), 'tally-review-latency-'));
const store = openSqliteStore(join(dir, 'tally.db'));
const docs: { sha: string; pages: number }[] = [];
for (const f of PDFS) {
  const path = join(ROOT, 'samples', f);
  const r = await extractFile(path);
  store.registerDocument({ sha256: r.source.sha256, path, bytes: r.source.bytes });
  store.saveResult(r);
  docs.push({ sha: r.source.sha256, pages: r.source.pages ?? 0 });
}
const server = await startReviewServer({ store, reviewer: 'bench' });
const page = await fetch(server.url);
const cookie = /tally_review=[^;]+/.exec(page.headers.get('set-cookie') ?? '')?.[0] ?? '';

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

const idle: number[] = [];
for (let i = 0; i < 40; i++) {
  const t = performance.now();
  await (await fetch(`${server.url}api/queue`, { headers: { cookie } })).arrayBuffer();
  idle.push(performance.now() - t);
}
console.log(`idle: /api/queue p50 ${pct(idle, 50).toFixed(1)} ms, p95 ${pct(idle, 95).toFixed(1)} ms`);

for (let round = 0; round < Number(values.rounds); round++) {
  rmSync(join(dir, 'pages'), { recursive: true, force: true }); // every render uncached
  const latencies: number[] = [];
  let rendering = true;
  const t0 = performance.now();
  const renders = Promise.all(
    docs.flatMap((d) =>
      Array.from({ length: d.pages }, (_, i) =>
        fetch(`${server.url}api/documents/${d.sha}/pages/${i + 1}?dpi=150`, { headers: { cookie } }).then(
          (r) => r.arrayBuffer(),
        ),
      ),
    ),
  ).then((xs) => {
    rendering = false;
    return xs.length;
  });
  while (rendering) {
    const t = performance.now();
    await (await fetch(`${server.url}api/queue`, { headers: { cookie } })).arrayBuffer();
    latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 25));
  }
  const n = await renders;
  console.log(
    `round ${round + 1}: ${n} uncached page renders in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
      `/api/queue meanwhile: ${latencies.length} requests, p50 ${pct(latencies, 50).toFixed(0)} ms, ` +
      `p95 ${pct(latencies, 95).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`,
  );
}
await server.close();
store.close();
rmSync(dir, { recursive: true, force: true });
