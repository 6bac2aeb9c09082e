import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Store } from '../store/index.js';
import { DONE_DIR, entryKind, isCandidate, isIgnoredName } from './files.js';
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
  /**
   * How long a file's size and mtime must stay unchanged before it is read (ms, default 10 000). A writer
   * that pauses for less than this (a slow network copy, a scanner between pages) is never read half-written.
   */
  readonly settleMs?: number;
  /**
   * Records the path a `--done move` put a file at, when there is no store in this process (queue mode: a
   * `seen` job for the persist worker), so the document's page images are still found after the move.
   */
  readonly recordPath?: (record: {
    sha256: string;
    path: string;
    bytes: number;
    mtimeMs: number;
  }) => Promise<void>;
  /** Clock (tests). */
  readonly now?: () => number;
}

/** Default settle period: longer than the pauses of ordinary slow writers (network copies, scanners). */
export const DEFAULT_SETTLE_MS = 10_000;

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
    // A link to a file is that file (as ingest reads it); links to folders are not followed, so no loop.
    else if (
      isCandidate(e.name) &&
      (e.isFile() || (e.isSymbolicLink() && (await entryKind(e, full)) === 'file'))
    )
      yield full;
  }
}

/**
 * Polls a drop folder. A file is taken only once its size and mtime have stayed the same on two polls in a
 * row AND for at least the settle period (chokidar's awaitWriteFinish, by polling), so a file still being
 * copied in is never read half-written, even by a writer that pauses between polls. Each file version (path, size, mtime) is
 * handled once per process; across restarts the store's path records (or, in queue mode, the job ids)
 * make a re-seen file a skip. Failed files stay where they are and are not retried until they change.
 */
export class Watcher {
  /** Each file's signature (size:mtime) at the last poll, and since when it has had it. */
  private previous = new Map<string, { sig: string; since: number }>();
  private readonly handled = new Map<string, string>();
  private readonly settleMs: number;
  private readonly now: () => number;

  constructor(private readonly options: WatcherOptions) {
    this.settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
    this.now = options.now ?? Date.now;
  }

  /** One poll: returns the outcomes of the files processed in it. */
  async poll(signal?: AbortSignal): Promise<ItemOutcome[]> {
    const { dir, store } = this.options;
    const seen = new Map<string, { sig: string; since: number }>();
    const t = this.now();
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
      const before = this.previous.get(path);
      const since = before?.sig === sig ? before.since : t;
      seen.set(path, { sig, since });
      // New or changed since the last poll, or not yet unchanged for the settle period: still being written.
      if (before?.sig !== sig || t - since < this.settleMs || this.handled.get(path) === sig) continue;
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
            const sig = seen.get(o.path)?.sig;
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
    // The store learns the new path, so the document's source (page images, source lines) is still found.
    const st = await stat(target);
    const record = { sha256: o.sha256, path: target, bytes: st.size, mtimeMs: st.mtimeMs };
    if (this.options.store) this.options.store.registerDocument(record);
    else await this.options.recordPath?.(record);
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
