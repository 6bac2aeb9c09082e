import type { Correction, TidyCell } from '../store/index.js';

type Scalar = string | number | boolean | null;

/** One column of the tidy long table: its name in every export, and how it is read off a cell. */
export interface TidyColumn {
  readonly key: string;
  readonly get: (c: TidyCell) => Scalar;
}

const bbox = (c: TidyCell): string | null => {
  const b = c.source.bbox;
  return b ? [b.x0, b.y0, b.x1, b.y1].map((n) => Math.round(n * 100) / 100).join(',') : null;
};
const line = (c: TidyCell): string | null => {
  const l = c.source.line;
  return l ? (l.start === l.end ? String(l.start) : `${l.start}-${l.end}`) : null;
};
const sourceCell = (c: TidyCell): string | null => {
  const s = c.source.cell;
  if (!s) return null;
  return s.address ? `${s.sheet ? `${s.sheet}!` : ''}${s.address}` : `${s.grid}[${s.row},${s.col}]`;
};

/**
 * The tidy long table, one record per value: the same columns, in the same order, in CSV, JSON, XLSX
 * and SQLite exports. `value` is the corrected value when a reviewer corrected the cell (`corrected`
 * true, the extracted figure kept in `original_value`). bbox is in PDF points, origin top-left.
 */
export const TIDY_COLUMNS: readonly TidyColumn[] = [
  { key: 'sha256', get: (c) => c.sha256 },
  { key: 'path', get: (c) => c.path },
  { key: 'department', get: (c) => c.department },
  { key: 'year', get: (c) => c.year },
  { key: 'table_id', get: (c) => c.tableId },
  { key: 'table_type', get: (c) => c.tableType },
  { key: 'table_title', get: (c) => c.tableTitle },
  { key: 'row_id', get: (c) => c.rowId },
  { key: 'row_code', get: (c) => c.rowCode },
  { key: 'row_label', get: (c) => c.rowLabel },
  { key: 'row_role', get: (c) => c.rowRole },
  { key: 'column_key', get: (c) => c.columnKey },
  { key: 'column_label', get: (c) => c.columnLabel },
  { key: 'value', get: (c) => c.value },
  { key: 'raw', get: (c) => c.raw },
  { key: 'blank', get: (c) => c.blank },
  { key: 'unit', get: (c) => c.unit },
  { key: 'corrected', get: (c) => c.corrected },
  { key: 'original_value', get: (c) => c.originalValue },
  { key: 'anomaly_rules', get: (c) => (c.anomalyRules.length ? c.anomalyRules.join(';') : null) },
  {
    key: 'anomaly_severities',
    get: (c) => (c.anomalySeverities.length ? c.anomalySeverities.join(';') : null),
  },
  { key: 'page', get: (c) => c.source.page ?? null },
  { key: 'bbox', get: bbox },
  { key: 'line', get: line },
  { key: 'source_cell', get: sourceCell },
];

export function tidyRecord(c: TidyCell): Record<string, Scalar> {
  return Object.fromEntries(TIDY_COLUMNS.map((col) => [col.key, col.get(c)]));
}

/** The corrections trail (`--audit`), one record per correction, undone ones included. */
export const AUDIT_COLUMNS: readonly { key: string; header: string; get: (c: Correction) => Scalar }[] = [
  { key: 'id', header: '记录号', get: (c) => c.id },
  { key: 'sha256', header: '文件哈希', get: (c) => c.sha256 },
  { key: 'kind', header: '类型', get: (c) => c.kind },
  { key: 'anomaly_id', header: '异常编号', get: (c) => c.anomalyId },
  { key: 'table_id', header: '表', get: (c) => c.table },
  { key: 'row_id', header: '行', get: (c) => c.row },
  { key: 'column_key', header: '列', get: (c) => c.column },
  { key: 'old_value', header: '原值', get: (c) => c.oldValue },
  { key: 'new_value', header: '新值', get: (c) => c.newValue },
  { key: 'reason', header: '理由', get: (c) => c.reason },
  { key: 'reviewer', header: '审核人', get: (c) => c.reviewer },
  { key: 'at', header: '时间', get: (c) => c.at },
  { key: 'undone_at', header: '撤销时间', get: (c) => c.undoneAt },
  { key: 'orphaned_at', header: '失效时间', get: (c) => c.orphanedAt },
];

export function auditRecord(c: Correction): Record<string, Scalar> {
  return Object.fromEntries(AUDIT_COLUMNS.map((col) => [col.key, col.get(c)]));
}
