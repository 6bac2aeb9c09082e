import type { TableType } from '../model/index.js';
import { compact, editDistance } from './text.js';

/** How a family's grid is laid out, which decides the normalizer that reads it. */
export type Layout =
  | 'coded' // rows by classification code: 收入/支出决算表, 一般公共预算支出表, 政府性基金表 …
  | 'summary' // two tables side by side, 收入 | 支出: the 总表s
  | 'groups' // three (code, name, amount) groups side by side: 基本支出(明细)表
  | 'wide' // a few rows under a deep header: 三公经费表
  | 'two_level' // a category column and an item column (收入预算总表: 一般公共预算资金 | 小计 / 公共财政拨款 …)
  | 'performance_overall'
  | 'special_fund_summary'
  | 'special_fund_direction'
  | 'self_evaluation'
  | 'generic';

interface FamilySpec {
  readonly type: TableType;
  readonly layout: Layout;
  /** Tested against the compact title (no spaces, half-width, brackets and quotes unified). Order matters. */
  readonly title: RegExp;
}

/**
 * Most specific first: "财政拨款收入支出决算总表" also contains "收入支出决算总表", "基本支出决算表" contains
 * "支出决算表". The "公开NN表" number is never used: it differs between regions and years.
 */
const FAMILIES: readonly FamilySpec[] = [
  // 决算
  { type: 'fiscal_summary', layout: 'summary', title: /财政拨款收入支出决算总表/ },
  { type: 'income_expenditure_summary', layout: 'summary', title: /收入支出决算总表/ },
  { type: 'basic_expenditure', layout: 'groups', title: /基本支出决算(明细)?表/ },
  { type: 'general_budget_expenditure', layout: 'coded', title: /一般公共预算财政拨款(项目)?支出决算表/ },
  { type: 'government_fund', layout: 'coded', title: /政府性基金预算财政拨款(收入)?支出决算表/ },
  { type: 'state_capital', layout: 'coded', title: /国有资本经营预算财政拨款(收入)?支出决算表/ },
  { type: 'three_public', layout: 'wide', title: /"?三公"?经费.*决算表/ },
  { type: 'income', layout: 'coded', title: /收入决算表/ },
  { type: 'expenditure', layout: 'coded', title: /支出决算表/ },
  // 预算
  { type: 'budget_fiscal_summary', layout: 'summary', title: /财政拨款收支(预算)?总表/ },
  { type: 'budget_summary', layout: 'summary', title: /(收支预算总表|部门收支总表|收支总表)/ },
  { type: 'budget_basic_expenditure', layout: 'groups', title: /基本支出(预算)?表/ },
  { type: 'budget_three_public', layout: 'wide', title: /"?三公"?经费.*(预算)?表/ },
  { type: 'budget_government_fund', layout: 'coded', title: /政府性基金(预算)?(支出|收支)(预算)?表/ },
  { type: 'budget_state_capital', layout: 'coded', title: /国有资本经营(预算)?(支出|收支)(预算)?表/ },
  { type: 'budget_general_expenditure', layout: 'coded', title: /一般公共预算(财政拨款)?支出(预算)?表/ },
  { type: 'budget_procurement', layout: 'generic', title: /政府采购(预算)?(明细)?表/ },
  { type: 'budget_operating_costs', layout: 'coded', title: /机关运行经费(支出)?(预算)?表/ },
  { type: 'budget_income', layout: 'two_level', title: /(收入预算总表|收入预算表|部门收入总表|收入总表)/ },
  { type: 'budget_expenditure', layout: 'coded', title: /(支出预算总表|支出预算表|部门支出总表|支出总表)/ },
  // 绩效
  { type: 'self_evaluation_overall', layout: 'self_evaluation', title: /整体支出绩效自评(指标)?表/ },
  { type: 'self_evaluation_project', layout: 'self_evaluation', title: /项目支出绩效自评表/ },
  { type: 'performance_overall', layout: 'performance_overall', title: /整体支出绩效目标(申报)?表/ },
  { type: 'special_fund_summary', layout: 'special_fund_summary', title: /专项资金绩效目标汇总表/ },
  { type: 'special_fund_direction', layout: 'special_fund_direction', title: /专项资金支出方向绩效目标表/ },
];

/**
 * Each family's titles as printed, for titles OCR got one character wrong ("文出预算总表" for 支出预算总表): a
 * title none of the patterns above match still names a family when some stretch of it is within one
 * character of one of these. Longest first within a family; families in the order above.
 */
const PRINTED_TITLES: Partial<Record<TableType, readonly string[]>> = {
  fiscal_summary: ['财政拨款收入支出决算总表'],
  income_expenditure_summary: ['收入支出决算总表'],
  basic_expenditure: ['基本支出决算明细表', '基本支出决算表'],
  general_budget_expenditure: ['一般公共预算财政拨款支出决算表'],
  government_fund: ['政府性基金预算财政拨款收入支出决算表'],
  state_capital: ['国有资本经营预算财政拨款支出决算表'],
  three_public: ['三公经费支出决算表'],
  income: ['收入决算表'],
  expenditure: ['支出决算表'],
  budget_fiscal_summary: ['财政拨款收支预算总表', '财政拨款收支总表'],
  budget_summary: ['收支预算总表', '部门收支总表'],
  budget_basic_expenditure: ['基本支出预算表'],
  budget_three_public: ['三公经费支出预算表'],
  budget_government_fund: ['政府性基金支出预算表', '政府性基金收支预算表'],
  budget_state_capital: ['国有资本经营支出预算表'],
  budget_general_expenditure: ['一般公共预算支出预算表', '一般公共预算支出表'],
  budget_procurement: ['政府采购预算表', '政府采购明细表'],
  budget_operating_costs: ['机关运行经费预算表'],
  budget_income: ['收入预算总表', '部门收入总表'],
  budget_expenditure: ['支出预算总表', '部门支出总表'],
};

/**
 * Some stretch of `text` within one edit of `title` (titles of 5+ characters only). Punctuation is left out
 * of the comparison: OCR breaks a character into marks ("共" → "，."), which titles never contain.
 */
function nearTitle(raw: string, title: string): boolean {
  if (title.length < 5) return false;
  const text = raw.replace(/[，,.。、·:：;；'"‘’“”/\\|]/g, '');
  for (const len of [title.length - 1, title.length, title.length + 1]) {
    for (let i = 0; i + len <= text.length; i++)
      if (editDistance(text.slice(i, i + len), title) <= 1) return true;
  }
  return false;
}

/** True when a line of text reads like the title of one of the families (used to find titles and split grids). */
export function matchFamilyTitle(text: string): FamilySpec | undefined {
  const c = compact(text);
  if (c.length > 60 || c.length < 4) return undefined;
  const final = /决算/.test(c);
  // A 决算 family never matches a title without 决算, and a budget family never one with it.
  const kindFits = (f: FamilySpec): boolean => {
    const isFinal = !f.type.startsWith('budget_') && !/performance|special_fund|self_evaluation/.test(f.type);
    return isFinal ? final : !final;
  };
  const exact = FAMILIES.find((f) => kindFits(f) && f.title.test(c));
  if (!looksLikeTitle(c)) return exact;
  // A title OCR garbled may still be one edit from a family's printed title. That family wins over the
  // pattern match only when it refines it: "一般公，.预算支出预算表" is 一般公共预算支出预算表, not the bare
  // 支出预算表 its pattern gives; "政府性基金预算财政拨款收入支出决算表" stays itself even though it is one
  // edit from 财政拨款收入支出决算总表.
  const near = FAMILIES.find(
    (f) => kindFits(f) && (PRINTED_TITLES[f.type] ?? []).some((t) => nearTitle(c, t)),
  );
  if (!exact) return near;
  const matched = exact.title.exec(c)?.[0] ?? '';
  return near &&
    near !== exact &&
    (PRINTED_TITLES[near.type] ?? []).some((t) => t.length > matched.length && t.includes(matched))
    ? near
    : exact;
}

/** Looks like a table title of any kind ("…表", "附表2"), even of no known family. */
export function looksLikeTitle(text: string): boolean {
  const c = compact(text);
  if (c.length < 3 || c.length > 60) return false;
  if (/[。；;]$/.test(c)) return false;
  return /表(格)?(\(\S*\))?$/.test(c) && !/^(注|说明|备注)/.test(c);
}

/** Family, when the header reveals it where no title does (a table whose title was lost). */
export function familyFromHeader(headerText: string): FamilySpec | undefined {
  const c = compact(headerText);
  if (/基本支出/.test(c) && /项目支出/.test(c) && /上缴上级支出/.test(c)) return byType('expenditure');
  if (/财政拨款收入/.test(c) && /上级补助收入/.test(c)) return byType('income');
  if (/经济分类科目编码.*经济分类科目编码/.test(c)) return byType('basic_expenditure');
  return undefined;
}

export function byType(type: TableType): FamilySpec | undefined {
  return FAMILIES.find((f) => f.type === type);
}

export type { FamilySpec };
