import type { BBox, Page, RulingLine, TextSpan } from '../model/index.js';
import type { PageCell, PageGrid } from './page-grid.js';
import { centerX, centerY, chunkLine, groupLines, isNumeric, joinSpans, overlap, spansToText, splitSpanAt } from './text-lines.js';

/** Rules closer than this (points) are one rule: double borders, rectangles stroked twice, rounding. */
const SNAP = 2.5;
/** A rule must cover this share of a cell edge to separate the two cells. */
const EDGE_COVER = 0.5;

/** A merged horizontal (y fixed) or vertical (x fixed) rule. */
export interface Segment {
  /** The fixed coordinate: y for horizontal, x for vertical. */
  at: number;
  from: number;
  to: number;
}

/** Merge rules on the same axis position whose extents touch or overlap, after snapping positions. */
function mergeSegments(raw: ReadonlyArray<{ at: number; from: number; to: number }>): Segment[] {
  const sorted = [...raw].sort((a, b) => a.at - b.at);
  const groups: Array<Array<{ at: number; from: number; to: number }>> = [];
  for (const s of sorted) {
    const g = groups[groups.length - 1];
    if (g && s.at - g[0]!.at <= SNAP) g.push(s);
    else groups.push([s]);
  }
  const out: Segment[] = [];
  for (const g of groups) {
    const at = g.reduce((a, s) => a + s.at, 0) / g.length;
    const byStart = [...g].sort((a, b) => a.from - b.from);
    let cur: Segment | undefined;
    for (const s of byStart) {
      if (cur && s.from <= cur.to + SNAP) cur.to = Math.max(cur.to, s.to);
      else {
        if (cur) out.push(cur);
        cur = { at, from: s.from, to: s.to };
      }
    }
    if (cur) out.push(cur);
  }
  return out;
}

export function splitRules(lines: readonly RulingLine[]): { h: Segment[]; v: Segment[] } {
  const h: Array<{ at: number; from: number; to: number }> = [];
  const v: Array<{ at: number; from: number; to: number }> = [];
  for (const l of lines) {
    if (Math.abs(l.y0 - l.y1) <= 1) h.push({ at: (l.y0 + l.y1) / 2, from: Math.min(l.x0, l.x1), to: Math.max(l.x0, l.x1) });
    else if (Math.abs(l.x0 - l.x1) <= 1) v.push({ at: (l.x0 + l.x1) / 2, from: Math.min(l.y0, l.y1), to: Math.max(l.y0, l.y1) });
  }
  return { h: mergeSegments(h), v: mergeSegments(v) };
}

const crosses = (h: Segment, v: Segment): boolean =>
  v.at >= h.from - SNAP && v.at <= h.to + SNAP && h.at >= v.from - SNAP && h.at <= v.to + SNAP;

/** Groups of rules that touch one another: each group with enough rules is one ruled table. */
export function ruleComponents(h: readonly Segment[], v: readonly Segment[]): Array<{ h: Segment[]; v: Segment[] }> {
  const n = h.length + v.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (let i = 0; i < h.length; i++) {
    for (let j = 0; j < v.length; j++) {
      if (crosses(h[i]!, v[j]!)) parent[find(i)] = find(h.length + j);
    }
  }
  const groups = new Map<number, { h: Segment[]; v: Segment[] }>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { h: [], v: [] }));
    if (i < h.length) g.h.push(h[i]!);
    else g.v.push(v[i - h.length]!);
  }
  return [...groups.values()].filter((g) => g.h.length >= 2 && g.v.length >= 2);
}

function componentBox(c: { h: Segment[]; v: Segment[] }): BBox {
  const xs = [...c.h.flatMap((s) => [s.from, s.to]), ...c.v.map((s) => s.at)];
  const ys = [...c.v.flatMap((s) => [s.from, s.to]), ...c.h.map((s) => s.at)];
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

/** Distinct positions, snapped together. */
function positions(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  let group: number[] = [];
  for (const v of sorted) {
    if (group.length > 0 && v - group[0]! > SNAP) {
      out.push(group.reduce((a, b) => a + b, 0) / group.length);
      group = [];
    }
    group.push(v);
  }
  if (group.length > 0) out.push(group.reduce((a, b) => a + b, 0) / group.length);
  return out;
}

/** Strips narrower than this (points) hold no text: a double border drawn as two rules a few points apart. */
const THIN_STRIP = 4;

/** Drop boundaries that cut off a strip too thin for text, keeping the outer edges. */
function dropThinStrips(bounds: number[]): number[] {
  const out = [...bounds];
  for (let i = 1; i < out.length; ) {
    if (out[i]! - out[i - 1]! < THIN_STRIP && out.length > 2) {
      // Remove the inner one of the pair: at the start keep the first edge, elsewhere keep the later one.
      out.splice(i === 1 ? 1 : i - 1, 1);
    } else {
      i++;
    }
  }
  return out;
}

/** Index of the interval of `bounds` holding p, or -1. */
function slot(bounds: readonly number[], p: number): number {
  for (let i = 0; i + 1 < bounds.length; i++) if (p >= bounds[i]! && p < bounds[i + 1]!) return i;
  return -1;
}

/** How much of [from,to] the segments at position `at` cover, as a share. */
function coverage(segs: readonly Segment[], at: number, from: number, to: number): number {
  const len = to - from;
  if (len <= 0) return 1;
  let covered = 0;
  for (const s of segs) if (Math.abs(s.at - at) <= THIN_STRIP + 0.5) covered += overlap(s.from, s.to, from, to);
  return covered / len;
}

/** Row bands whose outer edges move by more than this (points) belong to different tables. */
const EDGE_SHIFT = 6;

/**
 * True when no inner column rule crosses the rule at `y`, and column rules end there and start there
 * without any of them meeting. The rows of one Word or Writer table share one column grid: where the
 * cell widths change from one row to the next, some rule still goes on (a label column) or meets one
 * (a boundary of the shared grid). A clean break on both sides is two tables of the same width stacked
 * with no paragraph between. A full-width row (title, signature) has no inner rules and is never cut at.
 */
function columnsBreak(v: readonly Segment[], y: number, outer: { left: number; right: number }): boolean {
  const inner = v.filter((s) => s.at > outer.left + SNAP && s.at < outer.right - SNAP);
  if (inner.some((s) => s.from < y - SNAP && s.to > y + SNAP)) return false;
  const ending = inner.filter((s) => Math.abs(s.to - y) <= SNAP);
  const starting = inner.filter((s) => Math.abs(s.from - y) <= SNAP);
  if (ending.length === 0 || starting.length === 0) return false;
  return !ending.some((a) => starting.some((b) => Math.abs(a.at - b.at) <= SNAP));
}

/**
 * Tables that follow one another with no paragraph between (Word and Writer forms, one per page) touch:
 * the last rule of one is the first of the next, so their rules form one component. Rows of one table
 * share their outer edges and one column grid; where the left or right edge of consecutive row bands
 * moves, or the column rules above and below a rule break cleanly, the component is cut in two there.
 */
export function splitStackedTables(comp: { h: Segment[]; v: Segment[] }): Array<{ h: Segment[]; v: Segment[] }> {
  const ys = positions(comp.h.map((s) => s.at));
  const extents = ys.slice(0, -1).map((y, i) => {
    const mid = (y + ys[i + 1]!) / 2;
    const across = comp.v.filter((s) => s.from <= mid && s.to >= mid).map((s) => s.at);
    return across.length >= 2 ? { left: Math.min(...across), right: Math.max(...across), across } : undefined;
  });
  // A band narrower than its neighbour whose edge stands on one of the neighbour's column rules is a
  // header boxed over the value columns only (an open stub corner), not another table.
  type Band = { left: number; right: number; across: number[] };
  const onRule = (x: number, band: Band): boolean => band.across.some((o) => Math.abs(o - x) <= SNAP);
  const moved = (a: Band, b: Band): boolean => {
    if (Math.abs(a.left - b.left) > EDGE_SHIFT) {
      const [narrow, wide] = a.left > b.left ? [a, b] : [b, a];
      if (!onRule(narrow.left, wide)) return true;
    }
    if (Math.abs(a.right - b.right) > EDGE_SHIFT) {
      const [narrow, wide] = a.right < b.right ? [a, b] : [b, a];
      if (!onRule(narrow.right, wide)) return true;
    }
    return false;
  };

  const cuts: number[] = [];
  for (let i = 0; i + 1 < extents.length; i++) {
    const a = extents[i];
    const b = extents[i + 1];
    if (!a || !b) continue;
    if (moved(a, b) || columnsBreak(comp.v, ys[i + 1]!, a)) {
      cuts.push(ys[i + 1]!);
    }
  }
  if (cuts.length === 0) return [comp];
  const bounds = [-Infinity, ...cuts, Infinity];
  const out: Array<{ h: Segment[]; v: Segment[] }> = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const lo = bounds[i]!;
    const hi = bounds[i + 1]!;
    const v = comp.v
      .filter((s) => s.to > lo + SNAP && s.from < hi - SNAP)
      .map((s) => ({ at: s.at, from: Math.max(s.from, lo), to: Math.min(s.to, hi) }));
    if (v.length < 2) continue;
    // The shared rule runs the width of the wider table: each part keeps only its own stretch of it, which
    // its column rules and its own row rules (not the shared ones) span. A table printed without side
    // borders (or whose border lies off the page, as a scan shows it) has rows wider than its column rules.
    // A rule's overshoot past the border (a strip too thin for text) is not a column.
    const own = comp.h.filter((s) => s.at >= lo - SNAP && s.at <= hi + SNAP && !cuts.some((y) => Math.abs(s.at - y) <= SNAP));
    const left = Math.min(...v.map((s) => s.at));
    const right = Math.max(...v.map((s) => s.at));
    const ownLeft = Math.min(left, ...own.map((s) => s.from));
    const ownRight = Math.max(right, ...own.map((s) => s.to));
    const x0 = (left - ownLeft > THIN_STRIP ? ownLeft : left) - SNAP;
    const x1 = (ownRight - right > THIN_STRIP ? ownRight : right) + SNAP;
    const h = comp.h
      .filter((s) => s.at >= lo - SNAP && s.at <= hi + SNAP && s.to > x0 && s.from < x1)
      .map((s) => ({ at: s.at, from: Math.max(s.from, x0 + SNAP), to: Math.min(s.to, x1 - SNAP) }));
    if (h.length >= 2) out.push({ h, v });
  }
  return out;
}

/**
 * Side-by-side ruled tables on one page (收入 | 支出 in the 总表s) are kept as one grid: components whose
 * vertical extents mostly overlap are joined before the grid is built.
 */
function joinSideBySide(comps: Array<{ h: Segment[]; v: Segment[] }>): Array<{ h: Segment[]; v: Segment[] }> {
  const out = [...comps];
  let joined = true;
  while (joined) {
    joined = false;
    outer: for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = componentBox(out[i]!);
        const b = componentBox(out[j]!);
        const vov = overlap(a.y0, a.y1, b.y0, b.y1);
        const hov = overlap(a.x0, a.x1, b.x0, b.x1);
        // Halves of one table share their row rules; a chart's gridlines beside a table do not.
        const ya = positions(out[i]!.h.map((s) => s.at));
        const yb = positions(out[j]!.h.map((s) => s.at));
        const shared = ya.filter((y) => yb.some((z) => Math.abs(y - z) <= SNAP)).length;
        const rowsAgree = shared >= 0.5 * Math.min(ya.length, yb.length);
        if (hov < 1 && rowsAgree && vov > 0.8 * Math.min(a.y1 - a.y0, b.y1 - b.y0) && Math.min(a.x1 - a.x0, b.x1 - b.x0) > 40) {
          out[i] = { h: [...out[i]!.h, ...out[j]!.h], v: [...out[i]!.v, ...out[j]!.v] };
          out.splice(j, 1);
          joined = true;
          break outer;
        }
      }
    }
  }
  return out;
}

/**
 * Build a grid for each ruled table on the page. Column and row boundaries are the rules' positions;
 * two neighbouring elementary cells are one merged cell where the rule between them is missing.
 */
export function latticeGrids(page: Page, spans: readonly TextSpan[]): PageGrid[] {
  const { h, v } = splitRules(page.lines);
  const comps = joinSideBySide(ruleComponents(h, v).flatMap(splitStackedTables)).filter((c) => {
    const b = componentBox(c);
    return b.x1 - b.x0 > 20 && b.y1 - b.y0 > 8;
  });
  const grids: PageGrid[] = [];
  const used = new Set<TextSpan>();
  for (const comp of comps) {
    const g = buildLattice(page.number, comp, spans.filter((s) => !used.has(s)));
    // Rules with no text in them are a drawing (chart gridlines, a form's empty frame), not a table.
    if (!g || g.cells.every((c) => c.text === '')) continue;
    for (const s of g.spans) used.add(s);
    grids.push(g);
  }
  return grids;
}

/**
 * True when the cell's last line ends within about a character of the right edge of the text area
 * (the cell's right rule less the padding seen on the left): a wrapped line, not a closing one.
 */
function runsToRightEdge(spans: readonly TextSpan[], cell: BBox): boolean {
  const lines = groupLines(spans).filter((l) => joinSpans(l.spans) !== '');
  const last = lines[lines.length - 1];
  if (!last) return false;
  const em = Math.max(1, last.fontSize);
  // Several lines: the widest shows where wrapping happens (centred text included).
  if (lines.length >= 2) return last.bbox.x1 >= Math.max(...lines.map((l) => l.bbox.x1)) - 1.5 * em;
  // One line: only left-set text says where the right margin is (a short centred line would look full).
  // The left padding is measured loosely: a run cut at a rule has an estimated start.
  const pad = Math.max(0, last.bbox.x0 - cell.x0);
  return pad <= 1.5 * em && last.bbox.x1 >= cell.x1 - Math.min(pad, 0.8 * em) - 1.5 * em;
}

/**
 * On a scan, a rule the pixels show broken (a photocopy's dropout) merges two cells that are not one: two codes
 * stacked in one "cell" read "210210", a total row's two figures "8,332,285 8,332,285", and every row below takes
 * a wrong id. A merged cell of OCR text holding only figures (amounts, codes), two or more of them, each in an
 * elementary cell of its own, is such a pair of cells: it is split back into its elementary cells. A merged cell
 * of a text PDF is as drawn, and one holding words (a wrapped label, a header over several columns) is kept.
 */
function splitBrokenMerges(
  rects: Array<{ r0: number; r1: number; c0: number; c1: number }>,
  owner: number[],
  nCols: number,
  placed: readonly { p: TextSpan; r: number; c: number }[],
): void {
  const byRect = new Map<number, { p: TextSpan; r: number; c: number }[]>();
  for (const x of placed) {
    const o = owner[x.r * nCols + x.c]!;
    byRect.set(o, [...(byRect.get(o) ?? []), x]);
  }
  for (const [i, list] of byRect) {
    // A position no rectangle owns (-1: a group overlapping one placed before it) holds spans no cell keeps.
    const g = rects[i];
    if (!g) continue;
    if (g.r0 === g.r1 && g.c0 === g.c1) continue;
    if (list.some((x) => x.p.origin !== 'ocr' || !isNumeric(x.p.text))) continue;
    const slots = new Set(list.map((x) => x.r * nCols + x.c));
    if (slots.size < 2 || slots.size !== list.length) continue;
    let first = true;
    for (let r = g.r0; r <= g.r1; r++) {
      for (let c = g.c0; c <= g.c1; c++) {
        if (owner[r * nCols + c] !== i) continue;
        if (first) {
          rects[i] = { r0: r, r1: r, c0: c, c1: c };
          first = false;
        } else {
          owner[r * nCols + c] = rects.length;
          rects.push({ r0: r, r1: r, c0: c, c1: c });
        }
      }
    }
  }
}

function buildLattice(pageNumber: number, comp: { h: Segment[]; v: Segment[] }, spans: readonly TextSpan[]): PageGrid | undefined {
  const box = componentBox(comp);
  const xs = dropThinStrips(positions([box.x0, box.x1, ...comp.v.map((s) => s.at)]));
  const ys = dropThinStrips(positions([box.y0, box.y1, ...comp.h.map((s) => s.at)]));
  const nCols = xs.length - 1;
  const nRows = ys.length - 1;
  if (nCols < 1 || nRows < 1 || (nCols === 1 && nRows === 1)) return undefined;

  // Union elementary cells across missing rules.
  const id = (r: number, c: number): number => r * nCols + c;
  const parent = Array.from({ length: nRows * nCols }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number): void => {
    parent[find(a)] = find(b);
  };
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nCols; c++) {
      if (c + 1 < nCols && coverage(comp.v, xs[c + 1]!, ys[r]!, ys[r + 1]!) < EDGE_COVER) union(id(r, c), id(r, c + 1));
      if (r + 1 < nRows && coverage(comp.h, ys[r + 1]!, xs[c]!, xs[c + 1]!) < EDGE_COVER) union(id(r, c), id(r + 1, c));
    }
  }
  const groups = new Map<number, { r0: number; r1: number; c0: number; c1: number }>();
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nCols; c++) {
      const root = find(id(r, c));
      const g = groups.get(root);
      if (!g) groups.set(root, { r0: r, r1: r, c0: c, c1: c });
      else {
        g.r0 = Math.min(g.r0, r);
        g.r1 = Math.max(g.r1, r);
        g.c0 = Math.min(g.c0, c);
        g.c1 = Math.max(g.c1, c);
      }
    }
  }
  // Owner of each elementary position; a non-rectangular group keeps its bounding box, first come first served.
  const owner = new Array<number>(nRows * nCols).fill(-1);
  const rects: Array<{ r0: number; r1: number; c0: number; c1: number }> = [];
  for (const g of [...groups.values()].sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0)) {
    if (owner[id(g.r0, g.c0)] !== -1) continue;
    const idx = rects.length;
    rects.push(g);
    for (let r = g.r0; r <= g.r1; r++) for (let c = g.c0; c <= g.c1; c++) if (owner[id(r, c)] === -1) owner[id(r, c)] = idx;
  }

  // Spans inside the table; a span running across an interior rule is cut there (one text run over two cells).
  const inside = spans.filter((s) => {
    const cx = centerX(s.bbox);
    const cy = centerY(s.bbox);
    return cx >= box.x0 - 1 && cx <= box.x1 + 1 && cy >= box.y0 - 1 && cy <= box.y1 + 1;
  });
  const taken = new Set<TextSpan>(inside);
  const placed: { p: TextSpan; r: number; c: number }[] = [];
  for (const s of inside) {
    let parts: TextSpan[] = [s];
    for (const x of xs.slice(1, -1)) {
      const cy = centerY(s.bbox);
      if (coverage(comp.v, x, cy - 1, cy + 1) < 0.5) continue;
      parts = parts.flatMap((p) => (x > p.bbox.x0 + 0.3 * p.fontSize && x < p.bbox.x1 - 0.3 * p.fontSize ? splitSpanAt(p, x) : [p]));
    }
    for (const p of parts) {
      const c = slot(xs, Math.min(Math.max(centerX(p.bbox), xs[0]!), xs[nCols]! - 0.01));
      const r = slot(ys, Math.min(Math.max(centerY(p.bbox), ys[0]!), ys[nRows]! - 0.01));
      if (r < 0 || c < 0) continue;
      placed.push({ p, r, c });
    }
  }
  splitBrokenMerges(rects, owner, nCols, placed);
  const byRect = new Map<number, TextSpan[]>();
  for (const { p, r, c } of placed) {
    const o = owner[id(r, c)]!;
    const list = byRect.get(o);
    if (list) list.push(p);
    else byRect.set(o, [p]);
  }
  // Rules that outline only blocks of a table (a frame and a rule under the header, the values set in
  // aligned columns inside one box) leave several columns of text in one cell: such a table is read
  // from the text alignment instead.
  let cellLines = 0;
  let multiChunk = 0;
  for (const list of byRect.values()) {
    for (const line of groupLines(list)) {
      cellLines++;
      if (chunkLine(line).length >= 2) multiChunk++;
    }
  }
  if (cellLines >= 3 && multiChunk > 0.25 * cellLines) return undefined;
  // Figures stacked in one cell are rows the producer did not rule: the same case, read as text.
  // A figure wrapped digit-wise in a narrow column ("766.5" over "6") is one figure, as spansToText reads it.
  const stacked = [...byRect.values()].map((list) => spansToText(list).split('\n').filter((t) => isNumeric(t)).length);
  if (stacked.some((n) => n >= 3) || stacked.filter((n) => n >= 2).length >= 3) return undefined;
  const cells: PageCell[] = rects.map((g, i) => {
    const bbox = { x0: xs[g.c0]!, y0: ys[g.r0]!, x1: xs[g.c1 + 1]!, y1: ys[g.r1 + 1]! };
    const list = byRect.get(i) ?? [];
    return {
      row: g.r0,
      col: g.c0,
      rowSpan: g.r1 - g.r0 + 1,
      colSpan: g.c1 - g.c0 + 1,
      text: spansToText(list),
      page: pageNumber,
      bbox,
      open: runsToRightEdge(list, bbox),
    };
  });
  return { page: pageNumber, method: 'lattice', bbox: box, nRows, nCols, xs, cells, spans: taken };
}
