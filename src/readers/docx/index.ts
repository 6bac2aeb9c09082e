export { docxReader } from './docx-reader.js';
