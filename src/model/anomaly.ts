import { z } from 'zod';
import { Provenance } from './provenance.js';

/** error: arithmetic or consistency fails; warning: suspicious; info: explained (e.g. 尾数误差 rounding). */
export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

/** Rule families. Each anomaly names the one rule that raised it. */
export const RuleId = z.enum([
  'row_identity', // 本年支出合计 = 基本支出 + 项目支出 + …, 资金总额 = 基本支出 + 项目支出
  'column_sum', // 合计 = Σ rows
  'hierarchy_sum', // 类 = Σ 款 = Σ 项; 301 = Σ 301xx; 人员经费/公用经费合计
  'cross_table', // the same figure in two tables disagrees
  'cross_year', // two documents of one department disagree (年初 = 上年年末), or a total changed beyond a threshold
  'narrative_mismatch', // the text (情况说明, 测算说明) states a figure the tables contradict
  'unit_suspect', // amounts in 元 inside a 万元 table
  'magnitude_outlier', // implausible size against the row / column
  'decimal_pattern', // more decimals than the table uses
  'template_unfilled', // an unfilled template, recognised as such
  'empty_table', // a table with no data where other tables say there should be
  'parse_error', // a cell that should be numeric does not parse
  'missing_table', // a table the document's kind requires (per catalog) is absent
  'toc_mismatch', // the 目录 lists a table the body lacks, or the body has one the 目录 omits
  'placeholder_text', // template text left in (XX局, ××, 某某, 【单位名称】)
  'metadata_mismatch', // year or department differs between cover, headings, tables and text
  'structure_suspect', // a table whose header, columns or rows fit its family poorly: one warning, no cascade
  'check_skipped', // a check that could not run because its table is absent or unreadable
  'ocr_disagreement', // a scanned figure read differently by the two OCR engines, no identity deciding
]);
export type RuleId = z.infer<typeof RuleId>;

/** A place in the normalized result. */
export const CellRef = z.object({
  table: z.string(),
  row: z.string().optional(),
  column: z.string().optional(),
});
export type CellRef = z.infer<typeof CellRef>;

/** A proposed replacement for one cell, with the arithmetic that supports it. */
export const Suggestion = z.object({
  table: z.string(),
  row: z.string(),
  column: z.string(),
  /** The proposed value, in the table's unit. */
  value: z.number(),
  /** How the value was derived, e.g. "10.59 − 2.02". */
  derivation: z.string(),
  /** Identities (by anomaly id) this value restores. */
  restores: z.array(z.string()),
  /** Identities the value also satisfies that were not broken (confirmations, e.g. the column total). */
  confirmedBy: z.array(z.string()),
});
export type Suggestion = z.infer<typeof Suggestion>;

/** A problem found in a document: data, never an exception. */
export const Anomaly = z.object({
  /** Stable within the document: rule + place, e.g. "row_identity:t3:c2159999". */
  id: z.string(),
  rule: RuleId,
  severity: Severity,
  /** Table id the anomaly is anchored in (the left-hand side of the identity). */
  table: z.string(),
  row: z.string().optional(),
  column: z.string().optional(),
  /** The figure as found (for sums: the printed total). */
  found: z.union([z.number(), z.string()]).optional(),
  /** The figure the arithmetic expects (for sums: the computed sum). */
  expected: z.union([z.number(), z.string()]).optional(),
  /** found − expected, in the table's unit, when both are numbers. */
  difference: z.number().optional(),
  /** Largest gap rounding of the addends can explain (n_addends × half a unit in the last place). */
  tolerance: z.number().optional(),
  /** The identity in words with the figures, e.g. "本年支出合计 = 基本支出 + 项目支出 + …". */
  formula: z.string().optional(),
  suggestion: Suggestion.optional(),
  /** For a reviewer, Simplified Chinese. */
  message: z.string(),
  /** The other cells the identity involves. */
  related: z.array(CellRef),
  /** Where the anchored cell is in the source. */
  source: Provenance,
  /** Every place the same fact is stated, when more than one (one anomaly per fact; source is the first). */
  places: z.array(Provenance).optional(),
});
export type Anomaly = z.infer<typeof Anomaly>;
