import { crc32, deflateSync } from 'node:zlib';
import { createCanvas } from '@napi-rs/canvas';
import { toRgba, type PageImage } from './page-image.js';

/**
 * PNG bytes for an image (the review server shows source pages with it), with its resolution in a pHYs
 * chunk. Deflate costs several times the render, so the OCR path never calls this: it hands tesseract raw
 * grey pixels as PGM instead.
 */
export function encodePng(image: PageImage): Uint8Array {
  if (image.channels === 1) return encodeGreyPng(image);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  const imageData = ctx.createImageData(image.width, image.height);
  imageData.data.set(toRgba(image));
  ctx.putImageData(imageData, 0, 0);
  return withPhys(new Uint8Array(canvas.encodeSync('png')), image);
}

/** One 8-bit grey channel: a quarter of the RGBA size before compression, and what scans are. */
function encodeGreyPng(image: PageImage): Uint8Array {
  const { width, height, data } = image;
  // Filter "Sub" (1) on every row: each byte minus its left neighbour, which suits scanned text and grain.
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    const o = y * (width + 1);
    raw[o] = 1;
    const row = y * width;
    raw[o + 1] = data[row] ?? 0;
    for (let x = 1; x < width; x++) raw[o + 1 + x] = ((data[row + x] ?? 0) - (data[row + x - 1] ?? 0)) & 0xff;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('pHYs', physBody(image)),
      chunk('IDAT', deflateSync(raw, { level: 6 })),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

function chunk(type: string, body: Buffer): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  body.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

function physBody(image: PageImage): Buffer {
  const body = Buffer.alloc(9);
  body.writeUInt32BE(Math.round(image.dpi / 0.0254), 0);
  body.writeUInt32BE(Math.round((image.dpiY ?? image.dpi) / 0.0254), 4);
  body[8] = 1;
  return body;
}

/** Skia writes no resolution; insert pHYs right after IHDR (which always ends at byte 33). */
function withPhys(png: Uint8Array, image: PageImage): Uint8Array {
  return new Uint8Array(
    Buffer.concat([png.subarray(0, 33), chunk('pHYs', physBody(image)), png.subarray(33)]),
  );
}
