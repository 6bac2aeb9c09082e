import type Database from 'better-sqlite3';
import type { MoneyUnit, Severity } from '../model/index.js';
import { CorrectionConflictError, NotFoundError } from './errors.js';
import type {
  AnomalyState,
  BulkBatch,
  BulkInput,
  BulkPreview,
  BulkSelection,
  BulkTarget,
  CellHit,
  CorrectionAnchor,
  CrossYearItem,
  DepartmentOverview,
  DepartmentYear,
  DocumentListPage,
  DocumentListQuery,
  DocumentSort,
  DocumentStatus,
  DocumentSummary,
  FacetCount,
  KeyFigure,
  ReviewCounts,
  ReviewStats,
  ScopeFilter,
  SearchPage,
  SearchQuery,
  SearchValue,
} from './store.js';

/**
 * Review at scale: the document list with its review counts, overall counts, search by text, row code and value,
 * bulk actions (one audited correction per anomaly, grouped in an undoable batch) and a department's years side by
 * side. SQL-side paging and counting throughout, so a store of thousands of documents never loads whole.
 */

type Db = Database.Database;
type SqlValue = string | number | null;

/** The lines shown side by side in a department's cross-year view (总表 of a 决算, 收支预算总表 of a 预算). */
export const KEY_FIGURES: readonly { row: string; label: string }[] = [
  { row: 'income:income_total', label: '本年收入合计' },
  { row: 'income:grand_total', label: '收入总计' },
  { row: 'expenditure:expenditure_total', label: '本年支出合计' },
  { row: 'expenditure:grand_total', label: '支出总计' },
  { row: 'income:opening_balance', label: '年初结转和结余' },
  { row: 'expenditure:closing_balance', label: '年末结转和结余' },
];
const KEY_FAMILIES = ['income_expenditure_summary', 'budget_summary'];
const TO_WAN: Record<MoneyUnit, number> = { yuan: 1e-4, wan_yuan: 1, yi_yuan: 1e4 };

/**
 * A 尾数误差 note, nothing to change, only to acknowledge: what validate's identity checks give (severity info, no
 * suggestion) when a printed total differs from the sum of its parts by no more than rounding each printed figure
 * can explain (|difference| ≤ tolerance; failures beyond are errors or warnings, cross-year checks flag only gaps
 * beyond their tolerance), and the narrative check's info for an amount the text rounds ("…相差 0.63 万元，属尾数误差
 * 范围", id narrative_mismatch:amount:…). A stated rate off by one unit of its last digit is info too, but asks for a
 * look, so it is not one. ROUNDING_SQL is the same test in SQL.
 */
export function isRoundingNote(a: {
  readonly id: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly tolerance?: number | undefined;
  readonly difference?: number | undefined;
  readonly suggestion?: unknown;
}): boolean {
  if (a.severity !== 'info') return false;
  if (a.rule === 'narrative_mismatch') return a.id.startsWith('narrative_mismatch:amount:');
  return (
    a.tolerance !== undefined &&
    a.suggestion === undefined &&
    Math.abs(a.difference ?? 0) <= a.tolerance + 1e-9
  );
}

const ROUNDING_SQL = `(a.severity = 'info' AND (
  (a.rule = 'narrative_mismatch' AND a.anomaly_id LIKE 'narrative!_mismatch:amount:%' ESCAPE '!')
  OR (a.rule <> 'narrative_mismatch' AND json_extract(a.json, '$.tolerance') IS NOT NULL AND json_extract(a.json, '$.suggestion') IS NULL
      AND abs(COALESCE(json_extract(a.json, '$.difference'), 0)) <= json_extract(a.json, '$.tolerance') + 1e-9)))`;

const PATH_SQL = `(SELECT p.path FROM document_paths p WHERE p.sha256 = d.sha256 ORDER BY p.first_seen, p.rowid LIMIT 1)`;

const COUNTS_SQL = `COUNT(a.anomaly_id) AS total,
  COALESCE(SUM(a.state = 'open'), 0) AS open,
  COALESCE(SUM(a.state = 'resolved'), 0) AS resolved,
  COALESCE(SUM(a.state = 'dismissed'), 0) AS dismissed,
  COALESCE(SUM(a.state = 'open' AND a.severity = 'error'), 0) AS open_error,
  COALESCE(SUM(a.state = 'open' AND a.severity = 'warning'), 0) AS open_warning,
  COALESCE(SUM(a.state = 'open' AND a.severity = 'info'), 0) AS open_info`;

interface CountsRow {
  total: number;
  open: number;
  resolved: number;
  dismissed: number;
  open_error: number;
  open_warning: number;
  open_info: number;
  rounding_open?: number;
}

const toCounts = (r: CountsRow | undefined, rounding = r?.rounding_open ?? 0): ReviewCounts => ({
  total: r?.total ?? 0,
  open: r?.open ?? 0,
  resolved: r?.resolved ?? 0,
  dismissed: r?.dismissed ?? 0,
  reviewed: (r?.resolved ?? 0) + (r?.dismissed ?? 0),
  openBySeverity: { error: r?.open_error ?? 0, warning: r?.open_warning ?? 0, info: r?.open_info ?? 0 },
  roundingOpen: rounding,
});

/** `%text%` for LIKE … ESCAPE '\', the wildcards in the text taken literally. */
const likeAny = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const UNIT_WORDS: Record<string, MoneyUnit> = {
  元: 'yuan',
  万元: 'wan_yuan',
  万: 'wan_yuan',
  亿元: 'yi_yuan',
  亿: 'yi_yuan',
};

/**
 * The number in a reviewer's search: thousands separators (, ， ' and blanks) dropped, full-width digits folded,
 * a unit after it (元 / 万元 / 万 / 亿元) kept; "(12.5)" and "−12.5" are negative. Undefined when it is not a number.
 */
export function parseSearchValue(input: string): SearchValue | undefined {
  let s = input.normalize('NFKC').trim();
  let unit: MoneyUnit | null = null;
  const u = /(亿元|万元|元|万|亿)$/u.exec(s);
  if (u) {
    unit = UNIT_WORDS[u[1] ?? ''] ?? null;
    s = s.slice(0, -(u[1]?.length ?? 0)).trim();
  }
  s = s.replace(/[\s,'，_]/g, '').replace(/^[−–]/, '-');
  let negative = false;
  const paren = /^\((.*)\)$/.exec(s);
  if (paren) {
    negative = true;
    s = paren[1] ?? '';
  }
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(s)) return undefined;
  const value = Number(s) * (negative ? -1 : 1);
  return Number.isFinite(value) ? { value, unit } : undefined;
}

export interface ReviewIndexHooks {
  /** The anomaly's review state from the corrections trail (the store's own rule). */
  readonly recomputeAnomaly: (sha256: string, anomalyId: string) => void;
  /** Stable keys of a correction about to be written on an anomaly (so a re-extraction keeps it). */
  readonly anchorOf: (sha256: string, anomalyId: string) => CorrectionAnchor | undefined;
  readonly now: () => string;
}

export class ReviewIndex {
  constructor(
    private readonly db: Db,
    private readonly hooks: ReviewIndexHooks,
  ) {}

  // ---- document list --------------------------------------------------------------------------------------

  private listWhere(
    q: DocumentListQuery,
    skip?: 'status' | 'year' | 'kind' | 'department',
  ): { sql: string; params: SqlValue[] } {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (q.status !== undefined && skip !== 'status') {
      where.push('d.status = ?');
      params.push(q.status);
    }
    if (q.year !== undefined && skip !== 'year') {
      where.push('d.year = ?');
      params.push(q.year);
    }
    if (q.kind !== undefined && skip !== 'kind') {
      where.push('d.kind = ?');
      params.push(q.kind);
    }
    if (q.departmentId !== undefined && skip !== 'department') {
      where.push('l.department_id = ?');
      params.push(q.departmentId);
    }
    if (q.text !== undefined && q.text !== '') {
      where.push(
        `(d.department LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM document_paths p WHERE p.sha256 = d.sha256 AND p.path LIKE ? ESCAPE '\\'))`,
      );
      params.push(likeAny(q.text), likeAny(q.text));
    }
    if (q.hasOpen !== undefined) {
      where.push(
        `${q.hasOpen ? '' : 'NOT '}EXISTS (SELECT 1 FROM anomalies x WHERE x.sha256 = d.sha256 AND x.state = 'open')`,
      );
    }
    return { sql: where.length ? ` WHERE ${where.join(' AND ')}` : '', params };
  }

  listDocuments(q: DocumentListQuery): DocumentListPage {
    const db = this.db;
    const from = `FROM documents d LEFT JOIN document_departments l ON l.sha256 = d.sha256 LEFT JOIN departments dp ON dp.id = l.department_id`;
    const { sql, params } = this.listWhere(q);
    const total = (db.prepare(`SELECT COUNT(*) AS n ${from}${sql}`).get(...params) as { n: number }).n;
    const dir = q.order === 'desc' ? 'DESC' : 'ASC';
    // Counts per document come from the (sha256, state, severity) index: grouped once per page, not per anomaly row.
    // Sorting by counts needs them for every document (grouped once, from the (sha256, state, severity) index);
    // any other order reads them for the page's documents only.
    const bySort = q.sort === 'open' || q.sort === 'progress';
    const counts = bySort
      ? `LEFT JOIN (SELECT a.sha256, ${COUNTS_SQL} FROM anomalies a GROUP BY a.sha256) s ON s.sha256 = d.sha256`
      : '';
    const sortSql: Record<DocumentSort, string> = {
      added: `d.created_at ${dir}`,
      year: `d.year IS NULL, d.year ${dir}, COALESCE(dp.name, d.department) ${dir}`,
      department: `COALESCE(dp.name, d.department) IS NULL, COALESCE(dp.name, d.department) ${dir}, d.year`,
      path: `path ${dir}`,
      status: `d.status ${dir}`,
      kind: `d.kind ${dir}, d.year`,
      pages: `d.pages IS NULL, d.pages ${dir}`,
      open: `COALESCE(s.open, 0) ${dir}, COALESCE(s.open_error, 0) ${dir}`,
      // Share of anomalies reviewed; documents without any count as done (1).
      progress: `CASE WHEN COALESCE(s.total, 0) = 0 THEN 1.0 ELSE 1.0 * (s.resolved + s.dismissed) / s.total END ${dir}, COALESCE(s.open, 0) DESC`,
    };
    const limit = Math.max(1, Math.min(q.limit ?? 50, 500));
    const offset = Math.max(0, q.offset ?? 0);
    const rows = db
      .prepare(
        `SELECT d.sha256, d.status, d.error, d.format, d.pages, d.year, d.kind, d.department, d.result_status, d.attempts,
                d.updated_at, l.department_id, dp.name AS department_name, ${PATH_SQL} AS path,
                ${bySort ? 's.total, s.open, s.resolved, s.dismissed, s.open_error, s.open_warning, s.open_info' : 'NULL AS total'}
           ${from} ${counts}${sql}
          ORDER BY ${sortSql[q.sort ?? 'added']}, d.sha256 LIMIT ? OFFSET ?`,
      )
      .all(...params, limit, offset) as (CountsRow & {
      sha256: string;
      status: DocumentStatus;
      error: string | null;
      format: string | null;
      pages: number | null;
      year: number | null;
      kind: string | null;
      department: string | null;
      result_status: 'ok' | 'partial' | 'failed' | null;
      attempts: number;
      updated_at: string;
      department_id: number | null;
      department_name: string | null;
      path: string | null;
    })[];
    const pageCounts = db.prepare(`SELECT ${COUNTS_SQL} FROM anomalies a WHERE a.sha256 = ?`);
    const rounding = db.prepare(
      `SELECT COUNT(*) AS n FROM anomalies a WHERE a.sha256 = ? AND a.state = 'open' AND ${ROUNDING_SQL}`,
    );
    const countsOf = (sha: string, c: CountsRow | undefined): ReviewCounts =>
      toCounts(c, (c?.open_info ?? 0) > 0 ? (rounding.get(sha) as { n: number }).n : 0);
    const items: DocumentSummary[] = rows.map((r) => ({
      sha256: r.sha256,
      path: r.path ?? '',
      status: r.status,
      error: r.error,
      format: r.format,
      pages: r.pages,
      year: r.year,
      kind: r.kind,
      department: r.department,
      departmentId: r.department_id,
      departmentName: r.department_name,
      resultStatus: r.result_status,
      attempts: r.attempts,
      updatedAt: r.updated_at,
      counts: countsOf(r.sha256, bySort ? r : (pageCounts.get(r.sha256) as CountsRow | undefined)),
    }));
    const facet = (dim: 'status' | 'year' | 'kind', col: string): FacetCount[] => {
      const w = this.listWhere(q, dim);
      return (
        db
          .prepare(
            `SELECT ${col} AS value, COUNT(*) AS count ${from}${w.sql}${w.sql ? ' AND' : ' WHERE'} ${col} IS NOT NULL GROUP BY ${col} ORDER BY ${col}`,
          )
          .all(...w.params) as { value: string | number; count: number }[]
      ).map((x) => ({ value: String(x.value), count: x.count }));
    };
    const w = this.listWhere(q, 'department');
    const departments = (
      db
        .prepare(
          `SELECT l.department_id AS value, dp.name AS label, COUNT(*) AS count ${from}${w.sql}${w.sql ? ' AND' : ' WHERE'} l.department_id IS NOT NULL
            GROUP BY l.department_id ORDER BY dp.name, l.department_id`,
        )
        .all(...w.params) as { value: number; label: string; count: number }[]
    ).map((x) => ({ value: String(x.value), label: x.label, count: x.count }));
    return {
      total,
      items,
      facets: {
        status: facet('status', 'd.status'),
        year: facet('year', 'd.year'),
        kind: facet('kind', 'd.kind'),
        department: departments,
      },
    };
  }

  // ---- counts ---------------------------------------------------------------------------------------------

  private scopeWhere(f: ScopeFilter, alias = 'd'): { sql: string; params: SqlValue[] } {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (f.sha256 !== undefined) {
      where.push(`${alias}.sha256 = ?`);
      params.push(f.sha256);
    }
    if (f.year !== undefined) {
      where.push(`${alias}.year = ?`);
      params.push(f.year);
    }
    if (f.departmentId !== undefined) {
      where.push(
        `EXISTS (SELECT 1 FROM document_departments l WHERE l.sha256 = ${alias}.sha256 AND l.department_id = ?)`,
      );
      params.push(f.departmentId);
    }
    return { sql: where.join(' AND '), params };
  }

  stats(filter: ScopeFilter = {}): ReviewStats {
    const db = this.db;
    const s = this.scopeWhere(filter);
    const where = s.sql ? ` WHERE ${s.sql}` : '';
    const and = s.sql ? ` AND ${s.sql}` : '';
    const byStatus: Record<DocumentStatus, number> = { queued: 0, processing: 0, done: 0, failed: 0 };
    for (const r of db
      .prepare(`SELECT d.status, COUNT(*) AS n FROM documents d${where} GROUP BY d.status`)
      .all(...s.params) as {
      status: DocumentStatus;
      n: number;
    }[])
      byStatus[r.status] = r.n;
    const docs = db
      .prepare(
        `SELECT COALESCE(SUM(NOT EXISTS (SELECT 1 FROM anomalies a WHERE a.sha256 = d.sha256)), 0) AS without,
                COALESCE(SUM(EXISTS (SELECT 1 FROM anomalies a WHERE a.sha256 = d.sha256)
                  AND NOT EXISTS (SELECT 1 FROM anomalies a WHERE a.sha256 = d.sha256 AND a.state = 'open')), 0) AS reviewed
           FROM documents d WHERE d.status = 'done'${and}`,
      )
      .get(...s.params) as { without: number; reviewed: number };
    const counts = db
      .prepare(
        `SELECT ${COUNTS_SQL} FROM anomalies a JOIN documents d ON d.sha256 = a.sha256 WHERE d.status = 'done'${and}`,
      )
      .get(...s.params) as CountsRow;
    const rounding = db
      .prepare(
        `SELECT COUNT(*) AS n FROM anomalies a JOIN documents d ON d.sha256 = a.sha256
          WHERE d.status = 'done' AND a.state = 'open' AND a.severity = 'info'${and} AND ${ROUNDING_SQL}`,
      )
      .get(...s.params) as { n: number };
    const total = byStatus.queued + byStatus.processing + byStatus.done + byStatus.failed;
    return {
      documents: { ...byStatus, total, withoutAnomalies: docs.without, fullyReviewed: docs.reviewed },
      anomalies: toCounts(counts, rounding.n),
    };
  }

  // ---- search ---------------------------------------------------------------------------------------------

  search(query: SearchQuery): SearchPage {
    const db = this.db;
    const limit = Math.max(1, Math.min(query.limit ?? 20, 200));
    const offset = Math.max(0, query.offset ?? 0);
    const scope = this.scopeWhere(query);
    const scopeAnd = scope.sql ? ` AND ${scope.sql}` : '';
    const q = query.q.normalize('NFKC').trim();
    const value = query.by === 'value' ? (parseSearchValue(q) ?? null) : null;

    // Anomalies: by message (text), by found/expected (value). Code search finds rows only.
    let anomalyWhere: string | undefined;
    let anomalyParams: SqlValue[] = [];
    if (query.by === 'text' && q !== '') {
      anomalyWhere = `json_extract(a.json, '$.message') LIKE ? ESCAPE '\\'`;
      anomalyParams = [likeAny(q)];
    } else if (value) {
      const m = this.valueMatch(value, 't.unit');
      anomalyWhere = `((${m.sql.replaceAll('@v', `json_extract(a.json, '$.found')`)}) OR (${m.sql.replaceAll('@v', `json_extract(a.json, '$.expected')`)}))`;
      anomalyParams = [...m.params, ...m.params];
    }
    const anomalyFrom = `FROM anomalies a JOIN documents d ON d.sha256 = a.sha256 AND +d.status = 'done'
      LEFT JOIN tables t ON t.sha256 = a.sha256 AND t.table_id = a.table_id`;
    let anomalies: SearchPage['anomalies'] = { total: 0, items: [] };
    if (anomalyWhere) {
      const total = (
        db
          .prepare(`SELECT COUNT(*) AS n ${anomalyFrom} WHERE ${anomalyWhere}${scopeAnd}`)
          .get(...anomalyParams, ...scope.params) as { n: number }
      ).n;
      const rows = db
        .prepare(
          `SELECT a.sha256, a.anomaly_id, a.rule, a.severity, a.state, a.table_id, json_extract(a.json, '$.message') AS message,
                  json_extract(a.json, '$.found') AS found, json_extract(a.json, '$.expected') AS expected,
                  t.type AS table_type, t.title AS table_title, t.unit, d.year, d.department, ${PATH_SQL} AS path
             ${anomalyFrom} WHERE ${anomalyWhere}${scopeAnd}
            ORDER BY a.state = 'open' DESC, CASE a.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, d.year DESC, a.sha256, a.ord
            LIMIT ? OFFSET ?`,
        )
        .all(...anomalyParams, ...scope.params, limit, offset) as {
        sha256: string;
        anomaly_id: string;
        rule: string;
        severity: Severity;
        state: AnomalyState;
        table_id: string;
        message: string | null;
        found: number | null;
        expected: number | null;
        table_type: string | null;
        table_title: string | null;
        unit: MoneyUnit | null;
        year: number | null;
        department: string | null;
        path: string | null;
      }[];
      anomalies = {
        total,
        items: rows.map((r) => ({
          sha256: r.sha256,
          path: r.path ?? '',
          year: r.year,
          department: r.department,
          tableId: r.table_id,
          tableType: r.table_type,
          tableTitle: r.table_title,
          unit: r.unit,
          id: r.anomaly_id,
          rule: r.rule,
          severity: r.severity,
          state: r.state,
          message: r.message ?? '',
          found: typeof r.found === 'number' ? r.found : null,
          expected: typeof r.expected === 'number' ? r.expected : null,
          matched: !value
            ? 'message'
            : typeof r.found === 'number' && sameAmount(value, r.found, r.unit)
              ? 'found'
              : 'expected',
        })),
      };
    }

    // Rows (text: label or table title; code: the row code) and cells (value).
    let cells: SearchPage['cells'] = { total: 0, items: [] };
    // +d.status: not the status index, so the planner starts from the rows or cells that match.
    const place = `JOIN documents d ON d.sha256 = r.sha256 AND +d.status = 'done' JOIN tables t ON t.sha256 = r.sha256 AND t.table_id = r.table_id`;
    if ((query.by === 'text' || query.by === 'code') && q !== '') {
      // Rows by label (text) or by code (a code finds itself and its children: 201 → 20101, 2010101), found through
      // their own index or scan first, then placed; tables by title (text) as one hit each, listed before the rows.
      const rowWhere =
        query.by === 'text'
          ? `r.rowid IN (SELECT rowid FROM rows WHERE label LIKE ? ESCAPE '\\')`
          : `r.code >= ? AND r.code < ?`;
      const rowParams: SqlValue[] = query.by === 'text' ? [likeAny(q)] : [q, `${q}\uffff`];
      const tableAnd = scope.sql ? ` AND ${scope.sql}` : '';
      const titleFrom = `FROM tables t JOIN documents d ON d.sha256 = t.sha256 AND +d.status = 'done' WHERE t.title LIKE ? ESCAPE '\\'${tableAnd}`;
      const tablesTotal =
        query.by === 'text'
          ? (
              db.prepare(`SELECT COUNT(*) AS n ${titleFrom}`).get(likeAny(q), ...scope.params) as {
                n: number;
              }
            ).n
          : 0;
      const rowsTotal = (
        db
          .prepare(`SELECT COUNT(*) AS n FROM rows r ${place} WHERE ${rowWhere}${scopeAnd}`)
          .get(...rowParams, ...scope.params) as { n: number }
      ).n;
      const items: CellHit[] = [];
      if (offset < tablesTotal) {
        const tables = db
          .prepare(
            `SELECT t.sha256, t.table_id, t.type AS table_type, t.title AS table_title, t.unit, t.source, d.year, d.department, ${PATH_SQL} AS path
               ${titleFrom} ORDER BY d.year DESC, t.sha256, t.ord LIMIT ? OFFSET ?`,
          )
          .all(likeAny(q), ...scope.params, limit, offset) as {
          sha256: string;
          table_id: string;
          table_type: string | null;
          table_title: string | null;
          unit: MoneyUnit | null;
          source: string;
          year: number | null;
          department: string | null;
          path: string | null;
        }[];
        for (const t of tables)
          items.push({
            sha256: t.sha256,
            path: t.path ?? '',
            year: t.year,
            department: t.department,
            tableId: t.table_id,
            tableType: t.table_type,
            tableTitle: t.table_title,
            unit: t.unit,
            rowId: null,
            code: null,
            label: t.table_title ?? '',
            columnKey: null,
            columnLabel: null,
            raw: null,
            value: null,
            corrected: false,
            page: pageOf(t.source),
            matched: 'title',
          });
      }
      if (items.length < limit) {
        const rows = db
          .prepare(
            `SELECT r.sha256, r.table_id, r.row_id, r.code, r.label, r.source, t.type AS table_type, t.title AS table_title, t.unit,
                    d.year, d.department, ${PATH_SQL} AS path
               FROM rows r ${place} WHERE ${rowWhere}${scopeAnd}
              ORDER BY d.year DESC, r.sha256, t.ord, r.ord LIMIT ? OFFSET ?`,
          )
          .all(...rowParams, ...scope.params, limit - items.length, Math.max(0, offset - tablesTotal)) as {
          sha256: string;
          table_id: string;
          row_id: string;
          code: string | null;
          label: string;
          source: string;
          table_type: string | null;
          table_title: string | null;
          unit: MoneyUnit | null;
          year: number | null;
          department: string | null;
          path: string | null;
        }[];
        for (const r of rows)
          items.push({
            sha256: r.sha256,
            path: r.path ?? '',
            year: r.year,
            department: r.department,
            tableId: r.table_id,
            tableType: r.table_type,
            tableTitle: r.table_title,
            unit: r.unit,
            rowId: r.row_id,
            code: r.code,
            label: r.label,
            columnKey: null,
            columnLabel: null,
            raw: null,
            value: null,
            corrected: false,
            page: pageOf(r.source),
            matched: query.by === 'code' ? 'code' : 'label',
          });
      }
      cells = { total: tablesTotal + rowsTotal, items };
    } else if (value) {
      const m = this.valueMatch(value, 't.unit');
      // The current figure: the corrected value where a reviewer corrected the cell (both are indexed).
      // Candidates from the value indexes first (any unit's range), then the exact test with the table's unit: joined
      // the other way round, the planner walks every document's cells (450 ms instead of 1 ms on 360,000 cells).
      const candidates = m.ranges
        .flatMap(() => [
          'SELECT rowid FROM cells WHERE value BETWEEN ? AND ?',
          'SELECT rowid FROM cells WHERE corrected = 1 AND corrected_value BETWEEN ? AND ?',
        ])
        .join(' UNION ');
      const where = `c.rowid IN (${candidates}) AND ((c.corrected = 0 AND c.value IS NOT NULL AND ${m.sql.replaceAll('@v', 'c.value')})
        OR (c.corrected = 1 AND ${m.sql.replaceAll('@v', 'c.corrected_value')}))`;
      const params = [...m.ranges.flatMap(([lo, hi]) => [lo, hi, lo, hi]), ...m.params, ...m.params];
      const from = `FROM cells c JOIN rows r ON r.sha256 = c.sha256 AND r.table_id = c.table_id AND r.row_id = c.row_id ${place}`;
      const total = (
        db
          .prepare(`SELECT COUNT(*) AS n ${from} WHERE ${where}${scopeAnd}`)
          .get(...params, ...scope.params) as { n: number }
      ).n;
      const rows = db
        .prepare(
          `SELECT c.sha256, c.table_id, c.row_id, c.column_key, c.raw, c.value, c.corrected, c.corrected_value, c.provenance,
                  r.code, r.label, t.type AS table_type, t.title AS table_title, t.unit, t.columns, d.year, d.department, ${PATH_SQL} AS path
             ${from} WHERE ${where}${scopeAnd}
            ORDER BY d.year DESC, c.sha256, t.ord, r.ord, c.ord LIMIT ? OFFSET ?`,
        )
        .all(...params, ...scope.params, limit, offset) as {
        sha256: string;
        table_id: string;
        row_id: string;
        column_key: string;
        raw: string;
        value: number | null;
        corrected: number;
        corrected_value: number | null;
        provenance: string;
        code: string | null;
        label: string;
        table_type: string | null;
        table_title: string | null;
        unit: MoneyUnit | null;
        columns: string;
        year: number | null;
        department: string | null;
        path: string | null;
      }[];
      cells = {
        total,
        items: rows.map((r) => ({
          sha256: r.sha256,
          path: r.path ?? '',
          year: r.year,
          department: r.department,
          tableId: r.table_id,
          tableType: r.table_type,
          tableTitle: r.table_title,
          unit: r.unit,
          rowId: r.row_id,
          code: r.code,
          label: r.label,
          columnKey: r.column_key,
          columnLabel: columnLabel(r.columns, r.column_key),
          raw: r.raw,
          value: r.corrected ? r.corrected_value : r.value,
          corrected: r.corrected === 1,
          page: pageOf(r.provenance),
          matched: 'value',
        })),
      };
    }
    return { by: query.by, q, value, anomalies, cells };
  }

  /**
   * "@v matches the number" as SQL over the table's unit column: a number typed with a unit matches its amount in
   * every unit (12345600元 finds 1234.56 in a 万元 table); without one, the figure as printed in any table. Ranges,
   * so the value indexes serve; the width is float noise, not rounding (8.57 does not find 8.574).
   */
  private valueMatch(
    v: SearchValue,
    unitCol: string,
  ): { sql: string; params: SqlValue[]; ranges: [number, number][] } {
    const range = (x: number): [number, number] => {
      const eps = 1e-6 + Math.abs(x) * 1e-12;
      return [x - eps, x + eps];
    };
    if (v.unit === null) {
      const [lo, hi] = range(v.value);
      return { sql: '@v BETWEEN ? AND ?', params: [lo, hi], ranges: [[lo, hi]] };
    }
    const ranges: [number, number][] = [];
    const parts: string[] = [];
    const params: SqlValue[] = [];
    for (const unit of Object.keys(TO_WAN) as MoneyUnit[]) {
      const [lo, hi] = range((v.value * TO_WAN[v.unit]) / TO_WAN[unit]);
      parts.push(`(${unitCol} = ? AND @v BETWEEN ? AND ?)`);
      params.push(unit, lo, hi);
      ranges.push([lo, hi]);
    }
    // A table without a known unit: the number as typed.
    const [lo, hi] = range(v.value);
    parts.push(`(${unitCol} IS NULL AND @v BETWEEN ? AND ?)`);
    params.push(lo, hi);
    ranges.push([lo, hi]);
    return { sql: `(${parts.join(' OR ')})`, params, ranges };
  }

  // ---- bulk actions ---------------------------------------------------------------------------------------

  private targets(sel: BulkSelection, limit?: number): BulkTarget[] {
    const where: string[] = [`a.state = 'open'`, `d.status = 'done'`];
    const params: SqlValue[] = [];
    if (sel.action === 'accept_rounding') {
      where.push('a.sha256 = ?', ROUNDING_SQL);
      params.push(sel.sha256);
    } else {
      const scope = this.scopeWhere(sel);
      if (!scope.sql) throw new NotFoundError('dismiss by rule needs a document, a department or a year');
      where.push('a.rule = ?', scope.sql);
      params.push(sel.rule, ...scope.params);
      if (sel.severity !== undefined) {
        where.push('a.severity = ?');
        params.push(sel.severity);
      }
    }
    return (
      this.db
        .prepare(
          `SELECT a.sha256, a.anomaly_id, a.rule, a.severity, json_extract(a.json, '$.message') AS message
             FROM anomalies a JOIN documents d ON d.sha256 = a.sha256 WHERE ${where.join(' AND ')}
            ORDER BY a.sha256, a.ord${limit !== undefined ? ` LIMIT ${Math.floor(limit)}` : ''}`,
        )
        .all(...params) as {
        sha256: string;
        anomaly_id: string;
        rule: string;
        severity: Severity;
        message: string | null;
      }[]
    ).map((r) => ({
      sha256: r.sha256,
      anomalyId: r.anomaly_id,
      rule: r.rule,
      severity: r.severity,
      message: r.message ?? '',
    }));
  }

  previewBulk(sel: BulkSelection): BulkPreview {
    const all = this.targets(sel);
    return { count: all.length, documents: new Set(all.map((t) => t.sha256)).size, sample: all.slice(0, 10) };
  }

  applyBulk(input: BulkInput): BulkBatch {
    const db = this.db;
    return db
      .transaction((): BulkBatch => {
        const targets = this.targets(input.selection);
        if (targets.length !== input.expected) {
          throw new CorrectionConflictError(
            `符合条件的待审核异常现有 ${targets.length} 条（确认时为 ${input.expected} 条），请刷新后再操作`,
            targets.length,
            input.expected,
          );
        }
        if (targets.length === 0) throw new NotFoundError('没有符合条件的待审核异常');
        const at = this.hooks.now();
        const kind = input.selection.action;
        const note = input.note.trim();
        const id = Number(
          db
            .prepare(
              `INSERT INTO correction_batches (kind, selection, count, reason, reviewer, at) VALUES (?,?,?,?,?,?)`,
            )
            .run(kind, JSON.stringify(input.selection), targets.length, note, input.reviewer, at)
            .lastInsertRowid,
        );
        const reason =
          kind === 'accept_rounding'
            ? `确认尾数误差，原值无误（批量 #${id}）${note ? `：${note}` : ''}`
            : `误报，原值无误（批量 #${id}，按规则 ${input.selection.rule}）：${note}`;
        db.prepare('UPDATE correction_batches SET reason = ? WHERE id = ?').run(reason, id);
        // One correction per anomaly, like a reviewer's own click: accept for a rounding note (acknowledged, no cell
        // changes), dismiss for the rule; each with its anchor so a re-extraction keeps it.
        const ins = db.prepare(
          `INSERT INTO corrections (sha256, kind, anomaly_id, table_id, row_id, column_key, old_value, new_value, reason, reviewer, at, anchor, batch_id)
           VALUES (?, ?, ?, NULL, NULL, NULL, NULL, NULL, ?, ?, ?, ?, ?)`,
        );
        for (const t of targets) {
          const anchor = this.hooks.anchorOf(t.sha256, t.anomalyId);
          ins.run(
            t.sha256,
            kind === 'accept_rounding' ? 'accept' : 'dismiss',
            t.anomalyId,
            reason,
            input.reviewer,
            at,
            anchor ? JSON.stringify(anchor) : null,
            id,
          );
          this.hooks.recomputeAnomaly(t.sha256, t.anomalyId);
        }
        return this.batch(id);
      })
      .immediate();
  }

  undoBulk(id: number, reviewer: string): BulkBatch {
    const db = this.db;
    return db
      .transaction((): BulkBatch => {
        const b = this.batch(id);
        if (b.undoneAt !== null)
          throw new CorrectionConflictError(`批量操作 #${id} 已于 ${b.undoneAt} 被撤销`, 'undone', 'live');
        const at = this.hooks.now();
        const live = db
          .prepare('SELECT id, sha256, anomaly_id FROM corrections WHERE batch_id = ? AND undone_at IS NULL')
          .all(id) as { id: number; sha256: string; anomaly_id: string | null }[];
        const undo = db.prepare('UPDATE corrections SET undone_at = ?, undone_by = ? WHERE id = ?');
        for (const c of live) undo.run(at, reviewer, c.id);
        for (const c of live) if (c.anomaly_id !== null) this.hooks.recomputeAnomaly(c.sha256, c.anomaly_id);
        db.prepare('UPDATE correction_batches SET undone_at = ?, undone_by = ? WHERE id = ?').run(
          at,
          reviewer,
          id,
        );
        return this.batch(id);
      })
      .immediate();
  }

  batch(id: number): BulkBatch {
    const r = this.db
      .prepare(
        `SELECT b.*, (SELECT COUNT(*) FROM corrections c WHERE c.batch_id = b.id AND c.undone_at IS NULL) AS live
           FROM correction_batches b WHERE b.id = ?`,
      )
      .get(id) as BatchRow | undefined;
    if (!r) throw new NotFoundError(`bulk action ${id} not found`);
    return toBatch(r);
  }

  listBatches(limit = 20): BulkBatch[] {
    return (
      this.db
        .prepare(
          `SELECT b.*, (SELECT COUNT(*) FROM corrections c WHERE c.batch_id = b.id AND c.undone_at IS NULL) AS live
             FROM correction_batches b ORDER BY b.id DESC LIMIT ?`,
        )
        .all(Math.max(1, Math.min(limit, 200))) as BatchRow[]
    ).map(toBatch);
  }

  // ---- one department across years ------------------------------------------------------------------------

  departmentOverview(id: number): DepartmentOverview {
    const db = this.db;
    const docs = db
      .prepare(
        `SELECT d.sha256, d.year, d.kind, d.status, l.printed, ${PATH_SQL} AS path
           FROM document_departments l JOIN documents d ON d.sha256 = l.sha256 WHERE l.department_id = ?
          ORDER BY d.year, d.kind, d.sha256`,
      )
      .all(id) as {
      sha256: string;
      year: number | null;
      kind: string | null;
      status: DocumentStatus;
      printed: string;
      path: string | null;
    }[];
    const figureRows = db.prepare(
      `SELECT c.table_id, c.row_id, c.raw, c.value, c.corrected, c.corrected_value, c.provenance, t.unit
         FROM cells c JOIN tables t ON t.sha256 = c.sha256 AND t.table_id = c.table_id
        WHERE c.sha256 = ? AND t.type IN (${KEY_FAMILIES.map(() => '?').join(',')}) AND t.template = 0 AND c.column_key = 'amount'
          AND c.row_id IN (${KEY_FIGURES.map(() => '?').join(',')})
        ORDER BY t.ord`,
    );
    const countsOf = db.prepare(`SELECT ${COUNTS_SQL} FROM anomalies a WHERE a.sha256 = ?`);
    const years: DepartmentYear[] = docs.map((d) => {
      const got = new Map<string, KeyFigure>();
      for (const r of figureRows.all(d.sha256, ...KEY_FAMILIES, ...KEY_FIGURES.map((k) => k.row)) as {
        table_id: string;
        row_id: string;
        raw: string;
        value: number | null;
        corrected: number;
        corrected_value: number | null;
        provenance: string;
        unit: MoneyUnit | null;
      }[]) {
        // The first table of the family that has the line (tables come in document order).
        if (got.has(r.row_id)) continue;
        const value = r.corrected ? r.corrected_value : r.value;
        got.set(r.row_id, {
          row: r.row_id,
          label: KEY_FIGURES.find((k) => k.row === r.row_id)?.label ?? r.row_id,
          value,
          raw: r.raw,
          unit: r.unit,
          wan: value !== null && r.unit !== null ? Math.round(value * TO_WAN[r.unit] * 1e6) / 1e6 : null,
          corrected: r.corrected === 1,
          tableId: r.table_id,
          page: pageOf(r.provenance),
        });
      }
      return {
        sha256: d.sha256,
        path: d.path ?? '',
        year: d.year,
        kind: d.kind,
        status: d.status,
        printed: d.printed,
        figures: KEY_FIGURES.map((k) => got.get(k.row)).filter((f): f is KeyFigure => f !== undefined),
        counts: toCounts(countsOf.get(d.sha256) as CountsRow),
      };
    });
    const shas = docs.map((d) => d.sha256);
    const crossYear: CrossYearItem[] = [];
    if (shas.length > 0) {
      const rows = db
        .prepare(
          `SELECT a.sha256, a.anomaly_id, a.severity, a.state, a.json, t.unit FROM anomalies a
             LEFT JOIN tables t ON t.sha256 = a.sha256 AND t.table_id = a.table_id
            WHERE a.rule = 'cross_year' AND a.sha256 IN (SELECT sha256 FROM document_departments WHERE department_id = ?)
            ORDER BY a.state = 'open' DESC, a.sha256, a.ord`,
        )
        .all(id) as {
        sha256: string;
        anomaly_id: string;
        severity: Severity;
        state: AnomalyState;
        json: string;
        unit: MoneyUnit | null;
      }[];
      for (const r of rows) {
        const a = JSON.parse(r.json) as {
          message?: string;
          formula?: string;
          found?: number;
          expected?: number;
          difference?: number;
        };
        const prefix = /^cross_year:([0-9a-f]{12}):/.exec(r.anomaly_id)?.[1] ?? '';
        crossYear.push({
          sha256: r.sha256,
          id: r.anomaly_id,
          severity: r.severity,
          state: r.state,
          message: a.message ?? '',
          formula: a.formula ?? null,
          found: a.found ?? null,
          expected: a.expected ?? null,
          difference: a.difference ?? null,
          unit: r.unit,
          otherPrefix: prefix,
          otherSha256: shas.find((s) => prefix !== '' && s.startsWith(prefix)) ?? null,
        });
      }
    }
    const history = (
      db
        .prepare(`SELECT kind, detail, reviewer, at FROM department_merges WHERE into_id = ? ORDER BY id`)
        .all(id) as {
        kind: 'merge' | 'split';
        detail: string;
        reviewer: string;
        at: string;
      }[]
    ).map((h) => ({ kind: h.kind, detail: JSON.parse(h.detail) as unknown, reviewer: h.reviewer, at: h.at }));
    return { years, crossYear, history };
  }
}

interface BatchRow {
  id: number;
  kind: BulkSelection['action'];
  selection: string;
  count: number;
  reason: string;
  reviewer: string;
  at: string;
  undone_at: string | null;
  undone_by: string | null;
  live: number;
}

function toBatch(r: BatchRow): BulkBatch {
  return {
    id: r.id,
    kind: r.kind,
    selection: JSON.parse(r.selection) as BulkSelection,
    count: r.count,
    reason: r.reason,
    reviewer: r.reviewer,
    at: r.at,
    undoneAt: r.undone_at,
    undoneBy: r.undone_by,
    live: r.live,
  };
}

/** Whether `x`, in `unit`, is the searched number (the JavaScript side of valueMatch). */
function sameAmount(v: SearchValue, x: number, unit: MoneyUnit | null): boolean {
  const want = v.unit === null || unit === null ? v.value : (v.value * TO_WAN[v.unit]) / TO_WAN[unit];
  return Math.abs(x - want) <= 1e-6 + Math.abs(want) * 1e-12;
}

function pageOf(provenance: string): number | null {
  try {
    const p = (JSON.parse(provenance) as { page?: unknown }).page;
    return typeof p === 'number' ? p : null;
  } catch {
    return null;
  }
}

function columnLabel(columns: string, key: string): string | null {
  try {
    return (
      (JSON.parse(columns) as { key: string; label: string }[]).find((c) => c.key === key)?.label ?? null
    );
  } catch {
    return null;
  }
}
