import type { ColumnKind } from '../model/index.js';
import { compact, editDistance } from './text.js';

/** A column every table of a family may have: English key, the headers it is printed as, what it holds. */
export interface ColumnSpec {
  readonly key: string;
  readonly kind: ColumnKind;
  /** Compact header texts (no spaces, half-width brackets). First match wins, so specific before general. */
  readonly labels: readonly string[];
}

const amount = (key: string, ...labels: string[]): ColumnSpec => ({ key, kind: 'amount', labels });

/**
 * Amount columns of the coded tables (决算 and 预算). The English keys are the model's vocabulary:
 * 本年支出合计 total, 基本支出 basic, 项目支出 project, …
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
  amount('business_income', '经营收入'),
  amount('subsidiary_remit', '附属单位上缴收入'),
  amount('other_income', '其他收入'),
  amount('non_fiscal_balance_used', '使用非财政拨款结余', '用事业基金弥补收支差额'),
  amount('basic', '基本支出'),
  amount('project', '项目支出'),
  amount('upper_remit', '上缴上级支出'),
  amount('business_expenditure', '经营支出'),
  amount('subsidiary_grant', '对附属单位补助支出'),
  amount('personnel', '人员经费', '人员支出', '工资福利支出'),
  amount('public_use', '公用经费', '日常公用经费'),
  amount('current_income', '本年收入'),
  amount('current_expenditure', '本年支出'),
  amount('fiscal_special_account', '财政专户管理资金', '纳入专户管理的非税收入拨款'),
  amount('reserve', '单位预留机动经费', '预留机动经费'),
  amount('carry_forward', '结转下年资金', '结转下年'),
  amount('operating_costs', '机关运行经费支出', '机关运行经费'),
];

/** Headers that name the code and label columns. */
export const CODE_HEADER = /(编码|代码|科目编号|^类$|^款$|^项$)/;
export const NAME_HEADER = /(科目名称|^项目$|^名称$|项目\(按功能分类\)|^功能分类科目$|项目名称|^科目$)/;
export const LINE_NO_HEADER = /^(行次|栏次)$/;

/**
 * Match one header text against the specs: exact compact match first, then containment, then an edit
 * distance of 1 for headers of 4+ characters (typos and OCR slips). Returns undefined when nothing fits.
 */
export function matchColumn(header: string, specs: readonly ColumnSpec[]): ColumnSpec | undefined {
  const h = compact(header);
  if (!h) return undefined;
  for (const s of specs) if (s.labels.includes(h)) return s;
  for (const s of specs) if (s.labels.some((l) => l.length >= 3 && h.includes(l))) return s;
  if (h.length >= 4) {
    for (const s of specs) if (s.labels.some((l) => l.length >= 4 && editDistance(h, l) <= 1)) return s;
  }
  return undefined;
}

/** Match a header text against fixed names with a typo allowance ("出指标" → 产出指标). */
export function fuzzyEquals(text: string, name: string): boolean {
  const a = compact(text);
  const b = compact(name);
  if (a === b) return true;
  if (b.length < 3) return false;
  return editDistance(a, b) <= (b.length >= 6 ? 2 : 1);
}

/** Give every key once: a second "total" becomes "total_2". */
export function uniqueKey(key: string, used: Set<string>): string {
  let k = key;
  for (let i = 2; used.has(k); i++) k = `${key}_${i}`;
  used.add(k);
  return k;
}
