/**
 * Part B: plant one fault per run and decide whether tally flagged it — a new anomaly (warning or error, absent
 * from the unaltered run) at or pointing to the planted place: the same cell or row by stable keys, or the same
 * page and an overlapping box, or for document-level faults the matching rule. For a split table the expected
 * outcome is no new anomaly but every check of the unsplit table still evaluated ("checks kept").
 */
import type { Anomaly, ExtractionResult, Provenance } from '../../src/model/index.js';
import { PLANTERS, seededRng, shuffle, type Plant, type PlantKind } from './plants.js';
import {
  anomalyCellKeys,
  anomalyKey,
  anomalyPlaces,
  evaluatedIdentities,
  indexResult,
  overlaps,
  runPipeline,
  type LoadedDoc,
  type ResultIndex,
} from './run.js';

export interface PlantOutcome {
  readonly kind: PlantKind;
  readonly path: string;
  readonly description: string;
  /** Narrative kinds: whether the unaltered document tells the plant from the truth (plants.ts, README), and why. */
  readonly checkable?: boolean;
  readonly checkableWhy?: string;
  /** The document had no place to plant this kind (no 说明 text, no year in a title …). */
  readonly notPlantable?: boolean;
  readonly flagged: boolean;
  /** The new anomalies that flagged it (rule|table|row|column). */
  readonly flaggedBy: readonly string[];
  /** Why not flagged, when not. */
  readonly why?: string;
  /** New warnings/errors elsewhere: not at the planted place. */
  readonly falseNew: readonly string[];
  /** split_table: identities of the split table before, and those still evaluated after. */
  readonly checksBefore?: number;
  readonly checksKept?: number;
  readonly seconds: number;
}

/** An anomaly without positional ids or page numbers (a split renumbers pages): to tell new from old. */
function signature(a: Anomaly, ix: ResultIndex): string {
  return `${anomalyKey(a, ix)}|${String(a.found ?? '')}|${String(a.expected ?? '')}`;
}

function newAnomalies(base: ExtractionResult, altered: ExtractionResult): Anomaly[] {
  const bix = indexResult(base);
  const before = new Map<string, number>();
  for (const a of base.anomalies) {
    const s = signature(a, bix);
    before.set(s, (before.get(s) ?? 0) + 1);
  }
  const aix = indexResult(altered);
  const out: Anomaly[] = [];
  for (const a of altered.anomalies) {
    if (a.severity === 'info') continue;
    const s = signature(a, aix);
    const n = before.get(s) ?? 0;
    if (n > 0) before.set(s, n - 1);
    else out.push(a);
  }
  return out;
}

function near(places: readonly Provenance[], sites: readonly Provenance[]): boolean {
  return places.some((p) => sites.some((s) => overlaps(p, s, 2)));
}

function pointsAt(a: Anomaly, plant: Plant, ix: ResultIndex): boolean {
  if (plant.rules?.includes(a.rule)) {
    // Document-level faults: the matching rule; when it names a page, the planted page (deleted tables: any).
    if (plant.kind === 'deleted_table' || a.source.page === undefined) return true;
    const pages = new Set(plant.sites.map((s) => s.page));
    if (anomalyPlaces(a, ix).some((p) => pages.has(p.page))) return true;
  }
  const keys = anomalyCellKeys(a, ix);
  for (const k of plant.cellKeys) {
    if (k.endsWith('|') ? keys.some((x) => x.startsWith(k)) : keys.includes(k)) return true;
  }
  // A blanked row may leave the table altogether: a new anomaly on its table, in a column it had figures in.
  for (const k of plant.rowColumns ?? [])
    if (keys.some((x) => x.split('|')[0] === k.split('|')[0] && x.endsWith(`|${k.split('|')[2] ?? ''}`)))
      return true;
  return near(anomalyPlaces(a, ix), plant.sites);
}

export async function judgePlant(
  loaded: LoadedDoc,
  base: ExtractionResult,
  plant: Plant,
): Promise<PlantOutcome> {
  const t0 = performance.now();
  const altered = await runPipeline(loaded, plant.document);
  const seconds = (performance.now() - t0) / 1000;
  const ix = indexResult(altered);
  const fresh = newAnomalies(base, altered);
  const common = {
    kind: plant.kind,
    path: loaded.doc.path,
    description: plant.description,
    seconds,
    ...(plant.checkable !== undefined ? { checkable: plant.checkable } : {}),
    ...(plant.checkableWhy ? { checkableWhy: plant.checkableWhy } : {}),
  };
  if (plant.kind === 'split_table') {
    const before = [...evaluatedIdentities(base)].filter(([k]) => k.split('|')[1] === plant.splitTable);
    const after = evaluatedIdentities(altered);
    const kept = before.filter(([k]) => after.has(k)).length;
    const falseNew = fresh
      .filter((a) => a.severity === 'error')
      .map((a) => `${a.severity} ${anomalyKey(a, ix)}`);
    const flagged = kept === before.length && falseNew.length === 0;
    return {
      ...common,
      flagged,
      flaggedBy: [],
      ...(flagged ? {} : { why: `${kept}/${before.length} checks kept, ${falseNew.length} new error(s)` }),
      falseNew,
      checksBefore: before.length,
      checksKept: kept,
    };
  }
  const hits = fresh.filter((a) => pointsAt(a, plant, ix));
  const falseNew = fresh.filter((a) => !hits.includes(a)).map((a) => `${a.severity} ${anomalyKey(a, ix)}`);
  return {
    ...common,
    flagged: hits.length > 0,
    flaggedBy: hits.map((a) => `${a.severity} ${anomalyKey(a, ix)}`),
    ...(hits.length
      ? {}
      : { why: fresh.length ? `${fresh.length} new anomaly(ies) elsewhere` : 'no new anomaly' }),
    falseNew,
  };
}

/** Plant up to `quota(kind)` faults of each kind in one document (drawn with a seeded RNG), one fault per run. */
export async function runPlants(
  loaded: LoadedDoc,
  base: ExtractionResult,
  kinds: readonly PlantKind[],
  quota: (kind: PlantKind) => number,
  seed: number,
): Promise<PlantOutcome[]> {
  const out: PlantOutcome[] = [];
  let docSeed = seed;
  for (const ch of loaded.doc.path) docSeed = (Math.imul(docSeed, 31) + ch.charCodeAt(0)) >>> 0;
  for (const kind of kinds) {
    const perKind = quota(kind);
    if (perKind <= 0) continue;
    const rng = seededRng(docSeed + kind.length * 7919);
    const plants = shuffle(PLANTERS[kind]({ read: loaded.read, base, rng }), rng).slice(0, perKind);
    if (plants.length === 0) {
      out.push({
        kind,
        path: loaded.doc.path,
        description: 'no place to plant',
        notPlantable: true,
        flagged: false,
        flaggedBy: [],
        falseNew: [],
        seconds: 0,
      });
      continue;
    }
    for (const p of plants) out.push(await judgePlant(loaded, base, p));
  }
  return out;
}
