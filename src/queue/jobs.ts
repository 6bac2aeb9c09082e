import type { Page, ResultStatus, Severity } from '../model/index.js';

/** Data of an extract job (id = sha256). The file lives on a volume every worker mounts at the same path. */
export interface ExtractJobData {
  readonly path: string;
  readonly sha256: string;
  readonly ocr?: 'auto' | 'off' | 'force';
  /** Step of the job (see extract-processor.ts): set once OCR children were added. */
  readonly step?: 'read' | 'await-ocr';
  /** Pages handed to OCR children, by number. */
  readonly ocrPages?: readonly number[];
}

/** Data of an OCR job (id = `${sha256}-p${page}`): one page as the reader produced it. */
export interface OcrJobData {
  readonly path: string;
  readonly sha256: string;
  readonly format: 'pdf' | 'image';
  readonly page: Page;
}

/** Data of a persist job (id = sha256): the flow's root, its one child is the extract job. */
export interface PersistJobData {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** Data of a `seen` job on the persist queue: a path the document was found at. */
export interface SeenJobData {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly mtimeMs?: number;
}

/** What a persist job returns: the document's outcome, read by `tally ingest` in queue mode. */
export type PersistOutcome =
  | {
      readonly kind: 'processed';
      readonly pages: number | null;
      readonly status: ResultStatus;
      readonly anomalies: Readonly<Record<Severity, number>>;
    }
  | { readonly kind: 'skipped' }
  | {
      readonly kind: 'failed';
      readonly reason: string;
      /** The failure was the file's state, not its bytes (it changed after it was queued): enqueue again. */
      readonly retry?: boolean;
    };

/** How the extract job says the file changed after it was queued (the persist worker marks it retry). */
export const CHANGED_AFTER_QUEUED = 'the file changed after it was queued';
