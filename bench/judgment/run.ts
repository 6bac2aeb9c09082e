/**
 * Reading a corpus document once and running the rest of the pipeline on it (unaltered, or with faults planted in
 * its spans). The pipeline is `extractBytes` itself (OCR off), given the document already read: whatever the
 * pipeline does after the reader — recognition, normalization, validation, document checks — is what is measured.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  Anomaly,
  ExtractedDocument,
  ExtractionResult,
  NormalizedTable,
  Provenance,
  Row,
} from '../../src/model/index.js';
import { extractBytes } from '../../src/pipeline/index.js';
import { readerFor } from '../../src/readers/index.js';
import { collectIdentities, evaluate } from '../../src/validate/index.js';
import type { Identity, Term } from '../../src/validate/index.js';
import { CORPUS_DIR } from '../../test/support/shared.js';
import type { CorpusDoc } from './corpus.js';

export interface LoadedDoc {
  readonly doc: CorpusDoc;
  readonly file: string;
  readonly bytes: Uint8Array;
  /** The reader's output, read once and never mutated (plants copy the pages they change). */
  readonly read: ExtractedDocument;
}

export async function loadDoc(doc: CorpusDoc, dir: string = CORPUS_DIR): Promise<LoadedDoc> {
  const file = join(dir, doc.path);
  const bytes = new Uint8Array(readFileSync(file));
  const reader = await readerFor('pdf');
  const read = await reader.read({ path: file, bytes }, {});
  return { doc, file, bytes, read };
}

/** The whole pipeline after the reader, OCR off, on the (possibly altered) document. */
export function runPipeline(
  loaded: LoadedDoc,
  document: ExtractedDocument = loaded.read,
): Promise<ExtractionResult> {
  return extractBytes(loaded.file, loaded.bytes, { ocr: 'off', ocrReview: 'off', document });
}

// ---------------------------------------------------------------------------------------------------------------
// Stable keys: an anomaly or a cell named by what it is (rule, table family, row code or label, column key),
// never by positional ids (t3, r12) that shift when a plant adds or removes a table or a row.

/** Label text compared loosely: no spaces, no leading ordinal marks, full-width brackets as ASCII. */
export function normLabel(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^[一二三四五六七八九十]+、|^[（(][一二三四五六七八九十\d]+[)）]|^\d+[.、]/u, '')
    .replace(/[“”"']/g, '');
}

/** A table by family, or for `unknown` tables by family and title. */
export function tableKey(t: NormalizedTable | undefined): string {
  if (!t) return '?';
  return t.type === 'unknown' ? `unknown:${normLabel(t.title).slice(0, 24)}` : t.type;
}

export function rowKey(r: Row | undefined): string {
  if (!r) return '';
  return r.code ? r.code : normLabel(r.label);
}

export interface ResultIndex {
  readonly tables: Map<string, NormalizedTable>;
  readonly rows: Map<string, Map<string, Row>>;
}

export function indexResult(r: ExtractionResult): ResultIndex {
  const tables = new Map<string, NormalizedTable>();
  const rows = new Map<string, Map<string, Row>>();
  for (const t of r.tables) {
    tables.set(t.id, t);
    rows.set(t.id, new Map(t.rows.map((row) => [row.id, row])));
  }
  return { tables, rows };
}

/** rule|table|row|column of an anomaly, by stable keys. */
export function anomalyKey(a: Anomaly, ix: ResultIndex): string {
  const t = ix.tables.get(a.table);
  const row = a.row !== undefined ? ix.rows.get(a.table)?.get(a.row) : undefined;
  return [
    a.rule,
    t ? tableKey(t) : a.table ? `?${a.table}` : '',
    a.row !== undefined ? rowKey(row) || a.row : '',
    a.column ?? '',
  ].join('|');
}

/** The key plus the figures: the same anomaly in two runs has the same signature. */
export function anomalySignature(a: Anomaly, ix: ResultIndex): string {
  const t = ix.tables.get(a.table);
  const page = a.source.page ?? t?.source.page ?? '';
  return `${anomalyKey(a, ix)}|${String(a.found ?? '')}|${String(a.expected ?? '')}|p${page}`;
}

/** Every place an anomaly points to: its source, its places, and the cells it relates (resolved in the result). */
export function anomalyPlaces(a: Anomaly, ix: ResultIndex): Provenance[] {
  const out: Provenance[] = [a.source, ...(a.places ?? [])];
  for (const ref of [{ table: a.table, row: a.row, column: a.column }, ...a.related]) {
    if (ref.row === undefined || ref.column === undefined) continue;
    const cell = ix.rows.get(ref.table)?.get(ref.row)?.cells[ref.column];
    if (cell) out.push(cell.source);
  }
  return out.filter((p) => p.page !== undefined);
}

/** Stable keys of every cell an anomaly names (anchor and related). */
export function anomalyCellKeys(a: Anomaly, ix: ResultIndex): string[] {
  const out: string[] = [];
  for (const ref of [{ table: a.table, row: a.row, column: a.column }, ...a.related]) {
    const t = ix.tables.get(ref.table);
    if (!t) continue;
    const row = ref.row !== undefined ? ix.rows.get(ref.table)?.get(ref.row) : undefined;
    out.push(`${tableKey(t)}|${rowKey(row)}|${ref.column ?? ''}`);
  }
  return out;
}

export function termStableKey(t: Term): string {
  const row = t.row !== undefined ? t.table.rows.find((r) => r.id === t.row) : undefined;
  return `${tableKey(t.table)}|${rowKey(row)}|${t.column}`;
}

/** An identity by stable keys: rule, left-hand cell, the set of right-hand cells. */
export function identityKey(i: Identity): string {
  return `${i.rule}|${termStableKey(i.lhs)}=${i.rhs
    .map((t) => (t.sign < 0 ? '-' : '+') + termStableKey(t))
    .sort()
    .join(',')}`;
}

/** The identities that evaluate on a result, by stable key, with their state. */
export function evaluatedIdentities(r: ExtractionResult): Map<string, { identity: Identity; state: string }> {
  const out = new Map<string, { identity: Identity; state: string }>();
  for (const i of collectIdentities(r.tables)) {
    const e = evaluate(i);
    if (e) out.set(identityKey(i), { identity: i, state: e.state });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Geometry

export function overlaps(a: Provenance, b: Provenance, slack = 1): boolean {
  if (a.page === undefined || a.page !== b.page) return false;
  if (!a.bbox || !b.bbox) return false;
  return (
    a.bbox.x0 <= b.bbox.x1 + slack &&
    b.bbox.x0 <= a.bbox.x1 + slack &&
    a.bbox.y0 <= b.bbox.y1 + slack &&
    b.bbox.y0 <= a.bbox.y1 + slack
  );
}
