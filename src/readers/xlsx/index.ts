export { xlsxReader, decodeAddress } from './xlsx-reader.js';
export { formatNumber, formatDate } from './display-text.js';
