import type { AnomalyReplacement, Store } from '../store/index.js';
import { validateDocument } from '../validate/index.js';
import type { DocumentViews } from './documents.js';

/**
 * Re-run the document's validation on its corrected tables and store the outcome: anomalies a correction
 * resolved close themselves, anomalies it caused appear (validation is pure; only the store keeps state).
 */
export function revalidate(store: Store, views: DocumentViews, sha256: string): AnomalyReplacement {
  const doc = views.corrected(sha256);
  if (!doc) return { opened: [], closed: [] };
  return store.replaceAnomalies(sha256, validateDocument({ tables: doc.result.tables, texts: doc.result.texts, meta: doc.result.meta }));
}

/** The outcome of the latest re-validation of a document, and which correction it covered. */
export interface Revalidation extends AnomalyReplacement {
  readonly sha256: string;
  /** Highest correction id the run saw (0 when none), so the page knows its action is included. */
  readonly upTo: number;
  readonly ms: number;
}

/**
 * Runs re-validations one at a time per document, after the response of the write that asked for it.
 * Validating a large document takes hundreds of milliseconds of CPU; the page shows the next anomaly at once
 * and then waits on `settled` for the outcome instead of holding the reviewer's click for it. Requests that
 * arrive while a run is going are folded into one more run.
 */
export class Revalidator {
  private readonly running = new Map<string, Promise<Revalidation>>();
  private readonly again = new Set<string>();
  /** Recent runs per document, oldest first (bounded: the page only asks about its latest writes). */
  private readonly history = new Map<string, Revalidation[]>();

  constructor(
    private readonly store: Store,
    private readonly views: DocumentViews,
  ) {}

  /**
   * Ask for a re-validation of `sha256`; resolves when a run that started after this call has finished. The run
   * is registered at once (so `settled` waits for it) but starts only when `gate` resolves: the server opens
   * the gate once the write's response has gone out.
   */
  schedule(sha256: string, gate: Promise<void> = Promise.resolve()): Promise<Revalidation> {
    const current = this.running.get(sha256);
    if (current) {
      this.again.add(sha256);
      return current.then(() => this.running.get(sha256) ?? this.schedule(sha256));
    }
    const run = gate
      // setImmediate: let pending I/O (the response itself) go out before the CPU-bound validation starts.
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then((): Revalidation => {
        const upTo = this.store.listCorrections({ sha256, includeUndone: true }).reduce((m, c) => Math.max(m, c.id), 0);
        const t0 = performance.now();
        const r = revalidate(this.store, this.views, sha256);
        const out: Revalidation = { sha256, upTo, opened: r.opened, closed: r.closed, ms: performance.now() - t0 };
        const runs = this.history.get(sha256) ?? [];
        runs.push(out);
        if (runs.length > 20) runs.shift();
        this.history.set(sha256, runs);
        return out;
      })
      .finally(() => {
        this.running.delete(sha256);
        if (this.again.delete(sha256)) void this.schedule(sha256).catch(() => undefined);
      });
    this.running.set(sha256, run);
    return run;
  }

  /**
   * Wait for the document's pending runs, then report what changed since correction `after` was written: the
   * runs that saw it, merged in order (a run started before a write can finish after it, so one run's delta
   * alone may miss what the caller's correction did).
   */
  async settled(sha256: string, after = 0): Promise<Revalidation | undefined> {
    for (let p = this.running.get(sha256); p; p = this.running.get(sha256)) await p;
    const runs = (this.history.get(sha256) ?? []).filter((r) => r.upTo >= after);
    const last = runs[runs.length - 1];
    if (!last) return undefined;
    const opened = new Set<string>();
    const closed = new Set<string>();
    for (const r of runs) {
      // An anomaly closed by one run and opened by a later one (or the reverse) has not changed overall.
      for (const id of r.opened) if (!closed.delete(id)) opened.add(id);
      for (const id of r.closed) if (!opened.delete(id)) closed.add(id);
    }
    return { sha256, upTo: last.upTo, opened: [...opened], closed: [...closed], ms: runs.reduce((m, r) => m + r.ms, 0) };
  }
}
