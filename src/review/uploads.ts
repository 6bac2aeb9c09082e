/**
 * Uploads through the review server: `POST /api/documents` (multipart/form-data, field `file`, repeatable) and
 * the page's drag-and-drop send files here. Each file is streamed to a temporary name in the store's own folder
 * (`<store>.files/.incoming/`) while it is hashed and measured; it is refused (with a one-line reason in Chinese)
 * when too large, empty, of a format tally does not read, or badly named, and reported as a duplicate when its
 * bytes are already a document. Otherwise it is renamed to `<store>.files/<sha256>/<name>` (so a half-written
 * upload is never processed) and handed to the same runner as `tally ingest` in the background. The uploads
 * table keeps each one's status; uploads a stopped server left queued or processing are queued again on start.
 *
 * Also here: `POST /api/documents/:sha/reprocess`, one finished document extracted again with its corrections.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, extname, join, relative, isAbsolute } from 'node:path';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { BadInputError } from '../model/index.js';
import { detectFormat, KNOWN_EXTENSIONS } from '../readers/index.js';
import { createInProcessRunner, type ItemOutcome, type Runner } from '../runner/index.js';
import {
  UPLOAD_STATUSES,
  type Correction,
  type Store,
  type UploadRecord,
  type UploadStatus,
} from '../store/index.js';
import { MultipartError, MultipartParser, multipartBoundary } from './multipart.js';

export interface UploadOptions {
  /**
   * Runs uploaded files into the store: the CLI passes the same runner `tally ingest` would use (in-process, or
   * BullMQ when REDIS_URL is set). Default: an in-process runner (isolated child processes), made on first use.
   * The upload service owns it: close() closes it.
   */
  readonly runner?: Runner;
  /**
   * Re-extraction needs the store in this process (corrections are re-applied as the result is saved), so it
   * always runs in-process. Default: an in-process runner, made on first use. Owned like `runner`.
   */
  readonly reprocessRunner?: Runner;
  /** Largest file accepted, bytes (default 200 MiB). */
  readonly maxFileBytes?: number;
  /** Largest upload request (all its files), bytes (default 1 GiB); a larger Content-Length is refused unread. */
  readonly maxRequestBytes?: number;
  /** Uploads processed at once (default 2). */
  readonly concurrency?: number;
  /** Where the store keeps its copies of uploaded files (default `<store file>.files`). */
  readonly filesDir?: string;
}

export const DEFAULT_MAX_FILE_BYTES = 200 * 1024 * 1024;
export const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024 * 1024;
/** Bytes of a file's head kept for format detection (the readers' sniffers look at most 64 KiB in). */
const HEAD_BYTES = 65536 + 4;
const INCOMING = '.incoming';
const ACTIVE: readonly UploadStatus[] = ['received', 'queued', 'processing'];

/** What one file of an upload request became. */
export interface UploadOutcome {
  readonly upload: UploadRecord;
  /** HTTP status this file alone would have: 202 accepted, 200 duplicate, 4xx rejected. */
  readonly code: 200 | 202 | 400 | 413 | 415;
}

const mb = (n: number): string =>
  n >= 1024 * 1024
    ? `${(n / 1024 / 1024).toFixed(n >= 10 * 1024 * 1024 ? 0 : 1)} MB`
    : `${Math.ceil(n / 1024)} KB`;

/**
 * The client's file name as a safe base name, or why it cannot be one. The directories a client puts in the name
 * ("../../etc/x", "C:\\x") are dropped: only the last segment is kept, and the stored path is the server's own.
 */
export function safeFileName(raw: string | undefined): { name: string } | { reason: string } {
  if (raw === undefined || raw.trim() === '') return { reason: '文件名无效：没有文件名' };
  if (/\p{Cc}/u.test(raw)) return { reason: '文件名无效：含有控制字符' };
  const base = (raw.normalize('NFC').split(/[\\/]/).pop() ?? '').trim();
  if (base === '' || /^\.+$/.test(base)) return { reason: `文件名无效：“${raw.slice(0, 80)}”不是文件名` };
  // Characters Windows refuses in names, and a leading dot (a hidden file), are replaced, not refused.
  const name = base.replace(/[:*?"<>|]/g, '_').replace(/^\./, '_');
  if (Buffer.byteLength(name) > 240) return { reason: '文件名无效：文件名过长（超过 240 字节）' };
  return { name };
}

/** Why the readers would refuse these bytes (the readers' own detection), in Chinese; undefined when readable. */
export function formatProblem(name: string, head: Uint8Array): string | undefined {
  try {
    detectFormat(name, head);
    return undefined;
  } catch (e) {
    if (!(e instanceof BadInputError)) throw e;
    const ext = extname(name).toLowerCase();
    const msg = e.message;
    if (/encrypted or legacy Office/.test(msg))
      return '格式不支持：加密或旧版 Office 文件（.doc/.xls），请另存为无密码的 .docx/.xlsx';
    if (/zip archive/.test(msg)) return '格式不支持：压缩包，且不是 DOCX 或 XLSX';
    if (/named .* but the content is not/.test(msg))
      return `格式不支持：扩展名为 ${ext}，但内容不是 ${ext.slice(1).toUpperCase()}`;
    if (/empty/.test(msg)) return '文件为空';
    const known = KNOWN_EXTENSIONS.map((x) => x.slice(1)).join('、');
    return `格式不支持：不是 PDF、DOCX、XLSX、HTML、图片或 UTF-8 文本（可读的扩展名：${known}）`;
  }
}

/** Same-request check of the route (the server's small body limit does not apply to it). */
export function isUploadRequest(req: { method: string; path: string }): boolean {
  return req.method === 'POST' && req.path === '/api/documents';
}

/** A file part being received. */
interface Receiving {
  readonly id: number | undefined;
  readonly name: string | undefined;
  /** Set when the file is refused before its end (bad name, not a file, too large); the rest is read and dropped. */
  refusal?: { reason: string; code: 400 | 413 };
  bytes: number;
  readonly hash: ReturnType<typeof createHash>;
  head: Buffer[];
  headBytes: number;
  readonly temp: string | undefined;
  file: Awaited<ReturnType<typeof open>> | undefined;
}

export class UploadService {
  readonly filesDir: string;
  readonly maxFileBytes: number;
  readonly maxRequestBytes: number;
  private runner: Runner | undefined;
  private reprocessRunner: Runner | undefined;
  private readonly concurrency: number;
  private readonly pending: number[] = [];
  private readonly queued = new Set<number>();
  private active = 0;
  private readonly running = new Set<Promise<void>>();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly reprocessing = new Set<string>();
  private readonly abort = new AbortController();
  private closed = false;

  constructor(
    private readonly store: Store,
    options: UploadOptions = {},
  ) {
    this.filesDir = options.filesDir ?? `${store.location}.files`;
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.maxRequestBytes = Math.max(this.maxFileBytes, options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES);
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.runner = options.runner;
    this.reprocessRunner = options.reprocessRunner;
  }

  /**
   * Pick up what a stopped server left: uploads queued or processing are queued again (their stored copy is
   * whole: it was renamed into place before they were queued); one still `received` never finished arriving.
   */
  async resume(): Promise<void> {
    await rm(join(this.filesDir, INCOMING), { recursive: true, force: true });
    const left = this.store.listUploads({ status: ACTIVE, limit: 100_000 }).reverse();
    for (const u of left) {
      if (u.status === 'received' || u.storedPath === null) {
        this.store.updateUpload(u.id, {
          status: 'failed',
          reason: '上传未完成：服务器在接收文件时停止，请重新上传',
        });
      } else if (!existsSync(u.storedPath)) {
        this.store.updateUpload(u.id, { status: 'failed', reason: '上传的文件副本已不存在，请重新上传' });
      } else {
        this.store.updateUpload(u.id, { status: 'queued' });
        this.enqueue(u.id);
      }
    }
  }

  /** Read a multipart body, storing and queueing each `file` part; resolves with every file's outcome. */
  async receive(
    body: ReadableStream<Uint8Array> | null,
    boundary: string,
    reviewer: string,
  ): Promise<UploadOutcome[]> {
    const out: UploadOutcome[] = [];
    if (!body) return out;
    const parser = new MultipartParser(boundary);
    let current: Receiving | undefined;
    let total = 0;
    const incoming = join(this.filesDir, INCOMING);
    await mkdir(incoming, { recursive: true });
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value: chunk } = await reader.read();
        if (done) break;
        total += chunk.length;
        if (total > this.maxRequestBytes) {
          throw new RequestTooLarge(`请求过大：超过上限 ${mb(this.maxRequestBytes)}`);
        }
        for (const ev of parser.push(chunk)) {
          if (ev.type === 'part') {
            current = await this.startPart(ev.headers.name, ev.headers.filename, reviewer, incoming);
          } else if (ev.type === 'data' && current) {
            await this.partData(current, ev.data);
          } else if (ev.type === 'end' && current) {
            const done = await this.finishPart(current, reviewer);
            if (done) out.push(done);
            current = undefined;
          }
        }
        if (parser.finished) break;
      }
      parser.end();
      await reader.cancel().catch(() => undefined);
    } catch (e) {
      await reader.cancel().catch(() => undefined);
      if (current) {
        const reason =
          e instanceof RequestTooLarge
            ? e.message
            : e instanceof MultipartError
              ? '请求格式错误：multipart 数据不完整'
              : '接收失败：连接中断';
        const o = await this.refuse(current, reviewer, {
          reason,
          code: e instanceof RequestTooLarge ? 413 : 400,
        });
        if (o) out.push(o);
      }
      if (e instanceof RequestTooLarge || e instanceof MultipartError)
        throw Object.assign(e, { outcomes: out });
      throw e;
    }
    return out;
  }

  private async startPart(
    field: string,
    filename: string | undefined,
    reviewer: string,
    incoming: string,
  ): Promise<Receiving | undefined> {
    // Other fields are not files to store: read past them.
    if (field !== 'file') return undefined;
    const safe =
      filename === undefined ? { reason: '字段 file 应为文件，而不是文本' } : safeFileName(filename);
    const base: Omit<Receiving, 'id' | 'name' | 'temp'> = {
      bytes: 0,
      hash: createHash('sha256'),
      head: [],
      headBytes: 0,
      file: undefined,
    };
    if ('reason' in safe) {
      return {
        ...base,
        id: undefined,
        name: (filename ?? '').replace(/\p{Cc}/gu, '�').slice(0, 200) || '（无文件名）',
        temp: undefined,
        refusal: { reason: safe.reason, code: 400 },
      };
    }
    const upload = this.store.createUpload({ name: safe.name, reviewer, status: 'received' });
    const temp = join(incoming, `${upload.id}-${randomBytes(6).toString('hex')}.part`);
    const file = await open(temp, 'wx');
    return { ...base, id: upload.id, name: safe.name, temp, file };
  }

  private async partData(r: Receiving, data: Uint8Array): Promise<void> {
    r.bytes += data.length;
    if (r.refusal) return;
    if (r.bytes > this.maxFileBytes) {
      // Over the limit: stop writing, drop what was written, and read the rest of the part for nothing.
      r.refusal = { reason: `文件过大：超过上限 ${mb(this.maxFileBytes)}`, code: 413 };
      await this.dropTemp(r);
      return;
    }
    r.hash.update(data);
    if (r.headBytes < HEAD_BYTES) {
      const take = data.subarray(0, HEAD_BYTES - r.headBytes);
      r.head.push(Buffer.from(take));
      r.headBytes += take.length;
    }
    await r.file?.write(data);
  }

  private async dropTemp(r: Receiving): Promise<void> {
    await r.file?.close().catch(() => undefined);
    r.file = undefined;
    if (r.temp) await rm(r.temp, { force: true });
  }

  private async refuse(
    r: Receiving,
    reviewer: string,
    refusal: { reason: string; code: 400 | 413 | 415 },
  ): Promise<UploadOutcome | undefined> {
    await this.dropTemp(r);
    const change = { status: 'rejected' as const, reason: refusal.reason, bytes: r.bytes };
    const upload =
      r.id !== undefined
        ? this.store.updateUpload(r.id, change)
        : this.store.createUpload({ name: r.name ?? '', reviewer, ...change });
    return { upload, code: refusal.code };
  }

  private async finishPart(r: Receiving | undefined, reviewer: string): Promise<UploadOutcome | undefined> {
    if (!r) return undefined;
    if (r.refusal) return this.refuse(r, reviewer, r.refusal);
    if (r.id === undefined || r.name === undefined || r.temp === undefined) return undefined;
    await r.file?.close();
    r.file = undefined;
    if (r.bytes === 0) return this.refuse(r, reviewer, { reason: '文件为空', code: 400 });
    const problem = formatProblem(r.name, Buffer.concat(r.head));
    if (problem) return this.refuse(r, reviewer, { reason: problem, code: 415 });
    const sha256 = r.hash.digest('hex');
    const existing = this.store.getDocument(sha256);
    const twin = this.store.listUploads({ sha256, status: ACTIVE, limit: 1 })[0];
    if ((existing && existing.status !== 'failed') || twin) {
      await this.dropTemp(r);
      const where = existing
        ? `已有文档“${basename(existing.path)}”`
        : `上传 #${twin?.id ?? ''}“${twin?.name ?? ''}”`;
      const reason = `与${where}内容相同（sha256 ${sha256.slice(0, 12)}…），未重新提取`;
      return {
        upload: this.store.updateUpload(r.id, { status: 'duplicate', sha256, bytes: r.bytes, reason }),
        code: 200,
      };
    }
    // Claimed at once (no await since the check above): the same bytes arriving in another request now are its twin.
    this.store.updateUpload(r.id, { sha256, bytes: r.bytes });
    const dir = join(this.filesDir, sha256);
    const target = join(dir, r.name);
    const rel = relative(this.filesDir, target);
    if (rel.startsWith('..') || isAbsolute(rel))
      return this.refuse(r, reviewer, { reason: '文件名无效', code: 400 });
    await mkdir(dir, { recursive: true });
    await rename(r.temp, target);
    const upload = this.store.updateUpload(r.id, {
      status: 'queued',
      sha256,
      bytes: r.bytes,
      storedPath: target,
    });
    this.enqueue(upload.id);
    return { upload, code: 202 };
  }

  private enqueue(id: number): void {
    if (this.closed || this.queued.has(id)) return;
    this.queued.add(id);
    this.pending.push(id);
    this.pump();
  }

  private pump(): void {
    while (!this.closed && this.active < this.concurrency && this.pending.length > 0) {
      const id = this.pending.shift();
      if (id === undefined) break;
      this.active++;
      const p = this.process(id)
        .catch((e: unknown) => {
          console.error(e);
        })
        .finally(() => {
          this.active--;
          this.queued.delete(id);
          this.running.delete(p);
          this.pump();
          if (this.active === 0 && this.pending.length === 0) for (const w of this.idleWaiters.splice(0)) w();
        });
      this.running.add(p);
    }
  }

  private ingestRunner(): Runner {
    this.runner ??= createInProcessRunner({ store: this.store });
    return this.runner;
  }

  private async process(id: number): Promise<void> {
    const u = this.store.getUpload(id);
    if (!u || u.storedPath === null || u.status !== 'queued') return;
    this.store.updateUpload(id, { status: 'processing' });
    let outcome: ItemOutcome | undefined;
    try {
      await this.ingestRunner().run([u.storedPath], {
        signal: this.abort.signal,
        onItem: (o) => (outcome = o),
      });
    } catch (e) {
      this.store.updateUpload(id, {
        status: 'failed',
        reason: `提取失败：${e instanceof Error ? e.message : String(e)}`.slice(0, 500),
      });
      return;
    }
    if (!outcome) {
      this.store.updateUpload(id, { status: 'failed', reason: '提取失败：处理程序没有给出结果' });
      return;
    }
    switch (outcome.kind) {
      case 'processed':
        this.store.updateUpload(id, { status: 'done', sha256: outcome.sha256, reason: null });
        break;
      case 'skipped':
        this.store.updateUpload(id, {
          status: 'duplicate',
          sha256: outcome.sha256,
          reason: '与已有文档内容相同，未重新提取',
        });
        break;
      case 'failed':
        this.store.updateUpload(id, {
          status: 'failed',
          reason: `提取失败：${outcome.reason}`.slice(0, 500),
        });
        break;
      case 'handed-back':
        // The server is stopping: left queued, the next start picks it up.
        this.store.updateUpload(id, { status: 'queued' });
        break;
    }
  }

  /** Resolves when no upload is waiting or being processed (tests, shutdown). */
  idle(): Promise<void> {
    if (this.active === 0 && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Extract a done document again from its stored file (the store's copy, or the path it was ingested from),
   * keeping every live correction at its stable anchor; reports the corrections whose cell is gone.
   */
  async reprocess(sha256: string): Promise<ReprocessReport> {
    const doc = this.store.getDocument(sha256);
    if (!doc) throw new ReprocessRefused(404, '没有这个文档');
    if (doc.status !== 'done') throw new ReprocessRefused(409, '文档尚未处理完成，不能重新提取');
    const path = this.store
      .getPaths(sha256)
      .map((p) => p.path)
      .find((p) => existsSync(p));
    if (path === undefined)
      throw new ReprocessRefused(409, '源文件已不在记录的路径（或已被移走），无法重新提取');
    if (this.reprocessing.has(sha256)) throw new ReprocessRefused(409, '该文档正在重新提取，请稍候');
    this.reprocessing.add(sha256);
    const t0 = performance.now();
    try {
      this.reprocessRunner ??= createInProcessRunner({ store: this.store, concurrency: 1 });
      let outcome: ItemOutcome | undefined;
      await this.reprocessRunner.run([path], {
        reprocess: true,
        signal: this.abort.signal,
        onItem: (o) => (outcome = o),
      });
      if (outcome?.kind !== 'processed') {
        const why =
          outcome?.kind === 'failed'
            ? outcome.reason
            : outcome?.kind === 'handed-back'
              ? '服务器正在停止'
              : '文件内容已改变';
        throw new ReprocessRefused(422, `重新提取失败（原结果保留）：${why}`);
      }
      const orphaned = this.store.listCorrections({ sha256 }).filter((c) => c.orphanedAt !== null);
      return {
        sha256,
        path,
        status: outcome.status,
        reapplied: outcome.reprocessed?.reapplied ?? 0,
        orphaned,
        anomalies: outcome.anomalies,
        ms: Math.round(performance.now() - t0),
      };
    } finally {
      this.reprocessing.delete(sha256);
    }
  }

  /** Stop taking work; a file being processed is handed back (left queued for the next start). */
  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    await Promise.allSettled([...this.running]);
    await Promise.allSettled([this.runner?.close(), this.reprocessRunner?.close()]);
  }
}

export interface ReprocessReport {
  readonly sha256: string;
  readonly path: string;
  readonly status: string;
  readonly reapplied: number;
  /** Live corrections whose cell no longer exists: kept in the trail, not applied. */
  readonly orphaned: readonly Correction[];
  readonly anomalies: Readonly<Record<string, number>>;
  readonly ms: number;
}

class RequestTooLarge extends Error {}
class ReprocessRefused extends Error {
  constructor(
    readonly status: 404 | 409 | 422,
    message: string,
  ) {
    super(message);
  }
}

/** What these routes need of the server's context: the reviewer its authentication middleware set. */
export type UploadEnv = { Variables: { auth: { readonly reviewer: string } } };

const Sha = z.string().regex(/^[0-9a-f]{64}$/);
const UploadsQuery = z
  .object({
    status: z.enum(UPLOAD_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .strict();

/** Routes of uploads and re-extraction; registered after the server's authentication and CSRF middleware. */
/** The reviewer the server's authentication middleware put on the context. */
const reviewerOf = (c: { get(key: 'auth'): { readonly reviewer: string } }): string => c.get('auth').reviewer;

export function registerUploadRoutes<E extends UploadEnv>(
  app: Hono<E>,
  store: Store,
  service: UploadService,
): void {
  const uploadOut = (u: UploadRecord) => {
    const doc = u.sha256 !== null ? store.getDocument(u.sha256) : undefined;
    return {
      id: u.id,
      name: u.name,
      bytes: u.bytes,
      status: u.status,
      reason: u.reason,
      sha256: u.sha256,
      reviewer: u.reviewer,
      createdAt: u.createdAt,
      updatedAt: u.updatedAt,
      document: doc
        ? {
            sha256: doc.sha256,
            path: doc.path,
            status: doc.status,
            resultStatus: doc.resultStatus,
            department: doc.department,
            year: doc.year,
            kind: doc.kind,
            openAnomalies:
              doc.status === 'done' ? store.listAnomalies(doc.sha256, { state: 'open' }).length : 0,
          }
        : null,
    };
  };

  app.post('/api/documents', async (c) => {
    const declared = Number(c.req.header('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > service.maxRequestBytes) {
      return c.json(
        {
          error: `请求过大：${mb(declared)}，上限 ${mb(service.maxRequestBytes)}（每个文件上限 ${mb(service.maxFileBytes)}）`,
        },
        413,
      );
    }
    const boundary = multipartBoundary(c.req.header('content-type'));
    if (boundary === undefined)
      return c.json({ error: '请以 multipart/form-data 上传，文件放在字段 file 中' }, 415);
    const reviewer = reviewerOf(c);
    let outcomes: UploadOutcome[];
    try {
      outcomes = await service.receive(c.req.raw.body, boundary, reviewer);
    } catch (e) {
      const partial = (e as { outcomes?: UploadOutcome[] }).outcomes ?? [];
      if (e instanceof RequestTooLarge)
        return c.json({ error: e.message, uploads: partial.map((o) => uploadOut(o.upload)) }, 413);
      if (e instanceof MultipartError)
        return c.json(
          { error: '请求格式错误：multipart 数据不完整', uploads: partial.map((o) => uploadOut(o.upload)) },
          400,
        );
      throw e;
    }
    if (outcomes.length === 0) return c.json({ error: '请求中没有文件（字段 file）', uploads: [] }, 400);
    // Accepted if any file was; a duplicate is not an error; all refused: the first refusal's status.
    const code = outcomes.some((o) => o.code === 202)
      ? 202
      : outcomes.some((o) => o.code === 200)
        ? 200
        : (outcomes[0]?.code ?? 400);
    return c.json({ uploads: outcomes.map((o) => uploadOut(o.upload)) }, code);
  });

  app.get('/api/uploads', (c) => {
    const q = UploadsQuery.safeParse(c.req.query());
    if (!q.success) return c.json({ error: '查询参数无效' }, 400);
    const uploads = store.listUploads({
      limit: q.data.limit,
      offset: q.data.offset,
      ...(q.data.status ? { status: [q.data.status] } : {}),
    });
    return c.json({ uploads: uploads.map(uploadOut), maxFileBytes: service.maxFileBytes });
  });

  app.get('/api/uploads/:id', (c) => {
    const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).safeParse(c.req.param('id'));
    const u = id.success ? store.getUpload(id.data) : undefined;
    if (!u) return c.json({ error: '没有这个上传' }, 404);
    return c.json({ upload: uploadOut(u) });
  });

  app.post('/api/documents/:sha/reprocess', async (c: Context<E>) => {
    const sha = Sha.safeParse(c.req.param('sha'));
    if (!sha.success) return c.json({ error: '没有这个文档' }, 404);
    try {
      const r = await service.reprocess(sha.data);
      return c.json({
        sha256: r.sha256,
        status: r.status,
        reapplied: r.reapplied,
        anomalies: r.anomalies,
        ms: r.ms,
        orphaned: r.orphaned.map((x) => ({
          id: x.id,
          kind: x.kind,
          anomalyId: x.anomalyId,
          table: x.table,
          row: x.row,
          column: x.column,
          oldValue: x.oldValue,
          newValue: x.newValue,
          reason: x.reason,
          reviewer: x.reviewer,
          at: x.at,
          orphanedAt: x.orphanedAt,
          anchor: x.anchor,
        })),
      });
    } catch (e) {
      if (e instanceof ReprocessRefused) return c.json({ error: e.message }, e.status);
      throw e;
    }
  });
}
