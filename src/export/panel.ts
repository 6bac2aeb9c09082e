import { LINE_NO_HEADER, family } from '../catalog/index.js';
import type { MoneyUnit, TableType } from '../model/index.js';
import { MONEY_UNIT_NAME } from '../model/index.js';
import type { TidyCell } from '../store/index.js';

/** The unit amounts are normalized to in a panel export. */
export type PanelUnit = 'yuan' | 'wan_yuan';
export const PANEL_UNITS: readonly PanelUnit[] = ['yuan', 'wan_yuan'];

const TO_YUAN: Record<MoneyUnit, number> = { yuan: 1, wan_yuan: 1e4, yi_yuan: 1e8 };

type Scalar = string | number | boolean | null;
export type SqlType = 'TEXT' | 'INTEGER' | 'REAL';

/** One value of the panel: department × year × family × row × column, corrections applied, provenance kept. */
export interface PanelRecord {
  readonly department_id: number | null;
  readonly department: string | null;
  readonly department_printed: string | null;
  readonly year: number | null;
  readonly kind: string | null;
  readonly family: TableType;
  readonly family_name: string;
  readonly table_title: string;
  readonly row_key: string;
  readonly row_code: string | null;
  readonly row_label: string;
  readonly row_role: string;
  readonly column_key: string;
  readonly column_label: string;
  readonly value: number | null;
  readonly unit: string | null;
  readonly value_printed: number | null;
  readonly unit_printed: string | null;
  readonly raw: string;
  readonly corrected: boolean;
  readonly original_value: number | null;
  readonly anomaly_rules: string | null;
  readonly file: string;
  readonly sha256: string;
  readonly table_id: string;
  readonly row_id: string;
  readonly page: number | null;
  readonly bbox: string | null;
  readonly line: string | null;
  readonly source_cell: string | null;
}

/** A panel column: its key, its Chinese header (XLSX), its SQLite type, its XLSX width and number format. */
export interface PanelColumn {
  readonly key: keyof PanelRecord;
  readonly header: string;
  readonly type: SqlType;
  readonly width: number;
  readonly numFmt?: string;
  /** One-line description (the JSON Schema's). */
  readonly doc: string;
}

export const PANEL_COLUMNS: readonly PanelColumn[] = [
  {
    key: 'department_id',
    header: '部门编号',
    type: 'INTEGER',
    width: 8,
    doc: 'Department identity across documents and years (store id)',
  },
  {
    key: 'department',
    header: '部门',
    type: 'TEXT',
    width: 28,
    doc: 'Department name (the identity’s name, merges applied)',
  },
  {
    key: 'department_printed',
    header: '部门（原文）',
    type: 'TEXT',
    width: 28,
    doc: 'Department as this document prints it',
  },
  { key: 'year', header: '年度', type: 'INTEGER', width: 7, doc: 'Fiscal year the document reports on' },
  {
    key: 'kind',
    header: '文件类型',
    type: 'TEXT',
    width: 14,
    doc: 'final_accounts (决算), budget (预算), …',
  },
  {
    key: 'family',
    header: '表类型',
    type: 'TEXT',
    width: 24,
    doc: 'Table family key (NormalizedTable.type)',
  },
  {
    key: 'family_name',
    header: '表名（标准）',
    type: 'TEXT',
    width: 28,
    doc: 'The family’s standard Chinese name',
  },
  { key: 'table_title', header: '表名（原文）', type: 'TEXT', width: 28, doc: 'The table title as printed' },
  {
    key: 'row_key',
    header: '行键',
    type: 'TEXT',
    width: 24,
    doc: 'Stable row key: catalog row id, else code, else label',
  },
  {
    key: 'row_code',
    header: '科目编码',
    type: 'TEXT',
    width: 10,
    doc: 'Classification code (功能/经济分类), when the row has one',
  },
  { key: 'row_label', header: '项目', type: 'TEXT', width: 30, doc: 'Row label as printed' },
  { key: 'row_role', header: '行类型', type: 'TEXT', width: 8, doc: 'data, total or subtotal' },
  { key: 'column_key', header: '列键', type: 'TEXT', width: 18, doc: 'Column key, stable per family' },
  { key: 'column_label', header: '列名', type: 'TEXT', width: 22, doc: 'Column header as printed' },
  {
    key: 'value',
    header: '数值',
    type: 'REAL',
    width: 16,
    numFmt: '#,##0.00',
    doc: 'Value in `unit` (amounts normalized), corrected when a reviewer corrected it',
  },
  {
    key: 'unit',
    header: '单位',
    type: 'TEXT',
    width: 6,
    doc: 'Unit of `value`: 元 or 万元 for amounts, % for percentages, null otherwise',
  },
  {
    key: 'value_printed',
    header: '数值（原单位）',
    type: 'REAL',
    width: 16,
    numFmt: '#,##0.00',
    doc: 'The same value in the table’s printed unit',
  },
  {
    key: 'unit_printed',
    header: '原单位',
    type: 'TEXT',
    width: 12,
    doc: 'The unit as the table prints it (单位：万元), or its name',
  },
  { key: 'raw', header: '原文', type: 'TEXT', width: 14, doc: 'Cell text as extracted' },
  {
    key: 'corrected',
    header: '已更正',
    type: 'INTEGER',
    width: 7,
    doc: 'A reviewer corrected the value (1) or not (0)',
  },
  {
    key: 'original_value',
    header: '原值',
    type: 'REAL',
    width: 16,
    numFmt: '#,##0.00',
    doc: 'The extracted value in `unit`, before corrections',
  },
  {
    key: 'anomaly_rules',
    header: '异常规则',
    type: 'TEXT',
    width: 16,
    doc: 'Rules of open anomalies on this cell, ;-separated',
  },
  { key: 'file', header: '文件', type: 'TEXT', width: 30, doc: 'Path of the source file' },
  {
    key: 'sha256',
    header: 'SHA-256',
    type: 'TEXT',
    width: 14,
    doc: 'Document identity (sha256 of its bytes)',
  },
  {
    key: 'table_id',
    header: '表编号',
    type: 'TEXT',
    width: 7,
    doc: 'Table id within the document (positional)',
  },
  { key: 'row_id', header: '行编号', type: 'TEXT', width: 12, doc: 'Row id within the table' },
  { key: 'page', header: '页码', type: 'INTEGER', width: 6, doc: '1-based page, for paged sources' },
  {
    key: 'bbox',
    header: '位置',
    type: 'TEXT',
    width: 18,
    doc: 'Cell box x0,y0,x1,y1 in PDF points, origin top-left',
  },
  { key: 'line', header: '行号', type: 'TEXT', width: 8, doc: 'Source text line(s), for text sources' },
  {
    key: 'source_cell',
    header: '源单元格',
    type: 'TEXT',
    width: 12,
    doc: 'Source grid cell (sheet!A1 for XLSX)',
  },
];

/** 行次 / 栏次 / 序号 columns (line_no, seq and their numbered twins) number the lines: they are not values. */
export function isLineNumberColumn(key: string, label: string): boolean {
  const last = label.split(' / ').pop()?.trim() ?? '';
  return /^(line_no|seq)(_\d+)?$/.test(key) || LINE_NO_HEADER.test(last);
}

const POSITIONAL_ROW = /^r\d+[a-z]?$/;

export function familyName(type: TableType): string {
  return family(type)?.name ?? type;
}

const round = (n: number): number => Math.round(n * 1e8) / 1e8;

/**
 * The panel's records from the tidy cells: value cells only (line numbers, labels and codes are columns of
 * the row, not values; blanks and column-number rows are left out), amounts in `unit` with the printed figure
 * and unit beside them.
 */
export function* panelRecords(
  cells: Iterable<TidyCell>,
  unit: PanelUnit = 'wan_yuan',
): Generator<PanelRecord> {
  for (const c of cells) {
    if (c.blank || c.rowRole === 'column_numbers' || c.rowRole === 'note') continue;
    if (c.columnKind === 'label' || c.columnKind === 'code') continue;
    if (isLineNumberColumn(c.columnKey, c.columnLabel)) continue;
    const amount = c.columnKind === 'amount' && c.unit !== null;
    const factor = amount && c.unit ? TO_YUAN[c.unit] / TO_YUAN[unit] : 1;
    const scale = (v: number | null): number | null => (v === null ? null : amount ? round(v * factor) : v);
    const b = c.source.bbox;
    const l = c.source.line;
    const s = c.source.cell;
    yield {
      department_id: c.departmentId,
      department: c.departmentName ?? c.department,
      department_printed: c.department,
      year: c.year,
      kind: c.kind,
      family: c.tableType,
      family_name: familyName(c.tableType),
      table_title: c.tableTitle,
      row_key: POSITIONAL_ROW.test(c.rowId) ? (c.rowCode ?? c.rowLabel) : c.rowId,
      row_code: c.rowCode,
      row_label: c.rowLabel,
      row_role: c.rowRole,
      column_key: c.columnKey,
      column_label: c.columnLabel,
      value: scale(c.value),
      unit: amount ? MONEY_UNIT_NAME[unit] : c.columnKind === 'percent' ? '%' : null,
      value_printed: c.value,
      unit_printed: amount && c.unit ? (c.unitText ?? MONEY_UNIT_NAME[c.unit]) : null,
      raw: c.raw,
      corrected: c.corrected,
      original_value: scale(c.originalValue),
      anomaly_rules: c.anomalyRules.length ? c.anomalyRules.join(';') : null,
      file: c.path,
      sha256: c.sha256,
      table_id: c.tableId,
      row_id: c.rowId,
      page: c.source.page ?? null,
      bbox: b ? [b.x0, b.y0, b.x1, b.y1].map((n) => Math.round(n * 100) / 100).join(',') : null,
      line: l ? (l.start === l.end ? String(l.start) : `${l.start}-${l.end}`) : null,
      source_cell: s
        ? s.address
          ? `${s.sheet ? `${s.sheet}!` : ''}${s.address}`
          : `${s.grid}[${s.row},${s.col}]`
        : null,
    };
  }
}

export function panelRow(r: PanelRecord): Scalar[] {
  return PANEL_COLUMNS.map((c) => r[c.key]);
}

/** One family's wide sheet: a row per department × row, a column per column × year (years side by side). */
export interface WideSheet {
  readonly family: TableType;
  readonly name: string;
  readonly header: readonly string[];
  /** Indexes of header columns holding amounts (number format). */
  readonly numeric: readonly number[];
  readonly rows: readonly Scalar[][];
}

const WIDE_HEAD = ['部门', '科目编码', '项目', '行键', '单位'];

export function wideSheets(records: Iterable<PanelRecord>): WideSheet[] {
  interface Fam {
    columns: Map<string, string>;
    years: Set<number>;
    rows: Map<string, { head: Scalar[]; values: Map<string, Scalar> }>;
  }
  const fams = new Map<TableType, Fam>();
  for (const r of records) {
    let f = fams.get(r.family);
    if (!f) fams.set(r.family, (f = { columns: new Map(), years: new Set(), rows: new Map() }));
    if (!f.columns.has(r.column_key)) f.columns.set(r.column_key, r.column_label);
    const year = r.year ?? 0;
    f.years.add(year);
    const key = `${r.department_id ?? r.department ?? ''}\u0000${r.row_key}`;
    let row = f.rows.get(key);
    if (!row)
      f.rows.set(
        key,
        (row = { head: [r.department, r.row_code, r.row_label, r.row_key, r.unit], values: new Map() }),
      );
    row.values.set(`${r.column_key}\u0000${year}`, r.value ?? (r.raw === '' ? null : r.raw));
  }
  const out: WideSheet[] = [];
  for (const [type, f] of fams) {
    const years = [...f.years].sort((a, b) => a - b);
    const cols = [...f.columns.entries()].flatMap(([key, label]) => years.map((y) => ({ key, label, y })));
    out.push({
      family: type,
      name: familyName(type),
      header: [...WIDE_HEAD, ...cols.map((c) => `${c.label} ${c.y || '年度不详'}`)],
      numeric: cols.map((_, i) => WIDE_HEAD.length + i),
      rows: [...f.rows.values()].map((r) => [
        ...r.head,
        ...cols.map((c) => r.values.get(`${c.key}\u0000${c.y}`) ?? null),
      ]),
    });
  }
  return out;
}
