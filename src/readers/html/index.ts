export { htmlReader, decodeHtml } from './html-reader.js';
export { htmlToBlocks, MAX_HTML_CHARS } from './html-to-blocks.js';
export type { HtmlBlocks, HtmlToBlocksOptions } from './html-to-blocks.js';
