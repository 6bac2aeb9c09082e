import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import {
  Anomaly as AnomalySchema,
  ExtractionResult as ExtractionResultSchema,
  InternalError,
  TransientError,
  type Anomaly,
  type ColumnKind,
  type ExtractionResult,
  type MoneyUnit,
  type Provenance,
  type Severity,
  type SourceFormat,
  type TableType,
} from '../model/index.js';
import { basename } from 'node:path';
import { crossYearChecks, type YearDocument } from '../validate/cross-year.js';
import { anchorOf, resolveAnchor, type AnchorTable, type CellAnchor } from './anchor.js';
import { departmentKey } from './department-key.js';
import { CorrectionConflictError, NotFoundError } from './errors.js';
import { UploadTable, type UploadFilter, type UploadInput, type UploadRecord, type UploadUpdate } from './uploads.js';
import { MIGRATIONS } from './schema.js';
import { ReviewIndex } from './review-index.js';
import {
  DOCUMENT_STATUSES,
  type AnomalyPage,
  type AnomalyQuery,
  type BulkBatch,
  type BulkInput,
  type BulkPreview,
  type BulkSelection,
  type DepartmentOverview,
  type DocumentListPage,
  type DocumentListQuery,
  type ReviewStats,
  type ScopeFilter,
  type SearchPage,
  type SearchQuery,
  type AnomalyReplacement,
  type AnomalyState,
  type CellFilter,
  type CorrectionAnchor,
  type DepartmentDocument,
  type DepartmentEvidence,
  type DepartmentRecord,
  type FacetCount,
  type SaveReport,
  type QueuedAnomaly,
  type Correction,
  type CorrectionInput,
  type DocumentFilter,
  type DocumentPath,
  type DocumentRecord,
  type DocumentStatus,
  type RegisterInput,
  type RunCounts,
  type RunRecord,
  type Store,
  type StoredAnomaly,
  type TidyCell,
} from './store.js';

type Db = Database.Database;
type SqlValue = string | number | null;

interface DocumentRow {
  sha256: string;
  status: DocumentStatus;
  error: string | null;
  format: string | null;
  bytes: number;
  pages: number | null;
  department: string | null;
  year: number | null;
  kind: string | null;
  unit: string | null;
  result_status: 'ok' | 'partial' | 'failed' | null;
  attempts: number;
  created_at: string;
  updated_at: string;
  path: string | null;
}

interface PathRow {
  sha256: string;
  path: string;
  bytes: number;
  mtime_ms: number | null;
  first_seen: string;
  last_seen: string;
}

interface CorrectionRow {
  id: number;
  sha256: string;
  kind: 'accept' | 'edit' | 'dismiss';
  anomaly_id: string | null;
  table_id: string | null;
  row_id: string | null;
  column_key: string | null;
  old_value: number | null;
  new_value: number | null;
  reason: string;
  reviewer: string;
  at: string;
  undone_at: string | null;
  anchor: string | null;
  orphaned_at: string | null;
}

interface CellRow {
  table_id: string;
  type: string;
  title: string;
  unit: string | null;
  unit_text: string | null;
  columns: string;
  row_id: string;
  code: string | null;
  label: string;
  role: string;
  column_key: string;
  value: number | null;
  raw: string;
  blank: number;
  provenance: string;
  corrected: number;
  corrected_value: number | null;
}

const now = (): string => new Date().toISOString();
/** Marks the reason of a document claimDocument gave up on. */
const GAVE_UP = 'gave up after';
const cellKey = (table: string, row: string, column: string): string => `${table}\u0000${row}\u0000${column}`;
const sameValue = (a: unknown, b: unknown): boolean =>
  a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) < 1e-9);

/**
 * Another process held the write lock past busy_timeout (a long review write, a second ingest): that
 * passes, so it is a TransientError, which the runners retry, not a failed document.
 */
function busyIsTransient<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
      throw new TransientError(`store is busy: ${(e as Error).message}`, { cause: e });
    throw e;
  }
}

/** Default store file, relative to the working directory: `.tally/tally.db`. */
export function defaultStorePath(cwd: string, env: NodeJS.ProcessEnv): string {
  return resolve(cwd, env['TALLY_STORE'] ?? '.tally/tally.db');
}

/**
 * Open (creating if needed) the SQLite store at `path`: WAL so readers (status, the review page) never
 * block the writer, foreign keys on, migrations to the latest `user_version`.
 */
export function openSqliteStore(path: string): Store {
  const location = resolve(path);
  mkdirSync(dirname(location), { recursive: true });
  let db: Db;
  try {
    db = new Database(location);
  } catch (e) {
    throw new TransientError(`cannot open store ${location}: ${(e as Error).message}`, { cause: e });
  }
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // Several processes (ingest, review, status) may share the file: wait for a lock rather than fail.
  db.pragma('busy_timeout = 10000');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  return new SqliteStore(db, location);
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new InternalError(
      `store schema version ${current} is newer than this tally (${MIGRATIONS.length})`,
    );
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    const sql = MIGRATIONS[v];
    if (sql === undefined) break;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

class SqliteStore implements Store {
  private readonly uploads: UploadTable;

  constructor(
    private readonly db: Db,
    readonly location: string,
  ) {
    this.uploads = new UploadTable(db);
  }

  createUpload(input: UploadInput): UploadRecord {
    return this.uploads.create(input);
  }

  updateUpload(id: number, change: UploadUpdate): UploadRecord {
    return this.uploads.update(id, change);
  }

  getUpload(id: number): UploadRecord | undefined {
    return this.uploads.get(id);
  }

  listUploads(filter?: UploadFilter): UploadRecord[] {
    return this.uploads.list(filter);
  }

  /** The review server's list, counts, search and bulk actions (src/store/review-index.ts). */
  private reviewIndex: ReviewIndex | undefined;
  private get review(): ReviewIndex {
    this.reviewIndex ??= new ReviewIndex(this.db, {
      recomputeAnomaly: (sha, id) => this.recomputeAnomaly(sha, id),
      anchorOf: (sha, id) => this.anchorNow(sha, undefined, id),
      now,
    });
    return this.reviewIndex;
  }

  listDocumentSummaries(query: DocumentListQuery = {}): DocumentListPage {
    return this.review.listDocuments(query);
  }

  reviewStats(filter: ScopeFilter = {}): ReviewStats {
    return this.review.stats(filter);
  }

  search(query: SearchQuery): SearchPage {
    return this.review.search(query);
  }

  previewBulk(selection: BulkSelection): BulkPreview {
    return this.review.previewBulk(selection);
  }

  applyBulk(input: BulkInput): BulkBatch {
    return this.review.applyBulk(input);
  }

  undoBulk(id: number, reviewer: string): BulkBatch {
    return this.review.undoBulk(id, reviewer);
  }

  listBulk(limit?: number): BulkBatch[] {
    return this.review.listBatches(limit);
  }

  departmentOverview(id: number): DepartmentOverview {
    if (!this.getDepartment(id)) throw new NotFoundError(`department ${id} not found`);
    return this.review.departmentOverview(id);
  }

  registerDocument(input: RegisterInput): DocumentRecord {
    const at = now();
    this.db
      .transaction(() => {
        this.db
          .prepare(
            `INSERT INTO documents (sha256, status, bytes, created_at, updated_at) VALUES (?, 'queued', ?, ?, ?)
             ON CONFLICT(sha256) DO NOTHING`,
          )
          .run(input.sha256, input.bytes, at, at);
        this.upsertPath(input.sha256, input.path, input.bytes, input.mtimeMs ?? null, at);
      })
      .immediate();
    const doc = this.getDocument(input.sha256);
    if (!doc) throw new InternalError(`document ${input.sha256} vanished after registering`);
    return doc;
  }

  private upsertPath(sha256: string, path: string, bytes: number, mtimeMs: number | null, at: string): void {
    this.db
      .prepare(
        `INSERT INTO document_paths (sha256, path, bytes, mtime_ms, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(sha256, path) DO UPDATE SET last_seen = excluded.last_seen, bytes = excluded.bytes,
           mtime_ms = COALESCE(excluded.mtime_ms, document_paths.mtime_ms)`,
      )
      .run(sha256, path, bytes, mtimeMs, at, at);
  }

  claimDocument(sha256: string, options: { maxAttempts?: number } = {}): boolean {
    const max = options.maxAttempts ?? Infinity;
    return this.db
      .transaction((): boolean => {
        const doc = this.db
          .prepare('SELECT status, error, attempts FROM documents WHERE sha256 = ?')
          .get(sha256) as { status: DocumentStatus; error: string | null; attempts: number } | undefined;
        if (!doc || doc.status === 'done') return false;
        if (doc.attempts >= max) {
          // Given up: failed for good with the last reason, so it never blocks a run or a restart again.
          if (doc.status !== 'failed' || !doc.error?.includes(GAVE_UP)) {
            const why =
              doc.status === 'failed' && doc.error
                ? doc.error
                : 'the process extracting it stopped before it finished';
            this.db
              .prepare(`UPDATE documents SET status = 'failed', error = ?, updated_at = ? WHERE sha256 = ?`)
              .run(`${why} (${GAVE_UP} ${doc.attempts} attempts)`, now(), sha256);
          }
          return false;
        }
        this.db
          .prepare(
            `UPDATE documents SET status = 'processing', attempts = attempts + 1, updated_at = ? WHERE sha256 = ?`,
          )
          .run(now(), sha256);
        return true;
      })
      .immediate();
  }

  saveResult(input: ExtractionResult): SaveReport {
    const result = checkResult(input);
    const sha = result.source.sha256;
    const at = now();
    const db = this.db;
    return busyIsTransient(() =>
      db
        .transaction((): SaveReport => {
          // What the corrections were made on, read before it is replaced: their anchors are computed from it when
          // they have none yet (written before anchors were recorded).
          const old = db.prepare('SELECT result_json FROM documents WHERE sha256 = ?').get(sha) as
            { result_json: string | null } | undefined;
          const oldTables = anchorTables(old?.result_json ?? null);
          const oldAnomalies = db
            .prepare('SELECT anomaly_id, rule, table_id, row_id, column_key FROM anomalies WHERE sha256 = ?')
            .all(sha) as {
            anomaly_id: string;
            rule: string;
            table_id: string;
            row_id: string | null;
            column_key: string | null;
          }[];
          const live = db
            .prepare('SELECT * FROM corrections WHERE sha256 = ? AND undone_at IS NULL ORDER BY id')
            .all(sha) as CorrectionRow[];
          db.prepare(
            `INSERT INTO documents (sha256, status, bytes, created_at, updated_at) VALUES (?, 'processing', ?, ?, ?)
         ON CONFLICT(sha256) DO NOTHING`,
          ).run(sha, result.source.bytes, at, at);
          this.upsertPath(sha, result.source.path, result.source.bytes, null, at);
          db.prepare(
            `UPDATE documents SET status = 'done', error = NULL, format = ?, media_type = ?, bytes = ?, pages = ?,
           department = ?, year = ?, kind = ?, unit = ?, result_status = ?, result_json = ?, updated_at = ?, done_at = ?
         WHERE sha256 = ?`,
          ).run(
            result.source.format,
            result.source.mediaType,
            result.source.bytes,
            result.source.pages,
            result.meta.department,
            result.meta.year,
            result.meta.kind,
            result.meta.unit,
            result.status,
            JSON.stringify(result),
            at,
            at,
            sha,
          );
          // Replace the normalized copy wholesale; cascades remove rows and cells.
          db.prepare('DELETE FROM tables WHERE sha256 = ?').run(sha);
          db.prepare('DELETE FROM anomalies WHERE sha256 = ?').run(sha);
          db.prepare('DELETE FROM pages WHERE sha256 = ?').run(sha);

          const insTable = db.prepare(
            `INSERT INTO tables (sha256, table_id, ord, type, title, unit, template, columns, source, unit_text) VALUES (?,?,?,?,?,?,?,?,?,?)`,
          );
          const insRow = db.prepare(
            `INSERT INTO rows (sha256, table_id, row_id, ord, code, label, role, source) VALUES (?,?,?,?,?,?,?,?)`,
          );
          const insCell = db.prepare(
            `INSERT INTO cells (sha256, table_id, row_id, column_key, ord, value, raw, blank, provenance) VALUES (?,?,?,?,?,?,?,?,?)`,
          );
          result.tables.forEach((t, ti) => {
            insTable.run(
              sha,
              t.id,
              ti,
              t.type,
              t.title,
              t.unit,
              t.template ? 1 : 0,
              JSON.stringify(t.columns),
              JSON.stringify(t.source),
              t.unitText ?? null,
            );
            const order = new Map(t.columns.map((c, i) => [c.key, i]));
            t.rows.forEach((r, ri) => {
              insRow.run(sha, t.id, r.id, ri, r.code ?? null, r.label, r.role, JSON.stringify(r.source));
              for (const [key, cell] of Object.entries(r.cells)) {
                insCell.run(
                  sha,
                  t.id,
                  r.id,
                  key,
                  order.get(key) ?? order.size,
                  cell.value,
                  cell.raw,
                  cell.blank ? 1 : 0,
                  JSON.stringify(cell.source),
                );
              }
            });
          });

          const insAnomaly = db.prepare(
            `INSERT INTO anomalies (sha256, anomaly_id, ord, rule, severity, table_id, row_id, column_key, json)
         VALUES (?,?,?,?,?,?,?,?,?)`,
          );
          result.anomalies.forEach((a, i) => {
            insAnomaly.run(
              sha,
              a.id,
              i,
              a.rule,
              a.severity,
              a.table,
              a.row ?? null,
              a.column ?? null,
              JSON.stringify(a),
            );
          });

          if (result.source.pages !== null) {
            const insPage = db.prepare('INSERT INTO pages (sha256, number, tables) VALUES (?,?,?)');
            for (let p = 1; p <= result.source.pages; p++) {
              const ids = result.tables
                .filter((t) => t.pages?.includes(p) ?? t.source.page === p)
                .map((t) => t.id);
              insPage.run(sha, p, JSON.stringify(ids));
            }
          }

          const report = this.reanchor(sha, result, live, oldTables, oldAnomalies, at);
          this.linkDepartment(sha, result.meta, at);
          const crossYear = this.recheckCrossYear([sha]);
          return { ...report, crossYear };
        })
        .immediate(),
    );
  }

  /**
   * A re-extraction keeps the reviewers' work: every live correction is moved to where its anchor points in the
   * new result (table ids and positional row ids may have shifted) and re-applied; one whose cell or anomaly is
   * gone is marked orphaned (kept in the trail, not applied) and reported.
   */
  private reanchor(
    sha: string,
    result: ExtractionResult,
    live: readonly CorrectionRow[],
    oldTables: readonly AnchorTable[] | undefined,
    oldAnomalies: readonly {
      anomaly_id: string;
      rule: string;
      table_id: string;
      row_id: string | null;
      column_key: string | null;
    }[],
    at: string,
  ): Omit<SaveReport, 'crossYear'> {
    const db = this.db;
    const tables: readonly AnchorTable[] = result.tables;
    const hasColumn = (t: AnchorTable, r: AnchorTable['rows'][number], column: string): boolean =>
      column in ((r as { cells?: Record<string, unknown> }).cells ?? {});
    const update = db.prepare(
      'UPDATE corrections SET table_id = ?, row_id = ?, column_key = ?, anomaly_id = ?, anchor = ?, orphaned_at = ? WHERE id = ?',
    );
    const orphanedIds: number[] = [];
    let reapplied = 0;
    const cells = new Set<string>();
    const anomalyIds = new Set<string>();
    for (const c of live) {
      const stored = c.anchor ? (JSON.parse(c.anchor) as CorrectionAnchor) : undefined;
      let anchor: CorrectionAnchor | undefined = stored;
      if (!anchor && oldTables) {
        const cell =
          c.table_id && c.row_id && c.column_key
            ? anchorOf(oldTables, c.table_id, c.row_id, c.column_key)
            : undefined;
        const oa = c.anomaly_id ? oldAnomalies.find((a) => a.anomaly_id === c.anomaly_id) : undefined;
        const anomaly = oa
          ? anomalyAnchor(oldTables, {
              rule: oa.rule,
              table: oa.table_id,
              row: oa.row_id,
              column: oa.column_key,
            })
          : undefined;
        if (cell || anomaly) anchor = { ...(cell ? { cell } : {}), ...(anomaly ? { anomaly } : {}) };
      }
      let { table_id: table, row_id: row, column_key: column, anomaly_id: anomalyId } = c;
      let lost = false;
      if (c.kind !== 'dismiss' && table !== null && row !== null && column !== null) {
        const to = anchor?.cell
          ? resolveAnchor(tables, anchor.cell, hasColumn)
          : result.tables.find((t) => t.id === table)?.rows.find((r) => r.id === row)?.cells[column]
            ? { table, row, column }
            : undefined;
        if (to) ({ table, row, column } = to);
        else lost = true;
      }
      if (anomalyId !== null && !anomalyId.startsWith('cross_year:')) {
        const want = anchor?.anomaly;
        let found = want ? findAnomaly(result, tables, want) : undefined;
        if (!found && !want) found = result.anomalies.find((a) => a.id === anomalyId)?.id;
        if (found) anomalyId = found;
        // An accept whose anomaly is gone still corrects its cell; a dismiss of a vanished anomaly has nothing left.
        else if (c.kind === 'dismiss') lost = true;
      }
      update.run(
        table,
        row,
        column,
        anomalyId,
        anchor ? JSON.stringify(anchor) : c.anchor,
        lost ? (c.orphaned_at ?? at) : null,
        c.id,
      );
      if (lost) {
        orphanedIds.push(c.id);
        continue;
      }
      reapplied++;
      if (c.kind !== 'dismiss' && table !== null && row !== null && column !== null)
        cells.add(cellKey(table, row, column));
      if (anomalyId !== null) anomalyIds.add(anomalyId);
    }
    for (const k of cells) {
      const [t, r, col] = k.split('\u0000') as [string, string, string];
      this.recomputeCell(sha, t, r, col);
    }
    for (const id of anomalyIds) this.recomputeAnomaly(sha, id);
    return { reapplied, orphaned: orphanedIds.map((id) => this.getCorrection(id)) };
  }

  markFailed(sha256: string, reason: string): void {
    const line = reason.split('\n')[0] ?? reason;
    this.db
      .prepare(
        `UPDATE documents SET status = 'failed', error = ?, updated_at = ? WHERE sha256 = ? AND status <> 'done'`,
      )
      .run(line, now(), sha256);
  }

  markQueued(sha256: string): void {
    // Handed back (shutdown, or the file changed under the reader): that attempt does not count against it.
    this.db
      .prepare(
        `UPDATE documents SET status = 'queued', attempts = MAX(attempts - 1, 0), updated_at = ? WHERE sha256 = ? AND status = 'processing'`,
      )
      .run(now(), sha256);
  }

  private static readonly DOC_SELECT = `SELECT d.sha256, d.status, d.error, d.format, d.bytes, d.pages, d.department, d.year,
      d.kind, d.unit, d.result_status, d.attempts, d.created_at, d.updated_at,
      (SELECT p.path FROM document_paths p WHERE p.sha256 = d.sha256 ORDER BY p.first_seen, p.rowid LIMIT 1) AS path
    FROM documents d`;

  private toRecord(r: DocumentRow): DocumentRecord {
    return {
      sha256: r.sha256,
      status: r.status,
      error: r.error,
      format: r.format as SourceFormat | null,
      bytes: r.bytes,
      pages: r.pages,
      department: r.department,
      year: r.year,
      kind: r.kind,
      unit: r.unit as MoneyUnit | null,
      resultStatus: r.result_status,
      path: r.path ?? '',
      attempts: r.attempts,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  getDocument(sha256: string): DocumentRecord | undefined {
    const row = this.db.prepare(`${SqliteStore.DOC_SELECT} WHERE d.sha256 = ?`).get(sha256) as
      DocumentRow | undefined;
    return row ? this.toRecord(row) : undefined;
  }

  private docWhere(filter: DocumentFilter | CellFilter): { sql: string; params: SqlValue[] } {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if ('status' in filter && filter.status !== undefined) {
      where.push('d.status = ?');
      params.push(filter.status);
    }
    if ('sha256' in filter && filter.sha256 !== undefined) {
      where.push('d.sha256 = ?');
      params.push(filter.sha256);
    }
    if (filter.year !== undefined) {
      where.push('d.year = ?');
      params.push(filter.year);
    }
    if (filter.department !== undefined) {
      where.push('d.department LIKE ?');
      params.push(`%${filter.department}%`);
    }
    return { sql: where.length ? ` WHERE ${where.join(' AND ')}` : '', params };
  }

  listDocuments(filter: DocumentFilter = {}): DocumentRecord[] {
    const { sql, params } = this.docWhere(filter);
    const limit =
      filter.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(filter.limit))}` : ' LIMIT -1';
    const offset = filter.offset !== undefined ? ` OFFSET ${Math.max(0, Math.floor(filter.offset))}` : '';
    const rows = this.db
      .prepare(`${SqliteStore.DOC_SELECT}${sql} ORDER BY d.created_at, d.sha256${limit}${offset}`)
      .all(...params) as DocumentRow[];
    return rows.map((r) => this.toRecord(r));
  }

  getPaths(sha256: string): DocumentPath[] {
    const rows = this.db
      .prepare('SELECT * FROM document_paths WHERE sha256 = ? ORDER BY first_seen, rowid')
      .all(sha256) as PathRow[];
    return rows.map(toPath);
  }

  lookupPath(path: string): DocumentPath | undefined {
    const row = this.db
      .prepare('SELECT * FROM document_paths WHERE path = ? ORDER BY last_seen DESC LIMIT 1')
      .get(path) as PathRow | undefined;
    return row ? toPath(row) : undefined;
  }

  getResult(sha256: string, options: { applyCorrections?: boolean } = {}): ExtractionResult | undefined {
    const row = this.db.prepare('SELECT result_json FROM documents WHERE sha256 = ?').get(sha256) as
      { result_json: string | null } | undefined;
    if (!row?.result_json) return undefined;
    const parsed = ExtractionResultSchema.safeParse(JSON.parse(row.result_json));
    if (!parsed.success) {
      // Only a result saved before saveResult checked the schema can get here: say which, and what to do.
      const issue = parsed.error.issues[0];
      throw new InternalError(
        `stored result of ${sha256} breaks the schema (${issue ? `${issue.path.map(String).join('.')}: ${issue.message}` : parsed.error.message}); ingest the file again`,
        { cause: parsed.error },
      );
    }
    const result = parsed.data;
    if (!options.applyCorrections) return result;
    const corrected = this.db
      .prepare(
        'SELECT table_id, row_id, column_key, corrected_value FROM cells WHERE sha256 = ? AND corrected = 1',
      )
      .all(sha256) as {
      table_id: string;
      row_id: string;
      column_key: string;
      corrected_value: number | null;
    }[];
    const byCell = new Map(
      corrected.map((c) => [cellKey(c.table_id, c.row_id, c.column_key), c.corrected_value]),
    );
    for (const t of result.tables) {
      for (const r of t.rows) {
        for (const [key, cell] of Object.entries(r.cells)) {
          const k = cellKey(t.id, r.id, key);
          if (byCell.has(k)) cell.value = byCell.get(k) ?? null;
        }
      }
    }
    const closed = new Set(
      (
        this.db
          .prepare(`SELECT anomaly_id FROM anomalies WHERE sha256 = ? AND state <> 'open'`)
          .all(sha256) as {
          anomaly_id: string;
        }[]
      ).map((a) => a.anomaly_id),
    );
    result.anomalies = result.anomalies.filter((a) => !closed.has(a.id));
    return result;
  }

  listAnomalies(sha256: string, filter: { state?: AnomalyState } = {}): StoredAnomaly[] {
    const rows = this.db
      .prepare(
        `SELECT json, state FROM anomalies WHERE sha256 = ?${filter.state ? ' AND state = ?' : ''} ORDER BY ord`,
      )
      .all(...(filter.state ? [sha256, filter.state] : [sha256])) as { json: string; state: AnomalyState }[];
    return rows.map((r) => ({ sha256, anomaly: AnomalySchema.parse(JSON.parse(r.json)), state: r.state }));
  }

  /** Open anomalies of a document, as far as the export's flags need them (see iterateCells). */
  private openAnomalyAnchors(sha256: string): AnomalyAnchor[] {
    const rows = this.db
      .prepare(
        `SELECT table_id, row_id, column_key, rule, severity, json FROM anomalies WHERE sha256 = ? AND state = 'open' ORDER BY ord`,
      )
      .all(sha256) as {
      table_id: string;
      row_id: string | null;
      column_key: string | null;
      rule: string;
      severity: Severity;
      json: string;
    }[];
    return rows.map((r) => {
      let related: AnomalyAnchor['related'] = [];
      try {
        const parsed = (JSON.parse(r.json) as { related?: unknown }).related;
        if (Array.isArray(parsed))
          related = parsed.filter(
            (x): x is AnomalyAnchor['related'][number] =>
              typeof (x as { table?: unknown } | null)?.table === 'string',
          );
      } catch {
        // Unreadable JSON: the anchor columns still flag the cell.
      }
      return {
        rule: r.rule,
        severity: r.severity,
        table: r.table_id,
        row: r.row_id ?? undefined,
        column: r.column_key ?? undefined,
        related,
      };
    });
  }

  /** The value a cell holds now (corrected if corrected), or undefined when there is no such cell. */
  private currentCell(
    sha: string,
    table: string,
    row: string,
    column: string,
  ): { value: number | null } | undefined {
    const c = this.db
      .prepare(
        'SELECT value, corrected, corrected_value FROM cells WHERE sha256 = ? AND table_id = ? AND row_id = ? AND column_key = ?',
      )
      .get(sha, table, row, column) as
      { value: number | null; corrected: number; corrected_value: number | null } | undefined;
    if (!c) return undefined;
    return { value: c.corrected ? c.corrected_value : c.value };
  }

  private anomalyRow(sha: string, id: string): { anomaly: Anomaly; state: AnomalyState } | undefined {
    const r = this.db
      .prepare('SELECT json, state FROM anomalies WHERE sha256 = ? AND anomaly_id = ?')
      .get(sha, id) as { json: string; state: AnomalyState } | undefined;
    return r ? { anomaly: AnomalySchema.parse(JSON.parse(r.json)), state: r.state } : undefined;
  }

  /** Cell value from the latest live accept/edit on it, or the extracted value when there is none. */
  private recomputeCell(sha: string, table: string, row: string, column: string): void {
    const latest = this.db
      .prepare(
        `SELECT new_value FROM corrections WHERE sha256 = ? AND table_id = ? AND row_id = ? AND column_key = ?
           AND kind IN ('accept','edit') AND undone_at IS NULL AND orphaned_at IS NULL ORDER BY id DESC LIMIT 1`,
      )
      .get(sha, table, row, column) as { new_value: number | null } | undefined;
    this.db
      .prepare(
        'UPDATE cells SET corrected = ?, corrected_value = ? WHERE sha256 = ? AND table_id = ? AND row_id = ? AND column_key = ?',
      )
      .run(latest ? 1 : 0, latest ? latest.new_value : null, sha, table, row, column);
  }

  private recomputeAnomaly(sha: string, id: string): void {
    const latest = this.db
      .prepare(
        `SELECT kind FROM corrections WHERE sha256 = ? AND anomaly_id = ? AND kind IN ('accept','dismiss')
           AND undone_at IS NULL AND orphaned_at IS NULL ORDER BY id DESC LIMIT 1`,
      )
      .get(sha, id) as { kind: 'accept' | 'dismiss' } | undefined;
    const state: AnomalyState = latest ? (latest.kind === 'accept' ? 'resolved' : 'dismissed') : 'open';
    this.db.prepare('UPDATE anomalies SET state = ? WHERE sha256 = ? AND anomaly_id = ?').run(state, sha, id);
  }

  applyCorrection(input: CorrectionInput): Correction {
    const sha = input.sha256;
    return this.db
      .transaction((): Correction => {
        const doc = this.db.prepare(`SELECT status FROM documents WHERE sha256 = ?`).get(sha) as
          { status: string } | undefined;
        if (!doc || doc.status !== 'done')
          throw new NotFoundError(`document ${sha.slice(0, 12)} has no result to correct`);
        let table = input.table ?? null;
        let row = input.row ?? null;
        let column = input.column ?? null;
        let newValue: number | null = null;
        let oldValue: number | null = null;
        const anomalyId = input.anomalyId ?? null;

        if (input.kind === 'dismiss' || input.kind === 'accept') {
          if (anomalyId === null) throw new NotFoundError(`${input.kind} needs an anomaly id`);
          const a = this.anomalyRow(sha, anomalyId);
          if (!a) throw new NotFoundError(`anomaly ${anomalyId} not found in document ${sha.slice(0, 12)}`);
          if (input.kind === 'dismiss') {
            if (a.state !== input.seen) {
              throw new CorrectionConflictError(
                `异常 ${anomalyId} 的状态已被他人改为 ${a.state}（您看到的是 ${String(input.seen)}），请刷新后再操作`,
                a.state,
                input.seen,
              );
            }
          } else {
            if (a.state !== 'open') {
              throw new CorrectionConflictError(
                `异常 ${anomalyId} 已被他人处理（当前状态 ${a.state}），请刷新后再操作`,
                a.state,
                input.seen,
              );
            }
            const s = a.anomaly.suggestion;
            table ??= s?.table ?? null;
            row ??= s?.row ?? null;
            column ??= s?.column ?? null;
            newValue = input.value !== undefined ? input.value : (s?.value ?? null);
            if (table === null || row === null || column === null || (input.value === undefined && !s)) {
              throw new NotFoundError(`anomaly ${anomalyId} has no suggestion to accept; use an edit`);
            }
          }
        } else {
          if (table === null || row === null || column === null)
            throw new NotFoundError('edit needs table, row and column');
          if (input.value === undefined) throw new NotFoundError('edit needs a value');
          newValue = input.value;
        }

        if (input.kind !== 'dismiss' && table !== null && row !== null && column !== null) {
          const cur = this.currentCell(sha, table, row, column);
          if (!cur)
            throw new NotFoundError(
              `cell ${table}/${row}/${column} not found in document ${sha.slice(0, 12)}`,
            );
          if (!sameValue(cur.value, input.seen)) {
            throw new CorrectionConflictError(
              `单元格 ${table}/${row}/${column} 已被他人修改：当前值 ${String(cur.value)}，您看到的是 ${String(input.seen)}，请刷新后再修改`,
              cur.value,
              input.seen,
            );
          }
          oldValue = cur.value;
        }

        const at = now();
        const anchor = this.anchorNow(
          sha,
          input.kind !== 'dismiss' ? { table, row, column } : undefined,
          anomalyId,
        );
        const info = this.db
          .prepare(
            `INSERT INTO corrections (sha256, kind, anomaly_id, table_id, row_id, column_key, old_value, new_value, reason, reviewer, at, anchor)
             VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
          )
          .run(
            sha,
            input.kind,
            anomalyId,
            table,
            row,
            column,
            oldValue,
            newValue,
            input.reason,
            input.reviewer,
            at,
            anchor ? JSON.stringify(anchor) : null,
          );
        if (input.kind !== 'dismiss' && table !== null && row !== null && column !== null)
          this.recomputeCell(sha, table, row, column);
        if (anomalyId !== null) this.recomputeAnomaly(sha, anomalyId);
        // A corrected figure may be one side of a cross-year check: run this document's pairs again (after the
        // anomaly's own state, so an edit made from a cross-year anomaly that fixes it leaves it resolved).
        if (input.kind !== 'dismiss') this.recheckCrossYear([sha]);
        return this.getCorrection(Number(info.lastInsertRowid));
      })
      .immediate();
  }

  /** Stable keys of a correction about to be written, from the stored tables (ids → family, code/label). */
  private anchorNow(
    sha: string,
    cell: { table: string | null; row: string | null; column: string | null } | undefined,
    anomalyId: string | null,
  ): CorrectionAnchor | undefined {
    const tables = this.db
      .prepare('SELECT table_id AS id, type, title FROM tables WHERE sha256 = ? ORDER BY ord')
      .all(sha) as { id: string; type: string; title: string }[];
    const rowsOf = (id: string): AnchorTable['rows'] =>
      (
        this.db
          .prepare(
            'SELECT row_id AS id, code, label FROM rows WHERE sha256 = ? AND table_id = ? ORDER BY ord',
          )
          .all(sha, id) as {
          id: string;
          code: string | null;
          label: string;
        }[]
      ).map((r) => ({ id: r.id, label: r.label, ...(r.code !== null ? { code: r.code } : {}) }));
    const withRows = (ids: readonly (string | null | undefined)[]): AnchorTable[] =>
      tables.map((t) => ({ ...t, rows: ids.includes(t.id) ? rowsOf(t.id) : [] }));
    let cellAnchor: CellAnchor | undefined;
    if (cell?.table && cell.row && cell.column)
      cellAnchor = anchorOf(withRows([cell.table]), cell.table, cell.row, cell.column);
    let anomaly: CellAnchor | undefined;
    if (anomalyId !== null) {
      const a = this.db
        .prepare(
          'SELECT rule, table_id, row_id, column_key FROM anomalies WHERE sha256 = ? AND anomaly_id = ?',
        )
        .get(sha, anomalyId) as
        { rule: string; table_id: string; row_id: string | null; column_key: string | null } | undefined;
      if (a)
        anomaly = anomalyAnchor(withRows([a.table_id]), {
          rule: a.rule,
          table: a.table_id,
          row: a.row_id,
          column: a.column_key,
        });
    }
    if (!cellAnchor && !anomaly) return undefined;
    return { ...(cellAnchor ? { cell: cellAnchor } : {}), ...(anomaly ? { anomaly } : {}) };
  }

  private getCorrection(id: number): Correction {
    const r = this.db.prepare('SELECT * FROM corrections WHERE id = ?').get(id) as CorrectionRow | undefined;
    if (!r) throw new NotFoundError(`correction ${id} not found`);
    return toCorrection(r);
  }

  undoCorrection(id: number, reviewer: string): Correction {
    return this.db
      .transaction((): Correction => {
        const c = this.getCorrection(id);
        if (c.undoneAt !== null) {
          throw new CorrectionConflictError(`修改 #${id} 已于 ${c.undoneAt} 被撤销`, 'undone', 'live');
        }
        this.db
          .prepare('UPDATE corrections SET undone_at = ?, undone_by = ? WHERE id = ?')
          .run(now(), reviewer, id);
        if (c.anomalyId !== null) this.recomputeAnomaly(c.sha256, c.anomalyId);
        if (c.kind !== 'dismiss' && c.table !== null && c.row !== null && c.column !== null) {
          this.recomputeCell(c.sha256, c.table, c.row, c.column);
          // After the anomaly's own state, as in applyCorrection: the pair pass has the last word on cross-year ones.
          this.recheckCrossYear([c.sha256]);
        }
        return this.getCorrection(id);
      })
      .immediate();
  }

  listCorrections(filter: { sha256?: string; includeUndone?: boolean } = {}): Correction[] {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.sha256 !== undefined) {
      where.push('sha256 = ?');
      params.push(filter.sha256);
    }
    if (!filter.includeUndone) where.push('undone_at IS NULL');
    const rows = this.db
      .prepare(`SELECT * FROM corrections${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id`)
      .all(...params) as CorrectionRow[];
    return rows.map(toCorrection);
  }

  countByStatus(): Record<DocumentStatus, number> {
    const out = Object.fromEntries(DOCUMENT_STATUSES.map((s) => [s, 0])) as Record<DocumentStatus, number>;
    const rows = this.db.prepare('SELECT status, COUNT(*) AS n FROM documents GROUP BY status').all() as {
      status: DocumentStatus;
      n: number;
    }[];
    for (const r of rows) out[r.status] = r.n;
    return out;
  }

  openAnomaliesBySeverity(filter: DocumentFilter = {}): Record<Severity, number> {
    const out: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    const { sql, params } = this.docWhere({ ...filter, status: 'done' });
    const rows = this.db
      .prepare(
        `SELECT a.severity, COUNT(*) AS n FROM anomalies a JOIN documents d ON d.sha256 = a.sha256${sql}
           AND a.state = 'open' GROUP BY a.severity`,
      )
      .all(...params) as { severity: Severity; n: number }[];
    for (const r of rows) out[r.severity] = r.n;
    return out;
  }

  *iterateCells(filter: CellFilter = {}): IterableIterator<TidyCell> {
    const { sql, params } = this.docWhere(filter);
    const docs = this.db
      .prepare(
        `${SqliteStore.DOC_SELECT}${sql ? `${sql} AND` : ' WHERE'} d.status = 'done' ORDER BY d.year, d.department, d.sha256`,
      )
      .all(...params) as DocumentRow[];
    for (const d of docs) {
      // Flags per cell: an open anomaly marks the cell it is anchored on and every related cell.
      const flags = new Map<string, { rules: Set<string>; severities: Set<Severity> }>();
      const flag = (
        t: string,
        r: string | undefined,
        c: string | undefined,
        a: { rule: string; severity: Severity },
      ): void => {
        if (r === undefined || c === undefined) return;
        const k = cellKey(t, r, c);
        const f = flags.get(k) ?? { rules: new Set<string>(), severities: new Set<Severity>() };
        f.rules.add(a.rule);
        f.severities.add(a.severity);
        flags.set(k, f);
      };
      // Only the anchor and related cells are read here, without zod: an anomaly stored by an older tally that
      // breaks today's schema must not stop the export of every document (it did: one 400-digit figure did).
      for (const a of this.openAnomalyAnchors(d.sha256)) {
        flag(a.table, a.row, a.column, a);
        for (const rel of a.related) flag(rel.table, rel.row, rel.column, a);
      }
      const tableSql = filter.tableType !== undefined ? ' AND t.type = ?' : '';
      const cells = this.db
        .prepare(
          `SELECT t.table_id, t.type, t.title, t.unit, t.unit_text, t.columns, r.row_id, r.code, r.label, r.role,
                  c.column_key, c.value, c.raw, c.blank, c.provenance, c.corrected, c.corrected_value
             FROM cells c
             JOIN rows r ON r.sha256 = c.sha256 AND r.table_id = c.table_id AND r.row_id = c.row_id
             JOIN tables t ON t.sha256 = c.sha256 AND t.table_id = c.table_id
            WHERE c.sha256 = ?${tableSql}
            ORDER BY t.ord, r.ord, c.ord`,
        )
        .all(...(filter.tableType !== undefined ? [d.sha256, filter.tableType] : [d.sha256])) as CellRow[];
      const labels = new Map<string, Map<string, { label: string; kind: string }>>();
      const dept = this.db
        .prepare(
          'SELECT dp.id, dp.name FROM document_departments l JOIN departments dp ON dp.id = l.department_id WHERE l.sha256 = ?',
        )
        .get(d.sha256) as { id: number; name: string } | undefined;
      for (const c of cells) {
        let cols = labels.get(c.table_id);
        if (!cols) {
          cols = new Map(
            (JSON.parse(c.columns) as { key: string; label: string; kind: string }[]).map((col) => [
              col.key,
              { label: col.label, kind: col.kind },
            ]),
          );
          labels.set(c.table_id, cols);
        }
        const col = cols.get(c.column_key);
        const f = flags.get(cellKey(c.table_id, c.row_id, c.column_key));
        yield {
          sha256: d.sha256,
          path: d.path ?? '',
          department: d.department,
          year: d.year,
          tableId: c.table_id,
          tableType: c.type as TableType,
          tableTitle: c.title,
          rowId: c.row_id,
          rowCode: c.code,
          rowLabel: c.label,
          rowRole: c.role,
          columnKey: c.column_key,
          columnLabel: col?.label ?? c.column_key,
          columnKind: (col?.kind ?? 'text') as ColumnKind,
          kind: d.kind,
          departmentId: dept?.id ?? null,
          departmentName: dept?.name ?? null,
          unitText: c.unit_text,
          originalValue: c.value,
          value: c.corrected ? c.corrected_value : c.value,
          corrected: c.corrected === 1,
          raw: c.raw,
          blank: c.blank === 1,
          unit: c.unit as MoneyUnit | null,
          anomalyRules: f ? [...f.rules] : [],
          anomalySeverities: f ? [...f.severities] : [],
          source: JSON.parse(c.provenance) as Provenance,
        };
      }
    }
  }

  startRun(kind: string, args: readonly string[]): number {
    const info = this.db
      .prepare('INSERT INTO runs (kind, args, started_at) VALUES (?, ?, ?)')
      .run(kind, JSON.stringify(args), now());
    return Number(info.lastInsertRowid);
  }

  finishRun(id: number, counts: RunCounts): void {
    this.db
      .prepare('UPDATE runs SET finished_at = ?, processed = ?, skipped = ?, failed = ? WHERE id = ?')
      .run(now(), counts.processed, counts.skipped, counts.failed, id);
  }

  listRuns(limit = 20): RunRecord[] {
    const rows = this.db.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT ?').all(limit) as {
      id: number;
      kind: string;
      args: string;
      started_at: string;
      finished_at: string | null;
      processed: number;
      skipped: number;
      failed: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      args: JSON.parse(r.args) as string[],
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      processed: r.processed,
      skipped: r.skipped,
      failed: r.failed,
    }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  replaceAnomalies(sha256: string, anomalies: readonly Anomaly[]): AnomalyReplacement {
    const db = this.db;
    return db
      .transaction((): AnomalyReplacement => {
        const before = new Map(
          (
            db.prepare('SELECT anomaly_id, state FROM anomalies WHERE sha256 = ?').all(sha256) as {
              anomaly_id: string;
              state: AnomalyState;
            }[]
          ).map((r) => [r.anomaly_id, r.state]),
        );
        // The latest live accept/dismiss per anomaly decides its state whatever the figures say now.
        const decided = new Map<string, AnomalyState>();
        const live = db
          .prepare(
            `SELECT anomaly_id, kind FROM corrections WHERE sha256 = ? AND anomaly_id IS NOT NULL
               AND kind IN ('accept','dismiss') AND undone_at IS NULL AND orphaned_at IS NULL ORDER BY id`,
          )
          .all(sha256) as { anomaly_id: string; kind: 'accept' | 'dismiss' }[];
        for (const c of live) decided.set(c.anomaly_id, c.kind === 'accept' ? 'resolved' : 'dismissed');

        const upsert = db.prepare(
          `INSERT INTO anomalies (sha256, anomaly_id, ord, rule, severity, table_id, row_id, column_key, state, json)
           VALUES (?,?,?,?,?,?,?,?,?,?)
           ON CONFLICT(sha256, anomaly_id) DO UPDATE SET ord = excluded.ord, rule = excluded.rule, severity = excluded.severity,
             table_id = excluded.table_id, row_id = excluded.row_id, column_key = excluded.column_key, state = excluded.state,
             json = excluded.json`,
        );
        const setState = db.prepare('UPDATE anomalies SET state = ? WHERE sha256 = ? AND anomaly_id = ?');
        const opened: string[] = [];
        const closed: string[] = [];
        const present = new Set<string>();
        anomalies.forEach((a, i) => {
          // Keyed by id like saveResult: a second anomaly with the same id would replace the first unseen.
          if (present.has(a.id))
            throw new InternalError(
              `revalidation of ${sha256} gave two anomalies with the id ${a.id}; nothing replaced`,
            );
          present.add(a.id);
          const state = decided.get(a.id) ?? 'open';
          const was = before.get(a.id);
          upsert.run(
            sha256,
            a.id,
            i,
            a.rule,
            a.severity,
            a.table,
            a.row ?? null,
            a.column ?? null,
            state,
            JSON.stringify(a),
          );
          if (state === 'open' && was !== 'open') opened.push(a.id);
          if (state !== 'open' && was === 'open') closed.push(a.id);
        });
        for (const [id, was] of before) {
          // Cross-year anomalies come from the pair pass (recheckCrossYear), not from this document's validation.
          if (present.has(id) || id.startsWith('cross_year:')) continue;
          const state = decided.get(id) ?? 'resolved';
          if (state !== was) setState.run(state, sha256, id);
          if (was === 'open') closed.push(id);
        }
        return { opened, closed };
      })
      .immediate();
  }

  queryAnomalies(query: AnomalyQuery): AnomalyPage {
    // One narrow scan of the anomalies (no joins: documents and tables are few, so they are read once into maps),
    // then filters, counts and order in memory. Joining per anomaly, or one GROUP BY per filter, measured 3–5×
    // slower on 10,000 open anomalies, because every join reads rows beside large JSON columns.
    const { docs, types, scanned } = this.queueScan(query.state ?? 'open');
    type Dim = 'document' | 'year' | 'department' | 'tableType' | 'rule' | 'severity';
    const dims: Dim[] = ['document', 'year', 'department', 'tableType', 'rule', 'severity'];
    const wanted: Record<Dim, string | undefined> = {
      document: query.sha256,
      year: query.year === undefined ? undefined : String(query.year),
      department: query.department,
      tableType: query.tableType,
      rule: query.rule,
      severity: query.severity,
    };
    const counts = Object.fromEntries(dims.map((d) => [d, new Map<string, number>()])) as Record<
      Dim,
      Map<string, number>
    >;
    const rank: Record<string, number> = { error: 0, warning: 1, info: 2 };
    const matched: {
      rowid: number;
      sev: number;
      year: number;
      department: string;
      sha: string;
      ord: number;
    }[] = [];
    const values: (string | undefined)[] = new Array<string | undefined>(dims.length);
    for (const [rowid, sha, tableId, rule, severity, ord] of scanned) {
      const d = docs.get(sha);
      if (!d) continue;
      values[0] = sha;
      values[1] = d.year === null ? undefined : String(d.year);
      values[2] = d.department ?? undefined;
      values[3] = types.get(`${sha}\u0000${tableId}`);
      values[4] = rule;
      values[5] = severity;
      let misses = 0;
      let missed = -1;
      for (let i = 0; i < dims.length; i++) {
        const w = wanted[dims[i] as Dim];
        if (w !== undefined && values[i] !== w) {
          misses++;
          missed = i;
        }
      }
      // A facet counts the rows every *other* filter lets through, so each choice shows what picking it gives.
      if (misses > 1) continue;
      for (let i = 0; i < dims.length; i++) {
        if (misses === 1 && i !== missed) continue;
        const v = values[i];
        if (v === undefined) continue;
        const m = counts[dims[i] as Dim];
        m.set(v, (m.get(v) ?? 0) + 1);
      }
      if (misses === 0) {
        matched.push({
          rowid,
          sev: rank[severity] ?? 3,
          year: d.year ?? -Infinity,
          department: d.department ?? '',
          sha,
          ord,
        });
      }
    }
    matched.sort(
      (a, b) =>
        a.sev - b.sev ||
        b.year - a.year ||
        (a.department < b.department ? -1 : a.department > b.department ? 1 : 0) ||
        (a.sha < b.sha ? -1 : a.sha > b.sha ? 1 : 0) ||
        a.ord - b.ord,
    );
    const limit = Math.max(1, Math.min(query.limit ?? 50, 500));
    const offset = Math.max(0, query.offset ?? 0);
    const pageRows = matched.slice(offset, offset + limit);
    const get = this.db.prepare(
      `SELECT a.sha256, a.json, a.state, t.type AS table_type, t.title AS table_title,
         (SELECT p.path FROM document_paths p WHERE p.sha256 = a.sha256 ORDER BY p.first_seen, p.rowid LIMIT 1) AS path
       FROM anomalies a LEFT JOIN tables t ON t.sha256 = a.sha256 AND t.table_id = a.table_id WHERE a.rowid = ?`,
    );
    const items: QueuedAnomaly[] = [];
    for (const m of pageRows) {
      const r = get.get(m.rowid) as
        | {
            sha256: string;
            json: string;
            state: AnomalyState;
            table_type: string | null;
            table_title: string | null;
            path: string | null;
          }
        | undefined;
      if (!r) continue;
      const d = docs.get(r.sha256);
      items.push({
        sha256: r.sha256,
        // The queue shows stored anomalies as they were written; parse without zod to keep a page cheap.
        anomaly: JSON.parse(r.json) as Anomaly,
        state: r.state,
        path: r.path ?? '',
        department: d?.department ?? null,
        year: d?.year ?? null,
        tableType: r.table_type as TableType | null,
        tableTitle: r.table_title,
      });
    }
    const facet = (d: Dim): FacetCount[] =>
      [...counts[d].entries()]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return {
      total: matched.length,
      items,
      facets: {
        document: facet('document'),
        year: facet('year'),
        department: facet('department'),
        tableType: facet('tableType'),
        rule: facet('rule'),
        severity: facet('severity'),
      },
    };
  }

  /**
   * The narrow scan behind queryAnomalies, kept until the database changes: this connection's total_changes()
   * counts its own writes, PRAGMA data_version those of other connections (an ingest running beside the review
   * server). Paging and changing filters then cost only the in-memory pass.
   */
  private queueCache: { key: string; state: AnomalyState; scan: QueueScan } | undefined;

  private queueScan(state: AnomalyState): QueueScan {
    const own = (this.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const key = `${String(this.db.pragma('data_version', { simple: true }))}:${own}`;
    if (this.queueCache && this.queueCache.key === key && this.queueCache.state === state)
      return this.queueCache.scan;
    const docs = new Map(
      (
        this.db.prepare(`SELECT sha256, year, department FROM documents WHERE status = 'done'`).all() as {
          sha256: string;
          year: number | null;
          department: string | null;
        }[]
      ).map((d) => [d.sha256, d]),
    );
    const types = new Map(
      (
        this.db.prepare('SELECT sha256, table_id, type FROM tables').all() as {
          sha256: string;
          table_id: string;
          type: string;
        }[]
      ).map((t) => [`${t.sha256}\u0000${t.table_id}`, t.type]),
    );
    const scanned = this.db
      .prepare('SELECT rowid, sha256, table_id, rule, severity, ord FROM anomalies WHERE state = ?')
      .raw()
      .all(state) as QueueScan['scanned'];
    const scan: QueueScan = { docs, types, scanned };
    this.queueCache = { key, state, scan };
    return scan;
  }

  getAnomaly(sha256: string, id: string): StoredAnomaly | undefined {
    const r = this.anomalyRow(sha256, id);
    return r ? { sha256, anomaly: r.anomaly, state: r.state } : undefined;
  }

  /** Link a saved document to its department by normalized name; a reviewer's manual link is kept. */
  private linkDepartment(sha: string, meta: ExtractionResult['meta'], at: string): void {
    const db = this.db;
    const existing = db
      .prepare('SELECT department_id, how FROM document_departments WHERE sha256 = ?')
      .get(sha) as { department_id: number; how: 'key' | 'manual' } | undefined;
    if (existing?.how === 'manual') return;
    if (!meta.department) {
      if (existing) db.prepare('DELETE FROM document_departments WHERE sha256 = ?').run(sha);
      return;
    }
    const { key, steps } = departmentKey(meta.department);
    let dept = (
      db.prepare('SELECT department_id FROM department_keys WHERE key = ?').get(key) as
        { department_id: number } | undefined
    )?.department_id;
    const matched: DepartmentEvidence['matched'] = dept === undefined ? 'new' : 'key';
    if (dept === undefined) {
      dept = Number(
        db
          .prepare('INSERT INTO departments (name, created_at) VALUES (?, ?)')
          .run(meta.department.normalize('NFKC').trim(), at).lastInsertRowid,
      );
      db.prepare('INSERT INTO department_keys (key, department_id) VALUES (?, ?)').run(key, dept);
    }
    const fromMeta = meta.evidence?.filter((e) => e.field === 'department');
    const evidence: DepartmentEvidence = {
      printed: meta.department,
      key,
      steps,
      matched,
      ...(fromMeta?.length ? { meta: fromMeta } : {}),
    };
    db.prepare(
      `INSERT INTO document_departments (sha256, department_id, printed, key, how, evidence, linked_at) VALUES (?,?,?,?,'key',?,?)
       ON CONFLICT(sha256) DO UPDATE SET department_id = excluded.department_id, printed = excluded.printed, key = excluded.key,
         evidence = excluded.evidence, linked_at = excluded.linked_at`,
    ).run(sha, dept, meta.department, key, JSON.stringify(evidence), at);
  }

  /**
   * Run the cross-year checks again for every pair involving these documents (on save, on a cell correction or its
   * undo, on merge and split): each pair of neighbours (same department; same kind one year apart, or the 决算 and
   * 预算 of one year) is checked and its anomalies kept with the later document (the 决算); review states come back
   * from the corrections trail (a dismissed cross-year anomaly stays dismissed); one the pairs no longer give is
   * marked resolved, not deleted. Returns how many are open.
   */
  private recheckCrossYear(shas: readonly string[]): number {
    const db = this.db;
    // The cross-year anomalies these documents take part in, as the later document or as the earlier one: those
    // the pairs no longer give are marked resolved (kept, so the trail still names them), not deleted.
    const involved = db.prepare(
      `SELECT sha256, anomaly_id, state FROM anomalies WHERE rule = 'cross_year' AND (sha256 = ? OR anomaly_id LIKE ?)`,
    );
    const before = new Map<string, { sha256: string; id: string; state: AnomalyState }>();
    for (const sha of shas) {
      for (const r of involved.all(sha, `cross_year:${sha.slice(0, 12)}:%`) as {
        sha256: string;
        anomaly_id: string;
        state: AnomalyState;
      }[])
        before.set(`${r.sha256}\u0000${r.anomaly_id}`, {
          sha256: r.sha256,
          id: r.anomaly_id,
          state: r.state,
        });
    }
    const produced = new Set<string>();
    const closeRest = (): void => {
      const resolve = db.prepare(
        `UPDATE anomalies SET state = 'resolved' WHERE sha256 = ? AND anomaly_id = ? AND state = 'open'`,
      );
      for (const [k, a] of before) if (!produced.has(k)) resolve.run(a.sha256, a.id);
    };
    const pairs = new Map<string, [string, string]>();
    const neighbours = db.prepare(
      `SELECT o.sha256 FROM document_departments me
         JOIN documents d ON d.sha256 = me.sha256
         JOIN document_departments od ON od.department_id = me.department_id AND od.sha256 <> me.sha256
         JOIN documents o ON o.sha256 = od.sha256 AND o.status = 'done' AND ((o.kind = d.kind AND abs(o.year - d.year) = 1)
             OR (o.year = d.year AND o.kind <> d.kind AND o.kind IN ('final_accounts','budget') AND d.kind IN ('final_accounts','budget')))
        WHERE me.sha256 = ? AND d.status = 'done'`,
    );
    for (const sha of shas) {
      for (const { sha256: other } of neighbours.all(sha) as { sha256: string }[]) {
        const pair: [string, string] = sha < other ? [sha, other] : [other, sha];
        pairs.set(pair.join(':'), pair);
      }
    }
    if (pairs.size === 0) {
      closeRest();
      return 0;
    }
    const docs = new Map<string, YearDocument | null>();
    const load = (sha: string): YearDocument | null => {
      if (docs.has(sha)) return docs.get(sha) ?? null;
      const r = this.getResult(sha, { applyCorrections: true });
      const doc: YearDocument | null =
        r && r.meta.year !== null
          ? {
              sha256: sha,
              path: basename(r.source.path),
              year: r.meta.year,
              kind: r.meta.kind,
              scope: r.meta.scope,
              tables: r.tables,
              texts: r.texts,
            }
          : null;
      docs.set(sha, doc);
      return doc;
    };
    const ins = db.prepare(
      `INSERT INTO anomalies (sha256, anomaly_id, ord, rule, severity, table_id, row_id, column_key, json)
       VALUES (?,?,?,?,?,?,?,?,?)
       ON CONFLICT(sha256, anomaly_id) DO UPDATE SET severity = excluded.severity, table_id = excluded.table_id,
         row_id = excluded.row_id, column_key = excluded.column_key, json = excluded.json`,
    );
    const base = db.prepare('SELECT COALESCE(MAX(ord), -1) + 1 AS n FROM anomalies WHERE sha256 = ?');
    let open = 0;
    for (const [a, b] of pairs.values()) {
      const da = load(a);
      const dbDoc = load(b);
      if (!da || !dbDoc) continue;
      const out = crossYearChecks(da, dbDoc);
      if (!out) continue;
      let ord = (base.get(out.target) as { n: number }).n;
      for (const an of out.anomalies) {
        ins.run(
          out.target,
          an.id,
          ord++,
          an.rule,
          an.severity,
          an.table,
          an.row ?? null,
          an.column ?? null,
          JSON.stringify(an),
        );
        this.recomputeAnomaly(out.target, an.id);
        produced.add(`${out.target}\u0000${an.id}`);
      }
      open += (
        db
          .prepare(
            `SELECT COUNT(*) AS n FROM anomalies WHERE sha256 = ? AND rule = 'cross_year' AND state = 'open' AND anomaly_id LIKE ?`,
          )
          .get(out.target, `cross_year:${out.other.slice(0, 12)}:%`) as { n: number }
      ).n;
    }
    closeRest();
    return open;
  }

  listDepartments(): DepartmentRecord[] {
    const ids = this.db.prepare('SELECT id FROM departments ORDER BY name, id').all() as { id: number }[];
    return ids.map((r) => this.getDepartment(r.id)).filter((d): d is DepartmentRecord => d !== undefined);
  }

  getDepartment(id: number): DepartmentRecord | undefined {
    const d = this.db.prepare('SELECT id, name FROM departments WHERE id = ?').get(id) as
      { id: number; name: string } | undefined;
    if (!d) return undefined;
    const keys = (
      this.db.prepare('SELECT key FROM department_keys WHERE department_id = ? ORDER BY key').all(id) as {
        key: string;
      }[]
    ).map((k) => k.key);
    const docs = this.db
      .prepare(
        `SELECT l.sha256, l.printed, l.key, l.how, l.evidence, d.year, d.kind,
           (SELECT p.path FROM document_paths p WHERE p.sha256 = d.sha256 ORDER BY p.first_seen, p.rowid LIMIT 1) AS path
         FROM document_departments l JOIN documents d ON d.sha256 = l.sha256 WHERE l.department_id = ? ORDER BY d.year, d.kind, l.sha256`,
      )
      .all(id) as {
      sha256: string;
      printed: string;
      key: string;
      how: 'key' | 'manual';
      evidence: string;
      year: number | null;
      kind: string | null;
      path: string | null;
    }[];
    const documents: DepartmentDocument[] = docs.map((r) => ({
      sha256: r.sha256,
      path: r.path ?? '',
      year: r.year,
      kind: r.kind,
      printed: r.printed,
      key: r.key,
      how: r.how,
      evidence: JSON.parse(r.evidence) as DepartmentEvidence,
    }));
    return { id: d.id, name: d.name, keys, documents };
  }

  departmentOf(sha256: string): DepartmentRecord | undefined {
    const l = this.db
      .prepare('SELECT department_id FROM document_departments WHERE sha256 = ?')
      .get(sha256) as { department_id: number } | undefined;
    return l ? this.getDepartment(l.department_id) : undefined;
  }

  mergeDepartments(into: number, from: readonly number[], reviewer: string): DepartmentRecord {
    const db = this.db;
    return db
      .transaction((): DepartmentRecord => {
        if (!this.getDepartment(into)) throw new NotFoundError(`department ${into} not found`);
        const moved: string[] = [];
        for (const f of from) {
          if (f === into) continue;
          const src = this.getDepartment(f);
          if (!src) throw new NotFoundError(`department ${f} not found`);
          moved.push(...src.documents.map((d) => d.sha256));
          db.prepare('UPDATE department_keys SET department_id = ? WHERE department_id = ?').run(into, f);
          db.prepare('UPDATE document_departments SET department_id = ? WHERE department_id = ?').run(
            into,
            f,
          );
          db.prepare('DELETE FROM departments WHERE id = ?').run(f);
        }
        db.prepare(
          `INSERT INTO department_merges (kind, into_id, detail, reviewer, at) VALUES ('merge', ?, ?, ?, ?)`,
        ).run(into, JSON.stringify({ from, documents: moved }), reviewer, now());
        const all = (this.getDepartment(into)?.documents ?? []).map((d) => d.sha256);
        this.recheckCrossYear(all);
        const out = this.getDepartment(into);
        if (!out) throw new InternalError(`department ${into} vanished while merging`);
        return out;
      })
      .immediate();
  }

  splitDepartment(sha256s: readonly string[], name: string, reviewer: string): DepartmentRecord {
    const db = this.db;
    return db
      .transaction((): DepartmentRecord => {
        if (sha256s.length === 0) throw new NotFoundError('split needs at least one document');
        const at = now();
        const id = Number(
          db.prepare('INSERT INTO departments (name, created_at) VALUES (?, ?)').run(name, at)
            .lastInsertRowid,
        );
        const get = db.prepare('SELECT evidence FROM document_departments WHERE sha256 = ?');
        const set = db.prepare(
          `UPDATE document_departments SET department_id = ?, how = 'manual', evidence = ?, linked_at = ? WHERE sha256 = ?`,
        );
        for (const sha of sha256s) {
          const l = get.get(sha) as { evidence: string } | undefined;
          if (!l) throw new NotFoundError(`document ${sha.slice(0, 12)} has no department to split from`);
          const evidence: DepartmentEvidence = {
            ...(JSON.parse(l.evidence) as DepartmentEvidence),
            matched: 'manual',
          };
          set.run(id, JSON.stringify(evidence), at, sha);
        }
        db.prepare(
          `INSERT INTO department_merges (kind, into_id, detail, reviewer, at) VALUES ('split', ?, ?, ?, ?)`,
        ).run(id, JSON.stringify({ documents: sha256s, name }), reviewer, at);
        this.recheckCrossYear(sha256s);
        const out = this.getDepartment(id);
        if (!out) throw new InternalError(`department ${id} vanished while splitting`);
        return out;
      })
      .immediate();
  }
}

/** The anomaly of the new result that sits where `want` pointed (same rule, same stable cell or table). */
function findAnomaly(
  result: ExtractionResult,
  tables: readonly AnchorTable[],
  want: CellAnchor,
): string | undefined {
  const same = result.anomalies.filter((a) => a.rule === want.rule);
  if (want.column === '') {
    const fam = tables.filter((t) => t.type === want.family);
    const t = fam[want.nth] ?? fam.find((x) => x.title === want.title);
    return t ? same.find((a) => a.table === t.id && a.row === undefined)?.id : undefined;
  }
  const at = resolveAnchor(tables, want, () => true);
  return at
    ? same.find((a) => a.table === at.table && a.row === at.row && a.column === at.column)?.id
    : undefined;
}

/** The parts of a stored anomaly that mark cells in the export. */
interface AnomalyAnchor {
  readonly rule: string;
  readonly severity: Severity;
  readonly table: string;
  readonly row: string | undefined;
  readonly column: string | undefined;
  readonly related: readonly { readonly table: string; readonly row?: string; readonly column?: string }[];
}

/**
 * What saveResult accepts: a result that satisfies the model's schema (finite numbers only: JSON would turn
 * Infinity and NaN into null and every later read would fail) and whose anomaly ids are unique (the table's key;
 * a second anomaly with the same id would otherwise be dropped without a word). Anything else is a bug upstream:
 * refused with the reason, nothing written.
 */
function checkResult(result: ExtractionResult): ExtractionResult {
  const parsed = ExtractionResultSchema.safeParse(result);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.map(String).join('.') : '';
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
    throw new InternalError(
      `result of ${result.source.path} breaks the schema, not saved: ${where ? `${where}: ` : ''}${issue?.message ?? parsed.error.message}${more}`,
      { cause: parsed.error },
    );
  }
  const seen = new Set<string>();
  const dup = new Map<string, number>();
  for (const a of result.anomalies) {
    if (seen.has(a.id)) dup.set(a.id, (dup.get(a.id) ?? 1) + 1);
    seen.add(a.id);
  }
  const [first] = dup.entries();
  if (first) {
    const more = dup.size > 1 ? ` (and ${dup.size - 1} more duplicated ids)` : '';
    throw new InternalError(
      `result of ${result.source.path} has ${first[1]} anomalies with the id ${first[0]}${more}; not saved, since the store keys anomalies by id and would keep only one`,
    );
  }
  return result;
}

interface QueueScan {
  readonly docs: ReadonlyMap<string, { sha256: string; year: number | null; department: string | null }>;
  readonly types: ReadonlyMap<string, string>;
  /** rowid, sha256, table_id, rule, severity, ord. */
  readonly scanned: readonly [number, string, string, string, string, number][];
}

function toPath(r: PathRow): DocumentPath {
  return {
    sha256: r.sha256,
    path: r.path,
    bytes: r.bytes,
    mtimeMs: r.mtime_ms,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
  };
}

function toCorrection(r: CorrectionRow): Correction {
  return {
    id: r.id,
    sha256: r.sha256,
    kind: r.kind,
    anomalyId: r.anomaly_id,
    table: r.table_id,
    row: r.row_id,
    column: r.column_key,
    oldValue: r.old_value,
    newValue: r.new_value,
    reason: r.reason,
    reviewer: r.reviewer,
    at: r.at,
    undoneAt: r.undone_at,
    anchor: r.anchor ? (JSON.parse(r.anchor) as CorrectionAnchor) : null,
    orphanedAt: r.orphaned_at,
  };
}

/** Tables of a stored result as anchors need them, read without zod (the old result is about to be replaced). */
function anchorTables(resultJson: string | null): AnchorTable[] | undefined {
  if (!resultJson) return undefined;
  try {
    return (JSON.parse(resultJson) as { tables: AnchorTable[] }).tables;
  } catch {
    return undefined;
  }
}

/** The anomaly's place as an anchor: its cell, or (for an anomaly on a whole table) the table with '' row/column. */
function anomalyAnchor(
  tables: readonly AnchorTable[],
  a: { rule: string; table: string; row: string | null | undefined; column: string | null | undefined },
): CellAnchor | undefined {
  if (a.row && a.column) {
    const cell = anchorOf(tables, a.table, a.row, a.column);
    return cell ? { ...cell, rule: a.rule } : undefined;
  }
  const t = tables.find((x) => x.id === a.table);
  if (!t) return undefined;
  const nth = tables.filter((x) => x.type === t.type).indexOf(t);
  return { family: t.type, nth, title: t.title, label: '', labelNth: 0, column: '', rule: a.rule };
}
