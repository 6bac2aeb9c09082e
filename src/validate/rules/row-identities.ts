import { family, type RowRule } from '../../catalog/index.js';
import type { NormalizedTable, Row } from '../../model/index.js';
import { cellTerm, columnLabel, columnName, fieldTerm, type Identity, type Term } from '../identity.js';

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
  // A difference needs every term: 增减 = 当年 − 上年 with 当年 not printed is no identity at all.
  if (minus.length > 0 && rhs.length < parts.length + minus.length) return undefined;
  // Within one group the group is said once ("增减变化：合计 = 小计 + 会议费 + 培训费"); across groups, on each column.
  const names = [total, ...rhs.map((t) => t.column)].map((k) => columnName(table, k));
  const oneGroup = names.every((n) => n.group !== undefined && n.group === names[0]!.group) ? names[0]!.group : undefined;
  const label = (k: string): string => (oneGroup ? columnName(table, k).name : columnLabel(table, k));
  const title = `${oneGroup ? `${oneGroup}：` : ''}${label(total)} = ${rhs
    .map((t) => `${t.sign < 0 ? '− ' : ''}${label(t.column)}`)
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

/** The column-key prefixes a rule applies to: "" alone, or each group prefix ("budget_", "final_"). */
function prefixes(table: NormalizedTable, rule: RowRule): string[] {
  if (!rule.perPrefix) return [''];
  const keys = [rule.total, ...rule.parts, ...(rule.minus ?? [])];
  const out = new Set<string>();
  for (const c of table.columns)
    for (const k of keys) if (c.key.endsWith(k)) out.add(c.key.slice(0, c.key.length - k.length));
  return [...out].filter((p) => p === '' || p.endsWith('_'));
}

/** Row identities of the family (catalog rowRules): total column = Σ part columns, per row. */
function rowRules(table: NormalizedTable, rules: readonly RowRule[]): Identity[] {
  const out: Identity[] = [];
  const has = (key: string): boolean => table.columns.some((c) => c.key === key);
  for (const row of table.rows) {
    if (row.role === 'column_numbers') continue;
    for (const rule of rules) {
      for (const p of prefixes(table, rule)) {
        if (rule.ifColumn && !has(`${p}${rule.ifColumn}`)) continue;
        if (rule.unlessColumn && has(`${p}${rule.unlessColumn}`)) continue;
        const id = rowIdentity(
          table,
          row,
          `${p}${rule.total}`,
          rule.parts.map((k) => `${p}${k}`),
          (rule.minus ?? []).map((k) => `${p}${k}`),
        );
        if (id && !out.some((o) => o.id === id.id)) out.push(id);
      }
    }
  }
  return out;
}

/** Identities between the key fields of the 绩效目标 forms (catalog fieldSums). */
function fieldSums(table: NormalizedTable): Identity[] {
  const out: Identity[] = [];
  for (const f of family(table.type)?.fieldSums ?? []) {
    const lhs = fieldTerm(table, f.total[0], f.total[1]);
    const rhs = f.parts.map(([k, n]) => fieldTerm(table, k, n)).filter((t): t is Term => t !== undefined);
    // One part found of several proves nothing (a form that prints only 其他资金 of its sources).
    if (!lhs || rhs.length < Math.min(2, f.parts.length) || lhs.cell.value === null) continue;
    out.push({
      id: `row_identity:${table.id}:@:${f.tag}`,
      rule: 'row_identity',
      lhs,
      rhs,
      onFail: 'error',
      title: f.title,
    });
  }
  return out;
}

/** Every identity within the rows and fields of one table that its family's catalog entry names. */
export function rowIdentities(table: NormalizedTable): Identity[] {
  return [...rowRules(table, family(table.type)?.rowRules ?? []), ...fieldSums(table)];
}
