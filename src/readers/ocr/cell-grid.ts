import { ruleExtent, rulePosition, type PixelRule } from './ruling-lines.js';

/** A cell of a ruled table found from the pixels: its box between the rules, pixels of the levelled image. */
export interface PixelCell {
  /** Outer box, on the rules' centre lines. */
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  /** Inside the rules' ink: what to cut out and read. */
  readonly inner: { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number };
}

/** One ruled table: its outer box and its cells (merged cells are one cell). */
export interface PixelTable {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly cells: readonly PixelCell[];
  readonly rows: number;
  readonly columns: number;
}

export interface GridOptions {
  readonly dpi: number;
  /** Fewest columns (between vertical rules) a grid needs to be read cell by cell (default 2). */
  readonly minColumns?: number;
  /** Fewest rows (between horizontal rules) a grid needs (default 2). */
  readonly minRows?: number;
}

/**
 * The ruled tables of a page as cells, from its pixel rules. Rules that cross or touch form one table;
 * their positions (clustered) cut it into elementary cells, and neighbouring elementary cells with no rule
 * between them are one (merged) cell. A table's outer edge counts as ruled even when it is not drawn (open
 * sides are common in published forms). Grids with too few rows or columns are not returned: a page's
 * lone underline or box is not a table, and whole-page recognition reads it as well.
 */
export function findCellGrids(rules: readonly PixelRule[], options: GridOptions): PixelTable[] {
  const tol = Math.max(3, Math.round(options.dpi / 40));
  const minColumns = options.minColumns ?? 2;
  const minRows = options.minRows ?? 2;
  const tables: PixelTable[] = [];
  for (const group of connectedRules(rules, tol)) {
    const hs = group.filter((r) => r.orientation === 'h');
    const vs = group.filter((r) => r.orientation === 'v');
    if (hs.length < 2 || vs.length < 1) continue;
    const left = Math.min(...hs.map((r) => r.x0));
    const right = Math.max(...hs.map((r) => r.x1));
    const top = Math.min(...vs.map((r) => r.y0), ...hs.map((r) => r.y0));
    const bottom = Math.max(...vs.map((r) => r.y1), ...hs.map((r) => r.y0));
    const ys = cluster([top, bottom, ...hs.map((r) => r.y0)], tol);
    const xs = cluster([left, right, ...vs.map((r) => r.x0)], tol);
    const rows = ys.length - 1;
    const cols = xs.length - 1;
    if (rows < minRows || cols < minColumns) continue;

    // Is there a rule between elementary cells? Vertical separator right of column c in row r; horizontal
    // separator below row r in column c. The outer edge is always a boundary.
    const covers = (r: PixelRule, along0: number, along1: number): boolean => {
      const [a, b] = r.orientation === 'h' ? [r.x0, r.x1] : [r.y0, r.y1];
      const overlap = Math.min(b, along1) - Math.max(a, along0);
      return overlap >= 0.6 * (along1 - along0);
    };
    const vSep = (r: number, c: number): boolean =>
      vs.some((v) => Math.abs(v.x0 - xs[c + 1]!) <= tol && covers(v, ys[r]!, ys[r + 1]!));
    const hSep = (r: number, c: number): boolean =>
      hs.some((h) => Math.abs(h.y0 - ys[r + 1]!) <= tol && covers(h, xs[c]!, xs[c + 1]!));

    const parent = Array.from({ length: rows * cols }, (_, i) => i);
    const find = (i: number): number => {
      while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
      return i;
    };
    const union = (a: number, b: number): void => {
      parent[find(a)] = find(b);
    };
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        if (c + 1 < cols && !vSep(r, c)) union(r * cols + c, r * cols + c + 1);
        if (r + 1 < rows && !hSep(r, c)) union(r * cols + c, (r + 1) * cols + c);
      }
    }
    const boxes = new Map<number, { r0: number; c0: number; r1: number; c1: number }>();
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const k = find(r * cols + c);
        const b = boxes.get(k);
        if (b)
          boxes.set(k, {
            r0: Math.min(b.r0, r),
            c0: Math.min(b.c0, c),
            r1: Math.max(b.r1, r),
            c1: Math.max(b.c1, c),
          });
        else boxes.set(k, { r0: r, c0: c, r1: r, c1: c });
      }
    }
    const cells: PixelCell[] = [];
    for (const b of boxes.values()) {
      const x0 = xs[b.c0]!;
      const x1 = xs[b.c1 + 1]!;
      const y0 = ys[b.r0]!;
      const y1 = ys[b.r1 + 1]!;
      // Inside the ink of the rules around the cell: half their stroke and a pixel. No more: labels often
      // start right at the rule, and what blur or a residual tilt leaves of a rule is cleared later
      // (cell-ocr.ts, clearEdgeRemnants).
      const spread = 1;
      const halfV = (x: number): number =>
        spread + Math.ceil((vs.find((v) => Math.abs(v.x0 - x) <= tol)?.thickness ?? 1) / 2);
      const halfH = (y: number): number =>
        spread + Math.ceil((hs.find((h) => Math.abs(h.y0 - y) <= tol)?.thickness ?? 1) / 2);
      const inner = { x0: x0 + halfV(x0), y0: y0 + halfH(y0), x1: x1 - halfV(x1), y1: y1 - halfH(y1) };
      if (inner.x1 - inner.x0 < 2 || inner.y1 - inner.y0 < 2) continue;
      cells.push({ x0, y0, x1, y1, inner });
    }
    cells.sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
    tables.push({ x0: xs[0]!, y0: ys[0]!, x1: xs[cols]!, y1: ys[rows]!, cells, rows, columns: cols });
  }
  return tables;
}

/**
 * The rules without the strokes of large glyphs. A title set at 20–30 pt has strokes longer than the shortest
 * rule (0.3 inch across, 0.2 inch down at 200 dpi) that cross one another, so each character of it passed for
 * a small ruled table: its cells were cut out and read one by one, and the title came out as rubbish (the
 * family lost with it) beside tables of two or three empty cells. Rules that touch no rule outside a box an
 * inch square are such strokes (a character, two touching at most): the smallest table of a disclosure, one
 * row of two cells, is wider than that, and an underline or a lone rule that short separates nothing.
 */
export function withoutGlyphStrokes(rules: readonly PixelRule[], dpi: number): PixelRule[] {
  const tol = Math.max(3, Math.round(dpi / 40));
  return connectedRules(rules, tol)
    .filter((group) => {
      const w = Math.max(...group.map((r) => r.x1)) - Math.min(...group.map((r) => r.x0));
      const h = Math.max(...group.map((r) => r.y1)) - Math.min(...group.map((r) => r.y0));
      return w >= dpi || h >= dpi;
    })
    .flat();
}

/**
 * The rules without the strokes of a large glyph inside a table's cell. A bold 合计 set as tall as its row
 * (a 江苏 procurement table at 200 dpi) has a stem, 计's, running from the row's top rule to its bottom one,
 * and a bar, 合's, across the cell: kept by withoutGlyphStrokes (they touch the table), the stem became a column
 * rule and every figure after it moved a column. A short rule (under half an inch) crossed by ink, ink beside
 * it on both sides in the same row (column) away from any rule across it, over a few of its rows (columns) and
 * not most of them (that is a blurred rule's fringe), is a stroke with a crossbar; then a short rule neither of
 * whose ends meets a rule across is a stroke too (the bar, once the stem is gone). `mask` is the page's ink.
 */
export function withoutCrossedStrokes(
  rules: readonly PixelRule[],
  mask: Uint8Array,
  width: number,
  height: number,
  dpi: number,
): PixelRule[] {
  const short = dpi / 2;
  const tol = Math.max(3, Math.round(dpi / 40));
  const ink = (x: number, y: number): boolean =>
    x >= 0 && y >= 0 && x < width && y < height && mask[y * width + x] === 1;
  const length = (r: PixelRule): number => (r.orientation === 'h' ? r.x1 - r.x0 : r.y1 - r.y0);
  const across = (r: PixelRule, pool: readonly PixelRule[]): PixelRule[] =>
    pool.filter((o) => o.orientation !== r.orientation);
  const meetsIn = (pool: readonly PixelRule[], r: PixelRule, end: 0 | 1): boolean =>
    across(r, pool).some((o) =>
      r.orientation === 'h'
        ? Math.abs(o.x0 - (end === 0 ? r.x0 : r.x1)) <= tol && r.y0 >= o.y0 - tol && r.y0 <= o.y1 + tol
        : Math.abs(o.y0 - (end === 0 ? r.y0 : r.y1)) <= tol && r.x0 >= o.x0 - tol && r.x0 <= o.x1 + tol,
    );
  // A rule across that is long or meets rules at both its ends is a rule of the grid; the crossbar of the same
  // glyph (合's bar through 计's 十, read as one short rule) is neither.
  const anchored = (o: PixelRule): boolean => length(o) >= short || (meetsIn(rules, o, 0) && meetsIn(rules, o, 1));
  const crossed = (r: PixelRule): boolean => {
    if (length(r) >= short) return false;
    const others = across(r, rules).filter(anchored);
    let hits = 0;
    let steps = 0;
    if (r.orientation === 'v') {
      for (let y = Math.ceil(r.y0) + tol; y <= r.y1 - tol; y++) {
        if (others.some((o) => Math.abs(o.y0 - y) <= tol)) continue;
        steps++;
        const left = ink(r.band.x0 - 2, y) || ink(r.band.x0 - 3, y);
        const right = ink(r.band.x1 + 2, y) || ink(r.band.x1 + 3, y);
        if (left && right) hits++;
      }
    } else {
      for (let x = Math.ceil(r.x0) + tol; x <= r.x1 - tol; x++) {
        if (others.some((o) => Math.abs(o.x0 - x) <= tol)) continue;
        steps++;
        const above = ink(x, r.band.y0 - 2) || ink(x, r.band.y0 - 3);
        const below = ink(x, r.band.y1 + 2) || ink(x, r.band.y1 + 3);
        if (above && below) hits++;
      }
    }
    return hits > 0 && hits <= 0.4 * steps;
  };
  const kept = rules.filter((r) => !crossed(r));
  if (kept.length === rules.length) return kept;
  return kept.filter((r) => length(r) >= short || meetsIn(kept, r, 0) || meetsIn(kept, r, 1));
}

/**
 * Rules broken where the scan lost their ink, joined again. A photocopy's hard threshold and dropout leave a
 * thin rule dotted; pieces shorter than the shortest rule are dropped with the dust, so a column rule came out
 * with gaps of a row or more, and the cells on either side of each gap were read as one (at a gap next to the
 * header, the header was cut off as a table of its own). A rule left out by design, over a merged cell, stops
 * at a rule across and starts again at another: a gap whose two ends meet two rules across is kept, and any other
 * gap between two pieces on one line (up to half an inch) is bridged. An end that meets no rule across is
 * carried on to the nearest one within that reach (a table's rules end where they meet one).
 */
export function withBrokenRulesJoined(rules: readonly PixelRule[], dpi: number): PixelRule[] {
  const tol = Math.max(3, Math.round(dpi / 40));
  const maxGap = dpi / 2;
  const pos = rulePosition;
  const from = (r: PixelRule): number => ruleExtent(r)[0];
  const to = (r: PixelRule): number => ruleExtent(r)[1];
  // A rule across meets this line (at `pos`) at `along`.
  const meets = (across: readonly PixelRule[], at: number, along: number): boolean =>
    across.some((o) => Math.abs(pos(o) - along) <= tol && from(o) - tol <= at && at <= to(o) + tol);
  const joined: PixelRule[] = [];
  for (const orientation of ['h', 'v'] as const) {
    // By start, so a line's first piece opens its chain.
    const mine = rules.filter((r) => r.orientation === orientation).sort((a, b) => from(a) - from(b));
    const across = rules.filter((r) => r.orientation !== orientation);
    const used = new Set<PixelRule>();
    for (const r of mine) {
      if (used.has(r)) continue;
      used.add(r);
      let cur = r;
      for (;;) {
        const next = mine.find((o) => !used.has(o) && Math.abs(pos(o) - pos(cur)) <= tol && from(o) > to(cur) - tol);
        if (!next) break;
        const gap = from(next) - to(cur);
        const designed = gap > 2 * tol && meets(across, pos(cur), to(cur)) && meets(across, pos(cur), from(next));
        if (gap > maxGap || designed) break;
        used.add(next);
        cur = joinRules(cur, next);
      }
      joined.push(cur);
    }
  }
  return joined.map((r) => extendToRulesAcross(r, joined.filter((o) => o.orientation !== r.orientation)));

  // An end that meets no rule across was broken off short of the one it ran to: it runs on to the nearest
  // rule across within reach.
  function extendToRulesAcross(r: PixelRule, across: readonly PixelRule[]): PixelRule {
    let [a, b] = [from(r), to(r)];
    const spanning = across.filter((o) => from(o) - tol <= pos(r) && pos(r) <= to(o) + tol);
    if (!meets(spanning, pos(r), a)) {
      const before = spanning.map(pos).filter((p) => p < a && a - p <= maxGap);
      if (before.length > 0) a = Math.max(...before);
    }
    if (!meets(spanning, pos(r), b)) {
      const after = spanning.map(pos).filter((p) => p > b && p - b <= maxGap);
      if (after.length > 0) b = Math.min(...after);
    }
    if (a === from(r) && b === to(r)) return r;
    return r.orientation === 'h' ? { ...r, x0: a, x1: b } : { ...r, y0: a, y1: b };
  }
}

/** Two pieces of one rule as one: the extent of both, the centre line and thickness weighted by length. */
function joinRules(a: PixelRule, b: PixelRule): PixelRule {
  const length = (r: PixelRule): number => Math.max(1, ruleExtent(r)[1] - ruleExtent(r)[0]);
  const w = (u: number, v: number): number => (u * length(a) + v * length(b)) / (length(a) + length(b));
  const band = {
    x0: Math.min(a.band.x0, b.band.x0),
    y0: Math.min(a.band.y0, b.band.y0),
    x1: Math.max(a.band.x1, b.band.x1),
    y1: Math.max(a.band.y1, b.band.y1),
  };
  const thickness = Math.max(a.thickness, b.thickness);
  if (a.orientation === 'h') {
    const y = w(a.y0, b.y0);
    return { orientation: 'h', x0: Math.min(a.x0, b.x0), x1: Math.max(a.x1, b.x1), y0: y, y1: y, thickness, band };
  }
  const x = w(a.x0, b.x0);
  return { orientation: 'v', y0: Math.min(a.y0, b.y0), y1: Math.max(a.y1, b.y1), x0: x, x1: x, thickness, band };
}

/** Groups of rules that cross or touch (within `tol` pixels). */
function connectedRules(rules: readonly PixelRule[], tol: number): PixelRule[][] {
  const parent = rules.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let i = 0; i < rules.length; i++) {
    for (let j = i + 1; j < rules.length; j++) {
      if (touches(rules[i]!, rules[j]!, tol)) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, PixelRule[]>();
  rules.forEach((r, i) => {
    const k = find(i);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  });
  return [...groups.values()];
}

function touches(a: PixelRule, b: PixelRule, tol: number): boolean {
  if (a.orientation === b.orientation) return false;
  const [h, v] = a.orientation === 'h' ? [a, b] : [b, a];
  return v.x0 >= h.x0 - tol && v.x0 <= h.x1 + tol && h.y0 >= v.y0 - tol && h.y0 <= v.y1 + tol;
}

/** Sorted distinct positions, values within `tol` of the previous one merged (their mean). */
function cluster(values: readonly number[], tol: number): number[] {
  const sorted = values.slice().sort((a, b) => a - b);
  const out: { sum: number; n: number; last: number }[] = [];
  for (const v of sorted) {
    const g = out[out.length - 1];
    if (g && v - g.last <= tol) {
      g.sum += v;
      g.n++;
      g.last = v;
    } else out.push({ sum: v, n: 1, last: v });
  }
  return out.map((g) => g.sum / g.n);
}
