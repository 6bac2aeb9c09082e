import type { NormalizedTable, Row, TableType } from '../../model/index.js';
import { cellTerm, columnLabel, fieldTerm, INCOME_SOURCES, type Identity, type Term } from '../identity.js';

/** Column identities within one row, by family: total column = Σ part columns. */
const ROW_RULES: Partial<
  Record<TableType, ReadonlyArray<{ total: string; parts: readonly string[]; minus?: readonly string[] }>>
> = {
  expenditure: [
    {
      total: 'total',
      parts: ['basic', 'project', 'upper_remit', 'business_expenditure', 'subsidiary_grant'],
    },
  ],
  income: [
    {
      total: 'total',
      parts: ['fiscal', ...INCOME_SOURCES],
    },
  ],
  general_budget_expenditure: [{ total: 'total', parts: ['basic', 'project'] }],
  state_capital: [{ total: 'total', parts: ['basic', 'project'] }],
  government_fund: [
    { total: 'total', parts: ['basic', 'project'] },
    { total: 'closing_balance', parts: ['opening_balance', 'current_income'], minus: ['total'] },
  ],
  fiscal_summary: [{ total: 'amount', parts: ['general_budget', 'government_fund', 'state_capital'] }],
  budget_fiscal_summary: [{ total: 'amount', parts: ['general_budget', 'government_fund', 'state_capital'] }],
  budget_expenditure: [
    {
      total: 'total',
      parts: [
        'basic',
        'project',
        'reserve',
        'carry_forward',
        'upper_remit',
        'business_expenditure',
        'subsidiary_grant',
      ],
    },
  ],
  budget_income: [
    {
      total: 'total',
      parts: [
        'fiscal',
        'general_budget',
        'government_fund',
        'state_capital',
        'fiscal_special_account',
        'upper_grant',
        'business_revenue',
        'business_income',
        'subsidiary_remit',
        'other_income',
        'opening_balance',
      ],
    },
  ],
  budget_general_expenditure: [{ total: 'total', parts: ['basic', 'project'] }],
  budget_basic_expenditure: [{ total: 'total', parts: ['personnel', 'public_use'] }],
  budget_government_fund: [{ total: 'total', parts: ['basic', 'project'] }],
  budget_state_capital: [{ total: 'total', parts: ['basic', 'project'] }],
};

function rowIdentity(
  table: NormalizedTable,
  row: Row,
  total: string,
  parts: readonly string[],
  minus: readonly string[] = [],
): Identity | undefined {
  const lhs = cellTerm(table, row, total);
  if (!lhs) return undefined;
  const rhs = [
    ...parts.map((k) => cellTerm(table, row, k, 1)),
    ...minus.map((k) => cellTerm(table, row, k, -1)),
  ].filter((t): t is Term => t !== undefined);
  if (rhs.length < 2 && minus.length === 0) return undefined;
  if (rhs.length === 0) return undefined;
  const title = `${columnLabel(table, total)} = ${rhs
    .map((t) => `${t.sign < 0 ? '− ' : ''}${columnLabel(table, t.column)}`)
    .join(' + ')
    .replace(/\+ −/g, '−')}`;
  return {
    id: `row_identity:${table.id}:${row.id}:${total}`,
    rule: 'row_identity',
    lhs,
    rhs,
    onFail: 'error',
    title,
  };
}

/** 三公经费: 合计 = 因公出国(境)费 + 公务用车购置及运行维护费 + 公务接待费; 小计 = 购置费 + 运行维护费, per group. */
function threePublic(table: NormalizedTable, row: Row): Identity[] {
  const prefixes = new Set(
    table.columns.map(
      (c) =>
        /^(.*?)(total|outbound|vehicle_subtotal|vehicle_purchase|vehicle_operation|reception|three_public_subtotal|meeting|training)$/.exec(
          c.key,
        )?.[1] ?? '~',
    ),
  );
  const out: Identity[] = [];
  for (const p of prefixes) {
    if (p === '~') continue;
    // With 会议费 and 培训费 beside the 三公 (江苏 budgets), 合计 = 三公小计 + 会议费 + 培训费 and 三公小计 = the three.
    const hasSub = table.columns.some((c) => c.key === `${p}three_public_subtotal`);
    const a = hasSub
      ? rowIdentity(table, row, `${p}total`, [`${p}three_public_subtotal`, `${p}meeting`, `${p}training`])
      : rowIdentity(table, row, `${p}total`, [`${p}outbound`, `${p}vehicle_subtotal`, `${p}reception`]);
    const s = hasSub
      ? rowIdentity(table, row, `${p}three_public_subtotal`, [
          `${p}outbound`,
          `${p}vehicle_subtotal`,
          `${p}reception`,
        ])
      : undefined;
    if (s) out.push(s);
    const b = rowIdentity(table, row, `${p}vehicle_subtotal`, [
      `${p}vehicle_purchase`,
      `${p}vehicle_operation`,
    ]);
    if (a) out.push(a);
    if (b) out.push(b);
  }
  return out;
}

/** Identities between the key fields of the 绩效目标 forms. */
function formFields(table: NormalizedTable): Identity[] {
  const out: Identity[] = [];
  const make = (
    id: string,
    lhsKey: string,
    lhsName: string,
    parts: ReadonlyArray<readonly [string, string]>,
    title: string,
  ): void => {
    const lhs = fieldTerm(table, lhsKey, lhsName);
    const rhs = parts.map(([k, n]) => fieldTerm(table, k, n)).filter((t): t is Term => t !== undefined);
    if (!lhs || rhs.length === 0 || lhs.cell.value === null) return;
    out.push({
      id: `row_identity:${table.id}:@:${id}`,
      rule: 'row_identity',
      lhs,
      rhs,
      onFail: 'error',
      title,
    });
  };
  // The 自评表 prints the budget as 资金总额 beside executed 基本/项目支出: only the target form adds up this way.
  if (table.type === 'performance_overall') {
    make(
      'by_nature',
      'total_funds',
      '资金总额',
      [
        ['basic_expenditure', '基本支出'],
        ['project_expenditure', '项目支出'],
      ],
      '资金总额 = 基本支出 + 项目支出',
    );
    make(
      'by_source',
      'total_funds',
      '资金总额',
      [
        ['general_budget', '一般公共预算拨款'],
        ['government_fund', '政府性基金拨款'],
        ['other_funds', '其他资金'],
      ],
      '资金总额 = 一般公共预算拨款 + 政府性基金拨款 + 其他资金',
    );
  }
  if (table.type === 'special_fund_direction') {
    make('amounts', 'project_amount', '项目金额', [['amount', '金额']], '项目金额 = 所属专项金额');
  }
  return out;
}

/** 自评表: 年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金, per amount column. */
function selfEvaluation(table: NormalizedTable): Identity[] {
  const total = table.rows.find((r) => r.id === 'fund:total');
  const parts = table.rows.filter((r) => r.section === 'funds' && r.id !== 'fund:total');
  // Without the 当年财政拨款 line (a garbled export) the sum would be meaningless.
  if (!total || !parts.some((r) => r.id === 'fund:current')) return [];
  const out: Identity[] = [];
  for (const key of ['initial_budget', 'full_year_budget', 'executed']) {
    const lhs = cellTerm(table, total, key);
    const rhs = parts.map((r) => cellTerm(table, r, key)).filter((t): t is Term => t !== undefined);
    if (lhs && rhs.length > 0 && lhs.cell.value !== null) {
      out.push({
        id: `column_sum:${table.id}:fund:total:${key}`,
        rule: 'column_sum',
        lhs,
        rhs,
        onFail: 'error',
        title: `年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金（${columnLabel(table, key)}）`,
      });
    }
  }
  return out;
}

export function rowIdentities(table: NormalizedTable): Identity[] {
  const out: Identity[] = [];
  const rules = ROW_RULES[table.type] ?? [];
  for (const row of table.rows) {
    if (row.role === 'column_numbers') continue;
    for (const r of rules) {
      const id = rowIdentity(table, row, r.total, r.parts, r.minus);
      if (id) out.push(id);
    }
    if (table.type === 'three_public' || table.type === 'budget_three_public')
      out.push(...threePublic(table, row));
  }
  out.push(...formFields(table), ...selfEvaluation(table));
  return out;
}
