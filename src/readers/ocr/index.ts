export { ocrPages } from './ocr-pages.js';
export type { OcrInput, OcrOptions } from './ocr-pages.js';
export {
  ocrPageImage,
  findRules,
  levelScan,
  rulesInPoints,
  toScannedPage,
  quarterTurn,
  scanRecord,
} from './ocr-page.js';
export type { PageGeometry, PageOcr, PageOcrOptions } from './ocr-page.js';
export { rereadCell } from './reread.js';
export type { RereadInput, Reading } from './reread.js';
export { ocrVariants } from './confusions.js';
export {
  closeOcr,
  ocrPool,
  workerOptions,
  traineddataPaths,
  OCR_LANGS,
  MODEL_VARIANT,
} from './tesseract-pool.js';
export { detectRules, eraseRules } from './ruling-lines.js';
export type { PixelRule, RuleOptions } from './ruling-lines.js';
export { PageSource, DEFAULT_RENDER_DPI } from './page-source.js';
export type { OcrEngine, OcrEngineName } from './engine.js';
export { linesText, leastConfidence } from './engine.js';
export { tesseractEngine } from './tesseract-engine.js';
export { ppocrEngine, ppocrModelPaths } from './ppocr.js';
export { debugEnabled, tesseractDpi } from './tesseract-pool.js';
