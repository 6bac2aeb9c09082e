import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib';

/** A scanned page's own JPEG: decoding it directly skips rendering and any resampling. */
export interface EmbeddedPageImage {
  /** The DCTDecode stream as stored: a complete JPEG file. */
  readonly jpeg: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** Pixels per inch implied by drawing the image over the whole page. */
  readonly dpi: number;
  readonly dpiY: number;
}

/**
 * For each page (1-based) that is nothing but one full-page grey or RGB JPEG, that JPEG. Pages drawn any
 * other way (several images, rotation, CMYK, an image smaller than the page) are left out: the caller renders
 * them. Never throws; a PDF pdf-lib cannot parse simply yields an empty map.
 */
export async function findEmbeddedPageImages(
  bytes: Uint8Array,
  pages: readonly number[],
): Promise<Map<number, EmbeddedPageImage>> {
  const found = new Map<number, EmbeddedPageImage>();
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, {
      ignoreEncryption: true,
      updateMetadata: false,
      throwOnInvalidObject: false,
    });
  } catch {
    return found;
  }
  const all = doc.getPages();
  for (const n of pages) {
    try {
      const page = all[n - 1];
      if (!page || page.getRotation().angle % 360 !== 0) continue;
      const xobjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
      if (!xobjects) continue;
      const images: PDFRawStream[] = [];
      for (const [, ref] of xobjects.entries()) {
        const obj = doc.context.lookup(ref);
        if (obj instanceof PDFRawStream && obj.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'))
          images.push(obj);
        else if (obj !== undefined) images.length = 99; // a form XObject: the page is more than one image
      }
      const img = images.length === 1 ? images[0] : undefined;
      if (!img) continue;
      let filter = img.dict.lookup(PDFName.of('Filter'));
      if (filter instanceof PDFArray) filter = filter.size() === 1 ? filter.lookup(0) : undefined;
      if (filter !== PDFName.of('DCTDecode')) continue;
      const cs = img.dict.lookup(PDFName.of('ColorSpace'));
      if (cs !== PDFName.of('DeviceGray') && cs !== PDFName.of('DeviceRGB')) continue;
      const w = img.dict.lookup(PDFName.of('Width'));
      const h = img.dict.lookup(PDFName.of('Height'));
      if (!(w instanceof PDFNumber) || !(h instanceof PDFNumber)) continue;
      const { width: pw, height: ph } = page.getSize();
      const width = w.asNumber();
      const height = h.asNumber();
      // Same shape as the page within 2%: drawn over the whole page.
      if (Math.abs(width / height - pw / ph) > 0.02 * (pw / ph)) continue;
      found.set(n, { jpeg: img.contents, width, height, dpi: (width * 72) / pw, dpiY: (height * 72) / ph });
    } catch {
      continue;
    }
  }
  return found;
}
