export { TIDY_COLUMNS, AUDIT_COLUMNS, tidyRecord, auditRecord } from './tidy.js';
export type { TidyColumn } from './tidy.js';
export { writeCsv, csvField } from './csv.js';
export { writeXlsx } from './xlsx.js';
