/**
 * Checks between two documents of one department: this year's 年初结转和结余 against last year's 年末结转和结余
 * (by table and by fund), changes of the main totals beyond a threshold, and a 决算's 年初预算数 against the same
 * year's 部门预算. Pure: the store finds the neighbours (same department; same kind one year apart, or 决算 and 预算
 * of one year) and keeps what this returns with the later document (the 决算 for the same-year pair).
 */
import { statedLastYear } from './rules/narrative.js';
import type {
  Anomaly,
  DocumentKind,
  MoneyUnit,
  NormalizedTable,
  Provenance,
  Row,
  Severity,
  TextBlock,
} from '../model/index.js';
import { MONEY_UNIT_NAME } from '../model/index.js';

/** One side of a pair: a done document's normalized tables (corrections applied) and what names it. */
export interface YearDocument {
  readonly sha256: string;
  /** The file, as shown to a reviewer (a base name is enough). */
  readonly path: string;
  readonly year: number;
  readonly kind: DocumentKind;
  readonly scope?: 'department' | 'unit' | null | undefined;
  readonly tables: readonly NormalizedTable[];
  /** Narrative text (情况说明), for figures the text gives (年初预算数). */
  readonly texts?: readonly TextBlock[];
}

export interface CrossYearOptions {
  /** Relative change of a main total flagged as a warning (default 0.5, i.e. ±50%). */
  readonly changeRatio?: number;
  /** …when the change is also at least this many 万元 (default 100). */
  readonly changeMinWanYuan?: number;
}

/** What a pair gives: the anomalies, anchored in `target` (the later document). */
export interface CrossYearResult {
  readonly target: string;
  readonly other: string;
  readonly anomalies: Anomaly[];
}

/** 年初 of this year = 年末 of last year: the 总表 lines (row ids are the catalog's, see src/catalog/families/shared.ts). */
const BALANCE_FAMILIES: readonly { family: string; name: string; byFund: boolean }[] = [
  { family: 'income_expenditure_summary', name: '收入支出决算总表', byFund: false },
  { family: 'fiscal_summary', name: '财政拨款收入支出决算总表', byFund: true },
];
/** Fund columns of the 财政拨款总表 (keys from the catalog vocabulary). */
const FUNDS: readonly { key: string; name: string }[] = [
  { key: 'general_budget', name: '一般公共预算财政拨款' },
  { key: 'government_fund', name: '政府性基金预算财政拨款' },
  { key: 'state_capital', name: '国有资本经营预算财政拨款' },
];
/** The totals whose change from one year to the next is worth a look. */
const MAIN_TOTALS: Readonly<
  Record<string, readonly { family: string; name: string; rows: readonly [string, string][] }[]>
> = {
  final_accounts: [
    {
      family: 'income_expenditure_summary',
      name: '收入支出决算总表',
      rows: [
        ['income:income_total', '本年收入合计'],
        ['expenditure:expenditure_total', '本年支出合计'],
      ],
    },
  ],
  budget: [
    {
      family: 'budget_summary',
      name: '收支预算总表',
      rows: [
        ['income:income_total', '本年收入合计'],
        ['expenditure:expenditure_total', '本年支出合计'],
      ],
    },
  ],
};

const TO_WAN: Record<MoneyUnit, number> = { yuan: 1e-4, wan_yuan: 1, yi_yuan: 1e4 };

interface Figure {
  readonly table: NormalizedTable;
  readonly row: Row;
  readonly column: string;
  /** In the table's unit. */
  readonly value: number;
  /** In 万元. */
  readonly wan: number;
  /** Half a unit in the last printed place, in 万元. */
  readonly halfUlpWan: number;
  readonly source: Provenance;
}

function figure(doc: YearDocument, family: string, rowId: string, column: string): Figure | undefined {
  for (const table of doc.tables) {
    if (table.type !== family || table.template || table.unit === null) continue;
    const row = table.rows.find((r) => r.id === rowId);
    const cell = row?.cells[column];
    if (!row || !cell || cell.value === null) continue;
    const decimals = /\.(\d+)/.exec(cell.raw)?.[1]?.length ?? 0;
    const f = TO_WAN[table.unit];
    return {
      table,
      row,
      column,
      value: cell.value,
      wan: cell.value * f,
      halfUlpWan: 0.5 * 10 ** -decimals * f,
      source: cell.source,
    };
  }
  return undefined;
}

const fmt = (n: number): string => n.toFixed(2);
const docName = (d: YearDocument): string => `${d.year}年（${d.path}）`;

/**
 * Compare two documents of one department. Returns undefined when they are not neighbours: same kind one year
 * apart. The later document is the target whatever order they are given in.
 */
export function crossYearChecks(
  a: YearDocument,
  b: YearDocument,
  options: CrossYearOptions = {},
): CrossYearResult | undefined {
  if (a.year === b.year && a.kind !== b.kind) {
    const final = a.kind === 'final_accounts' ? a : b.kind === 'final_accounts' ? b : undefined;
    const budget = a.kind === 'budget' ? a : b.kind === 'budget' ? b : undefined;
    return final && budget ? initialBudgetCheck(final, budget) : undefined;
  }
  if (a.kind !== b.kind || Math.abs(a.year - b.year) !== 1) return undefined;
  const [earlier, later] = a.year < b.year ? [a, b] : [b, a];
  const tag = earlier.sha256.slice(0, 12);
  const anomalies: Anomaly[] = [];
  // A 部门 (汇总) against a 单位 document may differ for good reason: still shown, as a warning.
  const scopesDiffer = Boolean(earlier.scope && later.scope && earlier.scope !== later.scope);

  const push = (
    id: string,
    severity: Severity,
    now: Figure,
    before: Figure,
    formula: string,
    message: string,
    tolerance?: number,
  ): void => {
    const unit = now.table.unit ?? 'wan_yuan';
    const expected = before.wan / TO_WAN[unit];
    anomalies.push({
      id: `cross_year:${tag}:${id}`,
      rule: 'cross_year',
      severity,
      table: now.table.id,
      row: now.row.id,
      column: now.column,
      found: now.value,
      expected: Math.round(expected * 1e6) / 1e6,
      difference: Math.round((now.value - expected) * 1e6) / 1e6,
      ...(tolerance !== undefined ? { tolerance: tolerance / TO_WAN[unit] } : {}),
      formula,
      message,
      related: [],
      source: now.source,
      places: [now.source, before.source],
    });
  };

  if (later.kind === 'final_accounts') {
    for (const { family, name, byFund } of BALANCE_FAMILIES) {
      const pairs: { now: Figure | undefined; before: Figure | undefined; what: string; key: string }[] = [
        {
          now: figure(later, family, 'income:opening_balance', 'amount'),
          before: figure(earlier, family, 'expenditure:closing_balance', 'amount'),
          what: '',
          key: 'amount',
        },
      ];
      if (byFund) {
        for (const fund of FUNDS) {
          pairs.push({
            now: figure(later, family, `income:opening_balance.${fund.key}`, 'amount'),
            before:
              figure(earlier, family, 'expenditure:closing_balance', fund.key) ??
              figure(earlier, family, `expenditure:closing_balance.${fund.key}`, 'amount'),
            what: `（${fund.name}）`,
            key: fund.key,
          });
        }
      }
      for (const { now, before, what, key } of pairs) {
        if (!now || !before) continue;
        const gap = now.wan - before.wan;
        const tolerance = now.halfUlpWan + before.halfUlpWan;
        if (Math.abs(gap) <= tolerance + 1e-9) continue;
        const unit = MONEY_UNIT_NAME[now.table.unit ?? 'wan_yuan'];
        const k = TO_WAN[now.table.unit ?? 'wan_yuan'];
        push(
          `balance:${family}:${key}`,
          scopesDiffer ? 'warning' : 'error',
          now,
          before,
          `本年年初结转和结余 = 上年年末结转和结余（${name}${what}）`,
          `${name}${what}：${docName(later)}的年初结转和结余 ${fmt(now.value)} ${unit}，` +
            `与${docName(earlier)}的年末结转和结余 ${fmt(before.wan / k)} ${unit} 不一致，相差 ${fmt(gap / k)} ${unit}` +
            (scopesDiffer ? '（两份文件的口径不同：部门汇总与单位）' : ''),
          tolerance,
        );
      }
    }
  }

  const ratio = options.changeRatio ?? 0.5;
  const minWan = options.changeMinWanYuan ?? 100;
  for (const { family, name, rows } of MAIN_TOTALS[later.kind] ?? []) {
    for (const [rowId, label] of rows) {
      const now = figure(later, family, rowId, 'amount');
      const before = figure(earlier, family, rowId, 'amount');
      if (!now || !before) continue;
      const change = now.wan - before.wan;
      const rel = before.wan === 0 ? Infinity : change / Math.abs(before.wan);
      if (Math.abs(change) < minWan || Math.abs(rel) < ratio) continue;
      const unit = MONEY_UNIT_NAME[now.table.unit ?? 'wan_yuan'];
      const k = TO_WAN[now.table.unit ?? 'wan_yuan'];
      const pct = Number.isFinite(rel)
        ? `${change > 0 ? '增长' : '下降'} ${(Math.abs(rel) * 100).toFixed(1)}%`
        : '由零起增';
      push(
        `change:${family}:${rowId}`,
        'warning',
        now,
        before,
        `|本年 − 上年| ≥ ${Math.round(ratio * 100)}% 且 ≥ ${minWan} 万元（${name} ${label}）`,
        `${name} ${label}：${docName(later)} ${fmt(now.value)} ${unit}，${docName(earlier)} ${fmt(before.wan / k)} ${unit}，` +
          `${pct}（${change > 0 ? '增加' : '减少'} ${fmt(Math.abs(change))} 万元），变动超过 ±${Math.round(ratio * 100)}% 且不少于 ${minWan} 万元，请核实`,
      );
    }
  }
  anomalies.push(...statedLastYearChecks(later, earlier, tag));
  return { target: later.sha256, other: earlier.sha256, anomalies };
}

/**
 * What the later document's text says last year's figures were (本年数 ∓ the change it states against 上年) against
 * last year's document. A warning with both figures: last year's figures may have been restated since.
 */
function statedLastYearChecks(later: YearDocument, earlier: YearDocument, tag: string): Anomaly[] {
  if (!later.texts?.length) return [];
  const out: Anomaly[] = [];
  for (const s of statedLastYear(later.texts, later.tables, earlier.tables, earlier.year)) {
    const gap = s.value - s.before.value;
    const tolerance = s.half + s.before.half;
    if (Math.abs(gap) <= tolerance + 1e-9) continue;
    const beforeCell = s.before.row.cells[s.before.column];
    out.push({
      id: `cross_year:${tag}:stated_last_year:${s.before.table.type}:${s.before.row.id}:${s.before.column}`,
      rule: 'cross_year',
      severity: 'warning',
      table: s.now?.table.id ?? '',
      ...(s.now ? { row: s.now.row.id, column: s.now.column } : {}),
      found: s.value,
      expected: Math.round(s.before.value * 1e6) / 1e6,
      difference: Math.round(gap * 1e6) / 1e6,
      tolerance: Math.round(tolerance * 1e6) / 1e6,
      formula: '说明所述上年数（本年数 ∓ 比上年增减额）= 上年文件的同一数字',
      message:
        `${docName(later)}的说明称${s.name} ${s.thisYear} 万元，比上年${s.up ? '增加' : '减少'} ${s.change} 万元，` +
        `即上年为 ${fmt(s.value)} 万元；但${docName(earlier)}的${s.before.table.title || s.before.table.type}` +
        `「${s.before.row.label || s.before.row.id}」为 ${fmt(s.before.value)} 万元，相差 ${fmt(gap)} 万元。请核对（上年数字也可能已调整口径）`,
      related: [],
      source: s.source,
      places: [s.source, ...(beforeCell ? [beforeCell.source] : [])],
    });
  }
  return out;
}

/** "财政拨款支出年初预算数为488.25万元" in a 决算's 情况说明. */
const INITIAL_BUDGET =
  /财政拨款(?:收入)?支出年初预算数?(?:为|是|：|:)?\s*([0-9][0-9,]*(?:\.\d+)?)\s*(亿元|万元|元)/u;
const UNIT_OF: Record<string, MoneyUnit> = { 元: 'yuan', 万元: 'wan_yuan', 亿元: 'yi_yuan' };

/**
 * A 决算's 年初预算数 (as its text states it) against the same year's published 部门预算: the 财政拨款收支预算总表's
 * 本年支出合计. A warning when they differ (the 决算 may cover a different set of units than the budget).
 */
function initialBudgetCheck(final: YearDocument, budget: YearDocument): CrossYearResult {
  const out: CrossYearResult = { target: final.sha256, other: budget.sha256, anomalies: [] };
  const planned = figure(budget, 'budget_fiscal_summary', 'expenditure:expenditure_total', 'amount');
  if (!planned) return out;
  for (const block of final.texts ?? []) {
    const m = INITIAL_BUDGET.exec(block.text.replace(/\s+/g, ''));
    if (!m?.[1] || !m[2]) continue;
    const unit = UNIT_OF[m[2]] ?? 'wan_yuan';
    const stated = Number(m[1].replace(/,/g, ''));
    const decimals = /\.(\d+)/.exec(m[1])?.[1]?.length ?? 0;
    const statedWan = stated * TO_WAN[unit];
    const tolerance = 0.5 * 10 ** -decimals * TO_WAN[unit] + planned.halfUlpWan;
    const gap = statedWan - planned.wan;
    if (Math.abs(gap) <= tolerance + 1e-9) return out;
    const anchor = final.tables.find((t) => t.type === 'fiscal_summary') ?? final.tables[0];
    if (!anchor) return out;
    out.anomalies.push({
      id: `cross_year:${budget.sha256.slice(0, 12)}:initial_budget:fiscal`,
      rule: 'cross_year',
      severity: 'warning',
      table: anchor.id,
      found: Math.round(statedWan * 1e6) / 1e6,
      expected: Math.round(planned.wan * 1e6) / 1e6,
      difference: Math.round(gap * 1e6) / 1e6,
      tolerance,
      formula: '决算说明的财政拨款支出年初预算数 = 同年部门预算 财政拨款收支预算总表 本年支出合计（万元）',
      message:
        `${final.year}年决算（${final.path}）说明中的财政拨款支出年初预算数 ${fmt(statedWan)} 万元，` +
        `与同年部门预算（${budget.path}）财政拨款收支预算总表的本年支出合计 ${fmt(planned.wan)} 万元不一致，相差 ${fmt(gap)} 万元`,
      related: [],
      source: block.source,
      places: [block.source, planned.source],
    });
    return out;
  }
  return out;
}
