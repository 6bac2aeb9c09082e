import { afterAll, describe, expect, it } from 'vitest';
import type { ExtractionResult, Grid, Page } from '../model/index.js';
import { closeOcr, ocrPages, quarterTurn, rereadCell } from '../readers/ocr/index.js';
import { extractBytes } from './extract.js';
import {
  mixedPdf,
  multiPageTiff,
  pageImage,
  type PageSpec,
  type TableSpec,
} from '../../test/support/scan-fixtures.js';

/**
 * Scans as users have them, generated here (small pages, Latin labels: the machine has no CJK font):
 * a multi-page TIFF, a JPEG inside a PDF, a PDF where only some pages are scans, pages tilted by up to 2°,
 * pages turned 90° and 180°. Each runs the whole pipeline with real OCR (both engines) and checks the
 * numbers read, the tables found, and that every cell's box is where the cell is on the page as scanned.
 */
const slow = describe.skipIf(process.env.TALLY_SKIP_SLOW === '1');

const TABLE: TableSpec = {
  x: 0.5,
  y: 1.2,
  cols: [2.0, 1.4, 1.4],
  rowHeight: 0.38,
  rows: [
    ['Item', 'Budget', 'Actual'],
    ['Total', '1,234.56', '2,017.30'],
    ['Salaries', '905.20', '48.00'],
    ['Rent', '11.33', '2,995.39'],
    ['Other', '0.50', '300.00'],
  ],
};
const SECOND: TableSpec = {
  ...TABLE,
  rows: [
    ['Fund', 'Income', 'Spent'],
    ['General', '3,406.18', '3,120.75'],
    ['Special', '72.04', '615.90'],
  ],
};
const W_IN = 5.8;
const H_IN = 4.2;
const page = (dpi: number, table: TableSpec, extra: Partial<PageSpec> = {}): PageSpec => ({
  dpi,
  widthIn: W_IN,
  heightIn: H_IN,
  texts: [
    ['Expenditure by item 2024', 0.5, 0.6, 14],
    ['Unit: 10k yuan', 0.5, 0.95, 9],
  ],
  table,
  ...extra,
});

const numbersOf = (t: TableSpec): string[] => t.rows.slice(1).flatMap((r) => r.slice(1));
const norm = (s: string): string => s.replace(/[,\s]/g, '');

/** Where cell (row, col) of a table spec is printed, points, on the upright unskewed page. */
function printedCentre(t: TableSpec, row: number, col: number): { x: number; y: number } {
  const xs = [t.x];
  for (const w of t.cols) xs.push(xs[xs.length - 1]! + w);
  return { x: ((xs[col]! + xs[col + 1]!) / 2) * 72, y: (t.y + (row + 0.5) * t.rowHeight) * 72 };
}

/** That point on the page as scanned: tilted about the page centre, then turned as the fixture turns it. */
function onScan(
  p: { x: number; y: number },
  skewDeg: number,
  turn: 0 | 90 | 180 | 270,
): { x: number; y: number } {
  const W = W_IN * 72;
  const H = H_IN * 72;
  const a = (skewDeg * Math.PI) / 180;
  const [dx, dy] = [p.x - W / 2, p.y - H / 2];
  const x = Math.cos(a) * dx - Math.sin(a) * dy + W / 2;
  const y = Math.sin(a) * dx + Math.cos(a) * dy + H / 2;
  return turn === 90
    ? { x: H - y, y: x }
    : turn === 180
      ? { x: W - x, y: H - y }
      : turn === 270
        ? { x: y, y: W - x }
        : { x, y };
}

/** The grid on `pageNo` holding the table's numbers, and each number's cell. */
function cellsOf(
  result: ExtractionResult,
  pageNo: number,
  t: TableSpec,
): { grid: Grid; found: Map<string, Grid['cells'][number]> } {
  const wanted = numbersOf(t).map(norm);
  const grids = result.grids.filter((g) => g.pages?.[0] === pageNo);
  const scored = grids.map((g) => ({ g, n: g.cells.filter((c) => wanted.includes(norm(c.text))).length }));
  scored.sort((a, b) => b.n - a.n);
  const grid = scored[0]?.g;
  expect(
    grid,
    `a grid on page ${pageNo}; grids: ${JSON.stringify(result.grids.map((g) => g.pages))}`,
  ).toBeDefined();
  const found = new Map<string, Grid['cells'][number]>();
  for (const c of grid!.cells) if (wanted.includes(norm(c.text))) found.set(norm(c.text), c);
  return { grid: grid!, found };
}

/**
 * Every number of the table read exactly, in its own cell of one grid on that page, with the page and a box
 * on the page as scanned that holds the printed cell's centre (within 4 pt) and is no bigger than a cell.
 */
function expectTable(
  result: ExtractionResult,
  pageNo: number,
  t: TableSpec,
  skewDeg = 0,
  turn: 0 | 90 | 180 | 270 = 0,
): void {
  const { grid, found } = cellsOf(result, pageNo, t);
  const texts = grid.cells.map((c) => c.text);
  expect([...found.keys()].sort(), `cells ${JSON.stringify(texts)}`).toEqual(numbersOf(t).map(norm).sort());
  t.rows.slice(1).forEach((row, r) => {
    row.slice(1).forEach((text, c) => {
      const cell = found.get(norm(text))!;
      expect(cell.source.page).toBe(pageNo);
      const box = cell.source.bbox!;
      const want = onScan(printedCentre(t, r + 1, c + 1), skewDeg, turn);
      const centre = { x: (box.x0 + box.x1) / 2, y: (box.y0 + box.y1) / 2 };
      expect(
        Math.hypot(centre.x - want.x, centre.y - want.y),
        `${text}: ${JSON.stringify(box)} vs ${JSON.stringify(want)}`,
      ).toBeLessThan(4);
      const sideways = turn === 90 || turn === 270;
      const [cw, ch] = [t.cols[c + 1]! * 72, t.rowHeight * 72];
      expect(box.x1 - box.x0).toBeLessThan((sideways ? ch : cw) + 12);
      expect(box.y1 - box.y0).toBeLessThan((sideways ? cw : ch) + 12);
    });
  });
  // The table's values carry the same numbers.
  const values = result.tables.flatMap((tb) =>
    tb.rows.flatMap((r) => Object.values(r.cells).map((c) => c.value)),
  );
  for (const n of numbersOf(t)) expect(values).toContain(Number(norm(n)));
}

slow('scans as users have them [slow]', () => {
  afterAll(async () => {
    await closeOcr();
  });

  it('reads every frame of a multi-page TIFF, each with its own page and resolution', async () => {
    const bytes = multiPageTiff([pageImage(page(150, TABLE)), pageImage(page(200, SECOND))]);
    const result = await extractBytes('scan.tif', bytes);
    expect(result.source.pages).toBe(2);
    expect(result.status).toBe('ok');
    expectTable(result, 1, TABLE);
    expectTable(result, 2, SECOND);
    expect(result.texts.some((t) => t.source.page === 2 && /Unit/.test(t.text))).toBe(true);
  }, 240_000);

  it('reads a JPEG inside a PDF at the resolution the page draws it', async () => {
    const bytes = await mixedPdf([{ scan: pageImage(page(200, TABLE)) }]);
    const result = await extractBytes('scan.pdf', bytes);
    expect(result.warnings).toEqual(['page 1: no-text-layer, marked for OCR']);
    expectTable(result, 1, TABLE);
  }, 240_000);

  it('reads a PDF where only some pages are scans: text pages from the text layer, scans by OCR', async () => {
    const H = H_IN * 72;
    // Page 1 a text page with a ruled table (its numbers from the text layer), page 2 a scan.
    const xs = [36, 180, 281, 382];
    const ys = [86.4, 113.8, 141.1, 168.5];
    const rows = [
      ['Fund', 'Income', 'Spent'],
      ['General', '3,406.18', '3,120.75'],
      ['Special', '72.04', '615.90'],
    ];
    const texts: [string, number, number, number][] = [['Income and spending 2024', 36, 43, 14]];
    rows.forEach((row, r) =>
      row.forEach((t, c) =>
        texts.push([t, c === 0 ? xs[0]! + 4 : xs[c + 1]! - 4 - t.length * 5.0, ys[r]! + 19, 10]),
      ),
    );
    const rules: [number, number, number, number][] = [
      ...ys.map((y): [number, number, number, number] => [xs[0]!, y, xs[3]!, y]),
      ...xs.map((x): [number, number, number, number] => [x, ys[0]!, x, ys[3]!]),
    ];
    const bytes = await mixedPdf([
      { widthPt: W_IN * 72, heightPt: H, texts, rules },
      { scan: pageImage(page(150, TABLE)) },
    ]);
    const result = await extractBytes('mixed.pdf', bytes);
    // Only the scan was marked for OCR.
    expect(result.warnings).toEqual(['page 2: no-text-layer, marked for OCR']);
    expectTable(result, 2, TABLE);
    const { found } = cellsOf(result, 1, SECOND);
    expect([...found.keys()].sort()).toEqual(numbersOf(SECOND).map(norm).sort());
    // The text page's cells sit where the text layer put them.
    const cell = found.get('615.90')!;
    expect(cell.source.bbox!.x1).toBeCloseTo(xs[3]!, -1);
    expect(result.tables.filter((t) => (t.pages ?? []).includes(1))).not.toHaveLength(0);
    expect(result.tables.filter((t) => (t.pages ?? []).includes(2))).not.toHaveLength(0);
  }, 240_000);

  it.each([2, -1.2])(
    'reads a page tilted by %s°, boxes on the tilted scan',
    async (deg) => {
      const bytes = multiPageTiff([pageImage(page(150, TABLE, { skewDeg: deg }))]);
      const result = await extractBytes('tilted.tif', bytes);
      expectTable(result, 1, TABLE, deg);
    },
    240_000,
  );

  it.each([90, 180] as const)(
    'reads a page turned %s°, boxes on the page as it lies',
    async (turn) => {
      const bytes = multiPageTiff([pageImage(page(150, TABLE, { turn }))]);
      let pages: Page[] = [];
      const result = await extractBytes('turned.tif', bytes, {
        ocrStage: async (input) => (pages = await ocrPages(input)),
      });
      expectTable(result, 1, TABLE, 0, turn);
      // Turned back upright: clockwise 270° for a page lying on its right side.
      const upright = quarterTurn(pages[0]!.deskew);
      expect(upright).toBe((360 - turn) % 360);
      // A cell re-read from the scan (the pipeline's second look at numbers) is cut where it lies on the
      // scan and turned upright before reading.
      const { found } = cellsOf(result, 1, TABLE);
      const readings = await rereadCell({
        bytes,
        format: 'image',
        page: 1,
        bbox: found.get('2995.39')!.source.bbox!,
        turn: upright,
      });
      expect(readings.map((r) => norm(r.text))).toContain('2995.39');
    },
    240_000,
  );
});
