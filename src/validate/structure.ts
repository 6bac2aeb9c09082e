import { family } from '../catalog/index.js';
import type { Anomaly, NormalizedTable } from '../model/index.js';
import type { Evaluation, Identity } from './identity.js';
import type { Repair } from './repair.js';
import { termKey } from './identity.js';
import { isLabelText } from './rules/cell-checks.js';

/** How well a table's header, columns and rows fit its family, and what that means for its checks. */
export interface StructureFit {
  readonly table: NormalizedTable;
  /** 0..1: 1 when every figure column has a key of the vocabulary and every identity holds or one repair explains it. */
  readonly confidence: number;
  /** Header or label text found in figure columns (a misread header, columns shifted). */
  readonly textInFigures: number;
  /** Amount columns whose header named no known column (col_N). */
  readonly unnamedColumns: number;
  /** Facts (rule and row) anchored in the table whose identities fail with no single-cell repair to explain them. */
  readonly unexplained: number;
  /** Facts (rule and row) anchored in the table that could be evaluated. */
  readonly evaluated: number;
}

/** Below this, a table's arithmetic is not reported: one structure warning instead. */
export const STRUCTURE_THRESHOLD = 0.5;

/**
 * The structure confidence of every known-family table. Low confidence means the normalizer read the table
 * wrongly (a header taken for data, columns shifted, another region's layout): the failing sums say nothing
 * about the document then, and a repair suggestion would corrupt good data.
 */
export function structureFits(
  tables: readonly NormalizedTable[],
  identities: readonly Identity[],
  evaluations: ReadonlyMap<string, Evaluation>,
  repairs: readonly Repair[],
): Map<string, StructureFit> {
  const restored = new Set(repairs.flatMap((r) => r.restores));
  const out = new Map<string, StructureFit>();
  for (const table of tables) {
    if (table.type === 'unknown' || table.template || !family(table.type)) continue;
    const amountKeys = new Set(table.columns.filter((c) => c.kind === 'amount').map((c) => c.key));
    let textInFigures = 0;
    for (const row of table.rows)
      for (const [k, cell] of Object.entries(row.cells))
        if (
          amountKeys.has(k) &&
          cell.value === null &&
          !cell.blank &&
          !cell.placeholder &&
          isLabelText(cell.raw)
        )
          textInFigures++;
    const unnamedColumns = [...amountKeys].filter((k) => /^col_\d+$/.test(k)).length;
    // Counted per fact (rule and row): a row that is wrong in every figure column is one fault, not five.
    const fact = (i: Identity): string => `${i.rule}|${i.lhs.row ?? '@'}`;
    const own = identities.filter((i) => i.lhs.table === table && i.rule !== 'cross_table');
    const evaluated = new Set(own.filter((i) => evaluations.has(i.id)).map(fact)).size;
    const unexplained = new Set(
      own.filter((i) => evaluations.get(i.id)?.state === 'fails' && !restored.has(i.id)).map(fact),
    ).size;
    let confidence = 1;
    if (textInFigures >= 3) confidence -= 0.6;
    else if (textInFigures > 0) confidence -= 0.15 * textInFigures;
    if (amountKeys.size > 0) confidence -= 0.3 * (unnamedColumns / amountKeys.size);
    // Many sums failing with no one cell to blame: the reading is wrong, not the document.
    if (unexplained >= 3 && unexplained >= 0.3 * evaluated) confidence -= 0.6;
    out.set(table.id, {
      table,
      confidence: Math.max(0, Math.round(confidence * 100) / 100),
      textInFigures,
      unnamedColumns,
      unexplained,
      evaluated,
    });
  }
  return out;
}

/** The one warning a low-confidence table gets in place of its arithmetic. */
export function structureAnomaly(fit: StructureFit, suppressed: number): Anomaly {
  const t = fit.table;
  const name = t.title || family(t.type)?.name || t.type;
  const why = [
    fit.textInFigures > 0 ? `金额列中有 ${fit.textInFigures} 处文字（表头或科目名称）` : '',
    fit.unnamedColumns > 0 ? `${fit.unnamedColumns} 个金额列的表头未能识别` : '',
    fit.unexplained > 0 ? `${fit.unexplained}/${fit.evaluated} 个合计关系不成立且无法归因于单个数字` : '',
  ]
    .filter(Boolean)
    .join('，');
  return {
    id: `structure_suspect:${t.id}`,
    rule: 'structure_suspect',
    severity: 'warning',
    table: t.id,
    message: `${name}的表格结构识别可信度低（${Math.round(fit.confidence * 100)}%）：${why}。本表的 ${suppressed} 项算术校验未作为错误报告，也不给出修改建议，请对照原件核对表头与列。`,
    related: [],
    source: t.source,
  };
}

/** True when an identity involves a table whose structure is not trusted. */
export function touchesSuspect(identity: Identity, suspect: ReadonlySet<string>): boolean {
  return [identity.lhs, ...identity.rhs].some((t) => suspect.has(t.table.id));
}

export { termKey };
