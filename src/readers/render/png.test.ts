import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { decodeImageFrame, probeImage } from './decode-image.js';
import type { GreyImage } from './page-image.js';
import { encodePng } from './png.js';

describe('encodePng', () => {
  const grey: GreyImage = {
    width: 37,
    height: 11,
    channels: 1,
    data: Uint8Array.from({ length: 37 * 11 }, (_, i) => (i * 7) % 256),
    dpi: 150,
  };

  it('writes grey PNGs that decode to the same pixels, with the resolution', async () => {
    const png = encodePng(grey);
    expect(probeImage(png)).toEqual([
      {
        width: 37,
        height: 11,
        dpi: expect.closeTo(150, 0) as number,
        dpiY: expect.closeTo(150, 0) as number,
        dpiFromFile: true,
      },
    ]);
    expect(Array.from((await decodeImageFrame(png)).data)).toEqual(Array.from(grey.data));
  });

  it('decodes JPEG pixels, not just the header', async () => {
    const canvas = createCanvas(40, 20);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 40, 20);
    ctx.fillStyle = '#000';
    ctx.fillRect(10, 5, 20, 10);
    const img = await decodeImageFrame(new Uint8Array(canvas.encodeSync('jpeg', 90)));
    expect(img.data[10 * 40 + 20]).toBeLessThan(40);
    expect(img.data[2 * 40 + 2]).toBeGreaterThan(215);
  });

  it('writes RGBA PNGs with the resolution', () => {
    const rgba = { width: 4, height: 2, channels: 4 as const, data: new Uint8Array(32).fill(200), dpi: 300 };
    const info = probeImage(encodePng(rgba))[0]!;
    expect(info.dpiFromFile).toBe(true);
    expect(info.dpi).toBeCloseTo(300, 0);
  });
});
