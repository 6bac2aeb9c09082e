import { family } from '../../catalog/index.js';
import type { NormalizedTable, Row } from '../../model/index.js';
import { cellTerm, columnLabel, rowName, type Identity, type Term } from '../identity.js';

const NOT_SUMMED = new Set(['line_no', 'seq', 'execution_rate', 'weight', 'score']);

function amountKeys(table: NormalizedTable): string[] {
  return table.columns
    .filter((c) => (c.kind === 'amount' || c.kind === 'number') && !NOT_SUMMED.has(c.key))
    .map((c) => c.key);
}

function sumIdentity(
  id: string,
  rule: Identity['rule'],
  table: NormalizedTable,
  total: Row,
  parts: readonly Row[],
  key: string,
  title: string,
): Identity | undefined {
  const lhs = cellTerm(table, total, key, 1, `${rowName(total)}·${columnLabel(table, key)}`);
  const rhs = parts.map((r) => cellTerm(table, r, key)).filter((t): t is Term => t !== undefined);
  if (!lhs || rhs.length === 0) return undefined;
  // An all-blank column proves nothing either way.
  if (lhs.cell.blank && rhs.every((t) => t.cell.blank)) return undefined;
  return { id, rule, lhs, rhs, onFail: 'error', title };
}

/**
 * 合计 = Σ rows (the top level of the hierarchy), and each parent = Σ its children (类 = Σ 款 = Σ 项,
 * 301 = Σ 301xx, 一 = Σ 1, 2 …). Per amount column.
 */
export function columnSums(table: NormalizedTable): Identity[] {
  const out: Identity[] = [];
  const keys = amountKeys(table);
  const sections = new Set(table.rows.map((r) => r.section));
  for (const section of sections) {
    const rows = table.rows.filter((r) => r.section === section);
    const totals = rows.filter((r) => r.role === 'total' && (r.id === 'total' || r.id.endsWith(':total')));
    const total = totals[0];
    const top = rows.filter(
      (r) =>
        (r.role === 'data' && (r.parent === undefined || r.parent === total?.id)) ||
        (r.role === 'subtotal' && r.parent === total?.id),
    );
    if (total && top.length > 0 && family(table.type)?.columnSums !== false) {
      for (const key of keys) {
        const idt = sumIdentity(
          `column_sum:${table.id}:${total.id}:${key}`,
          'column_sum',
          table,
          total,
          top,
          key,
          `${total.label} = Σ 各行（${columnLabel(table, key)}）`,
        );
        if (idt) out.push(idt);
      }
    }
    // Hierarchy: each row that others point at.
    for (const parent of rows) {
      const children = rows.filter((r) => r.parent === parent.id);
      if (children.length === 0 || parent.id === total?.id) continue;
      for (const key of keys) {
        const idt = sumIdentity(
          `hierarchy_sum:${table.id}:${parent.id}:${key}`,
          'hierarchy_sum',
          table,
          parent,
          children,
          key,
          `${rowName(parent)} = Σ 下级科目（${columnLabel(table, key)}）`,
        );
        if (idt) out.push(idt);
      }
    }
  }
  return out;
}
