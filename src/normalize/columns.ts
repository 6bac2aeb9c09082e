import type { ColumnSpec } from '../catalog/index.js';
import { compact, editDistance } from './text.js';

export {
  AMOUNT_COLUMNS,
  CODE_HEADER,
  LINE_NO_HEADER,
  NAME_HEADER,
  TEXT_HEADER,
  type ColumnSpec,
} from '../catalog/index.js';

/**
 * Match one header text against the specs: exact compact match first, then containment, then an edit
 * distance of 1 for headers of 4+ characters (typos and OCR slips). Returns undefined when nothing fits.
 */
export function matchColumn(header: string, specs: readonly ColumnSpec[]): ColumnSpec | undefined {
  const h = compact(header);
  if (!h) return undefined;
  for (const s of specs) if (s.labels.includes(h)) return s;
  for (const s of specs) if (s.labels.some((l) => l.length >= 3 && h.includes(l))) return s;
  if (h.length >= 4) {
    for (const s of specs) if (s.labels.some((l) => l.length >= 4 && editDistance(h, l) <= 1)) return s;
  }
  return undefined;
}

/**
 * A header wrapped over lines that an unruled table prints interleaved with its neighbours' lines ("本年收入合" …
 * "计", "附属单" / "位上" / "缴收入"): the header path holds the pieces as levels. A run of adjacent levels that joins
 * into a header exactly is that header.
 */
export function matchJoinedLevels(
  path: readonly string[],
  specs: readonly ColumnSpec[],
): { spec: ColumnSpec; from: number; to: number } | undefined {
  const parts = path.map(compact);
  for (let end = parts.length - 1; end > 0; end--) {
    for (let start = end - 1; start >= 0; start--) {
      const joined = parts.slice(start, end + 1).join('');
      const spec = specs.find((s) => s.labels.includes(joined));
      if (spec) return { spec, from: start, to: end };
    }
  }
  return undefined;
}

/** Match a header text against fixed names with a typo allowance ("出指标" → 产出指标). */
export function fuzzyEquals(text: string, name: string): boolean {
  const a = compact(text);
  const b = compact(name);
  if (a === b) return true;
  if (b.length < 3) return false;
  return editDistance(a, b) <= (b.length >= 6 ? 2 : 1);
}

/** Give every key once: a second "total" becomes "total_2". */
export function uniqueKey(key: string, used: Set<string>): string {
  let k = key;
  for (let i = 2; used.has(k); i++) k = `${key}_${i}`;
  used.add(k);
  return k;
}
