import type { ExtractionResult, ResultStatus, Severity } from '../model/index.js';
import type { ExtractProgress } from '../pipeline/index.js';

/** The pipeline as the runner sees it: `extractFile` in production, a fake in unit tests. */
export type ExtractFn = (
  path: string,
  options: { signal?: AbortSignal; onProgress?: (e: ExtractProgress) => void },
) => Promise<ExtractionResult>;

/** What happened to one input file. */
export type ItemOutcome =
  | {
      readonly kind: 'processed';
      readonly path: string;
      readonly sha256: string;
      /** Pages for paged formats; null for text-like formats. */
      readonly pages: number | null;
      readonly status: ResultStatus;
      readonly anomalies: Readonly<Record<Severity, number>>;
      /** Re-extraction of a done document (`--reprocess`): corrections re-applied, and those whose cell is gone. */
      readonly reprocessed?: { readonly reapplied: number; readonly orphaned: readonly string[] };
    }
  | {
      readonly kind: 'skipped';
      readonly path: string;
      readonly sha256: string;
      /** done: processed by an earlier run (or under another name earlier in this run). */
      readonly reason: 'done';
    }
  | {
      readonly kind: 'failed';
      readonly path: string;
      readonly sha256: string | null;
      readonly reason: string;
    }
  /** Interrupted (Ctrl-C, SIGTERM) before it finished: left queued for the next run, nothing half-written. */
  | { readonly kind: 'handed-back'; readonly path: string; readonly sha256: string | null };

export interface RunOptions {
  /** Abort to stop: no new file is started; a file in flight is finished or handed back. */
  readonly signal?: AbortSignal;
  /** Called once per input file, as soon as its outcome is known. */
  readonly onItem?: (outcome: ItemOutcome) => void;
  /**
   * Called as a paged document's pages are read and recognised (from the extraction's child process in
   * isolated mode), for progress bars. `path` is the file as given (print it with `printablePath`).
   */
  readonly onProgress?: (e: RunProgress) => void;
  /**
   * Extract done documents again (after an upgrade) instead of skipping them. The stored result stays until
   * the new one is saved (a failure leaves it); reviewer corrections are re-applied at their stable anchors.
   */
  readonly reprocess?: boolean;
}

/** One page finished in a document of the run. */
export interface RunProgress {
  readonly path: string;
  readonly page: number;
  readonly pages: number;
  readonly stage: 'read' | 'ocr';
}

export interface RunSummary {
  readonly processed: number;
  readonly skipped: number;
  readonly handedBack: number;
  readonly failed: readonly { readonly path: string; readonly reason: string }[];
  /** Pages of processed paged documents. */
  readonly pages: number;
  /** Anomalies in the documents processed by this run, by severity. */
  readonly anomalies: Readonly<Record<Severity, number>>;
  readonly elapsedMs: number;
  /** Done documents extracted again (`reprocess`), and the corrections re-applied to them. */
  readonly reprocessed: number;
  readonly reapplied: number;
  /** Corrections whose cell no longer exists after re-extraction: kept in the trail, not applied. */
  readonly orphaned: readonly { readonly path: string; readonly correction: string }[];
}

/**
 * Processes files into the store. Two implementations share this shape: in-process (default, a pool of
 * concurrent extractions in this process) and BullMQ (src/queue/, when REDIS_URL is set).
 */
export interface Runner {
  readonly name: string;
  run(paths: readonly string[], options?: RunOptions): Promise<RunSummary>;
  close(): Promise<void>;
}

/** Fold outcomes into a summary (shared by both runners). */
export class SummaryBuilder {
  processed = 0;
  skipped = 0;
  handedBack = 0;
  pages = 0;
  readonly failed: { path: string; reason: string }[] = [];
  readonly anomalies: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  reprocessed = 0;
  reapplied = 0;
  readonly orphaned: { path: string; correction: string }[] = [];
  private readonly started = Date.now();

  add(o: ItemOutcome): void {
    switch (o.kind) {
      case 'processed':
        this.processed++;
        this.pages += o.pages ?? 0;
        for (const s of ['error', 'warning', 'info'] as const) this.anomalies[s] += o.anomalies[s];
        if (o.reprocessed) {
          this.reprocessed++;
          this.reapplied += o.reprocessed.reapplied;
          for (const c of o.reprocessed.orphaned) this.orphaned.push({ path: o.path, correction: c });
        }
        break;
      case 'skipped':
        this.skipped++;
        break;
      case 'failed':
        this.failed.push({ path: o.path, reason: o.reason });
        break;
      case 'handed-back':
        this.handedBack++;
        break;
    }
  }

  build(): RunSummary {
    return {
      processed: this.processed,
      skipped: this.skipped,
      handedBack: this.handedBack,
      failed: this.failed,
      pages: this.pages,
      anomalies: { ...this.anomalies },
      elapsedMs: Date.now() - this.started,
      reprocessed: this.reprocessed,
      reapplied: this.reapplied,
      orphaned: [...this.orphaned],
    };
  }
}

export function countBySeverity(result: ExtractionResult): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const a of result.anomalies) out[a.severity]++;
  return out;
}
