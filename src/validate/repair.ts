import { evaluate, termKey, unitFactor, type Evaluation, type Identity, type Term } from './identity.js';

/** A single-cell repair: the value that makes broken identities hold without breaking any other. */
export interface Repair {
  readonly term: Term;
  readonly value: number;
  /** How the value follows from the identity it was solved from, e.g. "10.59 − 2.02". */
  readonly derivation: string;
  /** Identities broken now that hold with the value. */
  readonly restores: string[];
  /** Identities that hold only once all accepted repairs are applied together (e.g. the column total). */
  readonly confirmedBy: string[];
}

const fmt = (v: number): string => String(Math.round(v * 1e6) / 1e6);

/** Solve lhs = Σ sign·rhs for one of its terms, given the other values. */
function solveFor(
  identity: Identity,
  target: Term,
  values: ReadonlyMap<string, number>,
): { value: number; derivation: string } | undefined {
  // Each figure in the identity's unit (a 元 table's term in a 万元 identity is worth 1e-4 of its figure).
  const get = (t: Term): number | undefined => {
    const v = values.get(termKey(t)) ?? t.cell.value ?? (t.cell.blank ? 0 : undefined);
    return v === undefined ? undefined : v * unitFactor(identity, t);
  };
  const lhs = get(identity.lhs);
  if (lhs === undefined) return undefined;
  const others = identity.rhs.filter((t) => t !== target);
  let rest = 0;
  for (const t of others) {
    const v = get(t);
    if (v === undefined) return undefined;
    rest += t.sign * v;
  }
  if (target === identity.lhs) {
    const parts = identity.rhs
      .filter((t) => (get(t) ?? 0) !== 0)
      .map((t) => `${t.sign < 0 ? '− ' : ''}${fmt(get(t) ?? 0)}`);
    return { value: round(rest), derivation: parts.join(' + ').replace(/\+ −/g, '−') || '0' };
  }
  // The value in the target's own unit, as its table prints it.
  const value = round(((lhs - rest) * target.sign) / unitFactor(identity, target));
  const nonzero = others.filter((t) => (get(t) ?? 0) !== 0);
  const derivation = [
    fmt(lhs),
    ...nonzero.map((t) => `${t.sign > 0 ? '−' : '+'} ${fmt(Math.abs(get(t) ?? 0))}`),
  ].join(' ');
  return { value, derivation };
}

function round(v: number): number {
  return Math.round(v * 100) / 100 === Math.round(v * 1e6) / 1e6
    ? Math.round(v * 100) / 100
    : Math.round(v * 1e6) / 1e6;
}

/**
 * Find the single cells whose replacement restores broken identities. A candidate is kept only when it breaks
 * nothing that holds, leaves no row identity of its cell broken, is not negative where the figure was not, and is
 * the only candidate for its identity that does as well (a gap any of ten children could absorb gets no suggestion). Accepted repairs are then applied
 * together, and identities that hold only with all of them (the 基本支出 column total) confirm them.
 */
export function findRepairs(
  identities: readonly Identity[],
  evaluations: ReadonlyMap<string, Evaluation>,
  options: {
    /**
     * Keep candidates that leave a row identity of their cell broken: how many failures single cells could take
     * is what the structure fit (structure.ts) weighs; only a suggestion must explain its cell.
     */
    readonly leaveRowsBroken?: boolean;
  } = {},
): Repair[] {
  const byCell = new Map<string, Identity[]>();
  for (const idt of identities) {
    for (const t of [idt.lhs, ...idt.rhs]) {
      const k = termKey(t);
      byCell.set(k, [...(byCell.get(k) ?? []), idt]);
    }
  }
  const broken = identities.filter((i) => evaluations.get(i.id)?.state === 'fails');
  const accepted = new Map<string, Repair>();

  for (const idt of broken) {
    const candidates: Repair[] = [];
    for (const t of [idt.lhs, ...idt.rhs]) {
      if (accepted.has(termKey(t))) continue;
      const solved = solveFor(idt, t, new Map());
      if (!solved) continue;
      const original = t.cell.value ?? 0;
      if (solved.value < 0 && original >= 0) continue;
      if (solved.value === original) continue;
      const override = new Map([[termKey(t), solved.value]]);
      const restores: string[] = [];
      let damages = 0;
      let leavesRow = false;
      for (const other of byCell.get(termKey(t)) ?? []) {
        const before = evaluations.get(other.id)?.state;
        const after = evaluate(other, override)?.state;
        if (before === 'fails' && after !== 'fails') restores.push(other.id);
        if (before !== 'fails' && after === 'fails') damages++;
        if (before === 'fails' && after === 'fails' && other.rule === 'row_identity') leavesRow = true;
      }
      // Faults are kept apart. A sum over rows (合计 = Σ 各行, 类 = Σ 款) may stay broken after one repair: several
      // faults in one column add up there, and rows the print leaves out break it with no cell to blame. A row's
      // own identity (合计 = 基本支出 + 项目支出) relates only its printed cells; a value that leaves it broken does
      // not explain this cell. Without this, column gaps no cell explains all land on the one row a fault of its
      // own has broken, and "hold" there jointly (北京 公安局 预算03表: 67,889 short in three columns, put onto
      // the row of a changed 基本支出).
      if (damages === 0 && (!leavesRow || options.leaveRowsBroken) && restores.includes(idt.id))
        candidates.push({ term: t, ...solved, restores, confirmedBy: [] });
    }
    if (candidates.length === 0) continue;
    candidates.sort((a, b) => b.restores.length - a.restores.length);
    const [best, second] = candidates;
    if (!best || (second && second.restores.length === best.restores.length)) continue;
    accepted.set(termKey(best.term), best);
  }

  // Apply all accepted repairs together: identities still broken one by one may hold now.
  const all = new Map([...accepted].map(([k, r]) => [k, r.value]));
  for (const idt of broken) {
    const state = evaluate(idt, all)?.state;
    if (state === 'fails') continue;
    for (const t of [idt.lhs, ...idt.rhs]) {
      const r = accepted.get(termKey(t));
      if (r && !r.restores.includes(idt.id)) r.confirmedBy.push(idt.id);
    }
  }
  return [...accepted.values()];
}
