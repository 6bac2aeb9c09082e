export { textExportReader, textExportToBlocks, detectDialect, decodeText } from './text-export-reader.js';
export type { TextDialect } from './text-export-reader.js';
