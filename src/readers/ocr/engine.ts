import type { GreyImage } from '../render/index.js';
import type { OcrLine } from './spans.js';

/** The OCR engines tally can run. */
export type OcrEngineName = 'tesseract' | 'ppocr';

/**
 * What an OCR engine does for the page reader: words with pixel boxes (in the image given) and confidences
 * (0..100), grouped in lines. Two engines sit behind it: tesseract.js (tesseract-engine.ts) and PP-OCRv4
 * run by onnxruntime (ppocr.ts); which one reads which kind of region is chosen in ocr-page.ts and
 * cell-ocr.ts from the benchmark's figures (bench/ocr.ts).
 */
export interface OcrEngine {
  readonly name: OcrEngineName;
  /** A page or part of one: the engine finds the text lines itself. Lines in reading order. */
  recognizeRegion(image: GreyImage, signal?: AbortSignal): Promise<OcrLine[]>;
  /** A crop holding one line of text (a table cell): no layout analysis. */
  recognizeLine(image: GreyImage, signal?: AbortSignal): Promise<OcrLine[]>;
}

/** The text of some lines, words joined without spaces (the way cells are compared). */
export const linesText = (lines: readonly OcrLine[]): string =>
  lines.map((l) => l.words.map((w) => w.text).join('')).join('');

/** The least confidence of any word (0 when there is none). */
export const leastConfidence = (lines: readonly OcrLine[]): number => {
  const words = lines.flatMap((l) => l.words);
  return words.length === 0 ? 0 : Math.min(...words.map((w) => w.confidence));
};
