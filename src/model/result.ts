import { Provenance } from './provenance.js';
import { z } from 'zod';
import { Anomaly } from './anomaly.js';
import { TextBlock } from './blocks.js';
import { Grid } from './grid.js';
import { SourceDocument } from './source.js';
import { MoneyUnit, NormalizedTable } from './table.js';

/** What kind of disclosure a document is. */
export const DocumentKind = z.enum([
  'final_accounts',
  'budget',
  'performance_targets',
  'self_evaluation',
  'unknown',
]);
export type DocumentKind = z.infer<typeof DocumentKind>;

export const DocumentMeta = z.object({
  /** Department (部门 / 填报单位), as printed; null when none was found. */
  department: z.string().nullable(),
  /** Fiscal year the document reports on (2023 for "2023年度部门决算"). */
  year: z.number().int().nullable(),
  kind: DocumentKind,
  /** The unit most tables use. */
  unit: MoneyUnit.nullable(),
  /** 部门 (a department and its units, 汇总) or 单位 (one unit); null when the document does not say. */
  scope: z.enum(['department', 'unit']).nullable().optional(),
  /** The reporting unit (预算单位 / 单位名称) when it differs from the department, as printed. */
  unitName: z.string().nullable().optional(),
  /** Where each metadata value was read from: the text that gave it and its place. */
  evidence: z
    .array(
      z.object({
        /** Which field this supports. */
        field: z.enum(['kind', 'year', 'department', 'scope', 'unitName']),
        /** The value it supports, as stored in the field. */
        value: z.union([z.string(), z.number()]),
        /** cover | heading | table_title | table_header | text | file_name */
        from: z.enum(['cover', 'heading', 'table_title', 'table_header', 'text', 'file_name']),
        /** The printed text it was read from (one line, trimmed). */
        text: z.string(),
        source: Provenance.optional(),
      }),
    )
    .optional(),
});
export type DocumentMeta = z.infer<typeof DocumentMeta>;

/** ok: no errors; partial: read, but errors recorded (or parts unread); failed: nothing usable. */
export const ResultStatus = z.enum(['ok', 'partial', 'failed']);
export type ResultStatus = z.infer<typeof ResultStatus>;

/** The output of `tally extract --json`: one document, everything tally knows about it. */
export const ExtractionResult = z.object({
  /** Version of this schema; bumped when fields change meaning. */
  schemaVersion: z.literal(1),
  source: SourceDocument,
  meta: DocumentMeta,
  tables: z.array(NormalizedTable),
  /** Every grid the tables were built from (and grids no table came from), by id. Nothing is dropped. */
  grids: z.array(Grid),
  /** Narrative text (情况说明, 自评报告, notes), in reading order, with its place. */
  texts: z.array(TextBlock),
  anomalies: z.array(Anomaly),
  status: ResultStatus,
  /** Reader and stage notes that are not anomalies. */
  warnings: z.array(z.string()),
  /** What the checks covered: narrative claims found / resolved to table figures / left unresolved. */
  checks: z
    .object({
      claims: z.object({
        found: z.number().int().nonnegative(),
        resolved: z.number().int().nonnegative(),
        unresolved: z.number().int().nonnegative(),
      }),
    })
    .optional(),
});
export type ExtractionResult = z.infer<typeof ExtractionResult>;
