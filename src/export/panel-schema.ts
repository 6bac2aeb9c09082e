import { z } from 'zod';
import { PANEL_COLUMNS, type PanelColumn } from './panel.js';

const NOT_NULL = new Set<PanelColumn['key']>([
  'family',
  'family_name',
  'table_title',
  'row_key',
  'row_label',
  'row_role',
  'column_key',
  'column_label',
  'raw',
  'corrected',
  'file',
  'sha256',
  'table_id',
  'row_id',
]);

function field(c: PanelColumn): z.ZodType {
  const base =
    c.key === 'corrected'
      ? z.boolean()
      : c.type === 'INTEGER'
        ? z.number().int()
        : c.type === 'REAL'
          ? z.number()
          : z.string();
  return (NOT_NULL.has(c.key) ? base : base.nullable()).describe(c.doc);
}

/** One record of `tally export --panel --format json`. */
export const PanelRecordSchema = z
  .object(Object.fromEntries(PANEL_COLUMNS.map((c) => [c.key, field(c)])))
  .strict();

/** The whole JSON panel export. */
export const PanelExportSchema = z
  .object({
    format: z.literal('tally-panel/1'),
    unit: z.enum(['元', '万元']).describe('Unit every amount `value` is normalized to'),
    columns: z.array(z.string()).describe('Record keys, in export order'),
    records: z.array(PanelRecordSchema),
    corrections: z
      .array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])))
      .optional()
      .describe(
        'The corrections trail (with --audit), one record per correction, undone and orphaned ones included',
      ),
  })
  .describe(
    'tally panel export: department × year × family × row × column, corrections applied, provenance kept',
  );

/** JSON Schema (draft 2020-12) of the panel JSON export (docs/panel-export.schema.json). */
export function jsonSchemaOfPanel(): Record<string, unknown> {
  return { title: 'tally panel export', ...z.toJSONSchema(PanelExportSchema, { target: 'draft-2020-12' }) };
}
