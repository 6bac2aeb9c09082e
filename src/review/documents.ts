import type { ExtractionResult, NormalizedTable, Row } from '../model/index.js';
import type { Correction, Store } from '../store/index.js';

const cellKey = (table: string, row: string, column: string): string => `${table}\u0000${row}\u0000${column}`;

/** A document as the reviewer left it, with the live correction behind each corrected cell. */
export interface CorrectedDocument {
  readonly result: ExtractionResult;
  /** Latest live accept/edit per cell, by cellKey. */
  readonly corrections: ReadonlyMap<string, Correction>;
}

/**
 * Parsed results, kept in memory. Parsing and schema-checking a stored result costs tens to hundreds of ms
 * (the seed is 800 kB of JSON), and the review page reads the same document on every click; keying by the
 * document's updatedAt drops the copy when the document is extracted again.
 */
export class DocumentViews {
  private readonly cache = new Map<string, { updatedAt: string; result: ExtractionResult }>();

  constructor(
    private readonly store: Store,
    private readonly capacity = 16,
  ) {}

  /** The result as extracted (no corrections), or undefined when the document has none. */
  original(sha256: string): ExtractionResult | undefined {
    const doc = this.store.getDocument(sha256);
    if (!doc || doc.status !== 'done') return undefined;
    const hit = this.cache.get(sha256);
    if (hit && hit.updatedAt === doc.updatedAt) {
      // Refresh recency: Map keeps insertion order, so the first key is the least recently used.
      this.cache.delete(sha256);
      this.cache.set(sha256, hit);
      return hit.result;
    }
    const result = this.store.getResult(sha256);
    if (!result) return undefined;
    this.cache.set(sha256, { updatedAt: doc.updatedAt, result });
    while (this.cache.size > this.capacity) {
      const oldest = this.cache.keys().next();
      if (oldest.done) break;
      this.cache.delete(oldest.value);
    }
    return result;
  }

  /**
   * A private copy with the corrections applied. A corrected cell's raw text becomes the new figure, because
   * some rules (decimal places, the formula shown to the reviewer) read the text, not the number.
   */
  corrected(sha256: string): CorrectedDocument | undefined {
    const original = this.original(sha256);
    if (!original) return undefined;
    const corrections = new Map<string, Correction>();
    for (const c of this.store.listCorrections({ sha256 })) {
      if (c.kind === 'dismiss' || c.table === null || c.row === null || c.column === null) continue;
      // listCorrections is ordered by id: a later live correction of the same cell wins.
      corrections.set(cellKey(c.table, c.row, c.column), c);
    }
    const result = structuredClone(original);
    if (corrections.size > 0) {
      for (const t of result.tables) {
        for (const r of t.rows) {
          for (const [key, cell] of Object.entries(r.cells)) {
            const c = corrections.get(cellKey(t.id, r.id, key));
            if (!c) continue;
            cell.value = c.newValue;
            cell.raw = c.newValue === null ? '' : String(c.newValue);
            cell.blank = c.newValue === null;
          }
        }
      }
    }
    return { result, corrections };
  }
}

export function findRow(result: ExtractionResult, table: string, row: string | undefined): { table: NormalizedTable; row: Row | undefined } | undefined {
  const t = result.tables.find((x) => x.id === table);
  if (!t) return undefined;
  return { table: t, row: row === undefined ? undefined : t.rows.find((r) => r.id === row) };
}

export { cellKey };
