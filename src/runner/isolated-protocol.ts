import type { ExtractionResult, TallyErrorKind } from '../model/index.js';
import type { ExtractProgress } from '../pipeline/index.js';

/** Pipeline options that cross the process boundary (plain data only). */
export interface ChildExtractOptions {
  readonly ocr?: 'auto' | 'off' | 'force';
  readonly ocrReview?: 'reread' | 'variants' | 'off';
  readonly maxBytes?: number;
}

/** Parent → child. */
export type ParentMessage =
  | {
      readonly type: 'extract';
      readonly id: number;
      readonly path: string;
      readonly options: ChildExtractOptions;
    }
  | { readonly type: 'abort'; readonly id: number };

/** Child → parent. */
export type ChildMessage =
  | { readonly type: 'ready' }
  | ({ readonly type: 'progress'; readonly id: number } & ExtractProgress)
  | { readonly type: 'done'; readonly id: number; readonly result: ExtractionResult }
  | { readonly type: 'error'; readonly id: number; readonly kind: TallyErrorKind; readonly message: string };
