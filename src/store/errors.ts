import { BadInputError } from '../model/index.js';

/**
 * A correction refused because the stored value is no longer the one the reviewer saw (someone else
 * corrected the cell first). It is bad input for this request, never retried; the review page shows
 * `current` to the second reviewer.
 */
export class CorrectionConflictError extends BadInputError {
  constructor(
    message: string,
    /** What the store holds now: a cell value, or an anomaly state. */
    readonly current: number | null | string,
    /** What the writer said it saw. */
    readonly seen: number | null | string,
  ) {
    super(message);
    this.name = 'CorrectionConflictError';
  }
}

/** A correction or document that does not exist. */
export class NotFoundError extends BadInputError {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}
