import { BadInputError, type ExtractedDocument, type Page } from '../../model/index.js';
import type { Reader, ReaderInput, ReadOptions } from '../reader.js';
import { decodeImageFrame, probeImage } from '../render/index.js';

/**
 * PNG, JPEG and TIFF page images: one Page per image (per frame for TIFF), sized in points from the file's
 * resolution (300 dpi assumed when it states none), with no text, marked for OCR. Every frame's pixel data
 * is decoded once here so a damaged file fails now, as BadInputError, and not halfway through OCR; in a
 * multi-frame TIFF a damaged frame is a page marked unread (`ocr.failed`), the other frames are read.
 */
export const imageReader: Reader = {
  format: 'image',
  async read(input: ReaderInput, options: ReadOptions = {}): Promise<ExtractedDocument> {
    const frames = probeImage(input.bytes, input.path);
    const wanted = options.pages ?? frames.map((_, i) => i + 1);
    const warnings: string[] = [];
    const pages: Page[] = [];
    const broken: BadInputError[] = [];
    for (const n of wanted) {
      options.signal?.throwIfAborted();
      const info = frames[n - 1];
      if (!info)
        throw new BadInputError(`${input.path}: page ${n} is not in the image (it has ${frames.length})`);
      const size = { width: (info.width * 72) / info.dpi, height: (info.height * 72) / info.dpiY };
      try {
        await decodeImageFrame(input.bytes, n - 1, input.path);
      } catch (e) {
        // One damaged frame of several: the others are read, this page is reported unread.
        if (!(e instanceof BadInputError) || frames.length < 2) throw e;
        broken.push(e);
        pages.push({
          number: n,
          ...size,
          spans: [],
          lines: [],
          rects: [],
          ocr: { needed: false, failed: { kind: 'decode', detail: e.message.slice(0, 300) } },
        });
        continue;
      }
      if (!info.dpiFromFile)
        warnings.push(`page ${n}: the image states no resolution; assumed ${info.dpi} dpi`);
      pages.push({
        number: n,
        ...size,
        spans: [],
        lines: [],
        rects: [],
        ocr: { needed: true, reason: 'image-input' },
      });
    }
    // Not one frame decodes: the file is damaged, not a page of it.
    if (broken.length === pages.length && broken[0]) throw broken[0];
    return { pages, blocks: [], warnings };
  },
};
