/**
 * bench:judgment's planting functions change what they claim: each plant, run through the whole pipeline after
 * the reader, shows its fault in the normalized result (the changed figure in its table cell, the row's figures
 * gone, the placeholder or wrong year in the heading, the table absent, the rows on a new page …).
 * On samples/004-final-accounts-2023.pdf (generated, in the repository), and on a real 决算 when ../shared is present.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExtractionResult } from '../../src/model/index.js';
import { PLANTERS, seededRng, type Plant, type PlantKind } from '../../bench/judgment/plants.js';
import { judgePlant } from '../../bench/judgment/planted.js';
import { loadDoc, rowKey, runPipeline, tableKey, type LoadedDoc } from '../../bench/judgment/run.js';
import { CORPUS_DIR, hasShared, REPO_ROOT } from '../support/shared.js';

const SAMPLE = { path: '004-final-accounts-2023.pdf', sha: '', kind: 'final_accounts', year: 2023 } as const;

async function setup(
  dir: string,
  doc: typeof SAMPLE | { path: string; sha: string; kind: 'final_accounts'; year: number },
) {
  const loaded = await loadDoc(doc, dir);
  const base = await runPipeline(loaded);
  const plants = (kind: PlantKind, seed = 7): Plant[] =>
    PLANTERS[kind]({ read: loaded.read, base, rng: seededRng(seed) });
  return { loaded, base, plants };
}

/** Every text of a result: running text, table titles, cells. */
function allText(r: ExtractionResult): string {
  return [
    ...r.texts.map((t) => t.text),
    ...r.tables.flatMap((t) => [
      t.title,
      ...t.rows.flatMap((row) => [row.label, ...Object.values(row.cells).map((c) => c.raw)]),
    ]),
  ]
    .join('\n')
    .replace(/\s+/g, '');
}

function cellOf(r: ExtractionResult, p: NonNullable<Plant['planted']>) {
  const t = r.tables.find((x) => tableKey(x) === p.tableKey);
  return t?.rows.find((row) => rowKey(row) === p.rowKey)?.cells[p.column];
}

async function after(loaded: LoadedDoc, plant: Plant): Promise<ExtractionResult> {
  return runPipeline(loaded, plant.document);
}

describe('bench:judgment plants on the generated 决算 sample', async () => {
  const { loaded, base, plants } = await setup(join(REPO_ROOT, 'samples'), SAMPLE);

  it('is deterministic for a seed and leaves the read document untouched', () => {
    const before = JSON.stringify(loaded.read.pages.map((p) => p.spans.length));
    const a = plants('changed_figure', 3).map((p) => p.description);
    const b = plants('changed_figure', 3).map((p) => p.description);
    expect(a.length).toBeGreaterThan(0);
    expect(a).toEqual(b);
    expect(plants('changed_figure', 4).map((p) => p.description)).not.toEqual(a);
    expect(JSON.stringify(loaded.read.pages.map((p) => p.spans.length))).toBe(before);
  });

  it('changed figure: the new figure is in the normalized cell, the unaltered one was not', async () => {
    const [plant] = plants('changed_figure');
    expect(plant?.planted).toBeDefined();
    if (!plant?.planted) return;
    expect(cellOf(base, plant.planted)?.value).not.toBeCloseTo(plant.planted.value, 6);
    const r = await after(loaded, plant);
    expect(cellOf(r, plant.planted)?.value).toBeCloseTo(plant.planted.value, 6);
    // The pipeline sees it: the figure took part in identities that held, so one of them now fails there.
    expect((await judgePlant(loaded, base, plant)).flagged).toBe(true);
  });

  it('blanked row: the row keeps its label and loses every figure', async () => {
    const [plant] = plants('blanked_row');
    if (!plant) throw new Error('no row to blank');
    const key = plant.cellKeys[0] ?? '';
    const [tk, rk] = key.split('|');
    const find = (r: ExtractionResult) =>
      r.tables.find((t) => tableKey(t) === tk)?.rows.find((row) => rowKey(row) === rk);
    expect(Object.values(find(base)?.cells ?? {}).some((c) => c.value !== null)).toBe(true);
    const row = find(await after(loaded, plant));
    expect(row).toBeDefined();
    expect(Object.values(row?.cells ?? {}).every((c) => c.value === null || c.value === 0)).toBe(true);
  });

  it('deleted table: the family is gone from the result', async () => {
    const [plant] = plants('deleted_table');
    if (!plant) throw new Error('no table to delete');
    const type = plant.description.split(' ')[0] ?? '';
    expect(base.tables.some((t) => t.type === type)).toBe(true);
    expect((await after(loaded, plant)).tables.some((t) => t.type === type)).toBe(false);
  });

  it('placeholder department and wrong year: the heading reads as planted', async () => {
    const [ph] = plants('placeholder_department');
    if (!ph) throw new Error('no department heading');
    const placeholder = /→ (\S+)$/.exec(ph.description)?.[1] ?? '';
    expect(allText(base)).not.toContain(placeholder);
    expect(allText(await after(loaded, ph))).toContain(placeholder);
    const [wy] = plants('wrong_year');
    if (!wy) throw new Error('no year in a heading');
    const m = /"(.+)": (\d{4}) → (\d{4})$/.exec(wy.description);
    expect(m).not.toBeNull();
    const heading = (m?.[1] ?? '').replace(/\s+/g, '').replace(m?.[2] ?? '', m?.[3] ?? '');
    expect(allText(await after(loaded, wy))).toContain(heading.slice(0, 12));
  });

  it('narrative amount, comparison word and rate: the text holds the planted words', async () => {
    for (const kind of ['narrative_amount', 'flipped_comparison', 'changed_rate'] as const) {
      const [plant] = plants(kind);
      if (!plant) throw new Error(`no site for ${kind}`);
      const to = /→ (\S+?)(?:万元)?%?(?: \(|$)/.exec(plant.description)?.[1] ?? '';
      expect(to).not.toBe('');
      const near = (r: ExtractionResult) =>
        r.texts
          .filter((t) => t.source.page === plant.sites[0]?.page)
          .map((t) => t.text.replace(/\s+/g, ''))
          .join('\n');
      const r = await after(loaded, plant);
      expect(near(r)).not.toBe(near(base));
      expect(near(r)).toContain(to);
    }
  });

  it('split table: the lower rows move to a new page and later pages are renumbered', () => {
    const [plant] = plants('split_table');
    if (!plant) throw new Error('no table to split');
    const page = plant.sites[0]?.page ?? 0;
    expect(plant.document.pages.length).toBe(loaded.read.pages.length + 1);
    expect(plant.document.pages.map((p) => p.number)).toEqual(plant.document.pages.map((_, i) => i + 1));
    const moved = plant.document.pages[page]?.spans ?? [];
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.every((s) => s.page === page + 1)).toBe(true);
    const last = plant.document.pages.at(-1);
    expect(last?.spans.every((s) => s.page === last.number)).toBe(true);
  });
});

describe.skipIf(!hasShared(['corpus', 'decision']))(
  'bench:judgment plants on a real 决算 (../shared)',
  () => {
    it('a changed figure of 上海市普陀区财政局2024年度部门决算 is in its normalized cell', async () => {
      const { loaded, plants } = await setup(CORPUS_DIR, {
        path: 'decision/上海市普陀区财政局2024年度部门决算.pdf',
        sha: 'd45e923176f9fe4b',
        kind: 'final_accounts',
        year: 2024,
      });
      const [plant] = plants('changed_figure');
      if (!plant?.planted) throw new Error('no figure to change');
      expect(cellOf(await after(loaded, plant), plant.planted)?.value).toBeCloseTo(plant.planted.value, 6);
    });
  },
);
