/**
 * The shape of what tally knows about a table family, as data. One file per family under families/ fills it;
 * recognition (src/normalize/families.ts), the layout readers (src/normalize/*.ts) and the checks
 * (src/validate/rules/*.ts) read it. Supporting a new region's variant is an edit of that family's file.
 */
import type { RuleId, TableType } from '../model/index.js';

/** How a family's grid is laid out, which decides the reader (src/normalize) that turns it into rows. */
export type Layout =
  | 'coded' // rows by classification code (one code column, or split over 类/款/项): 收入/支出决算表 …
  | 'summary' // two (or three) tables side by side, 收入 | 支出: the 总表s
  | 'groups' // three (code, name, amount) groups side by side: 基本支出(明细)表
  | 'wide' // a few rows under a deep header: 三公经费表
  | 'two_level' // a category column and an item column (收入预算总表: 一般公共预算资金 | 小计 / 公共财政拨款 …)
  | 'performance_overall'
  | 'special_fund_summary'
  | 'special_fund_direction'
  | 'self_evaluation'
  | 'indicator_grid' // one row per indicator, its project's name and funds in merged cells beside (北京 预算12表)
  | 'generic';

/** Which documents print the family. */
export type FamilyKind = 'final' | 'budget' | 'performance';

/** One way a family is printed; the first variant whose `header` patterns all occur in the header text wins. */
export interface LayoutVariant {
  readonly layout: Layout;
  /** Patterns tested against the compact text of the first header rows; all must match. None: the default. */
  readonly header?: readonly RegExp[];
  /** Where this variant is printed and how it differs, for the next person who edits the file. */
  readonly note: string;
}

/** Within one row: total column = Σ parts − Σ minus (column keys). */
export interface RowRule {
  readonly total: string;
  readonly parts: readonly string[];
  readonly minus?: readonly string[];
  /** Apply to each group of columns sharing a key prefix ("budget_", "final_" in the 三公 tables). */
  readonly perPrefix?: boolean;
  /** Only when the table has this column (prefix applied). */
  readonly ifColumn?: string;
  /** Only when the table lacks this column (prefix applied). */
  readonly unlessColumn?: string;
}

/** Rows an identity adds up. */
export type RowSelector =
  /**
   * These rows, by id, when present (with topLevel, only those not printed under another row; with before / after,
   * only those printed above / below that row, when it is there).
   */
  | {
      readonly ids: readonly string[];
      readonly topLevel?: boolean;
      readonly before?: string;
      readonly after?: string;
    }
  /**
   * The rows of a section at the top of its hierarchy (no parent) and of role data, printed before `before`,
   * except ids matching `exclude`; `only` keeps just the ids matching it.
   */
  | {
      readonly section: string;
      readonly before?: string;
      readonly exclude?: RegExp;
      readonly only?: RegExp;
    }
  /** The rows pointing at this row as their parent. */
  | { readonly childrenOf: string };

/** total row = Σ selected rows, in each amount column (or the named ones). */
export interface RowSum {
  readonly rule: Extract<RuleId, 'column_sum' | 'hierarchy_sum' | 'row_identity'>;
  readonly total: string;
  /** The rows added up; several selectors: their union, each row once. */
  readonly parts: RowSelector | readonly RowSelector[];
  /** Column keys; default every amount column of the table. */
  readonly columns?: readonly string[];
  /** Skip unless this row is present (a garbled export without it makes the sum meaningless). */
  readonly requires?: string;
  /** Skip when this row is present (a sum that stands in for a subtotal row the table does not print). */
  readonly unless?: string;
  /** The identity in words, as the reviewer reads it; the column label is appended. */
  readonly title: string;
  /** Suffix for the identity id, where one total row has several sums. */
  readonly tag?: string;
}

/** A form field = Σ other fields (the 绩效 forms' key/value part). */
export interface FieldSum {
  readonly tag: string;
  readonly total: readonly [key: string, name: string];
  readonly parts: readonly (readonly [key: string, name: string])[];
  readonly title: string;
}

/** A figure of another (or the same) family: row id or a row selector, column key. */
export interface FigureRef {
  readonly family: TableType;
  /** Row id; '@first' is the total row, else the first data row (a 支出总表 printed as one line). */
  readonly row: string;
  readonly column: string;
  /** How a reviewer reads it: "收入决算表 合计". */
  readonly name: string;
  /** Only tables of the family with no coded rows (a one-line 支出总表, not the coded one). */
  readonly uncoded?: boolean;
}

/** When a link applies, by the state of other tables of the document. */
export interface LinkCondition {
  /** The family is present and has at least one non-zero figure. */
  readonly hasData?: TableType;
  /** The family is absent or has no figure. */
  readonly lacksData?: TableType;
  /** Some table of the family has a non-zero figure in one of these columns. */
  readonly columnData?: { readonly family: TableType; readonly columns: readonly string[] };
  /** No table of the family has a non-zero figure in any of these columns. */
  readonly lacksColumnData?: { readonly family: TableType; readonly columns: readonly string[] };
}

/** The same figure printed in two tables: lhs = Σ rhs. */
export interface EqualLink {
  readonly kind: 'equal';
  readonly id: string;
  readonly lhs: FigureRef;
  readonly rhs: readonly FigureRef[];
  readonly title: string;
  readonly onFail?: 'error' | 'warning' | 'info';
  readonly note?: string;
  readonly when?: LinkCondition;
}

/** Each 类 row of a summary section = Σ the detail table's top rows under that 类 code. */
export interface ClassSumLink {
  readonly kind: 'class_sums';
  readonly summary: { readonly family: TableType; readonly section: string; readonly column: string };
  readonly detail: { readonly family: TableType; readonly column: string };
  readonly name: string;
  readonly when?: LinkCondition;
}

/** The same code in two coded tables (收入 vs 支出 by 科目): equal unless balances explain it. */
export interface SameCodeLink {
  readonly kind: 'same_code';
  readonly id: string;
  readonly a: { readonly family: TableType; readonly column: string; readonly name: string };
  readonly b: { readonly family: TableType; readonly column: string; readonly name: string };
  /** Rows of this family whose ids match mean balances were carried (gap → info, else warning). */
  readonly balances: { readonly family: TableType; readonly rows: RegExp };
}

/** The 绩效 forms tie together: 汇总表 合计 = 整体表 项目支出; 汇总表 rows = 支出方向表 项目金额; 明细合计 = 项目金额. */
export interface FundLink {
  readonly kind: 'fund_forms';
}

export type Link = EqualLink | ClassSumLink | SameCodeLink | FundLink;

/** Everything tally knows about one table family. */
export interface FamilyDef {
  readonly type: TableType;
  readonly kind: FamilyKind;
  /** The family's usual name, for messages. */
  readonly name: string;
  /** Tested against the compact title (no spaces, half-width, brackets and quotes unified), in catalog order. */
  readonly title: RegExp;
  /**
   * Titles as printed (regional aliases included), for titles OCR got one character wrong: a title no pattern
   * matches still names a family when some stretch of it is within one edit of one of these. Longest first.
   */
  readonly printed: readonly string[];
  /** Header words that name the family where its title was lost; any one list whose patterns all occur. */
  readonly headerSignatures?: readonly (readonly RegExp[])[];
  /** How it is printed; first matching variant wins, the last is the default. */
  readonly layouts: readonly LayoutVariant[];
  /** The amount columns of the standard form, in print order (used where headers are unreadable). */
  readonly canonicalColumns?: readonly string[];
  readonly rowRules?: readonly RowRule[];
  readonly rowSums?: readonly RowSum[];
  readonly fieldSums?: readonly FieldSum[];
  /** Σ rows = 合计 and 类 = Σ 款 = Σ 项 over the coded rows (default true for every layout but the forms). */
  readonly columnSums?: boolean;
  /** Cross-table links whose left-hand side is this family. */
  readonly links?: readonly Link[];
}
