import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureIo } from '../../test/setup/cli-io.js';
import { sampleResult } from '../../test/store/fixtures.js';
import { watchCommand } from '../cli/watch.js';
import { BadInputError } from '../model/index.js';
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
const watcher = (done: 'move' | 'mark' = 'mark'): Watcher =>
  new Watcher({ dir: drop, runner: createInProcessRunner({ store, extract }), store, done });

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

  it('tally watch runs the real pipeline on arriving files until interrupted', async () => {
    const controller = new AbortController();
    const io = captureIo(dir, { TALLY_STORE: join(dir, 'cli.db') }, controller.signal);
    const running = watchCommand.run(['drop', '--done', 'move', '--interval', '50'], io);
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
