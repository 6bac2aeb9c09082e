import { z } from 'zod';
import { BBox } from './geometry.js';

/** How a span's text was obtained. */
export const SpanOrigin = z.enum(['native', 'ocr']);
export type SpanOrigin = z.infer<typeof SpanOrigin>;

/** A run of text with its position: a PDF text item, or an OCR word. */
export const TextSpan = z.object({
  /** The text, NFC-normalized, as read (no trimming of inner spaces). */
  text: z.string(),
  /** 1-based page number. */
  page: z.number().int().positive(),
  /** Box of the run, PDF points, origin top-left. */
  bbox: BBox,
  /** Font size in points (the glyph height for OCR words). */
  fontSize: z.number().nonnegative(),
  /** Font name from the PDF, when known. */
  fontName: z.string().optional(),
  /** Recognition confidence 0..1; 1 for native text. */
  confidence: z.number().min(0).max(1),
  /** native: from the PDF text layer; ocr: recognized from pixels. */
  origin: SpanOrigin,
});
export type TextSpan = z.infer<typeof TextSpan>;

/** A straight ruling line (table border), from PDF drawing operators or detected in pixels. */
export const RulingLine = z.object({
  page: z.number().int().positive(),
  /** Start x, points, origin top-left. */
  x0: z.number(),
  /** Start y, points, origin top-left. */
  y0: z.number(),
  /** End x, points. Horizontal lines have y0 == y1 (within tolerance). */
  x1: z.number(),
  /** End y, points. Vertical lines have x0 == x1 (within tolerance). */
  y1: z.number(),
  /** Stroke width in points. */
  width: z.number().nonnegative(),
});
export type RulingLine = z.infer<typeof RulingLine>;

/** A filled rectangle (cell shading, or a thin rectangle drawn as a rule). */
export const FilledRect = z.object({
  page: z.number().int().positive(),
  bbox: BBox,
});
export type FilledRect = z.infer<typeof FilledRect>;

/** Why a page is sent to OCR. */
export const OcrReason = z.enum(['no-text-layer', 'garbled-text-layer', 'image-input', 'forced']);
export type OcrReason = z.infer<typeof OcrReason>;

/** One page of a paged source, as read. */
export const Page = z.object({
  /** 1-based page number. */
  number: z.number().int().positive(),
  /** Page width in points (after rotation). */
  width: z.number().positive(),
  /** Page height in points (after rotation). */
  height: z.number().positive(),
  spans: z.array(TextSpan),
  lines: z.array(RulingLine),
  rects: z.array(FilledRect),
  /** Set by the PDF reader when the text layer is missing or does not decode; the OCR stage consumes it. */
  ocr: z.object({
    needed: z.boolean(),
    reason: OcrReason.optional(),
    /**
     * The page could not be read: its image does not decode (decode), recognition failed (engine) or ran past
     * the per-page time limit (timeout). The page keeps no OCR text; the pipeline warns (with the page) and
     * the result is partial, while the other pages are read as usual.
     */
    failed: z.object({ kind: z.enum(['decode', 'engine', 'timeout']), detail: z.string() }).optional(),
  }),
  /**
   * OCR pages only, when the scan was tilted: the skew removed before recognition. This page's spans and
   * lines are on the levelled page (so table rules are axis-aligned); the same point on the page as scanned
   * is the levelled point turned by `angleDeg` (degrees, positive = clockwise on screen) about (`cx`, `cy`)
   * (points, origin top-left). A page scanned on its side or upside down was also turned upright before
   * reading: the turn is part of the same rotation (angleDeg near −90, −180 or −270, about the point that
   * maps the upright page onto the scan), and width/height are the upright page's.
   * Absent when the page was level or was not OCRed.
   */
  deskew: z.object({ angleDeg: z.number(), cx: z.number(), cy: z.number() }).optional(),
});
export type Page = z.infer<typeof Page>;
