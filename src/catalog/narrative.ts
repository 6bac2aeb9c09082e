import type { TableType } from '../model/index.js';

/**
 * What the 情况说明 (决算), the budget explanation (预算) and the 绩效 reports say in words, and where each figure
 * they name lives in the tables. Data only: src/validate/rules/narrative.ts reads it. A region that words a
 * figure differently gets a new alias in `phrase`; a region whose table keeps it elsewhere gets a new target.
 */

/** A table figure: the first table of `family` that has the row and column. */
export interface FigureTarget {
  readonly family: TableType;
  /** Row ids as the normalizers produce them, tried in order. */
  readonly rows: readonly string[];
  /** Column keys, tried in order. */
  readonly columns: readonly string[];
  /**
   * Regex source matched against the printed column labels, tried after the keys: a column the normalizer keeps
   * under no key of its own (上海's "机关运行经费预算数" beside the 三公 columns).
   */
  readonly columnLabel?: string;
  /**
   * Regex source matched against each column's key and printed label ("meeting 会议费"): the target holds only in a
   * table with no such column (a 三公 table's 合计 is the 三公 total only where no 会议费 / 培训费 are added into it).
   */
  readonly withoutColumn?: string;
}

/** The role a figure plays in its sentence, read from the words right before it. */
export type FigureRole = 'plain' | 'final' | 'budget' | 'budget_initial' | 'budget_full' | 'last_year';

/** A thing the text names with a figure after it (基本支出 538.88 万元). */
export interface Subject {
  /** Stable key, part of anomaly ids. */
  readonly id: string;
  /** The name used in messages. */
  readonly name: string;
  /**
   * Regex source matched against the words before the figure (spaces removed); the subject whose phrase matches
   * closest to the figure wins, so longer, more specific phrases need no ordering.
   */
  readonly phrase: string;
  /** Where the figure as executed (决算, or the budget of a 预算 document) lives, tried in order. */
  readonly targets: readonly FigureTarget[];
  /** Where the budget figure of a 决算 lives (the 预算数 columns of the 三公 table), tried in order. */
  readonly budgetTargets?: readonly FigureTarget[];
  /** A subject of the whole department: never read inside a paragraph about one project or another budget. */
  readonly departmentWide?: boolean;
}

const t = (
  family: TableType,
  rows: string | readonly string[],
  columns: string | readonly string[],
  columnLabel?: string,
  withoutColumn?: string,
): FigureTarget => ({
  family,
  rows: typeof rows === 'string' ? [rows] : rows,
  columns: typeof columns === 'string' ? [columns] : columns,
  ...(columnLabel ? { columnLabel } : {}),
  ...(withoutColumn ? { withoutColumn } : {}),
});

/** Total rows of the budget tables: id "total" where printed as 合计, "r1" where the 合计 row has no label. */
const BUDGET_TOTAL = ['total', 'r1'];

export const SUBJECTS: readonly Subject[] = [
  // Named so that their words ("支出总额", "收入") are not read as another subject's; no table holds them.
  {
    id: 'procurement',
    name: '政府采购支出',
    phrase: '政府采购(?:支出|金额|预算)?(?:总额)?',
    // 烟台's 政府采购预算表 by function class: its 合计.
    targets: [t('budget_procurement', BUDGET_TOTAL, 'total')],
  },
  // A part of it no table holds ("授予中小企业合同金额", "预留…金额"): named so that its words are not read as another's.
  {
    id: 'procurement_sme',
    name: '政府采购合同金额',
    phrase: '合同金额|预留.{0,12}金额',
    targets: [],
  },
  // Its three parts (PART_SUMS): "政府采购预算17万元，其中：政府采购货物预算1万元，…工程…，…服务预算16万元".
  {
    id: 'procurement_goods',
    name: '政府采购货物支出',
    phrase: '(?:政府)?采购货物(?:支出|金额|预算)?|货物(?:类)?采购(?:支出|金额|预算)?',
    targets: [],
  },
  {
    id: 'procurement_works',
    name: '政府采购工程支出',
    phrase: '(?:政府)?采购工程(?:支出|金额|预算)?|工程(?:类)?采购(?:支出|金额|预算)?',
    targets: [],
  },
  {
    id: 'procurement_services',
    name: '政府采购服务支出',
    phrase: '(?:政府)?采购服务(?:支出|金额|预算)?|服务(?:类)?采购(?:支出|金额|预算)?',
    targets: [],
  },
  { id: 'assets', name: '资产', phrase: '资产(?:总额|总值|原值|净值)|固定资产', targets: [] },
  {
    id: 'grand_total',
    name: '收支总计',
    phrase:
      '收[、，]?支(?:出)?(?:总计|总额|总预算|预算总计)|收入支出(?:总计|总额)|(?:收入|支出)(?:预算)?总计',
    targets: [
      t('income_expenditure_summary', 'income:grand_total', 'amount'),
      t('budget_summary', 'income:grand_total', 'amount'),
    ],
    departmentWide: true,
  },
  {
    id: 'fiscal_grand_total',
    name: '财政拨款收支总计',
    phrase: '财政拨款收[、，]?支(?:出)?(?:总计|总额|总预算)|财政拨款收入支出(?:总计|总额)',
    targets: [
      t('fiscal_summary', 'income:grand_total', 'amount'),
      t('budget_fiscal_summary', 'income:grand_total', 'amount'),
    ],
    departmentWide: true,
  },
  {
    id: 'income_total',
    name: '本年收入合计',
    // "本部门预算收入" (西安) too, not a budget's own ("一般公共预算收入", "政府性基金预算收入"); 合计, 共计 or 总额.
    // "2026年收支预算31,670.73万元，比上年减少…" (烟台): the budget's income, which its spending equals.
    phrase:
      '(?:本年|当年)?收入(?:合计|共计|总额|预算(?:总额)?)|(?:本年|当年|全年|全部)(?:总)?收入|(?<=部门|单位|本年|年度?)预算收入(?:合计|总额)?|(?<=年度?|部门|单位)收[、，]?支预算(?!总)',
    targets: [
      t('income', 'total', 'total'),
      t('income_expenditure_summary', 'income:income_total', 'amount'),
      t('budget_income', 'total', ['amount', 'total']),
    ],
    departmentWide: true,
  },
  {
    id: 'expenditure_total',
    name: '本年支出合计',
    // "本年支出", "全部支出" alone too (占本年支出的 X%); 合计, 共计 or 总额.
    phrase:
      '(?:本年|当年)?支出(?:合计|共计|总额|预算(?:总额)?)|(?:本年|当年|全年|全部)?总支出|(?:本年|当年|全年|全部)支出|(?<=部门|单位|本年|年度?)预算支出(?:合计|总额)?',
    targets: [
      t('expenditure', 'total', 'total'),
      t('income_expenditure_summary', 'expenditure:expenditure_total', 'amount'),
      t('budget_expenditure', BUDGET_TOTAL, 'total'),
    ],
    departmentWide: true,
  },
  {
    id: 'fiscal_income',
    name: '财政拨款收入',
    phrase: '(?<!一般公共预算)财政拨款(?:收入|预算收入)',
    targets: [
      t('income', 'total', 'fiscal'),
      t('fiscal_summary', 'income:income_total', 'amount'),
      t('budget_income', 'total', 'fiscal'),
      // 西安's 收支总表 and 财政拨款收支总表 ("1、财政拨款", "一、财政拨款").
      t('budget_summary', 'income:fiscal', 'amount'),
      t('budget_fiscal_summary', 'income:fiscal', 'amount'),
    ],
    departmentWide: true,
  },
  {
    id: 'general_budget_income',
    name: '一般公共预算财政拨款收入',
    // 江苏 budgets: "一般公共预算收入预算24458.43万元" is this source alone, not 本年收入合计.
    // 西安's 绩效目标 paragraph: "绩效目标管理全覆盖，涉及当年一般公共预算当年拨款48054.42万元" is this year's 拨款.
    phrase: '一般公共预算(?:财政)?拨款(?:收入|预算收入)|一般公共预算收入|一般公共预算当年拨款',
    targets: [
      t('income_expenditure_summary', 'income:general_budget', 'amount'),
      t('fiscal_summary', 'income:general_budget', 'amount'),
      // Budgets: the 收支总表 ("(1)一般公共预算拨款", 西安), the 财政拨款收支总表, the 收入总表's column.
      t('budget_summary', 'income:general_budget', 'amount'),
      t('budget_fiscal_summary', 'income:general_budget', 'amount'),
      t('budget_income', 'total', 'general_budget'),
    ],
    departmentWide: true,
  },
  {
    id: 'government_fund_income',
    name: '政府性基金预算财政拨款收入',
    // "当年政府性基金预算当年拨款0万元" (西安, beside the 一般公共预算's in its 绩效目标 paragraph).
    phrase:
      '政府性基金预算(?:财政)?(?:拨款)?(?:收入|预算收入)|政府性基金(?:财政)?拨款收入|政府性基金预算当年拨款',
    targets: [
      t('income_expenditure_summary', 'income:government_fund', 'amount'),
      t('fiscal_summary', 'income:government_fund', 'amount'),
      t('budget_summary', 'income:government_fund', 'amount'),
      t('budget_fiscal_summary', 'income:government_fund', 'amount'),
      t('budget_income', 'total', 'government_fund'),
    ],
  },
  {
    id: 'fiscal_special_account_income',
    name: '财政专户管理资金收入',
    phrase: '财政专户管理资金(?:收入)?',
    targets: [
      t('budget_summary', 'income:fiscal_special_account', 'amount'),
      t('budget_income', 'total', 'fiscal_special_account'),
    ],
    departmentWide: true,
  },
  {
    id: 'upper_grant',
    name: '上级补助收入',
    phrase: '上级补助收入',
    targets: [t('income', 'total', 'upper_grant')],
    departmentWide: true,
  },
  {
    id: 'business_revenue',
    name: '事业收入',
    // Not "事业收入支出" (the spending it funds, 西安).
    phrase: '事业收入(?!支出)',
    targets: [t('income', 'total', 'business_revenue'), t('budget_income', 'total', 'business_revenue')],
    departmentWide: true,
  },
  {
    id: 'business_income',
    name: '经营收入',
    phrase: '经营收入(?!支出)',
    targets: [t('income', 'total', 'business_income'), t('budget_income', 'total', 'business_income')],
    departmentWide: true,
  },
  {
    id: 'subsidiary_remit',
    name: '附属单位上缴收入',
    phrase: '附属单位上缴收入',
    targets: [t('income', 'total', 'subsidiary_remit')],
    departmentWide: true,
  },
  {
    id: 'other_income',
    name: '其他收入',
    phrase: '其他收入(?!支出)',
    targets: [t('income', 'total', 'other_income'), t('budget_income', 'total', 'other_income')],
    departmentWide: true,
  },
  {
    id: 'basic',
    name: '基本支出',
    phrase: '(?<!财政拨款|一般公共预算)基本支出',
    targets: [
      t('expenditure', 'total', 'basic'),
      t('budget_expenditure', BUDGET_TOTAL, 'basic'),
      t('budget_summary', 'expenditure_use:basic', 'amount'),
    ],
    departmentWide: true,
  },
  {
    id: 'project',
    name: '项目支出',
    // Not a named project's ("安检服务项目支出 328.69 万元"): only after a year, a unit or no word at all.
    phrase:
      '(?<!财政拨款|一般公共预算)(?<=^|[^\\u4e00-\\u9fff]|年度?|其中|部门|单位|本级|机关|预算|安排|包括)(?:项目|专项)支出',
    targets: [
      t('expenditure', 'total', 'project'),
      t('budget_expenditure', BUDGET_TOTAL, 'project'),
      t('budget_summary', 'expenditure_use:project', 'amount'),
    ],
    departmentWide: true,
  },
  {
    id: 'upper_remit',
    name: '上缴上级支出',
    phrase: '上缴上级支出',
    targets: [t('expenditure', 'total', 'upper_remit')],
    departmentWide: true,
  },
  {
    id: 'business_expenditure',
    name: '经营支出',
    phrase: '经营支出',
    targets: [t('expenditure', 'total', 'business_expenditure')],
    departmentWide: true,
  },
  {
    id: 'subsidiary_grant',
    name: '对附属单位补助支出',
    phrase: '对附属单位补助支出',
    targets: [t('expenditure', 'total', 'subsidiary_grant')],
    departmentWide: true,
  },
  {
    // 财政拨款 covers the 一般公共预算, 政府性基金 and 国有资本经营 budgets together.
    id: 'fiscal_expenditure',
    name: '财政拨款支出',
    phrase: '(?<!一般公共预算)财政拨款(?:支出|预算支出)',
    targets: [
      t('fiscal_summary', 'expenditure:expenditure_total', 'amount'),
      t('budget_fiscal_summary', 'expenditure_use:grand_total', 'amount'),
      // 西安's 财政拨款收支总表 ("一、财政拨款" heading each expenditure side).
      t('budget_fiscal_summary', 'expenditure:fiscal', 'amount'),
      // 上海's, its expenditure side ending in 支出总计 (a budget carries nothing over: 结转下年 is 0).
      t('budget_fiscal_summary', ['expenditure:expenditure_total', 'expenditure:grand_total'], 'amount'),
      // 上海's 财政拨款支出预算表 (a budget_expenditure with a 财政拨款 column).
      t('budget_expenditure', BUDGET_TOTAL, 'fiscal'),
    ],
    departmentWide: true,
  },
  {
    id: 'general_budget_expenditure',
    name: '一般公共预算财政拨款支出',
    // "本部门一般公共预算拨款为 X 万元，其中：工资福利支出…" (西安): the 拨款 is what is spent.
    phrase:
      '一般公共预算(?:财政)?(?:拨款)?(?:支出|预算支出)(?!决算表)|一般公共预算(?:财政)?拨款(?=(?:为|是|共)?$)',
    targets: [
      t('general_budget_expenditure', 'total', 'total'),
      t('fiscal_summary', 'expenditure:expenditure_total', 'general_budget'),
      t('budget_general_expenditure', BUDGET_TOTAL, ['total', 'amount', 'general_budget']),
    ],
    departmentWide: true,
  },
  {
    // The other two budgets' 财政拨款: subjects of their own budget, so not department-wide (a paragraph about 政府性基金 is theirs).
    id: 'government_fund_expenditure',
    name: '政府性基金预算财政拨款支出',
    phrase: '政府性基金(?:预算)?(?:财政)?(?:拨款)?(?:支出|预算支出)(?:预算)?',
    targets: [
      t('government_fund', 'total', ['total', 'amount']),
      t('fiscal_summary', 'expenditure:expenditure_total', 'government_fund'),
      t('budget_government_fund', BUDGET_TOTAL, ['government_fund', 'total', 'amount']),
    ],
  },
  {
    id: 'state_capital_expenditure',
    name: '国有资本经营预算财政拨款支出',
    phrase: '国有资本经营预算(?:财政)?(?:拨款)?(?:支出|预算支出)(?:预算)?',
    targets: [
      t('state_capital', 'total', ['total', 'amount']),
      t('fiscal_summary', 'expenditure:expenditure_total', 'state_capital'),
      t('budget_state_capital', BUDGET_TOTAL, ['state_capital', 'total', 'amount']),
    ],
  },
  {
    id: 'fiscal_basic',
    name: '财政拨款基本支出',
    phrase: '(?:一般公共预算)?财政拨款基本支出',
    targets: [
      t('general_budget_expenditure', 'total', 'basic'),
      t('budget_basic_expenditure', BUDGET_TOTAL, ['total', 'amount']),
    ],
    departmentWide: true,
  },
  {
    id: 'fiscal_project',
    name: '财政拨款项目支出',
    phrase: '(?:一般公共预算)?财政拨款项目支出',
    targets: [t('general_budget_expenditure', 'total', 'project')],
    departmentWide: true,
  },
  {
    id: 'personnel',
    name: '人员经费',
    phrase: '人员经费(?:支出)?',
    targets: [t('basic_expenditure', 'personnel_total', 'amount')],
    departmentWide: true,
  },
  {
    id: 'public',
    name: '公用经费',
    phrase: '(?:日常)?公用经费(?:支出)?',
    targets: [t('basic_expenditure', 'public_total', 'amount')],
    departmentWide: true,
  },
  {
    id: 'meeting',
    name: '会议费',
    phrase: '会议费(?:支出)?',
    targets: [t('basic_expenditure', 'c30215', 'amount'), t('budget_three_public', BUDGET_TOTAL, 'meeting')],
    departmentWide: true,
  },
  {
    id: 'training',
    name: '培训费',
    phrase: '培训费(?:支出)?',
    targets: [t('basic_expenditure', 'c30216', 'amount'), t('budget_three_public', BUDGET_TOTAL, 'training')],
    departmentWide: true,
  },
  {
    id: 'three_public',
    name: '“三公”经费',
    phrase: '[“"]?三公[”"]?经费(?:财政拨款)?(?:支出)?',
    targets: [
      t('three_public', 'r1', 'final_total'),
      t(
        'budget_three_public',
        BUDGET_TOTAL,
        'three_public_subtotal',
        '三公[”"]?经费(?:预算数?)?\\s*/\\s*合计$',
      ),
      // 烟台 prints the 三公 columns alone: their 合计 is the 三公 total.
      t('budget_three_public', BUDGET_TOTAL, 'total', undefined, 'three_public_subtotal|会议|培训'),
    ],
    budgetTargets: [t('three_public', 'r1', 'budget_total')],
    departmentWide: true,
  },
  {
    id: 'outbound',
    name: '因公出国（境）费',
    phrase: '因公出国[（(]境[)）](?:费|经费)(?:用)?(?:支出)?',
    targets: [t('three_public', 'r1', 'final_outbound'), t('budget_three_public', BUDGET_TOTAL, 'outbound')],
    budgetTargets: [t('three_public', 'r1', 'budget_outbound')],
    departmentWide: true,
  },
  {
    id: 'reception',
    name: '公务接待费',
    phrase: '公务接待费(?:支出)?',
    targets: [
      t('three_public', 'r1', 'final_reception'),
      t('budget_three_public', BUDGET_TOTAL, 'reception'),
    ],
    budgetTargets: [t('three_public', 'r1', 'budget_reception')],
    departmentWide: true,
  },
  {
    id: 'vehicle',
    name: '公务用车购置及运行维护费',
    phrase: '公务用车购置(?:费)?(?:及|和)运行(?:维护)?费(?:支出)?',
    targets: [
      t('three_public', 'r1', 'final_vehicle_subtotal'),
      t('budget_three_public', BUDGET_TOTAL, 'vehicle_subtotal'),
    ],
    budgetTargets: [t('three_public', 'r1', 'budget_vehicle_subtotal')],
    departmentWide: true,
  },
  {
    id: 'vehicle_purchase',
    name: '公务用车购置费',
    phrase: '公务用车购置费(?:支出)?(?!及|和)',
    targets: [
      t('three_public', 'r1', 'final_vehicle_purchase'),
      t('budget_three_public', BUDGET_TOTAL, 'vehicle_purchase'),
    ],
    budgetTargets: [t('three_public', 'r1', 'budget_vehicle_purchase')],
    departmentWide: true,
  },
  {
    id: 'vehicle_operation',
    name: '公务用车运行维护费',
    phrase: '(?<!及|和)公务用车运行(?:维护)?费(?:支出)?',
    targets: [
      t('three_public', 'r1', 'final_vehicle_operation'),
      t('budget_three_public', BUDGET_TOTAL, 'vehicle_operation'),
    ],
    budgetTargets: [t('three_public', 'r1', 'budget_vehicle_operation')],
    departmentWide: true,
  },
  {
    id: 'operating_costs',
    name: '机关运行经费',
    phrase: '机关运行经费(?:支出|预算)?',
    targets: [
      t('budget_operating_costs', BUDGET_TOTAL, 'operating_costs'),
      t('budget_three_public', BUDGET_TOTAL, 'operating_costs', '^机关运行经费(?:预算数?)?$'),
    ],
    departmentWide: true,
  },
];

/**
 * A function class, 款 or 项 named in a per-类 paragraph ("（一）一般公共服务（类）财政事务（款）行政运行（项）"):
 * its 决算 lives in the row of that code, in these tables (tried in order).
 */
export const CLASS_TARGETS: readonly FigureTarget[] = [
  t('general_budget_expenditure', [], 'total'),
  t('fiscal_summary', [], 'general_budget'),
  t('income_expenditure_summary', [], 'amount'),
  t('budget_general_expenditure', [], ['total', 'amount', 'general_budget']),
  // A class only the 政府性基金 budget funds (上海 民政局's 福利彩票 "“其他支出”科目").
  t('budget_government_fund', [], ['government_fund', 'total', 'amount']),
];
/**
 * Words right before a figure that name its classification directly (regional wordings are entries here):
 * "“一般公共服务支出”科目26,703万元", "一般公共服务支出（类）2106.66万元" (a 类 by name), "住房公积金（2210201）1,182.7万元" (a function code),
 * "培训支出（2050803）支出29.44万元", "工资福利支出（301）6,573万元" (an economic code, 部门预算支出经济分类 30x/31x).
 */
export const CLASS_IN_LABEL: ReadonlyArray<{
  readonly re: string;
  readonly kind: 'name' | 'function' | 'economic' | 'gov_economic';
}> = [
  { re: '[“"]([\u4e00-\u9fff]+?)[”"]科目$', kind: 'name' },
  { re: '([\u4e00-\u9fff]+?)[（(]类[)）]$', kind: 'name' },
  // "培训支出（2050803）支出29.44万元" (西安): the class's own word after its code.
  { re: '[（(](2\\d\\d(?:\\d\\d){0,2})[)）](?:支出)?$', kind: 'function' },
  { re: '[（(](3[01]\\d(?:\\d\\d)?)[)）]$', kind: 'economic' },
  { re: '[（(](5[019]\\d)[)）]$', kind: 'gov_economic' },
];
/** Where an economic-code figure lives: the row of that code (id "c" + code). */
export const ECONOMIC_TARGETS: readonly FigureTarget[] = [
  t('basic_expenditure', [], 'amount'),
  t('budget_basic_expenditure', [], ['total', 'amount', 'general_budget']),
];

/**
 * Where an economic-code figure of the whole 一般公共预算 lives (a sentence not about 基本支出): the 一般公共预算支出表
 * by economic class (西安's "…支出明细表（按支出经济分类科目）"); a document without one falls back to ECONOMIC_TARGETS.
 */
export const GENERAL_ECONOMIC_TARGETS: readonly FigureTarget[] = [
  t('budget_general_expenditure', [], ['total', 'amount', 'general_budget']),
];

/**
 * The 部门预算支出经济分类 类 by name, for a figure named by it alone ("商品和服务支出 X 万元"): regex source of the
 * whole name and its code.
 */
export const ECONOMIC_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['工资福利支出', '301'],
  // 西安 also writes "商品服务支出".
  ['商品和?服务支出', '302'],
  ['对个人和家庭的补助(?:支出)?', '303'],
  ['资本性支出', '310'],
];

/**
 * The 政府预算支出经济分类 类 (50x), for a figure named with its code ("机关工资福利支出（501）1,710.33万元"): the code
 * and the regex source of its printed name. Tables that code their rows hold it in the row of that code
 * (GOV_ECONOMIC_TARGETS); the 收支总表 of 西安 lists it by name on a side of its own (GOV_ECONOMIC_SIDES).
 */
export const GOV_ECONOMIC_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['501', '机关工资福利支出'],
  ['502', '机关商品和服务支出'],
  ['503', '机关资本性支出(?:[（(](?:一|1)[)）])?'],
  ['504', '机关资本性支出(?:[（(](?:二|2|基本建设)[)）])'],
  ['505', '对事业单位经常性补助(?:支出)?'],
  ['506', '对事业单位资本性补助(?:支出)?'],
  ['507', '对企业补助(?:支出)?'],
  ['508', '对企业资本性支出'],
  ['509', '对个人和家庭的?补助(?:支出)?'],
  ['510', '对社会保障基金补助(?:支出)?'],
  ['511', '债务利息及费用支出'],
  ['512', '债务还本支出'],
  ['513', '转移性支出'],
  ['514', '预备费及预留'],
  ['599', '其他支出'],
];
export const GOV_ECONOMIC_TARGETS: readonly FigureTarget[] = [
  t('budget_general_expenditure', [], ['total', 'amount', 'general_budget']),
  t('budget_basic_expenditure', [], ['total', 'amount', 'general_budget']),
];
/**
 * Tables that list the 政府预算支出经济分类 by name, on a side of their own: the side is the one that names a class only
 * this classification has (机关…, 对事业单位…), so 对个人和家庭的补助 is not read from the 部门经济分类 side beside it.
 */
export const GOV_ECONOMIC_SIDES: {
  readonly families: readonly TableType[];
  readonly marker: string;
  /** Where the two tables differ, a sentence about 财政拨款 (words before the figure, or its heading) reads this one. */
  readonly fiscalFamily: TableType;
  /** The words of the scope the sentence speaks of, the last before the figure deciding: 财政拨款, or 一般公共预算 alone. */
  readonly scopeWords: string;
  readonly generalWords: string;
  /**
   * The 财政拨款 sources besides the 一般公共预算 (income rows of the fiscalFamily table): a sentence about the 一般公共预算
   * reads that table only where they are all zero (民政局 2021: 政府性基金 14,900 万元 of its 机关商品和服务支出).
   */
  readonly otherFiscalSources: string;
} = {
  families: ['budget_summary', 'budget_fiscal_summary'],
  marker: '^(?:机关工资福利支出|机关商品和服务支出|对事业单位经常性补助)',
  fiscalFamily: 'budget_fiscal_summary',
  scopeWords: '一般公共预算|财政拨款',
  generalWords: '一般公共预算',
  otherFiscalSources: '^(?:政府性基金|国有资本经营)',
};

/**
 * A per-use list ("①人员经费：工资福利支出（301）2079.07万元；②公用经费：…"): the use named before the figure and
 * the columns its part of the class lives in, in the tables of USE_TARGETS (row of the code).
 */
export const USE_COLUMNS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['人员经费', ['personnel']],
  ['公用经费', ['public_use']],
  ['专项业务经费', ['project']],
  ['项目支出', ['project']],
];
/** The words that open a sentence breaking the class figure of the sentence before down by use ("具体为：人员经费…"). */
export const USE_BREAKDOWN = {
  lead: '^\\s*(?:具体为|具体包括|其中)[：:]\\s*(?:①|1[.、])?(?:人员经费|公用经费|专项业务经费)',
} as const;
export const USE_TARGETS: readonly FigureTarget[] = [
  t('budget_general_expenditure', [], []),
  t('budget_basic_expenditure', [], []),
];

/** How a class-level row id is spelled in each family (the two-sided 总表s prefix the side). */
export const CLASS_ROW_PREFIX: Partial<Record<TableType, string>> = {
  fiscal_summary: 'expenditure:',
  income_expenditure_summary: 'expenditure:',
};

/**
 * Under a heading about 财政拨款 ("四、财政拨款收入支出决算总体情况说明"), the department-wide totals the text names
 * are the 财政拨款 ones.
 */
export const FISCAL_HEADING = '财政拨款';
export const FISCAL_SUBJECT: Readonly<Record<string, string>> = {
  grand_total: 'fiscal_grand_total',
  income_total: 'fiscal_income',
  expenditure_total: 'fiscal_expenditure',
};

/** The budgets by name: their 预算 names the budget, not a figure's role. */
const BUDGET_NAMES = '一般公共|政府性基金|国有资本经营|社会保险基金';

/** The words before a figure that give its role; the first that matches (closest to the figure) wins. */
export const ROLES: ReadonlyArray<readonly [FigureRole, string]> = [
  ['budget_initial', '年初(?:预算|批复|安排)'],
  ['budget_full', '(?:全年|调整后?|变动后)预算|预算调整数'],
  ['last_year', '上年|上一年|去年'],
  ['final', '决算|执行数|实际(?:支出|执行)|完成数'],
  // Not the 预算 of a budget's name ("一般公共预算财政拨款支出2940.05万元" in a 决算 is its 决算).
  ['budget', `(?<!${BUDGET_NAMES})预算`],
];

/** The words that say the paragraph speaks of one project, one 专项 or another budget, not of the department. */
export const LOCAL_CONTEXT =
  '专项资金|补贴资金|补助资金|某项目|本项目|该项目|政府性基金|国有资本经营|社会保险基金';

/**
 * The words before a figure, in its sentence, that make it a part the sentence names, not the department's figure
 * (regex sources, matched against the sentence up to the figure):
 * - the reason of a change, in the same item (no ；/。 between): "增加的主要原因是…以及预备技师班开班后的师资培训费今年
 *   预算10.19万元" (西安 商务局);
 * - the items of 机关运行经费: "机关运行经费预算安排1487.80万元，其中办公费…会议费7.61万元，培训费36.91万元" is the
 *   会议费 of the 机关 only, not the department's 三公 table (西安 生态环境局).
 */
export const PART_CONTEXTS: readonly string[] = [
  '原因(?:是|为|在于|：|:)[^；;。]*$',
  '机关运行经费[^。]*(?:其中|包括|具体)',
];

/** Comparison words between two figures, and what they assert of left − right. */
export const COMPARATORS: ReadonlyArray<readonly [string, 'gt' | 'lt' | 'eq']> = [
  ['大于', 'gt'],
  ['高于', 'gt'],
  ['多于', 'gt'],
  ['超过', 'gt'],
  ['小于', 'lt'],
  ['低于', 'lt'],
  ['少于', 'lt'],
  ['等于', 'eq'],
];

/** Change words: what each asserts of this year − last year. */
export const CHANGE_WORDS: ReadonlyArray<readonly [string, 'up' | 'down' | 'flat']> = [
  ['增加', 'up'],
  ['增长', 'up'],
  ['上升', 'up'],
  ['提高', 'up'],
  ['增支', 'up'],
  ['减少', 'down'],
  ['下降', 'down'],
  ['降低', 'down'],
  ['减支', 'down'],
  ['下降了', 'down'],
  // The rate of a change named by its size ("增加2.55万元，增幅1.40%", "下降幅度为1.87%", "增长率为7.77%").
  ['增幅', 'up'],
  ['涨幅', 'up'],
  ['增长幅度', 'up'],
  ['增长率', 'up'],
  ['降幅', 'down'],
  ['减幅', 'down'],
  ['下降幅度', 'down'],
  ['减少幅度', 'down'],
  ['下降率', 'down'],
];

/** A completion rate: "完成年初预算的94.62%", "预算执行率为99.61%"; which budget it is measured against. */
export const COMPLETION: ReadonlyArray<readonly [string, FigureRole]> = [
  ['完成了?年初预算(?:数)?的?', 'budget_initial'],
  ['完成了?(?:全年|调整后?)预算(?:数)?的?', 'budget_full'],
  ['完成了?(?:年度|部门)?预算(?:数)?的?', 'budget'],
  ['(?:预算)?执行率(?:为|达到?|是)?', 'budget_full'],
  ['(?:预算)?完成率(?:为|达到?|是)?', 'budget'],
  ['占(?:年初)?预算(?:数)?的', 'budget'],
  // "支出决算为95万元，为年初预算的95%", "达到全年预算的".
  ['(?:为|是|达到?)年初预算(?:数)?的', 'budget_initial'],
  ['(?:为|是|达到?)(?:全年|调整后?)预算(?:数)?的', 'budget_full'],
  ['(?:为|是|达到?)预算(?:数)?的', 'budget'],
];

/**
 * A share: "占X%", "占本年支出合计的X%", "占比达到X%", "所占比重为X%", "占支出总额的百分比为X%"; group 1 names the whole
 * (empty: the total the list divides).
 */
export const SHARE_WORDS = '占(.*?)(?:的)?(?:比重|比例|百分比|份额|比)?(?:为|达到?|约为?|是)?';

/**
 * Subjects a budget keeps equal, the income side and the expenditure side (财政拨款收入 = 财政拨款支出): when the
 * text gives both the same figure this year, their changes against last year's budget must be the same too.
 */
export const BALANCED: ReadonlyArray<readonly [string, string]> = [
  ['fiscal_income', 'fiscal_expenditure'],
  ['income_total', 'expenditure_total'],
  ['general_budget_income', 'general_budget_expenditure'],
];

/**
 * A part and its whole [part, whole]: whatever the changes, last year's part (this year's figure − its change)
 * cannot exceed last year's whole.
 */
export const PART_OF: ReadonlyArray<readonly [string, string]> = [
  ['general_budget_expenditure', 'fiscal_expenditure'],
  ['government_fund_expenditure', 'fiscal_expenditure'],
  ['state_capital_expenditure', 'fiscal_expenditure'],
  ['fiscal_expenditure', 'expenditure_total'],
  ['fiscal_income', 'income_total'],
  ['general_budget_income', 'fiscal_income'],
  ['basic', 'expenditure_total'],
  ['project', 'expenditure_total'],
  ['outbound', 'three_public'],
  ['reception', 'three_public'],
  ['vehicle', 'three_public'],
  ['vehicle_purchase', 'vehicle'],
  ['vehicle_operation', 'vehicle'],
];

/**
 * A sentence that gives the direction of a change in words only ("财政拨款收入支出减少的主要原因是…"): the words
 * before the change word name the subjects (收入 / 支出, 财政拨款 or not).
 */
export const CHANGE_REASON = '^(.{0,24}?)(增加|减少|增长|下降)(?:的)?(?:主要)?原因';

/**
 * The reason words after a change ("减少的主要原因是", "增加原因"): group 1 is the direction they name, which must
 * be the change's.
 */
export const CHANGE_REASON_WORD = '(增加|减少|增长|下降)(?:的)?(?:主要)?原因';

/** The words between a change and its rate printed in brackets after it ("减少4.76万元（26.30%）"): the bracket alone. */
export const CHANGE_RATE_BRACKET = '[（(]|[（(]下降|[（(]增长|[（(]减少|[（(]增加';

/**
 * The words before last year's figure stated right after this year's, then the change ("安排201.87万元，较2025年
 * 预算198.27万元增加3.6万元", "比上年198.27万元减少…"): the two figures the change is the difference of.
 */
export const LAST_YEAR_COMPARED = '(?:比|较|与|同)(?:上年|上一年|去年|20\\d\\d年)';

/**
 * Tables printing last year's figures beside this year's, and the key of last year's column for each of this year's
 * (烟台's 三公 table: 2025年预算数 | 2026年预算数; 西安's 上年 | 当年 | 增减变化): a change the text states for a figure
 * resolved to such a table must be this year's − last year's there.
 */
export const LAST_YEAR_COLUMNS: ReadonlyArray<{
  readonly family: TableType;
  /** Key prefix of last year's columns. */
  readonly prefix: string;
  /** Key prefix of the printed change columns (增减变化), when the table prints them. */
  readonly change?: string;
}> = [{ family: 'budget_three_public', prefix: 'prior_', change: 'change_' }];

/** Words that say a figure is rounded ("约1235万元", "约为", "大约", "约合"): not part of the name before it. */
export const APPROXIMATE_WORDS = '约为|约合|大约|约';

/** List marks and linking words before the name of a figure ("其中：", "①", "（1）", "2.", "包括"). */
export const FACT_LEAD_WORDS =
  '其中|包括|主要是|主要为|[①-⑳]|[(（][0-9一二三四五六七八九十]+[)）]|[0-9]+[.、．]';

/**
 * A whole and its parts [whole, parts]: where the text states the change of each against the same reference, the
 * parts' changes add up to the whole's (持平 counts 0).
 */
export const CHANGE_SUMS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['expenditure_total', ['basic', 'project']],
  ['three_public', ['outbound', 'reception', 'vehicle']],
  ['vehicle', ['vehicle_purchase', 'vehicle_operation']],
];

/**
 * A whole and the parts it is made of, all of them [whole, parts]: where one sentence (or the list that continues
 * it) states the whole and then every part, the parts add up to the whole at the precision printed.
 */
export const PART_SUMS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['procurement', ['procurement_goods', 'procurement_works', 'procurement_services']],
  ['three_public', ['outbound', 'reception', 'vehicle']],
  ['vehicle', ['vehicle_purchase', 'vehicle_operation']],
];

/**
 * Figures the text states that a table figure bounds from above, not equals: the funds the 绩效目标 cover are some of
 * the department's (上海 "本单位编报绩效目标的项目共6个，涉及项目预算资金10,151.96万元" of 10,230.96 万元 of 项目支出;
 * 烟台 "…全面实施绩效目标管理，涉及一级预算项目76个，预算资金45967.29万元"); 机关运行经费 is the 日常公用经费 of the
 * 行政单位 only, some of the 公用经费 of 基本支出. A figure is matched by its sentence and the words right before it
 * (regex sources), or by the subject it names; `bounds` (a subject's own targets, or a table figure) are tried in
 * order and the first found is the bound. Read only for a figure no other rule resolves; `budgetOnly` in a budget only
 * (in a 决算 the figure may be a budget beside the 决算's own).
 */
export interface Ceiling {
  readonly sentence?: string;
  readonly label?: string;
  readonly subject?: string;
  readonly bounds: readonly (string | FigureTarget)[];
  readonly budgetOnly?: boolean;
}
export const CEILINGS: readonly Ceiling[] = [
  { sentence: '绩效目标', label: '^涉及项目(?:预算)?资金$', bounds: ['project'], budgetOnly: true },
  {
    sentence: '绩效目标',
    label: '^(?:涉及)?(?:预算|财政性)?资金(?:合计|总额)?$',
    bounds: ['grand_total', 'expenditure_total'],
    budgetOnly: true,
  },
  // 西安 "本部门当年机关运行经费预算安排120.89万元", 烟台 "2026年本单位机关运行经费安排210.32万元": no table of their own.
  {
    subject: 'operating_costs',
    bounds: [
      t('budget_basic_expenditure', BUDGET_TOTAL, 'public_use'),
      t('budget_general_expenditure', BUDGET_TOTAL, 'public_use'),
      'public',
    ],
  },
];

/**
 * A project the text names by the name the project table prints ("拟对烟台市地质环境监测项目开展部门重点绩效评价，涉及
 * 预算资金77万元，其中财政拨款77万元"): its row in these families, found by that name.
 */
export const PROJECT_FAMILIES: readonly TableType[] = ['budget_project_expenditure'];
/**
 * The words right before a project's figure and the printed label of the column it lives in (regex sources; the
 * first column whose label matches and whose cell is filled).
 */
export const PROJECT_FIGURES: ReadonlyArray<{ readonly phrase: string; readonly column: string }> = [
  { phrase: '财政拨款(?:资金|预算)?', column: '^财政拨款' },
  {
    phrase: '(?:预算)?资金(?:总额)?|预算(?:金额|数)?|(?:项目)?金额|安排(?:资金)?',
    column: '^(?:合计|项目金额|金额|预算数?|总计)$',
  },
];
