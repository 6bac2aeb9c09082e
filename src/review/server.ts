import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { parse, serialize } from 'hono/utils/cookie';
import { z } from 'zod';
import { BadInputError, RuleId, Severity, TableType, type Anomaly, type ExtractionResult, type Provenance } from '../model/index.js';
import { CorrectionConflictError, isRoundingNote, NotFoundError, type AnomalyState, type Correction, type Store } from '../store/index.js';
import { CSRF_HEADER, isLoopback, LoginThrottle, SESSION_COOKIE, SessionStore, sameOriginRequest, sameSecret } from './auth.js';
import { cellKey, DocumentViews } from './documents.js';
import { loginPage } from './login-page.js';
import { PAGE_DPIS, PageImages } from './page-images.js';
import { isUploadRequest, registerUploadRoutes, UploadService, type UploadOptions } from './uploads.js';
import { Revalidator } from './revalidate.js';
import type { Auth, Env } from './env.js';
import { registerScaleRoutes } from './scale.js';

export interface ReviewAppOptions {
  readonly store: Store;
  /** When set, every request needs it (login form → session cookie, or `Authorization: Bearer`). */
  readonly token?: string;
  /** Default reviewer name (--reviewer / TALLY_REVIEWER); the login form may give another. */
  readonly reviewer?: string;
  /**
   * Host headers accepted ("127.0.0.1:8080"); anything else is refused, so a DNS-rebound name cannot reach
   * the server from a browser. Filled by the caller once the port is known; undefined skips the check (tests).
   */
  readonly allowedHosts?: ReadonlySet<string>;
  /** Largest request body in bytes (default 64 KiB: a correction is a few hundred bytes). */
  readonly maxBodyBytes?: number;
  /** Failed-login throttle (default: 5 free failures per address, then 1 s, 2 s, 4 s … up to 15 min). */
  readonly loginThrottle?: LoginThrottle;
  /**
   * Behind one reverse proxy (--trust-proxy): the client is the last address of X-Forwarded-For, which that proxy
   * appends, rather than the proxy's own address — else every client would share the proxy's throttle. Only when
   * the request comes from a loopback or private address (the proxy); a direct client's header is ignored.
   */
  readonly trustProxy?: boolean;
  /** Uploads (POST /api/documents) and re-extraction: runner, size limits (see src/review/uploads.ts). */
  readonly uploads?: UploadOptions;
}

export interface ReviewApp {
  readonly app: Hono<Env>;
  readonly revalidator: Revalidator;
  readonly pages: PageImages;
  readonly uploads: UploadService;
}


const Sha = z.string().regex(/^[0-9a-f]{64}$/);
const AnomalyId = z.string().min(1).max(300);
const Key = z.string().min(1).max(200);
const Reviewer = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[^\p{Cc}]+$/u);
const Note = z
  .string()
  .trim()
  .max(500)
  .regex(/^[^\p{Cc}]*$/u);
const State = z.enum(['open', 'resolved', 'dismissed']);

const QueueQuery = z
  .object({
    state: State.optional(),
    sha256: Sha.optional(),
    year: z.coerce.number().int().min(1900).max(2200).optional(),
    department: z.string().min(1).max(200).optional(),
    table: TableType.optional(),
    rule: RuleId.optional(),
    severity: Severity.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .strict();

const ActionBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept'), sha256: Sha, anomalyId: AnomalyId, seen: z.number().finite().nullable() }).strict(),
  z
    .object({
      action: z.literal('edit'),
      sha256: Sha,
      anomalyId: AnomalyId.optional(),
      table: Key,
      row: Key,
      column: Key,
      value: z.number().finite().nullable(),
      seen: z.number().finite().nullable(),
      note: Note.optional(),
    })
    .strict(),
  z.object({ action: z.literal('dismiss'), sha256: Sha, anomalyId: AnomalyId, seen: State, note: Note.min(1) }).strict(),
]);

const PageParams = z.object({ sha: Sha, page: z.coerce.number().int().min(1).max(100_000) });
const DpiQuery = z.object({ dpi: z.coerce.number().pipe(z.union(PAGE_DPIS.map((d) => z.literal(d)))).default(100) });
const LoginForm = z.object({ reviewer: z.string().max(200).optional(), token: z.string().max(500).optional() });

/** Static files, read once; requests name a key of this table, never a path. */
const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/document': { file: 'document.html', type: 'text/html; charset=utf-8' },
  '/assets/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
  '/assets/common.js': { file: 'common.js', type: 'text/javascript; charset=utf-8' },
  '/assets/review.js': { file: 'review.js', type: 'text/javascript; charset=utf-8' },
  '/assets/document.js': { file: 'document.js', type: 'text/javascript; charset=utf-8' },
  // Review at scale (src/review/scale.ts): the document list, one department across years, the queue's extras.
  '/documents': { file: 'documents.html', type: 'text/html; charset=utf-8' },
  '/department': { file: 'department.html', type: 'text/html; charset=utf-8' },
  '/assets/documents.js': { file: 'documents.js', type: 'text/javascript; charset=utf-8' },
  '/assets/department.js': { file: 'department.js', type: 'text/javascript; charset=utf-8' },
  '/assets/scale.js': { file: 'scale.js', type: 'text/javascript; charset=utf-8' },
  '/assets/bulk.js': { file: 'bulk.js', type: 'text/javascript; charset=utf-8' },
  // The upload section and the re-extraction button (routes in uploads.ts).
  '/assets/upload.js': { file: 'upload.js', type: 'text/javascript; charset=utf-8' },
  '/assets/upload.css': { file: 'upload.css', type: 'text/css; charset=utf-8' },
  '/assets/reprocess.js': { file: 'reprocess.js', type: 'text/javascript; charset=utf-8' },
};
/** HttpOnly: page script never sees the session; SameSite=Strict: no other site's page can send it. */
const COOKIE_OPTIONS = { httpOnly: true, sameSite: 'Strict', path: '/' } as const;

/** The session id from a Cookie header (middleware reads the header itself: its context type is too loose for getCookie). */
function sessionCookie(header: string | undefined): string | undefined {
  return header === undefined ? undefined : parse(header, SESSION_COOKIE)[SESSION_COOKIE];
}

const PUBLIC = new Set(['/login', '/assets/app.css', '/favicon.ico']);

function loadAssets(): Map<string, { body: string; type: string }> {
  // Next to this module in the source tree; a build into dist/ keeps reading them from src/ (no build step).
  const candidates = [new URL('./assets/', import.meta.url), new URL('../../../src/review/assets/', import.meta.url)];
  for (const dir of candidates) {
    try {
      const out = new Map<string, { body: string; type: string }>();
      for (const [route, a] of Object.entries(ASSETS)) out.set(route, { body: readFileSync(new URL(a.file, dir), 'utf8'), type: a.type });
      return out;
    } catch {
      // try the next place
    }
  }
  throw new BadInputError('review: the page assets (src/review/assets) are missing from this installation');
}

/**
 * A header value a script sent as text: percent-encoded UTF-8 ("%E5%BC%A0%E4%B8%89"), or raw UTF-8 bytes, which
 * Node hands over as Latin-1 (curl -H 'X-Tally-Reviewer: 张三'). Anything else as it is.
 */
export function headerText(value: string): string {
  if (/%[0-9a-f]{2}/i.test(value)) {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  if (/[\u0080-\u00ff]/.test(value) && [...value].every((ch) => ch.charCodeAt(0) <= 0xff)) {
    const utf8 = Buffer.from(value, 'latin1').toString('utf8');
    if (!utf8.includes('\ufffd')) return utf8;
  }
  return value;
}

/** The client's address as the socket saw it ('local' when the app is called without a server, in tests). */
function clientAddress(c: { env: unknown; req: { header(name: string): string | undefined } }, trustProxy = false): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const peer = incoming?.socket.remoteAddress ?? 'local';
  if (!trustProxy || !(peer === 'local' || isLoopback(peer) || isPrivateAddress(peer))) return peer;
  const forwarded = c.req.header('x-forwarded-for');
  const last = forwarded?.split(',').pop()?.trim();
  return last ? `fwd:${last.slice(0, 64)}` : peer;
}

/** 10/8, 172.16/12, 192.168/16, fc00::/7 and their IPv4-mapped forms: where a reverse proxy sits. */
export function isPrivateAddress(address: string): boolean {
  const a = address.replace(/^::ffff:/i, '');
  if (/^10\./.test(a) || /^192\.168\./.test(a)) return true;
  const m = /^172\.(\d+)\./.exec(a);
  if (m && Number(m[1]) >= 16 && Number(m[1]) <= 31) return true;
  return /^f[cd][0-9a-f]{2}:/i.test(a);
}

const problem = (c: Context<Env>, status: 400 | 401 | 403 | 404 | 409 | 413 | 421, error: string, extra: Record<string, unknown> = {}) =>
  c.json({ error, ...extra }, status);

function reasonFor(action: z.infer<typeof ActionBody>, anomaly: Anomaly | undefined): string {
  switch (action.action) {
    case 'accept':
      return `采纳建议值${anomaly?.suggestion ? `（${anomaly.suggestion.derivation}）` : ''}`;
    case 'edit':
      return action.note !== undefined && action.note !== '' ? `手工修改：${action.note}` : '手工修改';
    case 'dismiss':
      return `误报，原值无误：${action.note}`;
  }
}

export function createReviewApp(options: ReviewAppOptions): ReviewApp {
  const { store } = options;
  const views = new DocumentViews(store);
  const revalidator = new Revalidator(store, views);
  const pages = new PageImages(store);
  const sessions = new SessionStore();
  const assets = loadAssets();
  const uploads = new UploadService(store, options.uploads);
  const app = new Hono<Env>();

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
      crossOriginResourcePolicy: 'same-origin',
    }),
  );

  app.use('*', async (c, next) => {
    if (options.allowedHosts && !options.allowedHosts.has(new URL(c.req.url).host)) {
      return c.json({ error: '主机名不被接受' }, 421);
    }
    await next();
    // Nothing the server sends is for a shared cache: review data and sessions are private.
    c.header('Cache-Control', c.req.path.startsWith('/api/documents/') && c.req.path.includes('/pages/') ? 'private, max-age=3600' : 'no-store');
  });

  const limit: MiddlewareHandler<Env> = bodyLimit({ maxSize: options.maxBodyBytes ?? 64 * 1024, onError: (c) => c.json({ error: '请求体过大' }, 413) });
  // Uploads stream their body to disk under their own limits (src/review/uploads.ts).
  app.use('*', (c, next) => (isUploadRequest(c.req) ? next() : limit(c as Context<Env, string>, next)));

  /** Same-origin check for writes (Sec-Fetch-Site, else Origin): see sameOriginRequest. */
  const originOk = sameOriginRequest;
  const throttle = options.loginThrottle ?? new LoginThrottle();

  // Browsers ask for it on every page; answering keeps their consoles free of a 404.
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get('/login', (c) => c.html(loginPage({ tokenRequired: options.token !== undefined, reviewer: options.reviewer ?? '' })));
  app.post('/login', async (c) => {
    if (!originOk(c.req)) return problem(c, 403, '来源校验失败');
    const client = clientAddress(c, options.trustProxy);
    const wait = throttle.waitMs(client);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      c.header('Retry-After', String(seconds));
      const message = `登录失败次数过多，请 ${seconds} 秒后再试`;
      return c.html(loginPage({ tokenRequired: options.token !== undefined, reviewer: options.reviewer ?? '', message }), 429);
    }
    const form = LoginForm.safeParse(Object.fromEntries(Object.entries(await c.req.parseBody()).filter(([, v]) => typeof v === 'string')));
    if (!form.success) return problem(c, 400, '请求无效');
    const tokenRequired = options.token !== undefined;
    const fail = (message: string) =>
      c.html(loginPage({ tokenRequired, reviewer: form.data.reviewer ?? options.reviewer ?? '', message }), 401);
    if (tokenRequired && !sameSecret(form.data.token ?? '', options.token ?? '')) {
      throttle.failed(client);
      return fail('令牌不正确');
    }
    throttle.succeeded(client);
    const reviewer = Reviewer.safeParse(form.data.reviewer !== undefined && form.data.reviewer.trim() !== '' ? form.data.reviewer : options.reviewer);
    if (!reviewer.success) return fail('请填写审核人姓名（1–80 个字符）');
    const old = getCookie(c, SESSION_COOKIE);
    if (old !== undefined) sessions.delete(old);
    const session = sessions.create(reviewer.data);
    setCookie(c, SESSION_COOKIE, session.id, COOKIE_OPTIONS);
    return c.redirect('/', 303);
  });
  app.post('/logout', (c) => {
    const id = getCookie(c, SESSION_COOKIE);
    if (!originOk(c.req)) return problem(c, 403, '来源校验失败');
    if (id !== undefined) sessions.delete(id);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });

  // Authentication, then CSRF for every write.
  app.use('*', async (c, next) => {
    if (PUBLIC.has(c.req.path)) return next();
    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    let auth: Auth | undefined;
    if (bearer !== undefined && options.token !== undefined) {
      // A bearer header is a guess at the token like the login form: the same throttle counts it.
      const client = clientAddress(c, options.trustProxy);
      const wait = throttle.waitMs(client);
      if (wait > 0) {
        c.header('Retry-After', String(Math.ceil(wait / 1000)));
        return c.json({ error: '登录失败次数过多，请稍后再试' }, 429);
      }
      if (sameSecret(bearer, options.token)) throttle.succeeded(client);
      else throttle.failed(client);
    }
    if (bearer !== undefined && options.token !== undefined && sameSecret(bearer, options.token)) {
      const header = c.req.header('x-tally-reviewer');
      const reviewer = Reviewer.safeParse(header !== undefined ? headerText(header) : options.reviewer);
      if (!reviewer.success) return c.json({ error: '请用 X-Tally-Reviewer 头或 --reviewer 给出审核人' }, 400);
      auth = { reviewer: reviewer.data, via: 'bearer' };
    } else {
      const session = sessions.get(sessionCookie(c.req.header('cookie')));
      if (session) auth = { reviewer: session.reviewer, via: 'session', session };
      else if (options.token === undefined && options.reviewer !== undefined && c.req.method === 'GET' && ASSETS[c.req.path]?.file.endsWith('.html')) {
        // Loopback without a token and with a reviewer named on the command line: open the page straight away.
        const created = sessions.create(options.reviewer);
        c.header('Set-Cookie', serialize(SESSION_COOKIE, created.id, COOKIE_OPTIONS), { append: true });
        auth = { reviewer: created.reviewer, via: 'session', session: created };
      }
    }
    if (!auth) {
      if (c.req.method === 'GET' && !c.req.path.startsWith('/api/')) return c.redirect('/login', 303);
      return c.json({ error: '未登录或会话已过期' }, 401);
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const origin = c.req.header('origin');
      if (auth.via === 'session') {
        if (!originOk(c.req)) return c.json({ error: '来源校验失败' }, 403);
        if (!sameSecret(c.req.header(CSRF_HEADER) ?? '', auth.session?.csrf ?? '')) return c.json({ error: 'CSRF 令牌无效' }, 403);
      } else if (origin !== undefined && !originOk(c.req)) {
        return c.json({ error: '来源校验失败' }, 403);
      }
    }
    c.set('auth', auth);
    return next();
  });

  for (const route of Object.keys(ASSETS)) {
    app.get(route, (c) => {
      const a = assets.get(route);
      if (!a) return c.notFound();
      return c.body(a.body, 200, { 'Content-Type': a.type });
    });
  }

  app.get('/api/session', (c) => {
    const auth = c.get('auth');
    return c.json({ reviewer: auth.reviewer, csrf: auth.session?.csrf ?? null });
  });

  app.get('/api/queue', (c) => {
    const q = QueueQuery.safeParse(c.req.query());
    if (!q.success) return problem(c, 400, '查询参数无效', { issues: q.error.issues.map((i) => i.path.join('.')) });
    const d = q.data;
    const t0 = performance.now();
    const page = store.queryAnomalies({
      limit: d.limit,
      offset: d.offset,
      ...(d.state !== undefined ? { state: d.state } : {}),
      ...(d.sha256 !== undefined ? { sha256: d.sha256 } : {}),
      ...(d.year !== undefined ? { year: d.year } : {}),
      ...(d.department !== undefined ? { department: d.department } : {}),
      ...(d.table !== undefined ? { tableType: d.table } : {}),
      ...(d.rule !== undefined ? { rule: d.rule } : {}),
      ...(d.severity !== undefined ? { severity: d.severity } : {}),
    });
    return c.json({
      total: page.total,
      offset: q.data.offset,
      limit: q.data.limit,
      facets: page.facets,
      items: page.items.map((i) => ({
        sha256: i.sha256,
        id: i.anomaly.id,
        rule: i.anomaly.rule,
        severity: i.anomaly.severity,
        state: i.state,
        message: i.anomaly.message,
        found: i.anomaly.found ?? null,
        expected: i.anomaly.expected ?? null,
        hasSuggestion: i.anomaly.suggestion !== undefined,
        table: i.anomaly.table,
        tableTitle: i.tableTitle,
        tableType: i.tableType,
        path: i.path,
        department: i.department,
        year: i.year,
      })),
      ms: Math.round((performance.now() - t0) * 10) / 10,
    });
  });

  app.get('/api/documents', (c) => {
    return c.json({
      documents: store.listDocuments({ status: 'done' }).map((d) => ({
        sha256: d.sha256,
        path: d.path,
        format: d.format,
        pages: d.pages,
        department: d.department,
        year: d.year,
        kind: d.kind,
      })),
    });
  });

  const docHeader = (sha: string, result: ExtractionResult) => {
    const d = store.getDocument(sha);
    return {
      sha256: sha,
      path: d?.path ?? result.source.path,
      format: result.source.format,
      pages: result.source.pages,
      department: result.meta.department,
      year: result.meta.year,
      kind: result.meta.kind,
      unit: result.meta.unit,
      status: d?.status ?? 'done',
      error: d?.error ?? null,
      departmentId: store.departmentOf(sha)?.id ?? null,
    };
  };

  app.get('/api/documents/:sha', (c) => {
    const sha = Sha.safeParse(c.req.param('sha'));
    if (!sha.success) return problem(c, 404, '没有这个文档');
    const doc = views.corrected(sha.data);
    const record = store.getDocument(sha.data);
    if (!doc && record) {
      // Not extracted (yet, or it failed): the page shows its status and reason instead of tables.
      const { sha256, path, format, pages, department, year, kind, unit, status, error, attempts } = record;
      return c.json({ document: { sha256, path, format, pages, department, year, kind, unit, status, error, attempts }, tables: [], anomalies: [] });
    }
    if (!doc) return problem(c, 404, '没有这个文档');
    const states = store.listAnomalies(sha.data);
    return c.json({
      document: docHeader(sha.data, doc.result),
      tables: doc.result.tables.map((t) => ({
        id: t.id,
        type: t.type,
        title: t.title,
        unit: t.unit,
        unitText: t.unitText ?? null,
        template: t.template,
        pages: t.pages ?? (t.source.page !== undefined ? [t.source.page] : []),
        columns: t.columns,
        rows: t.rows.map((r) => ({
          id: r.id,
          code: r.code ?? null,
          label: r.label,
          role: r.role,
          cells: Object.fromEntries(
            Object.entries(r.cells).map(([k, cell]) => [
              k,
              { raw: cell.raw, value: cell.value, corrected: doc.corrections.has(cellKey(t.id, r.id, k)), page: cell.source.page ?? null, bbox: cell.source.bbox ?? null },
            ]),
          ),
        })),
      })),
      anomalies: states.map((s) => compactAnomaly(s.anomaly, s.state)),
    });
  });

  app.get('/api/documents/:sha/anomalies/:id', async (c) => {
    const sha = Sha.safeParse(c.req.param('sha'));
    const id = AnomalyId.safeParse(c.req.param('id'));
    if (!sha.success || !id.success) return problem(c, 404, '没有这个异常');
    const stored = store.getAnomaly(sha.data, id.data);
    const doc = views.corrected(sha.data);
    if (!stored || !doc) return problem(c, 404, '没有这个异常');
    const a = stored.anomaly;
    const table = doc.result.tables.find((t) => t.id === a.table);
    const rowIds = [...new Set([a.row, a.suggestion?.table === a.table ? a.suggestion.row : undefined].filter((r): r is string => r !== undefined))];
    const rowOut = (tableId: string, rowId: string) => {
      const t = doc.result.tables.find((x) => x.id === tableId);
      const r = t?.rows.find((x) => x.id === rowId);
      if (!t || !r) return undefined;
      const original = views.original(sha.data)?.tables.find((x) => x.id === tableId)?.rows.find((x) => x.id === rowId);
      return {
        table: tableId,
        id: r.id,
        code: r.code ?? null,
        label: r.label,
        role: r.role,
        bbox: r.source.bbox ?? null,
        page: r.source.page ?? null,
        cells: Object.fromEntries(
          Object.entries(r.cells).map(([k, cell]) => [
            k,
            {
              raw: cell.raw,
              value: cell.value,
              original: original?.cells[k]?.value ?? null,
              originalRaw: original?.cells[k]?.raw ?? null,
              corrected: doc.corrections.has(cellKey(tableId, r.id, k)),
              page: cell.source.page ?? null,
              bbox: cell.source.bbox ?? null,
            },
          ]),
        ),
      };
    };
    const rows = rowIds.map((r) => rowOut(a.table, r)).filter((r) => r !== undefined);
    const s = a.suggestion;
    const suggestionRow = s && s.table !== a.table ? rowOut(s.table, s.row) : undefined;
    if (suggestionRow) rows.push(suggestionRow);
    const currentOf = (t: string, r: string, k: string): number | null | undefined =>
      doc.result.tables.find((x) => x.id === t)?.rows.find((x) => x.id === r)?.cells[k]?.value;
    const source = await sourcePreview(doc.result, a.source, pages);
    const touched = new Set(rows.flatMap((r) => Object.keys(r.cells).map((k) => cellKey(r.table, r.id, k))));
    const history = store
      .listCorrections({ sha256: sha.data, includeUndone: true })
      .filter((x) => x.anomalyId === a.id || (x.table !== null && x.row !== null && x.column !== null && touched.has(cellKey(x.table, x.row, x.column))))
      .map(correctionOut);
    return c.json({
      document: docHeader(sha.data, doc.result),
      anomaly: a,
      state: stored.state,
      table: table ? { id: table.id, title: table.title, type: table.type, unit: table.unit, unitText: table.unitText ?? null, columns: table.columns } : null,
      rows,
      suggestion: s ? { ...s, current: currentOf(s.table, s.row, s.column) ?? null } : null,
      source,
      history,
    });
  });

  app.get('/api/documents/:sha/revalidation', async (c) => {
    const sha = Sha.safeParse(c.req.param('sha'));
    if (!sha.success) return problem(c, 404, '没有这个文档');
    const after = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0).safeParse(c.req.query('after'));
    if (!after.success) return problem(c, 400, '查询参数无效');
    const r = await revalidator.settled(sha.data, after.data);
    return c.json(r ?? { sha256: sha.data, upTo: 0, opened: [], closed: [], ms: 0 });
  });

  app.get('/api/documents/:sha/pages/:page', async (c) => {
    const p = PageParams.safeParse(c.req.param());
    const q = DpiQuery.safeParse(c.req.query());
    if (!p.success || !q.success) return problem(c, 404, '没有这一页');
    const png = await pages.png(p.data.sha, p.data.page, q.data.dpi);
    return c.body(png.slice().buffer, 200, { 'Content-Type': 'image/png' });
  });

  app.post('/api/corrections', async (c) => {
    const body = ActionBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return problem(c, 400, '请求无效', { issues: body.error.issues.map((i) => i.path.join('.') || i.message) });
    const b = body.data;
    const reviewer = c.get('auth').reviewer;
    const anomaly = b.anomalyId !== undefined ? store.getAnomaly(b.sha256, b.anomalyId)?.anomaly : undefined;
    const reason = reasonFor(b, anomaly);
    const correction =
      b.action === 'accept'
        ? store.applyCorrection({ sha256: b.sha256, kind: 'accept', anomalyId: b.anomalyId, seen: b.seen, reason, reviewer })
        : b.action === 'edit'
          ? store.applyCorrection({
              sha256: b.sha256,
              kind: 'edit',
              ...(b.anomalyId !== undefined ? { anomalyId: b.anomalyId } : {}),
              table: b.table,
              row: b.row,
              column: b.column,
              value: b.value,
              seen: b.seen,
              reason,
              reviewer,
            })
          : store.applyCorrection({ sha256: b.sha256, kind: 'dismiss', anomalyId: b.anomalyId, seen: b.seen, reason, reviewer });
    void revalidator.schedule(b.sha256, afterResponse(c)).catch(() => undefined);
    return c.json({ correction: correctionOut(correction) }, 201);
  });

  app.post('/api/corrections/:id/undo', (c) => {
    const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).safeParse(c.req.param('id'));
    if (!id.success) return problem(c, 404, '没有这条修改');
    const correction = store.undoCorrection(id.data, c.get('auth').reviewer);
    void revalidator.schedule(correction.sha256, afterResponse(c)).catch(() => undefined);
    return c.json({ correction: correctionOut(correction) });
  });

  registerUploadRoutes(app, store, uploads);

  app.get('/api/corrections', (c) => {
    const sha = Sha.optional().safeParse(c.req.query('sha256'));
    if (!sha.success) return problem(c, 400, '查询参数无效');
    return c.json({
      corrections: store.listCorrections({ ...(sha.data !== undefined ? { sha256: sha.data } : {}), includeUndone: true }).map(correctionOut),
    });
  });

  registerScaleRoutes(app, store);

  app.notFound((c) => problem(c, 404, '没有这个地址'));
  app.onError((e, c) => {
    if (e instanceof CorrectionConflictError) return problem(c, 409, e.message, { current: e.current, seen: e.seen });
    if (e instanceof NotFoundError) return problem(c, 404, e.message);
    if (e instanceof BadInputError) return problem(c, 400, e.message);
    // Internal detail stays in the server's log, not in the reviewer's page.
    console.error(e);
    return c.json({ error: '服务器内部错误' }, 500);
  });

  return { app, revalidator, pages, uploads };
}

/**
 * Resolves once the response has gone out. Re-validation is CPU-bound for hundreds of milliseconds; started any
 * earlier it would hold the reviewer's write response (and the next anomaly) behind it. Under @hono/node-server
 * the Node response is c.env.outgoing; elsewhere (app.request in tests) it resolves at once.
 */
function afterResponse(c: Context<Env>): Promise<void> {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (!outgoing || typeof outgoing.once !== 'function' || outgoing.writableFinished) return Promise.resolve();
  return new Promise((resolve) => {
    outgoing.once('finish', () => resolve());
    outgoing.once('close', () => resolve());
  });
}

function compactAnomaly(a: Anomaly, state: AnomalyState) {
  return {
    id: a.id,
    rule: a.rule,
    severity: a.severity,
    state,
    table: a.table,
    row: a.row ?? null,
    column: a.column ?? null,
    found: a.found ?? null,
    expected: a.expected ?? null,
    difference: a.difference ?? null,
    tolerance: a.tolerance ?? null,
    /** A 尾数误差 note (what "accept every rounding note" closes). */
    rounding: isRoundingNote(a),
    message: a.message,
    suggestion: a.suggestion ?? null,
    related: a.related,
  };
}

function correctionOut(c: Correction) {
  return {
    id: c.id,
    sha256: c.sha256,
    kind: c.kind,
    anomalyId: c.anomalyId,
    table: c.table,
    row: c.row,
    column: c.column,
    oldValue: c.oldValue,
    newValue: c.newValue,
    reason: c.reason,
    reviewer: c.reviewer,
    at: c.at,
    undoneAt: c.undoneAt,
  };
}

/**
 * What the page shows as the source of a flagged value: for paged sources the page (the image is fetched
 * separately by sha256 + page number); for text exports the source lines around it; for DOCX/HTML/XLSX the
 * source grid row with the cell's sheet/address.
 */
async function sourcePreview(result: ExtractionResult, source: Provenance, pages: PageImages) {
  const out: {
    page: number | null;
    bbox: Provenance['bbox'] | null;
    lines: { n: number; text: string; hit: boolean }[] | null;
    grid: { id: string; row: number; col: number; sheet: string | null; address: string | null; cells: string[] } | null;
    note: string | null;
  } = { page: source.page ?? null, bbox: source.bbox ?? null, lines: null, grid: null, note: null };
  if (source.cell) {
    const cell = source.cell;
    const grid = result.grids.find((g) => g.id === cell.grid);
    if (grid) {
      const cells: string[] = [];
      for (const gc of grid.cells) if (gc.row <= cell.row && cell.row < gc.row + gc.rowSpan) cells[gc.col] = gc.text;
      out.grid = { id: grid.id, row: cell.row, col: cell.col, sheet: cell.sheet ?? null, address: cell.address ?? null, cells: Array.from(cells, (x) => x ?? '') };
    }
  }
  if (source.line && result.source.format === 'text') {
    try {
      const text = new TextDecoder('utf-8').decode(await pages.sourceBytes(result.source.sha256));
      const all = text.split(/\r?\n/);
      const from = Math.max(1, source.line.start - 2);
      const to = Math.min(all.length, source.line.end + 2);
      out.lines = [];
      for (let n = from; n <= to; n++) out.lines.push({ n, text: all[n - 1] ?? '', hit: n >= source.line.start && n <= source.line.end });
    } catch {
      // The store keeps results, not sources: a moved or edited source file leaves the grid row to show.
      out.note = '源文件已不在记录的路径（或内容已改变），无法显示原文行。';
    }
  }
  return out;
}
