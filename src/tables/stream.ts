import type { BBox, RulingLine, TextSpan } from '../model/index.js';
import { TEXT_HEADER } from '../catalog/vocabulary.js';
import { splitRules } from './lattice.js';
import { unionBoxes } from '../model/index.js';
import type { PageCell, PageGrid } from './page-grid.js';
import {
  CODE_TEXT,
  ITEM_START,
  centerX,
  centerY,
  chunkLine,
  figureThenFigure,
  figureThenLabel,
  groupLines,
  isColumnNumberTexts,
  isNumeric,
  joinSpans,
  overlap,
  width,
  type Chunk,
  type TextLine,
} from './text-lines.js';

/** A chunk of one ideograph: a letter of a letter-spaced header word, or a one-letter header (类 款 项). */
const SINGLE_IDEOGRAPH = /^[\u3400-\u9fff]$/u;

/** A column header of words: four ideographs or more (人员经费支出), not a letter of a letter-spaced one. */
const WORD_HEADER = /^[\u3400-\u9fff（）()]{4,}$/u;

/** A column gap narrower than this (points) is a wide word space, not a gutter. */
const MIN_GUTTER = 3;

interface ChunkedLine {
  line: TextLine;
  chunks: Chunk[];
}

/** A chunk's text without its spaces ("合 计" → 合计). */
function bare(c: Chunk): string {
  return c.text.replace(/\s+/g, '');
}

/** The spans' lines, each with its chunks. */
function chunkedLines(spans: readonly TextSpan[]): ChunkedLine[] {
  return groupLines(spans).map((line) => ({ line, chunks: chunkLine(line) }));
}

/** A 栏次 line: "** ** 1 2 3 4 **", "栏次 1 2 3". */
function columnNumberLine(l: ChunkedLine): boolean {
  return isColumnNumberTexts(l.chunks.map(bare));
}

/**
 * Column boundaries from gutters: x ranges that no chunk of a body line covers. Header lines are left
 * out because their spanning titles (项目, 本年支出) would close the gutters below them; body lines
 * start at the first line with a figure in it.
 */
export function columnBounds(lines: readonly ChunkedLine[], region: BBox): number[] {
  // A body line has a label and a figure; a line of figures only is a header of years or column numbers
  // (2007 2006 2005, 栏次 1 2 3) whose centred titles straddle the body's gutters.
  // A 栏次 line ("** ** 1 2 3 4 **") is a header too: its numbers are centred under their titles, not aligned with
  // the figures, and would open a column of their own beside each right-aligned column of figures.
  let firstData = lines.findIndex(
    (l) =>
      l.chunks.length >= 2 &&
      l.chunks.some((c) => isNumeric(c.text)) &&
      l.chunks.some((c) => !isNumeric(c.text)) &&
      !columnNumberLine(l),
  );
  if (firstData < 0)
    firstData = lines.findIndex((l) => l.chunks.length >= 2 && l.chunks.some((c) => isNumeric(c.text)));
  const multi = lines.filter((l) => l.chunks.length >= 2);
  let body = firstData >= 0 ? lines.slice(firstData).filter((l) => l.chunks.length >= 2) : multi;
  if (body.length === 1 && firstData > 0) {
    const fromLeaves = leafColumns(lines.slice(0, firstData), body[0]!, region);
    if (fromLeaves) return fromLeaves;
  }
  if (body.length < 2) body = multi;
  const regionW = width(region);
  // Single wide chunks (a note line, a spanning subtotal label) are left out as well.
  const boxes = body.flatMap((l) => l.chunks.map((c) => c.bbox)).filter((b) => width(b) < 0.6 * regionW);
  if (boxes.length === 0) return [region.x0, region.x1];
  const x0 = Math.floor(region.x0);
  const x1 = Math.ceil(region.x1);
  const covered = new Uint8Array(Math.max(1, x1 - x0 + 1));
  for (const b of boxes) {
    for (let x = Math.max(x0, Math.floor(b.x0)); x <= Math.min(x1, Math.ceil(b.x1)); x++) covered[x - x0] = 1;
  }
  // A header over a column with no figures at all (经营收入 in a unit without business income) sits over
  // a gutter of the body; it still makes a column, or every value after it would shift left.
  // A 栏次 line is left out here too: its numbers stand in the gutters beside right-aligned figures. But a header with
  // a mark of it under it ("备注" over "**") heads a column however close its neighbours are.
  const clearOfBody = (b: BBox, em: number): boolean => {
    for (let x = Math.max(x0, Math.floor(b.x0 - em)); x <= Math.min(x1, Math.ceil(b.x1 + em)); x++)
      if (covered[x - x0] === 1) return false;
    return true;
  };
  const above = firstData > 0 ? lines.slice(0, firstData) : [];

  const header = above.filter((l) => !columnNumberLine(l));
  const marks = above.filter(columnNumberLine).flatMap((l) => l.chunks.map((c) => c.bbox));
  const numbered = marks.length >= 3;
  // A header with another under it is a group's title (财政拨款收入 over 一般公共预算 …), not a column's.
  const leafHeader = (b: BBox): boolean =>
    !header.some(
      (l) => l.line.bbox.y0 > b.y1 - 1 && l.chunks.some((c) => overlap(c.bbox.x0, c.bbox.x1, b.x0, b.x1) > 0),
    );
  // Only a header standing clear of its neighbours (2 em or more): a word of a justified caption
  // ("Number   of") can fall in a gutter too. Read only when no 栏次 line decides the columns.
  const isolated = (): BBox[] =>
    header.flatMap((l) =>
      l.chunks
        .filter((c, i) => {
          const left = l.chunks[i - 1];
          const right = l.chunks[i + 1];
          const em = Math.max(1, l.line.fontSize);
          const clear = 2 * em;
          // One letter of a letter-spaced word ("收    入", "项    目") is not a heading of its own.
          const letter = (n: Chunk | undefined, gap: number): boolean =>
            n !== undefined && SINGLE_IDEOGRAPH.test(c.text) && SINGLE_IDEOGRAPH.test(n.text) && gap < 3 * em;
          if (
            letter(left, c.bbox.x0 - (left?.bbox.x1 ?? 0)) ||
            letter(right, (right?.bbox.x0 ?? 0) - c.bbox.x1)
          )
            return false;
          if (marks.some((m) => overlap(m.x0, m.x1, c.bbox.x0, c.bbox.x1) > 0)) return true;
          // So does a header that names a column of text alone (备注, 说明), empty in most tables.
          if (TEXT_HEADER.test(bare(c))) return true;
          // And a header of four ideographs or more standing clear (¼ em) of every body column, with no header under it:
          // the header of a column empty on this page (人员经费支出 on a page of 商品和服务支出 rows), however close
          // the headers beside it.
          if (WORD_HEADER.test(c.text) && clearOfBody(c.bbox, 0.25 * em) && leafHeader(c.bbox)) return true;
          return (
            (!left || c.bbox.x0 - left.bbox.x1 >= clear) &&
            (!right || right.bbox.x0 - c.bbox.x1 >= clear) &&
            leafHeader(c.bbox)
          );
        })
        .map((c) => c.bbox),
    );
  // The body's columns as covered runs, and whether a header stands over each: a header in a gutter beside a
  // column with no header of its own is that column's (合计 centred over its cell, the figures right-aligned in it).
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < covered.length; i++) {
    if (covered[i] !== 1) continue;
    const start = i;
    while (i + 1 < covered.length && covered[i + 1] === 1) i++;
    runs.push([x0 + start, x0 + i]);
  }
  const headerBoxes = header.flatMap((l) => l.chunks.map((c) => c.bbox));
  const headed = (run: [number, number] | undefined): boolean =>
    run === undefined || headerBoxes.some((h) => overlap(h.x0, h.x1, run[0], run[1]) > 0);
  // A run whose header stands in the gutter on its left (公用经费支出 centred, its figures right-aligned past it) has
  // one: a 备注 beyond it is a column of its own.
  const headedFromLeft = (run: [number, number]): boolean => {
    const before = [...runs].reverse().find((r) => r[1] < run[0]);
    return headerBoxes.some((h) => h.x1 < run[0] && h.x0 > (before?.[1] ?? -Infinity));
  };
  // Under a 栏次 line its marks stand for the headers (whose wrapped lines, 用事业基金弥补收 / 支差额, fall in gutters):
  // a mark that is no run's (none over it, and the run beside it has its own) is a column empty on this page
  // (上年实户资金余额, 11, with no figure), as narrow as the mark, however wide its title.
  const byMarks = numbered ? unclaimedMarks(marks, runs) : undefined;
  const markColumns: BBox[] = [];
  for (const b of byMarks ?? isolated()) {
    const left = [...runs].reverse().find((r) => r[1] < b.x0);
    const right = runs.find((r) => r[0] > b.x1);
    if (!(headed(left) || (left !== undefined && headedFromLeft(left))) || !headed(right)) continue;
    const from = Math.max(x0, Math.floor(b.x0));
    const to = Math.min(x1, Math.ceil(b.x1));
    let free = true;
    for (let x = from; x <= to && free; x++) if (covered[x - x0] === 1) free = false;
    if (free) {
      for (let x = from; x <= to; x++) covered[x - x0] = 2;
      if (byMarks) markColumns.push(b);
    }
  }
  // A gutter after a column of right-aligned figures ends where their cell does, just past them: the next column's
  // header starts there, left-aligned (政府性基 | 上级补助 | 事业收 at 421, 463, 506 over figures ending at 418, 460,
  // 503), and the middle of the gutter would cut it. The figures are right-aligned when two columns or more of
  // figures of several widths end at one x, and none starts at one; a column of zeros then ends its cell too.
  // Codes (30101, 2010101) are labels, set left in their cells or centred, not figures.
  const figureBoxes = body.flatMap((l) =>
    l.chunks.filter((c) => isNumeric(c.text) && !CODE_TEXT.test(bare(c))).map((c) => c.bbox),
  );
  const gaps: Array<[number, number]> = [];
  let gapStart = -1;
  let seenText = false;
  for (let i = 0; i < covered.length; i++) {
    if (covered[i] === 0) {
      if (gapStart < 0) gapStart = i;
    } else {
      if (gapStart >= 0 && seenText && i - gapStart >= MIN_GUTTER) gaps.push([x0 + gapStart, x0 + i]);
      gapStart = -1;
      seenText = true;
    }
  }
  const leftOfGap = gaps.map(([from]) => {
    const ending = figureBoxes.filter((b) => b.x1 > from - 2 * MIN_GUTTER && b.x1 <= from + 1);
    // A column empty on the page, opened by its mark (set over its figures like them), ends where its mark does.
    const mark = markColumns.find((b) => b.x1 > from - 2 && b.x1 <= from + 1);
    if (mark) return { edge: mark.x1, column: true, varied: false };
    const edge = Math.max(...ending.map((b) => b.x1));
    const aligned = ending.filter((b) => b.x1 >= edge - 1);
    const spread = aligned.length
      ? Math.max(...aligned.map((b) => b.x0)) - Math.min(...aligned.map((b) => b.x0))
      : 0;
    return {
      edge,
      column: aligned.length >= 3 && aligned.length >= 0.8 * ending.length,
      varied: spread >= 2,
    };
  });
  const leftAligned = gaps.some(([, to]) => {
    const starting = figureBoxes.filter((b) => b.x0 >= to - 1 && b.x0 < to + 2 * MIN_GUTTER);
    const first = Math.min(...starting.map((b) => b.x0));
    const aligned = starting.filter((b) => b.x0 <= first + 1);
    return (
      aligned.length >= 3 &&
      Math.max(...aligned.map((b) => b.x1)) - Math.min(...aligned.map((b) => b.x1)) >= 2
    );
  });
  const rightAligned = !leftAligned && leftOfGap.filter((b) => b.column && b.varied).length >= 2;
  const bounds = [
    region.x0,
    ...gaps.map(([from, to], i) =>
      rightAligned && leftOfGap[i]!.column
        ? Math.min(leftOfGap[i]!.edge + 1.5, (from + to) / 2)
        : (from + to) / 2,
    ),
  ];
  bounds.push(region.x1);
  const narrow = narrowGutters(boxes, bounds);
  const found = [...bounds, ...narrow, ...alignedStarts(body, [...bounds, ...narrow])];
  const all = [...found, ...figureEnds(body, found)].sort((a, b) => a - b);
  return withoutIndentedCodeGutters(withoutStrayGutters(all, body, covered, x0), body, headerBoxes);
}

/**
 * The marks of a 栏次 line no run of figures claims, when the marks stand over their figures (four in five over a run
 * or more): a run claims the mark over it, else the nearest mark within 1½ em of it, one mark a run. Undefined when
 * the marks are centred under their titles instead, in the gutters beside right-aligned figures.
 */
function unclaimedMarks(
  marks: readonly BBox[],
  runs: readonly (readonly [number, number])[],
): BBox[] | undefined {
  const claimed = new Set<BBox>();
  const free = new Set(runs.map((_, i) => i));
  const dist = (m: BBox, r: readonly [number, number]): number => Math.max(0, r[0] - m.x1, m.x0 - r[1]);
  for (const [i, r] of runs.entries()) {
    const over = marks.find((m) => !claimed.has(m) && dist(m, r) === 0);
    if (over) {
      claimed.add(over);
      free.delete(i);
    }
  }
  // Numbers centred under their titles stand in the gutters, left of their right-aligned figures (卫生健康委 三公: 5
  // at 483–488 over 455.12 at 502–532): each run then claims the last mark after the run before it, and a mark
  // claimed by none is a column empty on the page. When neither reading claims four marks in five (应急管理局), the
  // headers are read instead.
  if (claimed.size < 0.8 * marks.length) return centredMarks(marks, runs);
  for (const m of marks) {
    if (claimed.has(m)) continue;
    const em = Math.max(1, m.y1 - m.y0);
    const near = [...free]
      .filter((i) => dist(m, runs[i]!) <= 1.5 * em)
      .sort((a, b) => dist(m, runs[a]!) - dist(m, runs[b]!))[0];
    if (near === undefined) continue;
    claimed.add(m);
    free.delete(near);
  }
  return marks.filter((m) => !claimed.has(m));
}

/**
 * The marks no run claims when the marks are centred under their titles and the figures right-aligned: a run claims
 * the last mark that stands after the run before it and no further right than the run ends. Undefined unless four
 * marks in five are claimed so and every run right of the first claimed one claims one.
 */
function centredMarks(
  marks: readonly BBox[],
  runs: readonly (readonly [number, number])[],
): BBox[] | undefined {
  const claimed = new Set<BBox>();
  let unclaimedRuns = 0;
  for (const [i, r] of runs.entries()) {
    const after = i > 0 ? runs[i - 1]![1] : -Infinity;
    const mine = marks.filter((m) => centerX(m) > after && centerX(m) <= r[1]);
    const last = mine[mine.length - 1];
    if (last) claimed.add(last);
    else if (claimed.size > 0) unclaimedRuns++;
  }
  if (claimed.size < 0.8 * marks.length || unclaimedRuns > 0) return undefined;
  return marks.filter((m) => !claimed.has(m));
}

/** Words only a table's header or total prints as a cell of its own. */
const EMPTY_TABLE_WORDS = /^(?:合计|总计|项目|科目名称|.{0,8}科目编码|.{0,8}科目代码)$/u;

/**
 * Gutters an indent opens inside one code column: 西安 prints the 类 code (302) at the left of its cell and the 款
 * codes under it (30201) indented, and without rules the indent reads as a gutter, so a page with a 类 row gets one
 * column more than the next page and the two no longer join. Such a gutter goes when both sides hold codes only, no
 * line has a code on both sides, every code on the left is shorter than every code on the right, and the header
 * over them (部门经济科目编码) crosses the gutter or stands right of it, with no header of the left side's own
 * (类 | 款 | 项 columns keep theirs).
 */
function withoutIndentedCodeGutters(
  bounds: readonly number[],
  body: readonly ChunkedLine[],
  headerBoxes: readonly BBox[],
): number[] {
  return withoutBounds(bounds, (left, at, right) => {
    const lines = sidesOf(body, left, at, right);
    const texts = lines.flatMap(([l, r]) => [...l, ...r]).map(bare);
    if (lines.some(([l, r]) => l.length > 0 && r.length > 0) || texts.some((t) => !CODE_TEXT.test(t)))
      return false;
    const leftLengths = lines.flatMap(([l]) => l.map((c) => bare(c).length));
    const rightLengths = lines.flatMap(([, r]) => r.map((c) => bare(c).length));
    if (leftLengths.length === 0 || rightLengths.length === 0) return false;
    if (Math.max(...leftLengths) >= Math.min(...rightLengths)) return false;
    const over = headerBoxes.filter((h) => centerX(h) >= left && centerX(h) < right);
    return over.length > 0 && !over.some((h) => h.x1 <= at);
  });
}

/** Each body line's chunks left and right of the boundary at `at`, between the boundaries beside it. */
function sidesOf(
  body: readonly ChunkedLine[],
  left: number,
  at: number,
  right: number,
): Array<[Chunk[], Chunk[]]> {
  return body.map((l) => [
    l.chunks.filter((c) => centerX(c.bbox) >= left && centerX(c.bbox) < at),
    l.chunks.filter((c) => centerX(c.bbox) >= at && centerX(c.bbox) < right),
  ]);
}

/** The boundaries without the inner ones `drop` tells, judged right to left between the boundaries still kept. */
function withoutBounds(
  bounds: readonly number[],
  drop: (left: number, at: number, right: number) => boolean,
): number[] {
  const out = [...bounds];
  for (let i = out.length - 2; i >= 1; i--) if (drop(out[i - 1]!, out[i]!, out[i + 1]!)) out.splice(i, 1);
  return out;
}

/**
 * Gutters that only a stray piece of text opens: the short second line of a wrapped label, set beside a code on the
 * line below the label's first (西安's "维修（护）" … "30213 费"), stands left of every other label of its column,
 * and a page of short centred labels shows a gutter there. Such a gutter goes when the text on both sides of it is
 * words, no line has words on both sides, and one side holds text on one line in five or fewer. A gutter a header
 * opened (a column empty in the body) stays.
 */
function withoutStrayGutters(
  bounds: readonly number[],
  body: readonly ChunkedLine[],
  covered: Uint8Array,
  x0: number,
): number[] {
  return withoutBounds(bounds, (left, at, right) => {
    const from = Math.max(0, Math.floor(left) - x0);
    const to = Math.min(covered.length - 1, Math.ceil(right) - x0);
    for (let x = from; x <= to; x++) if (covered[x] === 2) return false;
    const lines = sidesOf(body, left, at, right);
    if (lines.some(([l, r]) => (l.length > 0 && r.length > 0) || [...l, ...r].some((c) => isNumeric(c.text))))
      return false;
    const leftLines = lines.filter(([l]) => l.length > 0).length;
    const rightLines = lines.filter(([, r]) => r.length > 0).length;
    const sparse = Math.max(1, Math.floor(body.length / 5));
    return leftLines > 0 && rightLines > 0 && Math.min(leftLines, rightLines) <= sparse;
  });
}

/**
 * Columns of a table of one row of figures (三公, 机关运行经费) under a header of several levels: there are no body
 * gutters to read, and the header's own lines would close them. Each figure belongs to a leaf header (a header
 * chunk with none below it), in order, the nearest by centre (a figure right-aligned in its cell still sits nearer
 * its own centred header than the next one); a leaf without a figure is an empty column. The boundaries fall in
 * the gaps between one leaf's group (the leaf and its figures) and the next. Undefined when the line is not all
 * figures, there are more figures than leaves, or two groups overlap.
 */
function leafColumns(header: readonly ChunkedLine[], body: ChunkedLine, region: BBox): number[] | undefined {
  const figures = body.chunks.map((c) => c.bbox);
  if (figures.length < 2 || !body.chunks.every((c) => isNumeric(c.text))) return undefined;
  const chunks = header.flatMap((l, i) => l.chunks.map((c) => ({ c, i })));
  const leaves = chunks
    .filter(
      ({ c, i }) =>
        !chunks.some((o) => o.i > i && overlap(o.c.bbox.x0, o.c.bbox.x1, c.bbox.x0, c.bbox.x1) > 0),
    )
    .map(({ c }) => c.bbox)
    .sort((a, b) => a.x0 - b.x0);
  const n = leaves.length;
  const m = figures.length;
  if (m > n || leaves.some((b, k) => k > 0 && b.x0 < leaves[k - 1]!.x1)) return undefined;
  // Order-preserving assignment of the m figures to n leaves, least total distance of centres.
  const cost = (f: number, l: number): number => Math.abs(centerX(figures[f]!) - centerX(leaves[l]!));
  const best: number[][] = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(Infinity));
  for (let l = 0; l <= n; l++) best[0]![l] = 0;
  for (let f = 1; f <= m; f++)
    for (let l = f; l <= n; l++)
      best[f]![l] = Math.min(best[f]![l - 1]!, best[f - 1]![l - 1]! + cost(f - 1, l - 1));
  const owner = new Array<number>(m);
  for (let f = m, l = n; f > 0; l--) {
    if (best[f]![l] === best[f]![l - 1]) continue;
    owner[f - 1] = l - 1;
    f--;
  }
  const groups = leaves.map((b) => ({ x0: b.x0, x1: b.x1 }));
  figures.forEach((b, f) => {
    const g = groups[owner[f]!]!;
    g.x0 = Math.min(g.x0, b.x0);
    g.x1 = Math.max(g.x1, b.x1);
  });
  // The upper lines of a leaf's wrapped text ("公务用车购置" over "费") lie over that leaf alone, within its neighbours; a
  // parent lies over several, or reaches into a neighbour. Spans, not chunks: two headers set closer than a gutter
  // ("公务用车购置" "公务用车运行") are one chunk.
  const base = groups.map((g) => ({ ...g }));
  for (const { bbox } of header.flatMap((l) => l.line.spans)) {
    const over = leaves.flatMap((l, k) => (overlap(l.x0, l.x1, bbox.x0, bbox.x1) > 0 ? [k] : []));
    if (over.length !== 1) continue;
    const k = over[0]!;
    const x0 = Math.min(groups[k]!.x0, bbox.x0);
    const x1 = Math.max(groups[k]!.x1, bbox.x1);
    if ((base[k - 1] && x0 <= base[k - 1]!.x1) || (base[k + 1] && x1 >= base[k + 1]!.x0)) continue;
    groups[k] = { x0, x1 };
  }
  const bounds = [region.x0];
  for (let k = 1; k < n; k++) {
    if (groups[k]!.x0 <= groups[k - 1]!.x1) return undefined;
    bounds.push((groups[k - 1]!.x1 + groups[k]!.x0) / 2);
  }
  bounds.push(region.x1);
  return bounds;
}

/**
 * Gutters too narrow for the scan above (under MIN_GUTTER, or lost to whole-point rounding): a column of figures
 * right-aligned against the labels of the next column, 2 pt apart. Such a gap is a column edge on both sides:
 * several boxes end at it and several start after it, and no box crosses it.
 */
function narrowGutters(boxes: readonly BBox[], bounds: readonly number[]): number[] {
  const out: number[] = [];
  const ends = [...new Set(boxes.map((b) => Math.round(b.x1 * 2) / 2))];
  for (const r of ends) {
    const ending = boxes.filter((b) => Math.abs(b.x1 - r) <= 1);
    if (ending.length < 2) continue;
    const after = boxes.filter((b) => b.x0 > r + 0.5 && b.x0 < r + MIN_GUTTER + 1.5);
    if (after.length < 2) continue;
    const l = Math.min(...after.map((b) => b.x0));
    if (boxes.filter((b) => Math.abs(b.x0 - l) <= 1).length < 2) continue;
    const mid = (Math.max(...ending.map((b) => b.x1)) + l) / 2;
    if (boxes.some((b) => b.x0 < mid && b.x1 > mid)) continue;
    if (bounds.some((x) => Math.abs(x - mid) < MIN_GUTTER) || out.some((x) => Math.abs(x - mid) < MIN_GUTTER))
      continue;
    out.push(mid);
  }
  return out;
}

/**
 * Gutters no scan sees: a figure and the text after it read as two chunks of one line (cut where a figure ends and a
 * label or another figure begins, "215,020,000 一、其他支出" printed as one run) but falling in one column, because
 * a figure of another line fills the narrow gap between them. A figure ends its cell: the boundary goes in the
 * middle of the gap, where no chunk of the body crosses.
 */
function figureEnds(body: readonly ChunkedLine[], bounds: readonly number[]): number[] {
  const boxes = body.flatMap((l) => l.chunks.map((c) => c.bbox));
  const out: number[] = [];
  for (const l of body) {
    l.chunks.forEach((c, i) => {
      const next = l.chunks[i + 1];
      if (!next || !(figureThenLabel(c.text, next.text) || figureThenFigure(c.text, next.text))) return;
      if (bounds.some((x) => x > c.bbox.x1 && x < next.bbox.x0)) return;
      const mid = (c.bbox.x1 + next.bbox.x0) / 2;
      if (boxes.some((b) => b.x0 < mid && b.x1 > mid)) return;
      if ([...bounds, ...out].some((x) => Math.abs(x - mid) < MIN_GUTTER)) return;
      out.push(mid);
    });
  }
  return out;
}

/**
 * Gutters closed by chunking: a column of codes or labels set a few points after the longest labels of the column
 * before ("位基本养老保险" 238, "50102" 245) is read as one chunk with them, and no gutter shows. Such a column is
 * still a column: three words or more start at the same x, and no span crosses the narrow gap before them.
 */
function alignedStarts(body: readonly ChunkedLine[], bounds: readonly number[]): number[] {
  const spans = body.flatMap((l) => l.line.spans);
  const starts: number[] = [];
  for (const { line } of body) {
    const em = Math.max(1, line.fontSize);
    line.spans.forEach((sp, i) => {
      const prev = line.spans[i - 1];
      if (prev && sp.bbox.x0 - prev.bbox.x1 >= 0.3 * em) starts.push(sp.bbox.x0);
    });
  }
  const em = Math.max(1, body[0]?.line.fontSize ?? 9);
  const out: number[] = [];
  for (const x of [...new Set(starts.map((v) => Math.round(v)))].sort((a, b) => a - b)) {
    const at = starts.filter((v) => Math.abs(v - x) <= 1);
    if (at.length < 3) continue;
    const xs = Math.min(...at);
    if (spans.some((sp) => sp.bbox.x0 < xs - 1 && sp.bbox.x1 > xs - 1)) continue;
    const left = Math.max(...spans.filter((sp) => sp.bbox.x1 <= xs - 1).map((sp) => sp.bbox.x1));
    if (!Number.isFinite(left) || xs - left > 1.5 * em) continue;
    const mid = (left + xs) / 2;
    if ([...bounds, ...out].some((b) => b > left - 1 && b < xs + 1)) continue;
    out.push(mid);
  }
  return out;
}

/**
 * Cut a chunk where a column boundary falls in a gap between two of its spans: neighbouring headers
 * ("Cohesion Fund EURbn" "ERDF Convergence EURbn") sit closer than a gutter but over different columns. A boundary
 * that falls inside a span of words, a little way from such a gap (headers set left in their cells, 事业单位经营收 |
 * 使用非财政拨 4 pt apart, the boundary 2 pt inside the first), cuts at the gap: within a quarter of the narrower
 * column beside it, and at a gap of ⅓ em or more (a word printed in two runs has none).
 */
function splitChunkAt(ch: Chunk, bounds: readonly number[]): Chunk[] {
  if (ch.spans.length < 2) return [ch];
  const gaps = ch.spans.slice(1).map((b, i) => [ch.spans[i]!.bbox.x1, b.bbox.x0] as const);
  const cut = new Set<number>();
  bounds.forEach((x, k) => {
    const at = gaps.findIndex(([a, b]) => x > a && x < b);
    if (at >= 0) {
      cut.add(at);
      return;
    }
    if (k === 0 || k === bounds.length - 1 || x <= ch.bbox.x0 || x >= ch.bbox.x1) return;
    if (ch.spans.some((sp) => figureLike(sp.text))) return;
    const reach = 0.25 * Math.min(x - bounds[k - 1]!, bounds[k + 1]! - x);
    let best = -1;
    let bestDist = Infinity;
    gaps.forEach(([a, b], i) => {
      const em = Math.max(1, ch.spans[i]!.bbox.y1 - ch.spans[i]!.bbox.y0);
      const d = Math.min(Math.abs(x - a), Math.abs(x - b));
      if (b - a >= em / 3 && d <= reach && d < bestDist) {
        best = i;
        bestDist = d;
      }
    });
    if (best >= 0) cut.add(best);
  });
  if (cut.size === 0) return [ch];
  const out: Chunk[] = [];
  let cur: TextSpan[] = [ch.spans[0]!];
  for (let i = 1; i < ch.spans.length; i++) {
    if (cut.has(i - 1)) {
      out.push(toChunk(cur));
      cur = [];
    }
    cur.push(ch.spans[i]!);
  }
  out.push(toChunk(cur));
  return out;
}

function toChunk(spans: TextSpan[]): Chunk {
  return { spans, bbox: unionBoxes(spans.map((s) => s.bbox))!, text: joinSpans(spans) };
}

/** Text that opens with a figure ("1168 (18.4%)", "3 200") starts a row; wrapped words do not. */
function figureLike(text: string): boolean {
  return isNumeric(text) || /^[-−+(（]?\d/u.test(text.trim());
}

/** Columns a chunk falls in: every column it overlaps by a meaningful part of itself or of the column. */
function columnsOf(b: BBox, bounds: readonly number[]): [number, number] {
  let c0 = -1;
  let c1 = -1;
  for (let c = 0; c + 1 < bounds.length; c++) {
    const ov = overlap(b.x0, b.x1, bounds[c]!, bounds[c + 1]!);
    if (ov > 0.25 * Math.min(width(b), bounds[c + 1]! - bounds[c]!) || (ov > 0 && width(b) < 1)) {
      if (c0 < 0) c0 = c;
      c1 = c;
    }
  }
  const cx = centerX(b);
  let home = 0;
  for (let c = 0; c + 1 < bounds.length; c++) if (cx >= bounds[c]!) home = c;
  // Falls in no column (on a boundary), or a header centred over its column reaches past the gutter of the
  // right-aligned figures under it ("日常公用支出" over "182.41"): the column of its centre, when it fits in it.
  if (c0 < 0 || (c1 > c0 && width(b) <= bounds[home + 1]! - bounds[home]!)) return [home, home];
  return [c0, c1];
}

/**
 * Build a grid from aligned text: rows by baseline, columns from gutters. A line whose only chunk
 * continues the text of the cell above (same column, that text ran up to the column's right edge) is a
 * wrapped cell and joins that row with '\n'. `columns` imposes the column boundaries (a continuation read in the
 * columns of the page before).
 */
export function streamGrid(
  pageNumber: number,
  spans: readonly TextSpan[],
  region?: BBox,
  hRules: readonly number[] = [],
  columns?: readonly number[],
): PageGrid | undefined {
  if (spans.length === 0) return undefined;
  const lines = chunkedLines(spans);
  const box = region ?? unionBoxes(spans.map((s) => s.bbox))!;
  const bounds = columns ? [...columns] : columnBounds(lines, box);
  const nCols = bounds.length - 1;

  interface RowDraft {
    y0: number;
    y1: number;
    cells: Map<number, DraftCell>;
  }
  const rows: RowDraft[] = [];
  const colRight = new Array<number>(nCols).fill(-Infinity);
  for (const { chunks } of lines) {
    // Cut where the rows will be cut: a label run together with the code after it ("基本工资 50101") is two cells.
    for (const ch of chunks.flatMap((c) => splitChunkAt(c, bounds))) {
      // Spanning headers would push a column's right edge into the next column.
      const [c0, c1] = columnsOf(ch.bbox, bounds);
      if (c0 === c1) colRight[c0] = Math.max(colRight[c0]!, ch.bbox.x1);
    }
  }
  // Horizontal rules cut the lines into bands. A band whose lines never stack two figures in one column
  // and never disagree on column spans is one row of wrapped cells ("Market shares in" over "value");
  // a band that does is a rule-less body, read line by line.
  const rules = [...hRules].sort((a, b) => a - b);
  const bandOf = (l: TextLine): number => rules.filter((y) => y < (l.bbox.y0 + l.bbox.y1) / 2).length;
  const oneRowBands = new Set<number>();
  if (rules.length >= 2) {
    const bands = new Map<number, ChunkedLine[]>();
    for (const l of lines) {
      const b = bandOf(l.line);
      bands.set(b, [...(bands.get(b) ?? []), l]);
    }
    for (const [b, ls] of bands) {
      if (ls.length < 2) continue;
      const placedAll = ls.flatMap((l, li) =>
        l.chunks.map((ch) => ({ li, ch, cols: columnsOf(ch.bbox, bounds) })),
      );
      let ok = true;
      for (const a of placedAll) {
        for (const c of placedAll) {
          if (a.li >= c.li || !ok) continue;
          const overlaps = a.cols[0] <= c.cols[1] && c.cols[0] <= a.cols[1];
          if (!overlaps) continue;
          if (
            a.cols[0] !== c.cols[0] ||
            a.cols[1] !== c.cols[1] ||
            (figureLike(a.ch.text) && figureLike(c.ch.text))
          )
            ok = false;
        }
      }
      if (ok) oneRowBands.add(b);
    }
  }
  let prevBand = -1;
  for (const { line, chunks: rawChunks } of lines) {
    const chunks = rawChunks.flatMap((ch) => splitChunkAt(ch, bounds));
    const placed = chunks.map((ch) => ({ ch, cols: columnsOf(ch.bbox, bounds) }));
    // Two words printed apart on one line are two cells: a chunk reaching back into the column of the one before it
    // (烟台's 日常公用支出, wider than its column, after 人员支出) starts in the next column.
    placed.forEach((p, i) => {
      const before = placed[i - 1];
      if (before && p.cols[0] <= before.cols[1] && p.cols[1] > before.cols[1])
        p.cols = [before.cols[1] + 1, p.cols[1]];
    });
    const band = bandOf(line);
    const sameBand = band === prevBand;
    prevBand = band;
    const prev = rules.length >= 2 && !sameBand ? undefined : rows[rows.length - 1];
    if (prev && oneRowBands.has(band)) {
      for (const { ch, cols } of placed) {
        const cell = prev.cells.get(cols[0]);
        if (cell) cell.parts.push([ch]);
        else prev.cells.set(cols[0], { c1: cols[1], parts: [[ch]] });
      }
      prev.y1 = Math.max(prev.y1, line.bbox.y1);
      continue;
    }
    // Every chunk of the line continues a cell of the previous row that ran to its column's right edge:
    // the line is those cells wrapping, not a row of its own.
    const full = (col: number): boolean => {
      const above = prev?.cells.get(col);
      const lastLine = above?.parts[above.parts.length - 1];
      const lastBox = lastLine ? unionBoxes(lastLine.map((c) => c.bbox)) : undefined;
      const colWidth = (bounds[col + 1] ?? 0) - (bounds[col] ?? 0);
      return (
        lastBox !== undefined && lastBox.x1 >= colRight[col]! - Math.max(1.5 * line.fontSize, 0.25 * colWidth)
      );
    };
    // A wrapped cell goes on in the same face; a bold or italic line under a full cell is a group heading.
    const sameFace = (col: number, ch: Chunk): boolean => {
      const above = prev?.cells.get(col);
      const lastLine = above?.parts[above.parts.length - 1];
      const font = lastLine?.[lastLine.length - 1]?.spans[0]?.fontName;
      return font === undefined || ch.spans[0]?.fontName === undefined || font === ch.spans[0].fontName;
    };
    const wraps = ({ ch, cols }: { ch: Chunk; cols: [number, number] }): boolean =>
      !figureLike(ch.text) &&
      !ITEM_START.test(ch.text) &&
      cols[0] === cols[1] &&
      full(cols[0]) &&
      sameFace(cols[0], ch);
    // A line set a little lower or higher than its row of figures (a code centred in a cell that the label beside it
    // wraps in): it overlaps the row, and each chunk fills a column the row leaves empty or wraps a cell of it. Not in
    // the header, whose lines of wrapped words interleave.
    const emptyIn = (row: RowDraft, [c0, c1]: [number, number]): boolean =>
      ![...row.cells].some(([start, cell]) => start <= c1 && cell.c1 >= c0);
    const hasFigure = (row: RowDraft): boolean =>
      [...row.cells.values()].some((cell) => cell.parts.some((p) => p.some((ch) => isNumeric(ch.text))));
    if (
      prev &&
      placed.length > 0 &&
      hasFigure(prev) &&
      line.bbox.y0 < prev.y1 - 0.2 * line.fontSize &&
      placed.some((p) => emptyIn(prev, p.cols)) &&
      placed.every((p) => emptyIn(prev, p.cols) || wraps(p))
    ) {
      const into = new Map<number, DraftCell>();
      for (const p of placed) {
        if (!emptyIn(prev, p.cols)) prev.cells.get(p.cols[0])!.parts.push([p.ch]);
        else {
          const cell = into.get(p.cols[0]);
          if (cell) cell.parts[0]!.push(p.ch);
          else into.set(p.cols[0], { c1: p.cols[1], parts: [[p.ch]] });
        }
      }
      for (const [c, cell] of into) prev.cells.set(c, cell);
      continue;
    }
    if (prev && placed.length > 0 && line.bbox.y0 - prev.y1 < 0.8 * line.fontSize && placed.every(wraps)) {
      for (const { ch, cols } of placed) prev.cells.get(cols[0])!.parts.push([ch]);
      prev.y1 = Math.max(prev.y1, line.bbox.y1);
      continue;
    }
    // The other way round: the upper line of a wrapped label ("机关事业单位基本养老保险缴费" over "支出"), then the code
    // and figures centred in the cell, reaching up into that line or set right under it (a label of three lines, the
    // figures beside the middle one). The row is the label's: the figures join it, a line of the label beside them
    // goes under its first. Only in the body (a row with figures above it) and from one cell: a header's last line
    // (类 款 项) is no label.
    const labelAbove =
      prev !== undefined &&
      prev.cells.size === 1 &&
      !hasFigure(prev) &&
      rows.slice(0, -1).some(hasFigure) &&
      line.bbox.y0 < prev.y1 + 0.3 * line.fontSize &&
      placed.some((p) => isNumeric(p.ch.text)) &&
      placed.every((p) => emptyIn(prev, p.cols) || wraps(p));
    if (labelAbove) {
      const into = new Map<number, DraftCell>();
      for (const p of placed) {
        const cell = into.get(p.cols[0]);
        if (cell) cell.parts[0]!.push(p.ch);
        else if (!emptyIn(prev, p.cols)) prev.cells.get(p.cols[0])!.parts.push([p.ch]);
        else into.set(p.cols[0], { c1: p.cols[1], parts: [[p.ch]] });
      }
      for (const [c, cell] of into) prev.cells.set(c, cell);
      prev.y1 = Math.max(prev.y1, line.bbox.y1);
      continue;
    }
    const row: RowDraft = { y0: line.bbox.y0, y1: line.bbox.y1, cells: new Map() };
    for (const { ch, cols } of placed) {
      const existing = row.cells.get(cols[0]);
      if (existing) {
        existing.parts[existing.parts.length - 1]!.push(ch);
        existing.c1 = Math.max(existing.c1, cols[1]);
      } else {
        row.cells.set(cols[0], { c1: cols[1], parts: [[ch]] });
      }
    }
    rows.push(row);
  }
  if (rows.length === 0) return undefined;
  centreSpanningHeaders(rows, bounds);

  const cells: PageCell[] = [];
  rows.forEach((row, r) => {
    const top = r === 0 ? Math.min(row.y0, box.y0) : (rows[r - 1]!.y1 + row.y0) / 2;
    const bottom = r === rows.length - 1 ? Math.max(row.y1, box.y1) : (row.y1 + rows[r + 1]!.y0) / 2;
    let c = 0;
    const starts = [...row.cells.keys()].sort((a, b) => a - b);
    const emit = (col: number, colSpan: number, text: string): void => {
      cells.push({
        row: r,
        col,
        rowSpan: 1,
        colSpan,
        text,
        page: pageNumber,
        bbox: { x0: bounds[col]!, y0: top, x1: bounds[col + colSpan]!, y1: bottom },
      });
    };
    for (const start of starts) {
      if (start < c) {
        // Overlaps a spanning cell to its left: append to it rather than lose the text.
        const last = cells[cells.length - 1];
        const cell = row.cells.get(start)!;
        if (last)
          last.text = [last.text, ...cell.parts.map((p) => p.map((x) => x.text).join(' '))]
            .filter((t) => t)
            .join(' ');
        continue;
      }
      for (; c < start; c++) emit(c, 1, '');
      const cell = row.cells.get(start)!;
      const end = Math.max(cell.c1, start);
      emit(start, end - start + 1, cell.parts.map((p) => p.map((x) => x.text).join(' ')).join('\n'));
      c = end + 1;
    }
    for (; c < nCols; c++) emit(c, 1, '');
  });
  return {
    page: pageNumber,
    method: 'stream',
    bbox: box,
    nRows: rows.length,
    nCols,
    xs: bounds,
    cells,
    spans: new Set(spans),
    hRules: [...hRules],
  };
}

interface DraftCell {
  c1: number;
  parts: Chunk[][];
}

/**
 * A header over several columns is printed centred over them, but only the columns its own text overlaps are
 * known from its position ("“三公”经费预算数" over 合计 … 运行费, "基本支出" over 小计 人员支出 日常公用支出). In the
 * header rows (above the first row with a figure), a header cell with header text under it is widened to the run of
 * columns it is centred on. A column's centre is its leaf header's (the lowest header of that column alone): the
 * gutters of right-aligned figures are no cell edges. A run may only take columns with headers below this one, other than
 * one header set across all the rows (a 合计 beside it, its sibling), and no other cell of its row. The best
 * fit within ½ em wins; of runs as good within 1 pt (three equal columns centre on the middle one), the widest.
 */
function centreSpanningHeaders(
  rows: ReadonlyArray<{ cells: Map<number, DraftCell> }>,
  bounds: readonly number[],
): void {
  const boxOf = (cell: DraftCell): BBox => unionBoxes(cell.parts.flat().map((c) => c.bbox))!;
  const firstBody = rows.findIndex((r) =>
    [...r.cells.values()].some((c) => c.parts.flat().some((ch) => isNumeric(ch.text))),
  );
  const header = rows.slice(0, firstBody < 0 ? rows.length : firstBody);
  const nCols = bounds.length - 1;
  const placed = header.flatMap((row, r) =>
    [...row.cells].map(([start, cell]) => ({ r, start, c1: cell.c1, box: boxOf(cell) })),
  );
  const leafCentre = Array.from({ length: nCols }, (_, c) => {
    const own = placed.filter((p) => p.start === c && p.c1 === c).sort((x, y) => y.box.y0 - x.box.y0)[0];
    return own ? centerX(own.box) : (bounds[c]! + bounds[c + 1]!) / 2;
  });
  header.forEach((row, r) => {
    for (const [start, cell] of [...row.cells]) {
      const b = boxOf(cell);
      const h = b.y1 - b.y0;
      const under = placed.filter((p) => p.r > r);
      if (!under.some((o) => overlap(o.box.x0, o.box.x1, b.x0, b.x1) > 0)) continue;
      // A header over several columns that fills them and stays inside them within ½ em (烟台's 科目编码 over 类 | 款) is
      // theirs, however well a wider run centres on it.
      const inside = b.x0 >= bounds[start]! - 0.5 * h && b.x1 <= bounds[cell.c1 + 1]! + 0.5 * h;
      if (cell.c1 > start && inside && width(b) >= 0.8 * (bounds[cell.c1 + 1]! - bounds[start]!)) continue;
      // A column under it has headers below it, and not one header alone set at the middle of the rows from this
      // one down: that is a cell printed across all of them, beside this one (合计, 会议费).
      const bandMiddle = (b.y0 + Math.max(...placed.map((p) => p.box.y1))) / 2;
      const child = (c: number): boolean => {
        const inCol = under.filter((p) => p.start <= c && p.c1 >= c);
        if (inCol.length === 0 || inCol.some((p) => p.box.y0 < b.y1 - 0.3 * h)) return false;
        return !(inCol.length === 1 && Math.abs(centerY(inCol[0]!.box) - bandMiddle) < 0.3 * h);
      };
      const others = [...row.cells].filter(([s]) => s !== start);
      // Nor columns under two headers of a row above: a header has one parent (部门预算支出经济分类 over 科目 is not
      // widened over the 类 | 款 of both 科目编码 beside it).
      const oneParent = (a: number, z: number): boolean =>
        header
          .slice(0, r)
          .every((above) => [...above.cells].filter(([s, o]) => s <= z && o.c1 >= a).length <= 1);
      const free = (a: number, z: number): boolean =>
        !others.some(([s, o]) => s <= z && o.c1 >= a) && oneParent(a, z);
      const fit = (a: number, z: number): number =>
        Math.abs((leafCentre[a]! + leafCentre[z]!) / 2 - centerX(b));
      const runs: Array<[number, number]> = [[start, cell.c1]];
      for (let a = start; a >= 0 && free(a, cell.c1) && (a === start || child(a)); a--)
        for (let z = cell.c1; z < nCols && free(a, z) && (z === cell.c1 || child(z)); z++) runs.push([a, z]);
      let good = runs.filter(([a, z]) => fit(a, z) <= 0.5 * h);
      // A header wider than its own column spans the narrowest run that holds it, centred on it within a line
      // height (北京's 公务用车购置及运行维护费, 121 pt over 小计 | 公务用车购置费 | 公务用车运行维护费 of 78, 87 and 111).
      if (good.length === 0 && (b.x0 < bounds[start]! - 1 || b.x1 > bounds[cell.c1 + 1]! + 1)) {
        const holding = runs.filter(
          ([a, z]) => bounds[a]! <= b.x0 + 1 && bounds[z + 1]! >= b.x1 - 1 && fit(a, z) <= h,
        );
        const narrowest = Math.min(...holding.map(([a, z]) => z - a));
        good = holding.filter(([a, z]) => z - a === narrowest);
      }
      if (good.length === 0) continue;
      const least = Math.min(...good.map(([a, z]) => fit(a, z)));
      const [a, z] = good
        .filter(([x, y]) => fit(x, y) <= least + 1)
        .sort((x, y) => y[1] - y[0] - (x[1] - x[0]))[0]!;
      if (a === start && z === cell.c1) continue;
      row.cells.delete(start);
      row.cells.set(a, { ...cell, c1: z });
    }
  });
}

/**
 * An aligned-text grid at the top of a page read again in the columns of the aligned-text table that ended the
 * page before, when its body fits them: every chunk from its first line with a figure lies within one of those
 * columns, two figures at least. Its own gutters moved (the widest label on each page sets them; a column empty on
 * this page closes its gutter), its columns did not.
 */
export function regridInColumns(next: PageGrid, xs: readonly number[]): PageGrid | undefined {
  if (next.method !== 'stream' || xs.length < 3) return undefined;
  const lines = chunkedLines([...next.spans]);
  const first = lines.findIndex((l) => l.chunks.some((c) => isNumeric(c.text)));
  if (first < 0) return undefined;
  const inner = xs.slice(1, -1);
  const body = lines.slice(first).flatMap((l) => l.chunks);
  if (body.filter((c) => isNumeric(c.text)).length < 2) return undefined;
  // A chunk of two spans with the boundary in the gap between them (a code set 3 pt before its label) is two cells.
  const crossed = (x: number): boolean =>
    body.some((ch) => splitChunkAt(ch, [x]).some((c) => c.bbox.x0 < x - 2 && c.bbox.x1 > x + 2));
  // A boundary a longer label of this page runs over moves to this page's own gutter nearby, as far as two pages of
  // one aligned-text table may differ (continues' tolerance).
  const moved = inner.map((x) => {
    if (!crossed(x)) return x;
    const own = next.xs.filter((y) => Math.abs(y - x) <= 20 && !crossed(y));
    return own.sort((a, b) => Math.abs(a - x) - Math.abs(b - x))[0];
  });
  if (moved.some((x) => x === undefined)) return undefined;
  const columns = [
    Math.min(xs[0]!, next.bbox.x0),
    ...(moved as number[]),
    Math.max(xs[xs.length - 1]!, next.bbox.x1),
  ];
  return streamGrid(next.page, [...next.spans], next.bbox, next.hRules ?? [], columns);
}

/**
 * Find unruled tables among a page's lines: runs of lines split into two or more chunks, allowing
 * single-chunk lines (wrapped cells, group labels) between them when they sit close. Returns the spans
 * of each run; the caller builds the grid with streamGrid.
 */
export function findStreamRegions(spans: readonly TextSpan[], pageWidth: number): TextSpan[][] {
  const lines = chunkedLines(spans);
  const regions: TextSpan[][] = [];
  let run: ChunkedLine[] = [];
  let multiCount = 0;
  const flush = (): void => {
    // Trim trailing single-chunk lines: they follow the table rather than belong to it.
    // Not the last line of a wrapped label in the last row: centred beside the row's figures, it reaches up into
    // their line ("其他社会保障缴" / "费" around "30112 … 0.22").
    const wrapsLast = (l: ChunkedLine, above: ChunkedLine | undefined): boolean =>
      above !== undefined &&
      above.chunks.length >= 2 &&
      l.line.bbox.y0 < above.line.bbox.y1 - 0.2 * l.line.fontSize;
    while (
      run.length > 0 &&
      run[run.length - 1]!.chunks.length < 2 &&
      !wrapsLast(run[run.length - 1]!, run[run.length - 2])
    )
      run.pop();
    const multi = run.filter((l) => l.chunks.length >= 2);
    // Figures make a table; without them only a long aligned run does (a contents page or a
    // "第一部分   概况" heading list is not one).
    const withFigures = multi.filter((l) => l.chunks.some((c) => isNumeric(c.text))).length;
    // One row of three figures or more under its header is a table too (a 三公 table has one row); so is a
    // header of several columns with no row under it (an empty table: "本单位无政府性基金预算").
    const figureRow = multi.some((l) => l.chunks.filter((c) => isNumeric(c.text)).length >= 3);
    // Or one header line of three columns or more and another line of columns, with a table's own words (合计, 项目,
    // 科目编码: 上海's empty 基本支出 table, its 类 | 款 line under it and its 合计 alone; 北京's 功能分类科目 | 预算数
    // over 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出, its 合 计 row further down).
    const wide = multi.filter((l) => l.chunks.length >= 3).length;
    const tableWords = run.some((l) => l.chunks.some((c) => EMPTY_TABLE_WORDS.test(bare(c))));
    const headerOnly = withFigures === 0 && (wide >= 2 || (wide >= 1 && multi.length >= 2 && tableWords));
    if (multiCount >= 2 && run.length >= 2 && (withFigures >= 2 || multiCount >= 6 || figureRow)) {
      // A table has columns that line up: at least two lines share a chunk start or end within 3 pt.
      if (aligned(multi) || figureRow) regions.push(withLead(run).flatMap((l) => l.line.spans));
    } else if (headerOnly && (run.length >= 3 || tableWords)) {
      regions.push(withLead(run).flatMap((l) => l.line.spans));
    }
    run = [];
    multiCount = 0;
    lead = undefined;
  };
  // A header printed alone above the rest of the header, close over inner columns it spans (北京's 公务用车购置及
  // 运行维护费 over 小计 | 购置费 | 运行维护费), is the table's first header row, not a caption before it.
  let lead: ChunkedLine | undefined;
  /** The single-chunk lines since the last run or prose line, top to bottom. */
  let singles: ChunkedLine[] = [];
  const withLead = (lines: ChunkedLine[]): ChunkedLine[] =>
    lead && headsRun(lead, lines) ? [lead, ...lines] : lines;
  for (const l of lines) {
    const prev = run[run.length - 1];
    const gap = prev ? l.line.bbox.y0 - prev.line.bbox.y1 : 0;
    const lineH = Math.max(1, l.line.fontSize);
    const isMulti = l.chunks.length >= 2;
    const isProse = !isMulti && width(l.line.bbox) > 0.55 * pageWidth;
    // A wide gap ends the table, unless the line after it is a row of the same columns: empty rows printed
    // without rules leave a gap above the 合计 / 总计 row ("收入总计 8,332,285 支出总计 8,332,285").
    const bridged = prev !== undefined && isMulti && gap <= 15 * lineH && sameColumns(l, run);
    if (prev && ((gap > 2.5 * lineH && !bridged) || isProse)) flush();
    if (isProse) {
      singles = [];
      continue;
    }
    if (isMulti) {
      if (run.length === 0) lead = loneLast(singles);
      singles = [];
      run.push(l);
      multiCount++;
    } else if (run.length > 0) {
      run.push(l);
    } else {
      singles.push(l);
    }
  }
  flush();
  return regions;
}

/**
 * The last of the single-chunk lines above a run when it stands alone: one stacked under another header line (西安's
 * 部门预算 / 一般公共预算拨款) is a level of a header whose other levels sit in the run already.
 */
function loneLast(singles: readonly ChunkedLine[]): ChunkedLine | undefined {
  const last = singles[singles.length - 1];
  const before = singles[singles.length - 2];
  if (!last) return undefined;
  // Stacked: close under a line over the same columns (a 单位 line to one side is no upper level of it).
  const stacked =
    before &&
    last.line.bbox.y0 - before.line.bbox.y1 <= 0.8 * Math.max(1, last.line.fontSize) &&
    overlap(before.line.bbox.x0, before.line.bbox.x1, last.line.bbox.x0, last.line.bbox.x1) > 0;
  return stacked ? undefined : last;
}

/**
 * A single-chunk line right above a run's first line that heads some of its columns: within 0.8 line height of it,
 * inside the run's width and away from both its ends (a header over inner columns, not a caption, a 单位 line or a
 * title set across the page), and not a sentence.
 */
function headsRun(above: ChunkedLine, run: readonly ChunkedLine[]): boolean {
  const first = run[0]!;
  const a = above.line.bbox;
  const f = unionBoxes(run.filter((l) => l.chunks.length >= 2).map((l) => l.line.bbox))!;
  const lineH = Math.max(1, first.line.fontSize);
  const text = above.chunks.map((c) => c.text).join('');
  const gap = first.line.bbox.y0 - a.y1;
  // A header cell of two lines centred beside cells of one (西安's 专项业务经费支 / 出 beside 公用经费支出) starts above
  // the run and reaches into its first line, beside that line's chunks, not over them.
  const beside =
    gap < 0 &&
    a.y0 < first.line.bbox.y0 &&
    !first.chunks.some((c) => overlap(c.bbox.x0, c.bbox.x1, a.x0, a.x1) > 0);
  return (
    (gap >= 0 || (beside && gap >= -0.8 * lineH)) &&
    gap <= 0.8 * lineH &&
    a.x0 > f.x0 + lineH &&
    a.x1 < f.x1 - 0.5 * lineH &&
    !isNumeric(text) &&
    !/单位|[：:。，,]/u.test(text)
  );
}

/**
 * A line that continues a run's columns: two or more of its chunks end (figures, right-aligned) or start (labels)
 * where chunks of the run's lines do, one of them a figure.
 */
function sameColumns(line: ChunkedLine, run: readonly ChunkedLine[]): boolean {
  const chunks = run.filter((l) => l.chunks.length >= 2).flatMap((l) => l.chunks);
  if (chunks.length === 0) return false;
  let hits = 0;
  let figure = false;
  for (const c of line.chunks) {
    const num = isNumeric(c.text);
    const hit = chunks.some((o) =>
      num ? Math.abs(o.bbox.x1 - c.bbox.x1) < 2 : Math.abs(o.bbox.x0 - c.bbox.x0) < 2,
    );
    if (hit) {
      hits++;
      if (num) figure = true;
    }
  }
  return hits >= 2 && figure;
}

function aligned(lines: readonly ChunkedLine[]): boolean {
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!.chunks;
    const b = lines[i]!.chunks;
    let hits = 0;
    for (const ca of a) {
      if (b.some((cb) => Math.abs(cb.bbox.x0 - ca.bbox.x0) < 3 || Math.abs(cb.bbox.x1 - ca.bbox.x1) < 3))
        hits++;
    }
    if (hits >= 2) return true;
  }
  return false;
}

/** y of the horizontal rules that run across at least half of `box` (merged first: rules are often drawn in pieces). */
export function horizontalRules(lines: readonly RulingLine[], box: BBox): number[] {
  const { h } = splitRules(lines);
  const w = width(box);
  return h
    .filter(
      (s) => s.at >= box.y0 - 3 && s.at <= box.y1 + 3 && overlap(s.from, s.to, box.x0, box.x1) >= 0.5 * w,
    )
    .map((s) => s.at);
}
