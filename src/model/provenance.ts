import { z } from 'zod';
import { BBox } from './geometry.js';

/**
 * Where a value came from inside its source document. The document itself (path, sha256) is named once
 * on the result; exports join it back onto every value.
 * Paged sources (PDF, images) give `page` and `bbox`; structured sources (text export, DOCX, HTML, XLSX)
 * give `line` and/or `cell`.
 */
export const Provenance = z
  .object({
    /** 1-based page number, for paged sources. */
    page: z.number().int().positive().optional(),
    /** Box on that page, PDF points, origin top-left. */
    bbox: BBox.optional(),
    /** 1-based line range in a text source, inclusive. */
    line: z.object({ start: z.number().int().positive(), end: z.number().int().positive() }).optional(),
    /**
     * 1-based index of a text block among the document's paragraphs, in reading order: the place of running text
     * in DOCX and HTML, where no source line is known or the line is not meaningful. Set by the HTML/DOCX readers.
     */
    paragraph: z.number().int().positive().optional(),
    /**
     * Cell in a source grid: the grid's id (see Grid.id), 0-based row and column in that grid.
     * For XLSX also the sheet name and A1 address.
     */
    cell: z
      .object({
        grid: z.string(),
        row: z.number().int().nonnegative(),
        col: z.number().int().nonnegative(),
        sheet: z.string().optional(),
        address: z.string().optional(),
      })
      .optional(),
  })
  .meta({ description: 'Place of a value in its source: page+bbox, and/or text line, and/or grid cell.' });
export type Provenance = z.infer<typeof Provenance>;
