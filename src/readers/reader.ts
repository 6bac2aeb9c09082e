import type { ExtractedDocument, SourceFormat } from '../model/index.js';

/** What every reader is given. The bytes are the whole file; readers never open files themselves. */
export interface ReaderInput {
  /** Path as given, for messages only. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

export interface ReadOptions {
  /** Abort long reads (SIGINT, job cancellation). */
  readonly signal?: AbortSignal;
  /** Pages to read (1-based) for paged formats; all when absent. */
  readonly pages?: readonly number[];
  /** Called after each page is read (paged formats): pages done so far, pages to read. */
  readonly onPage?: (done: number, total: number) => void;
}

/**
 * One reader per format. A reader turns bytes into the document model and nothing else: no table
 * families, no numbers, no validation. Bad input is thrown as BadInputError with a one-line reason.
 */
export interface Reader {
  readonly format: SourceFormat;
  read(input: ReaderInput, options?: ReadOptions): Promise<ExtractedDocument>;
}
