import type { NormalizedTable, Row, TableType } from '../../model/index.js';
import { compact } from '../../normalize/index.js';
import { cellTerm, columnLabel, rowName, type Identity, type Term } from '../identity.js';

type Tables = ReadonlyMap<TableType, NormalizedTable>;

function row(table: NormalizedTable | undefined, id: string): Row | undefined {
  return table?.rows.find((r) => r.id === id);
}

function term(
  table: NormalizedTable | undefined,
  rowId: string,
  key: string,
  name?: string,
): Term | undefined {
  const r = row(table, rowId);
  return table && r
    ? cellTerm(table, r, key, 1, name ? `${name}·${columnLabel(table, key)}` : undefined)
    : undefined;
}

/** A table with no figure at all (every amount blank or zero). */
export function isEmptyTable(table: NormalizedTable): boolean {
  return table.rows.every((r) => Object.values(r.cells).every((c) => c.value === null || c.value === 0));
}

function equal(
  id: string,
  lhs: Term | undefined,
  rhs: readonly (Term | undefined)[],
  title: string,
  onFail: Identity['onFail'] = 'error',
  note?: string,
): Identity | undefined {
  const terms = rhs.filter((t): t is Term => t !== undefined);
  if (!lhs || terms.length === 0 || terms.length !== rhs.length) return undefined;
  if (lhs.cell.value === null && terms.every((t) => t.cell.value === null)) return undefined;
  return { id, rule: 'cross_table', lhs, rhs: terms, onFail, title, ...(note ? { note } : {}) };
}

/** Σ of a detail table's coded rows under a 类 code (only the rows at the top of their hierarchy). */
function classSum(table: NormalizedTable, lei: string, key: string): Term[] {
  return table.rows
    .filter(
      (r) =>
        r.code?.startsWith(lei) &&
        r.role === 'data' &&
        (r.parent === undefined || !r.parent.startsWith(`c${lei}`)),
    )
    .map((r) => cellTerm(table, r, key))
    .filter((t): t is Term => t !== undefined);
}

/** The same figure printed in two tables must agree. */
export function crossTable(tables: Tables, all: readonly NormalizedTable[]): Identity[] {
  const out: (Identity | undefined)[] = [];
  const summary = tables.get('income_expenditure_summary');
  const income = tables.get('income');
  const expenditure = tables.get('expenditure');
  const fiscal = tables.get('fiscal_summary');
  const general = tables.get('general_budget_expenditure');
  const basic = tables.get('basic_expenditure');
  const fund = tables.get('government_fund');
  const capital = tables.get('state_capital');
  const generalHasData = general !== undefined && !isEmptyTable(general);

  out.push(
    equal(
      `cross_table:summary-income`,
      term(summary, 'income:income_total', 'amount', '收入支出决算总表 本年收入合计'),
      [term(income, 'total', 'total', '收入决算表 合计')],
      '收入支出决算总表 本年收入合计 = 收入决算表 合计',
    ),
  );
  out.push(
    equal(
      `cross_table:summary-expenditure`,
      term(summary, 'expenditure:expenditure_total', 'amount', '收入支出决算总表 本年支出合计'),
      [term(expenditure, 'total', 'total', '支出决算表 合计')],
      '收入支出决算总表 本年支出合计 = 支出决算表 合计',
    ),
  );
  out.push(
    equal(
      `cross_table:fiscal-income`,
      term(fiscal, 'income:income_total', 'amount', '财政拨款收入支出决算总表 本年收入合计'),
      [term(income, 'total', 'fiscal', '收入决算表 合计')],
      '财政拨款总表 本年收入合计 = 收入决算表 财政拨款收入合计',
    ),
  );

  // 总表 类 rows against Σ of the detail rows under that 类.
  for (const [sumTable, sumKey, detail, detailKey, name] of [
    [summary, 'amount', expenditure, 'total', '收入支出决算总表'],
    [fiscal, 'general_budget', generalHasData ? general : undefined, 'total', '财政拨款收入支出决算总表'],
  ] as const) {
    if (!sumTable || !detail) continue;
    for (const r of sumTable.rows.filter(
      (x) => x.section === 'expenditure' && x.codeLevel === 'lei' && x.code,
    )) {
      const lhs = cellTerm(sumTable, r, sumKey, 1, `${name} ${r.label}`);
      const rhs = classSum(detail, r.code ?? '', detailKey);
      if (!lhs || (rhs.length === 0 && (lhs.cell.value ?? 0) === 0)) continue;
      out.push({
        id: `cross_table:${sumTable.id}:${r.id}:${detail.id}`,
        rule: 'cross_table',
        lhs,
        rhs,
        onFail: 'error',
        title: `${name} ${r.label} = ${detail.title || detail.type} 中 ${r.code} 类各科目之和`,
      });
    }
  }

  // 一般公共预算财政拨款支出决算表 and 基本支出明细表 against the totals that should repeat them.
  if (generalHasData) {
    out.push(
      equal(
        `cross_table:general-fiscal`,
        term(general, 'total', 'total', '一般公共预算财政拨款支出决算表 合计'),
        [term(fiscal, 'expenditure:expenditure_total', 'general_budget', '财政拨款总表 本年支出合计')],
        '一般公共预算财政拨款支出合计 = 财政拨款总表 一般公共预算财政拨款支出',
      ),
    );
  }
  const basicTotal = basic
    ? [
        term(basic, 'personnel_total', 'amount', '人员经费合计'),
        term(basic, 'public_total', 'amount', '公用经费合计'),
      ]
    : [];
  if (basic && basicTotal.every(Boolean)) {
    if (generalHasData) {
      out.push(
        equal(
          `cross_table:basic-general`,
          term(general, 'total', 'basic', '一般公共预算财政拨款支出决算表 基本支出'),
          basicTotal,
          '一般公共预算财政拨款基本支出 = 人员经费合计 + 公用经费合计',
        ),
      );
    } else {
      // With no 一般公共预算 detail, the 支出决算表's 基本支出 is the nearest figure; other funding may explain a gap.
      out.push(
        equal(
          `cross_table:basic-expenditure`,
          term(expenditure, 'total', 'basic', '支出决算表 基本支出合计'),
          basicTotal,
          '支出决算表 基本支出 = 基本支出明细表 人员经费合计 + 公用经费合计',
          'warning',
        ),
      );
    }
  }
  // The 政府性基金 and 国有资本经营 tables' totals repeat as columns of the 财政拨款总表.
  for (const [id, table, name, column, columnName] of [
    ['fund-fiscal', fund, '政府性基金表 本年支出合计', 'government_fund', '政府性基金预算财政拨款'],
    ['capital-fiscal', capital, '国有资本经营表 合计', 'state_capital', '国有资本经营预算财政拨款'],
  ] as const) {
    out.push(
      equal(
        `cross_table:${id}`,
        term(table, 'total', 'total', name),
        [term(fiscal, 'expenditure:expenditure_total', column, `财政拨款总表 ${columnName}`)],
        `${columnName}支出 = 财政拨款总表 ${columnName}列`,
      ),
    );
  }

  // The same code in 收入决算表 and 支出决算表: equal unless balances carried over explain the gap (warning).
  if (income && expenditure) {
    // Money received but not spent this year is carried over: with balances printed, a gap is information.
    const balances = (summary?.rows ?? []).some(
      (r) => /(opening_balance|closing_balance)$/.test(r.id) && (r.cells['amount']?.value ?? 0) !== 0,
    );
    for (const r of income.rows.filter((x) => x.code)) {
      const other = expenditure.rows.find((x) => x.code === r.code);
      const lhs = cellTerm(income, r, 'total', 1, `收入决算表 ${rowName(r)}`);
      const rhs = other
        ? cellTerm(expenditure, other, 'total', 1, `支出决算表 ${rowName(other)}`)
        : undefined;
      const idt = equal(
        `cross_table:income-expenditure:${r.code ?? ''}`,
        lhs,
        [rhs],
        `同一科目 ${r.code ?? ''} 的收入决算数与支出决算数`,
        balances ? 'info' : 'warning',
        balances ? '总表列有结转结余，差额可能为结转资金。' : '若有结转结余请核对；否则收入与支出应相等。',
      );
      if (idt) out.push(idt);
    }
  }

  // 部门预算: the 收支预算总表's totals repeat in the 收入预算总表 and the 支出预算总表.
  const budgetSummary = tables.get('budget_summary');
  const budgetIncome = tables.get('budget_income');
  const budgetSpend = all.find((t) => t.type === 'budget_expenditure' && !t.rows.some((r) => r.code));
  out.push(
    equal(
      `cross_table:budget-summary-income`,
      term(budgetSummary, 'income:grand_total', 'amount', '收支预算总表 收入合计'),
      [term(budgetIncome, 'total', 'amount', '收入预算总表 收入总计')],
      '收支预算总表 收入合计 = 收入预算总表 收入总计',
    ),
  );
  const spendTotal = budgetSpend?.rows.find((r) => r.role === 'data' || r.role === 'total');
  if (budgetSpend && spendTotal) {
    out.push(
      equal(
        `cross_table:budget-summary-expenditure`,
        term(budgetSummary, 'expenditure:expenditure_total', 'amount', '收支预算总表 本年支出合计'),
        [term(budgetSpend, spendTotal.id, 'total', '支出预算总表 合计')],
        '收支预算总表 本年支出合计 = 支出预算总表 合计',
      ),
    );
  }
  out.push(...performance(all));
  return out.filter((x): x is Identity => x !== undefined);
}

/** 绩效 forms: 汇总表 合计 = 整体表 项目支出; 汇总表 rows = the 支出方向 tables' 项目金额; 支出明细 合计 = 项目金额. */
function performance(all: readonly NormalizedTable[]): Identity[] {
  const out: Identity[] = [];
  const overall = all.find((t) => t.type === 'performance_overall');
  const summaries = all.filter((t) => t.type === 'special_fund_summary' && !t.template);
  const directions = all.filter((t) => t.type === 'special_fund_direction' && !t.template);
  for (const s of summaries) {
    const total = row(s, 'total');
    const project = overall?.fields?.['project_expenditure'];
    const lhs = total ? cellTerm(s, total, 'amount', 1, '专项资金汇总表 合计') : undefined;
    if (lhs && overall && project && (project.value !== null || lhs.cell.value !== null)) {
      out.push({
        id: `cross_table:${s.id}:total:${overall.id}`,
        rule: 'cross_table',
        lhs,
        rhs: [
          {
            table: overall,
            column: 'project_expenditure',
            cell: project,
            sign: 1,
            name: '部门整体支出绩效目标表 项目支出',
          },
        ],
        onFail: 'error',
        title: '专项资金汇总表 合计 = 部门整体支出绩效目标表 项目支出',
      });
    }
    for (const d of directions) {
      const name = compact(d.fields?.['direction']?.raw ?? d.fields?.['fund_name']?.raw ?? '');
      const amount = d.fields?.['project_amount'];
      if (!name || !amount) continue;
      const match = s.rows.filter((r) => r.parent && r.parent !== 'total' && compact(r.label) === name);
      for (const r of match) {
        const l = cellTerm(s, r, 'amount', 1, `专项资金汇总表 ${r.label}`);
        if (!l) continue;
        out.push({
          id: `cross_table:${s.id}:${r.id}:${d.id}`,
          rule: 'cross_table',
          lhs: l,
          rhs: [
            {
              table: d,
              column: 'project_amount',
              cell: amount,
              sign: 1,
              name: `支出方向绩效目标表（${d.fields?.['direction']?.raw ?? ''}）项目金额`,
            },
          ],
          onFail: 'error',
          title: '专项资金汇总表 支出方向金额 = 支出方向绩效目标表 项目金额',
        });
      }
    }
  }
  for (const d of directions) {
    const total = row(d, 'details:total');
    const amount = d.fields?.['project_amount'];
    const lhs = total ? cellTerm(d, total, 'amount', 1, '支出明细 合计') : undefined;
    if (lhs && amount && amount.value !== null) {
      out.push({
        id: `cross_table:${d.id}:details-total`,
        rule: 'cross_table',
        lhs,
        rhs: [{ table: d, column: 'project_amount', cell: amount, sign: 1, name: '项目金额' }],
        onFail: 'error',
        title: '支出明细 合计 = 项目金额',
      });
    }
  }
  return out;
}
