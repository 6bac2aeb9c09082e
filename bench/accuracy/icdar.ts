import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import type { BBox, Grid, Page } from '../../src/model/index.js';
import { pdfReader } from '../../src/readers/pdf/index.js';
import { gridInRegion, pagesToBlocks } from '../../src/tables/index.js';
import { sharedPath } from '../../test/support/shared.js';
import { adjacencyRelations, compareRelations, prf, type AdjCell, type Counts } from './adjacency.js';

export const ICDAR_DIR = sharedPath('corpus', 'icdar2013-eu');

/** One table region of the ground truth: page, box (ICDAR user space: origin bottom-left) and cells. */
interface TruthRegion {
  doc: string;
  table: number;
  page: number;
  /** x1,y1 lower-left, x2,y2 upper-right, PDF user space, origin bottom-left. */
  box: { x1: number; y1: number; x2: number; y2: number };
  cells: AdjCell[];
}

function num(v: string | undefined): number {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`bad number in ICDAR XML: ${v}`);
  return n;
}

/** Regions from -reg.xml paired, by table and region order, with the cells of -str.xml. */
function readTruth(doc: string): TruthRegion[] {
  const reg = load(readFileSync(join(ICDAR_DIR, `${doc}-reg.xml`), 'utf8'), { xml: true });
  const str = load(readFileSync(join(ICDAR_DIR, `${doc}-str.xml`), 'utf8'), { xml: true });
  const out: TruthRegion[] = [];
  const strTables = str('table').toArray();
  reg('table').each((ti, t) => {
    const strRegions = strTables[ti] ? str(strTables[ti]).find('region').toArray() : [];
    reg(t)
      .find('region')
      .each((ri, r) => {
        const bb = reg(r).find('bounding-box').first();
        const sr = strRegions[ri];
        const cells: AdjCell[] = sr
          ? str(sr)
              .find('cell')
              .toArray()
              .map((c) => {
                const e = str(c);
                const row = num(e.attr('start-row'));
                const col = num(e.attr('start-col'));
                const endRow = e.attr('end-row') !== undefined ? num(e.attr('end-row')) : row;
                const endCol = e.attr('end-col') !== undefined ? num(e.attr('end-col')) : col;
                return {
                  row,
                  col,
                  rowSpan: endRow - row + 1,
                  colSpan: endCol - col + 1,
                  text: e.find('content').text(),
                };
              })
          : [];
        out.push({
          doc,
          table: ti,
          page: num(reg(r).attr('page')),
          box: {
            x1: num(bb.attr('x1')),
            y1: num(bb.attr('y1')),
            x2: num(bb.attr('x2')),
            y2: num(bb.attr('y2')),
          },
          cells,
        });
      });
  });
  return out;
}

/** ICDAR boxes are PDF user space (origin bottom-left); the model's are origin top-left. Pages here are unrotated. */
function toTopLeft(box: TruthRegion['box'], page: Page): BBox {
  return { x0: box.x1, x1: box.x2, y0: page.height - box.y2, y1: page.height - box.y1 };
}

function gridCells(g: Grid): AdjCell[] {
  return g.cells.map((c) => ({
    row: c.row,
    col: c.col,
    rowSpan: c.rowSpan,
    colSpan: c.colSpan,
    text: c.text,
  }));
}

const area = (b: BBox): number => Math.max(0, b.x1 - b.x0) * Math.max(0, b.y1 - b.y0);
function intersection(a: BBox, b: BBox): number {
  return area({
    x0: Math.max(a.x0, b.x0),
    y0: Math.max(a.y0, b.y0),
    x1: Math.min(a.x1, b.x1),
    y1: Math.min(a.y1, b.y1),
  });
}

export interface IcdarResult {
  documents: number;
  regions: number;
  skipped: string[];
  given: Counts;
  found: Counts;
  /** Mean of per-document F1 (regions given), the competition's way of averaging. */
  givenDocF1: number;
  foundDocF1: number;
  worst: Array<{ doc: string; f1: number }>;
  worstFound: Array<{ doc: string; f1: number }>;
}

const add = (a: Counts, b: Counts): Counts => ({
  correct: a.correct + b.correct,
  detected: a.detected + b.detected,
  truth: a.truth + b.truth,
});
const ZERO: Counts = { correct: 0, detected: 0, truth: 0 };

/**
 * Score tally on the ICDAR 2013 EU set: (a) with each table's region given, the grid rebuilt inside it;
 * (b) with tally finding the tables itself, each truth region scored against the found grid that covers
 * it most, and found grids that match no truth region counted as false relations.
 */
export async function runIcdar(): Promise<IcdarResult | undefined> {
  if (!existsSync(ICDAR_DIR)) return undefined;
  const docs = readdirSync(ICDAR_DIR)
    .filter((f) => f.endsWith('-str.xml'))
    .map((f) => f.replace(/-str\.xml$/, ''))
    .sort();
  const res: IcdarResult = {
    documents: 0,
    regions: 0,
    skipped: [],
    given: ZERO,
    found: ZERO,
    givenDocF1: 0,
    foundDocF1: 0,
    worst: [],
    worstFound: [],
  };
  const givenF1s: number[] = [];
  const foundF1s: number[] = [];
  for (const doc of docs) {
    const pdf = join(ICDAR_DIR, `${doc}.pdf`);
    if (!existsSync(pdf)) {
      res.skipped.push(`${doc} (no PDF)`);
      continue;
    }
    const truth = readTruth(doc);
    const read = await pdfReader.read({ path: pdf, bytes: new Uint8Array(readFileSync(pdf)) });
    const pages = new Map(read.pages.map((p) => [p.number, p]));
    const found = pagesToBlocks(read.pages).flatMap((b) => (b.kind === 'grid' ? [b.grid] : []));
    let docGiven = ZERO;
    let docFound = ZERO;
    const matched = new Set<Grid>();
    for (const region of truth) {
      const page = pages.get(region.page);
      const truthRel = adjacencyRelations(region.cells);
      if (!page) {
        docGiven = add(docGiven, compareRelations(truthRel, new Map()));
        docFound = add(docFound, compareRelations(truthRel, new Map()));
        continue;
      }
      const box = toTopLeft(region.box, page);
      const given = gridInRegion(page, box);
      docGiven = add(docGiven, compareRelations(truthRel, adjacencyRelations(given ? gridCells(given) : [])));
      // The found grid covering the region most (by the share of the region it covers).
      const best = found
        .filter((g) => g.source.page === region.page && g.bbox)
        .map((g) => ({ g, cover: intersection(g.bbox!, box) / Math.max(1, area(box)) }))
        .sort((a, b) => b.cover - a.cover)[0];
      if (best && best.cover > 0.2) {
        matched.add(best.g);
        docFound = add(docFound, compareRelations(truthRel, adjacencyRelations(gridCells(best.g))));
      } else {
        docFound = add(docFound, compareRelations(truthRel, new Map()));
      }
      res.regions++;
    }
    for (const g of found) {
      if (!matched.has(g))
        docFound = add(docFound, compareRelations(new Map(), adjacencyRelations(gridCells(g))));
    }
    res.documents++;
    res.given = add(res.given, docGiven);
    res.found = add(res.found, docFound);
    givenF1s.push(prf(docGiven).f1);
    foundF1s.push(prf(docFound).f1);
    res.worst.push({ doc, f1: prf(docGiven).f1 });
    res.worstFound.push({ doc, f1: prf(docFound).f1 });
  }
  const mean = (xs: number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  res.givenDocF1 = mean(givenF1s);
  res.foundDocF1 = mean(foundF1s);
  res.worst = res.worst.sort((a, b) => a.f1 - b.f1).slice(0, 5);
  res.worstFound = res.worstFound.sort((a, b) => a.f1 - b.f1).slice(0, 8);
  return res;
}
