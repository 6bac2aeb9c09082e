import type { ExtractionResult } from '../../src/model/index.js';

/**
 * The part of a result a golden file pins: every table's rows and values, every anomaly's place, severity and
 * suggestion. Provenance and messages are checked by explicit assertions instead, so wording can improve
 * without rewriting goldens.
 */
export function project(result: ExtractionResult): unknown {
  return {
    meta: result.meta,
    status: result.status,
    tables: result.tables.map((t) => ({
      id: t.id,
      type: t.type,
      title: t.title,
      unit: t.unit,
      template: t.template,
      columns: t.columns.map((c) => `${c.key}: ${c.label}`),
      fields: t.fields
        ? Object.fromEntries(Object.entries(t.fields).map(([k, c]) => [k, c.value ?? c.raw]))
        : undefined,
      rows: t.rows.map((r) => [
        r.id,
        r.label,
        ...Object.entries(r.cells).map(([k, c]) => `${k}=${c.value ?? (c.blank ? '' : c.raw.slice(0, 40))}`),
      ]),
    })),
    anomalies: result.anomalies.map((a) => ({
      id: a.id,
      severity: a.severity,
      at: [a.table, a.row, a.column].filter(Boolean).join('/'),
      found: a.found,
      expected: a.expected,
      suggestion: a.suggestion?.value,
    })),
  };
}
