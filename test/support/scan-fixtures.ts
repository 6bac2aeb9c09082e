/**
 * Small generated scans for tests: page images drawn with @napi-rs/canvas (text, ruled tables), written as
 * a multi-page TIFF (by hand: UTIF writes one frame only), as a PDF holding a JPEG per page, or mixed with
 * text pages. Nothing is read from disk.
 */
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { Page } from '../../src/model/index.js';

/** A grey page image: one byte per pixel, 0 black, 255 white. */
export interface TestImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
  readonly dpi: number;
}

export interface TableSpec {
  /** Top-left corner of the grid, inches from the page's top-left. */
  readonly x: number;
  readonly y: number;
  /** Column widths and the row height, inches. */
  readonly cols: readonly number[];
  readonly rowHeight: number;
  /** Cell texts, row by row; the first column left-aligned, the others right-aligned. */
  readonly rows: readonly (readonly string[])[];
}

export interface PageSpec {
  /** Page size, inches (default A5-ish 5.8 × 4.2, small to keep OCR fast). */
  readonly widthIn?: number;
  readonly heightIn?: number;
  readonly dpi: number;
  /** Lines of text above the table: [text, x in, y in (baseline), size pt]. */
  readonly texts?: readonly (readonly [string, number, number, number])[];
  readonly table?: TableSpec;
  /** Turn the drawing this many degrees clockwise about the page centre (a skewed scan). */
  readonly skewDeg?: number;
  /** Turn the finished page: 90 = the page lies on its right side (top of the text at the image's right). */
  readonly turn?: 0 | 90 | 180 | 270;
}

const FONT = '"DejaVu Sans", sans-serif';

function drawPage(ctx: SKRSContext2D, spec: PageSpec): void {
  const px = (inches: number): number => inches * spec.dpi;
  const pt = (points: number): number => (points * spec.dpi) / 72;
  ctx.fillStyle = '#000';
  ctx.strokeStyle = '#000';
  for (const [text, x, y, size] of spec.texts ?? []) {
    ctx.font = `${pt(size)}px ${FONT}`;
    ctx.textAlign = 'left';
    ctx.fillText(text, px(x), px(y));
  }
  const t = spec.table;
  if (!t) return;
  const xs = [t.x];
  for (const w of t.cols) xs.push(xs[xs.length - 1]! + w);
  const ys = t.rows.map((_, i) => t.y + i * t.rowHeight).concat(t.y + t.rows.length * t.rowHeight);
  ctx.lineWidth = Math.max(1, pt(0.8));
  ctx.beginPath();
  for (const y of ys) {
    ctx.moveTo(px(xs[0]!), px(y));
    ctx.lineTo(px(xs[xs.length - 1]!), px(y));
  }
  for (const x of xs) {
    ctx.moveTo(px(x), px(ys[0]!));
    ctx.lineTo(px(x), px(ys[ys.length - 1]!));
  }
  ctx.stroke();
  ctx.font = `${pt(10)}px ${FONT}`;
  t.rows.forEach((row, r) => {
    const base = px(t.y + (r + 0.72) * t.rowHeight);
    row.forEach((text, c) => {
      if (c === 0) {
        ctx.textAlign = 'left';
        ctx.fillText(text, px(xs[0]!) + pt(4), base);
      } else {
        ctx.textAlign = 'right';
        ctx.fillText(text, px(xs[c + 1]!) - pt(4), base);
      }
    });
  });
}

/** Draw a page as a grey image (skewed and turned as asked). */
export function pageImage(spec: PageSpec): TestImage {
  const w = Math.round((spec.widthIn ?? 5.8) * spec.dpi);
  const h = Math.round((spec.heightIn ?? 4.2) * spec.dpi);
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  if (spec.skewDeg) {
    ctx.translate(w / 2, h / 2);
    ctx.rotate((spec.skewDeg * Math.PI) / 180);
    ctx.translate(-w / 2, -h / 2);
  }
  drawPage(ctx, spec);
  const rgba = ctx.getImageData(0, 0, w, h).data;
  let grey = new Uint8Array(w * h);
  for (let i = 0; i < grey.length; i++)
    grey[i] = Math.round(0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!);
  let width = w;
  let height = h;
  const turn = spec.turn ?? 0;
  if (turn !== 0) {
    const sideways = turn === 90 || turn === 270;
    const ow = sideways ? h : w;
    const oh = sideways ? w : h;
    const out = new Uint8Array(ow * oh);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const [nx, ny] =
          turn === 90 ? [h - 1 - y, x] : turn === 180 ? [w - 1 - x, h - 1 - y] : [y, w - 1 - x];
        out[ny * ow + nx] = grey[y * w + x]!;
      }
    }
    grey = out;
    width = ow;
    height = oh;
  }
  return { width, height, data: grey, dpi: spec.dpi };
}

/** A baseline multi-page TIFF: uncompressed 8-bit grey strips, resolution tags, one IFD per page. */
export function multiPageTiff(pages: readonly TestImage[]): Uint8Array {
  const entries = 12;
  const ifdSize = 2 + entries * 12 + 4 + 16;
  let offset = 8;
  const layout = pages.map((img) => {
    const ifdAt = offset;
    const dataAt = ifdAt + ifdSize;
    offset = dataAt + img.width * img.height;
    offset += offset % 2;
    return { img, ifdAt, dataAt };
  });
  const buf = Buffer.alloc(offset);
  buf.write('II', 0, 'latin1');
  buf.writeUInt16LE(42, 2);
  buf.writeUInt32LE(layout[0]!.ifdAt, 4);
  layout.forEach(({ img, ifdAt, dataAt }, i) => {
    let p = ifdAt;
    buf.writeUInt16LE(entries, p);
    p += 2;
    const resAt = ifdAt + 2 + entries * 12 + 4;
    const tags: Array<[number, number, number, number]> = [
      [256, 4, 1, img.width],
      [257, 4, 1, img.height],
      [258, 3, 1, 8],
      [259, 3, 1, 1],
      [262, 3, 1, 1],
      [273, 4, 1, dataAt],
      [277, 3, 1, 1],
      [278, 4, 1, img.height],
      [279, 4, 1, img.width * img.height],
      [282, 5, 1, resAt],
      [283, 5, 1, resAt + 8],
      [296, 3, 1, 2],
    ];
    for (const [tag, type, count, value] of tags) {
      buf.writeUInt16LE(tag, p);
      buf.writeUInt16LE(type, p + 2);
      buf.writeUInt32LE(count, p + 4);
      if (type === 3) buf.writeUInt16LE(value, p + 8);
      else buf.writeUInt32LE(value, p + 8);
      p += 12;
    }
    buf.writeUInt32LE(layout[i + 1]?.ifdAt ?? 0, p);
    buf.writeUInt32LE(img.dpi, resAt);
    buf.writeUInt32LE(1, resAt + 4);
    buf.writeUInt32LE(img.dpi, resAt + 8);
    buf.writeUInt32LE(1, resAt + 12);
    buf.set(img.data, dataAt);
  });
  return new Uint8Array(buf);
}

/** A JPEG of a grey image (quality 0.9, as a scanner writes). */
export function jpeg(img: TestImage): Uint8Array {
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  const data = ctx.createImageData(img.width, img.height);
  for (let i = 0; i < img.data.length; i++) {
    const v = img.data[i]!;
    data.data[i * 4] = v;
    data.data[i * 4 + 1] = v;
    data.data[i * 4 + 2] = v;
    data.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(data, 0, 0);
  return new Uint8Array(canvas.encodeSync('jpeg', 90));
}

/** A page of a mixed PDF: a scan (its JPEG drawn over the whole page) or text drawn with a real text layer. */
export type PdfPageSpec =
  | { readonly scan: TestImage }
  | {
      readonly widthPt: number;
      readonly heightPt: number;
      /** [text, x pt, y pt from the top (baseline), size pt]; Latin text only (Helvetica). */
      readonly texts: readonly (readonly [string, number, number, number])[];
      /** Rules: [x0, y0, x1, y1] pt from the top-left. */
      readonly rules?: readonly (readonly [number, number, number, number])[];
    };

/** A PDF of scanned and text pages; each scan page is sized to its image at its resolution. */
export async function mixedPdf(pages: readonly PdfPageSpec[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const spec of pages) {
    if ('scan' in spec) {
      const { scan } = spec;
      const w = (scan.width * 72) / scan.dpi;
      const h = (scan.height * 72) / scan.dpi;
      const page = doc.addPage([w, h]);
      const image = await doc.embedJpg(jpeg(scan));
      page.drawImage(image, { x: 0, y: 0, width: w, height: h });
      continue;
    }
    const page = doc.addPage([spec.widthPt, spec.heightPt]);
    const H = spec.heightPt;
    for (const [x0, y0, x1, y1] of spec.rules ?? [])
      page.drawLine({
        start: { x: x0, y: H - y0 },
        end: { x: x1, y: H - y1 },
        thickness: 0.8,
        color: rgb(0, 0, 0),
      });
    for (const [text, x, y, size] of spec.texts)
      page.drawText(text, { x, y: H - y, size, font, color: rgb(0, 0, 0) });
  }
  return doc.save();
}

/**
 * Lines of text drawn at 200 dpi (11 pt ≈ 30 px sans-serif, 70 px apart), black on white, as RGBA (`toGrey` makes
 * the grey image the engine tests read).
 */
export function drawnLines(
  lines: readonly string[],
  width: number,
): { width: number; height: number; channels: 4; data: Uint8Array; dpi: number } {
  const lh = 70;
  const c = createCanvas(width, lh * lines.length + 40);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, c.width, c.height);
  ctx.fillStyle = '#000';
  ctx.font = '30px sans-serif';
  lines.forEach((t, i) => ctx.fillText(t, 30, 60 + i * lh));
  const rgba = ctx.getImageData(0, 0, c.width, c.height).data;
  return { width: c.width, height: c.height, channels: 4, data: new Uint8Array(rgba.buffer), dpi: 200 };
}

/** A page as a reader marks it for OCR (a scanned PDF's: A4, no text layer). */
export function pageForOcr(n: number): Page {
  return {
    number: n,
    width: 595,
    height: 842,
    spans: [],
    lines: [],
    rects: [],
    ocr: { needed: true, reason: 'no-text-layer' },
  };
}
