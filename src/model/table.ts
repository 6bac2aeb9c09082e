import { z } from 'zod';
import { Provenance } from './provenance.js';

/**
 * Table families, recognised by title and header signature (never by the "公开NN表" number, which
 * differs between regions and years). `unknown` keeps any other table with its full grid.
 */
export const TableType = z.enum([
  // 部门决算 (final accounts): the nine 公开 tables
  'income_expenditure_summary', // 收入支出决算总表
  'income', // 收入决算表
  'expenditure', // 支出决算表
  'fiscal_summary', // 财政拨款收入支出决算总表
  'general_budget_expenditure', // 一般公共预算财政拨款支出决算表
  'basic_expenditure', // 一般公共预算财政拨款基本支出决算(明细)表
  'government_fund', // 政府性基金预算财政拨款收入支出决算表
  'state_capital', // 国有资本经营预算财政拨款支出决算表
  'three_public', // 财政拨款“三公”经费支出决算表
  // 部门预算 (budgets): sibling tables
  'budget_summary', // 收支预算总表
  'budget_income', // 收入预算表 / 部门收入总表
  'budget_expenditure', // 支出预算表 / 部门支出总表
  'budget_fiscal_summary', // 财政拨款收支预算总表
  'budget_general_expenditure', // 一般公共预算支出表
  'budget_basic_expenditure', // 一般公共预算基本支出表
  'budget_government_fund', // 政府性基金预算支出表
  'budget_state_capital', // 国有资本经营预算支出表
  'budget_three_public', // 一般公共预算“三公”经费支出表
  'budget_procurement', // 政府采购预算表
  'budget_operating_costs', // 机关运行经费支出预算表
  'budget_project_expenditure', // 项目支出预算表 / 专项业务经费支出表
  'budget_carryover', // 财政拨款结转资金支出表
  'budget_purchased_services', // 政府购买服务预算(明细)表
  // 绩效 (performance)
  'performance_overall', // 部门整体支出绩效目标表
  'special_fund_summary', // 专项资金绩效目标汇总表
  'special_fund_direction', // 专项资金支出方向绩效目标表
  'self_evaluation_overall', // 部门整体支出绩效自评表
  'self_evaluation_project', // 项目支出绩效自评表
  'performance_project', // 项目支出绩效目标表
  'unknown',
]);
export type TableType = z.infer<typeof TableType>;

/** The nine tables every 部门决算 publishes (公开01–09 in most regions), in their usual order. */
export const FINAL_ACCOUNT_TABLES: readonly TableType[] = [
  'income_expenditure_summary',
  'income',
  'expenditure',
  'fiscal_summary',
  'general_budget_expenditure',
  'basic_expenditure',
  'government_fund',
  'state_capital',
  'three_public',
];

/** Money units. Every amount in a normalized table is in the table's one unit. */
export const MoneyUnit = z.enum(['yuan', 'wan_yuan', 'yi_yuan']);
export type MoneyUnit = z.infer<typeof MoneyUnit>;
/** How a unit is printed, for messages and exports. */
export const MONEY_UNIT_NAME: Readonly<Record<MoneyUnit, string>> = {
  yuan: '元',
  wan_yuan: '万元',
  yi_yuan: '亿元',
};

/** What a column holds. */
export const ColumnKind = z.enum(['amount', 'number', 'percent', 'code', 'label', 'text', 'indicator']);
export type ColumnKind = z.infer<typeof ColumnKind>;

export const Column = z.object({
  /** English snake_case key, stable per family (e.g. basic_expenditure for 基本支出). */
  key: z.string().regex(/^[a-z][a-z0-9_]*$/),
  /** The header as printed, levels joined with " / " (e.g. "本年支出 / 基本支出"). */
  label: z.string(),
  kind: ColumnKind,
});
export type Column = z.infer<typeof Column>;

/** Comparators found in indicator values (≥ ≤ ≦ ＞ …), normalized. */
export const Comparator = z.enum(['>=', '<=', '>', '<', '=']);
export type Comparator = z.infer<typeof Comparator>;

/** One value of a normalized table. */
export const Cell = z.object({
  /** The source text after artifact stripping (bullets, bookmarks), before any parsing. */
  raw: z.string(),
  /**
   * The number, when the cell is numeric. Amount columns are converted to the table's unit;
   * percentages are given in percent (12.5 for "12.5%"). null for blanks, placeholders and text.
   */
  value: z.number().nullable(),
  /** The source cell was empty (kept apart from an explicit 0). */
  blank: z.boolean(),
  /** The source cell held a placeholder such as "-", "—", "/" (no value, but not empty). */
  placeholder: z.boolean().optional(),
  comparator: Comparator.optional(),
  /** The value was written as a percentage. */
  percent: z.boolean().optional(),
  /** A unit written in the cell itself ("0.8万元", "≥600家"), as printed. */
  unitText: z.string().optional(),
  /**
   * Cells read by OCR only: recognition confidence 0..1 of the least certain OCR word inside the cell's box
   * (from the page's spans, origin "ocr"). Absent for text from a text layer or a structured source.
   */
  ocrConfidence: z.number().min(0).max(1).optional(),
  /** Where the cell is in the source. */
  source: Provenance,
});
export type Cell = z.infer<typeof Cell>;

/** Level of a function classification code (功能分类: 类 3 digits, 款 5, 项 7) or economic code (经济分类: 3 / 5). */
export const CodeLevel = z.enum(['lei', 'kuan', 'xiang', 'econ_class', 'econ_item']);
export type CodeLevel = z.infer<typeof CodeLevel>;

/** How a row relates to others. */
export const RowRole = z.enum(['data', 'total', 'subtotal', 'column_numbers', 'note']);
export type RowRole = z.infer<typeof RowRole>;

export const Row = z.object({
  /** Stable id within the table, e.g. "r12", or "c2010401" for a coded row. */
  id: z.string(),
  /** Classification code when the row has one: function codes 3/5/7 digits, economic codes 3/5 digits. */
  code: z.string().optional(),
  codeLevel: CodeLevel.optional(),
  /** Row label as printed, wrapped lines rejoined. */
  label: z.string(),
  role: RowRole,
  /**
   * Part of the table the row belongs to, for tables with parts: "income" / "expenditure" in the side-by-side
   * 总表s, "work_plan" / "indicators" / "details" in the 绩效 forms.
   */
  section: z.string().optional(),
  /** Id of the row this row adds up into (类 ← 款 ← 项, 一 ← 1, 301 ← 30101), when the table is a hierarchy. */
  parent: z.string().optional(),
  /** Values by column key. Columns with nothing in this row are present with blank=true. */
  cells: z.record(z.string(), Cell),
  /** Where the whole row is in the source. */
  source: Provenance,
});
export type Row = z.infer<typeof Row>;

/** A table after family recognition and normalization. */
export const NormalizedTable = z.object({
  /** Stable id within the document: "t" + index, e.g. "t4". */
  id: z.string(),
  type: TableType,
  /** Title as printed (e.g. "支出决算表"), or '' when the table has none. */
  title: z.string(),
  /** The money unit all amount cells are in; null when the table has no amounts. */
  unit: MoneyUnit.nullable(),
  /** The unit as printed ("单位：万元"), when printed. */
  unitText: z.string().optional(),
  /** The table's number as printed ("公开03表", "附表2"), informational only. */
  label: z.string().optional(),
  columns: z.array(Column),
  rows: z.array(Row),
  /** An unfilled template (A专项, 支出方向（子项）1, ……): recognised, not read as data. */
  template: z.boolean(),
  /** Key/value fields printed inside or around the form (部门名称, 项目名称, 资金总额 …), by English key. */
  fields: z.record(z.string(), Cell).optional(),
  /** Id of the grid it was built from (the grid is kept in the result for every table). */
  grid: z.string(),
  /** Pages the table spans, for paged sources. */
  pages: z.array(z.number().int().positive()).optional(),
  source: Provenance,
});
export type NormalizedTable = z.infer<typeof NormalizedTable>;
