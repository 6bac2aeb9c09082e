/**
 * Fault planting: each kind is a function that finds the places in one document where its fault can be planted
 * and returns, per place, the document with that one fault written into the reader's spans (before table
 * reconstruction, so the whole pipeline sees it). Deterministic: candidates are drawn with a seeded RNG.
 * The unaltered document is never mutated; a plant copies the pages it changes.
 */
import type {
  BBox,
  Cell,
  ExtractedDocument,
  ExtractionResult,
  NormalizedTable,
  Page,
  Provenance,
  RuleId,
  TableType,
  TextSpan,
} from '../../src/model/index.js';
import { FINAL_ACCOUNT_TABLES } from '../../src/model/index.js';
import { collectIdentities, evaluate } from '../../src/validate/index.js';
import { normLabel, rowKey, tableKey, termStableKey } from './run.js';

export const PLANT_KINDS = [
  'changed_figure',
  'deleted_table',
  'blanked_row',
  'placeholder_department',
  'wrong_year',
  'narrative_amount',
  'flipped_comparison',
  'changed_rate',
  'split_table',
] as const;
export type PlantKind = (typeof PLANT_KINDS)[number];

export interface Plant {
  readonly kind: PlantKind;
  /** What was changed, for the report: "p12 收支预算总表 / 合计 / total: 1,234.56 → 1,358.02". */
  readonly description: string;
  readonly document: ExtractedDocument;
  /** Where the fault is on the altered document's pages (the changed spans' boxes). */
  readonly sites: readonly Provenance[];
  /** Stable keys (table|row|column) of the cells the fault is in; `table|row|` for a whole row. */
  readonly cellKeys: readonly string[];
  /** Blanked row: table|row|column of every figure removed (a new anomaly on the table in one of these columns flags it). */
  readonly rowColumns?: readonly string[];
  /** Document-level faults: the rules that flag them (missing_table, placeholder_text …). */
  readonly rules?: readonly RuleId[];
  /** split_table: the stable table key whose checks must be kept. */
  readonly splitTable?: string;
  /**
   * Narrative kinds: whether the unaltered document lets anyone tell the plant from the truth — computed here from
   * the document alone, never from what tally says (see README "Checkable plants"). Absent for the other kinds.
   */
  readonly checkable?: boolean;
  /** Why a plant is not checkable, or what makes it checkable. */
  readonly checkableWhy?: string;
  /** The figure planted, for the changed-figure check ("the changed figure is visible in the normalized table"). */
  readonly planted?: {
    readonly tableKey: string;
    readonly rowKey: string;
    readonly column: string;
    readonly value: number;
  };
}

export interface PlantContext {
  readonly read: ExtractedDocument;
  readonly base: ExtractionResult;
  readonly rng: () => number;
}

// ---------------------------------------------------------------------------------------------------------------
// RNG and span editing

/** mulberry32: a small deterministic RNG. */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(xs: readonly T[], rng: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

function pick<T>(xs: readonly T[], rng: () => number): T {
  return xs[Math.floor(rng() * xs.length)] as T;
}

export function center(b: BBox): { x: number; y: number } {
  return { x: (b.x0 + b.x1) / 2, y: (b.y0 + b.y1) / 2 };
}

export function inside(b: BBox, box: BBox, slack = 0.5): boolean {
  const c = center(b);
  return c.x >= box.x0 - slack && c.x <= box.x1 + slack && c.y >= box.y0 - slack && c.y <= box.y1 + slack;
}

export function pageOf(doc: ExtractedDocument, n: number): Page | undefined {
  return doc.pages.find((p) => p.number === n);
}

/** The document with some spans of one page replaced (a span mapped to null is removed). */
export function editSpans(
  doc: ExtractedDocument,
  page: number,
  edit: (span: TextSpan, index: number) => TextSpan | null,
): ExtractedDocument {
  return {
    ...doc,
    pages: doc.pages.map((p) =>
      p.number !== page
        ? p
        : {
            ...p,
            spans: p.spans.flatMap((s, i) => {
              const e = edit(s, i);
              return e ? [e] : [];
            }),
          },
    ),
  };
}

const compact = (s: string): string => s.replace(/\s+/g, '');

/** Boxes intersect (not only centre inside): a span may run past its cell ("3.000000 九、卫生健康支出"). */
export function intersects(a: BBox, b: BBox, slack = 0.5): boolean {
  return a.x0 < b.x1 + slack && b.x0 < a.x1 + slack && a.y0 < b.y1 + slack && b.y0 < a.y1 + slack;
}

/**
 * The span that prints a cell's figure, and where in its text: the span is the figure alone, or runs on into the
 * next cell (then only the figure's characters are edited). Figures split over several spans are skipped.
 */
export function spanOfCell(
  doc: ExtractedDocument,
  cell: Cell,
): { page: number; index: number; span: TextSpan; at: number; raw: string } | undefined {
  const { page, bbox } = cell.source;
  if (page === undefined || !bbox) return undefined;
  const p = pageOf(doc, page);
  if (!p) return undefined;
  const raw = cell.raw.trim();
  if (raw === '' || /\s/.test(raw)) return undefined;
  const hits = p.spans
    .map((span, index) => ({ span, index }))
    .filter(({ span }) => intersects(span.bbox, bbox) && span.text.includes(raw));
  if (hits.length !== 1) return undefined;
  const hit = hits[0];
  if (!hit) return undefined;
  // The figure must stand alone in the span's text (not a part of a longer number).
  const re = new RegExp(`(?<![\\d.,])${raw.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\d.,]*\\d)`, 'u');
  const m = re.exec(hit.span.text);
  if (!m) return undefined;
  return { page, index: hit.index, span: hit.span, at: m.index, raw };
}

/** The span's text with the figure replaced; when the span runs on, padded to keep the following text in place. */
export function replaceFigure(span: TextSpan, at: number, raw: string, text: string): string {
  const alone = span.text.trim() === raw;
  const t = alone ? text : text.padStart(raw.length, ' ');
  return span.text.slice(0, at) + t + span.text.slice(at + raw.length);
}

// ---------------------------------------------------------------------------------------------------------------
// Figures: realistic changes that keep the printed style (thousands separators, decimals)

export function decimalsOf(raw: string): number {
  return /\.(\d+)/.exec(raw)?.[1]?.length ?? 0;
}

export function formatLike(value: number, raw: string): string {
  const d = decimalsOf(raw);
  const s = Math.abs(value).toFixed(d);
  const [int = '', frac] = s.split('.');
  const grouped = /\d,\d{3}/.test(raw) ? int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : int;
  return `${value < 0 ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

/** A changed figure: one digit changed, the decimal point moved, or ±10%; never equal to the original. */
export function mutateFigure(
  raw: string,
  value: number,
  rng: () => number,
): { text: string; value: number; how: string } | undefined {
  const ways = shuffle(['digit', 'decimal', 'ten'], rng);
  for (const way of ways) {
    let text: string | undefined;
    if (way === 'digit') {
      const digits = [...raw].map((c, i) => (/\d/.test(c) ? i : -1)).filter((i) => i >= 0);
      if (digits.length === 0) continue;
      const i = pick(digits, rng);
      const old = Number(raw[i]);
      const d = (old + 1 + Math.floor(rng() * 8)) % 10;
      if (i === digits[0] && d === 0) continue;
      text = raw.slice(0, i) + String(d) + raw.slice(i + 1);
    } else if (way === 'decimal') {
      text = formatLike(value * (rng() < 0.5 ? 10 : 0.1), raw);
    } else {
      text = formatLike(value * (rng() < 0.5 ? 1.1 : 0.9), raw);
    }
    const v = Number(text.replace(/,/g, ''));
    if (text !== raw && Number.isFinite(v) && Math.abs(v - value) > 10 ** -decimalsOf(raw) * 1.5)
      return {
        text,
        value: v,
        how: way === 'digit' ? 'a digit changed' : way === 'decimal' ? 'decimal point moved' : '±10%',
      };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// The kinds

const REQUIRED: ReadonlySet<TableType> = new Set<TableType>([
  ...FINAL_ACCOUNT_TABLES,
  'budget_summary',
  'budget_income',
  'budget_expenditure',
  'budget_fiscal_summary',
  'budget_general_expenditure',
  'budget_basic_expenditure',
  'budget_government_fund',
  'budget_three_public',
]);

function cellKey(t: NormalizedTable, rowId: string | undefined, column: string): string {
  const row = rowId !== undefined ? t.rows.find((r) => r.id === rowId) : undefined;
  return `${tableKey(t)}|${rowKey(row)}|${column}`;
}

/** Cells that take part in at least one identity that holds on the unaltered document, non-zero, one span each. */
function holdingCells(ctx: PlantContext) {
  const byKey = new Map<
    string,
    { table: NormalizedTable; row: string; column: string; cell: Cell; tolerance: number }
  >();
  for (const i of collectIdentities(ctx.base.tables)) {
    const e = evaluate(i);
    if (!e || e.state === 'fails') continue;
    for (const t of [i.lhs, ...i.rhs]) {
      if (t.row === undefined || t.cell.value === null || t.cell.value === 0) continue;
      const k = termStableKey(t);
      const seen = byKey.get(k);
      // The change must exceed what rounding explains in the identity that tolerates most.
      if (seen) seen.tolerance = Math.max(seen.tolerance, e.tolerance + Math.abs(e.difference));
      else
        byKey.set(k, {
          table: t.table,
          row: t.row,
          column: t.column,
          cell: t.cell,
          tolerance: e.tolerance + Math.abs(e.difference),
        });
    }
  }
  return [...byKey.values()];
}

function changedFigure(ctx: PlantContext): Plant[] {
  const out: Plant[] = [];
  for (const c of shuffle(holdingCells(ctx), ctx.rng)) {
    if (out.length >= 12) break;
    const hit = spanOfCell(ctx.read, c.cell);
    if (!hit) continue;
    let m: ReturnType<typeof mutateFigure>;
    for (
      let tries = 0;
      tries < 6 && (!m || Math.abs(m.value - (c.cell.value ?? 0)) <= 2 * c.tolerance);
      tries++
    )
      m = mutateFigure(hit.raw, c.cell.value ?? 0, ctx.rng);
    if (!m || Math.abs(m.value - (c.cell.value ?? 0)) <= 2 * c.tolerance) continue;
    const key = cellKey(c.table, c.row, c.column);
    const row = c.table.rows.find((r) => r.id === c.row);
    out.push({
      kind: 'changed_figure',
      description: `p${hit.page} ${c.table.title || c.table.type} / ${row?.label ?? c.row} / ${c.column}: ${c.cell.raw} → ${m.text} (${m.how})`,
      document: editSpans(ctx.read, hit.page, (s, i) =>
        i === hit.index && m ? { ...s, text: replaceFigure(s, hit.at, hit.raw, m.text) } : s,
      ),
      sites: [{ page: hit.page, bbox: hit.span.bbox }],
      cellKeys: [key],
      planted: { tableKey: tableKey(c.table), rowKey: rowKey(row), column: c.column, value: m.value },
    });
  }
  return out;
}

/** Every page box of a table's grid (header cells included), by page. */
export function tableBoxes(ctx: PlantContext, t: NormalizedTable): Map<number, BBox> {
  const grid = ctx.base.grids.find((g) => g.id === t.grid);
  const boxes = new Map<number, BBox>();
  const add = (p: Provenance): void => {
    if (p.page === undefined || !p.bbox) return;
    const b = boxes.get(p.page);
    boxes.set(
      p.page,
      b
        ? {
            x0: Math.min(b.x0, p.bbox.x0),
            y0: Math.min(b.y0, p.bbox.y0),
            x1: Math.max(b.x1, p.bbox.x1),
            y1: Math.max(b.y1, p.bbox.y1),
          }
        : { ...p.bbox },
    );
  };
  for (const c of grid?.cells ?? []) add(c.source);
  for (const r of t.rows) add(r.source);
  return boxes;
}

/** A 目录 line (on a page the table is not on, before it) names the table: its title without the year. */
function tocLists(ctx: PlantContext, t: NormalizedTable, boxes: Map<number, BBox>): boolean {
  const name = normLabel(t.title)
    .replace(/^.*?20\d\d年度?/u, '')
    .replace(/^部门综合预算|^预算\d+表/u, '');
  if (name.length < 4) return false;
  const first = Math.min(...boxes.keys());
  return linesOf(ctx).some((l) => l.page < first && !boxes.has(l.page) && normLabel(l.text).includes(name));
}

function deletedTable(ctx: PlantContext): Plant[] {
  const out: Plant[] = [];
  const seen = new Set<TableType>();
  for (const t of shuffle(ctx.base.tables, ctx.rng)) {
    if (!REQUIRED.has(t.type) || t.template || seen.has(t.type)) continue;
    seen.add(t.type);
    const boxes = tableBoxes(ctx, t);
    if (boxes.size === 0) continue;
    let doc = ctx.read;
    const sites: Provenance[] = [];
    const title = normLabel(t.title);
    for (const [page, box] of boxes) {
      sites.push({ page, bbox: box });
      doc = editSpans(doc, page, (s) => {
        if (inside(s.bbox, box, 2)) return null;
        // The title line(s) above the table go too: on its first page, and on each page that repeats it.
        const txt = normLabel(s.text);
        if (
          title &&
          txt.length >= 2 &&
          s.bbox.y1 <= box.y0 + 2 &&
          s.bbox.y0 >= box.y0 - 120 &&
          (title.includes(txt) || txt.includes(title))
        )
          return null;
        return s;
      });
    }
    out.push({
      kind: 'deleted_table',
      description: `${t.type} 《${t.title}》 (pp. ${[...boxes.keys()].join(',')}) removed${tocLists(ctx, t, boxes) ? '; the 目录 still lists it' : ''}`,
      document: doc,
      sites,
      cellKeys: [],
      rules: ['missing_table', 'toc_mismatch', 'check_skipped'],
    });
  }
  return out;
}

function blankedRow(ctx: PlantContext): Plant[] {
  const out: Plant[] = [];
  const rows = new Map<string, { table: NormalizedTable; row: string }>();
  for (const c of holdingCells(ctx)) {
    const r = c.table.rows.find((x) => x.id === c.row);
    if (!r || r.role !== 'data') continue;
    rows.set(`${c.table.id}|${c.row}`, { table: c.table, row: c.row });
  }
  for (const { table, row } of shuffle([...rows.values()], ctx.rng)) {
    if (out.length >= 12) break;
    const r = table.rows.find((x) => x.id === row);
    if (!r) continue;
    const cells = Object.entries(r.cells).filter(
      ([, c]) => c.value !== null && c.source.page !== undefined && c.source.bbox,
    );
    if (cells.length === 0) continue;
    let doc = ctx.read;
    const sites: Provenance[] = [];
    for (const [, c] of cells) {
      const box = c.source.bbox as BBox;
      sites.push(c.source);
      const hit = spanOfCell(doc, c);
      doc = hit
        ? editSpans(doc, hit.page, (s, i) => {
            if (i !== hit.index) return s;
            const t = replaceFigure(s, hit.at, hit.raw, '');
            return t.trim() === '' ? null : { ...s, text: t };
          })
        : editSpans(doc, c.source.page as number, (s) => (inside(s.bbox, box, 1) ? null : s));
    }
    out.push({
      kind: 'blanked_row',
      description: `p${r.source.page ?? '?'} ${table.title || table.type} / ${r.label}: ${cells.length} figure(s) removed`,
      document: doc,
      sites: [r.source, ...sites],
      cellKeys: [`${tableKey(table)}|${rowKey(r)}|`],
      rowColumns: cells.map(([k]) => `${tableKey(table)}|${rowKey(r)}|${k}`),
    });
  }
  return out;
}

/** A printed line: its spans left to right, the text they make, and where each span's text starts in it. */
export interface Line {
  readonly page: number;
  readonly text: string;
  readonly parts: readonly { readonly index: number; readonly start: number; readonly end: number }[];
  readonly bbox: BBox;
  /** Largest type on the line, points. */
  readonly fontSize: number;
  /** The document's usual type size (median over its running-text spans), points. */
  readonly bodySize: number;
  /** Outside every table's grid. */
  readonly running: boolean;
}

const linesCache = new WeakMap<ExtractionResult, Line[]>();

export function linesOf(ctx: PlantContext): Line[] {
  const cached = linesCache.get(ctx.base);
  if (cached) return cached;
  const lines = readLines(ctx);
  linesCache.set(ctx.base, lines);
  return lines;
}

/** The unaltered run's table boxes, by page (what tells running text from tables). */
export function gridBoxesByPage(ctx: PlantContext): Map<number, BBox[]> {
  const out = new Map<number, BBox[]>();
  for (const t of ctx.base.tables)
    for (const [p, b] of tableBoxes(ctx, t)) out.set(p, [...(out.get(p) ?? []), b]);
  return out;
}

/** One printed line of a page: its spans left to right (with their index on the page), its text, where each span's
 * text starts and ends in it. */
export interface SpanLine {
  readonly spans: readonly { s: TextSpan; index: number }[];
  readonly text: string;
  readonly parts: { index: number; start: number; end: number }[];
}

/** A page's non-blank spans grouped into printed lines, top to bottom. */
export function spanLines(spans: readonly TextSpan[]): SpanLine[] {
  const order = spans.map((s, index) => ({ s, index })).filter(({ s }) => s.text.trim() !== '');
  order.sort((a, b) => a.s.bbox.y0 - b.s.bbox.y0 || a.s.bbox.x0 - b.s.bbox.x0);
  const groups: { s: TextSpan; index: number }[][] = [];
  for (const item of order) {
    const g = groups.at(-1);
    const last = g?.[0]?.s.bbox;
    const h = Math.min(item.s.bbox.y1 - item.s.bbox.y0, last ? last.y1 - last.y0 : 0);
    const ov = last ? Math.min(last.y1, item.s.bbox.y1) - Math.max(last.y0, item.s.bbox.y0) : -1;
    if (g && ov > 0.5 * h) g.push(item);
    else groups.push([item]);
  }
  return groups.map((g) => {
    g.sort((a, b) => a.s.bbox.x0 - b.s.bbox.x0);
    let text = '';
    const parts: { index: number; start: number; end: number }[] = [];
    for (const { s, index } of g) {
      parts.push({ index, start: text.length, end: text.length + s.text.length });
      text += s.text;
    }
    return { spans: g, text, parts };
  });
}

function readLines(ctx: PlantContext): Line[] {
  const sizes = ctx.read.pages
    .flatMap((p) => p.spans.filter((x) => x.text.trim() !== '').map((x) => x.fontSize))
    .sort((a, b) => a - b);
  const bodySize = sizes[Math.floor(sizes.length / 2)] ?? 0;
  const gridBoxes = gridBoxesByPage(ctx);
  const out: Line[] = [];
  for (const p of ctx.read.pages) {
    for (const { spans: g, text, parts } of spanLines(p.spans)) {
      const bbox = {
        x0: Math.min(...g.map((x) => x.s.bbox.x0)),
        y0: Math.min(...g.map((x) => x.s.bbox.y0)),
        x1: Math.max(...g.map((x) => x.s.bbox.x1)),
        y1: Math.max(...g.map((x) => x.s.bbox.y1)),
      };
      const boxes = gridBoxes.get(p.number) ?? [];
      out.push({
        page: p.number,
        text,
        parts,
        bbox,
        fontSize: Math.max(...g.map((x) => x.s.fontSize)),
        bodySize,
        running: !g.some(({ s }) => boxes.some((b) => inside(s.bbox, b, 2))),
      });
    }
  }
  return out;
}

/** The document with text [a, b) of a line replaced: the first span touched takes the new text, the others lose theirs. */
function replaceInLine(
  doc: ExtractedDocument,
  line: Line,
  a: number,
  b: number,
  text: string,
): { doc: ExtractedDocument; bbox: BBox } {
  const touched = line.parts.filter((p) => p.start < b && p.end > a);
  const page = pageOf(doc, line.page);
  const boxes = touched.map((p) => page?.spans[p.index]?.bbox).filter((x): x is BBox => Boolean(x));
  const bbox = boxes.length
    ? {
        x0: Math.min(...boxes.map((x) => x.x0)),
        y0: Math.min(...boxes.map((x) => x.y0)),
        x1: Math.max(...boxes.map((x) => x.x1)),
        y1: Math.max(...boxes.map((x) => x.y1)),
      }
    : line.bbox;
  const first = touched[0]?.index;
  const edited = editSpans(doc, line.page, (s, i) => {
    const part = touched.find((p) => p.index === i);
    if (!part) return s;
    const from = Math.max(a, part.start) - part.start;
    const to = Math.min(b, part.end) - part.start;
    const t = s.text.slice(0, from) + (i === first ? text : '') + s.text.slice(to);
    return t === '' ? null : { ...s, text: t };
  });
  return { doc: edited, bbox };
}

/** The running-text block (情况说明 paragraph) a line belongs to, by place. */
function blockOf(ctx: PlantContext, line: Line): string {
  const b = ctx.base.texts.find(
    (t) => t.source.page === line.page && t.source.bbox && inside(line.bbox, t.source.bbox, 2),
  );
  return b?.text ?? line.text;
}

/** The sentence of the paragraph a line belongs to that holds the line's text around `at`. */
function sentenceAt(ctx: PlantContext, line: Line, at: number): string {
  const block = compact(blockOf(ctx, line));
  const snippet = compact(line.text.slice(Math.max(0, at - 3), at + 5));
  const sentences = block.split(/[。；;]/u);
  return (
    sentences.find((x) => x.includes(snippet)) ??
    line.text.split(/[。；;]/u).find((x) => x.includes(line.text.slice(at, at + 2))) ??
    ''
  );
}

const PLACEHOLDERS = ['XX局', '××单位', '【单位名称】'];

function placeholderDepartment(ctx: PlantContext): Plant[] {
  const names = [ctx.base.meta.department, ctx.base.meta.unitName].filter((x): x is string =>
    Boolean(x && x.length >= 3),
  );
  const candidates: { line: Line; name: string; at: number }[] = [];
  for (const line of linesOf(ctx))
    for (const name of names) {
      const at = line.text.indexOf(name);
      if (at >= 0) candidates.push({ line, name, at });
    }
  // Headings and cover lines: short lines (the name and little else).
  // A heading or cover line: the name opens the line (after a 部门（单位）： label at most) and little else follows.
  const heading = candidates.filter((c) => {
    const before = c.line.text.slice(0, c.at).replace(/\s+/g, '');
    const rest = c.line.text.slice(c.at + c.name.length).replace(/\s+/g, '');
    const labelled = /^.{2,8}[:：]$/u.test(before);
    const large = /^(|20\d\d年度?)$/u.test(before) && c.line.fontSize >= 1.15 * c.line.bodySize;
    return (labelled || large) && rest.length <= 24 && !/[，。；,;、“”"「」]|包括/u.test(rest);
  });
  const out: Plant[] = [];
  for (const c of shuffle(heading, ctx.rng).slice(0, 6)) {
    const ph = pick(PLACEHOLDERS, ctx.rng);
    const r = replaceInLine(ctx.read, c.line, c.at, c.at + c.name.length, ph);
    out.push({
      kind: 'placeholder_department',
      description: `p${c.line.page} "${c.line.text.trim().slice(0, 40)}": ${c.name} → ${ph}`,
      document: r.doc,
      sites: [{ page: c.line.page, bbox: r.bbox }],
      cellKeys: [],
      rules: ['placeholder_text', 'metadata_mismatch'],
    });
  }
  return out;
}

const HEADING_YEAR = /(20\d\d)\s*年/u;

function wrongYear(ctx: PlantContext): Plant[] {
  const titles = new Set(ctx.base.tables.map((t) => normLabel(t.title)).filter((t) => t.length >= 4));
  const lines = linesOf(ctx).filter((l) => {
    const t = normLabel(l.text);
    if (
      !HEADING_YEAR.test(l.text) ||
      t.length < 8 ||
      t.length > 45 ||
      /[，。；,;]|[:：]$|预算数|决算数/u.test(t)
    )
      return false;
    // A table title, or a heading of the document (…年度部门预算 / 决算 / 收支预算总表 …).
    return (
      [...titles].some((x) => x.includes(t) || t.includes(x)) ||
      /(部门预算|单位预算|部门决算|表)$|预算公开|决算公开/u.test(t)
    );
  });
  const out: Plant[] = [];
  for (const line of shuffle(lines, ctx.rng).slice(0, 6)) {
    const m = HEADING_YEAR.exec(line.text);
    if (!m?.[1]) continue;
    const wrong = String(Number(m[1]) - 1);
    const r = replaceInLine(ctx.read, line, m.index, m.index + 4, wrong);
    out.push({
      kind: 'wrong_year',
      description: `p${line.page} heading "${line.text.trim().slice(0, 40)}": ${m[1]} → ${wrong}`,
      document: r.doc,
      sites: [{ page: line.page, bbox: r.bbox }],
      cellKeys: [],
      rules: ['metadata_mismatch'],
    });
  }
  return out;
}

/** Every figure in the tables (in 万元 for money tables in 元 too), to tell which narrative amounts the tables hold. */
function tableFigures(base: ExtractionResult): Set<string> {
  const out = new Set<string>();
  for (const t of base.tables)
    for (const r of t.rows)
      for (const c of Object.values(r.cells)) {
        if (c.value === null || c.percent) continue;
        const wan = t.unit === 'yuan' ? c.value / 10000 : t.unit === 'yi_yuan' ? c.value * 10000 : c.value;
        out.add(wan.toFixed(2));
        out.add(c.value.toFixed(2));
      }
  return out;
}

const AMOUNT = /(\d[\d,]*(?:\.\d+)?)\s*万元/gu;

// ---------------------------------------------------------------------------------------------------------------
// Checkable plants: whether the unaltered document itself tells the planted text from the true one (another
// statement of the figure, the figures a change relates, the figures a rate divides). Computed from the document's
// text and table cells with plain arithmetic, never from tally's findings; the same for both groups.

/** After a figure: a bound, not an amount ("100万元以上", "50万元（含）以下"). */
export const BOUND_AFTER = /^\s*万元\s*(?:[（(]含[)）])?\s*(?:及)?(?:以上|以下|以内|起)/u;
const MONEY =
  /(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)\s*(亿元|万元|元)(?![\u4e00-\u9fff]{0,1}以[上下内])/gu;
const TO_WAN: Record<string, number> = { 亿元: 10000, 万元: 1, 元: 1e-4 };
const DIRECTION = '增加|减少|增长|下降|上升|降低';

const figuresCache = new WeakMap<ExtractionResult, number[]>();
/** Every money figure of the unaltered document, in 万元: table cells (money tables) and amounts of the running text. */
function documentFigures(ctx: PlantContext): number[] {
  const cached = figuresCache.get(ctx.base);
  if (cached) return cached;
  const out: number[] = [];
  for (const t of ctx.base.tables)
    for (const r of t.rows)
      for (const c of Object.values(r.cells)) {
        if (c.value === null || c.percent) continue;
        out.push(t.unit === 'yuan' ? c.value / 10000 : t.unit === 'yi_yuan' ? c.value * 10000 : c.value);
        if (!t.unit) out.push(c.value / 10000);
      }
  for (const line of linesOf(ctx))
    for (const m of compact(line.text).matchAll(MONEY))
      out.push(Number((m[1] ?? '').replace(/,/g, '')) * (TO_WAN[m[2] ?? '万元'] ?? 1));
  figuresCache.set(ctx.base, out);
  return out;
}

const decimalsIn = (raw: string): number => /\.(\d+)/.exec(raw)?.[1]?.length ?? 0;

/** The compact clause a site is in and the offset of the site in it (-1 when not found). */
function clauseAt(ctx: PlantContext, line: Line, at: number): { clause: string; i: number } {
  const clause = compact(sentenceAt(ctx, line, at));
  const probe = compact(line.text.slice(at, at + 10));
  for (let n = probe.length; n >= 2; n--) {
    const i = clause.indexOf(probe.slice(0, n));
    if (i >= 0) return { clause, i };
  }
  return { clause, i: -1 };
}

/** The last money figure of `text`, in 万元, with its printed decimals. */
function lastMoney(text: string): { value: number; decimals: number } | undefined {
  const all = [...text.matchAll(MONEY)];
  const m = all[all.length - 1];
  if (!m?.[1]) return undefined;
  // Another figure after it (a tonnage, a count) is the one the words that follow are about.
  if (/\d/u.test(text.slice(m.index + m[0].length))) return undefined;
  return {
    value: Number(m[1].replace(/,/g, '')) * (TO_WAN[m[2] ?? '万元'] ?? 1),
    decimals: decimalsIn(m[1]),
  };
}

/** A rate (percent, `decimals` printed) that some figure f gives as rate(f), at the printed precision. */
function rateFrom(
  figures: readonly number[],
  rate: (f: number) => number,
  stated: number,
  decimals: number,
): boolean {
  const tol = 0.5 * 10 ** -decimals + 1e-9;
  return figures.some((f) => f > 0 && Math.abs(rate(f) - stated) <= tol);
}

/**
 * A flipped direction word is checkable when the document states what it contradicts: another direction word of the
 * same change ("增加X万元，增长Y%", "…，增加的主要原因是"), the two years' amounts (this year's before the word, last
 * year's = this ∓ the change anywhere in the document's text or tables at the printed precision; for a rate, a figure
 * it recomputes from), the same change stated again elsewhere with its direction, or for 大于/小于 two figures in the
 * clause. A word that relates no figure ("本年增加市医疗保障经办服务中心…") is not.
 */
function flipCheckable(
  ctx: PlantContext,
  line: Line,
  at: number,
  word: string,
): { checkable: boolean; why: string } {
  const { clause, i } = clauseAt(ctx, line, at);
  const running = linesOf(ctx)
    .filter((l) => l.running)
    .map((l) => compact(l.text));
  return flipIsCheckable(clause, i, word, documentFigures(ctx), running);
}

/** flipCheckable on plain data: the compact clause, the word's offset in it, the document's figures and lines. */
export function flipIsCheckable(
  clause: string,
  i: number,
  word: string,
  figures: readonly number[],
  running: readonly string[],
): { checkable: boolean; why: string } {
  if (i < 0) return { checkable: false, why: 'clause not found' };
  if (word === '大于' || word === '小于') {
    const n = [...clause.matchAll(MONEY)].length;
    return n >= 2
      ? { checkable: true, why: 'two figures beside the comparison' }
      : { checkable: false, why: 'a comparison without both figures' };
  }
  const before = clause.slice(0, i);
  const tail = clause.slice(i + word.length);
  // The word names the direction of a change stated just before it ("减少1.49万元，减少的主要原因是…").
  if (/^(?:的)?(?:主要)?原因/u.test(tail))
    return new RegExp(`(?:${DIRECTION})(?:了|为)?\\d[\\d,.]*(?:万元|元|亿元|%)`, 'u').test(before)
      ? { checkable: true, why: 'the reason names the direction of the change before it' }
      : { checkable: false, why: 'a reason word without a stated change' };
  const fig = /^(?:了|为|约|达)?(-?\d[\d,]*(?:\.\d+)?)(亿元|万元|元|%)/u.exec(tail);
  if (!fig?.[1]) return { checkable: false, why: 'the word relates no figure' };
  const raw = fig[1];
  const rest = tail.slice(fig[0].length);
  const pair = new RegExp(`^[，,]?(?:比上年|较上年|同比)?(?:${DIRECTION})(?:了|为)?\\d`, 'u');
  const pairBefore = new RegExp(`(?:${DIRECTION})(?:了|为)?\\d[\\d,.]*(?:万元|元|亿元|%)[，,]?$`, 'u');
  const reason = new RegExp(`^[^，,。]{0,2}[，,]?(?:其)?(?:${DIRECTION})(?:的)?(?:主要)?原因`, 'u');
  if (pair.test(rest) || pairBefore.test(before) || reason.test(rest))
    return { checkable: true, why: 'another direction word of the same change' };
  const x = lastMoney(before);
  if (x) {
    if (fig[2] === '%') {
      const r = Number(raw);
      const d = decimalsIn(raw);
      if (rateFrom(figures, (f) => (Math.abs(x.value - f) / f) * 100, r, d))
        return { checkable: true, why: "last year's amount is in the document (the rate recomputes)" };
    } else {
      const y = Number(raw.replace(/,/g, '')) * (TO_WAN[fig[2] ?? '万元'] ?? 1);
      // Flipped to an increase larger than the figure it is of: last year would be below zero.
      if (word === '减少' && y > x.value)
        return { checkable: true, why: 'the flipped increase exceeds its figure (last year below zero)' };
      const tol = 0.5 * 10 ** -Math.max(x.decimals, decimalsIn(raw)) + 1e-9;
      // Not a zero: every document prints one, so "last year was 0" (a change as large as its figure) is
      // not told by it.
      if (
        y > 0 &&
        figures.some(
          (f) =>
            Math.abs(f) > tol && (Math.abs(f - (x.value - y)) <= tol || Math.abs(f - (x.value + y)) <= tol),
        )
      )
        return { checkable: true, why: "last year's amount is in the document" };
    }
  }
  const stated = new RegExp(
    `(?:${DIRECTION})(?:了|为)?${raw.replace(/[.]/g, '\\.')}(?:万元|元|亿元|%)`,
    'gu',
  );
  const times = running.reduce((n, l) => n + [...l.matchAll(stated)].length, 0);
  if (times >= 2) return { checkable: true, why: 'the change is stated again elsewhere' };
  return {
    checkable: false,
    why: "neither last year's figure nor another statement of the change is in the document",
  };
}

/**
 * A changed rate is checkable when the figure it is of (the last amount before it in its clause) divided by some
 * figure of the document (text or tables) gives the printed rate at its precision: the whole it divides is known.
 */
function rateCheckable(
  ctx: PlantContext,
  line: Line,
  at: number,
  raw: string,
): { checkable: boolean; why: string } {
  const { clause, i } = clauseAt(ctx, line, at);
  return rateIsCheckable(clause, i, raw, documentFigures(ctx));
}

/** rateCheckable on plain data: the compact clause, the rate's offset in it, the document's figures. */
export function rateIsCheckable(
  clause: string,
  i: number,
  raw: string,
  figures: readonly number[],
): { checkable: boolean; why: string } {
  const num = i >= 0 ? lastMoney(clause.slice(0, i)) : undefined;
  if (!num) return { checkable: false, why: 'no amount before the rate in its clause' };
  return rateFrom(figures, (f) => (num.value / f) * 100, Number(raw), decimalsIn(raw))
    ? { checkable: true, why: 'the whole it divides is in the document' }
    : { checkable: false, why: 'no figure of the document gives the rate' };
}

function narrativeAmount(ctx: PlantContext): Plant[] {
  const figures = tableFigures(ctx.base);
  const sites: { line: Line; at: number; raw: string; value: number }[] = [];
  for (const line of linesOf(ctx)) {
    if (!line.running) continue;
    for (const m of line.text.matchAll(AMOUNT)) {
      const raw = m[1] as string;
      const v = Number(raw.replace(/,/g, ''));
      if (v !== 0 && figures.has(v.toFixed(2))) sites.push({ line, at: m.index, raw, value: v });
    }
  }
  const out: Plant[] = [];
  for (const c of shuffle(sites, ctx.rng).slice(0, 6)) {
    const m = mutateFigure(c.raw, c.value, ctx.rng);
    if (!m) continue;
    const r = replaceInLine(ctx.read, c.line, c.at, c.at + c.raw.length, m.text);
    // Every site's figure is a table figure (above); a bound ("单位价值100万元以上的设备") is not an amount of the accounts.
    const bound = BOUND_AFTER.test(c.line.text.slice(c.at + c.raw.length));
    out.push({
      kind: 'narrative_amount',
      checkable: !bound,
      checkableWhy: bound ? 'a bound (X万元以上/以下), not an amount' : 'the figure is in a table',
      description: `p${c.line.page} "…${c.line.text.slice(Math.max(0, c.at - 14), c.at + c.raw.length + 2)}…": ${c.raw}万元 → ${m.text}万元 (${m.how})`,
      document: r.doc,
      sites: [{ page: c.line.page, bbox: r.bbox }],
      cellKeys: [],
      rules: ['narrative_mismatch'],
    });
  }
  return out;
}

const FLIPS: Record<string, string> = {
  增加: '减少',
  减少: '增加',
  增长: '下降',
  下降: '增长',
  大于: '小于',
  小于: '大于',
};
const FLIP = /增加|减少|增长|下降|大于|小于/gu;
const FIGURE = /\d+(?:\.\d+)?\s*(?:万元|元|%|％)/u;

function flippedComparison(ctx: PlantContext): Plant[] {
  const sites: { line: Line; at: number; word: string }[] = [];
  for (const line of linesOf(ctx)) {
    if (!line.running) continue;
    // The text states a comparison with figures: the sentence holds amounts or percentages.
    for (const m of line.text.matchAll(FLIP))
      if (
        FIGURE.test(sentenceAt(ctx, line, m.index)) &&
        !/^\s*0(?:\.0+)?\s*(?:万元|元|%)/u.test(line.text.slice(m.index + 2))
      )
        sites.push({ line, at: m.index, word: m[0] });
  }
  const out: Plant[] = [];
  for (const c of shuffle(sites, ctx.rng).slice(0, 6)) {
    const to = FLIPS[c.word] as string;
    const r = replaceInLine(ctx.read, c.line, c.at, c.at + 2, to);
    const how = flipCheckable(ctx, c.line, c.at, c.word);
    out.push({
      kind: 'flipped_comparison',
      checkable: how.checkable,
      checkableWhy: how.why,
      description: `p${c.line.page} "…${c.line.text.slice(Math.max(0, c.at - 12), c.at + 14).trim()}…": ${c.word} → ${to}`,
      document: r.doc,
      sites: [{ page: c.line.page, bbox: r.bbox }],
      cellKeys: [],
      rules: ['narrative_mismatch'],
    });
  }
  return out;
}

const RATE = /(占[^。；;%％]{0,24}?|完成[^。；;%％]{0,24}?的\s*)(\d+(?:\.\d+)?)\s*[%％]/gu;

function changedRate(ctx: PlantContext): Plant[] {
  const sites: { line: Line; at: number; raw: string; claim: string }[] = [];
  for (const line of linesOf(ctx)) {
    if (!line.running) continue;
    for (const m of line.text.matchAll(RATE))
      if (m[2]) sites.push({ line, at: m.index + (m[1]?.length ?? 0), raw: m[2], claim: m[0] });
  }
  const out: Plant[] = [];
  for (const c of shuffle(sites, ctx.rng).slice(0, 6)) {
    const v = Number(c.raw);
    if (v === 0) continue;
    const d = decimalsOf(c.raw);
    let nv = v + (ctx.rng() < 0.5 ? -1 : 1) * (3 + Math.floor(ctx.rng() * 9) + (d ? 0.37 : 0));
    if (nv <= 0 || nv >= 100) nv = v > 50 ? v - 7 : v + 7;
    const text = nv.toFixed(d);
    if (text === c.raw) continue;
    const at = c.line.text.indexOf(c.raw, c.at);
    const r = replaceInLine(ctx.read, c.line, at, at + c.raw.length, text);
    const how = rateCheckable(ctx, c.line, c.at, c.raw);
    out.push({
      kind: 'changed_rate',
      checkable: how.checkable,
      checkableWhy: how.why,
      description: `p${c.line.page} "${c.claim.slice(0, 30)}": ${c.raw}% → ${text}%`,
      document: r.doc,
      sites: [{ page: c.line.page, bbox: r.bbox }],
      cellKeys: [],
      rules: ['narrative_mismatch'],
    });
  }
  return out;
}

/**
 * A table split over a page: everything below the middle data row of a one-page table moves to a new page
 * inserted after it (as a page break would), lifted to where the table starts; later pages are renumbered.
 */
function splitTable(ctx: PlantContext): Plant[] {
  const out: Plant[] = [];
  const checked = new Set(
    collectIdentities(ctx.base.tables)
      .filter((i) => evaluate(i))
      .map((i) => i.lhs.table.id),
  );
  for (const t of shuffle(ctx.base.tables, ctx.rng)) {
    if (out.length >= 4) break;
    if (t.type === 'unknown' || t.template || !checked.has(t.id)) continue;
    const pages = new Set(t.rows.map((r) => r.source.page));
    const data = t.rows.filter((r) => r.role !== 'column_numbers' && r.source.bbox);
    if (pages.size !== 1 || data.length < 6) continue;
    const pageNo = t.rows[0]?.source.page;
    const top = t.source.bbox?.y0;
    const mid = data[Math.floor(data.length / 2)];
    const prev = data[Math.floor(data.length / 2) - 1];
    if (pageNo === undefined || top === undefined || !mid?.source.bbox || !prev?.source.bbox) continue;
    const cut = (prev.source.bbox.y1 + mid.source.bbox.y0) / 2;
    const page = pageOf(ctx.read, pageNo);
    if (!page) continue;
    const dy = cut - Math.max(36, top);
    const x0 = Math.min(...data.map((r) => r.source.bbox?.x0 ?? Infinity));
    const x1 = Math.max(...data.map((r) => r.source.bbox?.x1 ?? -Infinity));
    const upper: Page = {
      ...page,
      spans: page.spans.filter((s) => center(s.bbox).y < cut),
      lines: page.lines.flatMap((l) =>
        Math.min(l.y0, l.y1) >= cut
          ? []
          : Math.max(l.y0, l.y1) > cut
            ? [{ ...l, y0: Math.min(l.y0, l.y1), y1: cut }]
            : [l],
      ),
      rects: page.rects.filter((r) => r.bbox.y1 <= cut),
    };
    const ruled = page.lines.some((l) => Math.abs(l.y0 - l.y1) < 0.5 && Math.min(l.y0, l.y1) > cut);
    const lower: Page = {
      ...page,
      number: pageNo + 1,
      spans: page.spans
        .filter((s) => center(s.bbox).y >= cut)
        .map((s) => ({
          ...s,
          page: pageNo + 1,
          bbox: { ...s.bbox, y0: s.bbox.y0 - dy, y1: s.bbox.y1 - dy },
        })),
      lines: [
        ...page.lines.flatMap((l) =>
          Math.max(l.y0, l.y1) <= cut
            ? []
            : [
                {
                  ...l,
                  page: pageNo + 1,
                  y0: Math.max(Math.min(l.y0, l.y1), cut) - dy,
                  y1: Math.max(l.y0, l.y1) - dy,
                },
              ],
        ),
        ...(ruled ? [{ page: pageNo + 1, x0, y0: cut - dy, x1, y1: cut - dy, width: 0.5 }] : []),
      ],
      rects: page.rects
        .filter((r) => r.bbox.y0 >= cut)
        .map((r) => ({
          ...r,
          page: pageNo + 1,
          bbox: { ...r.bbox, y0: r.bbox.y0 - dy, y1: r.bbox.y1 - dy },
        })),
    };
    if (ruled) upper.lines.push({ page: pageNo, x0, y0: cut, x1, y1: cut, width: 0.5 });
    const shift = (p: Page): Page => ({
      ...p,
      number: p.number + 1,
      spans: p.spans.map((s) => ({ ...s, page: s.page + 1 })),
      lines: p.lines.map((l) => ({ ...l, page: l.page + 1 })),
      rects: p.rects.map((r) => ({ ...r, page: r.page + 1 })),
    });
    const pagesOut = ctx.read.pages.flatMap((p) =>
      p.number < pageNo ? [p] : p.number === pageNo ? [upper, lower] : [shift(p)],
    );
    out.push({
      kind: 'split_table',
      description: `p${pageNo} ${t.title || t.type}: rows from "${mid.label.slice(0, 16)}" on moved to a new page`,
      document: { ...ctx.read, pages: pagesOut },
      sites: [{ page: pageNo, bbox: { x0, y0: cut, x1, y1: cut + 1 } }],
      cellKeys: [],
      splitTable: tableKey(t),
    });
  }
  return out;
}

export const PLANTERS: Record<PlantKind, (ctx: PlantContext) => Plant[]> = {
  changed_figure: changedFigure,
  deleted_table: deletedTable,
  blanked_row: blankedRow,
  placeholder_department: placeholderDepartment,
  wrong_year: wrongYear,
  narrative_amount: narrativeAmount,
  flipped_comparison: flippedComparison,
  changed_rate: changedRate,
  split_table: splitTable,
};
