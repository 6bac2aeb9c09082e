import { z } from 'zod';
import { Grid } from './grid.js';
import { Provenance } from './provenance.js';

/** A paragraph or line of running text (titles, notes, 情况说明), in reading order. */
export const TextBlock = z.object({
  kind: z.literal('text'),
  /** The text, NFC, export artifacts stripped; a wrapped paragraph is joined into one line. */
  text: z.string(),
  source: Provenance,
});
export type TextBlock = z.infer<typeof TextBlock>;

/** A grid in reading order. */
export const GridBlock = z.object({
  kind: z.literal('grid'),
  grid: Grid,
});
export type GridBlock = z.infer<typeof GridBlock>;

/** The document as a sequence of text and grids, in reading order: what every reader ends in. */
export const Block = z.discriminatedUnion('kind', [TextBlock, GridBlock]);
export type Block = z.infer<typeof Block>;
