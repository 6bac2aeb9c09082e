import { encodePgm, type GreyImage } from '../render/index.js';
import type { OcrEngine } from './engine.js';
import { linesFromBlocks, type OcrLine } from './spans.js';
import { ocrPool, tesseractDpi } from './tesseract-pool.js';

async function recognize(image: GreyImage, psm: string, signal?: AbortSignal): Promise<OcrLine[]> {
  const pgm = Buffer.from(encodePgm(image));
  const blocks = await ocrPool().run(async (worker) => {
    const result = await worker.recognize(
      pgm,
      { tessedit_pageseg_mode: psm, user_defined_dpi: tesseractDpi(image.dpi) } as Record<string, string>,
      { blocks: true, text: false },
    );
    return (result.data as { blocks?: unknown }).blocks;
  }, signal);
  return linesFromBlocks(blocks);
}

/**
 * tesseract.js behind the OcrEngine interface (chi_sim+eng, the shared pool): a region is read with its own
 * layout analysis (PSM 3), a line as one line (PSM 7). The table cells' cascade of models and modes is in
 * cell-ocr.ts; this is the plain engine the benchmark compares and the agreement check asks.
 */
export const tesseractEngine: OcrEngine = {
  name: 'tesseract',
  recognizeRegion: (image, signal) => recognize(image, '3', signal),
  recognizeLine: (image, signal) => recognize(image, '7', signal),
};
