import type {
  Block,
  DocumentMeta,
  MoneyUnit,
  NormalizedTable,
  TableType,
  TextBlock,
} from '../model/index.js';
import { normalizeCoded, type BodyResult } from './coded.js';
import { joinContinuations } from './continuation.js';
import { placeRowsBySums, placeSummaryRowsBySums } from './hierarchy.js';
import { candidateFamily, candidateHeaderText, chooseLayout, type Layout } from './families.js';
import { normalizeForm, normalizeFundSummary, normalizeSelfEvaluation, type FormResult } from './forms.js';
import { normalizeGeneric } from './generic.js';
import { normalizeGroups } from './groups.js';
import { segmentTables, type TableCandidate } from './segment.js';
import { normalizeSummary } from './summary.js';
import { tocGridLines } from './toc-grid.js';
import { compact } from './text.js';
import { findUnitDeclaration } from './units.js';
import { documentMeta } from './meta.js';
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
    case 'indicator_grid':
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
export function normalizeDocument(input: {
  blocks: readonly Block[];
  title?: string;
  /** The file's name, read for the document's year and kind only when its content says nothing. */
  fileName?: string;
}): NormalizedDocument {
  // A 目录 printed as a grid is read as the 目录's text lines, not as tables.
  const blocks = input.blocks.flatMap((b): Block[] =>
    b.kind === 'grid' ? (tocGridLines(b.grid) ?? [b]) : [b],
  );
  const segmented = segmentTables(blocks);
  const texts = segmented.texts;
  const candidates = joinContinuations(segmented.candidates);
  const docUnit = mostCommonUnit(texts, candidates);
  const tables: NormalizedTable[] = candidates.map((c, i) => {
    const headerText = candidateHeaderText(c);
    const family = candidateFamily(c);
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
  const meta = documentMeta({
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.fileName !== undefined ? { fileName: input.fileName } : {}),
    texts,
    tables,
    tableDepartments: candidates.flatMap((c) =>
      c.department ? [{ name: c.department, source: c.titleSource }] : [],
    ),
  });
  return { meta, tables, texts };
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
