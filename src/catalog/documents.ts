/**
 * What tally knows about whole documents, as data: the kinds of disclosure and the tables each requires, how a
 * cover or heading names the kind, year, department and unit, how a 目录 line and an "empty table" statement
 * read, which template placeholders must never survive into a published file, and which cross-table checks
 * need which tables. The code that reads it is src/normalize/meta.ts (the document model) and
 * src/validate/rules/document.ts (the document checks); supporting a new region's wording means editing here.
 */
import { FINAL_ACCOUNT_TABLES, type DocumentKind, type TableType } from '../model/index.js';

/** One kind of disclosure. */
export interface DocumentKindSpec {
  readonly kind: Exclude<DocumentKind, 'unknown'>;
  /** The kind in words, for messages. */
  readonly name: string;
  /**
   * Tested on the compact cover / title text, in the order of DOCUMENT_KINDS: the first kind whose pattern
   * matches wins ("部门整体预算绩效目标申报表" is a 绩效 form, "部门决算" a 决算 even though it says 预算 elsewhere).
   */
  readonly title: RegExp;
  /** Table families whose presence votes for this kind when no cover or heading says it. */
  readonly families: readonly TableType[];
  /**
   * Words in a table title that vote for this kind when the family is unknown ("…绩效目标表", "…决算表").
   * Tested in the order of DOCUMENT_KINDS, first match votes.
   */
  readonly tableTitle: RegExp;
  /**
   * The tables a complete document of this kind publishes (per the 公开 rules). Only the core set: regions add
   * others (政府采购, 机关运行经费, 项目支出) that are not required everywhere.
   */
  readonly required: readonly TableType[];
  /**
   * A heading that claims the document's year for this kind, beyond the cover-style titles of DOCUMENT_TITLE:
   * a 决算's section headings ("一、2024年度收入支出决算总体情况说明") claim it; a 预算's do not (its "2025年预算
   * 执行情况" is the previous year by design).
   */
  readonly headingYear?: RegExp;
}

/** The kinds, most specific title first (决算 before 绩效 before 预算: a 预算 title may mention 绩效). */
export const DOCUMENT_KINDS: readonly DocumentKindSpec[] = [
  {
    kind: 'final_accounts',
    name: '部门决算',
    title: /决算/,
    families: FINAL_ACCOUNT_TABLES,
    tableTitle: /决算/,
    required: FINAL_ACCOUNT_TABLES,
    headingYear: /20\d{2}年度?[^年]{0,30}决算/,
  },
  {
    kind: 'self_evaluation',
    name: '绩效自评',
    title: /绩效自评|自评(报告|表)|绩效评价/,
    families: ['self_evaluation_overall', 'self_evaluation_project'],
    tableTitle: /自评/,
    required: [],
  },
  {
    kind: 'performance_targets',
    name: '绩效目标',
    title: /绩效目标/,
    families: ['performance_overall', 'special_fund_summary', 'special_fund_direction'],
    tableTitle: /绩效目标/,
    required: [],
  },
  {
    kind: 'budget',
    name: '部门预算',
    title: /预算/,
    families: [
      'budget_summary',
      'budget_income',
      'budget_expenditure',
      'budget_fiscal_summary',
      'budget_general_expenditure',
      'budget_basic_expenditure',
      'budget_government_fund',
      'budget_state_capital',
      'budget_three_public',
      'budget_procurement',
      'budget_operating_costs',
    ],
    tableTitle: /预算|收支总表|收入总表|支出总表|情况表/,
    // The eight tables of the national 预算公开 set (收支总表, 收入总表, 支出总表, 财政拨款收支总表, 一般公共预算支出表,
    // 一般公共预算基本支出表, 三公 and 政府性基金); the rest (国有资本, 政府采购, 机关运行经费 …) vary by region.
    required: [
      'budget_summary',
      'budget_income',
      'budget_expenditure',
      'budget_fiscal_summary',
      'budget_general_expenditure',
      'budget_basic_expenditure',
      'budget_government_fund',
      'budget_three_public',
    ],
  },
];

/**
 * A cover or heading line that names the document: a year and a kind word ("国家信访局2024年度部门决算",
 * "上海市2026年市级单位预算", "2026 年深圳市信访局部门预算"), or the kind without the year ("省级部门预算公开报表").
 * Tested on compact text.
 */
export const DOCUMENT_TITLE: readonly RegExp[] = [
  /20\d{2}年度?.{0,40}?(部门|单位|综合)(综合)?(预算|决算)/,
  /(部门|单位)(综合)?(预算|决算)/,
  /20\d{2}年度?.{0,40}?(绩效目标|绩效自评|绩效评价)/,
  /(整体|项目)(支出)?(预算)?绩效(目标|自评)/,
];

/**
 * A year written as a claim: "2024年", "2024 年度". Chinese-numeral dates ("二〇二五年七月") are the date of
 * publication, never the fiscal year, and are not read.
 */
export const YEAR = /(20\d{2})\s*年/u;

/**
 * A year in Chinese numerals that claims a year ("二〇二四年度部门决算", "二○二四年", "二零二四年部门预算"): read as its
 * digits (compact folds it, one character for one). Not a date ("二〇二五年七月", "二〇二五年7月"): a cover's date of
 * publication stays in numerals and is never read as the fiscal year (COVER_NOISE).
 */
export const CHINESE_YEAR =
  /二[〇○零][〇○零一二三四五六七八九]{2}(?=\s*年(?!\s*[一二三四五六七八九十〇○零\d]{1,3}\s*月))/gu;
/** The numerals of CHINESE_YEAR and their digits (〇, the circle ○ and 零 all print 0). */
export const YEAR_NUMERALS: Readonly<Record<string, string>> = {
  〇: '0',
  '○': '0',
  零: '0',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

/** The lines of a cover that are not the title: dates, review stamps, page numbers. */
export const COVER_NOISE: readonly RegExp[] = [
  /^[二〇一两三四五六七八九零]{4}年/,
  /^20\d{2}年\d{1,2}月(\d{1,2}日)?$/,
  /^(初审|复审|终审|保密审查|部门主要负责人|审签)/,
  /^[-—–\s\d.·]*$/,
];

/** How much of the document's start is its cover: text blocks before the first 目录 or grid, at most this many. */
export const COVER_BLOCKS = 8;

/** Scope of the document: 部门 (the department with its units) or 单位 (one unit). First match wins. */
export const SCOPE_WORDS: readonly { readonly scope: 'department' | 'unit'; readonly pattern: RegExp }[] = [
  /** "上海市2026年市级单位预算", "单位决算": one unit. */
  { scope: 'unit', pattern: /单位(综合)?(预算|决算)/ },
  /** "预算单位：上海市审计局" on the cover: the document is that unit's. */
  { scope: 'unit', pattern: /^预算单位[:：]/ },
  /** "长春市信访局（本级）": the department's own office, without its subordinate units. */
  { scope: 'unit', pattern: /\(本级\)/ },
  /** "西安市信访局（汇总）": the department with all its units. */
  { scope: 'department', pattern: /\(汇总\)/ },
  /** "部门预算", "部门决算", "部门综合预算". */
  { scope: 'department', pattern: /部门(综合)?(预算|决算)/ },
];

/**
 * A line that names the reporting unit: "预算单位：上海市职业能力考试院", "单位名称：…", "填报单位：…", "部门：…",
 * "部门（单位）：…", after the table's number if printed on the same line ("公开 01 表部门：国家信访局"). Group 1 is
 * the name. Tested on the line with spaces collapsed.
 */
export const UNIT_LINE =
  /^(?:(?:公开|预算|附)?\s*表?\s*\d+\s*表?\s*)?(?:预算单位|单位名称|填报单位|编制单位|部门名称|部门(?:\s*[（(]单位[）)])?|部\s*门)\s*[:：]\s*(?:[（(]盖章[)）])?\s*(.+?)\s*(?:(?:金额)?单位\s*[:：].*)?$/u;

/** Which UNIT_LINE labels name a unit rather than the department. */
export const UNIT_LABEL = /^((公开|预算|附)?表?\d+表?)?(预算单位|单位名称)/;

/**
 * Words stripped from a cover line to leave the department's name: "北京市医疗保障局部门 2026 年度部门预算信息公开"
 * → "北京市医疗保障局". Applied in order to compact text.
 */
export const DEPARTMENT_STRIP: readonly RegExp[] = [
  /^目录/,
  /(信息)?公开(说明|报表|表格?|文件)?$/,
  /(情况)?说明$/,
  /(部门|单位)?(综合)?(预算|决算)(公开)?(报表|表格?)?$/,
  /(部门|单位)?(综合)?(预算|决算)(信息)?(公开)?$/,
  /(省级|市级|区级|县级)$/,
  /部门$/,
  /\((本级|汇总)\)$/,
];

/** A department's name ends like an organisation ("…局", "…委员会", "…办公厅"); a bare region ("上海市") does not. */
export const ORGANISATION =
  /(局|委员会|委|厅|办公室|办|部|院|中心|所|会|站|队|馆|处|政府|场|校|学|社|团|台|署|司)$/;

/**
 * Spellings of one department that differ only in form ("中国共产党江苏省委员会办公厅" = "中共江苏省委办公厅" =
 * "江苏省委办公厅"): removed or replaced before two names are compared.
 */
export const DEPARTMENT_FOLDS: readonly (readonly [RegExp, string])[] = [
  [/^中国共产党/, ''],
  [/^中共/, ''],
  [/委员会/, '委'],
  [/\((本级|汇总)\)/g, ''],
  [/[()（）\s]/g, ''],
];

/**
 * Wordings of one table title that differ only in form: a 目录 says "一般公共预算基本支出表" where the body prints
 * "2026年一般公共预算基本支出情况表", "部门收支总表" for "部门收支总体情况表". Applied to both before comparing.
 */
export const TITLE_FOLDS: readonly (readonly [RegExp, string])[] = [
  [/\((预算|公开|附)?表\d+\)$/, ''],
  [/总体情况表$/, '总表'],
  [/情况表$/, '表'],
  [/(预算)?明细表$/, '表'],
];

/**
 * A statement about a subject that says it has nothing: tested on each sentence that names the subject
 * ("本部门无当年政府性基金预算收支", "“三公”经费预算数为0.00万元").
 */
export const NOTHING = /(无|没有|未安排|未发生|不涉及|为0(\.0+)?(万元|元)?(?![.\d])|为零)/;

/** The line that starts a table of contents: "目录", or "报表目录" before the list of tables (西安). */
export const TOC_HEADING = /^(报表)?目\s*录$/;

/** A 目录 entry (numbering and leader dots removed, compact) that names a table: "…支出表", "…明细表（按经济分类）". */
export const TOC_ENTRY_TITLE = /(?<!报)表(\([^()]*\))?$/;

/** The header words of a 目录 printed as a grid (报表 | 报表名称 | 是否空表 | 表格为空的理由): not entries. Compact. */
export const TOC_HEADER_WORDS = /^(报表|表号|报表名称|表名|名称|(是否)?空表|序号|页码)$/;

/** Leader dots and the page number after a 目录 entry ("一、收入支出决算总表 ..... 5"). */
export const TOC_LEADER = /[.．…·\s]{2,}\d*\s*$|\s+\d+\s*$/u;

/**
 * Numbering before a 目录 entry or a table title: "一、", "（七）", "1.", "表1", "公开01表", "预算01表", "附表3", "表5-1";
 * a number glued to the year after it is the number alone ("表132019年…" is 表13 of 2019).
 */
export const ENTRY_NUMBER =
  /^((第[一二三四五六七八九十]+部分)|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．]|(公开|预算|附)?表\s*(\d{1,2}(?=20\d{2}\s*年)|\d+)([-—]\d+)?(表)?[:：、]?|公开\s*\d+\s*表)\s*/u;

/** A 目录 line that is a part heading ("第二部分 2026年部门预算表"), not one table. */
export const TOC_PART = /^第[一二三四五六七八九十]+部分/;

/**
 * Text that says the tables are published elsewhere (Jiangsu's 公开文件: "公开表附后"; Beijing's 情况说明: "详见附件"):
 * such a document is the text part, and no table is missing from it.
 */
export const TABLES_ELSEWHERE: readonly RegExp[] = [
  /(公开|预算|决算)?(报表|表格?)(见|详见)?附(后|件)/,
  /详见(附件|附表|公开表|报表)/,
  /见(附件|附表)\d*[《“"]?/,
  /(报表|表格)(另行|单独)(公开|发布)/,
];

/**
 * Statements that a table is intentionally empty, in its note or in the text ("本部门无政府性基金预算收入，故本表无
 * 数据", "本表为空表", "此表无数据", "无此项支出", "是否空表 是"). Tested on compact text.
 */
export const EMPTY_STATEMENTS: readonly RegExp[] = [
  /(本|此|该)表(为)?(空表|无数据)/,
  /故(本|此|该)?表?(无数据|为空|为空表|无内容)/,
  /(无|没有)(此|该|这)(项|类)(目|支出|收入|经费|预算|数据)?/,
  /(无|没有|未安排)[^。；;]{0,40}(收入|支出|预算|拨款|经费)[^。；;]{0,30}(故|因此|所以)?[^。；;]{0,20}(空表|无数据|为空|为0|为零|未公开|不公开)/,
  /公开空表理由/,
  /空表$/,
];

/**
 * What each empty-able table is about, to tie a statement in the text to it: "无政府性基金预算…" speaks for the
 * 政府性基金 table only.
 */
export const TABLE_SUBJECTS: Partial<Record<TableType, RegExp>> = {
  government_fund: /政府性基金/,
  state_capital: /国有资本/,
  three_public: /三公/,
  budget_government_fund: /政府性基金/,
  budget_state_capital: /国有资本/,
  budget_three_public: /三公/,
  budget_procurement: /政府采购/,
  budget_operating_costs: /机关运行/,
  general_budget_expenditure: /一般公共预算/,
  basic_expenditure: /基本支出/,
};

/**
 * Tables every department fills (it always has income and expenditure): one printed with its header and no row
 * is not there (what is left of a table removed but for the header its next page prints again). The others
 * (财政拨款, 政府性基金, 三公, 结转 …) may be printed empty.
 */
export const NEVER_EMPTY: readonly TableType[] = [
  'income_expenditure_summary',
  'income',
  'expenditure',
  'budget_summary',
  'budget_income',
  'budget_expenditure',
];

/**
 * Tables that are empty only when the department has none of their money: one printed with its header and no row
 * is not there when another table of the document shows that money: a figure other than 0 whose row and column
 * labels together hold every word given (the 财政拨款收支总表's "一般公共预算" row; for the 基本支出 tables its
 * 基本支出 column too: a unit funded for projects only prints its 基本支出 table empty beside 一般公共预算 figures).
 */
export const EMPTY_ONLY_WITHOUT: Partial<Record<TableType, readonly RegExp[]>> = {
  fiscal_summary: [/财政拨款|一般公共预算/],
  budget_fiscal_summary: [/财政拨款|一般公共预算/],
  general_budget_expenditure: [/一般公共预算/],
  budget_general_expenditure: [/一般公共预算/],
  basic_expenditure: [/一般公共预算/, /基本支出/],
  budget_basic_expenditure: [/一般公共预算/, /基本支出/],
};

/**
 * A table's printed number, in its label or at the start of its title: "预算02表", "公开03表", "表13" (glued to the
 * year after it: "表132019年…"), "公开表3", "8．". Group 1 names the numbering scheme, group 2 is the number.
 * Tested on compact text.
 */
export const TABLE_NUMBER: readonly RegExp[] = [
  /^((?:预算|公开|附)?表)(\d{1,2})(?=20\d{2}年|\D|$)/,
  /^(预算|公开)(\d{1,2})表/,
  /^()(\d{1,2})[.．、](?!\d)/,
];

/** One kind of template text that must not survive into a published document. */
export interface PlaceholderSpec {
  /** Tested on the text as printed (spaces collapsed). */
  readonly pattern: RegExp;
  /** What it is, for the message. */
  readonly name: string;
}

/** Template placeholders: "上海市XX局", "××单位", "某某", "【单位名称】", "20XX年", "XXXX". */
export const PLACEHOLDERS: readonly PlaceholderSpec[] = [
  {
    name: 'XX 占位的机构名',
    pattern:
      /[XＸxｘ×]{2,}\s*(局|委员会|委|厅|办|部门|单位|部|院|中心|所|会|站|队|市|区|县|省|镇|乡|街道|公司|学校|项目|专项)/u,
  },
  { name: 'XX 占位的年份', pattern: /(20|二〇)\s*[XＸxｘ×]{2}\s*年|[XＸ×]{2,4}\s*年度/u },
  { name: '“××”占位', pattern: /××|ＸＸ/u },
  { name: '“某某”占位', pattern: /某某/u },
  { name: '【】内的填写提示', pattern: /【[^】]{0,12}(单位|部门|名称|年度|金额|填写)[^】]{0,12}】/u },
  { name: '“XXXX”占位', pattern: /(?<![A-Za-z])XXXX(?![A-Za-z])/u },
];

/** A cross-table check group and the tables it needs. When one is absent, the group is reported as skipped. */
export interface CheckDependency {
  readonly id: string;
  readonly kind: Exclude<DocumentKind, 'unknown'>;
  /** The check in words, for the message. */
  readonly name: string;
  /** Every table the group reads. */
  readonly needs: readonly TableType[];
}

/** The cross-table checks of src/validate/rules/cross-table.ts, by the tables they read. */
export const CHECK_DEPENDENCIES: readonly CheckDependency[] = [
  {
    id: 'summary-income-expenditure',
    kind: 'final_accounts',
    name: '收入支出决算总表与收入决算表、支出决算表的核对',
    needs: ['income_expenditure_summary', 'income', 'expenditure'],
  },
  {
    id: 'fiscal-income',
    kind: 'final_accounts',
    name: '财政拨款收入支出决算总表与收入决算表的核对',
    needs: ['fiscal_summary', 'income'],
  },
  {
    id: 'fiscal-general',
    kind: 'final_accounts',
    name: '财政拨款收入支出决算总表与一般公共预算财政拨款支出决算表的核对',
    needs: ['fiscal_summary', 'general_budget_expenditure'],
  },
  {
    id: 'basic-general',
    kind: 'final_accounts',
    name: '一般公共预算财政拨款基本支出决算表与一般公共预算财政拨款支出决算表（基本支出）的核对',
    needs: ['basic_expenditure', 'general_budget_expenditure'],
  },
  {
    id: 'fund-fiscal',
    kind: 'final_accounts',
    name: '政府性基金预算财政拨款收入支出决算表与财政拨款收入支出决算总表的核对',
    needs: ['government_fund', 'fiscal_summary'],
  },
  {
    id: 'capital-fiscal',
    kind: 'final_accounts',
    name: '国有资本经营预算财政拨款支出决算表与财政拨款收入支出决算总表的核对',
    needs: ['state_capital', 'fiscal_summary'],
  },
  {
    id: 'budget-summary-income',
    kind: 'budget',
    name: '收支预算总表与收入预算总表的核对',
    needs: ['budget_summary', 'budget_income'],
  },
  {
    id: 'budget-summary-expenditure',
    kind: 'budget',
    name: '收支预算总表与支出预算总表的核对',
    needs: ['budget_summary', 'budget_expenditure'],
  },
  {
    id: 'performance-overall-funds',
    kind: 'performance_targets',
    name: '专项资金绩效目标汇总表与部门整体支出绩效目标表（项目支出）的核对',
    needs: ['special_fund_summary', 'performance_overall'],
  },
];
