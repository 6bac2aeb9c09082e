export { extractFile, extractBytes, unreadPageWarning, UNREAD_PAGE_WARNING } from './extract.js';
export type { ExtractOptions, ExtractProgress, OcrStage } from './extract.js';
