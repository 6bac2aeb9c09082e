import type { NormalizedTable } from '../model/index.js';
import { evaluate, tablePrecision, termKey, type Evaluation, type Identity, type Term } from './identity.js';
import { collectIdentities } from './validate.js';

/** A cell of a normalized table: a row's column, or a form field when `row` is undefined. */
export interface CandidateCell {
  readonly table: string;
  readonly row?: string;
  /** Column key, or the field key when `row` is undefined. */
  readonly column: string;
}

/** A reading the cell might have had, with where it came from (e.g. "OCR 复核" for a re-read crop). */
export interface CandidateValue {
  readonly value: number;
  /** The reading as text, e.g. "17.37". */
  readonly text: string;
  /** Where the reading came from; carried through to the ranked result. */
  readonly origin: string;
}

/** A candidate the arithmetic supports: it restores broken identities and breaks none that held. */
export interface RankedCandidate extends CandidateValue {
  /**
   * Identity ids that fail (or cannot be evaluated, the cell not parsing) with the cell as read and hold, or
   * hold within rounding, with this value.
   */
  readonly restores: string[];
  /** Identity ids that held with the cell as read and still hold with this value. */
  readonly confirmedBy: string[];
  /** How many of `restores` hold exactly, not only within rounding: the tie-break between near readings. */
  readonly exact: number;
}

export interface CandidateRanking {
  /** Supported candidates, most identities restored first; ties keep the order given. */
  readonly ranked: RankedCandidate[];
  /**
   * The single best candidate, when it restores strictly more identities than every other supported candidate,
   * or as many but more of them exactly; undefined when none restores anything or the best ones tie.
   */
  readonly best?: RankedCandidate;
  /** Identity ids the cell takes part in that fail as read. */
  readonly broken: string[];
}

/**
 * Rank alternative readings of one cell by what the document's arithmetic says about them. Pure: each
 * candidate replaces the cell in every identity the cell takes part in; a candidate is kept when it restores
 * at least one broken identity and breaks none that held (within rounding, 尾数误差). Nothing is changed in
 * the tables; the caller decides what to suggest.
 */
export function rankCandidates(
  tables: readonly NormalizedTable[],
  cell: CandidateCell,
  candidates: readonly CandidateValue[],
  identities: readonly Identity[] = collectIdentities(tables),
): CandidateRanking {
  const table = tables.find((t) => t.id === cell.table);
  if (!table) return { ranked: [], broken: [] };
  const key = termKey({ table, ...(cell.row !== undefined ? { row: cell.row } : {}), column: cell.column });
  const involved = identities.filter((i) => [i.lhs, ...i.rhs].some((t: Term) => termKey(t) === key));
  const before = new Map<string, Evaluation['state'] | undefined>(
    involved.map((i) => [i.id, evaluate(i)?.state]),
  );
  const broken = involved.filter((i) => before.get(i.id) === 'fails').map((i) => i.id);

  const ranked: RankedCandidate[] = [];
  const seen = new Set<number>();
  const precision = tablePrecision(table);
  for (const c of candidates) {
    if (!Number.isFinite(c.value) || seen.has(c.value)) continue;
    // More decimals than the table prints is no reading of it (22.531 among x.xx), however well it sums.
    if (decimals(c.text) > precision) continue;
    seen.add(c.value);
    const override = new Map([[key, c.value]]);
    const restores: string[] = [];
    const confirmedBy: string[] = [];
    let exact = 0;
    let breaks = false;
    for (const i of involved) {
      const was = before.get(i.id);
      const now = evaluate(i, override)?.state;
      // An identity the cell as read left unevaluable (it did not parse) counts as restored when it now holds.
      if ((was === 'fails' || was === undefined) && now !== undefined && now !== 'fails') {
        restores.push(i.id);
        if (now === 'holds') exact++;
      } else if (was !== undefined && was !== 'fails' && now === 'fails') breaks = true;
      else if (was !== undefined && was !== 'fails' && now !== 'fails') confirmedBy.push(i.id);
    }
    if (!breaks && restores.length > 0) ranked.push({ ...c, restores, confirmedBy, exact });
  }
  // Stable sort: among equals the caller's order (its own confidence) decides which is listed first.
  const order = (a: RankedCandidate, b: RankedCandidate): number =>
    b.restores.length - a.restores.length || b.exact - a.exact;
  ranked.sort(order);
  const [first, second] = ranked;
  const best = first && (!second || order(first, second) < 0) ? first : undefined;
  return { ranked, ...(best ? { best } : {}), broken };
}

function decimals(text: string): number {
  const m = /\.(\d+)\s*$/.exec(text.trim());
  return m?.[1]?.length ?? 0;
}
