export { extractFile, extractBytes } from './extract.js';
export type { ExtractOptions, OcrStage } from './extract.js';
