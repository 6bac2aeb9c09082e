import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadInputError } from '../model/index.js';
import { extractFile } from '../pipeline/index.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { RenderPool } from './render-pool.js';
import { startReviewServer, type RunningReviewServer } from './serve.js';

const PDF = join(import.meta.dirname, '..', '..', 'samples', '004-final-accounts-2023.pdf');

describe('page renders off the event loop', () => {
  let dir: string;
  let store: Store;
  let server: RunningReviewServer;
  let sha: string;
  let pages: number;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tally-render-'));
    store = openSqliteStore(join(dir, 'tally.db'));
    const r = await extractFile(PDF);
    store.registerDocument({ sha256: r.source.sha256, path: PDF, bytes: r.source.bytes });
    store.saveResult(r);
    sha = r.source.sha256;
    pages = r.source.pages ?? 0;
    server = await startReviewServer({ store, reviewer: '测试' });
  });
  afterAll(async () => {
    await server.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the API keeps answering while every page is rendered for the first time', async () => {
    const cookie =
      /tally_review=[^;]+/.exec((await fetch(server.url)).headers.get('set-cookie') ?? '')?.[0] ?? '';
    expect(pages).toBeGreaterThan(10);
    let done = false;
    const renders = Promise.all(
      Array.from({ length: pages }, (_, i) =>
        fetch(`${server.url}api/documents/${sha}/pages/${i + 1}?dpi=150`, { headers: { cookie } }).then(
          async (r) => {
            expect(r.status).toBe(200);
            expect(r.headers.get('content-type')).toBe('image/png');
            return (await r.arrayBuffer()).byteLength;
          },
        ),
      ),
    ).finally(() => (done = true));
    const latencies: number[] = [];
    while (!done) {
      const t = performance.now();
      expect((await fetch(`${server.url}api/queue`, { headers: { cookie } })).status).toBe(200);
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
    const sizes = await renders;
    expect(sizes.every((n) => n > 1000)).toBe(true);
    latencies.sort((a, b) => a - b);
    const p50 = latencies[Math.floor(latencies.length / 2)] ?? Infinity;
    console.log(
      `[render] ${pages} uncached pages; /api/queue meanwhile: ${latencies.length} requests, p50 ${p50.toFixed(0)} ms, max ${latencies.at(-1)?.toFixed(0)} ms`,
    );
    // Rendered on the main thread, the queue waited for whole page renders (p50 0.4–1.3 s, p95 3.7–7.6 s).
    expect(latencies.length).toBeGreaterThan(pages);
    expect(p50).toBeLessThan(250);
  }, 180_000);

  it('a page outside the PDF is bad input; a render over the time limit is abandoned and the pool carries on', async () => {
    const bytes = new Uint8Array(readFileSync(PDF));
    const pool = new RenderPool({ size: 1 });
    await expect(pool.render(bytes, 999, 72)).rejects.toBeInstanceOf(BadInputError);
    const png = await pool.render(bytes, 1, 72);
    expect(Buffer.from(png.subarray(1, 4)).toString()).toBe('PNG');
    await pool.close();
    const slow = new RenderPool({ size: 1, timeoutMs: 1 });
    await expect(slow.render(bytes, 1, 150)).rejects.toThrow(/took over 1 ms/);
    await slow.close();
  }, 60_000);
});
