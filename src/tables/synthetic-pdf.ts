/**
 * Test support: small PDFs drawn with pdf-lib, so the table tests pin behaviour on inputs whose every
 * coordinate is known. Coordinates here are points with origin top-left (the model's), converted to PDF
 * user space when drawn. Not used by the pipeline.
 */
import { PDFDocument, StandardFonts, degrees, rgb, type PDFFont } from 'pdf-lib';

export interface SynthText {
  /** Left edge, or right edge when `align` is 'right'. */
  x: number;
  /** Baseline, points from the top. */
  y: number;
  text: string;
  size?: number;
  align?: 'left' | 'right';
}

export interface SynthPage {
  width?: number;
  height?: number;
  texts?: SynthText[];
  /** Stroked lines, top-left coordinates. */
  lines?: Array<{ x0: number; y0: number; x1: number; y1: number }>;
  /** Filled rectangles, top-left coordinates. */
  fills?: Array<{ x: number; y: number; w: number; h: number }>;
  rotate?: 0 | 90 | 180 | 270;
  /** Draw a grey image over the page (a "scan"); needs no text on the page to matter. */
  image?: boolean;
}

/** A 2×2 grey PNG, enough for pdf-lib to embed an image XObject. */
const GREY_PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAADklEQVR4nGNoaGBoaAAABgYCASzBUNcAAAAASUVORK5CYII=',
    'base64',
  ),
);

export async function makePdf(pages: readonly SynthPage[], title?: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  if (title !== undefined) doc.setTitle(title);
  const font: PDFFont = await doc.embedFont(StandardFonts.Helvetica);
  for (const spec of pages) {
    const width = spec.width ?? 595;
    const height = spec.height ?? 842;
    const page = doc.addPage([width, height]);
    if (spec.rotate) page.setRotation(degrees(spec.rotate));
    for (const t of spec.texts ?? []) {
      const size = t.size ?? 10;
      const x = t.align === 'right' ? t.x - font.widthOfTextAtSize(t.text, size) : t.x;
      page.drawText(t.text, { x, y: height - t.y, size, font, color: rgb(0, 0, 0) });
    }
    for (const l of spec.lines ?? []) {
      page.drawLine({
        start: { x: l.x0, y: height - l.y0 },
        end: { x: l.x1, y: height - l.y1 },
        thickness: 0.75,
        color: rgb(0, 0, 0),
      });
    }
    for (const f of spec.fills ?? []) {
      page.drawRectangle({ x: f.x, y: height - f.y - f.h, width: f.w, height: f.h, color: rgb(0, 0, 0) });
    }
    if (spec.image) {
      const img = await doc.embedPng(GREY_PNG);
      page.drawImage(img, { x: 0, y: 0, width, height });
    }
  }
  return doc.save();
}

export interface RuledTableSpec {
  x: number;
  y: number;
  colWidths: number[];
  rowHeight: number;
  /** Cell texts by row; '\n' puts the rest on a second line. */
  rows: string[][];
  /** Cells merged with their right neighbour: [row, col] pairs (no vertical rule between them). */
  mergeRight?: Array<[number, number]>;
  size?: number;
}

/** Lines and texts of a fully ruled table; numbers (texts starting with a digit) are right-aligned. */
export function ruledTable(spec: RuledTableSpec): Pick<SynthPage, 'lines' | 'texts'> {
  const size = spec.size ?? 9;
  const xs = [spec.x];
  for (const w of spec.colWidths) xs.push(xs[xs.length - 1]! + w);
  const nRows = spec.rows.length;
  const ys = Array.from({ length: nRows + 1 }, (_, r) => spec.y + r * spec.rowHeight);
  const lines: NonNullable<SynthPage['lines']> = ys.map((y) => ({ x0: xs[0]!, y0: y, x1: xs[xs.length - 1]!, y1: y }));
  const merged = new Set((spec.mergeRight ?? []).map(([r, c]) => `${r},${c}`));
  for (let c = 0; c < xs.length; c++) {
    for (let r = 0; r < nRows; r++) {
      if (c > 0 && c < xs.length - 1 && merged.has(`${r},${c - 1}`)) continue;
      lines.push({ x0: xs[c]!, y0: ys[r]!, x1: xs[c]!, y1: ys[r + 1]! });
    }
  }
  const texts: SynthText[] = [];
  spec.rows.forEach((row, r) => {
    row.forEach((cell, c) => {
      cell.split('\n').forEach((part, k) => {
        if (part === '') return;
        const numeric = /^\d/.test(part);
        texts.push({
          x: numeric ? xs[c + 1]! - 3 : xs[c]! + 3,
          y: ys[r]! + size + 2 + k * (size + 2),
          text: part,
          size,
          align: numeric ? 'right' : 'left',
        });
      });
    });
  });
  return { lines, texts };
}
