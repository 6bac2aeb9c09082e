import { crc32, inflateSync } from 'node:zlib';
import { Image, createCanvas } from '@napi-rs/canvas';
import UTIF from 'utif2';
import { BadInputError } from '../../model/index.js';
import { toGrey, type GreyImage, type PageImage } from './page-image.js';

/** Resolution assumed when a file does not state one (scanners default to 300). */
export const DEFAULT_IMAGE_DPI = 300;
/** Refuse absurd sizes before allocating: 20 000 px is 1.7 m at 300 dpi. */
const MAX_SIDE = 20_000;
const MAX_PIXELS = 150_000_000;

export type ImageKind = 'png' | 'jpeg' | 'tiff';

/** One frame's size and resolution, read from the headers without decoding pixels. */
export interface FrameInfo {
  readonly width: number;
  readonly height: number;
  readonly dpi: number;
  readonly dpiY: number;
  /** False when the file gave no resolution and DEFAULT_IMAGE_DPI was assumed. */
  readonly dpiFromFile: boolean;
}

export function imageKind(bytes: Uint8Array): ImageKind | undefined {
  const b = (i: number): number => bytes[i] ?? -1;
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'png';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (
    (b(0) === 0x49 && b(1) === 0x49 && b(2) === 0x2a && b(3) === 0) ||
    (b(0) === 0x4d && b(1) === 0x4d && b(2) === 0 && b(3) === 0x2a)
  ) {
    return 'tiff';
  }
  return undefined;
}

/**
 * Sizes and resolutions of every frame (PNG and JPEG have one, TIFF one per page).
 * Checks the structure thoroughly enough that a truncated or damaged file is BadInputError here rather
 * than a crash later: @napi-rs/canvas segfaults on truncated PNG and JPEG data, so nothing unchecked reaches it.
 */
export function probeImage(bytes: Uint8Array, name = 'image'): FrameInfo[] {
  const kind = imageKind(bytes);
  if (kind === 'png') return [parsePng(bytes, name).info];
  if (kind === 'jpeg') return [parseJpeg(bytes, name)];
  if (kind === 'tiff') return tiffFrames(bytes, name).map((f) => f.info);
  throw new BadInputError(`${name}: not a PNG, JPEG or TIFF image`);
}

/** Decode one frame (0-based) to grey pixels. */
export async function decodeImageFrame(bytes: Uint8Array, frame = 0, name = 'image'): Promise<GreyImage> {
  const kind = imageKind(bytes);
  if (kind === 'tiff') {
    const frames = tiffFrames(bytes, name);
    const f = frames[frame];
    if (!f)
      throw new BadInputError(`${name}: frame ${frame + 1} is not in the TIFF (it has ${frames.length})`);
    return toGrey(decodeTiffFrame(bytes, f, name));
  }
  if (frame !== 0)
    throw new BadInputError(`${name}: a ${kind ?? 'non-image'} file has one frame, not ${frame + 1}`);
  const info = probeImage(bytes, name)[0];
  if (!info) throw new BadInputError(`${name}: no image`);
  return toGrey(await decodeWithCanvas(bytes, info, name));
}

function checkSize(width: number, height: number, name: string): void {
  if (!(width > 0 && height > 0))
    throw new BadInputError(`${name}: image has no pixels (${width}×${height})`);
  if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) {
    throw new BadInputError(`${name}: image is ${width}×${height} px, over the size limit`);
  }
}

/** A stated resolution is trusted only within a plausible range; 72 "dpi" from screenshots is kept, 1 is not. */
function plausibleDpi(v: number): boolean {
  return Number.isFinite(v) && v >= 50 && v <= 2400;
}

// ---------------------------------------------------------------- PNG

interface PngParse {
  info: FrameInfo;
}

function parsePng(bytes: Uint8Array, name: string): PngParse {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  let width = 0;
  let height = 0;
  let bitDepth = 0;
  let colorType = -1;
  let interlace = 0;
  let dpiX: number | undefined;
  let dpiY: number | undefined;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (pos + 12 <= bytes.length) {
    const len = view.getUint32(pos);
    const type = Buffer.from(bytes.subarray(pos + 4, pos + 8)).toString('latin1');
    const dataStart = pos + 8;
    const dataEnd = dataStart + len;
    if (dataEnd + 4 > bytes.length)
      throw new BadInputError(`${name}: PNG is truncated (chunk ${type} runs past the end)`);
    const crc = view.getUint32(dataEnd);
    if (crc32(bytes.subarray(pos + 4, dataEnd)) !== crc)
      throw new BadInputError(`${name}: PNG chunk ${type} is damaged (CRC mismatch)`);
    const data = bytes.subarray(dataStart, dataEnd);
    if (type === 'IHDR') {
      if (len < 13) throw new BadInputError(`${name}: PNG header is damaged`);
      width = view.getUint32(dataStart);
      height = view.getUint32(dataStart + 4);
      bitDepth = data[8] ?? 0;
      colorType = data[9] ?? -1;
      interlace = data[12] ?? 0;
    } else if (type === 'pHYs' && len >= 9 && data[8] === 1) {
      // Pixels per metre.
      dpiX = view.getUint32(dataStart) * 0.0254;
      dpiY = view.getUint32(dataStart + 4) * 0.0254;
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      ended = true;
      break;
    }
    pos = dataEnd + 4;
  }
  if (width === 0) throw new BadInputError(`${name}: PNG has no header`);
  if (!ended) throw new BadInputError(`${name}: PNG is truncated (no IEND)`);
  checkSize(width, height, name);
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (channels === undefined || ![1, 2, 4, 8, 16].includes(bitDepth)) {
    throw new BadInputError(`${name}: PNG colour type ${colorType} / bit depth ${bitDepth} is invalid`);
  }
  let expected = 0;
  const rowBytes = (w: number): number => 1 + Math.ceil((w * channels * bitDepth) / 8);
  if (interlace === 0) {
    expected = height * rowBytes(width);
  } else {
    for (const [x0, y0, dx, dy] of [
      [0, 0, 8, 8],
      [4, 0, 8, 8],
      [0, 4, 4, 8],
      [2, 0, 4, 4],
      [0, 2, 2, 4],
      [1, 0, 2, 2],
      [0, 1, 1, 2],
    ] as const) {
      const pw = Math.ceil((width - x0) / dx);
      const ph = Math.ceil((height - y0) / dy);
      if (pw > 0 && ph > 0) expected += ph * rowBytes(pw);
    }
  }
  let inflated: Buffer;
  try {
    inflated = inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 });
  } catch (e) {
    throw new BadInputError(`${name}: PNG image data is damaged or truncated`, { cause: e });
  }
  if (inflated.length !== expected)
    throw new BadInputError(`${name}: PNG image data is truncated (${inflated.length} of ${expected} bytes)`);
  const fromFile = dpiX !== undefined && dpiY !== undefined && plausibleDpi(dpiX) && plausibleDpi(dpiY);
  return {
    info: {
      width,
      height,
      dpi: fromFile ? dpiX! : DEFAULT_IMAGE_DPI,
      dpiY: fromFile ? dpiY! : DEFAULT_IMAGE_DPI,
      dpiFromFile: fromFile,
    },
  };
}

// ---------------------------------------------------------------- JPEG

const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** Walk the marker segments up to EOI; a file that ends before EOI is truncated. */
function parseJpeg(bytes: Uint8Array, name: string): FrameInfo {
  const u16 = (i: number): number => ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  let pos = 2;
  let width = 0;
  let height = 0;
  let dpiX: number | undefined;
  let dpiY: number | undefined;
  let sawScan = false;
  for (;;) {
    if (pos >= bytes.length) throw new BadInputError(`${name}: JPEG is truncated (no end-of-image marker)`);
    if (bytes[pos] !== 0xff) throw new BadInputError(`${name}: JPEG is damaged (bad marker at byte ${pos})`);
    while (bytes[pos] === 0xff) pos++;
    const marker = bytes[pos++];
    if (marker === undefined) throw new BadInputError(`${name}: JPEG is truncated`);
    if (marker === 0xd9) break;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue;
    const len = u16(pos);
    if (len < 2 || pos + len > bytes.length)
      throw new BadInputError(`${name}: JPEG is truncated (segment runs past the end)`);
    const seg = pos + 2;
    if (SOF_MARKERS.has(marker)) {
      height = u16(seg + 1);
      width = u16(seg + 3);
    } else if (marker === 0xe0 && Buffer.from(bytes.subarray(seg, seg + 5)).toString('latin1') === 'JFIF\0') {
      const units = bytes[seg + 7];
      const dx = u16(seg + 8);
      const dy = u16(seg + 10);
      if (units === 1) [dpiX, dpiY] = [dx, dy];
      else if (units === 2) [dpiX, dpiY] = [dx * 2.54, dy * 2.54];
    }
    pos += len;
    if (marker === 0xda) {
      sawScan = true;
      // Entropy-coded data: runs until a marker that is neither a stuffed 0xFF00 nor a restart.
      while (pos < bytes.length) {
        if (bytes[pos] === 0xff) {
          const next = bytes[pos + 1];
          if (next !== undefined && next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) break;
        }
        pos++;
      }
    }
  }
  if (!sawScan || width === 0) throw new BadInputError(`${name}: JPEG has no image data`);
  checkSize(width, height, name);
  const fromFile = dpiX !== undefined && dpiY !== undefined && plausibleDpi(dpiX) && plausibleDpi(dpiY);
  return {
    width,
    height,
    dpi: fromFile ? dpiX! : DEFAULT_IMAGE_DPI,
    dpiY: fromFile ? dpiY! : DEFAULT_IMAGE_DPI,
    dpiFromFile: fromFile,
  };
}

/** PNG and JPEG are decoded by Skia (fast, native) only after the structural checks above passed. */
async function decodeWithCanvas(bytes: Uint8Array, info: FrameInfo, name: string): Promise<PageImage> {
  const img = new Image();
  let failure: unknown;
  img.onerror = (err) => {
    failure = err;
  };
  img.src = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Setting src reads only the header; the pixels are decoded here, and drawing before this paints nothing.
  await img.decode().catch((e: unknown) => {
    failure ??= e;
  });
  if (failure !== undefined || img.width !== info.width || img.height !== info.height) {
    const why = failure instanceof Error ? ` (${failure.message})` : '';
    throw new BadInputError(`${name}: cannot decode the image${why}`, { cause: failure });
  }
  const canvas = createCanvas(info.width, info.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, info.width, info.height);
  ctx.drawImage(img, 0, 0);
  const rgba = ctx.getImageData(0, 0, info.width, info.height).data;
  return {
    width: info.width,
    height: info.height,
    channels: 4,
    data: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength),
    dpi: info.dpi,
    ...(info.dpiY !== info.dpi ? { dpiY: info.dpiY } : {}),
  };
}

// ---------------------------------------------------------------- TIFF

interface TiffFrame {
  readonly ifd: UTIF.IFD;
  readonly info: FrameInfo;
}

const tagNumber = (ifd: UTIF.IFD, tag: string): number | undefined => {
  const v = ifd[tag];
  if (!Array.isArray(v)) return undefined;
  const first: unknown = v[0];
  if (typeof first === 'number') return first;
  // Rationals come as [numerator, denominator] pairs.
  if (Array.isArray(first) && typeof first[0] === 'number' && typeof first[1] === 'number' && first[1] !== 0)
    return first[0] / first[1];
  return undefined;
};

function tiffFrames(bytes: Uint8Array, name: string): TiffFrame[] {
  let ifds: UTIF.IFD[];
  try {
    ifds = UTIF.decode(toArrayBuffer(bytes));
  } catch (e) {
    throw new BadInputError(`${name}: TIFF structure is damaged`, { cause: e });
  }
  const frames: TiffFrame[] = [];
  for (const ifd of ifds) {
    // NewSubfileType bit 0 marks a reduced-resolution copy (a thumbnail), not a page.
    if (((tagNumber(ifd, 't254') ?? 0) & 1) === 1) continue;
    const width = tagNumber(ifd, 't256');
    const height = tagNumber(ifd, 't257');
    if (width === undefined || height === undefined) continue;
    checkSize(width, height, name);
    const unit = tagNumber(ifd, 't296') ?? 2;
    const toDpi = (v: number | undefined): number | undefined =>
      v === undefined ? undefined : unit === 3 ? v * 2.54 : unit === 2 ? v : undefined;
    const dx = toDpi(tagNumber(ifd, 't282'));
    const dy = toDpi(tagNumber(ifd, 't283')) ?? dx;
    const fromFile = dx !== undefined && dy !== undefined && plausibleDpi(dx) && plausibleDpi(dy);
    frames.push({
      ifd,
      info: {
        width,
        height,
        dpi: fromFile ? dx : DEFAULT_IMAGE_DPI,
        dpiY: fromFile ? dy : DEFAULT_IMAGE_DPI,
        dpiFromFile: fromFile,
      },
    });
  }
  if (frames.length === 0) throw new BadInputError(`${name}: TIFF has no image frames`);
  return frames;
}

function decodeTiffFrame(bytes: Uint8Array, frame: TiffFrame, name: string): PageImage {
  const { ifd, info } = frame;
  // UTIF reads past the end of a truncated file silently and returns short pixel data: check the strips first.
  const offsets = ifd['t273'] ?? ifd['t324'];
  const counts = ifd['t279'] ?? ifd['t325'];
  if (Array.isArray(offsets) && Array.isArray(counts)) {
    for (let i = 0; i < offsets.length; i++) {
      const o = offsets[i];
      const c = counts[i];
      if (typeof o === 'number' && typeof c === 'number' && o + c > bytes.length) {
        throw new BadInputError(`${name}: TIFF is truncated (image data runs past the end)`);
      }
    }
  }
  let rgba: Uint8Array;
  try {
    UTIF.decodeImage(toArrayBuffer(bytes), ifd);
    rgba = UTIF.toRGBA8(ifd);
  } catch (e) {
    throw new BadInputError(`${name}: cannot decode the TIFF image data`, { cause: e });
  }
  if (rgba.length !== info.width * info.height * 4)
    throw new BadInputError(`${name}: TIFF image data is damaged or truncated`);
  return {
    width: info.width,
    height: info.height,
    channels: 4,
    data: rgba,
    dpi: info.dpi,
    ...(info.dpiY !== info.dpi ? { dpiY: info.dpiY } : {}),
  };
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
