import type Database from 'better-sqlite3';
import { NotFoundError } from './errors.js';

/**
 * A file uploaded through the review server. received: its bytes are being written (a row left `received` by a
 * server that died mid-upload has no stored copy); queued: stored, waiting for the runner; processing: handed to
 * the runner; done / failed: the runner's outcome; duplicate: the same bytes were already a document (not
 * extracted again); rejected: refused before it was stored (too large, unsupported, empty, bad name).
 */
export const UPLOAD_STATUSES = [
  'received',
  'queued',
  'processing',
  'done',
  'failed',
  'duplicate',
  'rejected',
] as const;
export type UploadStatus = (typeof UPLOAD_STATUSES)[number];

export interface UploadRecord {
  readonly id: number;
  /** The client's file name reduced to a base name (for display; never used as a path as given). */
  readonly name: string;
  readonly bytes: number;
  /** The content's sha256 once known (the document's identity). */
  readonly sha256: string | null;
  /** The store's own copy of the file, once written. */
  readonly storedPath: string | null;
  readonly status: UploadStatus;
  /** Why it failed, was rejected, or which document it duplicates (one line, for the reviewer). */
  readonly reason: string | null;
  readonly reviewer: string;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface UploadInput {
  readonly name: string;
  readonly reviewer: string;
  readonly status: UploadStatus;
  readonly bytes?: number;
  readonly sha256?: string | null;
  readonly storedPath?: string | null;
  readonly reason?: string | null;
}

/** Fields an update may change; absent ones stay. */
export interface UploadUpdate {
  readonly status?: UploadStatus;
  readonly bytes?: number;
  readonly sha256?: string | null;
  readonly storedPath?: string | null;
  readonly reason?: string | null;
}

export interface UploadFilter {
  readonly status?: readonly UploadStatus[];
  readonly sha256?: string;
  readonly limit?: number;
  readonly offset?: number;
}

interface UploadRow {
  id: number;
  name: string;
  bytes: number;
  sha256: string | null;
  stored_path: string | null;
  status: UploadStatus;
  reason: string | null;
  reviewer: string;
  created_at: string;
  updated_at: string;
}

const toUpload = (r: UploadRow): UploadRecord => ({
  id: r.id,
  name: r.name,
  bytes: r.bytes,
  sha256: r.sha256,
  storedPath: r.stored_path,
  status: r.status,
  reason: r.reason,
  reviewer: r.reviewer,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The uploads table (migration 4); SqliteStore delegates to it. */
export class UploadTable {
  constructor(private readonly db: Database.Database) {}

  create(input: UploadInput): UploadRecord {
    const at = new Date().toISOString();
    const info = this.db
      .prepare(
        `INSERT INTO uploads (name, bytes, sha256, stored_path, status, reason, reviewer, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.name,
        input.bytes ?? 0,
        input.sha256 ?? null,
        input.storedPath ?? null,
        input.status,
        input.reason ?? null,
        input.reviewer,
        at,
        at,
      );
    return this.mustGet(Number(info.lastInsertRowid));
  }

  update(id: number, change: UploadUpdate): UploadRecord {
    const sets: string[] = ['updated_at = ?'];
    const params: (string | number | null)[] = [new Date().toISOString()];
    const col = {
      status: 'status',
      bytes: 'bytes',
      sha256: 'sha256',
      storedPath: 'stored_path',
      reason: 'reason',
    } as const;
    for (const [k, c] of Object.entries(col) as [keyof UploadUpdate, string][]) {
      const v = change[k];
      if (v === undefined) continue;
      sets.push(`${c} = ?`);
      params.push(v);
    }
    const info = this.db.prepare(`UPDATE uploads SET ${sets.join(', ')} WHERE id = ?`).run(...params, id);
    if (info.changes === 0) throw new NotFoundError(`没有编号为 ${id} 的上传`);
    return this.mustGet(id);
  }

  get(id: number): UploadRecord | undefined {
    const r = this.db.prepare('SELECT * FROM uploads WHERE id = ?').get(id) as UploadRow | undefined;
    return r ? toUpload(r) : undefined;
  }

  /** Newest first. */
  list(filter: UploadFilter = {}): UploadRecord[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.status && filter.status.length > 0) {
      where.push(`status IN (${filter.status.map(() => '?').join(', ')})`);
      params.push(...filter.status);
    }
    if (filter.sha256 !== undefined) {
      where.push('sha256 = ?');
      params.push(filter.sha256);
    }
    const rows = this.db
      .prepare(
        `SELECT * FROM uploads${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ? OFFSET ?`,
      )
      .all(...params, filter.limit ?? 100, filter.offset ?? 0) as UploadRow[];
    return rows.map(toUpload);
  }

  private mustGet(id: number): UploadRecord {
    const u = this.get(id);
    if (!u) throw new NotFoundError(`没有编号为 ${id} 的上传`);
    return u;
  }
}
