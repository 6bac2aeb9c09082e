import type { NormalizedTable, Row } from '../../model/index.js';
import { cellTerm, columnLabel, INCOME_SOURCES, type Identity, type Term } from '../identity.js';

function byId(table: NormalizedTable, id: string): Row | undefined {
  return table.rows.find((r) => r.id === id);
}

function named(
  table: NormalizedTable,
  rule: Identity['rule'],
  lhsId: string,
  parts: ReadonlyArray<{ id: string; sign?: 1 | -1 }>,
  key: string,
  title: string,
): Identity | undefined {
  const lhsRow = byId(table, lhsId);
  if (!lhsRow) return undefined;
  const lhs = cellTerm(table, lhsRow, key);
  const rhs = parts
    .map((p) => {
      const r = byId(table, p.id);
      return r ? cellTerm(table, r, key, p.sign ?? 1) : undefined;
    })
    .filter((t): t is Term => t !== undefined);
  if (!lhs || rhs.length === 0) return undefined;
  if (lhs.cell.blank && rhs.every((t) => t.cell.blank)) return undefined;
  return {
    id: `${rule}:${table.id}:${lhsId}:${key}`,
    rule,
    lhs,
    rhs,
    onFail: 'error',
    title: `${title}（${columnLabel(table, key)}）`,
  };
}

const NOT_EXPENDITURE_LINES = /(expenditure_total|grand_total|balance_distribution|closing_balance)$/;

/**
 * The 总表s: 本年收入合计 = Σ 收入 sources; 本年支出合计 = Σ 支出 rows; 总计 = 本年合计 + 结转结余 lines on each side;
 * and the two 总计 agree. The 基本支出明细表: 人员经费合计 = 301 + 303, 公用经费合计 = 302 + 307 + 309 + 310 + 399.
 */
export function namedSums(table: NormalizedTable): Identity[] {
  const out: (Identity | undefined)[] = [];
  const amountKeys = table.columns.filter((c) => c.kind === 'amount').map((c) => c.key);
  if (/^(income_expenditure_summary|fiscal_summary|budget_summary|budget_fiscal_summary)$/.test(table.type)) {
    const income = table.rows.filter((r) => r.section === 'income');
    const expenditure = table.rows.filter((r) => r.section === 'expenditure');
    const sources = income
      .filter((r) => INCOME_SOURCES.some((s) => r.id === `income:${s}`))
      .map((r) => ({ id: r.id }));
    const spend = expenditure
      .filter((r) => !NOT_EXPENDITURE_LINES.test(r.id) && r.parent === undefined)
      .filter(
        (r) =>
          expenditure.indexOf(r) < expenditure.findIndex((x) => x.id === 'expenditure:expenditure_total'),
      )
      .map((r) => ({ id: r.id }));
    for (const key of amountKeys) {
      out.push(named(table, 'column_sum', 'income:income_total', sources, key, '本年收入合计 = Σ 各项收入'));
      out.push(
        named(table, 'column_sum', 'expenditure:expenditure_total', spend, key, '本年支出合计 = Σ 各项支出'),
      );
      out.push(
        named(
          table,
          'column_sum',
          'income:grand_total',
          [
            { id: 'income:income_total' },
            { id: 'income:non_fiscal_balance_used' },
            { id: 'income:opening_balance' },
          ],
          key,
          '收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余',
        ),
      );
      out.push(
        named(
          table,
          'column_sum',
          'expenditure:grand_total',
          [
            { id: 'expenditure:expenditure_total' },
            { id: 'expenditure:balance_distribution' },
            { id: 'expenditure:closing_balance' },
          ],
          key,
          '支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余',
        ),
      );
      const children = income.filter((r) => r.parent === 'income:opening_balance').map((r) => ({ id: r.id }));
      if (children.length > 0)
        out.push(
          named(table, 'hierarchy_sum', 'income:opening_balance', children, key, '年初结转和结余 = Σ 分项'),
        );
    }
    // A third side (支出用途: 基本支出, 项目支出, 单位预留机动经费) adds up to the same 本年支出合计.
    for (const section of new Set(
      table.rows
        .map((r) => r.section)
        .filter((x): x is string => !!x && x !== 'income' && x !== 'expenditure'),
    )) {
      const parts = table.rows
        .filter((r) => r.section === section && r.role === 'data' && r.parent === undefined)
        .map((r) => ({ id: r.id }));
      out.push(
        named(
          table,
          'column_sum',
          'expenditure:expenditure_total',
          parts,
          'amount',
          `本年支出合计 = Σ 按${section === 'expenditure_use' ? '支出用途' : '其他口径'}分列的支出`,
        ),
      );
    }
    // 收入总计 = 支出总计 (the amount column of each side).
    const inTotal = byId(table, 'income:grand_total');
    const outTotal = byId(table, 'expenditure:grand_total');
    const lhs = inTotal ? cellTerm(table, inTotal, 'amount') : undefined;
    const rhs = outTotal ? cellTerm(table, outTotal, 'amount') : undefined;
    if (lhs && rhs)
      out.push({
        id: `row_identity:${table.id}:grand_totals`,
        rule: 'row_identity',
        lhs,
        rhs: [rhs],
        onFail: 'error',
        title: '收入总计 = 支出总计',
      });
  }
  if (table.type === 'basic_expenditure' || table.type === 'budget_basic_expenditure') {
    for (const key of amountKeys) {
      out.push(
        named(
          table,
          'hierarchy_sum',
          'personnel_total',
          [{ id: 'c301' }, { id: 'c303' }],
          key,
          '人员经费合计 = 301 工资福利支出 + 303 对个人和家庭的补助',
        ),
      );
      out.push(
        named(
          table,
          'hierarchy_sum',
          'public_total',
          ['c302', 'c307', 'c309', 'c310', 'c399'].map((id) => ({ id })),
          key,
          '公用经费合计 = 302 商品和服务支出 + 307 + 309 + 310 + 399',
        ),
      );
    }
  }
  return out.filter((x): x is Identity => x !== undefined);
}
