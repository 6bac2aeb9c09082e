export type { Reader, ReaderInput, ReadOptions } from './reader.js';
export { detectFormat, readerFor, KNOWN_EXTENSIONS } from './registry.js';
export type { DetectedFormat } from './registry.js';
