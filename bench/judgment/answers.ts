/**
 * Answer files: one JSON per corpus document under bench/judgment/answers/, written by hand after reading the
 * printed PDF (`pdftotext -layout -f N -l N file.pdf -`). Each lists the document's real faults; an error-level
 * anomaly that matches one is a true alarm, any other error-level anomaly a false alarm. Matching is by stable
 * keys (rule, table family or title, row code or label, column key), never by positional ids.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Anomaly, NormalizedTable } from '../../src/model/index.js';
import { anomalyPlaces, normLabel, type ResultIndex } from './run.js';

export interface RealFault {
  /** The rule that should flag it (column_sum, row_identity, cross_table, narrative_mismatch …). */
  readonly rule: string;
  /** Table family (TableType), when the table is recognised; the table matches by family or by title. */
  readonly table?: string;
  /** A part of the printed title, when the family is not enough (or the table is `unknown`). */
  readonly title?: string;
  /** Row code (2080505) or printed label (合计). */
  readonly row?: string;
  /** Column key (total, basic_expenditure …); absent: any column. */
  readonly column?: string;
  /** The printed figure and what the arithmetic gives, in the table's unit. */
  readonly found?: number;
  readonly expected?: number;
  readonly page?: number;
  /** How it was checked against the PDF. */
  readonly note: string;
}

export interface AnswerFile {
  /** Path relative to the corpus folder. */
  readonly path: string;
  /** First 16 hex digits of the sha256. */
  readonly sha: string;
  /** What was checked by hand and how. */
  readonly checked: string;
  readonly faults: readonly RealFault[];
}

export const ANSWERS_DIR = join(import.meta.dirname, 'answers');

export function loadAnswers(dir: string = ANSWERS_DIR): Map<string, AnswerFile> {
  const out = new Map<string, AnswerFile>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.json')) continue;
    const a = JSON.parse(readFileSync(join(dir, f), 'utf8')) as AnswerFile;
    out.set(a.path, a);
  }
  return out;
}

/** The fault's table: its family, or a part of its printed title (either is enough, so a change of family
 * recognition keeps the answer); neither given: any table. */
function tableMatches(f: RealFault, t: NormalizedTable | undefined): boolean {
  if (f.table === undefined && f.title === undefined) return true;
  if (f.table !== undefined && t?.type === f.table) return true;
  return f.title !== undefined && t !== undefined && normLabel(t.title).includes(normLabel(f.title));
}

/** The real fault an anomaly is a true alarm for, if any. */
export function matchFault(
  a: Anomaly,
  ix: ResultIndex,
  answer: AnswerFile | undefined,
): RealFault | undefined {
  if (!answer) return undefined;
  const t = ix.tables.get(a.table);
  const row = a.row !== undefined ? ix.rows.get(a.table)?.get(a.row) : undefined;
  return answer.faults.find((f) => {
    if (f.rule !== a.rule) return false;
    if (!tableMatches(f, t)) return false;
    if (f.row !== undefined) {
      if (!row) return false;
      if (row.code !== f.row && normLabel(row.label) !== normLabel(f.row)) return false;
    }
    if (f.column !== undefined && a.column !== f.column) return false;
    // The printed figure, when given, is the anomaly's found or expected figure (it names the same fact).
    if (f.found !== undefined && typeof a.found === 'number') {
      const same = (x: unknown): boolean =>
        typeof x === 'number' && Math.abs(x - (f.found ?? 0)) <= Math.max(0.011, 1e-6 * Math.abs(x));
      if (!same(a.found) && !same(a.expected)) return false;
    }
    // The fault's page, when given, is among the places the anomaly points to (if it names any page).
    const pages = anomalyPlaces(a, ix).map((p) => p.page);
    if (f.page !== undefined && pages.length > 0 && !pages.includes(f.page)) return false;
    return true;
  });
}
