/**
 * Real failures (not anomalies) are thrown as one of three kinds. The CLI's single catch turns them into
 * one line and an exit code; the queue fails BadInputError at once (UnrecoverableError) and retries
 * TransientError with backoff.
 */
export type TallyErrorKind = 'bad-input' | 'transient' | 'internal';

export abstract class TallyError extends Error {
  abstract readonly kind: TallyErrorKind;
  /** Process exit code the CLI uses for this kind. */
  abstract readonly exitCode: number;
}

/** The input cannot be processed as given (corrupt, encrypted, empty, unknown format). Never retried. */
export class BadInputError extends TallyError {
  readonly kind = 'bad-input' as const;
  readonly exitCode = 2;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BadInputError';
  }
}

/** A fault that may pass (Redis away, disk busy). Retried with backoff. */
export class TransientError extends TallyError {
  readonly kind = 'transient' as const;
  readonly exitCode = 75;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

/** A bug in tally. */
export class InternalError extends TallyError {
  readonly kind = 'internal' as const;
  readonly exitCode = 70;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InternalError';
  }
}

export function isTallyError(e: unknown): e is TallyError {
  return e instanceof TallyError;
}
