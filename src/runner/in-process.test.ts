import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleResult } from '../../test/store/fixtures.js';
import { hasShared, sharedPath } from '../../test/support/shared.js';
import { BadInputError, TransientError, type ExtractionResult } from '../model/index.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { sha256File } from '../util/hash.js';
import { expandInputs, isCandidate } from './files.js';
import { createInProcessRunner } from './in-process.js';
import type { ExtractFn } from './runner.js';

const SEED = sharedPath('seeds', '004_4ab3c6d7eb047470.txt');
let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-runner-'));
  store = openSqliteStore(join(dir, 'store.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A stand-in pipeline that returns a well-formed result for the file's real hash. */
const fakeExtract =
  (calls: string[]): ExtractFn =>
  async (path) => {
    calls.push(path);
    const r = sampleResult({ path });
    return { ...r, source: { ...r.source, sha256: await sha256File(path) } } satisfies ExtractionResult;
  };

describe('in-process runner', () => {
  it('processes each document once, records every path, and skips done documents on the next run', async () => {
    const a = join(dir, 'in', 'a.txt');
    mkdirSync(join(dir, 'in', 'sub'), { recursive: true });
    writeFileSync(a, 'alpha');
    copyFileSync(a, join(dir, 'in', 'copy of a.txt'));
    copyFileSync(a, join(dir, 'in', 'sub', 'a-renamed.txt'));
    writeFileSync(join(dir, 'in', 'b.txt'), 'beta');
    const calls: string[] = [];
    const runner = createInProcessRunner({ store, extract: fakeExtract(calls), concurrency: 3 });
    const files = await expandInputs([join(dir, 'in')], dir);
    expect(files).toHaveLength(4);
    const first = await runner.run(files);
    expect(first).toMatchObject({ processed: 2, skipped: 2, failed: [] });
    expect(calls).toHaveLength(2);
    const sha = await sha256File(a);
    expect(
      store
        .getPaths(sha)
        .map((p) => p.path)
        .sort(),
    ).toEqual([a, join(dir, 'in', 'copy of a.txt'), join(dir, 'in', 'sub', 'a-renamed.txt')].sort());
    const second = await runner.run(files);
    expect(second).toMatchObject({ processed: 0, skipped: 4 });
    expect(calls).toHaveLength(2);
  });

  it('fails bad input at once with its reason, retries transient faults, and keeps going', async () => {
    for (const n of ['bad', 'flaky', 'good']) writeFileSync(join(dir, `${n}.txt`), n);
    const tries = new Map<string, number>();
    const extract: ExtractFn = async (path) => {
      tries.set(path, (tries.get(path) ?? 0) + 1);
      if (path.endsWith('bad.txt')) throw new BadInputError(`${path}: file is empty`);
      if (path.endsWith('flaky.txt') && (tries.get(path) ?? 0) < 3) throw new TransientError('disk busy');
      return fakeExtract([])(path, {});
    };
    const runner = createInProcessRunner({ store, extract, backoffMs: 1 });
    const s = await runner.run([join(dir, 'bad.txt'), join(dir, 'flaky.txt'), join(dir, 'good.txt')]);
    expect(s.processed).toBe(2);
    expect(s.failed).toEqual([
      { path: join(dir, 'bad.txt'), reason: `${join(dir, 'bad.txt')}: file is empty` },
    ]);
    expect(tries.get(join(dir, 'bad.txt'))).toBe(1);
    expect(tries.get(join(dir, 'flaky.txt'))).toBe(3);
    expect(store.getDocument(await sha256File(join(dir, 'bad.txt')))).toMatchObject({
      status: 'failed',
      error: `${join(dir, 'bad.txt')}: file is empty`,
    });
  });

  it('hands back what it has not finished when aborted, and a later run completes it', async () => {
    const files = ['1', '2', '3', '4'].map((n) => {
      const p = join(dir, `${n}.txt`);
      writeFileSync(p, n);
      return p;
    });
    const controller = new AbortController();
    const calls: string[] = [];
    const inner = fakeExtract(calls);
    const runner = createInProcessRunner({
      store,
      concurrency: 1,
      extract: async (path, o) => {
        const r = await inner(path, o);
        controller.abort(); // Ctrl-C while the first document is in flight: it still completes.
        return r;
      },
    });
    const s = await runner.run(files, { signal: controller.signal });
    expect(s.processed).toBe(1);
    expect(s.handedBack).toBe(3);
    expect(store.countByStatus().processing).toBe(0);
    const again = await createInProcessRunner({ store, extract: fakeExtract(calls) }).run(files);
    expect(again).toMatchObject({ processed: 3, skipped: 1 });
    expect(new Set(calls).size).toBe(calls.length);
  });

  it('reclaims a document left processing by a crashed run', async () => {
    const p = join(dir, 'x.txt');
    writeFileSync(p, 'x');
    const sha = await sha256File(p);
    store.registerDocument({ sha256: sha, path: p, bytes: 1 });
    store.claimDocument(sha); // the run that died
    const s = await createInProcessRunner({ store, extract: fakeExtract([]) }).run([p]);
    expect(s.processed).toBe(1);
    expect(store.getDocument(sha)?.status).toBe('done');
  });

  it.skipIf(!hasShared(['seeds', '004_4ab3c6d7eb047470.txt']))(
    'runs the real pipeline on a plain-text 决算 export',
    async () => {
      const s = await createInProcessRunner({ store }).run([SEED]);
      expect(s.failed).toEqual([]);
      expect(s.processed).toBe(1);
      const sha = await sha256File(SEED);
      const r = store.getResult(sha);
      expect(r?.meta.year).toBe(2023);
      expect(r?.tables.length).toBeGreaterThan(5);
      expect([...store.iterateCells({ sha256: sha })].length).toBeGreaterThan(100);
    },
  );

  it('walks folders for known extensions, skipping temp names and dot folders', async () => {
    mkdirSync(join(dir, 'w', '.tally-done'), { recursive: true });
    for (const n of [
      'a.pdf',
      'b.PDF',
      'c.part',
      '.~lock.a.docx#',
      'd.tmp',
      '.hidden.txt',
      'notes.md',
      '.tally-done/e.pdf',
    ]) {
      writeFileSync(join(dir, 'w', n), 'x');
    }
    const files = await expandInputs([join(dir, 'w')], dir);
    expect(files.map((f) => f.slice(join(dir, 'w').length + 1))).toEqual(['a.pdf', 'b.PDF']);
    expect(await expandInputs(['w/*.pdf'], dir)).toEqual([join(dir, 'w', 'a.pdf')]);
    expect(await expandInputs(['w/**/*.pdf'], dir)).toEqual([join(dir, 'w', 'a.pdf')]);
    await expect(expandInputs(['nope/*.pdf'], dir)).rejects.toThrow(BadInputError);
    expect(isCandidate('x.part')).toBe(false);
  });
});
