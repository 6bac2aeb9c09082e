export { TIDY_COLUMNS, AUDIT_COLUMNS, tidyRecord, auditRecord } from './tidy.js';
export type { TidyColumn } from './tidy.js';
export { writeCsv, csvField } from './csv.js';
export { writeXlsx } from './xlsx.js';
export {
  PANEL_COLUMNS,
  PANEL_UNITS,
  panelRecords,
  panelRow,
  wideSheets,
  isLineNumberColumn,
  familyName,
} from './panel.js';
export type { PanelRecord, PanelColumn, PanelUnit, WideSheet, SqlType } from './panel.js';
export { writePanelXlsx } from './panel-xlsx.js';
export { PanelExportSchema, PanelRecordSchema, jsonSchemaOfPanel } from './panel-schema.js';
