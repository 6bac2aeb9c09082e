/**
 * Part D: layout perturbations. Each kind rewrites the text layer (the reader's spans, as plants.ts does) of a
 * clean document into a layout variant real publishers print — the arithmetic unchanged — and the run is judged
 * against the unaltered one: any new error-level anomaly is a false alarm, any finance table that turns `unknown`
 * or changes family is a recognition failure.
 *
 *   thousands_separators  every amount figure of ≥ 4 integer digits gains (or, where the document prints them,
 *                         loses) its thousands separators;
 *   unit_switch           tables declared in 万元 printed in 元 (figures ×10000, at the new precision) and tables in 元
 *                         printed in 万元 (÷10000, rounded to 0.01 as publishers do); the 单位 line changed with them;
 *   header_alias          column headers replaced by a synonym other regions print (一般公共预算财政拨款 ↔
 *                         一般公共预算拨款, 合计 ↔ 总计, 项目 ↔ 科目名称, 功能分类科目编码 ↔ 科目编码 …);
 *   title_alias           a table title replaced by another printed title of its family in the catalog;
 *   swap_columns          two adjacent amount columns under the same parent header exchanged, headers and figures;
 *   total_row_move        a 合计 row printed above the body moved below it;
 *   code_merge            功能分类 codes printed in the name cell ("2010101 行政运行"), 类|款|项 codes printed whole;
 *   code_split            codes printed whole printed as their 类 款 项 groups ("201 01 01");
 *   heading_previous_page a table's heading (title, 单位 line …) printed at the foot of the previous page;
 *   narrative_paraphrase  the running text's claims in other publishers' words (PARAPHRASES), with the narrative
 *                         claims found / resolved and the narrative plants caught before and after;
 *   span_chars            every span printed glyph by glyph (one text item per character), as some printers emit;
 *   span_merge            the spans of one printed line in one cell printed as one span;
 *   zero_forms            zeros printed "-", "—", "－", "0", "0.00" or blank (blanks filled), negatives "-x", "－x", "(x)";
 *   row_wrap              long row labels of ruled tables wrapped onto two lines in their row;
 *   header_wrap           header cells of ruled tables wrapped onto two lines;
 *   no_rules              the finance tables' pages without ruling lines or shading (read from alignment);
 *   unit_in_title         the 单位 line dropped, the unit printed after the title ("…总表（单位：万元）");
 *   narrative_units       amounts restated in 亿元 / 元, rounded, with separators (perturb-text.ts), likewise;
 *   year_format           years as 二〇二四年 / ２０２４年 / "2024 年" / 2024年度 (perturb-text.ts), with the wrong-year
 *                         plants caught before and after and the document's year read on both;
 *   narrative_shapes      rates, shares and reasons in brackets or after a comma, the other way round (perturb-text.ts).
 *
 * One perturbed run per kind per document, every site of the kind changed at once. Deterministic (seeded). Besides
 * new errors, unknown tables and changed families, the checks lost: identities that no longer evaluate.
 */
import type {
  BBox,
  Cell,
  ExtractedDocument,
  ExtractionResult,
  Grid,
  NormalizedTable,
  TextSpan,
} from '../../src/model/index.js';
import { family } from '../../src/catalog/index.js';
import { findUnitDeclaration } from '../../src/normalize/units.js';
import { collectIdentities, evaluate } from '../../src/validate/index.js';
import type { Group } from './corpus.js';
import { shortName, table } from './format.js';
import { isFinanceTable, type DocReport } from './unaltered.js';
import {
  anomalyKey,
  evaluatedIdentities,
  indexResult,
  runPipeline,
  tableKey,
  termStableKey,
  type LoadedDoc,
} from './run.js';
import { judgePlant } from './planted.js';
import { reshapeSentences, restateUnits, restateYears } from './perturb-text.js';
import {
  center,
  inside,
  linesOf,
  PLANTERS,
  seededRng,
  shuffle,
  spanOfCell,
  tableBoxes,
  type PlantContext,
  type PlantKind,
} from './plants.js';

export const PERTURB_KINDS = [
  'thousands_separators',
  'unit_switch',
  'header_alias',
  'title_alias',
  'swap_columns',
  'total_row_move',
  'code_merge',
  'code_split',
  'heading_previous_page',
  'narrative_paraphrase',
  'span_chars',
  'span_merge',
  'zero_forms',
  'row_wrap',
  'header_wrap',
  'no_rules',
  'unit_in_title',
  'narrative_units',
  'year_format',
  'narrative_shapes',
] as const;
export type PerturbKind = (typeof PERTURB_KINDS)[number];

export interface Perturbation {
  readonly kind: PerturbKind;
  readonly document: ExtractedDocument;
  /** Base table ids changed. */
  readonly tables: readonly string[];
  /** What was changed, one line per table. */
  readonly changes: readonly string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Span edits collected per page and applied once

class Edits {
  private readonly byPage = new Map<number, Map<number, TextSpan | null>>();
  /** Spans added to a page (after its own). */
  private readonly added = new Map<number, TextSpan[]>();
  constructor(private readonly doc: ExtractedDocument) {}

  add(page: number, spans: readonly TextSpan[]): void {
    this.added.set(page, [...(this.added.get(page) ?? []), ...spans]);
  }

  current(page: number, index: number): TextSpan | null | undefined {
    const edited = this.byPage.get(page);
    if (edited?.has(index)) return edited.get(index);
    return this.doc.pages.find((p) => p.number === page)?.spans[index];
  }

  set(page: number, index: number, span: TextSpan | null): void {
    let m = this.byPage.get(page);
    if (!m) this.byPage.set(page, (m = new Map<number, TextSpan | null>()));
    m.set(index, span);
  }

  touched(page: number, index: number): boolean {
    return this.byPage.get(page)?.has(index) ?? false;
  }

  get size(): number {
    let n = 0;
    for (const m of this.byPage.values()) n += m.size;
    for (const a of this.added.values()) n += a.length;
    return n;
  }

  /** A checkpoint to roll a table's edits back when it turns out not to be perturbable. */
  snapshot(): Map<number, Map<number, TextSpan | null>> {
    return new Map([...this.byPage].map(([p, m]) => [p, new Map(m)]));
  }

  restore(s: Map<number, Map<number, TextSpan | null>>): void {
    this.byPage.clear();
    for (const [p, m] of s) this.byPage.set(p, m);
  }

  apply(): ExtractedDocument {
    return {
      ...this.doc,
      pages: this.doc.pages.map((p) => {
        const m = this.byPage.get(p.number);
        const add = this.added.get(p.number) ?? [];
        if (!m && add.length === 0) return p;
        return {
          ...p,
          spans: [
            ...p.spans.flatMap((s, i) => {
              const e = m?.has(i) ? m.get(i) : s;
              return e ? [e] : [];
            }),
            ...add,
          ],
        };
      }),
    };
  }
}

const compact = (s: string): string => s.replace(/\s+/g, '');

/** Tables a perturbation may touch: recognised finance families with figures, not templates. */
function financeTables(base: ExtractionResult): NormalizedTable[] {
  return base.tables.filter((t) => t.type !== 'unknown' && !t.template && isFinanceTable(t));
}

function amountCells(t: NormalizedTable): Cell[] {
  const keys = new Set(t.columns.filter((c) => c.kind === 'amount').map((c) => c.key));
  return t.rows.flatMap((r) =>
    Object.entries(r.cells)
      .filter(([k, c]) => keys.has(k) && c.value !== null && !c.percent && /\d/.test(c.raw))
      .map(([, c]) => c),
  );
}

/** Replace one cell's figure; false when its span cannot be edited alone (figure split or sharing its span). */
function editCell(edits: Edits, doc: ExtractedDocument, cell: Cell, text: string): boolean {
  const hit = spanOfCell(doc, cell);
  if (!hit || hit.span.text.trim() !== hit.raw) return false;
  const cur = edits.current(hit.page, hit.index);
  if (!cur || edits.touched(hit.page, hit.index)) return false;
  const lead = /^\s*/.exec(hit.span.text)?.[0] ?? '';
  const trail = /\s*$/.exec(hit.span.text)?.[0] ?? '';
  edits.set(hit.page, hit.index, { ...cur, text: lead + text + trail });
  return true;
}

function group(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function formatFigure(value: number, decimals: number, separators: boolean): string {
  const s = Math.abs(value).toFixed(decimals);
  const [int = '', frac] = s.split('.');
  const sign = value < 0 && Number(s) !== 0 ? '-' : '';
  return `${sign}${separators ? group(int) : int}${frac !== undefined ? `.${frac}` : ''}`;
}

// ---------------------------------------------------------------------------------------------------------------
// thousands_separators

function thousands(ctx: PlantContext): Perturbation[] {
  const tables = financeTables(ctx.base);
  const big = tables.flatMap((t) => amountCells(t).filter((c) => Math.abs(c.value ?? 0) >= 1000));
  if (big.length === 0) return [];
  const withSep = big.filter((c) => /\d,\d{3}/.test(c.raw)).length;
  const add = withSep < big.length / 2;
  const edits = new Edits(ctx.read);
  const changed = new Map<string, number>();
  for (const t of tables)
    for (const c of amountCells(t)) {
      const raw = c.raw.trim();
      const next = add ? raw.replace(/\d+/, (int) => group(int)) : raw.replace(/,/g, '');
      if (next === raw) continue;
      if (editCell(edits, ctx.read, c, next)) changed.set(t.id, (changed.get(t.id) ?? 0) + 1);
    }
  if (changed.size === 0) return [];
  return [
    {
      kind: 'thousands_separators',
      document: edits.apply(),
      tables: [...changed.keys()],
      changes: [...changed].map(
        ([id, n]) =>
          `${tableKey(ctx.base.tables.find((t) => t.id === id))}: ${n} figure(s) ${add ? 'gained' : 'lost'} separators`,
      ),
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// unit_switch

const DECL_WAN = /((?:金额)?单位[:：]?\s*|金额[:：]\s*|[（(]\s*)万元/u;
const DECL_YUAN = /((?:金额)?单位[:：]?\s*|金额[:：]\s*|[（(]\s*)元/u;

/** The spans that declare the table's unit: above the grid (within 120 pt) or inside its header, on each page. */
function declarationSpans(
  ctx: PlantContext,
  t: NormalizedTable,
  firstBody: number | undefined,
): { page: number; index: number; span: TextSpan }[] {
  const out: { page: number; index: number; span: TextSpan }[] = [];
  for (const [page, box] of tableBoxes(ctx, t)) {
    const p = ctx.read.pages.find((x) => x.number === page);
    if (!p) continue;
    const bottom = page === t.source.page && firstBody !== undefined ? firstBody : box.y0 + 40;
    p.spans.forEach((span, index) => {
      if (!findUnitDeclaration(span.text)) return;
      if (span.bbox.y0 < box.y0 - 120 || center(span.bbox).y > bottom) return;
      out.push({ page, index, span });
    });
  }
  return out;
}

/** Top of the first body row (data, total) on the table's first page. */
function firstBodyTop(t: NormalizedTable): number | undefined {
  const ys = t.rows
    .filter((r) => r.role !== 'column_numbers' && r.role !== 'note' && r.source.page === t.source.page)
    .map((r) => r.source.bbox?.y0)
    .filter((y): y is number => y !== undefined);
  return ys.length ? Math.min(...ys) : undefined;
}

/** Tables whose identities all hold exactly (no rounding gap): their 万元 figures ×10000 are exact 元 figures. */
function exactTables(base: ExtractionResult): Set<string> {
  const inexact = new Set<string>();
  const seen = new Set<string>();
  for (const i of collectIdentities(base.tables)) {
    const e = evaluate(i);
    if (!e) continue;
    for (const t of [i.lhs, ...i.rhs]) {
      seen.add(t.table.id);
      if (Math.abs(e.difference) > 1e-9) inexact.add(t.table.id);
    }
  }
  return new Set([...seen].filter((id) => !inexact.has(id)));
}

/**
 * Half of the tables (at least one, drawn with the RNG) switch unit: a document mixing 万元 and 元 tables is
 * common (三公 or 政府采购 tables in 元 beside 万元 ones), and checks across tables must convert. A 万元 table goes
 * to 元 only when its identities hold exactly (rounded 万元 figures ×10000 would no longer add up in 元); a 元
 * table goes to 万元 rounded to 0.01, and its identities then hold within rounding.
 */
function unitSwitch(ctx: PlantContext): Perturbation[] {
  const edits = new Edits(ctx.read);
  const wholeYuan = ctx.rng() < 0.5;
  const changes: string[] = [];
  const tables: string[] = [];
  const exact = exactTables(ctx.base);
  const claimed = new Set<string>();
  const keyOf = (d: { page: number; index: number }): string => `${d.page}:${d.index}`;
  const eligible = financeTables(ctx.base).filter(
    (t) => t.unit === 'yuan' || (t.unit === 'wan_yuan' && exact.has(t.id)),
  );
  const wanted = Math.max(1, Math.round(eligible.length / 2));
  for (const t of shuffle(eligible, ctx.rng)) {
    if (tables.length >= wanted) break;
    const decls = declarationSpans(ctx, t, firstBodyTop(t));
    // A declaration printed once for two tables (both on one page) cannot switch one of them.
    const shared = financeTables(ctx.base).some(
      (u) =>
        u !== t &&
        declarationSpans(ctx, u, firstBodyTop(u)).some((d) => decls.some((e) => keyOf(e) === keyOf(d))),
    );
    const cells = amountCells(t);
    const toYuan = t.unit === 'wan_yuan';
    const snap = edits.snapshot();
    let ok = !shared && decls.length > 0 && cells.length > 0 && decls.every((d) => !claimed.has(keyOf(d)));
    for (const d of ok ? decls : []) {
      const text = toYuan
        ? d.span.text.replace(new RegExp(DECL_WAN.source, 'gu'), '$1元')
        : d.span.text.replace(new RegExp(DECL_YUAN.source, 'gu'), '$1万元');
      if (text === d.span.text || edits.touched(d.page, d.index)) ok = false;
      else edits.set(d.page, d.index, { ...d.span, text });
    }
    let n = 0;
    for (const c of ok ? cells : []) {
      const raw = c.raw.trim();
      const v = c.value ?? 0;
      const sep = /\d,\d{3}/.test(raw);
      const d = /\.(\d+)/.exec(raw)?.[1]?.length ?? 0;
      const text = toYuan
        ? formatFigure(v * 10000, Math.max(d - 4, wholeYuan ? 0 : 2), sep)
        : formatFigure(Math.round((v / 10000) * 100) / 100, 2, sep);
      if (!editCell(edits, ctx.read, c, text)) {
        ok = false;
        break;
      }
      n++;
    }
    if (!ok) {
      edits.restore(snap);
      continue;
    }
    for (const d of decls) claimed.add(keyOf(d));
    tables.push(t.id);
    changes.push(`${tableKey(t)}: ${toYuan ? '万元 → 元' : '元 → 万元'}, ${n} figure(s)`);
  }
  if (tables.length === 0) return [];
  return [{ kind: 'unit_switch', document: edits.apply(), tables, changes }];
}

// ---------------------------------------------------------------------------------------------------------------
// header_alias and title_alias

/** Column headers as other regions print them; a span whose compact text matches `from` gets `to` (first match). */
const HEADER_ALIASES: readonly (readonly [RegExp, string])[] = [
  [/一般公共预算财政拨款/u, '一般公共预算拨款'],
  [/一般公共预算拨款/u, '一般公共预算财政拨款'],
  [/政府性基金预算财政拨款/u, '政府性基金预算拨款'],
  [/^合计$/u, '总计'],
  [/^总计$/u, '合计'],
  [/^项目$/u, '科目名称'],
  [/^科目名称$/u, '项目'],
  [/^功能分类科目编码$/u, '科目编码'],
  [/^科目编码$/u, '功能分类科目编码'],
  [/^支出功能分类科目$/u, '功能分类科目'],
];

/**
 * Where a table's header and title are on each of its pages: from `from` (title zone start) to `top` (its first
 * body row there). Continuation pages repeat header (and often title) above their first row.
 */
function headerZones(
  ctx: PlantContext,
  t: NormalizedTable,
): { page: number; box: BBox; from: number; top: number }[] {
  const out: { page: number; box: BBox; from: number; top: number }[] = [];
  for (const [page, box] of tableBoxes(ctx, t)) {
    const ys = t.rows
      .filter((r) => r.role !== 'column_numbers' && r.role !== 'note' && r.source.page === page)
      .map((r) => r.source.bbox?.y0)
      .filter((y): y is number => y !== undefined);
    if (ys.length === 0) continue;
    const top = Math.min(...ys);
    out.push({ page, box, from: Math.min(box.y0, top - 120), top });
  }
  return out;
}

function headerAlias(ctx: PlantContext): Perturbation[] {
  const edits = new Edits(ctx.read);
  const changes: string[] = [];
  const tables: string[] = [];
  for (const t of financeTables(ctx.base)) {
    const done: string[] = [];
    // A header printing both 合计 and 总计 uses them for two things: swapping them would change its meaning.
    const labels = t.columns.map((c) => compact(c.label)).join('|');
    const both = /合计/.test(labels) && /总计/.test(labels);
    for (const z of headerZones(ctx, t)) {
      const page = ctx.read.pages.find((p) => p.number === z.page);
      if (!page) continue;
      const first = z.page === t.source.page;
      page.spans.forEach((span, index) => {
        const c = center(span.bbox);
        if (c.y >= z.top || c.y < (first ? z.box.y0 - 2 : z.from)) return;
        if (c.x < z.box.x0 - 2 || c.x > z.box.x1 + 2 || edits.touched(page.number, index)) return;
        const text = compact(span.text);
        const alias = HEADER_ALIASES.find(
          ([from]) =>
            from.test(text) &&
            text.length <= from.source.length + 6 &&
            !/表$/.test(text) &&
            !(both && /^[合总]计$/.test(text)),
        );
        if (!alias) return;
        const next = text.replace(alias[0], alias[1]);
        edits.set(page.number, index, { ...span, text: next });
        if (first) done.push(`${text} → ${next}`);
      });
    }
    if (done.length) {
      tables.push(t.id);
      changes.push(`${tableKey(t)}: ${done.join(', ')}`);
    }
  }
  return tables.length ? [{ kind: 'header_alias', document: edits.apply(), tables, changes }] : [];
}

function titleAlias(ctx: PlantContext): Perturbation[] {
  const edits = new Edits(ctx.read);
  const changes: string[] = [];
  const tables: string[] = [];
  for (const t of financeTables(ctx.base)) {
    const f = family(t.type);
    if (!f || f.printed.length < 2) continue;
    const title = compact(t.title).normalize('NFKC');
    const printed = [...f.printed].sort((a, b) => b.length - a.length).find((p) => title.includes(p));
    if (!printed) continue;
    // Another title of the family that is not a part of this one (which would change nothing but the length).
    const others = f.printed.filter((p) => p !== printed && !printed.includes(p) && !p.includes(printed));
    if (others.length === 0) continue;
    const to = shuffle(others, ctx.rng)[0] as string;
    let first = false;
    for (const z of headerZones(ctx, t)) {
      const page = ctx.read.pages.find((p) => p.number === z.page);
      if (!page) continue;
      const top = z.page === t.source.page ? z.box.y0 + 4 : z.top;
      page.spans.forEach((s, i) => {
        if (edits.touched(page.number, i) || s.bbox.y1 > top || s.bbox.y0 < top - 150) return;
        const c = compact(s.text).normalize('NFKC');
        if (!c.includes(printed)) return;
        edits.set(page.number, i, { ...s, text: c.replace(printed, to) });
        if (z.page === t.source.page) first = true;
      });
    }
    if (!first) continue;
    tables.push(t.id);
    changes.push(`${tableKey(t)}: 《${printed}》 → 《${to}》`);
  }
  return tables.length ? [{ kind: 'title_alias', document: edits.apply(), tables, changes }] : [];
}

// ---------------------------------------------------------------------------------------------------------------
// swap_columns

interface Extent {
  x0: number;
  x1: number;
}

/** x-extent of each grid column from its single-column cells. */
function columnExtents(grid: Grid): Map<number, Extent> {
  const out = new Map<number, Extent>();
  for (const c of grid.cells) {
    const b = c.source.bbox;
    if (c.colSpan !== 1 || !b || c.source.page !== grid.source.page) continue;
    const e = out.get(c.col);
    out.set(c.col, e ? { x0: Math.min(e.x0, b.x0), x1: Math.max(e.x1, b.x1) } : { x0: b.x0, x1: b.x1 });
  }
  return out;
}

function gridColumnOf(grid: Grid, ext: Map<number, Extent>, cells: readonly Cell[]): number | undefined {
  const votes = new Map<number, number>();
  for (const c of cells) {
    const b = c.source.bbox;
    if (!b) continue;
    const x = (b.x0 + b.x1) / 2;
    for (const [col, e] of ext) if (x >= e.x0 - 1 && x <= e.x1 + 1) votes.set(col, (votes.get(col) ?? 0) + 1);
  }
  const best = [...votes].sort((a, b) => b[1] - a[1])[0];
  return best && best[1] >= cells.length / 2 ? best[0] : undefined;
}

const onePage = (t: NormalizedTable): boolean =>
  (t.pages?.length ?? 1) <= 1 && t.rows.every((r) => r.source.page === t.source.page);

function swapColumns(ctx: PlantContext): Perturbation[] {
  const edits = new Edits(ctx.read);
  const changes: string[] = [];
  const tables: string[] = [];
  for (const t of financeTables(ctx.base)) {
    if (!onePage(t)) continue;
    const grid = ctx.base.grids.find((g) => g.id === t.grid);
    const page = ctx.read.pages.find((p) => p.number === t.source.page);
    const top = firstBodyTop(t);
    if (!grid?.bbox || !page || top === undefined) continue;
    const ext = columnExtents(grid);
    const cols = t.columns
      .filter((c) => c.kind === 'amount')
      .map((c) => {
        const cells = t.rows.map((r) => r.cells[c.key]).filter((x): x is Cell => Boolean(x?.source.bbox));
        return { key: c.key, label: c.label, col: gridColumnOf(grid, ext, cells) };
      })
      .filter((c): c is { key: string; label: string; col: number } => c.col !== undefined);
    // Header cells: grid rows above the first body row.
    const headerCells = grid.cells.filter((c) => c.source.bbox && c.source.bbox.y1 <= top + 1);
    const pairs = cols
      .flatMap((a) => cols.filter((b) => b.col === a.col + 1).map((b) => [a, b] as const))
      .filter(([a, b]) => {
        const ea = ext.get(a.col);
        const eb = ext.get(b.col);
        if (!ea || !eb) return false;
        const ratio = (ea.x1 - ea.x0) / Math.max(1, eb.x1 - eb.x0);
        if (ratio < 0.75 || ratio > 1.33) return false;
        // No header cell over one of the two but not the other (they share their parent header).
        return !headerCells.some((h) => {
          const ca = h.col <= a.col && a.col < h.col + h.colSpan;
          const cb = h.col <= b.col && b.col < h.col + h.colSpan;
          return ca !== cb && h.colSpan > 1;
        });
      });
    for (const [a, b] of shuffle(pairs, ctx.rng)) {
      const ea = ext.get(a.col) as Extent;
      const eb = ext.get(b.col) as Extent;
      const y0 = grid.bbox.y0 - 2;
      const y1 = grid.bbox.y1 + 2;
      const moves: { index: number; span: TextSpan; dx: number; to: Extent }[] = [];
      let ok = true;
      page.spans.forEach((span, index) => {
        if (!ok) return;
        const c = center(span.bbox);
        if (c.y < y0 || c.y > y1 || span.text.trim() === '') return;
        const within = (e: Extent): boolean => span.bbox.x0 >= e.x0 - 3 && span.bbox.x1 <= e.x1 + 3;
        const touches = (e: Extent): boolean => span.bbox.x0 < e.x1 - 1 && span.bbox.x1 > e.x0 + 1;
        const numeric = /^[\s\d,.-]+$/.test(span.text);
        if (within(ea) && !within(eb)) {
          const dx = numeric ? eb.x1 - ea.x1 : (eb.x0 + eb.x1 - ea.x0 - ea.x1) / 2;
          moves.push({ index, span, dx, to: eb });
        } else if (within(eb) && !within(ea)) {
          const dx = numeric ? ea.x1 - eb.x1 : (ea.x0 + ea.x1 - eb.x0 - eb.x1) / 2;
          moves.push({ index, span, dx, to: ea });
        } else if (touches(ea) !== touches(eb))
          ok = false; // runs over a column edge
        else if (touches(ea) && !(span.bbox.x0 <= ea.x0 + 3 && span.bbox.x1 >= eb.x1 - 3)) ok = false; // over both but not a header spanning both
      });
      // A span wider than the column it moves to would print over the rule into its neighbour: no publisher's layout.
      const fits = moves.every(
        (m) => m.span.bbox.x0 + m.dx >= m.to.x0 - 0.5 && m.span.bbox.x1 + m.dx <= m.to.x1 + 0.5,
      );
      if (!ok || !fits || moves.length === 0 || moves.some((m) => edits.touched(page.number, m.index)))
        continue;
      for (const m of moves)
        edits.set(page.number, m.index, {
          ...m.span,
          bbox: { ...m.span.bbox, x0: m.span.bbox.x0 + m.dx, x1: m.span.bbox.x1 + m.dx },
        });
      tables.push(t.id);
      changes.push(`${tableKey(t)}: ${a.key} ⇄ ${b.key} (${moves.length} spans)`);
      break;
    }
  }
  return tables.length ? [{ kind: 'swap_columns', document: edits.apply(), tables, changes }] : [];
}

// ---------------------------------------------------------------------------------------------------------------
// total_row_move

function totalRowMove(ctx: PlantContext): Perturbation[] {
  const edits = new Edits(ctx.read);
  const changes: string[] = [];
  const tables: string[] = [];
  for (const t of financeTables(ctx.base)) {
    if (!onePage(t)) continue;
    const body = t.rows
      .filter((r) => r.role !== 'column_numbers' && r.role !== 'note' && r.source.bbox)
      .sort((a, b) => (a.source.bbox?.y0 ?? 0) - (b.source.bbox?.y0 ?? 0));
    const total = body[0];
    const rest = body.slice(1);
    if (!total || total.role !== 'total' || !/合计|总计/.test(compact(total.label)) || rest.length < 3)
      continue;
    const boxes = body.map((r) => r.source.bbox as BBox);
    const ys = boxes.map((b) => b.y0);
    const d = (ys[1] as number) - (ys[0] as number);
    if (d <= 2) continue;
    // Rows of one height only (tops and heights): the ruling lines stay where they are, the contents move a whole row.
    if (ys.slice(1).some((y, i) => Math.abs(y - (ys[i] as number) - d) > 0.2 * d)) continue;
    if (boxes.some((b) => Math.abs(b.y1 - b.y0 - d) > 0.2 * d)) continue;
    const page = ctx.read.pages.find((p) => p.number === t.source.page);
    const box = tableBoxes(ctx, t).get(t.source.page ?? -1);
    if (!page || !box) continue;
    const T0 = ys[0] as number;
    const T1 = (boxes[0] as BBox).y1;
    const end = (boxes.at(-1) as BBox).y1;
    // The band is the body rows' own cells: a 栏次 row or header line right above the 合计 row stays put, the
    // second line of the last row's wrapped label moves with it.
    const moves: { index: number; span: TextSpan; dy: number }[] = [];
    page.spans.forEach((span, index) => {
      const c = center(span.bbox);
      if (c.x < box.x0 - 2 || c.x > box.x1 + 2 || c.y < T0 || c.y >= end) return;
      const dy = c.y < T1 ? end - T1 : -(T1 - T0);
      moves.push({ index, span, dy });
    });
    if (moves.some((m) => edits.touched(page.number, m.index))) continue;
    for (const m of moves)
      edits.set(page.number, m.index, {
        ...m.span,
        bbox: { ...m.span.bbox, y0: m.span.bbox.y0 + m.dy, y1: m.span.bbox.y1 + m.dy },
      });
    tables.push(t.id);
    changes.push(`${tableKey(t)}: 《${compact(total.label)}》 row moved below ${rest.length} rows`);
  }
  return tables.length ? [{ kind: 'total_row_move', document: edits.apply(), tables, changes }] : [];
}

// ---------------------------------------------------------------------------------------------------------------
// code_merge and code_split

interface SpanAt {
  index: number;
  span: TextSpan;
}

/** How one coded row prints its 功能分类 code: whole in one span, split into 类 款 项 spans, or before its name. */
interface CodeSite {
  page: number;
  code: string;
  whole?: SpanAt;
  pieces?: SpanAt[];
  /** The span that opens the name (its first line, leftmost). */
  name?: SpanAt;
}

function codeSites(ctx: PlantContext, t: NormalizedTable): CodeSite[] {
  const out: CodeSite[] = [];
  for (const r of t.rows) {
    const b = r.source.bbox;
    const pageNo = r.source.page;
    if (!r.code || !r.code.startsWith('2') || !b || pageNo === undefined) continue;
    const page = ctx.read.pages.find((p) => p.number === pageNo);
    if (!page) continue;
    const inRow = page.spans
      .map((span, index) => ({ span, index }))
      .filter(({ span }) => span.text.trim() !== '' && inside(span.bbox, b, 1))
      .sort((x, y) => x.span.bbox.x0 - y.span.bbox.x0);
    const digits = inRow.filter(({ span }) => /^\d{2,7}$/.test(compact(span.text)));
    const label = compact(r.label);
    const name = inRow
      .filter(({ span }) => {
        const c = compact(span.text);
        return c.length >= 1 && !/\d/.test(c) && label.startsWith(c);
      })
      .sort((x, y) => x.span.bbox.y0 - y.span.bbox.y0 || x.span.bbox.x0 - y.span.bbox.x0)[0];
    const site: CodeSite = { page: pageNo, code: r.code, ...(name ? { name } : {}) };
    const whole = digits.filter(({ span }) => compact(span.text) === r.code);
    if (whole.length === 1 && whole[0]) site.whole = whole[0];
    else if (digits.length >= 2 && digits.map(({ span }) => compact(span.text)).join('') === r.code)
      site.pieces = digits;
    else continue;
    out.push(site);
  }
  return out;
}

/** Coded finance tables whose every coded row can be rewritten (a table half in one layout, half in another is no publisher's). */
function codedTables(
  ctx: PlantContext,
  ok: (s: CodeSite) => boolean,
): { t: NormalizedTable; sites: CodeSite[] }[] {
  return financeTables(ctx.base)
    .map((t) => ({
      t,
      sites: codeSites(ctx, t),
      coded: t.rows.filter((r) => r.code?.startsWith('2')).length,
    }))
    .filter(({ sites, coded }) => coded >= 3 && sites.length === coded && sites.every(ok))
    .map(({ t, sites }) => ({ t, sites }));
}

/**
 * code_merge: the code and the name in one cell ("2010101 行政运行" under 科目名称, the 科目编码 cells left empty),
 * as publishers print who have one 功能分类科目 column; a code split over 类 | 款 | 项 columns printed whole in the
 * 类 column ("2010101", the 款 and 项 cells empty).
 */
function codeMerge(ctx: PlantContext): Perturbation[] {
  const edits = new Edits(ctx.read);
  const changes: string[] = [];
  const tables: string[] = [];
  for (const { t, sites } of codedTables(ctx, (s) => Boolean(s.pieces || (s.whole && s.name)))) {
    let merged = 0;
    let joined = 0;
    for (const s of sites) {
      if (s.pieces) {
        const [first, ...rest] = s.pieces;
        if (!first) continue;
        edits.set(s.page, first.index, { ...first.span, text: s.code });
        for (const p of rest) edits.set(s.page, p.index, null);
        joined++;
      } else if (s.whole && s.name) {
        edits.set(s.page, s.whole.index, null);
        edits.set(s.page, s.name.index, { ...s.name.span, text: `${s.code} ${s.name.span.text.trim()}` });
        merged++;
      }
    }
    tables.push(t.id);
    changes.push(
      `${tableKey(t)}: ${merged ? `${merged} code(s) merged into the name cell` : ''}${merged && joined ? ', ' : ''}${joined ? `${joined} 类|款|项 code(s) printed whole` : ''}`,
    );
  }
  return tables.length ? [{ kind: 'code_merge', document: edits.apply(), tables, changes }] : [];
}

/**
 * code_split: a code printed whole ("2010101") printed as its 类 款 项 groups ("201 01 01", three pieces apart in
 * the code cell), as exports of 类 | 款 | 项 columns print where the rules between them are not drawn.
 */
function codeSplit(ctx: PlantContext): Perturbation[] {
  const edits = new Edits(ctx.read);
  const changes: string[] = [];
  const tables: string[] = [];
  for (const { t, sites } of codedTables(ctx, (s) => Boolean(s.whole))) {
    let n = 0;
    for (const s of sites) {
      const w = s.whole as SpanAt;
      if (s.code.length < 5) continue;
      const groups =
        s.code.length === 7
          ? [s.code.slice(0, 3), s.code.slice(3, 5), s.code.slice(5)]
          : [s.code.slice(0, 3), s.code.slice(3)];
      const b = w.span.bbox;
      // Within the code's own box (a narrow code cell has no room for more): the groups a small gap apart.
      const ch = (b.x1 - b.x0) / (s.code.length + 0.8 * (groups.length - 1));
      let x = b.x0;
      const spans = groups.map((g) => {
        const span: TextSpan = { ...w.span, text: g, bbox: { ...b, x0: x, x1: x + ch * g.length } };
        x += ch * (g.length + 0.8);
        return span;
      });
      edits.set(s.page, w.index, spans[0] ?? null);
      edits.add(s.page, spans.slice(1));
      n++;
    }
    if (n === 0) continue;
    tables.push(t.id);
    changes.push(`${tableKey(t)}: ${n} code(s) split into 类 款 项`);
  }
  return tables.length ? [{ kind: 'code_split', document: edits.apply(), tables, changes }] : [];
}

// ---------------------------------------------------------------------------------------------------------------
// heading_previous_page

/** A page number or running footer line ("— 17 —", "-3-", "第 3 页"). */
const FOOTER = /^[-—–\s]*(?:第\s*)?\d+\s*(?:页)?[-—–\s]*$/u;

/**
 * heading_previous_page: a table that opens its page has its title (and the 单位 line, the 部门 line, the table
 * number: everything above its grid) printed at the bottom of the previous page instead, below whatever ends that
 * page, as a page break after the title leaves it.
 */
function headingPreviousPage(ctx: PlantContext): Perturbation[] {
  const edits = new Edits(ctx.read);
  const changes: string[] = [];
  const tables: string[] = [];
  const claimedPages = new Set<number>();
  for (const t of financeTables(ctx.base)) {
    const pageNo = t.source.page;
    const box = pageNo !== undefined ? tableBoxes(ctx, t).get(pageNo) : undefined;
    if (
      pageNo === undefined ||
      !box ||
      pageNo <= 1 ||
      claimedPages.has(pageNo) ||
      claimedPages.has(pageNo - 1)
    )
      continue;
    const page = ctx.read.pages.find((p) => p.number === pageNo);
    const prev = ctx.read.pages.find((p) => p.number === pageNo - 1);
    if (!page || !prev || prev.ocr.needed || page.ocr.needed) continue;
    // The heading: every span above the grid's top; the table must open its page (nothing above the heading zone).
    const above = page.spans
      .map((span, index) => ({ span, index }))
      .filter(({ span }) => span.text.trim() !== '' && span.bbox.y1 <= box.y0 + 1 && !FOOTER.test(span.text));
    if (above.length === 0 || above.some(({ span }) => span.bbox.y0 < box.y0 - 120)) continue;
    if (!above.some(({ span }) => compact(span.text).normalize('NFKC').includes(compact(t.title).slice(-6))))
      continue;
    const y0 = Math.min(...above.map(({ span }) => span.bbox.y0));
    const y1 = Math.max(...above.map(({ span }) => span.bbox.y1));
    const content = prev.spans.filter((s) => s.text.trim() !== '' && !FOOTER.test(s.text));
    const footers = prev.spans.filter(
      (s) => s.text.trim() !== '' && FOOTER.test(s.text) && s.bbox.y0 > prev.height * 0.85,
    );
    // What ends the page is its last text or drawing (a ruled grid often runs on in empty rows below its last figures).
    const drawn = [
      ...prev.lines.map((l) => Math.max(l.y0, l.y1)),
      ...prev.rects.map((r) => r.bbox.y1),
    ].filter((y) => y < prev.height - 20);
    const end = Math.max(40, ...content.map((s) => s.bbox.y1), ...drawn);
    const floor = Math.min(prev.height - 36, ...footers.map((s) => s.bbox.y0 - 6));
    const to = end + 18;
    if (to + (y1 - y0) > floor) continue;
    const dy = to - y0;
    // Moved spans leave this page and are added to the previous one.
    for (const { index } of above) edits.set(pageNo, index, null);
    edits.add(
      pageNo - 1,
      above.map(({ span }) => ({
        ...span,
        bbox: { ...span.bbox, y0: span.bbox.y0 + dy, y1: span.bbox.y1 + dy },
      })),
    );
    claimedPages.add(pageNo);
    claimedPages.add(pageNo - 1);
    tables.push(t.id);
    changes.push(`${tableKey(t)}: heading (${above.length} spans) moved to the bottom of p${pageNo - 1}`);
  }
  return tables.length ? [{ kind: 'heading_previous_page', document: edits.apply(), tables, changes }] : [];
}

// ---------------------------------------------------------------------------------------------------------------
// narrative_paraphrase

const FW_DIGIT = (s: string): string =>
  s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
const pickOther = (xs: readonly string[], not: string, rng: () => number): string => {
  const others = xs.filter((x) => x !== not);
  return others[Math.floor(rng() * others.length)] ?? not;
};
const UP = [
  '较上年增长',
  '比上年增长',
  '同比增加',
  '较上年增加',
  '同比增长',
  '比上年增加',
  '与上年相比，增加',
  '比上年增加了',
];
const DOWN = [
  '较上年下降',
  '比上年下降',
  '同比减少',
  '较上年减少',
  '同比下降',
  '比上年减少',
  '较上年降低',
  '与上年相比，减少',
  '比上年减少了',
];
/** A figure follows: the change words are about it (not "增加的主要原因是…"). */
const FIG = '(?=\\s*[0-9０-９])';

/**
 * The wordings publishers use for the same claim, one rewrite per rule (regex on a span's text → replacement).
 * Each keeps the claim: the same figures, the same direction, the same whole of a share.
 */
export const PARAPHRASES: readonly {
  readonly what: string;
  readonly re: RegExp;
  readonly to: (m: RegExpExecArray, rng: () => number) => string;
}[] = [
  // 比上年增加 ↔ 较上年增长 / 同比增加 …; 减少 ↔ 下降 / 降低.
  {
    what: '比上年增加 → 同义',
    re: new RegExp(`(?:比|较)(?:上年|去年|上一年)(?:增加|增长)${FIG}`, 'gu'),
    to: (m, rng) => pickOther(UP, m[0], rng),
  },
  {
    what: '比上年减少 → 同义',
    re: new RegExp(`(?:比|较)(?:上年|去年|上一年)(?:减少|下降|降低)${FIG}`, 'gu'),
    to: (m, rng) => pickOther(DOWN, m[0], rng),
  },
  // The rate of a change stated after its amount: "增加X万元，增长Y%" → "增加X万元，增幅Y%" (降幅 for a fall).
  {
    what: '增长 Y% → 增幅',
    re: /(?<=[，,])(增长|下降)(?=\s*[0-9][0-9.]*\s*[%％])/gu,
    to: (m, rng) =>
      pickOther(
        m[1] === '增长' ? ['增幅', '增长幅度为', '增长率为'] : ['降幅', '下降幅度为', '减幅'],
        '',
        rng,
      ),
  },
  // A change word right before its figure, not after 上年 / 同比 (rewritten above).
  {
    what: '增加 ↔ 增长',
    re: new RegExp(`(?<!上年|同比|去年)(增加|增长)${FIG}`, 'gu'),
    to: (m) => (m[1] === '增加' ? '增长' : '增加'),
  },
  {
    what: '减少 ↔ 下降',
    re: new RegExp(`(?<!上年|同比|去年)(减少|下降)${FIG}`, 'gu'),
    to: (m) => (m[1] === '减少' ? '下降' : '减少'),
  },
  // 占…的比重为 X% → 占…的 X%; 占 X% (no whole) → 占比 X%.
  {
    what: '占…的比重为 → 占…的',
    re: /占([^，,。；;%％]{1,24}?)的?(?:比重|比例)(?:为|是|达)?(?=\s*[0-9０-９])/gu,
    to: (m) => `占${m[1] ?? ''}的`,
  },
  { what: '占 → 占比', re: /(?<=[，,])占(?=\s*[0-9０-９][0-9０-９.．]*\s*[%％])/gu, to: () => '占比' },
  // 收入合计 / 支出合计 ↔ 收入总额 / 支出总额 (not 总计: that includes the 结转).
  {
    what: '合计 → 总额/共计',
    re: /(收入|支出)合计(?=为|[0-9０-９])/gu,
    to: (m, rng) => `${m[1] ?? ''}${pickOther(['总额', '共计'], '', rng)}`,
  },
  // 人民币 before an amount after 为 / 共计 / 达.
  { what: '人民币', re: /(为|共计|达到?)(?=[0-9][0-9,.]*\s*万元)/gu, to: (m) => `${m[1] ?? ''}人民币` },
  // Trailing zeros dropped ("100.00万元" → "100万元", "12.50万元" → "12.5万元"): the same amount, stated no finer
  // than it is. (An amount of 万元 restated in 元 is not the same claim: "2518.06万元" is not "25180600元".)
  {
    what: '.00 万元 → 万元',
    re: /(?<![0-9,.])([0-9]+)\.([0-9]*?)0+(?=\s*万元)/gu,
    to: (m) => (m[2] ? `${m[1] ?? ''}.${m[2]}` : (m[1] ?? '')),
  },
  // 万元 with a space before it, or without.
  {
    what: '万元 空格',
    re: /([0-9０-９])(\s*)(万元|元)/gu,
    to: (m) => `${m[1] ?? ''}${m[2] ? '' : ' '}${m[3] ?? ''}`,
  },
];

/**
 * narrative_paraphrase: the running text's claims reworded (PARAPHRASES), and per document one way of printing
 * figures: full-width percent signs, or full-width digits and percent signs (figures without separators).
 */
function narrativeParaphrase(ctx: PlantContext): Perturbation[] {
  const p = paraphrase(ctx);
  return p ? [p] : [];
}

/** The paraphrased document (narrativeParaphrase), or nothing when the text has nothing to reword. */
export function paraphrase(ctx: PlantContext): Perturbation | undefined {
  const edits = new Edits(ctx.read);
  const counts = new Map<string, number>();
  const fullDigits = ctx.rng() < 0.5;
  for (const line of linesOf(ctx)) {
    if (!line.running) continue;
    for (const part of line.parts) {
      const span = edits.current(line.page, part.index);
      if (!span || edits.touched(line.page, part.index)) continue;
      let text = span.text;
      for (const rule of PARAPHRASES) {
        text = text.replace(rule.re, (...args) => {
          const m = args.slice(0, -2) as unknown as RegExpExecArray;
          const to = rule.to(m, ctx.rng);
          if (to !== m[0]) counts.set(rule.what, (counts.get(rule.what) ?? 0) + 1);
          return to;
        });
      }
      // Percentages and amounts: ％ for %, and full-width digits where the document's choice is so.
      text = text.replace(
        /(?<![0-9,.])([0-9]+(?:\.[0-9]+)?)(\s*)(%|万元|元)/gu,
        (_all, fig: string, sp: string, u: string) => {
          const unit = u === '%' ? '％' : u;
          const f = fullDigits ? FW_DIGIT(fig).replace('.', '．') : fig;
          if (f !== fig || unit !== u)
            counts.set(
              fullDigits ? '全角数字' : '全角％',
              (counts.get(fullDigits ? '全角数字' : '全角％') ?? 0) + 1,
            );
          return `${f}${sp}${unit}`;
        },
      );
      if (text !== span.text) edits.set(line.page, part.index, { ...span, text });
    }
  }
  if (edits.size === 0) return undefined;
  return {
    kind: 'narrative_paraphrase',
    document: edits.apply(),
    tables: [],
    changes: [`${edits.size} span(s): ${[...counts].map(([w, n]) => `${w} ×${n}`).join(', ')}`],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// span_chars, span_merge, zero_forms, row_wrap, header_wrap: how other producers lay out the same cells

const CJK_GLYPH = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/u;
/** Relative advance of a glyph (as the reader estimates it): ideographs and full-width forms 1 em, the rest half. */
const advanceOf = (ch: string): number => (CJK_GLYPH.test(ch) ? 1 : 0.5);

/** A span cut into one span per glyph (spaces leave their gap and no span), x apportioned by advance. */
export function glyphSpans(span: TextSpan): TextSpan[] {
  const chars = [...span.text];
  const total = chars.reduce((a, c) => a + advanceOf(c), 0);
  if (chars.length <= 1 || total === 0) return [span];
  const w = span.bbox.x1 - span.bbox.x0;
  const out: TextSpan[] = [];
  let acc = 0;
  for (const ch of chars) {
    const a = advanceOf(ch);
    const x0 = span.bbox.x0 + (acc / total) * w;
    acc += a;
    if (ch.trim() === '') continue;
    out.push({ ...span, text: ch, bbox: { ...span.bbox, x0, x1: span.bbox.x0 + (acc / total) * w } });
  }
  return out;
}

/** Another non-blank span on the same line (centres within a quarter height) over part of this one. */
function overprinted(spans: readonly TextSpan[], s: TextSpan): boolean {
  const h = s.bbox.y1 - s.bbox.y0;
  return spans.some(
    (t) =>
      t !== s &&
      t.text.trim() !== '' &&
      Math.abs(center(t.bbox).y - center(s.bbox).y) <= 0.25 * h &&
      Math.min(t.bbox.x1, s.bbox.x1) - Math.max(t.bbox.x0, s.bbox.x0) > 0.5 * s.fontSize,
  );
}

/**
 * span_chars: every span of every text page printed glyph by glyph (one text item per character), as Word / WPS
 * exports through some PDF printers do; the glyphs keep the span's line and share its width by advance.
 */
function spanChars(ctx: PlantContext): Perturbation[] {
  const edits = new Edits(ctx.read);
  let n = 0;
  const pages = new Set<number>();
  for (const p of ctx.read.pages) {
    if (p.ocr.needed) continue;
    p.spans.forEach((s, i) => {
      // Text printed over other text on its line (a heading set over another) keeps its runs: its glyphs
      // would interleave with the other's, which no reader can undo and no producer that emits glyphs prints.
      if (overprinted(p.spans, s)) return;
      const g = glyphSpans(s);
      if (g.length === 1 && g[0] === s) return;
      edits.set(p.number, i, g[0] ?? null);
      edits.add(p.number, g.slice(1));
      n++;
      pages.add(p.number);
    });
  }
  if (n === 0) return [];
  const tables = financeTables(ctx.base).filter((t) => pages.has(t.source.page ?? -1));
  return [
    {
      kind: 'span_chars',
      document: edits.apply(),
      tables: tables.map((t) => t.id),
      changes: [`${n} span(s) on ${pages.size} page(s) printed glyph by glyph`],
    },
  ];
}

/** Grid cells of a page, by box (lattice and stream grids alike). */
function cellBoxesOn(base: ExtractionResult, page: number): BBox[] {
  return base.grids.flatMap((g) =>
    g.cells.filter((c) => c.source.page === page && c.source.bbox).map((c) => c.source.bbox as BBox),
  );
}

/**
 * span_merge: the spans of one printed line that sit in one table cell printed as one text item (label pieces
 * "一般公共" + "服务支出", a figure in pieces "1,234" + ".56"), as producers that write a cell's text in one run do.
 * A space is kept where the pieces stood apart (a gap over 0.25 em between non-ideographs).
 */
function spanMerge(ctx: PlantContext): Perturbation[] {
  const edits = new Edits(ctx.read);
  let n = 0;
  const touched = new Set<string>();
  const tablesOn = (page: number): NormalizedTable[] =>
    financeTables(ctx.base).filter((t) => tableBoxes(ctx, t).has(page));
  for (const p of ctx.read.pages) {
    if (p.ocr.needed || tablesOn(p.number).length === 0) continue;
    const cells = cellBoxesOn(ctx.base, p.number);
    const byCell = new Map<number, { index: number; span: TextSpan }[]>();
    p.spans.forEach((span, index) => {
      if (span.text.trim() === '') return;
      const c = center(span.bbox);
      // The span must lie in the cell (not run over its edge into the next one).
      const k = cells.findIndex(
        (b) =>
          c.x >= b.x0 &&
          c.x <= b.x1 &&
          c.y >= b.y0 &&
          c.y <= b.y1 &&
          span.bbox.x0 >= b.x0 - 2 &&
          span.bbox.x1 <= b.x1 + 2,
      );
      if (k < 0) return;
      byCell.set(k, [...(byCell.get(k) ?? []), { index, span }]);
    });
    for (const [k, ss] of byCell) {
      // One printed line at a time: spans overlapping vertically by half their height, left to right.
      const lines: { index: number; span: TextSpan }[][] = [];
      for (const s of [...ss].sort((a, b) => center(a.span.bbox).y - center(b.span.bbox).y)) {
        const l = lines.find((x) => {
          const h = Math.min(s.span.bbox.y1 - s.span.bbox.y0, x[0]!.span.bbox.y1 - x[0]!.span.bbox.y0);
          const ov =
            Math.min(s.span.bbox.y1, x[0]!.span.bbox.y1) - Math.max(s.span.bbox.y0, x[0]!.span.bbox.y0);
          return ov >= 0.5 * h;
        });
        if (l) l.push(s);
        else lines.push([s]);
      }
      for (const l of lines) {
        if (l.length < 2) continue;
        l.sort((a, b) => a.span.bbox.x0 - b.span.bbox.x0);
        let text = '';
        let prev: TextSpan | undefined;
        for (const { span } of l) {
          if (prev) {
            const gap = span.bbox.x0 - prev.bbox.x1;
            const size = Math.max(1, Math.min(prev.fontSize, span.fontSize));
            const cjk = CJK_GLYPH.test(text.trim().slice(-1)) && CJK_GLYPH.test(span.text.trim().slice(0, 1));
            if (gap > 1.5 * size || (gap > 0.25 * size && !cjk)) text += ' ';
          }
          text += span.text.trim();
          prev = span;
        }
        const first = l[0]!;
        const bbox = {
          x0: Math.min(...l.map((s) => s.span.bbox.x0)),
          y0: Math.min(...l.map((s) => s.span.bbox.y0)),
          x1: Math.max(...l.map((s) => s.span.bbox.x1)),
          y1: Math.max(...l.map((s) => s.span.bbox.y1)),
        };
        edits.set(p.number, first.index, { ...first.span, text, bbox });
        for (const s of l.slice(1)) edits.set(p.number, s.index, null);
        touched.add(`${p.number}:${k}`);
        n++;
      }
    }
  }
  if (n === 0) return [];
  const pages = new Set([...touched].map((k) => Number(k.split(':')[0])));
  const tables = financeTables(ctx.base).filter((t) =>
    [...tableBoxes(ctx, t).keys()].some((pg) => pages.has(pg)),
  );
  return [
    {
      kind: 'span_merge',
      document: edits.apply(),
      tables: tables.map((t) => t.id),
      changes: [`${n} cell line(s) on ${pages.size} page(s) merged into one span`],
    },
  ];
}

/** How a zero and a negative figure are printed (per document, one form each). */
export const ZERO_FORMS = ['-', '—', '－', '0', '0.00', ''] as const;
export const NEGATIVE_FORMS = ['-', '－', '()'] as const;

/**
 * zero_forms: zeros printed in another publisher's zero form ("-", "—", "－", "0", "0.00" or the cell left
 * blank) — the amount cells printed as zero, and, where the document leaves zeros blank, the blank amount cells of
 * its labelled body rows filled with the form (right-aligned where the column's figures end) — and negative
 * figures with another minus ("-123.45", "－123.45" or "(123.45)"). One zero form and one negative form per
 * document, as one producer prints them.
 */
function zeroForms(ctx: PlantContext): Perturbation[] {
  const zero = ZERO_FORMS[Math.floor(ctx.rng() * ZERO_FORMS.length)] ?? '-';
  const neg = NEGATIVE_FORMS[Math.floor(ctx.rng() * NEGATIVE_FORMS.length)] ?? '-';
  const edits = new Edits(ctx.read);
  const changed = new Map<string, { zeros: number; filled: number; negatives: number }>();
  const count = (id: string, what: 'zeros' | 'filled' | 'negatives'): void => {
    const e = changed.get(id) ?? { zeros: 0, filled: 0, negatives: 0 };
    e[what]++;
    changed.set(id, e);
  };
  const filledAt = new Set<string>();
  for (const t of financeTables(ctx.base)) {
    const amount = t.columns.filter((c) => c.kind === 'amount').map((c) => c.key);
    const keys = new Set(amount);
    for (const r of t.rows)
      for (const [k, c] of Object.entries(r.cells)) {
        if (!keys.has(k) || c.value === null || c.percent) continue;
        const raw = c.raw.trim();
        let text: string | undefined;
        let what: 'zeros' | 'negatives' | undefined;
        if (c.value === 0 && raw !== '' && raw !== zero) [text, what] = [zero, 'zeros'];
        else if (c.value < 0 && /^[-－]\d/u.test(raw)) {
          const abs = raw.replace(/^[-－]/u, '');
          [text, what] = [neg === '()' ? `(${abs})` : `${neg}${abs}`, 'negatives'];
          if (text === raw) text = undefined;
        }
        if (text === undefined || !what) continue;
        if (text === '') {
          const hit = spanOfCell(ctx.read, c);
          if (!hit || hit.span.text.trim() !== hit.raw || edits.touched(hit.page, hit.index)) continue;
          edits.set(hit.page, hit.index, null);
        } else if (!editCell(edits, ctx.read, c, text)) continue;
        count(t.id, what);
      }
    if (zero === '') continue;
    // Blank amount cells filled, each placed as the nearest figure of its column sits in its own cell (a cell's
    // box is its grid cell: the figure's offset from the cell's right edge and middle is kept).
    for (const k of amount) {
      const figures = t.rows
        .map((r) => r.cells[k])
        .filter((c): c is Cell => Boolean(c && c.value !== null && c.source.bbox && /\d/.test(c.raw)));
      for (const r of t.rows) {
        if (!['data', 'total', 'subtotal'].includes(r.role) || compact(r.label) === '') continue;
        const c = r.cells[k];
        const cb = c?.source.bbox;
        const pg = c?.source.page;
        if (!c || c.value !== null || c.raw.trim() !== '' || !cb || pg === undefined) continue;
        const near = figures
          .filter((f) => {
            const fb = f.source.bbox as BBox;
            return f.source.page === pg && fb.x0 < cb.x1 && fb.x1 > cb.x0;
          })
          .sort(
            (x, y) =>
              Math.abs(center(x.source.bbox as BBox).y - center(cb).y) -
              Math.abs(center(y.source.bbox as BBox).y - center(cb).y),
          )[0];
        const hit = near && spanOfCell(ctx.read, near);
        if (!near || !hit) continue;
        const fb = near.source.bbox as BBox;
        const sb = hit.span.bbox;
        const h = sb.y1 - sb.y0;
        const w = [...zero].reduce((n, ch) => n + advanceOf(ch), 0) * hit.span.fontSize;
        const x1 = cb.x1 - (fb.x1 - sb.x1);
        const y0 = center(cb).y + (center(sb).y - center(fb).y) - h / 2;
        const box = { x0: x1 - w, y0, x1, y1: y0 + h };
        const key = `${pg}:${Math.round(x1)}:${Math.round(y0)}`;
        const page = ctx.read.pages.find((p) => p.number === pg);
        if (filledAt.has(key) || !inside(box, cb, 0)) continue;
        // Nothing printed there already.
        if (
          page?.spans.some(
            (s) =>
              s.text.trim() !== '' &&
              s.bbox.x0 < box.x1 + 1 &&
              s.bbox.x1 > box.x0 - 1 &&
              s.bbox.y0 < box.y1 &&
              s.bbox.y1 > box.y0,
          )
        )
          continue;
        edits.add(pg, [{ ...hit.span, text: zero, bbox: box }]);
        filledAt.add(key);
        count(t.id, 'filled');
      }
    }
  }
  if (changed.size === 0) return [];
  return [
    {
      kind: 'zero_forms',
      document: edits.apply(),
      tables: [...changed.keys()],
      changes: [...changed].map(
        ([id, n]) =>
          `${tableKey(ctx.base.tables.find((t) => t.id === id))}: ${n.zeros} zero(s) printed as "${zero || 'blank'}", ${n.filled} blank cell(s) filled${n.negatives ? `, ${n.negatives} negative(s) as ${neg === '()' ? '(x)' : `${neg}x`}` : ''}`,
      ),
    },
  ];
}

/**
 * A one-line span wrapped onto two lines inside its cell box: the first half of its text on the upper line, the
 * rest below, left-aligned where it started; the font shrunk when the cell is too low for two lines. Undefined
 * when the cell has no room or the text is too short to wrap.
 */
export function wrapSpan(
  span: TextSpan,
  cell: BBox,
  minChars: number,
): { lines: [TextSpan, TextSpan]; y: [number, number] } | undefined {
  const text = span.text.trim();
  const chars = [...text];
  if (chars.length < minChars || /\d/.test(text)) return undefined;
  // Break after the first half (never inside a bracketed part's opening).
  let cut = Math.ceil(chars.length / 2);
  while (cut < chars.length - 1 && /[（(]/u.test(chars[cut - 1] ?? '')) cut++;
  const a = chars.slice(0, cut).join('');
  const b = chars.slice(cut).join('');
  if (!a || !b) return undefined;
  const h = span.bbox.y1 - span.bbox.y0;
  const room = cell.y1 - cell.y0 - 2;
  if (h <= 0 || room < 1.2 * h) return undefined;
  const s = Math.min(1, room / (2.1 * h));
  const lh = h * s;
  const cy = (cell.y0 + cell.y1) / 2;
  const y0a = cy - 1.05 * lh;
  const y0b = cy + 0.05 * lh;
  const total = chars.reduce((n, c) => n + advanceOf(c), 0);
  const em = ((span.bbox.x1 - span.bbox.x0) / total) * s;
  const wa = [...a].reduce((n, c) => n + advanceOf(c), 0) * em;
  const wb = [...b].reduce((n, c) => n + advanceOf(c), 0) * em;
  const x0 = span.bbox.x0;
  return {
    lines: [
      { ...span, text: a, fontSize: span.fontSize * s, bbox: { x0, x1: x0 + wa, y0: y0a, y1: y0a + lh } },
      { ...span, text: b, fontSize: span.fontSize * s, bbox: { x0, x1: x0 + wb, y0: y0b, y1: y0b + lh } },
    ],
    y: [y0a, y0a + lh],
  };
}

/** The lattice grid cell (box) that holds a span alone, on its page. */
function cellOfSpan(grid: Grid, page: number, span: TextSpan): BBox | undefined {
  const c = center(span.bbox);
  const hit = grid.cells.find((g) => {
    const b = g.source.bbox;
    return g.source.page === page && b && c.x >= b.x0 && c.x <= b.x1 && c.y >= b.y0 && c.y <= b.y1;
  });
  return hit?.source.bbox;
}

/**
 * row_wrap: long row labels (≥ 8 characters, in a ruled table) wrapped onto two printed lines within their row,
 * as narrow 科目名称 columns print them; per document the row's figures stay vertically centred between the two
 * lines, or sit on the first line.
 */
function rowWrap(ctx: PlantContext): Perturbation[] {
  const figuresOnFirst = ctx.rng() < 0.5;
  const edits = new Edits(ctx.read);
  const changed = new Map<string, number>();
  for (const t of financeTables(ctx.base)) {
    const grid = ctx.base.grids.find((g) => g.id === t.grid);
    if (!grid || grid.method !== 'lattice') continue;
    for (const r of t.rows) {
      const b = r.source.bbox;
      const pageNo = r.source.page;
      if (!b || pageNo === undefined || r.role === 'column_numbers' || r.role === 'note') continue;
      const page = ctx.read.pages.find((p) => p.number === pageNo);
      if (!page) continue;
      const label = compact(r.label);
      const inRow = page.spans
        .map((span, index) => ({ span, index }))
        .filter(({ span }) => span.text.trim() !== '' && inside(span.bbox, b, 1));
      const lab = inRow.filter(
        ({ span }) => compact(span.text).length >= 8 && label.endsWith(compact(span.text)),
      );
      if (lab.length !== 1 || !lab[0]) continue;
      const { span, index } = lab[0];
      if (edits.touched(pageNo, index)) continue;
      const cell = cellOfSpan(grid, pageNo, span);
      // The label must be the only text line of its cell (not already wrapped).
      if (
        !cell ||
        inRow.some(
          (s) =>
            s.index !== index &&
            inside(s.span.bbox, cell, 0) &&
            center(s.span.bbox).x < cell.x1 &&
            center(s.span.bbox).x > cell.x0,
        )
      )
        continue;
      const w = wrapSpan(span, cell, 8);
      if (!w) continue;
      edits.set(pageNo, index, w.lines[0]);
      edits.add(pageNo, [w.lines[1]]);
      if (figuresOnFirst)
        for (const s of inRow) {
          if (s.index === index || !/\d/.test(s.span.text) || edits.touched(pageNo, s.index)) continue;
          const h = s.span.bbox.y1 - s.span.bbox.y0;
          const dy = w.y[0] + (w.y[1] - w.y[0]) / 2 - h / 2 - s.span.bbox.y0;
          edits.set(pageNo, s.index, {
            ...s.span,
            bbox: { ...s.span.bbox, y0: s.span.bbox.y0 + dy, y1: s.span.bbox.y1 + dy },
          });
        }
      changed.set(t.id, (changed.get(t.id) ?? 0) + 1);
    }
  }
  if (changed.size === 0) return [];
  return [
    {
      kind: 'row_wrap',
      document: edits.apply(),
      tables: [...changed.keys()],
      changes: [...changed].map(
        ([id, n]) =>
          `${tableKey(ctx.base.tables.find((t) => t.id === id))}: ${n} label(s) wrapped, figures ${figuresOnFirst ? 'on the first line' : 'centred'}`,
      ),
    },
  ];
}

/**
 * header_wrap: column header cells of ruled tables (≥ 4 characters, one line in their cell) wrapped onto two
 * lines ("基本" / "支出", "一般公共预算" / "拨款收入"), as narrow columns print them.
 */
function headerWrap(ctx: PlantContext): Perturbation[] {
  const edits = new Edits(ctx.read);
  const changed = new Map<string, number>();
  for (const t of financeTables(ctx.base)) {
    const grid = ctx.base.grids.find((g) => g.id === t.grid);
    const top = firstBodyTop(t);
    const pageNo = t.source.page;
    if (!grid || grid.method !== 'lattice' || top === undefined || pageNo === undefined) continue;
    const page = ctx.read.pages.find((p) => p.number === pageNo);
    if (!page) continue;
    const headers = grid.cells.filter(
      (c) =>
        c.source.page === pageNo &&
        c.source.bbox &&
        c.source.bbox.y1 <= top + 1 &&
        c.text.trim() !== '' &&
        !c.text.includes('\n'),
    );
    for (const h of headers) {
      const box = h.source.bbox as BBox;
      const ss = page.spans
        .map((span, index) => ({ span, index }))
        .filter(({ span }) => span.text.trim() !== '' && inside(span.bbox, box, 0));
      if (ss.length !== 1 || !ss[0] || edits.touched(pageNo, ss[0].index)) continue;
      if (compact(ss[0].span.text) !== compact(h.text)) continue;
      const w = wrapSpan(ss[0].span, box, 4);
      if (!w) continue;
      // Centred in the cell, as headers are: each line keeps the span's centre.
      const cx = (ss[0].span.bbox.x0 + ss[0].span.bbox.x1) / 2;
      const [a, b] = w.lines.map((l) => {
        const half = (l.bbox.x1 - l.bbox.x0) / 2;
        return { ...l, bbox: { ...l.bbox, x0: cx - half, x1: cx + half } };
      }) as [TextSpan, TextSpan];
      edits.set(pageNo, ss[0].index, a);
      edits.add(pageNo, [b]);
      changed.set(t.id, (changed.get(t.id) ?? 0) + 1);
    }
  }
  if (changed.size === 0) return [];
  return [
    {
      kind: 'header_wrap',
      document: edits.apply(),
      tables: [...changed.keys()],
      changes: [...changed].map(
        ([id, n]) => `${tableKey(ctx.base.tables.find((t) => t.id === id))}: ${n} header cell(s) wrapped`,
      ),
    },
  ];
}

/**
 * no_rules: the finance tables' pages printed without their ruling lines and cell shading, as spreadsheets exported
 * without borders print them (the text where it was; the table read from its alignment).
 */
function noRules(ctx: PlantContext): Perturbation[] {
  const tables = financeTables(ctx.base);
  const pages = new Set(tables.flatMap((t) => [...tableBoxes(ctx, t).keys()]));
  const ruled = [...pages].filter((n) => {
    const p = ctx.read.pages.find((x) => x.number === n);
    return p && !p.ocr.needed && (p.lines.length > 0 || p.rects.length > 0);
  });
  if (ruled.length === 0) return [];
  const drop = new Set(ruled);
  const document: ExtractedDocument = {
    ...ctx.read,
    pages: ctx.read.pages.map((p) => (drop.has(p.number) ? { ...p, lines: [], rects: [] } : p)),
  };
  const changed = tables.filter((t) => [...tableBoxes(ctx, t).keys()].some((n) => drop.has(n)));
  return [
    {
      kind: 'no_rules',
      document,
      tables: changed.map((t) => t.id),
      changes: [`${drop.size} page(s) without rules: ${changed.map((t) => tableKey(t)).join(', ')}`],
    },
  ];
}

/** The unit word and the declaration's own text in a span ("单位：万元", "金额单位：元"). */
const UNIT_DECL = /(?:金额)?单位[:：]?\s*(万元|元)|金额[:：]\s*(万元|元)/u;

/**
 * unit_in_title: the 单位 line above a one-page table dropped and the unit printed after its title instead
 * ("部门收支总表（单位：万元）"), as some regions print it; the rest of that line (部门：…) stays.
 */
function unitInTitle(ctx: PlantContext): Perturbation[] {
  const edits = new Edits(ctx.read);
  const changes: string[] = [];
  const tables: string[] = [];
  const all = financeTables(ctx.base);
  for (const t of all) {
    if (!onePage(t) || t.source.page === undefined) continue;
    const pageNo = t.source.page;
    const page = ctx.read.pages.find((p) => p.number === pageNo);
    const box = tableBoxes(ctx, t).get(pageNo);
    if (!page || !box || page.ocr.needed) continue;
    const decls = declarationSpans(ctx, t, firstBodyTop(t)).filter(
      (d) => d.page === pageNo && UNIT_DECL.test(d.span.text),
    );
    const shared = all.some(
      (u) =>
        u !== t &&
        declarationSpans(ctx, u, firstBodyTop(u)).some((d) =>
          decls.some((e) => e.page === d.page && e.index === d.index),
        ),
    );
    const key = compact(t.title).normalize('NFKC').slice(-6);
    const titles = page.spans
      .map((span, index) => ({ span, index }))
      .filter(
        ({ span }) =>
          span.bbox.y1 <= box.y0 + 1 &&
          span.bbox.y0 >= box.y0 - 120 &&
          key.length >= 4 &&
          compact(span.text).normalize('NFKC').endsWith(key),
      );
    const d = decls[0];
    const title = titles[0];
    if (shared || decls.length !== 1 || titles.length !== 1 || !d || !title || title.index === d.index)
      continue;
    if (edits.touched(pageNo, d.index) || edits.touched(pageNo, title.index)) continue;
    const m = UNIT_DECL.exec(d.span.text);
    const word = m?.[1] ?? m?.[2];
    if (!m || !word) continue;
    const rest = (d.span.text.slice(0, m.index) + d.span.text.slice(m.index + m[0].length)).trim();
    const added = `（单位：${word}）`;
    const tb = title.span.bbox;
    const w = [...added].reduce((n, ch) => n + advanceOf(ch), 0) * title.span.fontSize;
    // Printed on after the title (a title in several runs keeps its other runs where they are).
    const x0 = tb.x0;
    if (tb.x1 + w > page.width - 10) continue;
    edits.set(pageNo, title.index, {
      ...title.span,
      text: `${title.span.text.trimEnd()}${added}`,
      bbox: { ...tb, x0, x1: x0 + (tb.x1 - tb.x0) + w },
    });
    if (rest === '') edits.set(pageNo, d.index, null);
    else {
      const keep = [...rest].reduce((n, ch) => n + advanceOf(ch), 0) * d.span.fontSize;
      const db = d.span.bbox;
      edits.set(pageNo, d.index, {
        ...d.span,
        text: rest,
        bbox: { ...db, x1: Math.min(db.x1, db.x0 + keep) },
      });
    }
    tables.push(t.id);
    changes.push(`${tableKey(t)}: 《${compact(title.span.text)}${added}》${rest ? ` (${rest} kept)` : ''}`);
  }
  return tables.length ? [{ kind: 'unit_in_title', document: edits.apply(), tables, changes }] : [];
}

// ---------------------------------------------------------------------------------------------------------------
// Text rewrites: the running text (and years) reworded, the plants of `plants` re-judged on the reworded text

interface TextRewrite {
  /** The reworded document (ctx.read reworded), or nothing when it has nothing to reword. */
  readonly rewrite: (ctx: PlantContext) => { document: ExtractedDocument; changes: string[] } | undefined;
  /** The plant kinds drawn on the unaltered text and judged again on the reworded one. */
  readonly plants: readonly PlantKind[];
}

export const TEXT_REWRITES: Partial<Record<PerturbKind, TextRewrite>> = {
  narrative_paraphrase: {
    rewrite: (ctx) => {
      const p = paraphrase(ctx);
      return p ? { document: p.document, changes: [...p.changes] } : undefined;
    },
    plants: ['narrative_amount', 'flipped_comparison', 'changed_rate'],
  },
  narrative_units: {
    rewrite: (ctx) => restateUnits(ctx, ctx.read),
    plants: ['narrative_amount', 'flipped_comparison', 'changed_rate'],
  },
  year_format: { rewrite: (ctx) => restateYears(ctx, ctx.read), plants: ['wrong_year'] },
  narrative_shapes: {
    rewrite: (ctx) => reshapeSentences(ctx, ctx.read),
    plants: ['narrative_amount', 'flipped_comparison', 'changed_rate'],
  },
};

function textRewrite(kind: PerturbKind, ctx: PlantContext): Perturbation[] {
  const r = TEXT_REWRITES[kind]?.rewrite(ctx);
  return r ? [{ kind, document: r.document, tables: [], changes: r.changes }] : [];
}

/** Two documents with the same text on every page (a plant the rewrite erased: rounded away). */
function sameText(a: ExtractedDocument, b: ExtractedDocument): boolean {
  if (a.pages.length !== b.pages.length) return false;
  return a.pages.every((p, i) => {
    const q = b.pages[i];
    return (
      q !== undefined &&
      p.spans.map((s) => s.text).join('\u0001') === q.spans.map((s) => s.text).join('\u0001')
    );
  });
}

export const PERTURBERS: Record<PerturbKind, (ctx: PlantContext) => Perturbation[]> = {
  thousands_separators: thousands,
  unit_switch: unitSwitch,
  header_alias: headerAlias,
  title_alias: titleAlias,
  swap_columns: swapColumns,
  total_row_move: totalRowMove,
  code_merge: codeMerge,
  code_split: codeSplit,
  heading_previous_page: headingPreviousPage,
  narrative_paraphrase: narrativeParaphrase,
  span_chars: spanChars,
  span_merge: spanMerge,
  zero_forms: zeroForms,
  row_wrap: rowWrap,
  header_wrap: headerWrap,
  no_rules: noRules,
  unit_in_title: unitInTitle,
  narrative_units: (ctx) => textRewrite('narrative_units', ctx),
  year_format: (ctx) => textRewrite('year_format', ctx),
  narrative_shapes: (ctx) => textRewrite('narrative_shapes', ctx),
};

// ---------------------------------------------------------------------------------------------------------------
// Judging a perturbed run against the unaltered one

export interface PerturbOutcome {
  readonly kind: PerturbKind;
  readonly path: string;
  readonly notPerturbable?: boolean;
  readonly tables: number;
  readonly changes: readonly string[];
  /** New error-level anomalies by stable key (absent from the unaltered run, counted as a multiset). */
  readonly newErrors: readonly string[];
  /** Finance tables of a family on the unaltered run that come out `unknown` (or vanish). */
  readonly turnedUnknown: readonly string[];
  /** Tables whose family changed (to another family). */
  readonly familyChanged: readonly string[];
  /**
   * Identities that evaluate on the unaltered run and no longer on the perturbed one (by stable key): checks lost
   * without a word, when a row, a column or a table is no longer read.
   */
  readonly checksLost: readonly string[];
  /** narrative_paraphrase: the narrative claims found / resolved on the unaltered and the paraphrased text. */
  readonly claims?: { readonly before: ClaimFigures; readonly after: ClaimFigures };
  /** Text rewrites: the document's year as read on the unaltered and the reworded text. */
  readonly years?: { readonly before: number | null; readonly after: number | null };
  /**
   * Text rewrites (TEXT_REWRITES): plants on the unaltered and on the reworded text ('paraphrased'), and how many
   * were caught.
   */
  readonly plants?: readonly NarrativePlantTally[];
  readonly seconds: number;
}

export interface ClaimFigures {
  readonly found: number;
  readonly resolved: number;
}

export interface NarrativePlantTally {
  readonly kind: PlantKind;
  readonly text: 'unaltered' | 'paraphrased';
  readonly planted: number;
  readonly flagged: number;
  readonly checkable: number;
  readonly checkableFlagged: number;
  /** The missed plants' descriptions. */
  readonly missed: readonly string[];
}

/** The planted narrative faults judged on the paraphrased text as on the unaltered one (plants.ts). */
export const NARRATIVE_PLANT_KINDS: readonly PlantKind[] = [
  'narrative_amount',
  'flipped_comparison',
  'changed_rate',
];

/**
 * Up to `perKind` plants of each kind of `kinds`, drawn on the unaltered text and judged there (against the
 * unaltered run), then the same planted document reworded as the perturbation rewords it and judged against the
 * reworded run: the same faults, in the words other publishers use. A plant the rewording erases (a changed figure
 * rounded to the same print as the true one) is not counted on the reworded text.
 */
async function narrativePlants(
  loaded: LoadedDoc,
  base: ExtractionResult,
  reworded: ExtractionResult,
  rewrite: TextRewrite,
  rewriteSeed: number,
  seed: number,
  perKind: number,
): Promise<NarrativePlantTally[]> {
  const out: NarrativePlantTally[] = [];
  const rewordedBase = rewrite.rewrite({ read: loaded.read, base, rng: seededRng(rewriteSeed) })?.document;
  for (const kind of rewrite.plants) {
    const rng = seededRng(seed + kind.length * 7919);
    const plants = shuffle(PLANTERS[kind]({ read: loaded.read, base, rng }), rng).slice(0, perKind);
    const tally = {
      unaltered: { planted: 0, flagged: 0, checkable: 0, checkableFlagged: 0 },
      paraphrased: { planted: 0, flagged: 0, checkable: 0, checkableFlagged: 0 },
    };
    const missed: { unaltered: string[]; paraphrased: string[] } = { unaltered: [], paraphrased: [] };
    for (const p of plants) {
      const doc =
        rewrite.rewrite({ read: p.document, base, rng: seededRng(rewriteSeed) })?.document ?? p.document;
      const erased = rewordedBase !== undefined && sameText(doc, rewordedBase);
      const judged = {
        unaltered: await judgePlant(loaded, base, p),
        paraphrased: erased ? undefined : await judgePlant(loaded, reworded, { ...p, document: doc }),
      };
      for (const text of ['unaltered', 'paraphrased'] as const) {
        const j = judged[text];
        if (!j) continue;
        const t = tally[text];
        t.planted++;
        if (p.checkable !== false) t.checkable++;
        if (j.flagged) {
          t.flagged++;
          if (p.checkable !== false) t.checkableFlagged++;
        } else
          missed[text].push(
            `${shortName(loaded.doc.path)} ${p.description}${p.checkable === false ? ' (not checkable)' : ''}`,
          );
      }
    }
    for (const text of ['unaltered', 'paraphrased'] as const)
      out.push({ kind, text, ...tally[text], missed: missed[text] });
  }
  return out;
}

function overlapArea(a: BBox | undefined, b: BBox | undefined): number {
  if (!a || !b) return 0;
  const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Where a table is on a page: its title's box (its provenance, on its first page) and its rows there. A heading
 * printed at the foot of the page before moves the table's start there; its rows stay where they were.
 */
function boxOnPage(u: NormalizedTable, page: number | undefined, grids: readonly Grid[]): BBox | undefined {
  if (page === undefined) return undefined;
  // Its grid's cells too: a table with no rows (an empty 政府性基金 table, a form) is where its grid is.
  const cells = grids.find((g) => g.id === u.grid)?.cells ?? [];
  const boxes = [...u.rows.map((r) => r.source), ...cells.map((c) => c.source)]
    .filter((x) => x.page === page && x.bbox)
    .map((x) => x.bbox as BBox);
  if (u.source.page === page && u.source.bbox) boxes.push(u.source.bbox);
  if (boxes.length === 0) return undefined;
  return {
    x0: Math.min(...boxes.map((b) => b.x0)),
    y0: Math.min(...boxes.map((b) => b.y0)),
    x1: Math.max(...boxes.map((b) => b.x1)),
    y1: Math.max(...boxes.map((b) => b.y1)),
  };
}

function compareTables(
  base: ExtractionResult,
  altered: ExtractionResult,
): { turnedUnknown: string[]; familyChanged: string[] } {
  const turnedUnknown: string[] = [];
  const familyChanged: string[] = [];
  for (const t of base.tables) {
    if (t.template) continue;
    let best: NormalizedTable | undefined;
    let area = 0;
    for (const u of altered.tables) {
      const a = overlapArea(
        boxOnPage(t, t.source.page, base.grids),
        boxOnPage(u, t.source.page, altered.grids),
      );
      if (a > area) [best, area] = [u, a];
    }
    if (best?.type === t.type) continue;
    const finance = t.type !== 'unknown' && isFinanceTable(t);
    const what = `${tableKey(t)} p${t.source.page ?? '?'} → ${best ? tableKey(best) : 'gone'}`;
    if (finance && (!best || best.type === 'unknown')) turnedUnknown.push(what);
    else familyChanged.push(what);
  }
  return { turnedUnknown, familyChanged };
}

function newErrorKeys(base: ExtractionResult, altered: ExtractionResult): string[] {
  const bix = indexResult(base);
  const before = new Map<string, number>();
  for (const a of base.anomalies)
    if (a.severity === 'error') {
      const k = anomalyKey(a, bix);
      before.set(k, (before.get(k) ?? 0) + 1);
    }
  const aix = indexResult(altered);
  const out: string[] = [];
  for (const a of altered.anomalies) {
    if (a.severity !== 'error') continue;
    const k = anomalyKey(a, aix);
    const n = before.get(k) ?? 0;
    if (n > 0) before.set(k, n - 1);
    else out.push(`${k} found=${String(a.found ?? '')} expected=${String(a.expected ?? '')}`);
  }
  return out;
}

/**
 * Identities by rule and left-hand side (a blank term printed as 0 changes the right-hand side, not the check); with
 * `informative`, only those with a figure other than 0 (0 = 0 + 0 printed blank checks nothing, and is not evaluated).
 */
function checksByLhs(r: ExtractionResult, informative = false): Map<string, number> {
  const out = new Map<string, number>();
  for (const { identity } of evaluatedIdentities(r).values()) {
    if (informative && [identity.lhs, ...identity.rhs].every((t) => !t.cell.value)) continue;
    const k = `${identity.rule}|${termStableKey(identity.lhs)}`;
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

function lostChecks(base: ExtractionResult, altered: ExtractionResult): string[] {
  const after = checksByLhs(altered);
  return [...checksByLhs(base, true)].flatMap(([k, n]) => {
    const lost = n - (after.get(k) ?? 0);
    return lost > 0 ? [lost > 1 ? `${k} ×${lost}` : k] : [];
  });
}

export async function runPerturbations(
  loaded: LoadedDoc,
  base: ExtractionResult,
  kinds: readonly PerturbKind[],
  seed: number,
  /** narrative_paraphrase: narrative plants per kind per document, on each text. */
  narrativePlantsPerKind = 1,
): Promise<PerturbOutcome[]> {
  const out: PerturbOutcome[] = [];
  let docSeed = seed;
  for (const ch of loaded.doc.path) docSeed = (Math.imul(docSeed, 31) + ch.charCodeAt(0)) >>> 0;
  for (const kind of kinds) {
    const rngSeed = docSeed + kind.length * 104729;
    const ps = PERTURBERS[kind]({ read: loaded.read, base, rng: seededRng(rngSeed) });
    if (ps.length === 0) {
      out.push({
        kind,
        path: loaded.doc.path,
        notPerturbable: true,
        tables: 0,
        changes: [],
        newErrors: [],
        turnedUnknown: [],
        familyChanged: [],
        checksLost: [],
        seconds: 0,
      });
      continue;
    }
    for (const p of ps) {
      const t0 = performance.now();
      const altered = await runPipeline(loaded, p.document);
      const claims = (r: ExtractionResult): ClaimFigures => ({
        found: r.checks?.claims.found ?? 0,
        resolved: r.checks?.claims.resolved ?? 0,
      });
      const rewrite = TEXT_REWRITES[kind];
      const narrative = rewrite
        ? {
            claims: { before: claims(base), after: claims(altered) },
            years: { before: base.meta.year, after: altered.meta.year },
            plants: await narrativePlants(
              loaded,
              base,
              altered,
              rewrite,
              rngSeed,
              docSeed,
              narrativePlantsPerKind,
            ),
          }
        : {};
      out.push({
        kind,
        path: loaded.doc.path,
        tables: p.tables.length,
        changes: p.changes,
        newErrors: newErrorKeys(base, altered),
        ...compareTables(base, altered),
        checksLost: lostChecks(base, altered),
        ...narrative,
        seconds: (performance.now() - t0) / 1000,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Report

/** A text rewrite's lines: claims found / resolved, the year read, the plants caught on both texts, what was lost. */
function rewriteSection(k: PerturbKind, outcomes: readonly PerturbOutcome[]): string[] {
  const rewrite = TEXT_REWRITES[k];
  const para = outcomes.filter((o) => o.kind === k && o.claims);
  if (!rewrite || para.length === 0) return [];
  const out: string[] = [];
  const sum = (f: (o: PerturbOutcome) => number): number => para.reduce((n, o) => n + f(o), 0);
  out.push(
    `-- ${k}: claims found / resolved on ${para.length} documents: unaltered ${sum((o) => o.claims?.before.found ?? 0)} / ${sum((o) => o.claims?.before.resolved ?? 0)} → reworded ${sum((o) => o.claims?.after.found ?? 0)} / ${sum((o) => o.claims?.after.resolved ?? 0)}`,
  );
  const yearsOff = para.filter((o) => o.years && o.years.before !== o.years.after);
  out.push(
    `-- ${k}: document year read the same on ${para.length - yearsOff.length}/${para.length}${
      yearsOff.length
        ? ` (differs: ${yearsOff
            .slice(0, 5)
            .map((o) => `${shortName(o.path)} ${o.years?.before} → ${o.years?.after}`)
            .join('; ')})`
        : ''
    }`,
  );
  const tallies = para.flatMap((o) => o.plants ?? []);
  const rows = rewrite.plants.map((pk) => {
    const cell = (text: NarrativePlantTally['text']): string => {
      const ts = tallies.filter((t) => t.kind === pk && t.text === text);
      const n = (f: (t: NarrativePlantTally) => number): number => ts.reduce((a, t) => a + f(t), 0);
      return `${n((t) => t.flagged)}/${n((t) => t.planted)} (${n((t) => t.checkableFlagged)}/${n((t) => t.checkable)})`;
    };
    return [pk, cell('unaltered'), cell('paraphrased')];
  });
  out.push(
    table(
      [`${k} plants (the same ones): caught/planted (checkable)`, '>unaltered text', '>reworded text'],
      rows,
    ),
  );
  const fewer = para
    .filter((o) => (o.claims?.after.resolved ?? 0) < (o.claims?.before.resolved ?? 0))
    .sort(
      (a, b) =>
        (a.claims?.after.resolved ?? 0) -
        (a.claims?.before.resolved ?? 0) -
        ((b.claims?.after.resolved ?? 0) - (b.claims?.before.resolved ?? 0)),
    );
  if (fewer.length) {
    out.push(`-- ${k}: documents with fewer resolved claims (first 15) --`);
    for (const o of fewer.slice(0, 15))
      out.push(
        `  ${shortName(o.path)} · resolved ${o.claims?.before.resolved} → ${o.claims?.after.resolved}`,
      );
  }
  const missedBefore = new Set(tallies.filter((t) => t.text === 'unaltered').flatMap((t) => t.missed));
  const missed = tallies
    .filter((t) => t.text === 'paraphrased')
    .flatMap((t) => t.missed)
    .filter((m) => !missedBefore.has(m));
  if (missed.length) {
    out.push(`-- ${k}: plants caught on the unaltered text, missed once reworded (first 15) --`);
    for (const m of missed.slice(0, 15)) out.push(`  ${m}`);
  }
  return out;
}

/**
 * Per kind: documents perturbed, tables changed, new errors, finance tables turned `unknown`, families changed —
 * beside the baseline (the unaltered run of the same documents: its errors, finance tables and `unknown` ones).
 */
export function perturbSection(
  reports: readonly DocReport[],
  outcomes: readonly PerturbOutcome[],
  kinds: readonly PerturbKind[],
  groups: readonly Group[],
): string {
  const out: string[] = [
    `== D. Layout perturbations (${groups.join(', ')}; arithmetic unchanged: every new error is false) ==`,
  ];
  const rows: string[][] = [];
  for (const k of kinds) {
    const os = outcomes.filter((o) => o.kind === k && !o.notPerturbable);
    const docs = new Set(os.map((o) => o.path));
    const rs = reports.filter((r) => docs.has(r.path));
    const errs = os.reduce((s, o) => s + o.newErrors.length, 0);
    rows.push([
      k,
      `${docs.size}/${new Set(outcomes.filter((o) => o.kind === k).map((o) => o.path)).size}`,
      String(os.reduce((s, o) => s + o.tables, 0)),
      `${rs.reduce((s, r) => s + r.errors, 0)} (${rs.reduce((s, r) => s + r.falseErrors, 0)} false)`,
      String(errs),
      String(os.filter((o) => o.newErrors.length > 0).length),
      `${rs.reduce((s, r) => s + r.financeUnknown, 0)}/${rs.reduce((s, r) => s + r.financeTables, 0)}`,
      String(os.reduce((s, o) => s + o.turnedUnknown.length, 0)),
      String(os.reduce((s, o) => s + o.familyChanged.length, 0)),
      String(os.reduce((s, o) => s + o.checksLost.length, 0)),
    ]);
  }
  out.push(
    table(
      [
        'perturbation',
        '>docs perturbed',
        '>tables changed',
        '>baseline errors',
        '>new errors',
        '>docs w/ new errors',
        '>baseline unknown/fin',
        '>turned unknown',
        '>family changed',
        '>checks lost',
      ],
      rows,
    ),
  );
  out.push(
    'baseline = the unaltered run of the same documents; new errors = error-level anomalies whose stable key (rule|table|row|column) the unaltered run lacks; checks lost = identities with a figure other than 0 evaluated on the unaltered run and not on the perturbed one',
  );
  for (const k of kinds) out.push(...rewriteSection(k, outcomes));
  for (const k of kinds) {
    const bad = outcomes.filter(
      (o) =>
        o.kind === k &&
        (o.newErrors.length || o.turnedUnknown.length || o.familyChanged.length || o.checksLost.length),
    );
    if (bad.length === 0) continue;
    out.push(`-- ${k}: documents with a failure (first 15) --`);
    for (const o of bad.slice(0, 15)) {
      out.push(
        `  ${shortName(o.path)} · ${o.changes.slice(0, 3).join(' ; ')}${o.changes.length > 3 ? ' …' : ''}`,
      );
      for (const e of o.newErrors.slice(0, 4)) out.push(`    new error ${e}`);
      if (o.newErrors.length > 4) out.push(`    (+${o.newErrors.length - 4} more new errors)`);
      for (const u of o.turnedUnknown) out.push(`    turned unknown: ${u}`);
      for (const f of o.familyChanged) out.push(`    family changed: ${f}`);
      for (const c of o.checksLost.slice(0, 3)) out.push(`    check lost: ${c}`);
      if (o.checksLost.length > 3) out.push(`    (+${o.checksLost.length - 3} more checks lost)`);
    }
  }
  return out.join('\n');
}
