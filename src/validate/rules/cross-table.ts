import {
  CATALOG,
  type ClassSumLink,
  type EqualLink,
  type FigureRef,
  type LinkCondition,
  type SameCodeLink,
} from '../../catalog/index.js';
import type { NormalizedTable, Row, TableType } from '../../model/index.js';
import { compact } from '../../normalize/index.js';
import { cellTerm, columnLabel, rowName, type Identity, type Term } from '../identity.js';

type Tables = ReadonlyMap<TableType, NormalizedTable>;

function row(table: NormalizedTable | undefined, id: string): Row | undefined {
  return table?.rows.find((r) => r.id === id);
}

/** A table with no figure at all (every amount blank or zero). */
export function isEmptyTable(table: NormalizedTable): boolean {
  return table.rows.every((r) => Object.values(r.cells).every((c) => c.value === null || c.value === 0));
}

function tableFor(
  ref: FigureRef,
  tables: Tables,
  all: readonly NormalizedTable[],
): NormalizedTable | undefined {
  if (!ref.uncoded) return tables.get(ref.family);
  return all.find((t) => t.type === ref.family && !t.template && !t.rows.some((r) => r.code));
}

function figure(ref: FigureRef, tables: Tables, all: readonly NormalizedTable[]): Term | undefined {
  const table = tableFor(ref, tables, all);
  if (!table) return undefined;
  const r =
    ref.row === '@first'
      ? (table.rows.find((x) => x.role === 'total') ?? table.rows.find((x) => x.role === 'data'))
      : row(table, ref.row);
  return r ? cellTerm(table, r, ref.column, 1, `${ref.name}·${columnLabel(table, ref.column)}`) : undefined;
}

function holds(when: LinkCondition | undefined, tables: Tables, all: readonly NormalizedTable[]): boolean {
  if (!when) return true;
  const columnData = (c: { family: TableType; columns: readonly string[] }): boolean =>
    all.some(
      (t) =>
        t.type === c.family &&
        !t.template &&
        t.rows.some((r) => c.columns.some((k) => (r.cells[k]?.value ?? 0) !== 0)),
    );
  if (when.columnData && !columnData(when.columnData)) return false;
  if (when.lacksColumnData && columnData(when.lacksColumnData)) return false;
  const hasData = (t: TableType): boolean => {
    const table = tables.get(t);
    return table !== undefined && !isEmptyTable(table);
  };
  if (when.hasData && !hasData(when.hasData)) return false;
  if (when.lacksData && hasData(when.lacksData)) return false;
  return true;
}

function equal(link: EqualLink, tables: Tables, all: readonly NormalizedTable[]): Identity | undefined {
  const lhs = figure(link.lhs, tables, all);
  const rhs = link.rhs.map((r) => figure(r, tables, all));
  const terms = rhs.filter((t): t is Term => t !== undefined);
  if (!lhs || terms.length === 0 || terms.length !== rhs.length) return undefined;
  if (lhs.cell.value === null && terms.every((t) => t.cell.value === null)) return undefined;
  return {
    id: `cross_table:${link.id}`,
    rule: 'cross_table',
    lhs,
    rhs: terms,
    onFail: link.onFail ?? 'error',
    title: link.title,
    ...(link.note ? { note: link.note } : {}),
  };
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

function classSums(link: ClassSumLink, tables: Tables): Identity[] {
  const sumTable = tables.get(link.summary.family);
  const detail = tables.get(link.detail.family);
  if (!sumTable || !detail) return [];
  const out: Identity[] = [];
  for (const r of sumTable.rows.filter(
    (x) => x.section === link.summary.section && x.codeLevel === 'lei' && x.code,
  )) {
    const lhs = cellTerm(sumTable, r, link.summary.column, 1, `${link.name} ${r.label}`);
    const rhs = classSum(detail, r.code ?? '', link.detail.column);
    if (!lhs || (rhs.length === 0 && (lhs.cell.value ?? 0) === 0)) continue;
    out.push({
      id: `cross_table:${sumTable.id}:${r.id}:${detail.id}`,
      rule: 'cross_table',
      lhs,
      rhs,
      onFail: 'error',
      title: `${link.name} ${r.label} = ${detail.title || detail.type} 中 ${r.code} 类各科目之和`,
    });
  }
  return out;
}

/** The same code in two coded tables: equal unless balances carried over explain the gap. */
function sameCode(link: SameCodeLink, tables: Tables): Identity[] {
  const a = tables.get(link.a.family);
  const b = tables.get(link.b.family);
  if (!a || !b) return [];
  // Money received but not spent this year is carried over: with balances printed, a gap is information.
  const balances = (tables.get(link.balances.family)?.rows ?? []).some(
    (r) => link.balances.rows.test(r.id) && (r.cells['amount']?.value ?? 0) !== 0,
  );
  const out: Identity[] = [];
  for (const r of a.rows.filter((x) => x.code)) {
    const other = b.rows.find((x) => x.code === r.code);
    const lhs = cellTerm(a, r, link.a.column, 1, `${link.a.name} ${rowName(r)}`);
    const rhs = other ? cellTerm(b, other, link.b.column, 1, `${link.b.name} ${rowName(other)}`) : undefined;
    if (!lhs || !rhs || (lhs.cell.value === null && rhs.cell.value === null)) continue;
    out.push({
      id: `cross_table:${link.id}:${r.code ?? ''}`,
      rule: 'cross_table',
      lhs,
      rhs: [rhs],
      onFail: balances ? 'info' : 'warning',
      title: `同一科目 ${r.code ?? ''} 的${link.a.name.replace(/表$/, '')}数与${link.b.name.replace(/表$/, '')}数`,
      note: balances
        ? '总表列有结转结余，差额可能为结转资金。'
        : '若有结转结余请核对；否则收入与支出应相等。',
    });
  }
  return out;
}

/**
 * The same figure printed in two tables must agree: every link of the catalog (src/catalog/families/*), evaluated
 * on the first table of each family.
 */
export function crossTable(tables: Tables, all: readonly NormalizedTable[]): Identity[] {
  const out: (Identity | undefined)[] = [];
  for (const f of CATALOG) {
    for (const link of f.links ?? []) {
      if (link.kind === 'fund_forms') out.push(...performance(all));
      else if (!holds('when' in link ? link.when : undefined, tables, all)) continue;
      else if (link.kind === 'equal') out.push(equal(link, tables, all));
      else if (link.kind === 'class_sums') out.push(...classSums(link, tables));
      else out.push(...sameCode(link, tables));
    }
  }
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
