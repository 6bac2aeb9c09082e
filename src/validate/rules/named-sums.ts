import { family, type RowSelector, type RowSum } from '../../catalog/index.js';
import type { NormalizedTable, Row } from '../../model/index.js';
import { cellTerm, columnLabel, type Identity, type Term } from '../identity.js';

function byId(table: NormalizedTable, id: string): Row | undefined {
  return table.rows.find((r) => r.id === id);
}

/** The rows the selectors name (each once), in selector order. */
function selectAll(table: NormalizedTable, s: RowSelector | readonly RowSelector[]): Row[] {
  const list: readonly RowSelector[] = Array.isArray(s) ? s : [s as RowSelector];
  return [...new Set(list.flatMap((x) => select(table, x)))];
}

/** The rows a selector names, in table order. */
function select(table: NormalizedTable, s: RowSelector): Row[] {
  if ('ids' in s) {
    const at = (id: string | undefined): number => (id ? table.rows.findIndex((r) => r.id === id) : -1);
    const before = at(s.before);
    const after = at(s.after);
    return s.ids
      .map((id) => byId(table, id))
      .filter((r): r is Row => r !== undefined && !(s.topLevel && r.parent !== undefined))
      .filter((r) => {
        const i = table.rows.indexOf(r);
        return (before < 0 || i < before) && (after < 0 || i > after);
      });
  }
  if ('childrenOf' in s) return table.rows.filter((r) => r.parent === s.childrenOf);
  const rows = table.rows.filter((r) => r.section === s.section);
  const stop = s.before ? rows.findIndex((r) => r.id === s.before) : -1;
  return rows.filter(
    (r, i) =>
      r.role === 'data' &&
      r.parent === undefined &&
      (stop < 0 || i < stop) &&
      !(s.exclude?.test(r.id) ?? false) &&
      (s.only?.test(r.id) ?? true),
  );
}

function sumIdentity(table: NormalizedTable, sum: RowSum, key: string): Identity | undefined {
  const lhsRow = byId(table, sum.total);
  if (!lhsRow) return undefined;
  if (sum.requires && !byId(table, sum.requires)) return undefined;
  if (sum.unless && byId(table, sum.unless)) return undefined;
  const lhs = cellTerm(table, lhsRow, key);
  const rhs = selectAll(table, sum.parts)
    .filter((r) => r !== lhsRow)
    .map((r) => cellTerm(table, r, key))
    .filter((t): t is Term => t !== undefined);
  if (!lhs || rhs.length === 0) return undefined;
  if (lhs.cell.blank && rhs.every((t) => t.cell.blank)) return undefined;
  const rowKey = sum.tag ? `${sum.total}:${sum.tag}` : sum.total;
  return {
    id:
      sum.rule === 'row_identity' && sum.tag
        ? `row_identity:${table.id}:${sum.tag}`
        : `${sum.rule}:${table.id}:${rowKey}:${key}`,
    rule: sum.rule,
    lhs,
    rhs,
    onFail: 'error',
    title: sum.rule === 'row_identity' ? sum.title : `${sum.title}（${columnLabel(table, key)}）`,
  };
}

/**
 * Sums over named rows that the family's catalog entry lists (the 总表s' 本年收入合计 = Σ 收入 …, the 基本支出表's
 * 人员经费合计 = 301 + 303, the 自评表's 年度资金总额 = Σ 资金 rows), in every amount column or the named ones.
 */
export function namedSums(table: NormalizedTable): Identity[] {
  const out: Identity[] = [];
  const amountKeys = table.columns.filter((c) => c.kind === 'amount').map((c) => c.key);
  for (const sum of family(table.type)?.rowSums ?? []) {
    for (const key of sum.columns ?? amountKeys) {
      if (!table.columns.some((c) => c.key === key)) continue;
      const idt = sumIdentity(table, sum, key);
      if (idt && !out.some((o) => o.id === idt.id)) out.push(idt);
    }
  }
  return out;
}
