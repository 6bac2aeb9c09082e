import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { BadInputError, TransientError } from '../model/index.js';
import { extractFile } from '../pipeline/index.js';
import type { Correction, Store } from '../store/index.js';
import { sha256File } from '../util/hash.js';
import { createIsolatedExtract, type IsolatedOptions } from './isolated.js';
import { printableReason } from './printable.js';
import {
  SummaryBuilder,
  countBySeverity,
  type ExtractFn,
  type ItemOutcome,
  type RunOptions,
  type RunSummary,
  type Runner,
} from './runner.js';

export interface InProcessOptions {
  readonly store: Store;
  /**
   * The pipeline. Defaults to `extractFile` run in child processes (see `isolation`); an ExtractFn given
   * here runs in this process as it is (tests, or a caller that isolates on its own).
   */
  readonly extract?: ExtractFn;
  /**
   * How the default pipeline is isolated: child processes with a heap and a stall limit (the default), or
   * false to run `extractFile` in this process (an out-of-memory document then takes the runner down).
   */
  readonly isolation?: IsolatedOptions | false;
  /**
   * Attempts a document gets across runs before it is failed for good (default 3): a document that keeps
   * crashing whatever runs it (or keeps failing) is then reported failed without being extracted again.
   */
  readonly maxAttempts?: number;
  /**
   * Documents extracted at once. Defaults to the number of cores: extraction is CPU-bound in the
   * readers, and the OCR engine runs its own worker threads, so more would only queue on the CPU.
   */
  readonly concurrency?: number;
  /** Tries for a TransientError before the document is marked failed (default 3). */
  readonly attempts?: number;
  /** First retry delay in ms, doubled each time (default 200). */
  readonly backoffMs?: number;
}

const inThisProcess =
  (extractOptions: IsolatedOptions['extractOptions'] = {}): ExtractFn =>
  (path, options) =>
    extractFile(path, {
      ...extractOptions,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });

/** "#3 edit 支出决算表 / 合计 / total: 30 → 31 (alice)": a correction named by what it was anchored to. */
export function describeCorrection(c: Correction): string {
  const a = c.anchor?.cell ?? c.anchor?.anomaly;
  const where = a
    ? `${a.title || a.family} / ${a.code ? `${a.code} ` : ''}${a.label}${a.column ? ` / ${a.column}` : ''}${a.rule ? ` (${a.rule})` : ''}`
    : [c.table, c.row, c.column].filter((x) => x !== null).join('/');
  const change =
    c.kind === 'dismiss' ? `anomaly ${c.anomalyId ?? ''}` : `${String(c.oldValue)} → ${String(c.newValue)}`;
  return `#${c.id} ${c.kind} ${where}: ${change} (${c.reviewer})`;
}

/**
 * One printable line for a store record or a summary. With `path`, the path inside the message is escaped
 * as printablePath escapes it, so a file name holding a newline neither cuts the reason nor forges a line.
 */
export function reasonOf(e: unknown, path?: string): string {
  const msg = e instanceof Error ? e.message : String(e);
  const line = printableReason(msg, path);
  return e instanceof BadInputError || e instanceof TransientError ? line : `internal error: ${line}`;
}

/**
 * The default runner: a pool of `concurrency` documents in flight in this process. Each file is hashed,
 * registered (path recorded even when the document is known), skipped when already done, else claimed,
 * extracted and saved in one transaction. A crash leaves at most `concurrency` documents `processing`;
 * the next run claims them again, so nothing is lost and nothing is saved twice.
 */
export function createInProcessRunner(options: InProcessOptions): Runner {
  const { store } = options;
  const isolated =
    options.extract || options.isolation === false
      ? undefined
      : createIsolatedExtract(options.isolation ?? {});
  const extract =
    options.extract ??
    isolated?.extract ??
    inThisProcess(options.isolation === false ? {} : options.isolation?.extractOptions);
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const concurrency = Math.max(1, options.concurrency ?? availableParallelism());
  const attempts = Math.max(1, options.attempts ?? 3);
  const backoffMs = options.backoffMs ?? 200;

  async function one(
    path: string,
    inFlight: Map<string, Promise<unknown>>,
    runOptions: RunOptions,
    reprocessed: Set<string>,
  ): Promise<ItemOutcome> {
    const { signal } = runOptions;
    let sha256: string;
    try {
      const st = await stat(path);
      sha256 = await sha256File(path);
      store.registerDocument({ sha256, path, bytes: st.size, mtimeMs: st.mtimeMs });
    } catch (e) {
      return {
        kind: 'failed',
        path,
        sha256: null,
        reason: printableReason(
          `${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? reasonOf(e, path)})`,
          path,
        ),
      };
    }
    // The same bytes under two names in one run: the second waits for the first, then counts as done.
    const running = inFlight.get(sha256);
    if (running) await running.catch(() => undefined);
    if (signal?.aborted) return { kind: 'handed-back', path, sha256 };
    // Re-extraction of a done document: not claimed (it stays done with its result until the new one is saved).
    // The same bytes seen again under another name in this run count as done, as without reprocess.
    const reprocess =
      runOptions.reprocess === true &&
      !reprocessed.has(sha256) &&
      store.getDocument(sha256)?.status === 'done';
    if (reprocess) reprocessed.add(sha256);
    if (!reprocess && !store.claimDocument(sha256, { maxAttempts })) {
      const doc = store.getDocument(sha256);
      if (doc?.status === 'failed')
        return { kind: 'failed', path, sha256, reason: printableReason(doc.error ?? 'failed', path) };
      return { kind: 'skipped', path, sha256, reason: 'done' };
    }
    const onProgress = runOptions.onProgress;
    const extractOptions = {
      ...(signal ? { signal } : {}),
      ...(onProgress
        ? {
            onProgress: (e: { page: number; pages: number; stage: 'read' | 'ocr' }) =>
              onProgress({ path, ...e }),
          }
        : {}),
    };

    const work = (async (): Promise<ItemOutcome> => {
      for (let attempt = 1; ; attempt++) {
        try {
          const result = await extract(path, extractOptions);
          if (result.source.sha256 !== sha256) {
            if (!reprocess) store.markQueued(sha256);
            throw new TransientError(`${path}: file changed while being read`);
          }
          const saved = store.saveResult({ ...result, source: { ...result.source, path } });
          return {
            kind: 'processed',
            path,
            sha256,
            pages: result.source.pages,
            status: result.status,
            anomalies: countBySeverity(result),
            ...(reprocess
              ? {
                  reprocessed: {
                    reapplied: saved.reapplied,
                    orphaned: saved.orphaned.map(describeCorrection),
                  },
                }
              : {}),
          };
        } catch (e) {
          if (signal?.aborted) {
            if (!reprocess) store.markQueued(sha256);
            return { kind: 'handed-back', path, sha256 };
          }
          if (e instanceof TransientError && attempt < attempts) {
            await delay(backoffMs * 2 ** (attempt - 1));
            continue;
          }
          const reason = reasonOf(e, path);
          // A failed re-extraction keeps the result the document had.
          if (!reprocess) store.markFailed(sha256, reason);
          return { kind: 'failed', path, sha256, reason };
        }
      }
    })();
    inFlight.set(sha256, work);
    try {
      return await work;
    } finally {
      inFlight.delete(sha256);
    }
  }

  return {
    name: 'in-process',
    async run(paths: readonly string[], runOptions: RunOptions = {}): Promise<RunSummary> {
      const summary = new SummaryBuilder();
      const inFlight = new Map<string, Promise<unknown>>();
      const reprocessed = new Set<string>();
      let next = 0;
      const lane = async (): Promise<void> => {
        for (;;) {
          const i = next++;
          const path = paths[i];
          if (path === undefined) return;
          const outcome: ItemOutcome = runOptions.signal?.aborted
            ? { kind: 'handed-back', path, sha256: null }
            : await one(path, inFlight, runOptions, reprocessed);
          summary.add(outcome);
          runOptions.onItem?.(outcome);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, paths.length)) }, lane));
      return summary.build();
    },
    close: () => isolated?.close() ?? Promise.resolve(),
  };
}
