import { unionBoxes, type BBox, type Block, type Grid, type Page, type TextSpan } from '../model/index.js';
import {
  appendContinuation,
  continues,
  repeatedHeaderRows,
  startMerged,
  type MergedGrid,
} from './continuation.js';
import { latticeGrids } from './lattice.js';
import type { PageGrid } from './page-grid.js';
import { furnitureSpans } from './page-furniture.js';
import { findStreamRegions, horizontalRules, regridInColumns, streamGrid } from './stream.js';
import {
  ITEM_START,
  groupLines,
  isNumeric,
  joinSpans,
  splitAtWideSpaces,
  type TextLine,
} from './text-lines.js';

type PageItem =
  | { kind: 'grid'; grid: PageGrid; top: number }
  | { kind: 'text'; text: string; page: number; bbox: BBox; top: number };

const CJK_END = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]$/u;
const CJK_START = /^[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/u;

/** Join text lines into paragraphs: a line that ran to the right edge continues into the next. */
function paragraphs(lines: readonly TextLine[], page: Page): PageItem[] {
  const items: PageItem[] = [];
  const right = Math.max(...lines.map((l) => l.bbox.x1));
  let cur: { text: string; boxes: BBox[]; last: TextLine } | undefined;
  const flush = (): void => {
    if (cur)
      items.push({
        kind: 'text',
        text: cur.text,
        page: page.number,
        bbox: unionBoxes(cur.boxes)!,
        top: cur.boxes[0]!.y0,
      });
    cur = undefined;
  };
  for (const l of lines) {
    const text = joinSpans(l.spans);
    if (text === '') continue;
    if (cur) {
      const gap = l.bbox.y0 - cur.last.bbox.y1;
      const size = Math.max(1, cur.last.fontSize);
      const continuesPrev =
        gap >= -0.2 * size &&
        gap <= 0.8 * size &&
        Math.abs(l.fontSize - cur.last.fontSize) <= 1 &&
        cur.last.bbox.x1 >= right - 2 * size &&
        !ITEM_START.test(text);
      if (continuesPrev) {
        const sep = CJK_END.test(cur.text) || CJK_START.test(text) ? '' : ' ';
        cur.text += sep + text;
        cur.boxes.push(l.bbox);
        cur.last = l;
        continue;
      }
      flush();
    }
    cur = { text, boxes: [l.bbox], last: l };
  }
  flush();
  return items;
}

/** Everything on one page that is not furniture: ruled grids, aligned-text grids, then text. */
function pageItems(
  page: Page,
  spans: readonly TextSpan[],
  lattice: readonly PageGrid[],
  furniture: ReadonlySet<TextSpan>,
): PageItem[] {
  const items: PageItem[] = lattice.map((g) => ({ kind: 'grid', grid: g, top: g.bbox.y0 }));
  const taken = new Set<TextSpan>(lattice.flatMap((g) => [...g.spans]));
  const free = spans.filter((s) => !taken.has(s) && !furniture.has(s));
  for (const region of findStreamRegions(free, page.width)) {
    const box = unionBoxes(region.map((s) => s.bbox))!;
    const g = streamGrid(page.number, region, undefined, horizontalRules(page.lines, box));
    if (!g || g.nCols < 2) continue;
    // Chart axes and scattered labels line up too, but fill few of the cells they imply.
    const filled = g.cells.filter((c) => c.text !== '').reduce((a, c) => a + c.colSpan, 0);
    // A header with no row under it (an empty table) fills less: its titles span the columns below them.
    const figures = g.cells.some((c) => isNumeric(c.text));
    if (filled < (figures ? 0.35 : 0.25) * g.nRows * g.nCols) continue;
    items.push({ kind: 'grid', grid: g, top: g.bbox.y0 });
    for (const s of region) taken.add(s);
  }
  const rest = free.filter((s) => !taken.has(s));
  items.push(...paragraphs(groupLines(rest), page));
  return items.sort((a, b) => a.top - b.top);
}

export function toGrid(m: MergedGrid, id: string): Grid {
  const g = m.first;
  return {
    id,
    nRows: m.nRows,
    nCols: m.nCols,
    cells: m.cells.map((c) => ({
      row: c.row,
      col: c.col,
      rowSpan: c.rowSpan,
      colSpan: c.colSpan,
      text: c.text,
      source: { page: c.page, bbox: c.bbox },
    })),
    method: g.method,
    pages: m.pages,
    bbox: g.bbox,
    source: { page: g.page, bbox: g.bbox },
  };
}

/**
 * The next part of an aligned-text table in the columns of the part before it, when the page printed the title again
 * (so the parts stay two grids, joined later as one table) but gutters of its own: a column empty on this page, or a
 * longer label over a gutter, gives it a column fewer or more, and its rows would no longer line up with the first
 * part's. Only a part that prints the first part's header again, text for text in those columns, is regridded.
 */
function inColumnsOf(before: MergedGrid, next: PageGrid): PageGrid | undefined {
  if (before.first.method !== 'stream' || next.method !== 'stream' || continues(before, next))
    return undefined;
  const regridded = regridInColumns(next, before.xs);
  if (!regridded || regridded.nCols !== before.nCols) return undefined;
  const repeated = repeatedHeaderRows(before, regridded);
  const filled = (r: number): number => regridded.cells.filter((c) => c.row === r && c.text !== '').length;
  for (let r = 0; r < repeated; r++) if (filled(r) >= 3) return regridded;
  return undefined;
}

/** Spans as the tables stage sees them: producers that pad columns with spaces get one span per column. */
function prepareSpans(page: Page): TextSpan[] {
  return page.spans.flatMap(splitAtWideSpaces);
}

/**
 * Turn read pages into blocks in reading order: TextBlocks for running text (one per paragraph) and
 * GridBlocks for tables, ruled (lattice) or aligned (stream). Running heads, footers and page numbers
 * are left out; a table continued on the next page becomes one grid.
 */
export function pagesToBlocks(pages: readonly Page[]): Block[] {
  const ordered = [...pages].sort((a, b) => a.number - b.number);
  const spansByPage = ordered.map(prepareSpans);
  const lattices = ordered.map((p, i) => latticeGrids(p, spansByPage[i]!));
  const inTables = new Set<TextSpan>(lattices.flat().flatMap((g) => [...g.spans]));
  const furniture = furnitureSpans(
    ordered.map((p, i) => ({ ...p, spans: spansByPage[i]! })),
    inTables,
  );

  const blocks: Block[] = [];
  let open: MergedGrid | undefined;
  const gridCount = new Map<number, number>();
  const closeOpen = (): void => {
    if (!open) return;
    const page = open.first.page;
    const n = (gridCount.get(page) ?? 0) + 1;
    gridCount.set(page, n);
    blocks.push({ kind: 'grid', grid: toGrid(open, `p${page}g${n}`) });
    open = undefined;
  };
  // The last grid of the page before, for a part on this page that a repeated title kept from joining it.
  let last: MergedGrid | undefined;
  ordered.forEach((page, i) => {
    const items = pageItems(page, spansByPage[i]!, lattices[i]!, furniture);
    const before = last && last.pages[last.pages.length - 1] === page.number - 1 ? last : undefined;
    const firstGrid = items.findIndex((it) => it.kind === 'grid');
    items.forEach((item, k) => {
      if (item.kind === 'text') {
        closeOpen();
        blocks.push({ kind: 'text', text: item.text, source: { page: item.page, bbox: item.bbox } });
        return;
      }
      // Only the first item of a page can continue the open grid (which was the last item of its page).
      // An aligned-text continuation keeps the columns of its first page, where its own gutters moved.
      const direct = open && k === 0 && continues(open, item.grid) ? item.grid : undefined;
      const regridded =
        open && k === 0 && !direct && open.first.method === 'stream'
          ? regridInColumns(item.grid, open.xs)
          : undefined;
      const continuation =
        direct ?? (open && regridded && continues(open, regridded) ? regridded : undefined);
      if (open && continuation) {
        appendContinuation(open, continuation);
      } else {
        closeOpen();
        open = startMerged((k === firstGrid && before && inColumnsOf(before, item.grid)) || item.grid);
      }
      last = open;
      if (k !== items.length - 1) closeOpen();
    });
  });
  closeOpen();
  return blocks;
}
