import type { Anomaly, DocumentMeta, NormalizedTable, TableType, TextBlock } from '../model/index.js';
import { columnLabel, evaluate, termKey, type Evaluation, type Identity, type Term } from './identity.js';
import { findRepairs, type Repair } from './repair.js';
import { STRUCTURE_THRESHOLD, structureAnomaly, structureFits, touchesSuspect } from './structure.js';
import { cellChecks, emptyTableChecks } from './rules/cell-checks.js';
import { columnSums } from './rules/column-sums.js';
import { crossTable } from './rules/cross-table.js';
import { documentChecks } from './rules/document.js';
import { namedSums } from './rules/named-sums.js';
import { narrativeChecks, rowTextChecks } from './rules/narrative.js';
import { rowIdentities } from './rules/row-identities.js';

export interface ValidationInput {
  readonly tables: readonly NormalizedTable[];
  readonly texts: readonly TextBlock[];
  /** The document model (kind, year, department): the document-level checks run only when it is given. */
  readonly meta?: DocumentMeta;
}

/** Every arithmetic identity the document's tables promise. */
export function collectIdentities(tables: readonly NormalizedTable[]): Identity[] {
  const byType = new Map<TableType, NormalizedTable>();
  for (const t of tables) if (!byType.has(t.type) && !t.template) byType.set(t.type, t);
  const all = [
    ...tables
      .filter((t) => !t.template)
      .flatMap((t) => [...rowIdentities(t), ...columnSums(t), ...namedSums(t)]),
    ...crossTable(byType, tables),
  ];
  const seen = new Set<string>();
  return all.filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true)));
}

const fmt = (v: number): string => String(Math.round(v * 1e6) / 1e6);

function ref(t: Term): { table: string; row?: string; column: string } {
  return {
    table: t.table.id,
    ...(t.row !== undefined ? { row: t.row } : {}),
    column: t.row === undefined ? `@${t.column}` : t.column,
  };
}

function where(t: Term): string {
  return `${t.table.title || t.table.type}`;
}

/**
 * The identity with its figures, as short as a reviewer needs: a row identity names columns only; a column sum
 * is "Σ N 行" rather than sixteen addends.
 */
function formula(identity: Identity, e: Evaluation): string {
  const terms = [identity.lhs, ...identity.rhs];
  const sameRow = terms.every(
    (t) => t.table === identity.lhs.table && t.row === identity.lhs.row && t.row !== undefined,
  );
  const sameColumn = terms.every((t) => t.table === identity.lhs.table && t.column === identity.lhs.column);
  const name = (t: Term): string => (sameRow ? columnLabel(t.table, t.column) : t.name);
  const lhs = `${name(identity.lhs)} ${identity.lhs.cell.raw || '0'}`;
  if (sameColumn && identity.rhs.length > 4)
    return `${lhs} ≠ Σ ${identity.rhs.length} 行 = ${fmt(e.expected)}`;
  const rhs = identity.rhs.map((t) => `${t.sign < 0 ? '− ' : '+ '}${name(t)} ${t.cell.raw || '0'}`).join(' ');
  return `${lhs} ≠ ${rhs.replace(/^\+ /, '')}（= ${fmt(e.expected)}）`;
}

function identityAnomaly(
  identity: Identity,
  e: Evaluation,
  repair: Repair | undefined,
  repairs: readonly Repair[],
): Anomaly {
  const anchor = repair?.term ?? identity.anchor ?? identity.lhs;
  const rounding = e.state === 'rounding';
  const severity = rounding ? 'info' : identity.onFail;
  const diff = fmt(e.difference);
  let message: string;
  if (rounding) {
    message = `${where(identity.lhs)}：${identity.title}，${identity.lhs.name} ${identity.lhs.cell.raw || '0'} 与合计数 ${fmt(e.expected)} 相差 ${diff}，在尾数误差范围（±${fmt(e.tolerance)}）内。`;
  } else {
    message = `${where(identity.lhs)}：${identity.title} 不成立。${formula(identity, e)}，相差 ${diff}。${identity.note ?? ''}`;
    if (repair) {
      const confirmed =
        repair.confirmedBy.length > 0
          ? `；同时采纳其他建议后，${repair.confirmedBy.length} 个合计式（如列合计）亦随之成立，印证此值`
          : '';
      message += `建议将“${repair.term.name}”由 ${repair.term.cell.raw} 改为 ${fmt(repair.value)}（${repair.derivation}），可使 ${repair.restores.length} 个等式成立${confirmed}。`;
    } else {
      const fixes = repairs.filter(
        (r) =>
          identity.rhs.some((t) => termKey(t) === termKey(r.term)) ||
          termKey(identity.lhs) === termKey(r.term),
      );
      if (fixes.length > 0)
        message += `采纳本式中 ${fixes.map((r) => `“${r.term.name}”改为 ${fmt(r.value)}`).join('、')} 的建议后，再行核对。`;
    }
  }
  const related = [identity.lhs, ...identity.rhs].filter((t) => t !== anchor).map(ref);
  return {
    id: identity.id,
    rule: identity.rule,
    severity,
    table: anchor.table.id,
    ...(anchor.row !== undefined ? { row: anchor.row } : {}),
    column: anchor.row === undefined ? `@${anchor.column}` : anchor.column,
    found: repair ? (repair.term.cell.value ?? 0) : e.found,
    expected: repair ? repair.value : e.expected,
    difference: repair
      ? Math.round(((repair.term.cell.value ?? 0) - repair.value) * 1e6) / 1e6
      : e.difference,
    tolerance: e.tolerance,
    formula: identity.title,
    ...(repair
      ? {
          suggestion: {
            table: repair.term.table.id,
            row: repair.term.row ?? '',
            column: repair.term.row === undefined ? `@${repair.term.column}` : repair.term.column,
            value: repair.value,
            derivation: repair.derivation,
            restores: repair.restores,
            confirmedBy: repair.confirmedBy,
          },
        }
      : {}),
    message,
    related,
    source: anchor.cell.source,
  };
}

/**
 * Check a normalized document: every identity is evaluated; failures beyond rounding become errors (or warnings
 * where balances may explain them), rounding-sized gaps become info (尾数误差), and a single-cell repair that
 * restores every identity it takes part in becomes the anomaly's suggestion. Never throws on document content.
 */
export function validateDocument(input: ValidationInput): Anomaly[] {
  const identities = collectIdentities(input.tables);
  const evaluations = new Map<string, Evaluation>();
  for (const i of identities) {
    const e = evaluate(i);
    if (e) evaluations.set(i.id, e);
  }
  const allRepairs = findRepairs(identities, evaluations);
  // Tables read with low confidence: one structure warning each, none of their arithmetic, no suggestions. How
  // much of a table's failure single cells could take is weighed with every candidate, even one that leaves its
  // row's identity broken and so is no suggestion.
  const fits = structureFits(
    input.tables,
    identities,
    evaluations,
    findRepairs(identities, evaluations, { leaveRowsBroken: true }),
  );
  const suspect = new Set(
    [...fits.values()].filter((f) => f.confidence < STRUCTURE_THRESHOLD).map((f) => f.table.id),
  );
  const repairs = allRepairs.filter((r) => !suspect.has(r.term.table.id));
  const anomalies: Anomaly[] = [];
  const suppressed = new Map<string, number>();
  // One anomaly per fact: the identities one repair restores are one finding, anchored at the repaired cell.
  const byRepair = new Map<Repair, Anomaly>();
  for (const identity of identities) {
    const e = evaluations.get(identity.id);
    if (!e || e.state === 'holds') continue;
    if (touchesSuspect(identity, suspect)) {
      if (e.state === 'fails')
        suppressed.set(identity.lhs.table.id, (suppressed.get(identity.lhs.table.id) ?? 0) + 1);
      continue;
    }
    const repair = e.state === 'fails' ? repairs.find((r) => r.restores.includes(identity.id)) : undefined;
    const earlier = repair ? byRepair.get(repair) : undefined;
    if (earlier) {
      const refs = [identity.lhs, ...identity.rhs].map(ref);
      for (const r of refs)
        if (!earlier.related.some((x) => x.table === r.table && x.row === r.row && x.column === r.column))
          earlier.related.push(r);
      continue;
    }
    const anomaly = identityAnomaly(identity, e, repair, repairs);
    if (repair) byRepair.set(repair, anomaly);
    anomalies.push(anomaly);
  }
  for (const id of suspect) {
    const fit = fits.get(id);
    if (fit) anomalies.push(structureAnomaly(fit, suppressed.get(id) ?? 0));
  }
  anomalies.push(
    ...emptyTableChecks(input.tables),
    ...cellChecks(input.tables),
    // A figure the text states is not compared with a table read with low confidence either.
    ...narrativeChecks(input.texts, input.tables).filter((a) => !suspect.has(a.table)),
    ...rowTextChecks(input.tables),
  );
  anomalies.push(...documentChecks(input, anomalies));
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return uniqueIds(anomalies).sort((a, b) => rank[a.severity] - rank[b.severity]);
}

/**
 * Ids are unique by construction: a second anomaly with an id already given (two rules on one place) gets a
 * numbered suffix (in the deterministic order of the checks), so the store keeps both and re-validation gives the same
 * ids again.
 */
function uniqueIds(anomalies: readonly Anomaly[]): Anomaly[] {
  const seen = new Map<string, number>();
  return anomalies.map((a) => {
    const n = seen.get(a.id) ?? 0;
    seen.set(a.id, n + 1);
    return n === 0 ? a : { ...a, id: `${a.id}#${n + 1}` };
  });
}
