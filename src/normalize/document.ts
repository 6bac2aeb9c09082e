import type {
  Block,
  DocumentKind,
  DocumentMeta,
  MoneyUnit,
  NormalizedTable,
  TableType,
  TextBlock,
} from '../model/index.js';
import { normalizeCoded, type BodyResult } from './coded.js';
import { joinContinuations } from './continuation.js';
import { placeRowsBySums, placeSummaryRowsBySums } from './hierarchy.js';
import { chooseLayout, familyFromHeader, type Layout } from './families.js';
import { normalizeForm, normalizeFundSummary, normalizeSelfEvaluation, type FormResult } from './forms.js';
import { normalizeGeneric } from './generic.js';
import { normalizeGroups } from './groups.js';
import { segmentTables, type TableCandidate } from './segment.js';
import { normalizeSummary } from './summary.js';
import { compact, oneLine } from './text.js';
import { findUnitDeclaration } from './units.js';
import { normalizeWide } from './wide.js';
import { normalizeTwoLevel } from './two-level.js';

export interface NormalizedDocument {
  readonly meta: DocumentMeta;
  readonly tables: NormalizedTable[];
  readonly texts: TextBlock[];
}

function readBody(
  layout: Layout,
  c: TableCandidate,
  unit: MoneyUnit | null,
  type: TableType,
): BodyResult | FormResult {
  switch (layout) {
    case 'coded':
      return normalizeCoded(c.view, c.rows, unit, type);
    case 'summary':
      return normalizeSummary(c.view, c.rows, unit);
    case 'groups':
      return normalizeGroups(c.view, c.rows, unit);
    case 'wide':
      return normalizeWide(c.view, c.rows, unit);
    case 'performance_overall':
    case 'special_fund_direction':
      return normalizeForm(c.view, c.rows, unit);
    case 'special_fund_summary':
      return normalizeFundSummary(c.view, c.rows, unit);
    case 'self_evaluation':
      return normalizeSelfEvaluation(c.view, c.rows, unit);
    case 'two_level':
      return normalizeTwoLevel(c.view, c.rows, unit);
    case 'generic':
      return normalizeGeneric(c.view, c.rows, unit);
  }
}

/**
 * Blocks → normalized tables, narrative texts and document metadata. Every grid becomes a table (of a known
 * family, or `unknown` with its full grid), so nothing is dropped.
 */
export function normalizeDocument(input: { blocks: readonly Block[]; title?: string }): NormalizedDocument {
  const segmented = segmentTables(input.blocks);
  const texts = segmented.texts;
  const candidates = joinContinuations(segmented.candidates);
  const docUnit = mostCommonUnit(texts, candidates);
  const tables: NormalizedTable[] = candidates.map((c, i) => {
    const headerText = c.rows
      .slice(0, 4)
      .map((r) => c.view.filled(r).join(' '))
      .join(' ');
    const family = c.family ?? familyFromHeader(headerText);
    const type: TableType = family?.type ?? 'unknown';
    const layout: Layout = chooseLayout(family, `${c.title} ${headerText}`);
    const unit = c.unit?.unit ?? (layout === 'generic' ? null : docUnit);
    const body = readBody(layout, c, unit, type);
    // Rows with no code to place them (units listed 汇总 then 本级, 款 names with no code): placed by their sums.
    if (layout === 'coded' || layout === 'two_level') placeRowsBySums(body);
    if (layout === 'summary') placeSummaryRowsBySums(body.rows);
    const grid = c.view.grid;
    const form = 'fields' in body ? body : undefined;
    return {
      id: `t${i}`,
      type,
      title: c.title,
      unit:
        body.columns.some((col) => col.kind === 'amount') || (form && Object.keys(form.fields).length > 0)
          ? unit
          : null,
      ...(c.unit ? { unitText: c.unit.text } : {}),
      ...(c.label ? { label: c.label } : {}),
      columns: body.columns,
      rows: body.rows,
      template: form?.template ?? isBlankTemplate(body),
      ...(form && Object.keys(form.fields).length > 0 ? { fields: form.fields } : {}),
      grid: grid.id,
      ...(grid.pages ? { pages: grid.pages } : {}),
      source: c.titleSource,
    };
  });
  return { meta: documentMeta(input, texts, candidates, tables), tables, texts };
}

/** A 决算/预算 table printed with example rows ("…", "XX") and no figure at all is a blank template. */
function isBlankTemplate(body: BodyResult): boolean {
  const amountKeys = body.columns.filter((c) => c.kind === 'amount').map((c) => c.key);
  if (amountKeys.length === 0 || body.rows.length === 0) return false;
  const noFigures = body.rows.every((r) =>
    amountKeys.every((k) => r.cells[k]?.value === null || r.cells[k] === undefined),
  );
  const placeholders = body.rows.some(
    (r) => /^(…+|\.{3,}|X{2,}|×{2,})$/u.test(compact(r.label)) || /XX/.test(r.label),
  );
  return noFigures && placeholders;
}

function mostCommonUnit(
  texts: readonly TextBlock[],
  candidates: readonly TableCandidate[],
): MoneyUnit | null {
  const counts = new Map<MoneyUnit, number>();
  for (const u of [
    ...texts.map((t) => findUnitDeclaration(t.text)?.unit),
    ...candidates.map((c) => c.unit?.unit),
  ]) {
    if (u) counts.set(u, (counts.get(u) ?? 0) + 1);
  }
  let best: MoneyUnit | null = null;
  let n = 0;
  for (const [u, k] of counts) if (k > n) [best, n] = [u, k];
  return best;
}

const YEAR = /(20\d{2})\s*年/u;

function documentMeta(
  input: { title?: string },
  texts: readonly TextBlock[],
  candidates: readonly TableCandidate[],
  tables: readonly NormalizedTable[],
): DocumentMeta {
  const head = texts.slice(0, 12).map((t) => oneLine(t.text));
  const headline = [input.title ?? '', ...head, ...candidates.map((c) => c.title)].join('\n');
  const kind = documentKind(headline, tables);
  const yearMatch = YEAR.exec(headline);
  const department =
    departmentFromHeadline(head) ??
    candidates.find((c) => c.department)?.department ??
    tables.map((t) => t.fields?.['department_name']?.raw).find((d): d is string => Boolean(d && d.trim())) ??
    null;
  const units = tables.map((t) => t.unit).filter((u): u is MoneyUnit => u !== null);
  const unit =
    units.length > 0
      ? (units.sort((a, b) => units.filter((x) => x === b).length - units.filter((x) => x === a).length)[0] ??
        null)
      : null;
  return {
    department: department ? oneLine(department) : null,
    year: yearMatch ? Number(yearMatch[1]) : null,
    kind,
    unit,
  };
}

function documentKind(headline: string, tables: readonly NormalizedTable[]): DocumentKind {
  const c = compact(headline);
  if (/决算/.test(c)) return 'final_accounts';
  if (/绩效自评/.test(c)) return 'self_evaluation';
  if (/绩效目标/.test(c)) return 'performance_targets';
  if (/预算/.test(c)) return 'budget';
  if (tables.some((t) => t.type.startsWith('budget_'))) return 'budget';
  return 'unknown';
}

/** "2023年度 / 株洲经济开发区管理委员会 / 产业发展局部门决算" → "株洲经济开发区管理委员会产业发展局". */
function departmentFromHeadline(head: readonly string[]): string | undefined {
  const i = head.findIndex(
    (t) => /(部门|单位)?(决算|预算)(公开)?$/.test(compact(t)) && compact(t).length <= 40,
  );
  if (i < 0) return undefined;
  const parts: string[] = [];
  for (let k = Math.max(0, i - 3); k <= i; k++) parts.push(head[k] ?? '');
  // The department stands before the year ("上海市普陀区财政局2024年度部门决算") or after it
  // ("2023年度 / 株洲经济开发区管理委员会 / 产业发展局部门决算").
  const text = compact(parts.join(''))
    .replace(/^目录/, '')
    .replace(/(部门|单位)?(决算|预算)(公开)?$/, '');
  const m = /^(.*?)20\d{2}年度?(.*)$/.exec(text);
  const joined = m ? m[1] || m[2] || '' : text;
  return joined.length >= 2 && joined.length <= 40 && !/表$/.test(joined) ? joined : undefined;
}
