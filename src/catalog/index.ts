/**
 * The catalog: everything tally knows about table families, as data, one file per family under families/.
 * Recognition (src/normalize/families.ts), the layout readers and the checks (src/validate) read it.
 *
 * To support a new region's variant: find the family's file (families/<kind>/<family>.ts) and add a printed
 * title, a header signature, a layout variant or an identity there; a new column or row name goes to
 * vocabulary.ts. The order below matters only for titles: most specific first ("财政拨款收入支出决算总表" also
 * contains "收入支出决算总表", "基本支出决算表" contains "支出决算表").
 */
import type { TableType } from '../model/index.js';
import type { FamilyDef } from './types.js';
import { basicExpenditure } from './families/final/basic-expenditure.js';
import { expenditure } from './families/final/expenditure.js';
import { fiscalSummary } from './families/final/fiscal-summary.js';
import { generalBudgetExpenditure } from './families/final/general-budget-expenditure.js';
import { governmentFund } from './families/final/government-fund.js';
import { incomeExpenditureSummary } from './families/final/income-expenditure-summary.js';
import { income } from './families/final/income.js';
import { stateCapital } from './families/final/state-capital.js';
import { threePublic } from './families/final/three-public.js';
import { budgetBasicExpenditure } from './families/budget/basic-expenditure.js';
import { budgetExpenditure } from './families/budget/expenditure.js';
import { budgetFiscalSummary } from './families/budget/fiscal-summary.js';
import { budgetGeneralExpenditure } from './families/budget/general-expenditure.js';
import { budgetGovernmentFund } from './families/budget/government-fund.js';
import { budgetIncome } from './families/budget/income.js';
import { budgetOperatingCosts } from './families/budget/operating-costs.js';
import { budgetProcurement } from './families/budget/procurement.js';
import { budgetProjectExpenditure } from './families/budget/project-expenditure.js';
import { budgetCarryover } from './families/budget/carryover.js';
import { budgetPurchasedServices } from './families/budget/purchased-services.js';
import { budgetStateCapital } from './families/budget/state-capital.js';
import { budgetSummary } from './families/budget/summary.js';
import { budgetThreePublic } from './families/budget/three-public.js';
import { performanceOverall } from './families/performance/performance-overall.js';
import { performanceProject } from './families/performance/performance-project.js';
import { selfEvaluationOverall } from './families/performance/self-evaluation-overall.js';
import { selfEvaluationProject } from './families/performance/self-evaluation-project.js';
import { specialFundDirection } from './families/performance/special-fund-direction.js';
import { specialFundSummary } from './families/performance/special-fund-summary.js';

export type * from './types.js';
export * from './vocabulary.js';

/** Every family, in title-matching order. */
export const CATALOG: readonly FamilyDef[] = [
  // 决算
  fiscalSummary,
  incomeExpenditureSummary,
  basicExpenditure,
  generalBudgetExpenditure,
  governmentFund,
  stateCapital,
  threePublic,
  income,
  expenditure,
  // 预算
  budgetFiscalSummary,
  budgetSummary,
  budgetBasicExpenditure,
  budgetThreePublic,
  budgetGovernmentFund,
  budgetStateCapital,
  budgetGeneralExpenditure,
  budgetProcurement,
  budgetPurchasedServices,
  budgetOperatingCosts,
  budgetCarryover,
  budgetProjectExpenditure,
  budgetIncome,
  budgetExpenditure,
  // 绩效
  selfEvaluationOverall,
  selfEvaluationProject,
  performanceOverall,
  specialFundSummary,
  specialFundDirection,
  performanceProject,
];

const BY_TYPE = new Map<TableType, FamilyDef>(CATALOG.map((f) => [f.type, f]));

/** The family's definition; undefined for `unknown`. */
export function family(type: TableType): FamilyDef | undefined {
  return BY_TYPE.get(type);
}
