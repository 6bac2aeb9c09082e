import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Store } from '../store/index.js';
import { DONE_DIR, isCandidate, isIgnoredName } from './files.js';
import type { ItemOutcome, Runner } from './runner.js';

export interface WatcherOptions {
  readonly dir: string;
  readonly runner: Runner;
  /**
   * The store, when this process may read it (in-process mode): lets a restarted watcher recognise files
   * it already handled (same path, size and mtime) without hashing them again.
   */
  readonly store?: Store;
  /** move: finished files go to <dir>/.tally-done/ (same relative path); mark: left in place, recorded. */
  readonly done: 'move' | 'mark';
  readonly onItem?: (outcome: ItemOutcome) => void;
}

async function* candidates(dir: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return; // the folder (or a subfolder) vanished between polls
  }
  for (const e of entries) {
    if (isIgnoredName(e.name)) continue; // also skips .tally-done and .tally: never our own output
    const full = join(dir, e.name);
    if (e.isDirectory()) yield* candidates(full);
    else if (e.isFile() && isCandidate(e.name)) yield full;
  }
}

/**
 * Polls a drop folder. A file is taken only once its size and mtime are the same on two polls in a row,
 * so a file still being copied in is never read half-written. Each file version (path, size, mtime) is
 * handled once per process; across restarts the store's path records (or, in queue mode, the job ids)
 * make a re-seen file a skip. Failed files stay where they are and are not retried until they change.
 */
export class Watcher {
  private previous = new Map<string, string>();
  private readonly handled = new Map<string, string>();

  constructor(private readonly options: WatcherOptions) {}

  /** One poll: returns the outcomes of the files processed in it. */
  async poll(signal?: AbortSignal): Promise<ItemOutcome[]> {
    const { dir, store } = this.options;
    const seen = new Map<string, string>();
    const ready: string[] = [];
    const known: ItemOutcome[] = [];
    for await (const path of candidates(dir)) {
      let sig: string;
      let size: number;
      let mtimeMs: number;
      try {
        const st = await stat(path);
        size = st.size;
        mtimeMs = st.mtimeMs;
        sig = `${size}:${mtimeMs}`;
      } catch {
        continue;
      }
      seen.set(path, sig);
      if (this.previous.get(path) !== sig || this.handled.get(path) === sig) continue;
      const rec = store?.lookupPath(path);
      if (store && rec && rec.bytes === size && rec.mtimeMs === mtimeMs) {
        const doc = store.getDocument(rec.sha256);
        if (doc?.status === 'done' || doc?.status === 'failed') {
          this.handled.set(path, sig);
          if (doc.status === 'done') {
            const o: ItemOutcome = { kind: 'skipped', path, sha256: rec.sha256, reason: 'done' };
            known.push(o);
            await this.finish(o);
          }
          continue;
        }
      }
      ready.push(path);
    }
    this.previous = seen;
    const outcomes: ItemOutcome[] = [...known];
    if (ready.length > 0) {
      await this.options.runner.run(ready, {
        ...(signal ? { signal } : {}),
        onItem: (o) => {
          outcomes.push(o);
          if (o.kind !== 'handed-back') {
            const sig = seen.get(o.path);
            if (sig !== undefined) this.handled.set(o.path, sig);
          }
        },
      });
      for (const o of outcomes.slice(known.length)) await this.finish(o);
    }
    return outcomes;
  }

  private async finish(o: ItemOutcome): Promise<void> {
    this.options.onItem?.(o);
    if (this.options.done !== 'move' || (o.kind !== 'processed' && o.kind !== 'skipped')) return;
    let target = join(this.options.dir, DONE_DIR, relative(this.options.dir, o.path));
    await mkdir(dirname(target), { recursive: true });
    try {
      await stat(target);
      target = target.replace(/(\.[^./]+)?$/, (ext) => `-${o.sha256.slice(0, 8)}-${Date.now()}${ext}`);
    } catch {
      // free name
    }
    await rename(o.path, target);
    this.handled.delete(o.path);
  }

  /** Poll every `intervalMs` until the signal aborts; the poll in progress finishes first. */
  async run(signal: AbortSignal, intervalMs: number): Promise<void> {
    while (!signal.aborted) {
      await this.poll(signal);
      try {
        await delay(intervalMs, undefined, { signal });
      } catch {
        return;
      }
    }
  }
}
