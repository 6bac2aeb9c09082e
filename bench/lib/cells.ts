/**
 * Cell-by-cell comparison of a scan's extraction with its digital original's (bench/ocr.ts and
 * bench/ocr-sample.ts): same table family and occurrence, row id, column key.
 */
import type { Anomaly, ExtractionResult } from '../../src/model/index.js';

const pct = (a: number, b: number): string =>
  b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}% (${a}/${b})`;

export interface CellValue {
  readonly table: string;
  readonly row: string;
  readonly column: string;
  readonly value: number | null;
  readonly raw: string;
}

/** Cells by "family#occurrence|row|column": table ids may differ between the two extractions, families do not. */
export function cellsByKey(r: ExtractionResult): Map<string, CellValue> {
  const out = new Map<string, CellValue>();
  const seen = new Map<string, number>();
  for (const t of r.tables) {
    const k = seen.get(t.type) ?? 0;
    seen.set(t.type, k + 1);
    for (const row of t.rows) {
      for (const [column, cell] of Object.entries(row.cells)) {
        out.set(`${t.type}#${k}|${row.id}|${column}`, {
          table: t.id,
          row: row.id,
          column,
          value: cell.value,
          raw: cell.raw,
        });
      }
    }
  }
  return out;
}

export interface PipelineFigures {
  numeric: number;
  missing: number;
  exact: number;
  wrong: number;
  silentBefore: number;
  silentAfter: number;
  fixed: number;
  fixedByOcr: number;
  badOnWrong: number;
  badOnRight: number;
  /** Of the wrong suggestions, those from the OCR second look (the rest are arithmetic repairs). */
  badByOcr: number;
  suggestions: number;
  ocrSuggestions: number;
}

export const zeroFigures = (): PipelineFigures => ({
  numeric: 0,
  missing: 0,
  exact: 0,
  wrong: 0,
  silentBefore: 0,
  silentAfter: 0,
  fixed: 0,
  fixedByOcr: 0,
  badOnWrong: 0,
  badOnRight: 0,
  badByOcr: 0,
  suggestions: 0,
  ocrSuggestions: 0,
});

/** Compare a scan's extraction (before and after the second look) with its digital original's. */
export function compareCells(
  truth: ExtractionResult,
  before: ExtractionResult,
  after: ExtractionResult,
  misses: string[],
): PipelineFigures {
  const want = cellsByKey(truth);
  const got = cellsByKey(after);
  const f = zeroFigures();
  const at =
    (c: CellValue) =>
    (x: { table: string; row?: string | undefined; column?: string | undefined }): boolean =>
      x.table === c.table && x.row === c.row && x.column === c.column;
  const flagged = (anomalies: readonly Anomaly[], c: CellValue): boolean =>
    anomalies.some(
      (a) => at(c)(a) || a.related.some(at(c)) || (a.suggestion !== undefined && at(c)(a.suggestion)),
    );
  const suggested = new Set<Anomaly>();
  // Misses shown: up to 12 cells lost (their row or column not found in the reconstruction) and 12 wrong without an anomaly.
  let lost = 0;
  let silent = 0;
  for (const [key, t] of want) {
    if (t.value === null) continue;
    f.numeric++;
    const c = got.get(key);
    if (!c) {
      f.missing++;
      if (lost++ < 12) {
        const row = key.slice(0, key.lastIndexOf('|') + 1);
        const found = [...got.keys()].some((k) => k.startsWith(row));
        misses.push(`lost ${key} ${t.raw} (${found ? 'column' : 'row'} not found)`);
      }
      continue;
    }
    const sugg = after.anomalies.filter((a) => a.suggestion !== undefined && at(c)(a.suggestion));
    sugg.forEach((a) => suggested.add(a));
    const byOcr = (a: Anomaly): boolean => a.suggestion?.derivation.includes('OCR') ?? false;
    if (c.value === t.value) {
      if (sugg.length > 0) f.badOnRight++;
      if (sugg.some(byOcr)) f.badByOcr++;
      continue;
    }
    f.wrong++;
    if (!flagged(before.anomalies, c)) f.silentBefore++;
    if (!flagged(after.anomalies, c)) {
      f.silentAfter++;
      if (silent++ < 12) misses.push(`silent ${key} ${t.raw}→${JSON.stringify(c.raw)}`);
    }
    const right = sugg.find((a) => a.suggestion?.value === t.value);
    if (right) {
      f.fixed++;
      if (right.suggestion?.derivation.includes('OCR')) f.fixedByOcr++;
    } else if (sugg.length > 0) {
      f.badOnWrong++;
      if (sugg.some(byOcr)) f.badByOcr++;
    }
  }
  f.exact = f.numeric - f.missing - f.wrong;
  for (const a of after.anomalies) {
    if (!a.suggestion) continue;
    f.suggestions++;
    if (a.suggestion.derivation.includes('OCR')) f.ocrSuggestions++;
  }
  return f;
}

export function printPipeline(name: string, f: PipelineFigures, tail: string): void {
  console.log(
    `pipeline ${name}: numeric cells exact ${pct(f.exact, f.numeric)}, of those found ${pct(f.exact, f.numeric - f.missing)} (wrong ${f.wrong}, not found in the reconstruction ${f.missing}); ` +
      `silent wrong numbers ${f.silentBefore} → ${f.silentAfter}; suggestions fix ${f.fixed}/${f.wrong} wrong cells (${f.fixedByOcr} by OCR 复核), ` +
      `exact if accepted ${pct(f.exact + f.fixed, f.numeric)}; wrong suggestions ${f.badOnWrong} on wrong cells + ${f.badOnRight} on right cells (${f.badByOcr} of these from OCR 复核); ` +
      `${f.suggestions} suggestions (${f.ocrSuggestions} OCR)${tail}`,
  );
}
