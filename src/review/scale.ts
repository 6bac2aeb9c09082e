import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { RuleId, Severity } from '../model/index.js';
import type { BulkSelection, DepartmentRecord, Store } from '../store/index.js';
import type { Env } from './env.js';

/**
 * Review at scale, registered on the review app after its authentication and CSRF middleware (so every POST here
 * obeys the same session / CSRF / bearer rules): the document list, counts, search, bulk actions with a dry run and
 * an undo of the whole batch, and one department across years with merge and split.
 */

const Sha = z.string().regex(/^[0-9a-f]{64}$/);
const Year = z.coerce.number().int().min(1900).max(2200);
const DeptId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const Status = z.enum(['queued', 'processing', 'done', 'failed']);
const Text = z
  .string()
  .trim()
  .max(200)
  .regex(/^[^\p{Cc}]*$/u);
const Note = z
  .string()
  .trim()
  .max(500)
  .regex(/^[^\p{Cc}]*$/u);
const Name = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\p{Cc}]+$/u);

const ListQuery = z
  .object({
    status: Status.optional(),
    year: Year.optional(),
    kind: z
      .string()
      .regex(/^[a-z_]{1,40}$/)
      .optional(),
    department: DeptId.optional(),
    text: Text.optional(),
    open: z.enum(['yes', 'no']).optional(),
    sort: z
      .enum(['added', 'year', 'department', 'path', 'status', 'kind', 'pages', 'open', 'progress'])
      .default('year'),
    order: z.enum(['asc', 'desc']).default('asc'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .strict();

const ScopeQuery = z
  .object({ sha256: Sha.optional(), year: Year.optional(), department: DeptId.optional() })
  .strict();

const SearchQuery = z
  .object({
    by: z.enum(['text', 'code', 'value']).default('text'),
    q: Text.pipe(z.string().min(1)),
    sha256: Sha.optional(),
    year: Year.optional(),
    department: DeptId.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

const Selection = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept_rounding'), sha256: Sha }).strict(),
  z
    .object({
      action: z.literal('dismiss_rule'),
      rule: RuleId,
      severity: Severity.optional(),
      sha256: Sha.optional(),
      year: z.number().int().min(1900).max(2200).optional(),
      departmentId: z.number().int().positive().optional(),
    })
    .strict()
    .refine((s) => s.sha256 !== undefined || s.year !== undefined || s.departmentId !== undefined, {
      message: '按规则批量处理须限定文档、部门或年度',
    }),
]);
const PreviewBody = z.object({ selection: Selection }).strict();
const BulkBody = z
  .object({ selection: Selection, expected: z.number().int().min(1).max(1_000_000), note: Note.default('') })
  .strict()
  .refine((b) => b.selection.action !== 'dismiss_rule' || b.note !== '', {
    message: '请填写标记误报的理由',
    path: ['note'],
  });
const MergeBody = z
  .object({ into: z.number().int().positive(), from: z.array(z.number().int().positive()).min(1).max(50) })
  .strict();
const SplitBody = z.object({ sha256s: z.array(Sha).min(1).max(500), name: Name }).strict();

const bad = (c: Context, issues: z.ZodError) =>
  c.json(
    {
      error: '请求无效',
      issues: issues.issues.map((i) => i.path.join('.') || i.message),
      messages: issues.issues.map((i) => i.message),
    },
    400,
  );

/** A selection as the store takes it (exactOptionalPropertyTypes: absent, never undefined). */
function selectionOf(s: z.infer<typeof Selection>): BulkSelection {
  if (s.action === 'accept_rounding') return { action: 'accept_rounding', sha256: s.sha256 };
  return {
    action: 'dismiss_rule',
    rule: s.rule,
    ...(s.severity !== undefined ? { severity: s.severity } : {}),
    ...(s.sha256 !== undefined ? { sha256: s.sha256 } : {}),
    ...(s.year !== undefined ? { year: s.year } : {}),
    ...(s.departmentId !== undefined ? { departmentId: s.departmentId } : {}),
  };
}

const scopeOf = (q: {
  sha256?: string | undefined;
  year?: number | undefined;
  department?: number | undefined;
}) => ({
  ...(q.sha256 !== undefined ? { sha256: q.sha256 } : {}),
  ...(q.year !== undefined ? { year: q.year } : {}),
  ...(q.department !== undefined ? { departmentId: q.department } : {}),
});

function departmentOut(d: DepartmentRecord) {
  return {
    id: d.id,
    name: d.name,
    keys: d.keys,
    documents: d.documents.map((x) => ({
      sha256: x.sha256,
      path: x.path,
      year: x.year,
      kind: x.kind,
      printed: x.printed,
      key: x.key,
      how: x.how,
      evidence: x.evidence,
    })),
  };
}

export function registerScaleRoutes(app: Hono<Env>, store: Store): void {
  app.get('/api/stats', (c) => {
    const q = ScopeQuery.safeParse(c.req.query());
    if (!q.success) return bad(c, q.error);
    return c.json(store.reviewStats(scopeOf(q.data)));
  });

  app.get('/api/document-list', (c) => {
    const q = ListQuery.safeParse(c.req.query());
    if (!q.success) return bad(c, q.error);
    const d = q.data;
    const t0 = performance.now();
    const page = store.listDocumentSummaries({
      sort: d.sort,
      order: d.order,
      limit: d.limit,
      offset: d.offset,
      ...(d.status !== undefined ? { status: d.status } : {}),
      ...(d.year !== undefined ? { year: d.year } : {}),
      ...(d.kind !== undefined ? { kind: d.kind } : {}),
      ...(d.department !== undefined ? { departmentId: d.department } : {}),
      ...(d.text !== undefined && d.text !== '' ? { text: d.text } : {}),
      ...(d.open !== undefined ? { hasOpen: d.open === 'yes' } : {}),
    });
    return c.json({
      ...page,
      offset: d.offset,
      limit: d.limit,
      ms: Math.round((performance.now() - t0) * 10) / 10,
    });
  });

  app.get('/api/search', (c) => {
    const q = SearchQuery.safeParse(c.req.query());
    if (!q.success) return bad(c, q.error);
    const d = q.data;
    const t0 = performance.now();
    const page = store.search({ by: d.by, q: d.q, limit: d.limit, offset: d.offset, ...scopeOf(d) });
    if (d.by === 'value' && page.value === null)
      return c.json({ error: '请输入一个数字，例如 1,234.56 或 1234.56万元' }, 400);
    return c.json({
      ...page,
      offset: d.offset,
      limit: d.limit,
      ms: Math.round((performance.now() - t0) * 10) / 10,
    });
  });

  app.post('/api/bulk/preview', async (c) => {
    const body = PreviewBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return bad(c, body.error);
    return c.json(store.previewBulk(selectionOf(body.data.selection)));
  });

  app.post('/api/bulk', async (c) => {
    const body = BulkBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return bad(c, body.error);
    const b = body.data;
    const batch = store.applyBulk({
      selection: selectionOf(b.selection),
      expected: b.expected,
      note: b.note,
      reviewer: c.get('auth').reviewer,
    });
    return c.json({ batch }, 201);
  });

  app.get('/api/bulk', (c) => c.json({ batches: store.listBulk(50) }));

  app.post('/api/bulk/:id/undo', (c) => {
    const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).safeParse(c.req.param('id'));
    if (!id.success) return c.json({ error: '没有这次批量操作' }, 404);
    return c.json({ batch: store.undoBulk(id.data, c.get('auth').reviewer) });
  });

  app.get('/api/departments', (c) =>
    c.json({
      departments: store.listDepartments().map((d) => ({
        id: d.id,
        name: d.name,
        keys: d.keys,
        documents: d.documents.length,
        years: [...new Set(d.documents.map((x) => x.year).filter((y): y is number => y !== null))].sort(),
      })),
    }),
  );

  app.get('/api/departments/:id', (c) => {
    const id = DeptId.safeParse(c.req.param('id'));
    const d = id.success ? store.getDepartment(id.data) : undefined;
    if (!id.success || !d) return c.json({ error: '没有这个部门' }, 404);
    return c.json({ department: departmentOut(d), ...store.departmentOverview(id.data) });
  });

  app.post('/api/departments/merge', async (c) => {
    const body = MergeBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return bad(c, body.error);
    if (body.data.from.includes(body.data.into)) return c.json({ error: '不能把部门合并到它自己' }, 400);
    const d = store.mergeDepartments(body.data.into, body.data.from, c.get('auth').reviewer);
    return c.json({ department: departmentOut(d) });
  });

  app.post('/api/departments/split', async (c) => {
    const body = SplitBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return bad(c, body.error);
    const d = store.splitDepartment(body.data.sha256s, body.data.name, c.get('auth').reviewer);
    return c.json({ department: departmentOut(d) }, 201);
  });
}
