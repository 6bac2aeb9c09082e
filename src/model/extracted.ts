import { z } from 'zod';
import { Block } from './blocks.js';
import { Page } from './page.js';

/**
 * What a reader returns. Structured formats fill `blocks` directly and leave `pages` empty.
 * Paged formats fill `pages` (spans, rules); the tables stage turns pages into `blocks`.
 */
export const ExtractedDocument = z.object({
  pages: z.array(Page),
  blocks: z.array(Block),
  /** Document-level title from metadata (PDF Info, DOCX core properties, HTML <title>), untrusted text. */
  title: z.string().optional(),
  /** Reader notes that are not anomalies (e.g. "page 3 sent to OCR"). */
  warnings: z.array(z.string()),
});
export type ExtractedDocument = z.infer<typeof ExtractedDocument>;
