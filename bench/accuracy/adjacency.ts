/**
 * The ICDAR 2013 table competition's structure measure (Göbel et al., "ICDAR 2013 Table Competition"):
 * every non-empty cell is related to its nearest non-empty neighbour to the right and below; the
 * relations, as pairs of normalized content strings with a direction, are compared as multisets.
 */

/** A cell as the measure sees it: position, span and content. */
export interface AdjCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  text: string;
}

/** Compare content without whitespace, case or punctuation: the competition compares content, not layout. */
export function normalizeContent(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Relations "a→b" (right) and "a↓b" (below), one per neighbour pair, as a multiset of keys. */
export function adjacencyRelations(cells: readonly AdjCell[]): Map<string, number> {
  const live = cells.filter((c) => normalizeContent(c.text) !== '');
  const nRows = Math.max(0, ...live.map((c) => c.row + c.rowSpan));
  const nCols = Math.max(0, ...live.map((c) => c.col + c.colSpan));
  const at: Array<Array<AdjCell | undefined>> = Array.from({ length: nRows }, () => new Array<AdjCell | undefined>(nCols));
  for (const c of live) {
    for (let r = c.row; r < c.row + c.rowSpan; r++) for (let k = c.col; k < c.col + c.colSpan; k++) at[r]![k] = c;
  }
  const pairs = new Set<string>();
  const out = new Map<string, number>();
  const add = (a: AdjCell, b: AdjCell, dir: '→' | '↓'): void => {
    const id = `${live.indexOf(a)}${dir}${live.indexOf(b)}`;
    if (pairs.has(id)) return;
    pairs.add(id);
    const key = `${normalizeContent(a.text)}${dir}${normalizeContent(b.text)}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  };
  for (const c of live) {
    for (let r = c.row; r < c.row + c.rowSpan; r++) {
      for (let k = c.col + c.colSpan; k < nCols; k++) {
        const n = at[r]![k];
        if (n && n !== c) {
          add(c, n, '→');
          break;
        }
      }
    }
    for (let k = c.col; k < c.col + c.colSpan; k++) {
      for (let r = c.row + c.rowSpan; r < nRows; r++) {
        const n = at[r]![k];
        if (n && n !== c) {
          add(c, n, '↓');
          break;
        }
      }
    }
  }
  return out;
}

export interface Counts {
  correct: number;
  detected: number;
  truth: number;
}

export function compareRelations(truth: ReadonlyMap<string, number>, found: ReadonlyMap<string, number>): Counts {
  let correct = 0;
  for (const [k, n] of found) correct += Math.min(n, truth.get(k) ?? 0);
  const sum = (m: ReadonlyMap<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
  return { correct, detected: sum(found), truth: sum(truth) };
}

export function prf(c: Counts): { precision: number; recall: number; f1: number } {
  const precision = c.detected === 0 ? 0 : c.correct / c.detected;
  const recall = c.truth === 0 ? 0 : c.correct / c.truth;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
