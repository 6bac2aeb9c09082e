/**
 * Cell-level comparison of an extraction against expected cells: every figure and text of every normalized
 * table, keyed by table family (and its ordinal among tables of that family), row (code, else label) and
 * column. Used by the samples' expected outputs and by the accuracy benchmark.
 */
import { FINAL_ACCOUNT_TABLES, type ExtractionResult } from '../../src/model/index.js';
import { compact } from '../../src/normalize/index.js';

export type CellMap = Record<string, string>;

export function cellsOf(result: ExtractionResult): CellMap {
  const out: CellMap = {};
  const seen = new Map<string, number>();
  for (const t of result.tables) {
    const n = seen.get(t.type) ?? 0;
    seen.set(t.type, n + 1);
    if (t.template) continue;
    for (const row of t.rows) {
      const rowKey = row.code
        ? `${row.section ?? ''}${row.code}`
        : `${row.section ?? ''}${compact(row.label)}`;
      for (const [col, cell] of Object.entries(row.cells)) {
        if (cell.blank) continue;
        out[`${t.type}#${n}|${rowKey}|${col}`] = cell.value !== null ? String(cell.value) : compact(cell.raw);
      }
    }
    for (const [k, cell] of Object.entries(t.fields ?? {})) {
      if (!cell.blank)
        out[`${t.type}#${n}|@|${k}`] = cell.value !== null ? String(cell.value) : compact(cell.raw);
    }
  }
  return out;
}

export interface CellScore {
  readonly expected: number;
  readonly extracted: number;
  readonly correct: number;
  readonly precision: number;
  readonly recall: number;
  /** Up to 10 expected cells that were missed or differ, for the report. */
  readonly misses: string[];
}

export function scoreCells(expected: CellMap, actual: CellMap): CellScore {
  let correct = 0;
  const misses: string[] = [];
  for (const [k, v] of Object.entries(expected)) {
    if (actual[k] === v) correct++;
    else if (misses.length < 10) misses.push(`${k}: expected ${v}, got ${actual[k] ?? '∅'}`);
  }
  const e = Object.keys(expected).length;
  const a = Object.keys(actual).length;
  return {
    expected: e,
    extracted: a,
    correct,
    precision: a ? correct / a : 0,
    recall: e ? correct / e : 0,
    misses,
  };
}

/** Keep only the cells of some table families (a tables-only sample holds just the nine 决算 tables). */
export function onlyFamilies(cells: CellMap, families: readonly string[]): CellMap {
  return Object.fromEntries(Object.entries(cells).filter(([k]) => families.includes(k.split('#')[0] ?? '')));
}

/** The expected cells of a sample file, from the seed it was made from. */
export function expectedFor(sampleName: string, expected: CellMap): CellMap {
  return /-tables\./.test(sampleName) ? onlyFamilies(expected, FINAL_ACCOUNT_TABLES) : expected;
}

