import type {
  Anomaly,
  CellRef,
  ColumnKind,
  DocumentMeta,
  ExtractionResult,
  MoneyUnit,
  Provenance,
  Severity,
  SourceFormat,
  TableType,
} from '../model/index.js';
import type { UploadFilter, UploadInput, UploadRecord, UploadUpdate } from './uploads.js';
import type { CellAnchor } from './anchor.js';

/**
 * The store: everything tally keeps between runs, behind one interface so a PostgreSQL implementation can
 * replace SQLite without touching the pipeline, the runner or the review server. Only src/store/ writes SQL.
 *
 * A document's identity is the sha256 of its bytes. The same bytes seen under several paths are one
 * document with several paths (document_paths). A document moves queued → processing → done | failed;
 * `processing` left behind by a crash counts as not done, so the next ingest does it again.
 *
 * All methods are synchronous in the SQLite implementation but typed as plain values so callers stay simple;
 * a networked implementation would wrap this interface in an async adapter at the edge.
 */
export interface Store {
  /** Where the store lives (file path), for messages. */
  readonly location: string;

  /**
   * Record that `path` holds the document `sha256` (creates the document as `queued` the first time,
   * appends/refreshes the path otherwise). Returns the document's record after the call.
   */
  registerDocument(input: RegisterInput): DocumentRecord;

  /**
   * Take a document for processing: queued/failed/processing(stale) → processing, counting the attempt.
   * Returns false when it is already done (the caller skips it), or when it has had `maxAttempts` attempts
   * already (default: no limit): it is then marked failed for good, with its last reason and "gave up after N
   * attempts", and the caller reports it failed without extracting it, so a document that crashes whatever
   * runs it never blocks a run, a queue or a restart. Re-claiming a `processing` document is allowed because
   * a document left processing can only come from a run that died (the runner owns its documents for the run).
   */
  claimDocument(sha256: string, options?: { maxAttempts?: number }): boolean;

  /**
   * Save a whole result in ONE transaction: the full JSON (for exact round-trips) and the normalized
   * tables, rows, cells and anomalies (for queries); marks the document done. Saving again replaces the
   * previous result but keeps the corrections trail: every live correction is re-applied at its stable
   * anchor (family, row code or label, column key — never the positional table/row ids), and one whose cell
   * is gone is kept, marked orphaned and returned in the report. The document is linked to its department
   * and the cross-year checks against its neighbours (either order) are run again.
   */
  saveResult(result: ExtractionResult): SaveReport;

  /** Mark a document failed with a one-line reason (BadInputError message, or retries exhausted). */
  markFailed(sha256: string, reason: string): void;

  /** Put a document back to queued (a worker handed it back on shutdown); that attempt does not count. */
  markQueued(sha256: string): void;

  getDocument(sha256: string): DocumentRecord | undefined;
  listDocuments(filter?: DocumentFilter): DocumentRecord[];
  /** Every path the document was seen at, oldest first. */
  getPaths(sha256: string): DocumentPath[];
  /** The document last recorded at this path (with the size/mtime seen then), if any. */
  lookupPath(path: string): DocumentPath | undefined;

  /**
   * The stored result. With applyCorrections, cell values are the reviewed ones (the latest correction
   * not undone) and anomalies resolved or dismissed by a reviewer are left out; without it, the result
   * exactly as the pipeline produced it.
   */
  getResult(sha256: string, options?: { applyCorrections?: boolean }): ExtractionResult | undefined;

  /** Anomalies of a document with their review state. */
  listAnomalies(sha256: string, filter?: { state?: AnomalyState }): StoredAnomaly[];

  /**
   * Write a correction with optimistic concurrency: `seen` is the value the reviewer saw (the cell's
   * current value for accept/edit, the anomaly state for dismiss). If the store holds something else,
   * nothing is written and a CorrectionConflictError (with the current value) is thrown.
   */
  applyCorrection(input: CorrectionInput): Correction;
  /** Undo a correction (sets undone_at); the cell/anomaly return to what the remaining corrections say. */
  undoCorrection(id: number, reviewer: string): Correction;
  listCorrections(filter?: { sha256?: string; includeUndone?: boolean }): Correction[];

  /** Document counts by status (every status present, zero when none). */
  countByStatus(): Record<DocumentStatus, number>;
  /** Open anomalies by severity, over done documents. */
  openAnomaliesBySeverity(filter?: DocumentFilter): Record<Severity, number>;

  /**
   * The tidy long table the exporters write: one record per cell of every normalized table, corrections
   * applied, anomaly flags joined. Streams (iterator) so a large store never sits in memory whole.
   */
  iterateCells(filter?: CellFilter): IterableIterator<TidyCell>;

  startRun(kind: string, args: readonly string[]): number;
  finishRun(id: number, counts: RunCounts): void;
  listRuns(limit?: number): RunRecord[];

  /** Files uploaded through the review server (see UploadStatus): recorded so a restart keeps and resumes them. */
  createUpload(input: UploadInput): UploadRecord;
  updateUpload(id: number, change: UploadUpdate): UploadRecord;
  getUpload(id: number): UploadRecord | undefined;
  /** Newest first. */
  listUploads(filter?: UploadFilter): UploadRecord[];

  close(): void;

  /**
   * Replace a document's anomalies with a fresh validation of its corrected tables (the review server calls
   * this after every correction). Review work survives by anomaly id: an anomaly with a live accept stays
   * resolved, one with a live dismiss stays dismissed; any other anomaly present is open, and one that no
   * longer appears is marked resolved (kept, so the trail still names it).
   */
  replaceAnomalies(sha256: string, anomalies: readonly Anomaly[]): AnomalyReplacement;

  /**
   * One page of anomalies across done documents for the review queue, errors first, with counts per filter
   * value so the page can show them without loading the queue.
   */
  queryAnomalies(query: AnomalyQuery): AnomalyPage;

  /** One anomaly of a document with its review state (the review page's detail), without reading the others. */
  getAnomaly(sha256: string, id: string): StoredAnomaly | undefined;

  /** Every department with its names (keys) and documents, by name. */
  listDepartments(): DepartmentRecord[];
  getDepartment(id: number): DepartmentRecord | undefined;
  /** The department a done document is linked to. */
  departmentOf(sha256: string): DepartmentRecord | undefined;
  /**
   * A reviewer says these departments are one: documents and names of `from` move to `into` (later documents
   * with those names follow), the cross-year checks of the moved documents run again. Recorded with `reviewer`.
   */
  mergeDepartments(into: number, from: readonly number[], reviewer: string): DepartmentRecord;
  /**
   * A reviewer says these documents are another department: they move to a new department `name` (a manual
   * link, kept when they are re-extracted), the cross-year checks run again on both sides.
   */
  splitDepartment(sha256s: readonly string[], name: string, reviewer: string): DepartmentRecord;

  /**
   * One page of every document (any status) with its review counts (open / reviewed, by severity, open 尾数误差
   * notes), sorted and filtered in SQL, with counts per filter value.
   */
  listDocumentSummaries(query?: DocumentListQuery): DocumentListPage;
  /** Documents by status and anomalies by state and severity over a scope (default: the whole store). */
  reviewStats(filter?: ScopeFilter): ReviewStats;
  /** Anomalies and rows/cells by text (message, table title, row label), by row code, or by value (found, expected, cells). */
  search(query: SearchQuery): SearchPage;
  /** What a bulk action would close, without writing (the confirmation's count). */
  previewBulk(selection: BulkSelection): BulkPreview;
  /**
   * Close every open anomaly of the selection, one correction each (accept for 尾数误差 notes, dismiss by rule),
   * grouped as one batch; `expected` must be the count the reviewer confirmed, else a CorrectionConflictError.
   */
  applyBulk(input: BulkInput): BulkBatch;
  /** Undo every live correction of a batch; the anomalies return to what the remaining corrections say. */
  undoBulk(id: number, reviewer: string): BulkBatch;
  /** The latest batches, newest first. */
  listBulk(limit?: number): BulkBatch[];
  /** A department's documents by year with the key figures, its cross_year anomalies and its merge/split history. */
  departmentOverview(id: number): DepartmentOverview;
}

/** What a correction is anchored to, independent of positional ids. */
export interface CorrectionAnchor {
  /** The corrected cell (accept, edit). */
  readonly cell?: CellAnchor;
  /** The anomaly's anchored cell and rule (accept, dismiss); row/column '' for an anomaly on a whole table. */
  readonly anomaly?: CellAnchor;
}

/** What saveResult did beyond saving. */
export interface SaveReport {
  /** Live corrections re-applied at their anchor (to the same or a moved cell). */
  readonly reapplied: number;
  /** Live corrections whose cell (or anomaly) no longer exists: kept in the trail, not applied. */
  readonly orphaned: readonly Correction[];
  /** Cross-year anomalies open after this save, over every document paired with this one. */
  readonly crossYear: number;
}

export interface DepartmentDocument {
  readonly sha256: string;
  readonly path: string;
  readonly year: number | null;
  readonly kind: string | null;
  /** The name as the document prints it. */
  readonly printed: string;
  /** Its normalized form. */
  readonly key: string;
  /** key: matched by normalized name; manual: placed by a reviewer. */
  readonly how: 'key' | 'manual';
  readonly evidence: DepartmentEvidence;
}

/** Why a document belongs to its department. */
export interface DepartmentEvidence {
  readonly printed: string;
  readonly key: string;
  /** How the printed name became the key ("去掉“中共”", "全角→半角", …). */
  readonly steps: readonly string[];
  /** new: first document with this key; key: the key was known; manual: a reviewer's merge or split. */
  readonly matched: 'new' | 'key' | 'manual';
  /** The document's own evidence for its department name (cover, heading …), when the pipeline gave it. */
  readonly meta?: NonNullable<DocumentMeta['evidence']>;
}

export interface DepartmentRecord {
  readonly id: number;
  /** Display name: the first printed name seen (or the one a reviewer gave). */
  readonly name: string;
  readonly keys: readonly string[];
  readonly documents: readonly DepartmentDocument[];
}

export type DocumentStatus = 'queued' | 'processing' | 'done' | 'failed';
export const DOCUMENT_STATUSES: readonly DocumentStatus[] = ['queued', 'processing', 'done', 'failed'];

export type AnomalyState = 'open' | 'resolved' | 'dismissed';

export interface RegisterInput {
  readonly sha256: string;
  readonly path: string;
  /** File size in bytes. */
  readonly bytes: number;
  /** File mtime in ms since the epoch, when known (lets the watcher skip re-hashing an unchanged file). */
  readonly mtimeMs?: number;
}

export interface DocumentRecord {
  readonly sha256: string;
  readonly status: DocumentStatus;
  /** Why it failed (one line), when status is failed. */
  readonly error: string | null;
  readonly format: SourceFormat | null;
  readonly bytes: number;
  /** Pages, for paged formats, once done. */
  readonly pages: number | null;
  readonly department: string | null;
  readonly year: number | null;
  readonly kind: string | null;
  readonly unit: MoneyUnit | null;
  /** ExtractionResult.status once done. */
  readonly resultStatus: 'ok' | 'partial' | 'failed' | null;
  /** Path first seen (for display). */
  readonly path: string;
  readonly attempts: number;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface DocumentPath {
  readonly sha256: string;
  readonly path: string;
  readonly bytes: number;
  readonly mtimeMs: number | null;
  /** ISO-8601 UTC. */
  readonly firstSeen: string;
  readonly lastSeen: string;
}

export interface DocumentFilter {
  readonly status?: DocumentStatus;
  readonly year?: number;
  readonly department?: string;
  readonly limit?: number;
  readonly offset?: number;
}

export interface CellFilter {
  readonly sha256?: string;
  readonly year?: number;
  readonly department?: string;
  readonly tableType?: TableType;
}

export interface StoredAnomaly {
  readonly sha256: string;
  readonly anomaly: Anomaly;
  readonly state: AnomalyState;
}

export type CorrectionKind = 'accept' | 'edit' | 'dismiss';

export interface CorrectionInput {
  readonly sha256: string;
  readonly kind: CorrectionKind;
  /** accept/dismiss: the anomaly acted on. accept takes the anomaly's suggestion (cell and value). */
  readonly anomalyId?: string;
  /** edit: the cell (accept: taken from the suggestion when omitted). */
  readonly table?: string;
  readonly row?: string;
  readonly column?: string;
  /** edit: the new value (null clears the cell). */
  readonly value?: number | null;
  /** What the reviewer saw: the cell's current value (accept/edit) or the anomaly's state (dismiss). */
  readonly seen: number | null | AnomalyState;
  readonly reason: string;
  readonly reviewer: string;
}

export interface Correction {
  readonly id: number;
  readonly sha256: string;
  readonly kind: CorrectionKind;
  readonly anomalyId: string | null;
  readonly table: string | null;
  readonly row: string | null;
  readonly column: string | null;
  /** Value before (cells) — null for dismiss. */
  readonly oldValue: number | null;
  readonly newValue: number | null;
  readonly reason: string;
  readonly reviewer: string;
  /** ISO-8601 UTC. */
  readonly at: string;
  readonly undoneAt: string | null;
  /** Stable keys of what it acts on (family, row code/label, column; the anomaly's rule), recorded when written. */
  readonly anchor: CorrectionAnchor | null;
  /** Set when a re-extraction no longer has the anchored cell: kept, reported, not applied. */
  readonly orphanedAt: string | null;
}

/** One value of the tidy long table (exports). */
export interface TidyCell {
  readonly sha256: string;
  readonly path: string;
  readonly department: string | null;
  readonly year: number | null;
  readonly tableId: string;
  readonly tableType: TableType;
  readonly tableTitle: string;
  readonly rowId: string;
  readonly rowCode: string | null;
  readonly rowLabel: string;
  readonly rowRole: string;
  readonly columnKey: string;
  readonly columnLabel: string;
  /** What the column holds (amount, number, percent, label, …). */
  readonly columnKind: ColumnKind;
  /** The document's kind (final_accounts, budget, …). */
  readonly kind: string | null;
  /** The department identity across documents and years (see listDepartments), when the document names one. */
  readonly departmentId: number | null;
  readonly departmentName: string | null;
  /** The unit as the table prints it ("单位：万元"), when printed. */
  readonly unitText: string | null;
  /** The value as extracted. */
  readonly originalValue: number | null;
  /** The corrected value when corrected, else the original. */
  readonly value: number | null;
  readonly corrected: boolean;
  readonly raw: string;
  readonly blank: boolean;
  readonly unit: MoneyUnit | null;
  /** Rule ids of open anomalies anchored on (or involving) this cell, e.g. ["column_sum"]. */
  readonly anomalyRules: readonly string[];
  readonly anomalySeverities: readonly Severity[];
  readonly source: Provenance;
}

export interface RunCounts {
  readonly processed: number;
  readonly skipped: number;
  readonly failed: number;
}

export interface RunRecord extends RunCounts {
  readonly id: number;
  readonly kind: string;
  readonly args: readonly string[];
  readonly startedAt: string;
  readonly finishedAt: string | null;
}

/** Re-exported for implementers: places anomalies point at. */
export type { CellRef, CellAnchor };

/** What replaceAnomalies changed, by anomaly id. */
export interface AnomalyReplacement {
  /** Open now, and were not open (or did not exist) before. */
  readonly opened: readonly string[];
  /** Were open before, closed now (resolved by the new figures, or by a live accept). */
  readonly closed: readonly string[];
}

/** Filters of the review queue; every field narrows, all optional. */
export interface AnomalyQuery {
  /** Default 'open'. */
  readonly state?: AnomalyState;
  readonly sha256?: string;
  readonly year?: number;
  readonly department?: string;
  /** Table family (NormalizedTable.type). */
  readonly tableType?: TableType;
  readonly rule?: string;
  readonly severity?: Severity;
  readonly limit?: number;
  readonly offset?: number;
}

/** One row of the review queue. */
export interface QueuedAnomaly {
  readonly sha256: string;
  readonly anomaly: Anomaly;
  readonly state: AnomalyState;
  readonly path: string;
  readonly department: string | null;
  readonly year: number | null;
  readonly tableType: TableType | null;
  readonly tableTitle: string | null;
}

/** Count of matching anomalies per value of one filter (the other filters applied). */
export interface FacetCount {
  readonly value: string;
  readonly count: number;
}

export interface AnomalyPage {
  readonly total: number;
  readonly items: readonly QueuedAnomaly[];
  readonly facets: {
    readonly document: readonly FacetCount[];
    readonly year: readonly FacetCount[];
    readonly department: readonly FacetCount[];
    readonly tableType: readonly FacetCount[];
    readonly rule: readonly FacetCount[];
    readonly severity: readonly FacetCount[];
  };
}

// ---- review at scale (implemented in review-index.ts) ----------------------------------------------------------

/** Review counts of one document (or of a whole selection). */
export interface ReviewCounts {
  /** Anomalies of any state. */
  readonly total: number;
  readonly open: number;
  readonly resolved: number;
  readonly dismissed: number;
  /** resolved + dismissed. */
  readonly reviewed: number;
  readonly openBySeverity: Readonly<Record<Severity, number>>;
  /** Open 尾数误差 notes (see ROUNDING_SQL), what "accept every rounding note" would close. */
  readonly roundingOpen: number;
}

export type DocumentSort =
  'added' | 'year' | 'department' | 'path' | 'status' | 'kind' | 'pages' | 'open' | 'progress';

export interface DocumentListQuery {
  readonly status?: DocumentStatus;
  readonly year?: number;
  readonly kind?: string;
  /** The department identity (departments.id). */
  readonly departmentId?: number;
  /** Part of the file path or of the printed department name. */
  readonly text?: string;
  /** Only documents with (true) or without (false) open anomalies. */
  readonly hasOpen?: boolean;
  readonly sort?: DocumentSort;
  readonly order?: 'asc' | 'desc';
  readonly limit?: number;
  readonly offset?: number;
}

export interface DocumentSummary {
  readonly sha256: string;
  readonly path: string;
  readonly status: DocumentStatus;
  /** Why it failed (one line), when failed. */
  readonly error: string | null;
  readonly format: string | null;
  readonly pages: number | null;
  readonly year: number | null;
  readonly kind: string | null;
  /** The department as the document prints it. */
  readonly department: string | null;
  readonly departmentId: number | null;
  readonly departmentName: string | null;
  readonly resultStatus: 'ok' | 'partial' | 'failed' | null;
  readonly attempts: number;
  /** ISO-8601 UTC. */
  readonly updatedAt: string;
  readonly counts: ReviewCounts;
}

export interface DocumentListPage {
  readonly total: number;
  readonly items: readonly DocumentSummary[];
  /** Counts per value of each filter, the other filters applied. Department values are ids, with `label`. */
  readonly facets: {
    readonly status: readonly FacetCount[];
    readonly year: readonly FacetCount[];
    readonly kind: readonly FacetCount[];
    readonly department: readonly (FacetCount & { readonly label: string })[];
  };
}

export interface ScopeFilter {
  readonly sha256?: string;
  readonly year?: number;
  readonly departmentId?: number;
}

export interface ReviewStats {
  readonly documents: Readonly<Record<DocumentStatus, number>> & {
    readonly total: number;
    /** Done documents without any anomaly. */
    readonly withoutAnomalies: number;
    /** Done documents with anomalies, none of them open. */
    readonly fullyReviewed: number;
  };
  readonly anomalies: ReviewCounts;
}

export type SearchBy = 'text' | 'code' | 'value';

export interface SearchQuery extends ScopeFilter {
  readonly by: SearchBy;
  readonly q: string;
  readonly limit?: number;
  readonly offset?: number;
}

/** A number as a reviewer types it: "1,234.56", "1 234.56万元", "12345600元". */
export interface SearchValue {
  readonly value: number;
  /** The unit typed after the number, when any. */
  readonly unit: MoneyUnit | null;
}

interface HitPlace {
  readonly sha256: string;
  readonly path: string;
  readonly year: number | null;
  readonly department: string | null;
  readonly tableId: string;
  readonly tableType: string | null;
  readonly tableTitle: string | null;
  readonly unit: MoneyUnit | null;
}

export interface AnomalyHit extends HitPlace {
  readonly id: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly state: AnomalyState;
  readonly message: string;
  readonly found: number | null;
  readonly expected: number | null;
  /** What matched: the message (text), the found or the expected figure (value). */
  readonly matched: 'message' | 'found' | 'expected';
}

export interface CellHit extends HitPlace {
  /** The row; null for a table whose title matched (text search). */
  readonly rowId: string | null;
  readonly code: string | null;
  /** The row's label, or the table's title for a title match. */
  readonly label: string;
  /** The matching cell (value search); null for a row or table match (text, code). */
  readonly columnKey: string | null;
  readonly columnLabel: string | null;
  readonly raw: string | null;
  /** The current value (corrected when corrected). */
  readonly value: number | null;
  readonly corrected: boolean;
  readonly page: number | null;
  readonly matched: 'label' | 'title' | 'code' | 'value';
}

export interface SearchPage {
  readonly by: SearchBy;
  readonly q: string;
  /** The number searched for (value search). */
  readonly value: SearchValue | null;
  readonly anomalies: { readonly total: number; readonly items: readonly AnomalyHit[] };
  readonly cells: { readonly total: number; readonly items: readonly CellHit[] };
}

export type BulkSelection =
  | { readonly action: 'accept_rounding'; readonly sha256: string }
  | ({ readonly action: 'dismiss_rule'; readonly rule: string; readonly severity?: Severity } & ScopeFilter);

export interface BulkTarget {
  readonly sha256: string;
  readonly anomalyId: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
}

export interface BulkPreview {
  readonly count: number;
  /** The first few anomalies the action would close, for the confirmation. */
  readonly sample: readonly BulkTarget[];
  readonly documents: number;
}

export interface BulkInput {
  readonly selection: BulkSelection;
  /** The count the reviewer confirmed (from the preview): a different count now is a conflict, nothing written. */
  readonly expected: number;
  /** Why (dismiss_rule: the reviewer's note; accept_rounding: a default is used when empty). */
  readonly note: string;
  readonly reviewer: string;
}

export interface BulkBatch {
  readonly id: number;
  readonly kind: BulkSelection['action'];
  readonly selection: BulkSelection;
  readonly count: number;
  readonly reason: string;
  readonly reviewer: string;
  /** ISO-8601 UTC. */
  readonly at: string;
  readonly undoneAt: string | null;
  readonly undoneBy: string | null;
  /** Corrections of the batch still live (not undone one by one or with the batch). */
  readonly live: number;
}

export interface KeyFigure {
  /** Row id in the catalog (income:grand_total …). */
  readonly row: string;
  readonly label: string;
  readonly value: number | null;
  readonly raw: string;
  readonly unit: MoneyUnit | null;
  /** In 万元, for comparing documents printed in different units. */
  readonly wan: number | null;
  readonly corrected: boolean;
  readonly tableId: string;
  readonly page: number | null;
}

export interface DepartmentYear {
  readonly sha256: string;
  readonly path: string;
  readonly year: number | null;
  readonly kind: string | null;
  readonly status: DocumentStatus;
  readonly printed: string;
  readonly figures: readonly KeyFigure[];
  readonly counts: ReviewCounts;
}

export interface CrossYearItem {
  readonly sha256: string;
  readonly id: string;
  readonly severity: Severity;
  readonly state: AnomalyState;
  readonly message: string;
  readonly formula: string | null;
  /** This document's figure and the other document's, in this table's unit. */
  readonly found: number | null;
  readonly expected: number | null;
  readonly difference: number | null;
  readonly unit: MoneyUnit | null;
  /** The other document of the pair (its sha256 starts with this), and its record when in this department. */
  readonly otherPrefix: string;
  readonly otherSha256: string | null;
}

export interface DepartmentHistoryEntry {
  readonly kind: 'merge' | 'split';
  readonly detail: unknown;
  readonly reviewer: string;
  readonly at: string;
}

export interface DepartmentOverview {
  readonly years: readonly DepartmentYear[];
  readonly crossYear: readonly CrossYearItem[];
  readonly history: readonly DepartmentHistoryEntry[];
}
