/** A detected rule in pixel coordinates of the image it was found in. */
export interface PixelRule {
  readonly orientation: 'h' | 'v';
  /** For 'h': left/right x and the centre y (y0 === y1). For 'v': top/bottom y and the centre x. */
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  /** Stroke thickness, pixels. */
  readonly thickness: number;
  /** The band of pixels the rule occupies (for erasing it before OCR). */
  readonly band: { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number };
}

/** Where a rule lies across its length: y for a horizontal one, x for a vertical one. */
export const rulePosition = (r: PixelRule): number => (r.orientation === 'h' ? r.y0 : r.x0);

/** A rule's extent along its length: [x0, x1] for a horizontal one, [y0, y1] for a vertical one. */
export const ruleExtent = (r: PixelRule): [number, number] => (r.orientation === 'h' ? [r.x0, r.x1] : [r.y0, r.y1]);

export interface RuleOptions {
  /** Image resolution; lengths below are in inches and scale with it. */
  readonly dpi: number;
  /** Shortest horizontal rule, inches (longer than any run of ink inside a character or a word). */
  readonly minHorizontal?: number;
  /** Shortest vertical rule, inches: above a character's height, below the shortest table row. */
  readonly minVertical?: number;
  /** Keep only vertical rules that meet a horizontal one (default true: drops tall glyph strokes). */
  readonly verticalsMeetHorizontals?: boolean;
}

interface Run {
  readonly pos: number;
  readonly start: number;
  readonly end: number;
}

interface Group {
  first: number;
  last: number;
  start: number;
  end: number;
  weight: number;
  posSum: number;
}

/**
 * Table rules from an ink mask: long runs of ink along rows (horizontal) and columns (vertical), with
 * small breaks bridged (scan noise, binarization holes), stacked into strokes. This is the morphological
 * "open with a long line element" done directly on runs, which is linear in the pixels.
 */
export function detectRules(
  mask: Uint8Array,
  width: number,
  height: number,
  options: RuleOptions,
): PixelRule[] {
  const { dpi } = options;
  const minH = Math.max(12, Math.round(dpi * (options.minHorizontal ?? 0.3)));
  const minV = Math.max(10, Math.round(dpi * (options.minVertical ?? 0.2)));
  const gap = Math.max(1, Math.round(dpi / 100));
  const maxThickness = Math.max(3, Math.round(dpi * 0.05));
  const hRuns = scanRuns(width, height, minH, gap, (pos, i) => mask[pos * width + i] === 1);
  const vRuns = scanRuns(height, width, minV, gap, (pos, i) => mask[i * width + pos] === 1);
  const rules: PixelRule[] = [];
  for (const g of groupRuns(hRuns)) {
    const thickness = g.last - g.first + 1;
    if (thickness > maxThickness) continue;
    const y = g.posSum / g.weight;
    rules.push({
      orientation: 'h',
      x0: g.start,
      y0: y,
      x1: g.end,
      y1: y,
      thickness,
      band: { x0: g.start, y0: g.first, x1: g.end, y1: g.last },
    });
  }
  const horizontals = rules.slice();
  const reach = Math.max(4, Math.round(dpi / 50));
  for (const g of groupRuns(vRuns)) {
    const thickness = g.last - g.first + 1;
    if (thickness > maxThickness) continue;
    const x = g.posSum / g.weight;
    // A table's vertical rules meet its horizontal ones; a tall glyph stroke in a heading does not.
    const meets = horizontals.some(
      (h) => h.x0 - reach <= x && x <= h.x1 + reach && g.start - reach <= h.y0 && h.y0 <= g.end + reach,
    );
    if (!meets && options.verticalsMeetHorizontals !== false) continue;
    rules.push({
      orientation: 'v',
      x0: x,
      y0: g.start,
      x1: x,
      y1: g.end,
      thickness,
      band: { x0: g.first, y0: g.start, x1: g.last, y1: g.end },
    });
  }
  return rules;
}

/** Runs of ink of at least `minLen` along each of `lines` lines of length `length`, bridging gaps <= `gap`. */
function scanRuns(
  length: number,
  lines: number,
  minLen: number,
  gap: number,
  ink: (line: number, i: number) => boolean,
): Run[] {
  const runs: Run[] = [];
  for (let pos = 0; pos < lines; pos++) {
    let start = -1;
    let lastInk = -1;
    for (let i = 0; i <= length; i++) {
      const on = i < length && ink(pos, i);
      if (on) {
        if (start < 0) start = i;
        lastInk = i;
      } else if (start >= 0 && i - lastInk > gap) {
        if (lastInk - start + 1 >= minLen) runs.push({ pos, start, end: lastInk });
        start = -1;
      }
    }
  }
  return runs;
}

/** Stack runs on neighbouring lines that overlap along their length into one stroke. Runs arrive sorted by pos. */
function groupRuns(runs: readonly Run[]): Group[] {
  const done: Group[] = [];
  let active: Group[] = [];
  for (const r of runs) {
    active = active.filter((g) => {
      if (g.last < r.pos - 2) {
        done.push(g);
        return false;
      }
      return true;
    });
    const len = r.end - r.start + 1;
    const g = active.find(
      (a) =>
        a.last < r.pos &&
        Math.min(a.end, r.end) - Math.max(a.start, r.start) + 1 >= 0.5 * Math.min(len, a.end - a.start + 1),
    );
    if (g) {
      g.last = r.pos;
      g.start = Math.min(g.start, r.start);
      g.end = Math.max(g.end, r.end);
      g.weight += len;
      g.posSum += r.pos * len;
    } else {
      active.push({
        first: r.pos,
        last: r.pos,
        start: r.start,
        end: r.end,
        weight: len,
        posSum: r.pos * len,
      });
    }
  }
  return mergeCollinear([...done, ...active]);
}

/**
 * Strokes that lie on one line but were split (where a crossing rule or a thicker part interrupted the
 * stacking) become one: their bands touch across, and their extents meet or overlap along.
 */
function mergeCollinear(groups: Group[]): Group[] {
  const sorted = groups.slice().sort((a, b) => a.first - b.first || a.start - b.start);
  const out: Group[] = [];
  for (const g of sorted) {
    const m = out.find(
      (o) => g.first <= o.last + 2 && o.first <= g.last + 2 && g.start <= o.end + 3 && o.start <= g.end + 3,
    );
    if (m) {
      m.first = Math.min(m.first, g.first);
      m.last = Math.max(m.last, g.last);
      m.start = Math.min(m.start, g.start);
      m.end = Math.max(m.end, g.end);
      m.weight += g.weight;
      m.posSum += g.posSum;
    } else {
      out.push({ ...g });
    }
  }
  return out;
}

/** White out the rules so tesseract does not read them as 1, l or | glued to the digits beside them. */
export function eraseRules(
  grey: Uint8Array,
  width: number,
  height: number,
  rules: readonly PixelRule[],
): Uint8Array {
  const out = new Uint8Array(grey);
  for (const r of rules) {
    const y0 = Math.max(0, r.band.y0 - 1);
    const y1 = Math.min(height - 1, r.band.y1 + 1);
    const x0 = Math.max(0, r.band.x0 - 1);
    const x1 = Math.min(width - 1, r.band.x1 + 1);
    for (let y = y0; y <= y1; y++) out.fill(255, y * width + x0, y * width + x1 + 1);
  }
  return out;
}
