/**
 * A page as pixels. Row-major, top row first, `channels` bytes per pixel: 1 = grey (0 black .. 255 white),
 * 4 = RGBA. `dpi` is pixels per inch, so a pixel coordinate becomes PDF points as `px * 72 / dpi`.
 */
export interface PageImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 4;
  readonly data: Uint8Array;
  /** Horizontal resolution, pixels per inch. */
  readonly dpi: number;
  /** Vertical resolution when it differs from `dpi` (some fax TIFFs are 204×98). */
  readonly dpiY?: number;
}

/** A single-channel image; the form every stage after decoding works on. */
export interface GreyImage extends PageImage {
  readonly channels: 1;
}

/** ITU-R BT.601 luma; alpha is composited over white, as a viewer would show a transparent scan. */
export function toGrey(image: PageImage): GreyImage {
  if (image.channels === 1) return image as GreyImage;
  const { width, height, data } = image;
  const out = new Uint8Array(width * height);
  for (let i = 0, j = 0; j < out.length; i += 4, j++) {
    const a = data[i + 3] ?? 255;
    const y = ((data[i] ?? 0) * 299 + (data[i + 1] ?? 0) * 587 + (data[i + 2] ?? 0) * 114) / 1000;
    out[j] = Math.round((y * a + 255 * (255 - a)) / 255);
  }
  return {
    width,
    height,
    channels: 1,
    data: out,
    dpi: image.dpi,
    ...(image.dpiY !== undefined ? { dpiY: image.dpiY } : {}),
  };
}

/** RGBA copy of an image (what canvas APIs take). */
export function toRgba(image: PageImage): Uint8ClampedArray {
  if (image.channels === 4)
    return new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  const out = new Uint8ClampedArray(image.width * image.height * 4);
  for (let j = 0, i = 0; j < image.data.length; j++, i += 4) {
    const v = image.data[j] ?? 255;
    out[i] = v;
    out[i + 1] = v;
    out[i + 2] = v;
    out[i + 3] = 255;
  }
  return out;
}

/**
 * Binary PGM (P5). Leptonica inside tesseract reads it without a codec, so handing OCR a PGM costs one
 * header instead of the PNG deflate, which measured at 4–5× the render itself.
 */
export function encodePgm(image: PageImage): Uint8Array {
  const grey = toGrey(image);
  const header = Buffer.from(`P5\n${grey.width} ${grey.height}\n255\n`, 'latin1');
  const out = new Uint8Array(header.length + grey.data.length);
  out.set(header, 0);
  out.set(grey.data, header.length);
  return out;
}

/** Crop a rectangle (pixels, clamped to the image). */
export function cropGrey(image: GreyImage, x: number, y: number, w: number, h: number): GreyImage {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(image.width, Math.ceil(x + w));
  const y1 = Math.min(image.height, Math.ceil(y + h));
  const cw = Math.max(0, x1 - x0);
  const ch = Math.max(0, y1 - y0);
  const out = new Uint8Array(cw * ch);
  for (let r = 0; r < ch; r++) {
    out.set(image.data.subarray((y0 + r) * image.width + x0, (y0 + r) * image.width + x0 + cw), r * cw);
  }
  return {
    width: cw,
    height: ch,
    channels: 1,
    data: out,
    dpi: image.dpi,
    ...(image.dpiY !== undefined ? { dpiY: image.dpiY } : {}),
  };
}
