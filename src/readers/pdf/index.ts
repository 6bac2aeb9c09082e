export { pdfReader } from './pdf-reader.js';
export { loadPdfDocument, loadPdfJs } from './pdfjs.js';
export type { LoadPdfOptions, PDFDocumentProxy, PDFPageProxy } from './pdfjs.js';
export { normalizeText } from './text-spans.js';
