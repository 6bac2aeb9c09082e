import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureIo } from '../../test/setup/cli-io.js';
import { sampleResult } from '../../test/store/fixtures.js';
import { watchCommand } from '../cli/watch.js';
import { BadInputError } from '../model/index.js';
import { PageImages } from '../review/page-images.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { sha256File } from '../util/hash.js';
import { createInProcessRunner } from './in-process.js';
import type { ExtractFn } from './runner.js';
import { Watcher } from './watcher.js';

/** A small text export from the repository's samples/ (seed 001's 绩效目标表). */
const SAMPLE = join(import.meta.dirname, '..', '..', 'samples', '001-performance-yingshang-2023.txt');

let dir: string;
let drop: string;
let store: Store;
let calls: string[];

const extract: ExtractFn = async (path) => {
  calls.push(path);
  if (path.includes('corrupt')) throw new BadInputError(`${path}: unknown format`);
  const r = sampleResult({ path });
  return { ...r, source: { ...r.source, sha256: await sha256File(path) } };
};
/** Settle 0: these tests drive polls by hand; the settle period has its own tests below. */
const watcher = (done: 'move' | 'mark' = 'mark'): Watcher =>
  new Watcher({ dir: drop, runner: createInProcessRunner({ store, extract }), store, done, settleMs: 0 });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-watch-'));
  drop = join(dir, 'drop');
  mkdirSync(drop);
  store = openSqliteStore(join(dir, 'store.db'));
  calls = [];
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('watcher', () => {
  it('reads a file only once it is stable across two polls and ignores temporary names', async () => {
    const w = watcher();
    writeFileSync(join(drop, 'a.txt'), 'alpha');
    writeFileSync(join(drop, 'c.txt'), 'half');
    for (const n of ['b.txt.part', 'x.tmp', '.~lock.a.docx#', '.hidden.txt'])
      writeFileSync(join(drop, n), 'tmp');
    expect(await w.poll()).toEqual([]); // first sighting: nothing is stable yet
    appendFileSync(join(drop, 'c.txt'), ' and the rest'); // still being written
    const second = await w.poll();
    expect(second.map((o) => [o.kind, o.path])).toEqual([['processed', join(drop, 'a.txt')]]);
    const third = await w.poll();
    expect(third.map((o) => [o.kind, o.path])).toEqual([['processed', join(drop, 'c.txt')]]);
    expect(await w.poll()).toEqual([]);
    expect(calls.sort()).toEqual([join(drop, 'a.txt'), join(drop, 'c.txt')]);
  });

  it('reads a file dropped as a symbolic link, and passes over a dangling one without a word', async () => {
    const w = watcher();
    const outside = join(dir, 'outside.txt');
    writeFileSync(outside, 'linked in');
    symlinkSync(outside, join(drop, 'link.txt'));
    symlinkSync(join(dir, 'gone.txt'), join(drop, 'dangling.txt'));
    expect(await w.poll()).toEqual([]);
    const second = await w.poll();
    expect(second.map((o) => [o.kind, o.path])).toEqual([['processed', join(drop, 'link.txt')]]);
    expect(calls).toEqual([join(drop, 'link.txt')]);
  });

  it('after a restart, picks up what arrived while it was down and does nothing twice', async () => {
    const w1 = watcher();
    writeFileSync(join(drop, 'a.txt'), 'alpha');
    await w1.poll();
    await w1.poll();
    // Down; two files arrive, one of them the same bytes under a new name.
    writeFileSync(join(drop, 'd.txt'), 'delta');
    copyFileSync(join(drop, 'a.txt'), join(drop, 'a again.txt'));
    const w2 = watcher();
    await w2.poll();
    const out = await w2.poll();
    expect(out.filter((o) => o.kind === 'processed').map((o) => o.path)).toEqual([join(drop, 'd.txt')]);
    expect(
      out
        .filter((o) => o.kind === 'skipped')
        .map((o) => o.path)
        .sort(),
    ).toEqual([join(drop, 'a again.txt'), join(drop, 'a.txt')]);
    expect(calls).toEqual([join(drop, 'a.txt'), join(drop, 'd.txt')]);
    expect(store.getPaths(await sha256File(join(drop, 'a.txt')))).toHaveLength(2);
    for (const d of store.listDocuments()) expect(d.attempts).toBe(1);
  });

  it('--done move moves finished files under .tally-done and never loops on them; failures stay put', async () => {
    const w = watcher('move');
    mkdirSync(join(drop, 'sub'));
    writeFileSync(join(drop, 'sub', 'a.txt'), 'alpha');
    writeFileSync(join(drop, 'corrupt.txt'), 'junk');
    await w.poll();
    const out = await w.poll();
    expect(out.map((o) => o.kind).sort()).toEqual(['failed', 'processed']);
    expect(existsSync(join(drop, '.tally-done', 'sub', 'a.txt'))).toBe(true);
    expect(existsSync(join(drop, 'sub', 'a.txt'))).toBe(false);
    expect(existsSync(join(drop, 'corrupt.txt'))).toBe(true);
    expect(await w.poll()).toEqual([]);
    expect(await watcher('move').poll()).toEqual([]);
    expect(await w.poll()).toEqual([]);
    expect(calls).toHaveLength(2);
  });

  it('--done move records the new path in the store, so the source (page images, source lines) is still found', async () => {
    const w = watcher('move');
    writeFileSync(join(drop, 'a.txt'), 'alpha');
    const sha = await sha256File(join(drop, 'a.txt'));
    await w.poll();
    await w.poll();
    const moved = join(drop, '.tally-done', 'a.txt');
    expect(existsSync(moved)).toBe(true);
    expect(store.getPaths(sha).map((p) => p.path)).toContain(moved);
    expect(store.lookupPath(moved)?.sha256).toBe(sha);
    // What the review page reads the source through.
    const bytes = await new PageImages(store).sourceBytes(sha);
    expect(new TextDecoder().decode(bytes)).toBe('alpha');
  });

  it('takes a file only once its size and mtime have stayed unchanged for the settle period', async () => {
    let t = 0;
    const w = new Watcher({
      dir: drop,
      runner: createInProcessRunner({ store, extract }),
      store,
      done: 'mark',
      settleMs: 5000,
      now: () => t,
    });
    writeFileSync(join(drop, 'a.txt'), 'alpha');
    expect(await w.poll()).toEqual([]);
    t = 2000;
    expect(await w.poll()).toEqual([]); // unchanged across two polls, but only for 2 s
    appendFileSync(join(drop, 'a.txt'), ' beta'); // the writer resumes: the clock starts again
    t = 6000;
    expect(await w.poll()).toEqual([]);
    t = 10_000;
    expect(await w.poll()).toEqual([]); // 4 s unchanged
    t = 11_000;
    expect((await w.poll()).map((o) => o.kind)).toEqual(['processed']);
    expect(calls).toEqual([join(drop, 'a.txt')]);
  });

  it('tally watch never stores a file half-written by a writer that pauses 3 s or 5 s mid-file', async () => {
    const full = readFileSync(SAMPLE);
    const half = Math.floor(full.length / 2);
    const slowWrite = async (name: string, pauseMs: number): Promise<void> => {
      const fh = await open(join(drop, name), 'w');
      await fh.write(full.subarray(0, half));
      await fh.sync();
      await new Promise((r) => setTimeout(r, pauseMs));
      await fh.write(full.subarray(half));
      await fh.close();
    };
    const controller = new AbortController();
    const storePath = join(dir, 'slow.db');
    const io = captureIo(dir, { TALLY_STORE: storePath }, controller.signal);
    // The default settle period, polling often (as a busy drop folder would be).
    const running = watchCommand.run(['drop', '--interval', '250'], io);
    await Promise.all([slowWrite('three.txt', 3000), slowWrite('five.txt', 5000)]);
    const s = openSqliteStore(storePath);
    try {
      const deadline = Date.now() + 40_000;
      const outcomes = () =>
        io
          .err()
          .split('\n')
          .filter((l) => / (done|already done|failed) /.test(l)).length;
      while (outcomes() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      controller.abort();
      expect(await running).toBe(0);
      const docs = s.listDocuments();
      expect(docs.map((d) => d.sha256)).toEqual([await sha256File(SAMPLE)]); // one document: the whole file
      expect(docs[0]?.status).toBe('done');
      expect(
        s
          .getPaths(docs[0]!.sha256)
          .map((p) => p.path)
          .sort(),
      ).toEqual([join(drop, 'five.txt'), join(drop, 'three.txt')]);
    } finally {
      s.close();
    }
  }, 60_000);

  it('tally watch runs the real pipeline on arriving files until interrupted', async () => {
    const controller = new AbortController();
    const io = captureIo(dir, { TALLY_STORE: join(dir, 'cli.db') }, controller.signal);
    const running = watchCommand.run(['drop', '--done', 'move', '--interval', '50', '--settle', '300'], io);
    copyFileSync(SAMPLE, join(drop, 'x.txt.part'));
    // Renamed into place once copied: the usual way to drop a file atomically.
    renameSync(join(drop, 'x.txt.part'), join(drop, 'x.txt'));
    const deadline = Date.now() + 30_000;
    while (!existsSync(join(drop, '.tally-done', 'x.txt')) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 25));
    controller.abort();
    expect(await running).toBe(0);
    expect(existsSync(join(drop, '.tally-done', 'x.txt'))).toBe(true);
    expect(io.err()).toMatch(/done .*x\.txt/);
    const s = openSqliteStore(join(dir, 'cli.db'));
    expect(s.countByStatus().done).toBe(1);
    s.close();
  });
});
