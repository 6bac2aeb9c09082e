import { z } from 'zod';

/** Input formats tally reads. `image` covers PNG, JPEG and TIFF page images. */
export const SourceFormat = z.enum(['text', 'docx', 'html', 'xlsx', 'pdf', 'image']);
export type SourceFormat = z.infer<typeof SourceFormat>;

/** The file a result was extracted from. */
export const SourceDocument = z.object({
  /** Path as given by the user (or as first seen by the store). */
  path: z.string(),
  /** Lower-case hex sha256 of the file's bytes: the document's identity everywhere in tally. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Detected format (from content, not only the extension). */
  format: SourceFormat,
  /** IANA media type, e.g. application/pdf. */
  mediaType: z.string(),
  /** Size in bytes. */
  bytes: z.number().int().nonnegative(),
  /** Number of pages for paged formats; null for text, DOCX, HTML, XLSX. */
  pages: z.number().int().nonnegative().nullable(),
});
export type SourceDocument = z.infer<typeof SourceDocument>;
