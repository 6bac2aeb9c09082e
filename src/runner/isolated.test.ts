import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/support/shared.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { sha256File } from '../util/hash.js';
import { createInProcessRunner } from './in-process.js';
import type { IsolatedOptions } from './isolated.js';
import type { ItemOutcome, RunProgress } from './runner.js';

const FIXTURE = fileURLToPath(new URL('../../test/runner/isolated-fixture.ts', import.meta.url));

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-isolated-'));
  store = openSqliteStore(join(dir, 'store.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function files(...names: string[]): string[] {
  return names.map((n) => {
    const p = join(dir, n);
    writeFileSync(p, n);
    return p;
  });
}

const calls = (path: string): string[] => {
  try {
    return readFileSync(`${path}.calls`, 'utf8').trim().split('\n');
  } catch {
    return [];
  }
};

function runner(isolation: IsolatedOptions = {}) {
  return createInProcessRunner({
    store,
    concurrency: 1,
    isolation: { module: FIXTURE, memoryMb: 96, ...isolation },
  });
}

describe('isolated extraction', () => {
  it('fails a document that exhausts memory with the reason and goes on with the next, reusing the child', async () => {
    const [oom, a, b] = files('oom.txt', 'a.txt', 'b.txt');
    const r = runner();
    const outcomes: ItemOutcome[] = [];
    const s = await r.run([oom!, a!, b!], { onItem: (o) => outcomes.push(o) });
    await r.close();
    expect(s.processed).toBe(2);
    expect(s.failed).toEqual([
      { path: oom, reason: `${oom}: extraction ran out of memory (over the 96 MB limit)` },
    ]);
    expect(store.getDocument(await sha256File(oom!))).toMatchObject({ status: 'failed', attempts: 1 });
    // A fresh child after the crash, then the same one for the next document.
    const pids = [a!, b!].map((p) => store.getResult(store.lookupPath(p)!.sha256)?.warnings[0]);
    expect(pids[0]).toBe(pids[1]);
    expect(pids[0]).not.toBe(`pid ${calls(oom!)[0]}`);
  }, 60_000);

  it('gives a document that keeps crashing up after three attempts and never extracts it again', async () => {
    const [crash, ok] = files('crash.txt', 'ok.txt');
    for (let run = 1; run <= 5; run++) {
      const r = runner();
      const s = await r.run([crash!, ok!]);
      await r.close();
      expect(s.failed).toHaveLength(1);
      if (run === 1) expect(s.processed).toBe(1);
    }
    expect(calls(crash!)).toHaveLength(3);
    expect(calls(ok!)).toHaveLength(1);
    const doc = store.getDocument(await sha256File(crash!));
    expect(doc?.status).toBe('failed');
    expect(doc?.error).toMatch(
      /^internal error: extraction of .*crash\.txt crashed \(signal SIGKILL\) \(gave up after 3 attempts\)$/,
    );
  }, 60_000);

  it('stops a document that makes no progress', async () => {
    const [hang, ok] = files('hang.txt', 'ok.txt');
    const r = runner({ stallMs: 1000 });
    const t0 = Date.now();
    const s = await r.run([hang!, ok!]);
    await r.close();
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(s.failed).toEqual([
      { path: hang, reason: `${hang}: extraction made no progress for 1 s, stopped` },
    ]);
    expect(s.processed).toBe(1);
  }, 30_000);

  it('forwards page progress from the child', async () => {
    const [pages] = files('pages.txt');
    const r = runner();
    const seen: RunProgress[] = [];
    await r.run([pages!], { onProgress: (e) => seen.push(e) });
    await r.close();
    expect(seen).toEqual([1, 2, 3].map((page) => ({ path: pages, page, pages: 3, stage: 'read' })));
  }, 30_000);

  it('runs the real pipeline in a child and reports each page of a PDF', async () => {
    const pdf = join(REPO_ROOT, 'samples', '001-performance-yingshang-2023.pdf');
    const r = createInProcessRunner({ store, concurrency: 1 });
    const seen: RunProgress[] = [];
    const s = await r.run([pdf], { onProgress: (e) => seen.push(e) });
    await r.close();
    expect(s.failed).toEqual([]);
    expect(s.processed).toBe(1);
    const pages = store.getResult(await sha256File(pdf))?.source.pages ?? 0;
    expect(pages).toBeGreaterThan(1);
    expect(seen.filter((e) => e.stage === 'read').map((e) => e.page)).toEqual(
      Array.from({ length: pages }, (_, i) => i + 1),
    );
    expect(seen.every((e) => e.path === pdf && e.pages === pages)).toBe(true);
  }, 60_000);

  it('lets a process with nothing else to do finish: close() waits for the idle children', () => {
    const [a] = files('a.txt');
    const script = [
      `const { createIsolatedExtract } = await import(${JSON.stringify(new URL('./isolated.ts', import.meta.url).href)});`,
      `const iso = createIsolatedExtract({ module: ${JSON.stringify(FIXTURE)} });`,
      `const r = await iso.extract(${JSON.stringify(a)}, {});`,
      'await iso.close();',
      "console.log('closed', r.warnings[0]);",
    ].join('\n');
    const out = execFileSync(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(out).toMatch(/^closed pid \d+\n$/);
  }, 40_000);
});
