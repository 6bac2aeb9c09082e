import { createCanvas } from '@napi-rs/canvas';
import { toRgba, type PageImage } from './page-image.js';

/**
 * PNG bytes for an image (the review server shows source pages with it). Deflate costs several times the
 * render, so the OCR path never calls this: it hands tesseract raw grey pixels as PGM instead.
 */
export function encodePng(image: PageImage): Uint8Array {
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  const imageData = ctx.createImageData(image.width, image.height);
  imageData.data.set(toRgba(image));
  ctx.putImageData(imageData, 0, 0);
  return new Uint8Array(canvas.encodeSync('png'));
}
