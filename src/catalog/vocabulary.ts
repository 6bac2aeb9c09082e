/**
 * The vocabulary every family shares: amount columns by header, the named rows of the 总表s, the headers of
 * code / name / line-number columns. Keys are the model's English names; labels are compact header texts
 * (no spaces, half-width brackets). A region that prints a column or row under another name gets an entry here.
 */
import type { ColumnKind } from '../model/index.js';

/** A column every table of a family may have: English key, the headers it is printed as, what it holds. */
export interface ColumnSpec {
  readonly key: string;
  readonly kind: ColumnKind;
  /** Compact header texts. First match wins, so specific before general. */
  readonly labels: readonly string[];
}

const amount = (key: string, ...labels: string[]): ColumnSpec => ({ key, kind: 'amount', labels });

/**
 * Amount columns of the coded tables (决算 and 预算): 本年支出合计 total, 基本支出 basic, 项目支出 project, …
 * Amounts are in the table's unit (万元 or 元, from its 单位 line).
 */
export const AMOUNT_COLUMNS: readonly ColumnSpec[] = [
  amount('opening_balance', '年初结转和结余', '年初财政拨款结转和结余', '上年结转', '年初结转结余'),
  amount('closing_balance', '年末结转和结余', '年末财政拨款结转和结余', '年末结转结余'),
  amount('total', '本年收入合计', '本年支出合计', '合计', '总计', '决算数', '预算数', '金额', '小计'),
  amount('fiscal', '财政拨款收入', '财政拨款'),
  amount('general_budget', '一般公共预算财政拨款', '一般公共预算拨款', '一般公共预算', '一般公共预算收入'),
  amount('government_fund', '政府性基金预算财政拨款', '政府性基金拨款', '政府性基金预算', '政府性基金'),
  amount('state_capital', '国有资本经营预算财政拨款', '国有资本经营预算', '国有资本经营'),
  amount('upper_grant', '上级补助收入'),
  amount('business_revenue', '事业收入'),
  amount('business_income', '经营收入', '事业单位经营收入'),
  amount('subsidiary_remit', '附属单位上缴收入', '对附属单位上缴收入'),
  amount('other_income', '其他收入'),
  amount('non_fiscal_balance_used', '使用非财政拨款结余', '用事业基金弥补收支差额'),
  amount('basic', '基本支出'),
  amount('project', '项目支出', '专项业务经费支出', '专项业务经费'),
  amount('upper_remit', '上缴上级支出'),
  amount('business_expenditure', '经营支出'),
  amount('subsidiary_grant', '对附属单位补助支出'),
  amount('personnel', '人员经费', '人员支出', '工资福利支出'),
  amount('public_use', '公用经费', '日常公用经费', '日常公用支出', '公用支出'),
  amount('current_income', '本年收入'),
  amount('current_expenditure', '本年支出'),
  amount('fiscal_special_account', '财政专户管理资金', '纳入专户管理的非税收入拨款'),
  amount('reserve', '单位预留机动经费', '预留机动经费'),
  amount('carry_forward', '结转下年资金', '结转下年'),
  // 西安's 收入总表: the units' bank balances brought in, a source of its own beside 上年结转.
  amount('account_balance', '上年实户资金余额'),
  amount('operating_costs', '机关运行经费支出', '机关运行经费'),
];

/** Headers that name the code and label columns. */
export const CODE_HEADER = /(编码|代码|科目编号|^类$|^款$|^项$)/;
export const NAME_HEADER =
  /(科目名称|^项目$|^名称$|项目\(按功能分类\)|^功能分类科目$|项目名称|^科目$|^单位名称$)/;
/** Line-number columns; 西安 prints 序号 as 序 over 号, and an unruled header can keep only one of them. */
export const LINE_NO_HEADER = /^(行次|栏次|序号|编号|序|号)$/;
/** The label of a 栏次 row, the row of column numbers under a header (栏次 | 1 | 2 | 3). */
export const COLUMN_NUMBERS_LABEL = /^(栏次|行次)$/;
/** What a 栏次 row prints where the labels go: marks, not words ("**", "甲", "乙"). */
export const COLUMN_NUMBER_MARK = /^[*＊甲乙丙丁]+$/u;
/** Headers of text columns inside figure tables: kept as text, never summed or parsed as figures. */
export const TEXT_HEADER = /^(备注|说明|备注说明|资金来源说明)$/;

/**
 * Named rows of the 总表s, by compact label (ordinal stripped); ids are the model's vocabulary for identities
 * across tables. First match wins.
 */
export const SUMMARY_ROWS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^本年收入合计$/, 'income_total'],
  [/^本年支出合计$/, 'expenditure_total'],
  [/^收入总计$|^总计$/, 'grand_total'],
  [/^支出总计$/, 'grand_total'],
  [/^财政拨款(收入)?$/, 'fiscal'],
  [/^一般公共预算(财政)?(拨款|资金)?(收入)?$/, 'general_budget'],
  [/^政府性基金预算(财政)?(拨款|资金)?(收入)?$/, 'government_fund'],
  [/^国有资本经营预算(财政)?(拨款|资金)?(收入)?$/, 'state_capital'],
  [/^上级补助收入$/, 'upper_grant'],
  [/^事业收入$/, 'business_revenue'],
  [/^经营收入$/, 'business_income'],
  [/^附属单位上缴收入$/, 'subsidiary_remit'],
  [/^其他收入$|^其他资金$/, 'other_income'],
  [/^使用非财政拨款结余|^用事业基金弥补收支差额/, 'non_fiscal_balance_used'],
  [/^年初(财政拨款)?结转和?结余$|^上年结转$|^上年(财政拨款)?结转和?结余$/, 'opening_balance'],
  [/^财政专户管理资金(收入)?$/, 'fiscal_special_account'],
  [/^事业单位经营收入$/, 'business_income'],
  [/^年末(财政拨款)?结转和?结余$/, 'closing_balance'],
  [/^结余分配$/, 'balance_distribution'],
  // 西安: the units' bank balances brought in (收入 side) and left unspent (支出 side), part of the 总计s.
  [/^上年实户资金余额$/, 'account_balance'],
  [/^未安排支出的实户资金$/, 'unallocated_account'],
  [/^上缴上级支出$/, 'upper_remit'],
  [/^经营支出$/, 'business_expenditure'],
  [/^对附属单位补助支出$/, 'subsidiary_grant'],
  [/^基本支出$/, 'basic'],
  [/^项目支出$/, 'project'],
  [/^单位预留机动经费$/, 'reserve'],
  [/^当年收入小计$/, 'income_total'],
  [/^当年支出小计$/, 'expenditure_total'],
  [/^收入合计$/, 'grand_total'],
  [/^支出合计$/, 'grand_total'],
  [/^上年结转(资金)?$/, 'opening_balance'],
  [/^结转下年(资金)?$/, 'closing_balance'],
];

/**
 * Header words of the 总表s, compact. A leading row printing one of HEADER (and no 合计/总计 label of a row) is a
 * header row; GROUP words head a whole side (收入 | 支出) and are no part of a column's name. 上海 heads its sides
 * 本年收入 | 本年支出 (财务收支预算总表) or 财政拨款收入 | 财政拨款支出 (财政拨款收支预算总表).
 */
export const SUMMARY_HEADER_WORDS = {
  header: /^(收入|支出|本年收入|本年支出|财政拨款收入|财政拨款支出|项目|行次|栏次|决算数|预算数|金额|合计)$/,
  group:
    /^(收入|支出|本年收入|本年支出|财政拨款收入|财政拨款支出|功能分类|支出用途|按功能分类|按经济分类|按支出性质分|经济分类)$/,
} as const;

/** Summary row ids that are totals (role total). */
export const SUMMARY_TOTAL_IDS: ReadonlySet<string> = new Set([
  'income_total',
  'expenditure_total',
  'grand_total',
]);

/**
 * The income sources of the 决算 forms, in form order: the columns of 收入决算表 after 财政拨款收入 and the rows of
 * 收入支出决算总表's income side (same keys).
 */
export const INCOME_SOURCES = [
  'general_budget',
  'government_fund',
  'state_capital',
  'upper_grant',
  'business_revenue',
  'business_income',
  'subsidiary_remit',
  'other_income',
] as const;

/** Leaf headers of the 三公经费 tables, most specific first: column keys of the wide layout. */
export const THREE_PUBLIC_LEAVES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(公务用车)?购置(经)?费$/, 'vehicle_purchase'],
  [/^(公务用车)?运行(维护)?(经)?费$/, 'vehicle_operation'],
  [/^会议费$/, 'meeting'],
  [/^培训费$/, 'training'],
  [/^小计$|公务用车购置及运行(维护)?费/, 'vehicle_subtotal'],
  [/因公出国/, 'outbound'],
  [/公务接待/, 'reception'],
  [/^合计$|^总计$/, 'total'],
];

/**
 * Column groups of the 三公经费 tables (key prefixes): 预算数 | 决算数, 上年; 西安 prints 上年 | 当年 | 增减变化情况,
 * the year's own figures (current) keeping the plain keys.
 */
/** How each group is named in column labels and messages ("合计（增减变化）"). */
export const THREE_PUBLIC_GROUP_LABELS: Readonly<Record<string, string>> = {
  budget: '预算数',
  final: '决算数',
  prior: '上年',
  current: '当年',
  change: '增减变化',
};

export const THREE_PUBLIC_GROUPS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^预算数?$|^本年预算|^全年预算/, 'budget'],
  [/^决算数?$|^本年决算|^支出决算/, 'final'],
  [/^上年/, 'prior'],
  [/^当年/, 'current'],
  [/^增减/, 'change'],
];

/** A group headed by its year (烟台: 2025年预算数 | 2026年预算数): the later year is the current one, the earlier prior. */
export const THREE_PUBLIC_YEAR_GROUP = /^((?:19|20)\d\d)年/;
