import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { yearDocumentText } from '../../test/support/year-documents.js';
import { extractFile } from '../pipeline/index.js';
import { createInProcessRunner, type ExtractFn } from '../runner/index.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { safeFileName } from './uploads.js';
import { createReviewApp, type ReviewApp } from './server.js';

const ORIGIN = 'http://127.0.0.1:8080';
const TOKEN = 'upload-test-token-0123456789';

let dir: string;
let store: Store;
let apps: ReviewApp[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-upload-'));
  store = openSqliteStore(join(dir, '.tally', 'tally.db'));
  apps = [];
});
afterEach(async () => {
  for (const a of apps) await a.uploads.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const filesDir = () => `${store.location}.files`;

function app(
  opts: { token?: string; maxFileBytes?: number; maxRequestBytes?: number; extract?: ExtractFn } = {},
): ReviewApp {
  const r = createReviewApp({
    store,
    allowedHosts: new Set(['127.0.0.1:8080']),
    reviewer: '审核员甲',
    ...(opts.token !== undefined ? { token: opts.token } : {}),
    uploads: {
      // The pipeline in this process (no child processes in unit tests); the same runner `tally ingest` uses.
      runner: createInProcessRunner({ store, isolation: false }),
      reprocessRunner: createInProcessRunner({
        store,
        ...(opts.extract ? { extract: opts.extract } : { isolation: false }),
      }),
      ...(opts.maxFileBytes !== undefined ? { maxFileBytes: opts.maxFileBytes } : {}),
      ...(opts.maxRequestBytes !== undefined ? { maxRequestBytes: opts.maxRequestBytes } : {}),
    },
  });
  apps.push(r);
  return r;
}

const call = (r: ReviewApp, path: string, init: RequestInit = {}) => r.app.request(`${ORIGIN}${path}`, init);

async function session(r: ReviewApp): Promise<Record<string, string>> {
  const page = await call(r, '/');
  const m = /tally_review=([^;]+)/.exec(page.headers.get('set-cookie') ?? '');
  if (!m) throw new Error('no session cookie');
  const cookie = `tally_review=${m[1]}`;
  const s = (await (await call(r, '/api/session', { headers: { cookie } })).json()) as { csrf: string };
  return { cookie, 'x-csrf-token': s.csrf, origin: ORIGIN };
}

interface UploadOut {
  id: number;
  name: string;
  bytes: number;
  status: string;
  reason: string | null;
  sha256: string | null;
  document: {
    sha256: string;
    path: string;
    status: string;
    department: string | null;
    year: number | null;
    openAnomalies: number;
  } | null;
}

function form(files: { name: string; bytes: Uint8Array | string }[]): FormData {
  const f = new FormData();
  for (const x of files)
    f.append('file', new File([typeof x.bytes === 'string' ? x.bytes : Buffer.from(x.bytes)], x.name));
  return f;
}

async function upload(
  r: ReviewApp,
  headers: Record<string, string>,
  files: { name: string; bytes: Uint8Array | string }[],
) {
  const res = await call(r, '/api/documents', { method: 'POST', body: form(files), headers });
  const body = (await res.json()) as { uploads: UploadOut[]; error?: string };
  return { status: res.status, body, uploads: body.uploads ?? [] };
}

/** Every file under the test folder (relative paths), to show nothing was written outside the store's folder. */
function tree(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

const doc2022 = () => yearDocumentText({ department: '株洲市测试局', year: 2022, opening: 30, closing: 30 });
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('POST /api/documents', () => {
  it('stores an upload with a Chinese name with spaces under the store, runs it like ingest, and reports its status', async () => {
    const r = app();
    const h = await session(r);
    const name = '株洲市测试局 2022年 部门决算.txt';
    const res = await upload(r, h, [{ name, bytes: doc2022() }]);
    expect(res.status).toBe(202);
    const u = res.uploads[0];
    expect(u).toMatchObject({
      name,
      status: 'queued',
      sha256: sha(doc2022()),
      bytes: Buffer.byteLength(doc2022()),
    });
    const stored = join(filesDir(), sha(doc2022()), name);
    expect(readFileSync(stored, 'utf8')).toBe(doc2022());
    // Nothing half-written is left behind.
    expect(tree(filesDir()).filter((p) => p.endsWith('.part'))).toEqual([]);

    await r.uploads.idle();
    const one = (await (await call(r, `/api/uploads/${u?.id}`, { headers: h })).json()) as {
      upload: UploadOut;
    };
    expect(one.upload).toMatchObject({ status: 'done', sha256: sha(doc2022()), reason: null });
    expect(one.upload.document).toMatchObject({ status: 'done', department: '株洲市测试局', year: 2022 });
    expect(one.upload.document?.openAnomalies).toBeGreaterThan(0);
    // The document is the store's copy, at its sanitized path, and its anomalies are in the review queue.
    expect(store.getPaths(sha(doc2022())).map((p) => p.path)).toEqual([stored]);
    expect(store.queryAnomalies({ sha256: sha(doc2022()) }).total).toBeGreaterThan(0);
    const list = (await (await call(r, '/api/uploads', { headers: h })).json()) as {
      uploads: UploadOut[];
      maxFileBytes: number;
    };
    expect(list.uploads.map((x) => [x.id, x.status])).toEqual([[u?.id, 'done']]);
    expect(list.maxFileBytes).toBe(200 * 1024 * 1024);
  });

  it('reports the same bytes again as a duplicate of the existing document, without extracting or storing them', async () => {
    const r = app();
    const h = await session(r);
    await upload(r, h, [{ name: 'a.txt', bytes: doc2022() }]);
    await r.uploads.idle();
    const done = store.getDocument(sha(doc2022()));
    const again = await upload(r, h, [{ name: '另一个名字.txt', bytes: doc2022() }]);
    expect(again.status).toBe(200);
    expect(again.uploads[0]).toMatchObject({ status: 'duplicate', sha256: sha(doc2022()) });
    expect(again.uploads[0]?.reason).toMatch(
      /^与已有文档“a\.txt”内容相同（sha256 [0-9a-f]{12}…），未重新提取$/,
    );
    expect(again.uploads[0]?.document).toMatchObject({ sha256: sha(doc2022()), status: 'done' });
    await r.uploads.idle();
    expect(store.getDocument(sha(doc2022()))?.updatedAt).toBe(done?.updatedAt);
    expect(existsSync(join(filesDir(), sha(doc2022()), '另一个名字.txt'))).toBe(false);
    // Two copies in one request: the second is a duplicate of the first upload.
    const other = yearDocumentText({ department: '株洲市测试局', year: 2023, opening: 30, closing: 30 });
    const both = await upload(r, h, [
      { name: 'x.txt', bytes: other },
      { name: 'y.txt', bytes: other },
    ]);
    expect(both.status).toBe(202);
    expect(both.uploads.map((x) => x.status)).toEqual(['queued', 'duplicate']);
    // Told apart from the first whether that one is still an upload or already a document being extracted.
    expect(both.uploads[1]?.reason).toMatch(/^与(上传 #\d+“x\.txt”|已有文档“x\.txt”)内容相同/);
    expect(both.uploads[1]?.sha256).toBe(both.uploads[0]?.sha256);
    // The same bytes in two requests at once: one is stored and extracted, the other is its duplicate.
    const third = yearDocumentText({ department: '株洲市测试局', year: 2024, opening: 30, closing: 30 });
    const racing = await Promise.all(
      ['p.txt', 'q.txt'].map((name) => upload(r, h, [{ name, bytes: third }])),
    );
    await r.uploads.idle();
    const ids = racing.map((x) => x.uploads[0]?.id ?? 0);
    expect(ids.map((id) => store.getUpload(id)?.status).sort()).toEqual(['done', 'duplicate']);
    expect(readdirSync(join(filesDir(), sha(third)))).toHaveLength(1);
  });

  it('refuses a file over the size limit while reading it, and a request whose Content-Length is over the limit unread', async () => {
    const r = app({ maxFileBytes: 1000, maxRequestBytes: 100_000 });
    const h = await session(r);
    const res = await upload(r, h, [
      { name: 'big.txt', bytes: 'x'.repeat(5000) },
      { name: 'small.txt', bytes: '收入支出决算总表\n'.repeat(30) },
    ]);
    expect(res.status).toBe(202);
    expect(res.uploads[0]).toMatchObject({
      name: 'big.txt',
      status: 'rejected',
      reason: '文件过大：超过上限 1 KB',
    });
    expect(res.uploads[1]).toMatchObject({ name: 'small.txt', status: 'queued' });
    const alone = await upload(r, h, [{ name: 'big.txt', bytes: 'x'.repeat(5000) }]);
    expect(alone.status).toBe(413);
    expect(tree(filesDir()).filter((p) => p.includes('big'))).toEqual([]);
    expect(tree(filesDir()).filter((p) => p.endsWith('.part'))).toEqual([]);

    const before = store.listUploads().length;
    const big = await call(r, '/api/documents', {
      method: 'POST',
      body: 'x'.repeat(200_000),
      headers: { ...h, 'content-type': 'multipart/form-data; boundary=zz', 'content-length': '200000' },
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: string }).error).toMatch(/^请求过大/);
    expect(store.listUploads()).toHaveLength(before);
  });

  it('refuses formats the readers do not read, and empty files, each with its reason', async () => {
    const r = app();
    const h = await session(r);
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2, 3]);
    const res = await upload(r, h, [
      { name: 'data.bin', bytes: new Uint8Array([0, 1, 2, 3, 255, 0, 7]) },
      { name: '旧版.doc', bytes: ole },
      { name: 'fake.pdf', bytes: new Uint8Array([0xff, 0x00, 0x13, 0x37]) },
      { name: 'empty.txt', bytes: '' },
    ]);
    expect(res.uploads.map((u) => [u.name, u.status, u.reason])).toEqual([
      [
        'data.bin',
        'rejected',
        expect.stringMatching(/^格式不支持：不是 PDF、DOCX、XLSX、HTML、图片或 UTF-8 文本/),
      ],
      ['旧版.doc', 'rejected', expect.stringMatching(/^格式不支持：加密或旧版 Office 文件/)],
      ['fake.pdf', 'rejected', '格式不支持：扩展名为 .pdf，但内容不是 PDF'],
      ['empty.txt', 'rejected', '文件为空'],
    ]);
    expect(res.status).toBe(415);
    await r.uploads.idle();
    expect(store.listDocuments()).toEqual([]);
    expect(tree(dir).filter((p) => p.includes('.files'))).toEqual([]);
  });

  it('needs a session with its CSRF token and a same-origin request, or the bearer token', async () => {
    const r = app({ token: TOKEN });
    const files = [{ name: 'a.txt', bytes: doc2022() }];
    expect((await upload(r, { origin: ORIGIN }, files)).status).toBe(401);
    expect((await upload(r, { authorization: 'Bearer wrong-wrong-wrong-wrong' }, files)).status).toBe(401);
    const login = await call(r, '/login', {
      method: 'POST',
      body: new URLSearchParams({ reviewer: '审核员乙', token: TOKEN }),
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    });
    const cookie = /tally_review=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0] ?? '';
    const s = (await (await call(r, '/api/session', { headers: { cookie } })).json()) as { csrf: string };
    expect((await upload(r, { cookie, origin: ORIGIN }, files)).status).toBe(403);
    expect((await upload(r, { cookie, origin: ORIGIN, 'x-csrf-token': 'forged' }, files)).status).toBe(403);
    expect(
      (await upload(r, { cookie, origin: 'http://evil.example', 'x-csrf-token': s.csrf }, files)).status,
    ).toBe(403);
    expect(store.listUploads()).toEqual([]);
    const ok = await upload(r, { authorization: `Bearer ${TOKEN}`, 'x-tally-reviewer': 'script' }, files);
    expect(ok.status).toBe(202);
    expect(store.getUpload(ok.uploads[0]?.id ?? 0)?.reviewer).toBe('script');
    const viaPage = await upload(r, { cookie, origin: ORIGIN, 'x-csrf-token': s.csrf }, [
      { name: 'b.txt', bytes: `${doc2022()}\n` },
    ]);
    expect(viaPage.status).toBe(202);
    expect(store.getUpload(viaPage.uploads[0]?.id ?? 0)?.reviewer).toBe('审核员乙');
  });

  it('never lets the client name choose the path: directories are dropped, dot names refused', async () => {
    const r = app();
    const h = await session(r);
    const a = `${doc2022()}\nA`;
    const b = `${doc2022()}\nB`;
    const res = await upload(r, h, [
      { name: '../../../evil.txt', bytes: a },
      { name: '..\\..\\evil2.txt', bytes: b },
      { name: '..', bytes: 'x' },
    ]);
    expect(res.uploads.map((u) => [u.name, u.status])).toEqual([
      ['evil.txt', 'queued'],
      ['evil2.txt', 'queued'],
      ['..', 'rejected'],
    ]);
    expect(res.uploads[2]?.reason).toMatch(/^文件名无效/);
    await r.uploads.idle();
    const files = tree(dir).filter((p) => p.includes('evil'));
    expect(files).toEqual(
      [
        join('.tally', 'tally.db.files', sha(a), 'evil.txt'),
        join('.tally', 'tally.db.files', sha(b), 'evil2.txt'),
      ].sort(),
    );
    expect(safeFileName('a\u0000b.txt')).toEqual({ reason: '文件名无效：含有控制字符' });
    expect(safeFileName('/etc/passwd')).toEqual({ name: 'passwd' });
    expect(safeFileName('C:\\报告\\株洲 2023.pdf')).toEqual({ name: '株洲 2023.pdf' });
    expect(safeFileName('.hidden')).toEqual({ name: '_hidden' });
  });

  it('reads a file name sent as filename*=UTF-8 (RFC 5987) and as raw UTF-8, and refuses a body without files', async () => {
    const r = app();
    const h = await session(r);
    const text = doc2022();
    const body = [
      '--b0undary',
      `Content-Disposition: form-data; name="file"; filename="fallback.txt"; filename*=UTF-8''${encodeURIComponent('株洲 市.txt')}`,
      'Content-Type: text/plain',
      '',
      text,
      '--b0undary',
      'Content-Disposition: form-data; name="note"',
      '',
      'ignored',
      '--b0undary--',
      '',
    ].join('\r\n');
    const res = await call(r, '/api/documents', {
      method: 'POST',
      body,
      headers: { ...h, 'content-type': 'multipart/form-data; boundary=b0undary' },
    });
    expect(res.status).toBe(202);
    const out = (await res.json()) as { uploads: UploadOut[] };
    expect(out.uploads.map((u) => u.name)).toEqual(['株洲 市.txt']);
    expect(readFileSync(join(filesDir(), sha(text), '株洲 市.txt'), 'utf8')).toBe(text);
    const none = await call(r, '/api/documents', {
      method: 'POST',
      body: '--b\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--b--\r\n',
      headers: { ...h, 'content-type': 'multipart/form-data; boundary=b' },
    });
    expect(none.status).toBe(400);
    expect(((await none.json()) as { error: string }).error).toBe('请求中没有文件（字段 file）');
    const notForm = await call(r, '/api/documents', {
      method: 'POST',
      body: text,
      headers: { ...h, 'content-type': 'text/plain' },
    });
    expect(notForm.status).toBe(415);
    const cut = await call(r, '/api/documents', {
      method: 'POST',
      body: body.slice(0, 300),
      headers: { ...h, 'content-type': 'multipart/form-data; boundary=b0undary' },
    });
    expect(cut.status).toBe(400);
    expect(tree(filesDir()).filter((p) => p.endsWith('.part'))).toEqual([]);
  });
});

describe('uploads across a restart', () => {
  it('queues again an upload left queued or processing, and fails one that never finished arriving', async () => {
    // What a server that died mid-work leaves: a stored copy marked processing, and a row still receiving.
    const text = doc2022();
    const stored = join(filesDir(), sha(text), '株洲 2022.txt');
    mkdirSync(join(filesDir(), sha(text)), { recursive: true });
    writeFileSync(stored, text);
    const processing = store.createUpload({
      name: '株洲 2022.txt',
      reviewer: '甲',
      status: 'processing',
      sha256: sha(text),
      storedPath: stored,
      bytes: text.length,
    });
    const receiving = store.createUpload({ name: 'half.pdf', reviewer: '甲', status: 'received' });
    mkdirSync(join(filesDir(), '.incoming'), { recursive: true });
    writeFileSync(join(filesDir(), '.incoming', `${receiving.id}-abc.part`), '%PDF-1.7 half');

    const r = app();
    await r.uploads.resume();
    await r.uploads.idle();
    expect(store.getUpload(processing.id)).toMatchObject({ status: 'done', sha256: sha(text) });
    expect(store.getDocument(sha(text))?.status).toBe('done');
    expect(store.getUpload(receiving.id)).toMatchObject({
      status: 'failed',
      reason: '上传未完成：服务器在接收文件时停止，请重新上传',
    });
    expect(existsSync(join(filesDir(), '.incoming'))).toBe(false);
  });
});

describe('POST /api/documents/:sha/reprocess', () => {
  it('re-extracts a done document keeping its corrections, and reports one whose cell no longer exists', async () => {
    const text = doc2022();
    const file = join(dir, '株洲 2022.txt');
    writeFileSync(file, text);
    const first = await extractFile(file);
    store.registerDocument({ sha256: first.source.sha256, path: file, bytes: first.source.bytes });
    store.saveResult(first);
    const s = first.source.sha256;
    // The "upgraded" pipeline no longer reads the 三公 table's r1 row.
    const upgraded: ExtractFn = async (path) => {
      const r = await extractFile(path);
      for (const t of r.tables)
        if (t.type === 'three_public') t.rows = t.rows.filter((row) => row.id !== 'r1');
      return r;
    };
    const r = app({ extract: upgraded });
    const h = await session(r);
    const t0 = first.tables.find((t) => t.type === 'income_expenditure_summary');
    const t8 = first.tables.find((t) => t.type === 'three_public');
    expect(t0 && t8).toBeTruthy();
    store.applyCorrection({
      sha256: s,
      kind: 'edit',
      table: t0?.id ?? '',
      row: 'income:opening_balance',
      column: 'amount',
      value: 31,
      seen: 30,
      reason: '核对原件',
      reviewer: '甲',
    });
    store.applyCorrection({
      sha256: s,
      kind: 'edit',
      table: t8?.id ?? '',
      row: 'r1',
      column: 'budget_total',
      value: 4.5,
      seen: 1.5,
      reason: '核对原件',
      reviewer: '甲',
    });

    expect(
      (
        await call(r, `/api/documents/${s}/reprocess`, {
          method: 'POST',
          headers: { cookie: h['cookie'] ?? '', origin: ORIGIN },
        })
      ).status,
    ).toBe(403);
    const res = await call(r, `/api/documents/${s}/reprocess`, { method: 'POST', headers: h });
    expect(res.status).toBe(200);
    const out = (await res.json()) as {
      reapplied: number;
      orphaned: { row: string; newValue: number; anchor: { cell?: { label: string } } }[];
    };
    expect(out.reapplied).toBe(1);
    expect(out.orphaned).toHaveLength(1);
    expect(out.orphaned[0]).toMatchObject({ row: 'r1', newValue: 4.5 });
    const corrected = store.getResult(s, { applyCorrections: true });
    expect(
      corrected?.tables
        .find((t) => t.type === 'income_expenditure_summary')
        ?.rows.find((x) => x.id === 'income:opening_balance')?.cells['amount']?.value,
    ).toBe(31);

    expect(
      (await call(r, `/api/documents/${'0'.repeat(64)}/reprocess`, { method: 'POST', headers: h })).status,
    ).toBe(404);
    rmSync(file);
    const gone = await call(r, `/api/documents/${s}/reprocess`, { method: 'POST', headers: h });
    expect(gone.status).toBe(409);
    expect(((await gone.json()) as { error: string }).error).toMatch(/^源文件已不在记录的路径/);
  });

  it('re-extracts an uploaded document from the store’s own copy', async () => {
    const r = app();
    const h = await session(r);
    const up = await upload(r, h, [{ name: '上传 2022.txt', bytes: doc2022() }]);
    await r.uploads.idle();
    const s = up.uploads[0]?.sha256 ?? '';
    const res = await call(r, `/api/documents/${s}/reprocess`, { method: 'POST', headers: h });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { reapplied: number; orphaned: unknown[] }).orphaned).toEqual([]);
    copyFileSync(join(filesDir(), s, '上传 2022.txt'), join(dir, 'check.txt'));
    expect(readFileSync(join(dir, 'check.txt'), 'utf8')).toBe(doc2022());
  });
});
