import { crc32 } from 'node:zlib';
import { createCanvas } from '@napi-rs/canvas';
import UTIF from 'utif2';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../model/index.js';
import { imageReader } from './image-reader.js';
import { multiPageTiff } from '../../../test/support/scan-fixtures.js';

/** A 600×300 white image with a black bar, as PNG or JPEG from Skia. */
function canvasImage(format: 'png' | 'jpeg'): Uint8Array {
  const c = createCanvas(600, 300);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 600, 300);
  ctx.fillStyle = '#000';
  ctx.fillRect(50, 100, 400, 20);
  return new Uint8Array(format === 'png' ? c.encodeSync('png') : c.encodeSync('jpeg', 85));
}

/** Insert a pHYs chunk (pixels per metre) after IHDR, as scanners write it. */
function withDpi(png: Uint8Array, dpi: number): Uint8Array {
  const ppm = Math.round(dpi / 0.0254);
  const body = Buffer.alloc(4 + 9);
  body.write('pHYs', 0, 'latin1');
  body.writeUInt32BE(ppm, 4);
  body.writeUInt32BE(ppm, 8);
  body[12] = 1;
  const chunk = Buffer.alloc(4 + body.length + 4);
  chunk.writeUInt32BE(9, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(body), 4 + body.length);
  const ihdrEnd = 8 + 8 + 13 + 4;
  return new Uint8Array(Buffer.concat([png.subarray(0, ihdrEnd), chunk, png.subarray(ihdrEnd)]));
}

/** A one-frame RGBA TIFF written by UTIF, with its resolution tags. */
function utifTiff(width: number, dpi: number): Uint8Array {
  const rgba = new Uint8Array(width * 100 * 4).fill(255);
  return new Uint8Array(
    UTIF.encodeImage(rgba, width, 100, {
      t282: [[dpi, 1]],
      t283: [[dpi, 1]],
      t296: [2],
    } as unknown as UTIF.IFD),
  );
}

/** White frames of these widths, 100 px high, as one multi-page TIFF (test/support/scan-fixtures.ts writes it). */
function multiFrameTiff(widths: readonly number[], dpi: number): Uint8Array {
  return multiPageTiff(
    widths.map((width) => ({ width, height: 100, dpi, data: new Uint8Array(width * 100).fill(255) })),
  );
}

describe('imageReader', () => {
  it('reads a PNG with its pHYs resolution as one page in points, marked for OCR', async () => {
    const doc = await imageReader.read({ path: 'a.png', bytes: withDpi(canvasImage('png'), 150) });
    expect(doc.pages).toHaveLength(1);
    const [page] = doc.pages;
    expect(page).toMatchObject({ number: 1, spans: [], ocr: { needed: true, reason: 'image-input' } });
    expect(page!.width).toBeCloseTo((600 * 72) / 150, 1);
    expect(page!.height).toBeCloseTo((300 * 72) / 150, 1);
    expect(doc.warnings).toEqual([]);
  });

  it('assumes 300 dpi when a PNG states no resolution, and says so', async () => {
    const doc = await imageReader.read({ path: 'a.png', bytes: canvasImage('png') });
    expect(doc.pages[0]!.width).toBeCloseTo(144, 5);
    expect(doc.warnings[0]).toMatch(/assumed 300 dpi/);
  });

  it('reads a JPEG', async () => {
    const doc = await imageReader.read({ path: 'a.jpg', bytes: canvasImage('jpeg') });
    expect(doc.pages).toHaveLength(1);
    expect(doc.pages[0]!.height).toBeGreaterThan(0);
  });

  it('reads every frame of a multi-page TIFF with its resolution', async () => {
    const doc = await imageReader.read({ path: 'a.tif', bytes: multiFrameTiff([200, 400, 600], 200) });
    expect(doc.pages.map((p) => p.number)).toEqual([1, 2, 3]);
    expect(doc.pages.map((p) => Math.round(p.width))).toEqual([72, 144, 216]);
    expect(doc.pages[0]!.height).toBeCloseTo(36, 5);
  });

  it('reads a single-frame TIFF written by UTIF', async () => {
    const doc = await imageReader.read({ path: 'b.tif', bytes: utifTiff(200, 100) });
    expect(doc.pages[0]!.width).toBeCloseTo(144, 5);
  });

  it('reads only the pages asked for', async () => {
    const doc = await imageReader.read(
      { path: 'a.tif', bytes: multiFrameTiff([200, 400], 200) },
      { pages: [2] },
    );
    expect(doc.pages.map((p) => p.number)).toEqual([2]);
  });

  it.each([
    ['truncated PNG', () => canvasImage('png').subarray(0, 200)],
    ['truncated JPEG', () => canvasImage('jpeg').subarray(0, 300)],
    [
      'PNG with a damaged chunk',
      () => {
        const b = canvasImage('png').slice();
        b[40] = (b[40] ?? 0) ^ 0xff;
        return b;
      },
    ],
    ['truncated TIFF', () => multiFrameTiff([400], 200).subarray(0, 5000)],
    ['PNG signature only', () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ])('rejects a %s with BadInputError', async (_name, make) => {
    await expect(imageReader.read({ path: 'bad', bytes: make() })).rejects.toBeInstanceOf(BadInputError);
  });
});
