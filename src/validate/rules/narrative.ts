import type { Anomaly, NormalizedTable, TableType, TextBlock } from '../../model/index.js';
import { functionClassCode, parseNumber } from '../../normalize/index.js';

/** A figure the 情况说明 names, and where that figure lives in the tables. */
interface Claim {
  readonly keyword: RegExp;
  readonly name: string;
  readonly table: TableType;
  readonly row: string;
  readonly column: string;
}

const CLAIMS: readonly Claim[] = [
  {
    keyword: /基本支出(?:决算)?(?:为|是)?/u,
    name: '基本支出',
    table: 'expenditure',
    row: 'total',
    column: 'basic',
  },
  {
    keyword: /项目支出(?:决算)?(?:为|是)?/u,
    name: '项目支出',
    table: 'expenditure',
    row: 'total',
    column: 'project',
  },
  {
    keyword: /人员经费(?:支出)?(?:为|是)?/u,
    name: '人员经费',
    table: 'basic_expenditure',
    row: 'personnel_total',
    column: 'amount',
  },
  {
    keyword: /(?:日常)?公用经费(?:支出)?(?:为|是)?/u,
    name: '公用经费',
    table: 'basic_expenditure',
    row: 'public_total',
    column: 'amount',
  },
  {
    keyword: /会议费(?:支出)?/u,
    name: '会议费',
    table: 'basic_expenditure',
    row: 'c30215',
    column: 'amount',
  },
  {
    keyword: /培训费(?:支出)?/u,
    name: '培训费',
    table: 'basic_expenditure',
    row: 'c30216',
    column: 'amount',
  },
  { keyword: /收入合计/u, name: '本年收入合计', table: 'income', row: 'total', column: 'total' },
  { keyword: /支出合计/u, name: '本年支出合计', table: 'expenditure', row: 'total', column: 'total' },
  { keyword: /财政拨款收入/u, name: '财政拨款收入', table: 'income', row: 'total', column: 'fiscal' },
  {
    keyword: /公务接待费支出决算(?:为)?/u,
    name: '公务接待费决算',
    table: 'three_public',
    row: 'r1',
    column: 'final_reception',
  },
];

const FIGURE = /^\s*[:：]?\s*(\d+(?:\.\d+)?)\s*万元/u;

/** A clause about one project or one 专项 speaks of its own figures, not the department's. */
const LOCAL_CONTEXT = /专项|^[（(]\d+[)）]|某项目|本项目/u;
/** A paragraph about another budget (政府性基金, 国有资本经营) states that budget's 基本支出 and 项目支出. */
const OTHER_BUDGET = /^.{0,20}(政府性基金|国有资本经营|社会保险基金)/u;

function decimals(raw: string): number {
  return parseNumber(raw).decimals;
}

/**
 * Figures stated in the text (情况说明, 自评报告) against the same figures in the tables. Off by more than the
 * last printed digit → warning (the text was not updated, or the table is wrong); by one or two units of the last
 * digit → info.
 */
export function narrativeChecks(texts: readonly TextBlock[], tables: readonly NormalizedTable[]): Anomaly[] {
  const out: Anomaly[] = [];
  const first = (type: TableType): NormalizedTable | undefined => tables.find((t) => t.type === type);
  let classHeading: string | undefined;
  for (const block of texts) {
    const text = block.text.replace(/\s+/g, ' ');
    const heading = /^\s*\d+[.、．]\s*(.+?)\s*$/.exec(text);
    const lei = heading?.[1] ? functionClassCode(heading[1]) : undefined;
    if (lei) {
      classHeading = lei;
      continue;
    }
    const claims: { claim: Claim; raw: string; at: number }[] = [];
    if (OTHER_BUDGET.test(text)) continue;
    for (const clause of text.split(/[。；;]/u)) {
      if (LOCAL_CONTEXT.test(clause.trim())) continue;
      for (const claim of CLAIMS) {
        const re = new RegExp(claim.keyword.source, 'gu');
        for (let m = re.exec(clause); m; m = re.exec(clause)) {
          const fig = FIGURE.exec(clause.slice(m.index + m[0].length));
          if (fig?.[1]) claims.push({ claim, raw: fig[1], at: m.index });
        }
      }
      if (classHeading) {
        const fig = /决算支出\s*(\d+(?:\.\d+)?)\s*万元/u.exec(clause);
        if (fig?.[1]) {
          claims.push({
            claim: {
              keyword: /决算支出/u,
              name: `${classHeading}类 决算支出`,
              table: 'income_expenditure_summary',
              row: `expenditure:c${classHeading}`,
              column: 'amount',
            },
            raw: fig[1],
            at: fig.index,
          });
        }
      }
    }
    if (!/决算支出/.test(text))
      classHeading = classHeading && /年初预算数/.test(text) ? classHeading : undefined;
    // Ids must survive re-validation (corrections refer to them): the place in the source, not a counter.
    const place = block.source.line
      ? `L${block.source.line.start}`
      : `p${block.source.page ?? 0}y${Math.round(block.source.bbox?.y0 ?? 0)}`;
    for (const [k, { claim, raw }] of claims.entries()) {
      const table = first(claim.table);
      const row = table?.rows.find((r) => r.id === claim.row);
      const cell = row?.cells[claim.column];
      if (!table || !row || !cell) continue;
      const tableValue = cell.value ?? (cell.blank ? 0 : undefined);
      if (tableValue === undefined) continue;
      const stated = Number(raw);
      const d = Math.min(decimals(raw), Math.max(decimals(cell.raw), 2));
      const gap = Math.abs(stated - tableValue);
      const exact = 0.5 * 10 ** -d + 1e-9;
      if (gap <= exact) continue;
      const severity = gap <= 2 * 10 ** -Math.max(d, 2) + 1e-9 ? 'info' : 'warning';
      const where = `${table.title || table.type}「${row.label || row.id}」`;
      out.push({
        id: `narrative_mismatch:${table.id}:${row.id}:${claim.column}:${place}:${k}`,
        rule: 'narrative_mismatch',
        severity,
        table: table.id,
        row: row.id,
        column: claim.column,
        found: stated,
        expected: tableValue,
        difference: Math.round((stated - tableValue) * 1e6) / 1e6,
        message:
          severity === 'info'
            ? `说明文字中的${claim.name} ${raw} 万元与${where}的 ${cell.raw || '0'} 相差 ${fmt(stated - tableValue)}，属尾数误差范围。`
            : `说明文字称${claim.name}为 ${raw} 万元，但${where}为 ${cell.raw || '空（0）'}，相差 ${fmt(stated - tableValue)} 万元。请核对文字或表格。`,
        related: [{ table: table.id, row: row.id, column: claim.column }],
        source: block.source,
      });
    }
  }
  return out;
}

function fmt(v: number): string {
  return String(Math.round(v * 10000) / 10000);
}

/**
 * A row that explains its own figure ("一年四次，每次0.2万元，共0.8万元" beside 0.7): the stated 共/合计 figure
 * must equal the row's amount.
 */
export function rowTextChecks(tables: readonly NormalizedTable[]): Anomaly[] {
  const out: Anomaly[] = [];
  for (const table of tables) {
    for (const row of table.rows) {
      const amount = row.cells['amount'];
      const basis = row.cells['basis'];
      if (!amount || !basis || amount.value === null) continue;
      const m = /(?:共|合计|总计)\s*(?:计)?\s*(\d+(?:\.\d+)?)\s*(万元|万|元)/u.exec(basis.raw);
      if (!m?.[1]) continue;
      let stated = Number(m[1]);
      if (m[2] === '元' && table.unit === 'wan_yuan') stated /= 10000;
      if (Math.abs(stated - amount.value) <= 0.005 + 1e-9) continue;
      out.push({
        id: `narrative_mismatch:${table.id}:${row.id}:amount:basis`,
        rule: 'narrative_mismatch',
        severity: 'warning',
        table: table.id,
        row: row.id,
        column: 'amount',
        found: amount.value,
        expected: stated,
        difference: Math.round((amount.value - stated) * 1e6) / 1e6,
        message: `${table.title || table.type}「${row.label}」金额为 ${amount.raw}，但测算说明写“${m[0]}”。请核对金额或测算依据。`,
        related: [{ table: table.id, row: row.id, column: 'basis' }],
        source: amount.source,
      });
    }
  }
  return out;
}
