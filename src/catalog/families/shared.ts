/** Identities several families print alike, as data (the 总表s, the 三公 tables, the 基本支出 tables). */
import type { RowRule, RowSum } from '../types.js';
import { INCOME_SOURCES } from '../vocabulary.js';

/** Rows of a 总表's 支出 side that are not spending lines. */
const NOT_SPENDING =
  /(expenditure_total|grand_total|balance_distribution|closing_balance|unallocated_account)$/;

/**
 * The 总表s (two-sided): 本年收入合计 = Σ 收入 sources; 本年支出合计 = Σ 支出 rows; 总计 = 本年合计 + 结转结余
 * lines on each side; 年初结转和结余 = Σ its breakdown; 收入总计 = 支出总计.
 */
export const SUMMARY_SUMS: readonly RowSum[] = [
  {
    rule: 'column_sum',
    total: 'income:income_total',
    // 财政拨款 with its parts printed below it (江苏: 一、财政拨款 / 1.一般公共预算 …) counts once.
    parts: {
      ids: ['fiscal', ...INCOME_SOURCES, 'fiscal_special_account'].map((s) => `income:${s}`),
      topLevel: true,
      // 烟台 prints 上级补助收入 and 附属单位上缴收入 below 本年收入合计: parts of 收入总计, not of it.
      before: 'income:income_total',
    },
    title: '本年收入合计 = Σ 各项收入',
  },
  {
    rule: 'column_sum',
    total: 'expenditure:expenditure_total',
    parts: { section: 'expenditure', before: 'expenditure:expenditure_total', exclude: NOT_SPENDING },
    title: '本年支出合计 = Σ 各项支出',
  },
  {
    rule: 'column_sum',
    total: 'income:grand_total',
    parts: [
      {
        ids: [
          'income:income_total',
          'income:non_fiscal_balance_used',
          'income:opening_balance',
          'income:account_balance',
        ],
      },
      {
        // No 本年收入合计 row (上海's 财务收支预算总表): every source, 财政拨款 too, adds straight into 收入总计.
        ids: ['fiscal', ...INCOME_SOURCES, 'fiscal_special_account'].map((s) => `income:${s}`),
        topLevel: true,
        after: 'income:income_total',
      },
    ],
    title: '收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余',
  },
  {
    // No 本年支出合计 row (上海's 财政拨款收支预算总表: 一、其他支出 … 支出总计): the spending rows add straight into
    // 支出总计, with the 结转结余 lines.
    rule: 'column_sum',
    total: 'expenditure:grand_total',
    unless: 'expenditure:expenditure_total',
    parts: [
      { section: 'expenditure', before: 'expenditure:grand_total', exclude: NOT_SPENDING },
      {
        ids: [
          'expenditure:balance_distribution',
          'expenditure:closing_balance',
          'expenditure:unallocated_account',
        ],
      },
    ],
    title: '支出总计 = Σ 各项支出 + 结余分配 + 年末结转和结余',
  },
  {
    rule: 'column_sum',
    total: 'expenditure:grand_total',
    parts: {
      ids: [
        'expenditure:expenditure_total',
        'expenditure:balance_distribution',
        'expenditure:closing_balance',
        'expenditure:unallocated_account',
      ],
    },
    title: '支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余',
  },
  {
    rule: 'hierarchy_sum',
    total: 'income:opening_balance',
    parts: { childrenOf: 'income:opening_balance' },
    title: '年初结转和结余 = Σ 分项',
  },
  {
    // A third side (支出用途: 基本支出, 项目支出, 单位预留机动经费) adds up to the same 本年支出合计.
    rule: 'column_sum',
    total: 'expenditure:expenditure_total',
    parts: { section: 'expenditure_use', exclude: NOT_SPENDING },
    columns: ['amount'],
    tag: 'expenditure_use',
    title: '本年支出合计 = Σ 按支出用途分列的支出',
  },
  {
    rule: 'row_identity',
    total: 'income:grand_total',
    parts: { ids: ['expenditure:grand_total'] },
    columns: ['amount'],
    tag: 'grand_totals',
    title: '收入总计 = 支出总计',
  },
];

/** The 三公 table's figure columns (keys of src/catalog/vocabulary.ts), each printed per year group. */
const THREE_PUBLIC_LEAVES = [
  'total',
  'three_public_subtotal',
  'outbound',
  'reception',
  'vehicle_subtotal',
  'vehicle_purchase',
  'vehicle_operation',
  'meeting',
  'training',
] as const;

/** 三公经费: 合计 = 因公出国(境)费 + 公务用车购置及运行维护费 + 公务接待费; 小计 = 购置费 + 运行维护费, per group. */
export const THREE_PUBLIC_RULES: readonly RowRule[] = [
  // With 会议费 and 培训费 beside the 三公 (江苏 budgets), 合计 = 三公小计 + 会议费 + 培训费 and 三公小计 = the three.
  { total: 'three_public_subtotal', parts: ['outbound', 'vehicle_subtotal', 'reception'], perPrefix: true },
  {
    total: 'total',
    parts: ['three_public_subtotal', 'meeting', 'training'],
    perPrefix: true,
    ifColumn: 'three_public_subtotal',
  },
  {
    total: 'total',
    parts: ['outbound', 'vehicle_subtotal', 'reception'],
    perPrefix: true,
    unlessColumn: 'three_public_subtotal',
  },
  { total: 'vehicle_subtotal', parts: ['vehicle_purchase', 'vehicle_operation'], perPrefix: true },
  // 西安 prints 上年 | 当年 | 增减变化 groups: each 增减 figure is 当年 − 上年 (a lost minus sign breaks it).
  ...THREE_PUBLIC_LEAVES.map((leaf): RowRule => ({
    total: `change_${leaf}`,
    parts: [leaf],
    minus: [`prior_${leaf}`],
  })),
];

/** 基本支出(明细)表: 人员经费合计 = 301 + 303, 公用经费合计 = 302 + 307 + 309 + 310 + 399. */
export const BASIC_EXPENDITURE_SUMS: readonly RowSum[] = [
  {
    rule: 'hierarchy_sum',
    total: 'personnel_total',
    parts: { ids: ['c301', 'c303'] },
    title: '人员经费合计 = 301 工资福利支出 + 303 对个人和家庭的补助',
  },
  {
    rule: 'hierarchy_sum',
    total: 'public_total',
    parts: { ids: ['c302', 'c307', 'c309', 'c310', 'c399'] },
    title: '公用经费合计 = 302 商品和服务支出 + 307 + 309 + 310 + 399',
  },
];

/**
 * Tables whose 合计 = 基本支出 + 项目支出 per row; where 基本支出 is printed as 小计 | 人员 | 公用 (烟台, 北京),
 * 基本支出 = 人员经费 + 公用经费 too.
 */
export const BASIC_PLUS_PROJECT: readonly RowRule[] = [
  { total: 'total', parts: ['basic', 'project'] },
  { total: 'basic', parts: ['personnel', 'public_use'] },
];

/**
 * Income by source (收入决算表, 收入预算总表 by 科目): 合计 = 财政拨款 + the other sources; where the 财政拨款 group is
 * printed with its parts (小计 | 一般公共预算 | 政府性基金 | 国有资本经营), 小计 = Σ parts, and 合计 counts it once.
 */
export const INCOME_BY_SOURCE: readonly RowRule[] = [
  {
    total: 'total',
    parts: [
      'fiscal',
      'fiscal_special_account',
      'upper_grant',
      'business_revenue',
      'business_income',
      'subsidiary_remit',
      'other_income',
      'non_fiscal_balance_used',
      'opening_balance',
      'account_balance',
    ],
    ifColumn: 'fiscal',
  },
  {
    total: 'total',
    parts: [
      ...INCOME_SOURCES,
      'fiscal_special_account',
      'non_fiscal_balance_used',
      'opening_balance',
      'account_balance',
    ],
    unlessColumn: 'fiscal',
  },
  { total: 'fiscal', parts: ['general_budget', 'government_fund', 'state_capital'] },
];
