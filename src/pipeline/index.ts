export { extractFile, extractBytes } from './extract.js';
export type { ExtractOptions, ExtractProgress, OcrStage } from './extract.js';
